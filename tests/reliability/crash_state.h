// The catalog states the crash test moves between: generation g holds
// kOffers offers whose prices depend on g, so each generation has a distinct,
// recognisable digest.
#pragma once

#include <sqlite3.h>

#include <string>

#include "gpucat/catalog.h"
#include "gpucat/sha256.h"
#include "support/testing.h"

namespace gpucat::testing {

inline constexpr int kCrashOffers = 3000;

inline SyncBatch GenerationBatch(int generation) {
  SyncBatch b;
  b.provider = "crashprov";
  b.started_at = NowUtc();
  Provenance p = TestProvenance("crash.src");
  p.sha256 = Sha256Hex(std::to_string(generation));
  b.parsed_sources.push_back(p);
  b.offers.reserve(kCrashOffers);
  for (int i = 0; i < kCrashOffers; ++i) {
    // Every generation changes every price and drops/adds a few offers.
    OfferDraft d = ListedDraft("plan-" + std::to_string(i + generation % 7),
                               std::to_string(1000 + (i * 13 + generation * 101) % 5000));
    d.provider = "crashprov";
    b.offers.push_back(MustNormalize(d, p));
  }
  return b;
}

// A digest of everything a reader could observe: version and every offer.
inline std::string CatalogDigest(sqlite3* db) {
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT (SELECT value FROM catalog_meta WHERE key='catalog_version') || ':' || "
                     "COALESCE((SELECT group_concat(offer_id || '=' || COALESCE(amount,'q') || '/' || status, ',') "
                     "FROM (SELECT * FROM offers ORDER BY offer_id)), '') || ':' || "
                     "(SELECT COUNT(*) FROM price_history) || ':' || (SELECT COUNT(*) FROM offer_events)",
                     -1, &s, nullptr);
  std::string out;
  if (s && sqlite3_step(s) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  return Sha256Hex(out);
}

}  // namespace gpucat::testing
