// gpucat::Server (gpucat/server.h): options, lifecycle, signals. The HTTP
// behaviour lives in http_edge.cc, the services in routes.cc.
#include "gpucat/server.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <thread>

#include "server/admin.h"
#include "server/guarded_http.h"
#include "server/http_edge.h"
#include "server/routes.h"
#include "server/state.h"

namespace gpucat {

namespace {

server::ConnectionLimits LimitsOf(const ServeOptions& o) {
  server::ConnectionLimits l;
  l.threads = static_cast<size_t>(o.threads);
  l.max_head_bytes = o.max_request_head_bytes;
  l.max_header_count = o.max_header_count;
  l.head_timeout_seconds = o.head_timeout_seconds;
  l.request_timeout_seconds = o.request_timeout_seconds;
  l.max_connections = static_cast<size_t>(o.max_connections);
  return l;
}

}  // namespace

struct Server::Impl {
  explicit Impl(const ServeOptions& options)
      : state(options), http(LimitsOf(options), [this] { state.metrics.Observe("connection_limit", "-", 503, 0); }) {}
  server::ServerState state;
  server::GuardedServer http;
  int port = 0;
  // httplib's stop() is a no-op until listen has started; these close that
  // window so that a Stop() racing with Run() is never lost.
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> in_run{false};
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { Stop(); }

Result<std::unique_ptr<Server>> Server::Create(const ServeOptions& options) {
  auto invalid = [](const std::string& m) { return Status::Error("invalid_option", m); };
  if (options.db_path.empty()) return invalid("a catalog path is required");
  if (options.port < 0 || options.port > 65535) return invalid("port must be 0..65535");
  if (options.threads < 1 || options.threads > 1024) return invalid("threads must be 1..1024");
  if (options.age_resolution_seconds < 1) return invalid("age resolution must be at least 1 second");
  if (options.stale_after_seconds < 0) return invalid("stale TTL must not be negative");
  if (options.read_timeout_seconds < 1 || options.write_timeout_seconds < 1 || options.keep_alive_timeout_seconds < 1) {
    return invalid("timeouts must be >= 1 s");
  }
  if (options.head_timeout_seconds < 1 || options.request_timeout_seconds < options.head_timeout_seconds) {
    return invalid("head timeout must be >= 1 s and the request timeout at least the head timeout");
  }
  if (options.max_request_head_bytes < 1024 || options.max_header_count < 1 || options.max_query_params < 1 ||
      options.max_connections < options.threads) {
    return invalid("limits: head >= 1 KiB, >= 1 header and query parameter, max connections >= threads");
  }
  if (!options.admin_token.empty()) {
    // Never the token itself in a message.
    if (!server::IsValidAdminToken(options.admin_token)) {
      return invalid("the admin token must be " + std::to_string(server::kMinAdminTokenBytes) +
                     "..4096 printable ASCII characters without spaces");
    }
    if (options.sync_command.empty()) return invalid("an admin token needs a sync command");
  }

  auto impl = std::make_unique<Impl>(options);
  // Open once now: a wrong path or an unmigrated catalog fails `gpucat serve`
  // at start, with the store's message, rather than every request later.
  {
    auto first = impl->state.pool.Acquire();
    if (!first.ok()) return first.status();
  }  // the connection goes back to the pool for the first request
  // The storefront's rules: a missing or invalid file fails `gpucat serve` at
  // start with the loader's message (path, JSON pointer), like the catalog.
  if (!options.pricing_rules_path.empty()) {
    auto rules = LoadPricingRules(options.pricing_rules_path);
    if (!rules.ok()) return rules.status();
    impl->state.pricing.Set(std::make_shared<const PricingRules>(std::move(rules).value()));
    spdlog::info("pricing rules: loaded {} ({}; sha256 {})", options.pricing_rules_path,
                 options.pricing_rules_bundled_example ? "the bundled example: none configured" : "configured",
                 impl->state.pricing.Get()->digest());
  }

  httplib::Server& http = impl->http;
  // Workers, the connection limit and the per-request limits: GuardedServer.
  http.set_payload_max_length(options.max_body_bytes);
  http.set_read_timeout(options.read_timeout_seconds, 0);
  http.set_write_timeout(options.write_timeout_seconds, 0);
  http.set_keep_alive_max_count(static_cast<size_t>(options.keep_alive_max_count));
  http.set_keep_alive_timeout(options.keep_alive_timeout_seconds);
  // httplib writes the headers and then the body: without TCP_NODELAY, Nagle
  // holds a body shorter than one segment until the client ACKs the headers,
  // which a delayed ACK postpones by ~40 ms (measured: bench/results/notes.md).
  // Set on the listening socket; accepted sockets inherit it.
  http.set_tcp_nodelay(true);
  // httplib's default also sets SO_REUSEPORT, which lets a second
  // `gpucat serve` bind the same port and silently share its traffic.
  // SO_REUSEADDR alone allows a quick restart and makes a port in use an error.
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  // Static assets revalidate like the catalog: a new build must show at once.
  if (!options.web_root.empty() && !http.set_mount_point("/", options.web_root, {{"Cache-Control", "no-cache"}})) {
    return invalid("web root " + options.web_root + " is not a directory");
  }
  server::InstallRoutes(http, server::ApiRoutes(), impl->state);
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Status Server::Bind() {
  const auto& o = impl_->state.options;
  if (o.port == 0) {
    return BindToAnyPort() > 0 ? Status::Ok() : Status::Error("bind_failed", "cannot bind " + o.host + " on any port");
  }
  if (!impl_->http.bind_to_port(o.host, o.port)) {
    return Status::Error("bind_failed", "cannot bind " + o.host + ":" + std::to_string(o.port) +
                                            " (in use, or not an address of this host)");
  }
  impl_->port = o.port;
  return Status::Ok();
}

int Server::BindToAnyPort() {
  const int port = impl_->http.bind_to_any_port(impl_->state.options.host);
  impl_->port = port > 0 ? port : 0;
  return port > 0 ? port : -1;
}

int Server::port() const { return impl_->port; }

Status Server::Run() {
  if (impl_->port == 0) return Status::Error("serve_failed", "Run() before Bind()");
  impl_->in_run.store(true);
  if (impl_->stop_requested.load()) {
    impl_->in_run.store(false);
    return Status::Ok();
  }
  spdlog::info("serving {} on http://{}:{}", impl_->state.options.db_path, impl_->state.options.host, impl_->port);
  const bool ok = impl_->http.listen_after_bind();
  impl_->in_run.store(false);
  if (!ok) return Status::Error("serve_failed", "the listening socket failed");
  spdlog::info("server stopped");
  return Status::Ok();
}

Status Server::RunUntilSignal() {
  sigset_t signals, previous;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  // Blocked here, so in every thread started from now on (the waiter and the
  // worker pool): the signals stay pending until the waiter's sigwait takes one.
  pthread_sigmask(SIG_BLOCK, &signals, &previous);
  std::atomic<bool> done{false};
  std::thread waiter([&] {
    // Waits in short slices so that it also ends when Run returns for another
    // reason (Stop from elsewhere, a listener failure) without signalling
    // itself. Work happens here, on the waiter thread, never in a handler.
    const timespec slice{0, 100L * 1000 * 1000};  // 100 ms
    while (!done.load()) {
      const int sig = sigtimedwait(&signals, nullptr, &slice);
      if (sig == SIGHUP) {
        // Work on the waiter thread, never in a handler: reload, log, wait on.
        spdlog::info("SIGHUP: reloading the pricing rules");
        (void)ReloadPricingRules();
        continue;
      }
      if (sig == SIGINT || sig == SIGTERM) {
        spdlog::info("signal {}: stopping after in-flight requests", sig);
        Stop();
        return;
      }
    }
  });
  Status st = Run();
  done.store(true);
  waiter.join();
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return st;
}

Status Server::ReloadPricingRules() { return impl_->state.ReloadPricingRules(); }

void Server::Stop() {
  impl_->stop_requested.store(true);
  // Run has committed to listening but httplib may not be accepting yet:
  // wait (briefly: listen_after_bind starts its loop at once) until it is, or
  // until Run has returned, then stop it.
  while (impl_->in_run.load() && !impl_->http.is_running()) std::this_thread::yield();
  impl_->http.stop();
}

bool Server::running() const { return impl_->http.is_running(); }

}  // namespace gpucat
