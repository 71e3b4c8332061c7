// Builders for store tests: batches of normalized offers from drafts.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "gpucat/catalog.h"
#include "gpucat/normalize.h"
#include "support/testing.h"

namespace gpucat::testing {

inline std::unique_ptr<Catalog> OpenOrDie(const std::string& path, Catalog::Options options = {}) {
  auto c = Catalog::Open(path, options);
  if (!c.ok()) throw std::runtime_error(c.status().ToString());
  return std::move(c).value();
}

// A batch for provider "testprov" from source "test.src" with these drafts.
inline SyncBatch Batch(const std::vector<OfferDraft>& drafts, const std::string& sha = std::string(64, 'a')) {
  SyncBatch b;
  b.provider = "testprov";
  b.started_at = "2026-11-22T00:00:00Z";
  Provenance p = TestProvenance("test.src");
  p.sha256 = sha;
  b.parsed_sources.push_back(p);
  for (const auto& d : drafts) b.offers.push_back(MustNormalize(d, p));
  return b;
}

inline int64_t Count(Catalog& c, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(c.handle(), sql.c_str(), -1, &s, nullptr);
  int64_t n = -1;
  if (s && sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return n;
}

}  // namespace gpucat::testing
