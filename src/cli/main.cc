// gpucat: a thin dispatcher over the libraries. Every command lives in its own
// cmd_*.cc; exceptions are truly exceptional and are caught once, here.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace {

struct Command {
  const char* name;
  int (*run)(const gpucat::cli::Argv&);
  const char* summary;
};

const Command kCommands[] = {
    {"sync", gpucat::cli::RunSync, "ingest provider documents (bundled snapshots by default) into the catalog"},
    {"serve", gpucat::cli::RunServe, "serve the catalog over HTTP (read-only)"},
    {"offers", gpucat::cli::RunOffers, "list offers, filtered and sorted, as a table, JSON or CSV"},
    {"compare", gpucat::cli::RunCompare, "compare providers for one GPU model on JPY per GPU-hour"},
    {"estimate", gpucat::cli::RunEstimate, "what N GPUs for H hours cost at each provider, all in, explained"},
    {"providers", gpucat::cli::RunProviders, "each provider's last sync, status, offers and staleness"},
    {"check", gpucat::cli::RunCheck, "parse one document with one source's parser, without the catalog"},
    {"rejects", gpucat::cli::RunRejects, "records that were rejected, with the reason"},
    {"history", gpucat::cli::RunHistory, "an offer's price history, newest first"},
};

void Usage(std::FILE* out) {
  std::fprintf(out, "usage: gpucat <command> [options]   (gpucat <command> --help for its options)\n\n");
  for (const auto& c : kCommands) std::fprintf(out, "  %-10s %s\n", c.name, c.summary);
}

}  // namespace

int main(int argc, char** argv) {
  // A peer that closes a TLS or HTTP connection must be an error value, not a
  // process-killing signal.
  std::signal(SIGPIPE, SIG_IGN);
  // Logs (fetch attempts, the access log) go to stderr: stdout is the
  // command's output, e.g. `gpucat sync --format json`, which must stay JSON.
  spdlog::set_default_logger(spdlog::stderr_color_mt("gpucat"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  if (argc < 2) {
    Usage(stderr);
    return 2;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    Usage(stdout);
    return 0;
  }
  if (name == "--version") {
    std::printf("gpucat %s\n", GPUCAT_VERSION);
    return 0;
  }
  const std::vector<std::string> args(argv + 2, argv + argc);
  for (const auto& c : kCommands) {
    if (name != c.name) continue;
    try {
      return c.run(args);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "gpucat: internal error: %s\n", e.what());
      return 1;
    }
  }
  std::fprintf(stderr, "gpucat: unknown command \"%s\" (see gpucat --help)\n", name.c_str());
  return 2;
}
