// history: gives a synced catalog a past. Inserts --rows price_history rows
// (default 10,000,000) for the catalog's offers, straight into SQLite in ONE
// transaction (not through ApplySync: going through the sync path would take
// a million syncs; the read benchmarks only need the rows to be there, shaped
// like real ones).
//
// Shape: two years of ~730 daily syncs before the current rows (which keep
// their order after them: their ids are shifted up by --rows); half the rows
// fall on a "hot" tenth of the offers (prices that move often), the rest
// anywhere; prices within -20%..+20% of today's, both tax modes; 1% withdrawn
// and 1% relisted events. The history index(es) are dropped and re-created
// around the bulk insert (sorting once beats 10M B-tree inserts); their SQL is
// read from sqlite_master, so whatever the migrations define is restored.
//
// Prints {"rows", "wall_ms", "hot_offer", "cold_offer", "hot_rows"}.
#include <sqlite3.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "bench.h"
#include "gpucat/catalog.h"
#include "gpucat/money.h"
#include "gpucat/sha256.h"

namespace gpucat::bench {
namespace {

struct OfferRow {
  std::string id, source_id, price_status, tax, unit, per;
  std::optional<Decimal> amount;
  std::optional<int64_t> minors[4];
};

class Db {
 public:
  explicit Db(sqlite3* db) : db_(db) {}
  void Exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) Die(sql + ": " + (err ? err : "?"));
  }
  sqlite3_stmt* Prepare(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) Die(sql + ": " + sqlite3_errmsg(db_));
    return s;
  }

 private:
  sqlite3* db_;
};

std::string Text(sqlite3_stmt* s, int col) {
  const auto* p = sqlite3_column_text(s, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(s, col))) : "";
}

}  // namespace

