// Private state of a Catalog, shared by the store's .cc files.
#pragma once

#include <sqlite3.h>

#include <optional>
#include <string>

#include "gpucat/catalog.h"
#include "store/sqlite.h"

namespace gpucat {

struct Catalog::Impl {
  sqlite3* db = nullptr;
  Options options;
  sql::Stmt data_version;                    // PRAGMA data_version, prepared once
  std::optional<int64_t> last_data_version;  // as ChangedSinceLastCheck last saw it
  ~Impl() {
    data_version = sql::Stmt();  // finalized before the connection closes
    if (db != nullptr) sqlite3_close_v2(db);
  }
  int64_t ReadCatalogVersion();
  // "now - TTL" as RFC 3339: an offer last seen before it is stale.
  std::string StaleCutoff(const std::string& now) const;
};

// Reads one offers-with-provenance row selected with kOfferColumns.
StoredOffer ReadStoredOffer(const sql::Stmt& s, int64_t now_epoch, int64_t stale_after_seconds);
// The SELECT list that ReadStoredOffer reads (offers o JOIN sources s).
extern const char* const kOfferColumns;

}  // namespace gpucat
