-- gpucat catalog, schema version 2: the same offers, cheaper to write and to sort.
-- Measured by bench/ (bench/results/latest.md); no column or meaning changes.
--
-- 1. The offers table is rebuilt with its enum CHECKs spelled `x = 'a' OR x = 'b' ...`
--    instead of `x IN ('a', 'b', ...)`: SQLite (3.40) evaluates an IN list of more than
--    two values by building a temporary table, on every row written, for each of the five
--    such CHECKs: a quarter of what a sync spent in SQLite. The two forms accept exactly
--    the same values (NULL passes both, as unit's does). The rows are copied as they are.
-- 2. Price order by index: offer queries sort by COALESCE(price, 9223372036854775807)
--    (quotes last), an expression the former (gpu_model, status, gpu_hour_ex_minor,
--    offer_id) index could filter by but not return in order, so every
--    `/v1/offers?gpu=X&sort=price` sorted all of X's offers. The expression indexes
--    below replace those two indexes.
-- 3. offers_by_gpu_group: per GPU model, the (provider, product) groups with their
--    offers in price order: what `/v1/compare` reads (a count and the cheapest offer per
--    group) without reading every offer of the model.

CREATE TABLE offers_v2 (
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
  price_status        TEXT NOT NULL CHECK (price_status = 'listed' OR price_status = 'quote'),
  amount              TEXT,                 -- exact decimal as published; NULL for quote
  currency            TEXT NOT NULL,
  tax                 TEXT NOT NULL CHECK (tax = 'included' OR tax = 'excluded' OR tax = 'unknown'),
  tax_assumed         INTEGER NOT NULL DEFAULT 0,
  unit                TEXT CHECK (unit = 'second' OR unit = 'minute' OR unit = 'hour' OR unit = 'day' OR unit = 'month'),
  per                 TEXT NOT NULL CHECK (per = 'gpu' OR per = 'instance' OR per = 'node' OR per = 'rack'),
  min_billed_seconds  INTEGER,
  min_term_months     INTEGER,
  billing_rule        TEXT NOT NULL DEFAULT 'metered'
                      CHECK (billing_rule = 'metered' OR billing_rule = 'capped-schedule' OR billing_rule = 'per-started-month'),
  unit_hour_ex_minor  INTEGER,
  unit_hour_inc_minor INTEGER,
  gpu_hour_ex_minor   INTEGER,
  gpu_hour_inc_minor  INTEGER,
  availability        TEXT NOT NULL CHECK (availability = 'available' OR availability = 'limited' OR
                                           availability = 'sold_out' OR availability = 'on_request' OR
                                           availability = 'unknown'),
  units_free          INTEGER,
  availability_observed_at TEXT NOT NULL DEFAULT '',
  valid_from          TEXT NOT NULL DEFAULT '',
  valid_to            TEXT NOT NULL DEFAULT '',
  notes               TEXT NOT NULL DEFAULT '',
  source_id           TEXT NOT NULL REFERENCES sources(source_id),  -- provenance: see sources
  fingerprint         TEXT NOT NULL,        -- SHA-256 of every content column: unchanged => no write
  price_fingerprint   TEXT NOT NULL,        -- SHA-256 of the price columns: changed => history row
  status              TEXT NOT NULL CHECK (status = 'active' OR status = 'withdrawn'),
  first_seen          TEXT NOT NULL,
  last_seen           TEXT NOT NULL,
  withdrawn_at        TEXT NOT NULL DEFAULT '',
  CHECK ((price_status = 'listed') = (amount IS NOT NULL AND gpu_hour_ex_minor IS NOT NULL))
) WITHOUT ROWID;
INSERT INTO offers_v2 SELECT * FROM offers;
DROP TABLE offers;
ALTER TABLE offers_v2 RENAME TO offers;

CREATE INDEX offers_by_provider ON offers(provider, status);
CREATE INDEX offers_by_source ON offers(source_id, status);
CREATE INDEX offers_by_gpu_price ON offers(gpu_model, status, COALESCE(gpu_hour_ex_minor, 9223372036854775807), offer_id);
CREATE INDEX offers_by_price ON offers(status, COALESCE(gpu_hour_ex_minor, 9223372036854775807), offer_id);
CREATE INDEX offers_by_gpu_group ON offers(gpu_model, status, provider, product,
                                           COALESCE(gpu_hour_ex_minor, 9223372036854775807), offer_id);
