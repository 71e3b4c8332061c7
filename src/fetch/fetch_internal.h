// Helpers shared by the fetchers. Private to gpucat_fetch.
//
// Lives in gpucat::fetch_internal (and is inline) so that it can never clash
// with the core's or the store's helpers when the libraries are linked into
// one binary. SHA-256 is the core's (gpucat/sha256.h), so provenance hashes
// and offer ids share one implementation.
#pragma once

#include <chrono>
#include <cstdint>
#include <ctime>
#include <string>

#include "gpucat/adapter.h"

namespace gpucat::fetch_internal {

// Default cap on a document's size, live or offline (same as
// HttpsOptions::max_body_bytes): provider documents are a few hundred KiB, so
// anything near this is a wrong URL or a hostile server, not a price list.
inline constexpr int64_t kDefaultMaxBytes = int64_t{8} * 1024 * 1024;

// The current time as RFC 3339 UTC with second precision: "2026-06-01T09:30:00Z".
inline std::string NowRfc3339Utc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  const size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf, n);
}

// The SourceSpec as it travels on inside a Document: credentials and extra
// request headers (which may carry tokens) are removed, so nothing downstream
// of the fetcher (adapters, provenance, the catalog, logs) can leak them.
inline SourceSpec WithoutCredentials(SourceSpec source) {
  source.basic_user.clear();
  source.basic_password.clear();
  source.headers.clear();
  return source;
}

}  // namespace gpucat::fetch_internal
