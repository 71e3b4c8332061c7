// gpucat serve: the read-only HTTP API (src/server) over the catalog.
#include <spdlog/spdlog.h>

#include <filesystem>

#include "cli/commands.h"
#include "cli/common.h"
#include "gpucat/server.h"

namespace gpucat::cli {

int RunServe(const Argv& argv) {
  auto specs = CatalogOptions();
  specs.push_back({"host", true, false, "address to listen on (default 127.0.0.1)"});
  specs.push_back({"port", true, false, "port (default 8080; 0 = any free port)"});
  specs.push_back({"threads", true, false, "worker threads = concurrent requests (default 8)"});
  specs.push_back({"web-root", true, false, "static catalog page directory (default: the bundled web/public)"});
  specs.push_back({"pricing-rules", true, false,
                   "sell-price rules for /v1/storefront/* (default: config pricing_rules, else the bundled example)"});
  specs.push_back({"quiet", false, false, "no access log"});
  specs.push_back({"admin-token-file", true, false,
                   "enable admin operations with the token in FILE (mode 0600; also the config's admin_token_file, "
                   "$GPUCAT_ADMIN_TOKEN)"});
  specs.push_back({"sync-live", false, false, "POST /v1/admin/sync fetches live (default: bundled snapshots)"});
  specs.push_back({"max-connections", true, false, "open connections before new ones get 503 (default 256)"});
  specs.push_back({"cache-mb", true, false, "MiB of replies reused while the catalog is unchanged (16; 0 = off)"});
  Args args;
  if (auto exit =
          ParseOrExit(argv, specs, "gpucat serve [--db FILE] [--host 127.0.0.1] [--port 8080] [--pricing-rules FILE]",
                      "Serves the catalog read-only over HTTP until SIGINT/SIGTERM.\n"
                      "SIGHUP reloads the pricing rules (a bad file is logged and the rules in force stay).",
                      args)) {
    return *exit;
  }
  auto config = ResolveConfig(args);
  if (!config.ok()) return Fail(config.status());
  ServeOptions options;
  options.db_path = ResolveDbPath(args, config.value());
  options.stale_after_seconds = config.value().stale_after_seconds;
  options.host = args.Get("host").value_or("127.0.0.1");
  auto port = args.GetInt("port");
  auto threads = args.GetInt("threads");
  auto cache_mb = args.GetInt("cache-mb");
  if (!port.ok()) return Fail(port.status(), 2);
  if (!threads.ok()) return Fail(threads.status(), 2);
  if (!cache_mb.ok()) return Fail(cache_mb.status(), 2);
  if (cache_mb.value()) {
    if (*cache_mb.value() < 0 || *cache_mb.value() > 4096) {
      return Fail(Status::Error("usage", "--cache-mb is 0..4096"), 2);
    }
    options.response_cache_bytes = static_cast<size_t>(*cache_mb.value()) * 1024 * 1024;
  }
  if (port.value()) {
    if (*port.value() < 0 || *port.value() > 65535) return Fail(Status::Error("usage", "--port is 0..65535"), 2);
    options.port = static_cast<int>(*port.value());
  }
  if (threads.value()) {
    if (*threads.value() < 1 || *threads.value() > 256) return Fail(Status::Error("usage", "--threads is 1..256"), 2);
    options.threads = static_cast<int>(*threads.value());
  }
  // The storefront's rules: --pricing-rules, else the config's pricing_rules
  // (GPUCAT_PRICING_RULES), else the documented example, so that a fresh
  // clone serves a working storefront; the feed names the file in force and
  // marks the example as such (pricing_rules.source = "bundled_example").
  if (auto rules = args.Get("pricing-rules")) {
    options.pricing_rules_path = *rules;
  } else if (!config.value().pricing_rules_path.empty()) {
    options.pricing_rules_path = config.value().pricing_rules_path;
  } else {
    options.pricing_rules_path = GPUCAT_DATA_DIR "/docs/pricing-rules.example.json";
    options.pricing_rules_bundled_example = true;
  }
  const std::string bundled_web = GPUCAT_DATA_DIR "/web/public";
  options.web_root = args.Get("web-root").value_or(std::filesystem::is_directory(bundled_web) ? bundled_web : "");
  options.access_log = !args.Has("quiet");
  auto max_connections = args.GetInt("max-connections");
  if (!max_connections.ok()) return Fail(max_connections.status(), 2);
  if (max_connections.value()) {
    if (*max_connections.value() < options.threads || *max_connections.value() > 100000) {
      return Fail(Status::Error("usage", "--max-connections is --threads..100000"), 2);
    }
    options.max_connections = static_cast<int>(*max_connections.value());
  }

  // Admin operations: a token from --admin-token-file, else the config's
  // (GPUCAT_ADMIN_TOKEN[_FILE], admin_token[_file]); none: disabled.
  options.admin_token = config.value().admin_token;
  if (auto file = args.Get("admin-token-file")) {
    auto token = ReadSecretsFile(*file);
    if (!token.ok()) return Fail(token.status());
    options.admin_token = std::move(token).value();
  }
  if (!options.admin_token.empty()) {
    // The sync runs as `gpucat sync` in a child process on the same catalog
    // and configuration; the server keeps only read-only connections.
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return Fail(Status::Error("invalid_option", "cannot find the gpucat executable for admin syncs"));
    options.sync_command = {self.string(), "sync", "--db", options.db_path, "--format", "json"};
    if (auto path = args.Get("config")) {
      options.sync_command.push_back("--config");
      options.sync_command.push_back(*path);
    }
    if (args.Has("sync-live")) options.sync_command.push_back("--live");
  }

  auto server = Server::Create(options);
  if (!server.ok()) return Fail(server.status());
  if (auto st = server.value()->Bind(); !st.ok()) return Fail(st);
  const std::string host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  std::printf("gpucat: serving %s at http://%s:%d/  (API: http://%s:%d/v1/offers, docs: /openapi.json)\n",
              options.db_path.c_str(), host.c_str(), server.value()->port(), host.c_str(), server.value()->port());
  std::printf("gpucat: storefront sell prices from %s%s; SIGHUP reloads them\n", options.pricing_rules_path.c_str(),
              options.pricing_rules_bundled_example ? " (the bundled example: no rules configured)" : "");
  std::fflush(stdout);
  if (auto st = server.value()->RunUntilSignal(); !st.ok()) return Fail(st);
  spdlog::info("gpucat: stopped");
  return 0;
}

}  // namespace gpucat::cli
