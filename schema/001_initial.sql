-- gpucat catalog, schema version 1. Documented column by column in schema/README.md.
-- Money: *_minor columns are integers in 1/10,000 JPY; amounts as published are decimal TEXT.
-- Times: RFC 3339 UTC text ("2026-11-22T10:00:00Z").

CREATE TABLE catalog_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO catalog_meta(key, value) VALUES ('catalog_version', '0');

-- One row per source document gpucat reads; the provenance of its offers.
CREATE TABLE sources (
  source_id       TEXT PRIMARY KEY,
  provider        TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('api', 'page', 'sheet')),
  url             TEXT NOT NULL DEFAULT '',
  file            TEXT NOT NULL DEFAULT '',
  fetched_at      TEXT NOT NULL DEFAULT '',
  as_of           TEXT NOT NULL DEFAULT '',
  sha256          TEXT NOT NULL DEFAULT '',
  adapter_version TEXT NOT NULL DEFAULT '',
  etag            TEXT NOT NULL DEFAULT '',
  last_modified   TEXT NOT NULL DEFAULT '',
  last_success_at TEXT NOT NULL DEFAULT '',
  last_error_at   TEXT NOT NULL DEFAULT '',
  last_error      TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- Current offers (status 'active') and offers no longer published ('withdrawn').
CREATE TABLE offers (
  offer_id            TEXT PRIMARY KEY,
  group_id            TEXT NOT NULL,
  provider            TEXT NOT NULL,
  product             TEXT NOT NULL,
  plan                TEXT NOT NULL,
  display_name        TEXT NOT NULL,
  zone                TEXT NOT NULL DEFAULT '',
  site                TEXT NOT NULL DEFAULT '',
  prefecture          TEXT NOT NULL DEFAULT '',
  gpu_model           TEXT NOT NULL,
  gpu_name            TEXT NOT NULL,
  gpus_per_unit       INTEGER NOT NULL CHECK (gpus_per_unit > 0),
  gpu_memory_gb       INTEGER,
  vcpus               INTEGER,
  ram_gb              INTEGER,
  storage             TEXT NOT NULL DEFAULT '',
  nvlink_domain_gpus  INTEGER,
  fabric              TEXT NOT NULL DEFAULT '',
  fabric_gbps         INTEGER,
  price_status        TEXT NOT NULL CHECK (price_status IN ('listed', 'quote')),
  amount              TEXT,                 -- exact decimal as published; NULL for quote
  currency            TEXT NOT NULL,
  tax                 TEXT NOT NULL CHECK (tax IN ('included', 'excluded', 'unknown')),
  tax_assumed         INTEGER NOT NULL DEFAULT 0,
  unit                TEXT CHECK (unit IN ('second', 'minute', 'hour', 'day', 'month')),
  per                 TEXT NOT NULL CHECK (per IN ('gpu', 'instance', 'node', 'rack')),
  min_billed_seconds  INTEGER,
  min_term_months     INTEGER,
  billing_rule        TEXT NOT NULL DEFAULT 'metered' CHECK (billing_rule IN ('metered', 'capped-schedule', 'per-started-month')),
  unit_hour_ex_minor  INTEGER,
  unit_hour_inc_minor INTEGER,
  gpu_hour_ex_minor   INTEGER,
  gpu_hour_inc_minor  INTEGER,
  availability        TEXT NOT NULL CHECK (availability IN ('available', 'limited', 'sold_out', 'on_request', 'unknown')),
  units_free          INTEGER,
  availability_observed_at TEXT NOT NULL DEFAULT '',
  valid_from          TEXT NOT NULL DEFAULT '',
  valid_to            TEXT NOT NULL DEFAULT '',
  notes               TEXT NOT NULL DEFAULT '',
  source_id           TEXT NOT NULL REFERENCES sources(source_id),  -- provenance: see sources
  fingerprint         TEXT NOT NULL,        -- SHA-256 of every content column: unchanged => no write
  price_fingerprint   TEXT NOT NULL,        -- SHA-256 of the price columns: changed => history row
  status              TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
  first_seen          TEXT NOT NULL,
  last_seen           TEXT NOT NULL,
  withdrawn_at        TEXT NOT NULL DEFAULT '',
  CHECK ((price_status = 'listed') = (amount IS NOT NULL AND gpu_hour_ex_minor IS NOT NULL))
) WITHOUT ROWID;
CREATE INDEX offers_by_provider ON offers(provider, status);
CREATE INDEX offers_by_source ON offers(source_id, status);
CREATE INDEX offers_by_gpu_price ON offers(gpu_model, status, gpu_hour_ex_minor, offer_id);
CREATE INDEX offers_by_price ON offers(status, gpu_hour_ex_minor, offer_id);

