// gpucat sync: fetch -> parse -> normalize -> store, one provider at a time.
#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/commands.h"
#include "cli/common.h"
#include "gpucat/sync.h"
#include "gpucat/view.h"

namespace gpucat::cli {

int RunSync(const Argv& argv) {
  auto specs = CatalogOptions();
  specs.push_back({"provider", true, true, "sync only this provider"});
  specs.push_back({"from", true, false, "snapshot root: DIR/<provider>[/snapshots]/<file> (default: bundled data)"});
  specs.push_back({"live", false, false, "fetch live over HTTPS (sheet-only sources still come from --from)"});
  specs.push_back({"format", true, false, "text (default) or json"});
  specs.push_back({"fetch-timeout", true, false, "live: seconds to wait for data, per read (default 15)"});
  specs.push_back({"fetch-attempts", true, false, "live: attempts per source, retrying 5xx and timeouts (default 3)"});
  specs.push_back({"allow-plain-http", false, false, "live, TESTS ONLY: also fetch http:// URLs (no TLS)"});
  Args args;
  if (auto exit = ParseOrExit(argv, specs, "gpucat sync [--provider NAME] [--from DIR | --live] [--db FILE]",
                              "Ingests every provider's documents into the catalog, each provider in one "
                              "transaction.\nA source that fails keeps its previous offers; exit status 3 says so.",
                              args)) {
    return *exit;
  }
  const bool live = args.Has("live");
  if (!live && (args.Has("fetch-timeout") || args.Has("fetch-attempts") || args.Has("allow-plain-http"))) {
    return Fail(Status::Error("usage", "--fetch-timeout, --fetch-attempts and --allow-plain-http need --live"), 2);
  }
  HttpsOptions https;
  auto timeout = args.GetInt("fetch-timeout");
  auto attempts = args.GetInt("fetch-attempts");
  if (!timeout.ok()) return Fail(timeout.status(), 2);
  if (!attempts.ok()) return Fail(attempts.status(), 2);
  if (timeout.value()) {
    if (*timeout.value() < 1 || *timeout.value() > 600)
      return Fail(Status::Error("usage", "--fetch-timeout is 1..600"), 2);
    https.read_timeout_ms = static_cast<int>(*timeout.value() * 1000);
    https.connect_timeout_ms = std::min(https.connect_timeout_ms, https.read_timeout_ms);
  }
  if (attempts.value()) {
    if (*attempts.value() < 1 || *attempts.value() > 10)
      return Fail(Status::Error("usage", "--fetch-attempts is 1..10"), 2);
    https.max_attempts = static_cast<int>(*attempts.value());
  }
  https.allow_plain_http = args.Has("allow-plain-http");
  const std::string format = args.Get("format").value_or("text");
  if (format != "text" && format != "json") return Fail(Status::Error("usage", "--format is text or json"), 2);

  auto config = ResolveConfig(args);
  if (!config.ok()) return Fail(config.status());
  auto adapters = AllAdapters();
  std::set<std::string> wanted;
  for (const auto& p : args.GetAll("provider")) {
    bool known = false;
    for (const auto& a : adapters) known = known || a->name() == p;
    if (!known) {
      std::string names;
      for (const auto& a : adapters) names += (names.empty() ? "" : ", ") + a->name();
      return Fail(Status::Error("usage", "unknown provider \"" + p + "\" (known: " + names + ")"), 2);
    }
    wanted.insert(p);
  }

  Catalog::Options options;
  options.stale_after_seconds = config.value().stale_after_seconds;
  auto catalog = Catalog::Open(ResolveDbPath(args, config.value()), options);
  if (!catalog.ok()) return Fail(catalog.status());

  const std::string snapshot_root = args.Get("from").value_or(GPUCAT_DATA_DIR "/providers");
  std::unique_ptr<Fetcher> fetcher = live ? MakeLiveFetcher(snapshot_root, https) : MakeSnapshotFetcher(snapshot_root);
  int exit_code = 0;
  nlohmann::json out = nlohmann::json::array();
  for (const auto& adapter : adapters) {
    if (!wanted.empty() && !wanted.count(adapter->name())) continue;
    const auto& pc = config.value().providers;
    const auto it = pc.find(adapter->name());
    auto summary = SyncProvider(*catalog.value(), *adapter, *fetcher, it == pc.end() ? ProviderConfig{} : it->second);
    if (!summary.ok()) {
      std::fprintf(stderr, "gpucat: %s: %s\n", adapter->name().c_str(), summary.status().ToString().c_str());
      exit_code = 1;
      continue;
    }
    const SyncSummary& s = summary.value();
    // Offline, a configured source with no bundled snapshot is a known gap
    // (reported, recorded on the source), not a failure of this sync.
    std::vector<std::string> not_bundled;
    bool failed = false;
    for (const auto& f : s.failures) {
      if (!live && f.code == "snapshot_missing") {
        not_bundled.push_back(f.source_id);
      } else {
        failed = true;
      }
    }
    if (failed && exit_code == 0) exit_code = 3;
    if (format == "json") {
      out.push_back(SyncSummaryToJson(s));
      continue;
    }
    std::printf(
        "%-11s %-8s offers %-4lld new %-4lld changed %-4lld withdrawn %-4lld rejected %-4lld dropped %-4lld"
        " catalog v%lld\n",
        s.provider.c_str(), s.status.c_str(), static_cast<long long>(s.offers), static_cast<long long>(s.new_offers),
        static_cast<long long>(s.changed), static_cast<long long>(s.withdrawn), static_cast<long long>(s.rejected),
        static_cast<long long>(s.dropped), static_cast<long long>(s.catalog_version));
    if (!not_bundled.empty()) {
      std::string ids;
      for (const auto& id : not_bundled) ids += (ids.empty() ? "" : ", ") + id;
      std::printf("            no snapshot bundled for %s (configured, not read)\n", ids.c_str());
    }
    if (failed) std::printf("            FAILED sources kept their previous offers: %s\n", s.error.c_str());
  }
  if (format == "json") std::printf("%s\n", out.dump(2).c_str());
  return exit_code;
}

}  // namespace gpucat::cli
