// The read-only HTTP API over a catalog (`gpucat serve`).
//
// Endpoints, parameters and errors: schema/openapi.json (also served at
// /openapi.json). Caching, ETags, ages and logs: docs/api.md.
//
// Usage (what main does):
//   auto server = gpucat::Server::Create(options);   // opens the catalog once
//   if (!server.ok()) ...                            // catalog_open_failed, ...
//   if (auto st = server.value()->Bind(); !st.ok()) ...
//   server.value()->RunUntilSignal();                // SIGINT/SIGTERM: graceful stop
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

#include "gpucat/status.h"

namespace gpucat {

struct ServeOptions {
  std::string db_path;                         // the catalog; opened read-only
  std::string host = "127.0.0.1";              // loopback unless told otherwise
  int port = 8080;                             // 0: any free port (see port())
  int64_t stale_after_seconds = 24 * 3600;     // offers not seen for longer are stale
  // Ages and staleness are computed against the request time rounded down to
  // this many seconds, so that a response (and its strong ETag) stays the same
  // for that long when the catalog does not change. 1 = exact.
  int64_t age_resolution_seconds = 60;
  std::string web_root;                        // static files at "/"; "" = none
  int threads = 8;                             // worker threads (= max concurrent requests)
  size_t max_body_bytes = 64 * 1024;           // larger request bodies: 413
  int read_timeout_seconds = 5;                // slow clients are dropped
  int write_timeout_seconds = 5;
  int keep_alive_max_count = 100;              // requests per connection
  bool access_log = true;                      // one spdlog line per request
  // Rendered catalog replies kept while the catalog is unchanged (see
  // docs/api.md, "Server-side reuse"); 0 renders every request.
  size_t response_cache_bytes = size_t{16} * 1024 * 1024;
  // The clock, RFC 3339 UTC. Empty: NowUtc(). Tests inject a fixed one.
  std::function<std::string()> clock;
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
  // Run() that also stops on SIGINT or SIGTERM. Blocks both signals in the
  // calling thread (and so in the worker threads it starts) and waits for them
  // on a helper thread; restores the signal mask before returning. Call it from
  // the main thread before starting other threads that should not get them.
  Status RunUntilSignal();
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
