// The read-only HTTP API over a catalog (`gpucat serve`).
//
// Endpoints, parameters and errors: schema/openapi.json (also served at
// /openapi.json). Caching, ETags, ages and logs: docs/api.md.
//
// Usage (what main does):
//   auto server = gpucat::Server::Create(options);   // opens the catalog once
//   if (!server.ok()) ...                            // catalog_open_failed, ...
//   if (auto st = server.value()->Bind(); !st.ok()) ...
//   server.value()->RunUntilSignal();                // SIGINT/SIGTERM: graceful stop;
//                                                    // SIGHUP: reload the pricing rules
//
// Threads: requests run on a pool of `threads` workers; each borrows its own
// read-only Catalog connection (a Catalog is not thread-safe). Bind, Run and
// RunUntilSignal are called from one thread; Stop from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gpucat/status.h"

namespace gpucat {

struct ServeOptions {
  std::string db_path;                               // the catalog; opened read-only
  std::string host = "127.0.0.1";                    // loopback unless told otherwise
  int port = 8080;                                   // 0: any free port (see port())
  int64_t stale_after_seconds = int64_t{24} * 3600;  // offers not seen for longer are stale
  // Ages and staleness are computed against the request time rounded down to
  // this many seconds, so that a response (and its strong ETag) stays the same
  // for that long when the catalog does not change. 1 = exact.
  int64_t age_resolution_seconds = 60;
  // Static files served at "/" (GET / serves index.html); "" = none. A file
  // there shadows an API path of the same name, so keep v1/ out of it.
  std::string web_root;
  // The reseller's sell-price rules (docs/pricing-rules.md) for the
  // /v1/storefront/* endpoints: loaded by Create (a bad file fails it),
  // reloaded by ReloadPricingRules and SIGHUP. "" = no storefront: those
  // endpoints answer 503 storefront_unavailable.
  std::string pricing_rules_path;
  // True when pricing_rules_path is the bundled example, used because none was
  // configured; the storefront feed says so in its metadata.
  bool pricing_rules_bundled_example = false;
  int threads = 8;                            // worker threads (= max concurrent requests)
  size_t max_body_bytes = size_t{64} * 1024;  // larger request bodies: 413
  int read_timeout_seconds = 5;               // slow clients are dropped
  int write_timeout_seconds = 5;
  int keep_alive_max_count = 100;  // requests per connection
  // An idle keep-alive connection is closed after this long (a stopping
  // server closes idle connections within 100 ms).
  int keep_alive_timeout_seconds = 5;
  // Limits against hostile or broken clients (docs/api.md "Limits").
  size_t max_request_head_bytes = 16 * 1024;  // request line + headers: 414 / 431 beyond
  size_t max_header_count = 64;               // header lines: 431 beyond
  size_t max_query_params = 64;               // query parameters: 400 too_many_parameters beyond
  int max_connections = 256;                  // open connections (served or waiting): 503 beyond
  int head_timeout_seconds = 10;              // the request head must arrive within this: 408
  int request_timeout_seconds = 30;           // a request and its response: closed beyond
  bool access_log = true;                     // one spdlog line per request
  // Rendered catalog replies kept while the catalog is unchanged (see
  // docs/api.md, "Server-side reuse"); 0 renders every request.
  size_t response_cache_bytes = size_t{16} * 1024 * 1024;
  // The clock, RFC 3339 UTC. Empty: NowUtc(). Tests inject a fixed one.
  std::function<std::string()> clock;

  // Admin operations (docs/api.md "Admin operations"). Without a token they
  // are disabled (403 admin_disabled); with one, they require
  // "Authorization: Bearer <token>" (at least 16 characters, printable ASCII).
  std::string admin_token;
  // POST /v1/admin/sync runs this command (argv) in a child process, e.g.
  // {"/usr/bin/gpucat", "sync", "--db", "<db_path>"}: the server itself only
  // ever holds read-only connections. Required when admin_token is set.
  std::vector<std::string> sync_command;
  // POST /v1/admin/pricing/reload reloads pricing_rules_path as SIGHUP does
  // (409 pricing_not_configured without one).
};

class Server {
 public:
  // Validates options and opens the catalog once, read-only, so that a bad
  // path fails here rather than on the first request. Errors: "invalid_option",
  // and Catalog::Open's ("catalog_open_failed", "catalog_not_migrated",
  // "catalog_too_new").
  static Result<std::unique_ptr<Server>> Create(const ServeOptions& options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds options.host:options.port (port 0: any free port). Error "bind_failed".
  Status Bind();
  // Binds options.host on a free port and returns it, or -1 on failure.
  int BindToAnyPort();
  // The bound port (0 before binding).
  int port() const;

  // Serves until Stop(); in-flight requests finish first. Requires Bind.
  // Error "serve_failed" if the listener fails.
  Status Run();
  // Run() that also stops on SIGINT or SIGTERM, and reloads the pricing rules
  // on SIGHUP (ReloadPricingRules; a failure is logged and the old rules stay).
  // Blocks the three signals in the calling thread (and so in the worker
  // threads it starts) and waits for them on a helper thread; restores the
  // signal mask before returning. Call it from the main thread before starting
  // other threads that should not get them.
  Status RunUntilSignal();
  // Re-reads options.pricing_rules_path and swaps the rules in force. On any
  // error (rules_unreadable, rules_invalid_json, rules_invalid,
  // rules_ambiguous; storefront_unavailable without a path) the rules in force
  // stay and the error is logged and returned. Thread-safe: requests in flight
  // finish with the rules they started with.
  Status ReloadPricingRules();
  // Stops accepting and makes Run return. Thread-safe, idempotent; not
  // async-signal-safe (RunUntilSignal is the way to stop on a signal).
  void Stop();
  // True once Run is accepting connections.
  bool running() const;

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gpucat
