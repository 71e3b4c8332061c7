// sync: the real sync path over a gen-docs directory.
//
// Every registered adapter (AllAdapters(): sakura, gpusoroban, gmo, kddi)
// plus, registered here only, one offer-sheet adapter per alliance member
// (m001, ...) with one source per sheet; the real snapshot fetcher, the real
// ParseOfferSheet / VRT / DOK / HTML parsers, Normalize, SyncProvider and
// Catalog::ApplySync, one transaction per provider, as `gpucat sync --from`.
//
// Flags: --from DIR --db FILE   sync into FILE (created if absent)
//        --dry-run              fetch + parse + normalize only, no catalog
//        --create-only          create and migrate FILE, then stop
// Prints one JSON object: wall_ms, peak_rss_kib, offers, new, changed,
// withdrawn, rejected, history_rows, rows_written, failures. Exit status 3 when
// the documents did not all turn into offers (a generator/adapter mismatch).
#include "gpucat/sync.h"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "bench.h"
#include "common/guard.h"
#include "common/sheet.h"
#include "gpucat/adapter.h"
#include "gpucat/catalog.h"
#include "gpucat/fetch.h"

namespace gpucat::bench {
namespace {

class MemberSheetAdapter final : public Adapter {
 public:
  MemberSheetAdapter(std::string name, int64_t sheets) : name_(std::move(name)), sheets_(sheets) {}
  std::string name() const override { return name_; }
  std::string version() const override { return name_ + "/1"; }
  std::vector<SourceSpec> sources(const ProviderConfig&) const override {
    std::vector<SourceSpec> out;
    for (int64_t i = 0; i < sheets_; ++i) {
      std::string n = std::to_string(i);
      while (n.size() < 3) n.insert(0, "0");
      SourceSpec s;
      s.id = name_ + ".sheet." + n;
      s.kind = SourceKind::kSheet;
      s.parser = "sheet";
      s.url = "https://" + name_ + ".example.jp/gpu/prices";
      s.snapshot_file = "sheet-" + n + ".json";
      s.params["fetch"] = "snapshot";
      out.push_back(std::move(s));
    }
    return out;
  }
  Result<ParseResult> Parse(const Document& document) const override {
    return providers::Guarded([&]() { return providers::ParseOfferSheet(document, name_); });
  }

 private:
  std::string name_;
  int64_t sheets_;
};

}  // namespace

int Sync(const Flags& f) {
  const auto t0 = Clock::now();
  const std::string dir = f.Required("from");
  const nlohmann::json layout = nlohmann::json::parse(ReadFile(dir + "/layout.json"));
  std::vector<std::unique_ptr<Adapter>> adapters = AllAdapters();
  for (const auto& m : layout.at("members")) {
    adapters.push_back(
        std::make_unique<MemberSheetAdapter>(m.at("name").get<std::string>(), m.at("sheets").get<int64_t>()));
  }
  std::map<std::string, ProviderConfig> config;
  std::string zones;
  for (const auto& z : layout.at("sakura_zones")) zones += (zones.empty() ? "" : ",") + z.get<std::string>();
  config["sakura"]["zones"] = zones;

  auto fetcher = MakeSnapshotFetcher(dir);
  nlohmann::json out;
  int64_t offers = 0, rejected = 0, news = 0, changed = 0, withdrawn = 0, history = 0;
  std::vector<std::string> failures;

  if (f.Has("dry-run")) {
    for (const auto& a : adapters) {
      for (const SourceSpec& s : a->sources(config[a->name()])) {
        auto fetched = fetcher->Fetch(a->name(), s, {});
        if (!fetched.ok()) {
          failures.push_back(s.id + ": " + fetched.status().ToString());
          continue;
        }
        auto checked = ParseAndNormalize(*a, *fetched.value().document);
        if (!checked.ok()) {
          failures.push_back(s.id + ": " + checked.status().ToString());
          continue;
        }
        offers += static_cast<int64_t>(checked.value().offers.size());
        rejected += static_cast<int64_t>(checked.value().rejects.size());
        for (const auto& r : checked.value().rejects) {
          if (rejected < 5)
            std::fprintf(stderr, "reject %s %s: %s\n", r.locator.c_str(), r.reason_code.c_str(), r.detail.c_str());
        }
      }
    }
  } else {
    auto catalog = Catalog::Open(f.Required("db"));
    if (!catalog.ok()) Die(catalog.status().ToString());
    if (f.Has("create-only")) return 0;
    sqlite3* db = catalog.value()->handle();
    const int64_t changes0 = sqlite3_total_changes64(db);
    for (const auto& a : adapters) {
      auto s = SyncProvider(*catalog.value(), *a, *fetcher, config[a->name()]);
      if (!s.ok()) Die(a->name() + ": " + s.status().ToString());
      const SyncSummary& sum = s.value();
      offers += sum.offers;
      rejected += sum.rejected;
      news += sum.new_offers;
      changed += sum.changed;
      withdrawn += sum.withdrawn;
      history += sum.history_rows;
      for (const auto& fl : sum.failures) failures.push_back(fl.source_id + ": " + fl.code);
    }
    out["rows_written"] = sqlite3_total_changes64(db) - changes0;
  }
  out["wall_ms"] = MsSince(t0);
  out["peak_rss_kib"] = PeakRssKib();
  out["offers"] = offers;
  out["new"] = news;
  out["changed"] = changed;
  out["withdrawn"] = withdrawn;
  out["rejected"] = rejected;
  out["history_rows"] = history;
  out["failures"] = failures;
  std::printf("%s\n", out.dump().c_str());
  const int64_t expected = layout.at("offers").get<int64_t>();
  if (offers != expected || rejected != 0 || !failures.empty()) {
    std::fprintf(stderr, "sync: expected %lld offers and no rejects or failures; see above\n",
                 static_cast<long long>(expected));
    return 3;
  }
  return 0;
}

}  // namespace gpucat::bench
