// The catalog: one SQLite file (WAL) holding current offers, their price
// history, change events, sync runs, rejects and source state.
// Format: schema/README.md. Migrations: schema/NNN_*.sql, PRAGMA user_version.
//
// Ownership and threads: a Catalog owns one SQLite connection and is NOT
// thread-safe; use one Catalog per thread. Any number of processes may read
// while one writes: every read below runs in one read transaction, so it sees
// the catalog before or after a sync, never a mix.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gpucat/offer.h"
#include "gpucat/status.h"

struct sqlite3;  // SQLite's handle type, for Catalog::handle()

namespace gpucat {

// Everything one provider sync wants to write, applied in ONE transaction.
struct SyncBatch {
  std::string provider;
  std::string started_at;  // RFC 3339 UTC
  // Sources read and parsed: their current offers are replaced by `offers`
  // (offers of theirs that are absent are marked withdrawn).
  std::vector<Provenance> parsed_sources;
  // Sources the server said were unchanged (HTTP 304): offers kept, seen now.
  std::vector<std::string> unchanged_sources;
  // Sources that failed (fetch or parse): their previous offers are kept as
  // they were and age until they turn stale.
  struct FailedSource {
    std::string source_id;
    SourceKind kind = SourceKind::kApi;
    std::string url;
    Status error;
  };
  std::vector<FailedSource> failed_sources;
  // Validators from a live fetch, remembered per source for conditional GET.
  struct Validators {
    std::string etag, last_modified;
  };
  std::map<std::string, Validators> validators;  // source_id -> validators
  std::vector<Offer> offers;
  std::vector<Reject> rejects;
  int64_t skipped = 0;
  int64_t dropped = 0;
};

struct SyncSummary {
  int64_t run_id = 0;
  std::string provider;
  std::string status;  // "ok" | "partial" (some sources failed) | "failed" (all failed)
  int64_t offers = 0, new_offers = 0, changed = 0, withdrawn = 0;
  int64_t rejected = 0, dropped = 0, skipped = 0;
  int64_t history_rows = 0;
  int64_t catalog_version = 0;  // after this sync
  std::string error;            // failed sources, "; "-joined
  struct Failure {
    std::string source_id, code;
  };
  std::vector<Failure> failures;  // the same, structured
};

// A current (or withdrawn) offer as the catalog holds it.
struct StoredOffer {
  Offer offer;
  std::string status;      // "active" | "withdrawn"
  std::string first_seen;  // RFC 3339 UTC
  std::string last_seen;   // last successful read of its source
  std::string withdrawn_at;
  int64_t age_seconds = 0;  // now - last_seen
  bool stale = false;       // age_seconds > stale TTL
};

struct HistoryEntry {
  int64_t id = 0;
  std::string offer_id;
  std::string observed_at;
  std::string event;  // "new" | "price_changed" | "withdrawn" | "relisted"
  std::string price_status;
  std::optional<Decimal> amount;
  std::string tax, unit, per;
  std::optional<int64_t> unit_hour_ex_minor, unit_hour_inc_minor;
  std::optional<int64_t> gpu_hour_ex_minor, gpu_hour_inc_minor;
  std::string source_sha256;
  int64_t catalog_version = 0;
};

struct ChangeEvent {
  int64_t seq = 0;
  std::string offer_id;
  std::string kind;  // "new" | "price_changed" | "availability_changed" | "withdrawn"
  std::string at;
  int64_t catalog_version = 0;
  std::string provider;
  std::string before_json, after_json;  // JSON objects of the changed fields
};

struct SyncRun {
  int64_t id = 0;
  std::string provider, started_at, finished_at, status, error;
  int64_t offers = 0, new_offers = 0, changed = 0, withdrawn = 0;
  int64_t rejected = 0, dropped = 0, skipped = 0;
};

struct ProviderStatus {
  std::string provider;
  std::optional<SyncRun> last_run;
  std::string last_success_at;  // empty if never
  int64_t active_offers = 0, listed_offers = 0, quote_offers = 0, stale_offers = 0;
  int64_t withdrawn_offers = 0;
  std::optional<int64_t> age_seconds;  // since last successful read of any source
  bool stale = false;
};

struct StoredReject {
  int64_t id = 0;
  int64_t run_id = 0;
  std::string at;
  Reject reject;
};

struct SourceState {
  std::string source_id, provider, kind, url, file;
  std::string fetched_at, as_of, sha256, adapter_version;
  std::string etag, last_modified;  // for conditional GET
  std::string last_success_at, last_error_at, last_error;
};

// Filters of an offer query. Every field is optional; sort keys are an enum so
// that nothing user-supplied ever reaches SQL text.
struct OfferQuery {
  enum class Sort { kPrice, kPriceDesc, kGpus, kProvider };
  std::optional<std::string> gpu_model;  // canonical id (resolve aliases first)
  std::vector<std::string> providers;    // any of
  std::optional<std::string> product;
  std::optional<std::string> location;  // zone, site or prefecture
  std::optional<int64_t> min_gpus, max_gpus, min_gpu_memory_gb;
  std::optional<int64_t> max_gpu_hour_minor;  // compared on `tax_basis`
  TaxFlag tax_basis = TaxFlag::kExcluded;     // kExcluded or kIncluded
  std::optional<TimeUnit> billing;            // nullopt: any
  std::vector<Availability> availability;     // any of; empty = all
  bool include_quote = true;
  bool include_stale = true;
  bool include_withdrawn = false;
  Sort sort = Sort::kPrice;
  int64_t limit = 100;
  std::string cursor;  // opaque, from OfferPage::next_cursor; "" = first page
};

struct OfferPage {
  std::vector<StoredOffer> offers;
  std::string next_cursor;  // "" when this is the last page
  int64_t catalog_version = 0;
};

// One (provider, product) group of the active offers of one GPU model: what a
// comparison shows per row (gpucat/compare.h).
struct OfferGroup {
  std::string provider, product;
  int64_t offers = 0;  // active offers of the model in the group
  // The cheapest priced offer (listed, with a price on the tax basis), ties
  // by offer id; when the group has none, its quote offer with the lowest id.
  StoredOffer best;
};

class Catalog {
 public:
  enum class Mode { kReadWrite, kReadOnly };
  struct Options {
    Mode mode = Mode::kReadWrite;
    int64_t stale_after_seconds = 24 * 3600;  // TTL after which offers are stale
    int busy_timeout_ms = 5000;
  };

