// floor: what SQLite alone takes to write the rows a sync into an empty
// catalog writes. Copies sources, offers, price_history, offer_events and
// sync_runs of a synced catalog (--src) into a new, migrated catalog (--db,
// same pragmas: WAL, synchronous=FULL, every index) with INSERT ... SELECT in
// one transaction. No parsing, no normalizing, no fingerprints: a lower bound
// for the store part of `sync`, measured in the same run.
#include <sqlite3.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "bench.h"
#include "gpucat/catalog.h"

namespace gpucat::bench {

int Floor(const Flags& f) {
  const std::string path = f.Required("db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  auto catalog = Catalog::Open(path);
  if (!catalog.ok()) Die(catalog.status().ToString());
  sqlite3* db = catalog.value()->handle();
  auto exec = [&](const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) Die(sql + ": " + (err ? err : "?"));
  };
  exec("ATTACH DATABASE '" + f.Required("src") + "' AS src");
  // Warm the source's pages (not part of the write being measured).
  exec(
      "SELECT COUNT(*) FROM src.offers; SELECT COUNT(*) FROM src.price_history; SELECT COUNT(*) FROM src.offer_events");
  const int64_t changes0 = sqlite3_total_changes64(db);
  const auto t0 = Clock::now();
  exec("BEGIN IMMEDIATE");
  for (const char* t : {"sources", "offers", "price_history", "offer_events", "sync_runs"}) {
    exec(std::string("INSERT INTO main.") + t + " SELECT * FROM src." + t);
  }
  exec("COMMIT");
  const double ms = MsSince(t0);
  std::printf("%s\n", nlohmann::json{{"wall_ms", ms}, {"rows", sqlite3_total_changes64(db) - changes0}}.dump().c_str());
  return 0;
}

}  // namespace gpucat::bench
