// Helpers shared by the fetchers. Private to gpucat_fetch.
//
// Lives in gpucat::fetch_internal (and is inline) so that it can never clash
// with the core's own SHA-256 or time helpers when both libraries are linked
// into one binary.
#pragma once

#include <openssl/evp.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>

#include "gpucat/adapter.h"

namespace gpucat::fetch_internal {

// Default cap on a document's size, live or offline (same as
// HttpsOptions::max_body_bytes): provider documents are a few hundred KiB, so
// anything near this is a wrong URL or a hostile server, not a price list.
inline constexpr int64_t kDefaultMaxBytes = 8 * 1024 * 1024;

// Lower-case hex SHA-256 of `bytes`, via OpenSSL's EVP interface (the
// low-level SHA256_* calls are deprecated in OpenSSL 3). Returns "" only if
// OpenSSL itself fails, which does not happen for SHA-256 short of OOM.
inline std::string Sha256Hex(std::string_view bytes) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), digest.data(), &len) != 1) {
    return "";
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * len);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xf]);
  }
  return out;
}

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
