// The gpusoroban adapter (HighReso GPUSOROBAN): two public HTML pages.
// Spec: shared/reference/providers.md §2. No API, CSV or feed exists [S].
//
// Configuration keys (env GPUCAT_GPUSOROBAN_<KEY>):
//   aispacon_url   default https://soroban.highreso.jp/aispacon
//   instances_url  default https://soroban.highreso.jp/compute/instances
#include <string>
#include <vector>

#include "adapters.h"
#include "common/guard.h"
#include "gpusoroban/soroban.h"

namespace gpucat::providers {
namespace {

std::string Get(const ProviderConfig& c, const std::string& key, const std::string& fallback) {
  auto it = c.find(key);
  return it == c.end() || it->second.empty() ? fallback : it->second;
}

class GpusorobanAdapter final : public Adapter {
 public:
  std::string name() const override { return gpusoroban::kProvider; }
  std::string version() const override { return "gpusoroban/1"; }

  std::vector<SourceSpec> sources(const ProviderConfig& config) const override {
    SourceSpec a;
    a.id = "gpusoroban.aispacon";
    a.kind = SourceKind::kPage;
    a.parser = "aispacon-page";
    a.url = Get(config, "aispacon_url", "https://soroban.highreso.jp/aispacon");
    a.snapshot_file = "aispacon.html";
    SourceSpec i;
    i.id = "gpusoroban.instances";
    i.kind = SourceKind::kPage;
    i.parser = "instances-page";
    i.url = Get(config, "instances_url", "https://soroban.highreso.jp/compute/instances");
    i.snapshot_file = "instances.html";
    return {a, i};
  }

  Result<ParseResult> Parse(const Document& document) const override {
    return Guarded([&]() -> Result<ParseResult> {
      const std::string& parser = document.source.parser;
      if (parser == "aispacon-page") return gpusoroban::ParseAispaconPage(document);
      if (parser == "instances-page") return gpusoroban::ParseInstancesPage(document);
      return Status::Error("unknown_parser", "gpusoroban has no parser \"" + parser + "\"");
    });
  }
};

}  // namespace

std::unique_ptr<Adapter> MakeGpusorobanAdapter() { return std::make_unique<GpusorobanAdapter>(); }

}  // namespace gpucat::providers