int History(const Flags& f) {
  const int64_t rows = f.Int("rows", 10'000'000);
  Rng rng(static_cast<uint64_t>(f.Int("seed", 42)));
  auto catalog = Catalog::Open(f.Required("db"));
  if (!catalog.ok()) Die(catalog.status().ToString());
  sqlite3* raw = catalog.value()->handle();
  Db db(raw);
  const auto t0 = Clock::now();

  std::vector<OfferRow> offers;
  {
    sqlite3_stmt* s = db.Prepare(
        "SELECT offer_id,source_id,price_status,tax,unit,per,amount,unit_hour_ex_minor,unit_hour_inc_minor,"
        "gpu_hour_ex_minor,gpu_hour_inc_minor FROM offers ORDER BY offer_id");
    while (sqlite3_step(s) == SQLITE_ROW) {
      OfferRow o;
      o.id = Text(s, 0);
      o.source_id = Text(s, 1);
      o.price_status = Text(s, 2);
      o.tax = Text(s, 3);
      o.unit = Text(s, 4);
      o.per = Text(s, 5);
      if (sqlite3_column_type(s, 6) != SQLITE_NULL) {
        auto d = ParseDecimal(Text(s, 6));
        if (d.ok()) o.amount = d.value();
      }
      for (int i = 0; i < 4; ++i) {
        if (sqlite3_column_type(s, 7 + i) != SQLITE_NULL) o.minors[i] = sqlite3_column_int64(s, 7 + i);
      }
      offers.push_back(std::move(o));
    }
    sqlite3_finalize(s);
  }
  if (offers.empty()) Die("no offers in the catalog: sync first");
  int64_t version = catalog.value()->CatalogVersion();
  if (version < 2) version = 2;

  // Indexes on price_history, to re-create after the load.
  std::vector<std::pair<std::string, std::string>> indexes;
  {
    sqlite3_stmt* s = db.Prepare(
        "SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name='price_history' AND sql IS NOT NULL");
    while (sqlite3_step(s) == SQLITE_ROW) indexes.emplace_back(Text(s, 0), Text(s, 1));
    sqlite3_finalize(s);
  }

  // A bulk load, not a sync: no WAL copy of 2 GB, no fsync per page.
  db.Exec("PRAGMA journal_mode=DELETE");
  db.Exec("PRAGMA synchronous=OFF");
  db.Exec("PRAGMA cache_size=-1048576");  // 1 GiB: the index is built by sorting in memory
  db.Exec("PRAGMA temp_store=MEMORY");
  db.Exec("BEGIN IMMEDIATE");
  for (const auto& [name, sql] : indexes) db.Exec("DROP INDEX " + name);
  db.Exec("UPDATE price_history SET id = id + " + std::to_string(rows));

  constexpr int64_t kRuns = 730;
  std::vector<std::string> run_sha;
  for (int64_t r = 0; r < kRuns; ++r) run_sha.push_back(Sha256Hex("bench-run-" + std::to_string(r)));
  const int64_t start = ParseTimestamp("2024-11-20T00:00:00Z").value_or(0);
  const int64_t span = 2 * 365 * 86400;
  const size_t hot = std::max<size_t>(1, offers.size() / 10);
  sqlite3_stmt* ins = db.Prepare(
      "INSERT INTO price_history(id,offer_id,observed_at,event,price_status,amount,tax,unit,per,unit_hour_ex_minor,"
      "unit_hour_inc_minor,gpu_hour_ex_minor,gpu_hour_inc_minor,source_id,source_sha256,sync_run_id,catalog_version) "
      "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)");
  int64_t hot_rows = 0;
  for (int64_t k = 0; k < rows; ++k) {
    const bool pick_hot = rng.Chance(500);
    const size_t i = static_cast<size_t>(rng.Range(0, static_cast<int64_t>(pick_hot ? hot : offers.size()) - 1));
    if (i == 0) ++hot_rows;
    const OfferRow& o = offers[i];
    const int64_t run = k * kRuns / rows;
    const int64_t e = rng.Range(0, 99);
    const char* event = e == 0 ? "withdrawn" : e == 1 ? "relisted" : "price_changed";
    const int64_t factor = rng.Range(800, 1200);
    const std::string at = FormatTimestamp(start + k * span / rows);
    sqlite3_bind_int64(ins, 1, k + 1);
    sqlite3_bind_text(ins, 2, o.id.data(), static_cast<int>(o.id.size()), SQLITE_STATIC);
    sqlite3_bind_text(ins, 3, at.data(), static_cast<int>(at.size()), SQLITE_STATIC);
    sqlite3_bind_text(ins, 4, event, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 5, o.price_status.data(), static_cast<int>(o.price_status.size()), SQLITE_STATIC);
    std::string amount;
    if (o.amount) {
      Decimal d = *o.amount;
      d.units = std::max<int64_t>(1, d.units / 1000 * factor + d.units % 1000 * factor / 1000);
      amount = d.ToString();
      sqlite3_bind_text(ins, 6, amount.data(), static_cast<int>(amount.size()), SQLITE_STATIC);
    } else {
      sqlite3_bind_null(ins, 6);
    }
    sqlite3_bind_text(ins, 7, o.tax.data(), static_cast<int>(o.tax.size()), SQLITE_STATIC);
    if (o.unit.empty()) {
      sqlite3_bind_null(ins, 8);
    } else {
      sqlite3_bind_text(ins, 8, o.unit.data(), static_cast<int>(o.unit.size()), SQLITE_STATIC);
    }
    sqlite3_bind_text(ins, 9, o.per.data(), static_cast<int>(o.per.size()), SQLITE_STATIC);
    for (int m = 0; m < 4; ++m) {
      if (o.minors[m]) {
        sqlite3_bind_int64(ins, 10 + m,
                           std::max<int64_t>(1, *o.minors[m] / 1000 * factor + *o.minors[m] % 1000 * factor / 1000));
      } else {
        sqlite3_bind_null(ins, 10 + m);
      }
    }
    sqlite3_bind_text(ins, 14, o.source_id.data(), static_cast<int>(o.source_id.size()), SQLITE_STATIC);
    const std::string& sha = run_sha[static_cast<size_t>(run)];
    sqlite3_bind_text(ins, 15, sha.data(), static_cast<int>(sha.size()), SQLITE_STATIC);
    sqlite3_bind_int64(ins, 16, run + 1);
    sqlite3_bind_int64(ins, 17, 1 + run * (version - 1) / kRuns);
    if (sqlite3_step(ins) != SQLITE_DONE) Die(std::string("insert: ") + sqlite3_errmsg(raw));
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  const double insert_ms = MsSince(t0);
  for (const auto& [name, sql] : indexes) db.Exec(sql);
  const double index_ms = MsSince(t0) - insert_ms;
  db.Exec("COMMIT");
  db.Exec("PRAGMA journal_mode=WAL");  // as gpucat leaves it; no ANALYZE: gpucat never runs it
  std::printf("%s\n", nlohmann::json{{"rows", rows},
                                     {"wall_ms", MsSince(t0)},
                                     {"insert_ms", insert_ms},
                                     {"index_ms", index_ms},
                                     {"hot_offer", offers[0].id},
                                     {"hot_rows", hot_rows},
                                     {"cold_offer", offers.back().id}}
                          .dump()
                          .c_str());
  return 0;
}

}  // namespace gpucat::bench
