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
  specs.push_back({"web-root", true, false, "static catalog page directory (default: the bundled web/)"});
  specs.push_back({"quiet", false, false, "no access log"});
  specs.push_back({"cache-mb", true, false, "MiB of replies reused while the catalog is unchanged (16; 0 = off)"});
  Args args;
  if (auto exit = ParseOrExit(argv, specs, "gpucat serve [--db FILE] [--host 127.0.0.1] [--port 8080]",
                              "Serves the catalog read-only over HTTP until SIGINT/SIGTERM.", args)) {
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
  const std::string bundled_web = GPUCAT_DATA_DIR "/web/dist";
  options.web_root = args.Get("web-root").value_or(std::filesystem::is_directory(bundled_web) ? bundled_web : "");
  options.access_log = !args.Has("quiet");

  auto server = Server::Create(options);
  if (!server.ok()) return Fail(server.status());
  if (auto st = server.value()->Bind(); !st.ok()) return Fail(st);
  const std::string host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  std::printf("gpucat: serving %s at http://%s:%d/  (API: http://%s:%d/v1/offers, docs: /openapi.json)\n",
              options.db_path.c_str(), host.c_str(), server.value()->port(), host.c_str(), server.value()->port());
  std::fflush(stdout);
  if (auto st = server.value()->RunUntilSignal(); !st.ok()) return Fail(st);
  spdlog::info("gpucat: stopped");
  return 0;
}

}  // namespace gpucat::cli