  // Opens (creating in kReadWrite) and migrates the catalog at `path`.
  // Errors: "catalog_open_failed" (cannot open/create: path, permissions),
  // "catalog_too_new" (user_version above what this binary knows: upgrade
  // gpucat), "catalog_not_migrated" (read-only open of a catalog that needs
  // migrations), "migration_failed" (a migration's SQL failed; nothing applied).
  static Result<std::unique_ptr<Catalog>> Open(const std::string& path, const Options& options);
  static Result<std::unique_ptr<Catalog>> Open(const std::string& path) { return Open(path, Options{}); }
  ~Catalog();
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  // The schema version this binary migrates to.
  static int LatestSchemaVersion();
  int SchemaVersion();

  // Applies one provider's sync atomically (see SyncBatch). On error nothing
  // is written except, best effort, a failed sync-run row. Errors:
  // "catalog_readonly", "catalog_busy", "catalog_write_failed" (disk full,
  // I/O error: the message says which).
  Result<SyncSummary> ApplySync(const SyncBatch& batch, const std::string& now);

  // Conditional-GET state of a source ("" when unknown).
  Result<std::optional<SourceState>> GetSource(const std::string& source_id);

  // Reads. `now` (RFC 3339 UTC) is the clock used for age and staleness.
  int64_t CatalogVersion();
  Result<OfferPage> QueryOffers(const OfferQuery& query, const std::string& now);
  // Error "offer_not_found".
  Result<StoredOffer> GetOffer(const std::string& id, const std::string& now);
  // The (provider, product) groups of the active offers of `gpu_model`, in
  // (provider, product) order, each with its count and cheapest offer on
  // `tax_basis` (kExcluded or kIncluded); offers not seen within the stale
  // TTL left out unless `include_stale`. One read snapshot; reads the groups'
  // counts from an index and one offer per group, not every offer.
  Result<std::vector<OfferGroup>> CheapestPerGroup(const std::string& gpu_model, TaxFlag tax_basis, bool include_stale,
                                                   const std::string& now);
  // Newest first. Error "offer_not_found".
  Result<std::vector<HistoryEntry>> OfferHistory(const std::string& id, int64_t limit);
  // Events with seq > since, oldest first, at most `limit`.
  Result<std::vector<ChangeEvent>> Changes(int64_t since, int64_t limit);
  Result<std::vector<ProviderStatus>> Providers(const std::string& now);
  Result<std::vector<SyncRun>> SyncRuns(const std::string& provider, int64_t limit);
  Result<std::vector<StoredReject>> Rejects(const std::string& provider, int64_t limit);
  Result<std::vector<SourceState>> Sources();

  // Runs `fn` inside one read transaction so several reads see one snapshot.
  Status ReadSnapshot(const std::function<Status()>& fn);

  // True when another connection (any process) has committed to the catalog
  // since the previous call on this Catalog; true on the first call and when
  // the check itself fails. Changes made through this Catalog do not count.
  // For caches of what was read (SQLite's PRAGMA data_version). Call it
  // outside a read snapshot: inside one, it reports the snapshot's state.
  bool ChangedSinceLastCheck();

  // Low level, for tests and tools: the raw sqlite3* handle.
  ::sqlite3* handle();

 private:
  struct Impl;
  explicit Catalog(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// RFC 3339 UTC "now" (second precision), e.g. "2026-11-22T10:00:00Z".
std::string NowUtc();
// Seconds since the epoch of an RFC 3339 timestamp or a YYYY-MM-DD date
// (midnight UTC); nullopt if unparseable.
std::optional<int64_t> ParseTimestamp(const std::string& text);
std::string FormatTimestamp(int64_t epoch_seconds);

}  // namespace gpucat
