// Fetching source documents: from a directory of snapshots (offline, the
// default for bundled data) or live over HTTPS.
//
// Contract of Fetch():
//  * ok + FetchOutcome::document: the bytes, with provenance filled in
//    (kind, source_id, url, file, fetched_at, as_of when known, sha256).
//  * ok + not_modified: the server answered 304 to a conditional GET; the
//    catalog keeps the source's offers (they count as seen now).
//  * error Status codes: "snapshot_missing" (no such file), "snapshot_invalid"
//    (a malformed MANIFEST.json, a file name leaving the provider's directory,
//    not a regular file, unreadable), "fetch_timeout",
//    "fetch_http_status" (a non-2xx/304 after retries; message has the status),
//    "fetch_too_large" (over the size cap), "fetch_truncated" (body shorter than
//    Content-Length, or cut mid-body), "fetch_failed" (connection, TLS, DNS),
//    "config_error" (a malformed or non-https URL, URL user info, a request
//    header with CR/LF).
//    Messages never contain credentials.
// Thread-safety: a Fetcher may be used from one thread at a time.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "gpucat/adapter.h"
#include "gpucat/status.h"

namespace gpucat {

struct FetchOutcome {
  std::optional<Document> document;  // absent when not_modified
  bool not_modified = false;
  std::string etag, last_modified;  // validators to remember for next time
};

// What the caller remembers about a source between fetches.
struct ConditionalState {
  std::string etag, last_modified;
};

class Fetcher {
 public:
  virtual ~Fetcher() = default;
  virtual Result<FetchOutcome> Fetch(const std::string& provider, const SourceSpec& source,
                                     const ConditionalState& previous) = 0;
};

// Reads `<root>/<provider>/snapshots/<file>` if that directory exists, else
// `<root>/<provider>/<file>`. Provenance url/as_of come from the directory's
// MANIFEST.json ({"files": {"<file>": {"url":..., "captured_at":...}}}) when
// present, else from the SourceSpec; fetched_at is the time of reading.
std::unique_ptr<Fetcher> MakeSnapshotFetcher(const std::string& root);

struct HttpsOptions {
  int connect_timeout_ms = 5000;
  int read_timeout_ms = 15000;
  int max_attempts = 3;          // 1 + retries on 5xx / timeouts
  int initial_backoff_ms = 500;  // doubled per retry
  int64_t max_body_bytes = int64_t{8} * 1024 * 1024;
  std::string user_agent = "gpucat/" GPUCAT_VERSION " (+https://github.com/gpucat)";
  // For tests: plain HTTP to loopback instead of HTTPS. Never set in production.
  bool allow_plain_http = false;
};
std::unique_ptr<Fetcher> MakeHttpsFetcher(const HttpsOptions& options);

// What `gpucat sync --live` uses: sources whose params["fetch"] is "snapshot"
// (offer sheets with no live URL: their url is the page they transcribe, for
// provenance, not a document to download) are read from `snapshot_root`;
// every other source over HTTPS.
std::unique_ptr<Fetcher> MakeLiveFetcher(const std::string& snapshot_root, const HttpsOptions& options);

// gpucat's configuration: one JSON file (docs/configuration.md), then
// environment overrides GPUCAT_<PROVIDER>_<KEY> (upper-case, '.'/'-' -> '_').
struct Config {
  std::map<std::string, ProviderConfig> providers;  // provider -> key -> value
  std::string db_path = "gpucat.db";
  int64_t stale_after_seconds = int64_t{24} * 3600;
  // The reseller's sell-price rules for `gpucat serve` (docs/pricing-rules.md);
  // "" = not configured. Relative paths in the file are relative to its directory.
  std::string pricing_rules_path;
  // The bearer token of `gpucat serve`'s admin operations; empty: disabled.
  // From "admin_token_file" (a secrets file) or "admin_token" (inline, in a
  // config file nobody else can read), overridden by GPUCAT_ADMIN_TOKEN_FILE
  // or GPUCAT_ADMIN_TOKEN. A secret: never logged nor put in messages.
  std::string admin_token;
};
// Errors: "config_error" (unreadable file, bad JSON, a secrets file whose mode
// is not 0600: the message names the file, never its content).
Result<Config> LoadConfig(const std::string& path /* "" = defaults + env only */);

// Reads a secrets file as LoadConfig does: a regular file of mode 0600 or
// stricter, at most 64 KiB, trailing newlines trimmed, not empty. Error:
// "config_error" naming the file (and its mode), never its content.
Result<std::string> ReadSecretsFile(const std::string& path);

}  // namespace gpucat