-- Append-only: one row each time an offer appears, changes price, is withdrawn or relisted.
CREATE TABLE price_history (
  id                  INTEGER PRIMARY KEY,
  offer_id            TEXT NOT NULL,
  observed_at         TEXT NOT NULL,
  event               TEXT NOT NULL CHECK (event IN ('new', 'price_changed', 'withdrawn', 'relisted')),
  price_status        TEXT NOT NULL,
  amount              TEXT,
  tax                 TEXT NOT NULL,
  unit                TEXT,
  per                 TEXT NOT NULL,
  unit_hour_ex_minor  INTEGER,
  unit_hour_inc_minor INTEGER,
  gpu_hour_ex_minor   INTEGER,
  gpu_hour_inc_minor  INTEGER,
  source_id           TEXT NOT NULL,
  source_sha256       TEXT NOT NULL,
  sync_run_id         INTEGER NOT NULL,
  catalog_version     INTEGER NOT NULL
);
CREATE INDEX price_history_by_offer ON price_history(offer_id, id);

-- Append-only feed of offer events for incremental consumers (/v1/changes).
CREATE TABLE offer_events (
  seq             INTEGER PRIMARY KEY,
  offer_id        TEXT NOT NULL,
  provider        TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('new', 'price_changed', 'availability_changed', 'withdrawn')),
  at              TEXT NOT NULL,
  catalog_version INTEGER NOT NULL,
  before_json     TEXT NOT NULL DEFAULT '{}',
  after_json      TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE sync_runs (
  id          INTEGER PRIMARY KEY,
  provider    TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'failed')),
  offers      INTEGER NOT NULL DEFAULT 0,
  new_offers  INTEGER NOT NULL DEFAULT 0,
  changed     INTEGER NOT NULL DEFAULT 0,
  withdrawn   INTEGER NOT NULL DEFAULT 0,
  rejected    INTEGER NOT NULL DEFAULT 0,
  dropped     INTEGER NOT NULL DEFAULT 0,
  skipped     INTEGER NOT NULL DEFAULT 0,
  error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sync_runs_by_provider ON sync_runs(provider, id);

-- Records that did not become offers, kept for inspection.
CREATE TABLE rejects (
  id          INTEGER PRIMARY KEY,
  sync_run_id INTEGER NOT NULL,
  at          TEXT NOT NULL,
  provider    TEXT NOT NULL,
  source_id   TEXT NOT NULL,
  locator     TEXT NOT NULL DEFAULT '',
  reason_code TEXT NOT NULL,
  detail      TEXT NOT NULL DEFAULT '',
  record_text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX rejects_by_provider ON rejects(provider, id);

-- The GPU reference table (seeded by the binary from its built-in table, see gpu_models.h).
CREATE TABLE gpu_models (
  gpu_model             TEXT PRIMARY KEY,
  name                  TEXT NOT NULL,
  vendor                TEXT NOT NULL,
  architecture          TEXT NOT NULL,
  memory_gb             INTEGER NOT NULL,
  memory_type           TEXT NOT NULL,
  memory_bandwidth_gbps INTEGER,
  bf16_dense_tflops     INTEGER,
  fp8_dense_tflops      INTEGER,
  source                TEXT NOT NULL,
  note                  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
