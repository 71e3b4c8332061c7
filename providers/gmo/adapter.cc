// The gmo adapter: GMO GPUクラウド, from an offer sheet (reference §3).
// No capture of GMO's HTML price page exists, so gpucat does not pretend to
// parse it: the sheet states each figure with its source and doubt.
//
// Configuration keys (env GPUCAT_GMO_<KEY>):
//   sheet_url  where a live offer sheet is served; unset: read from the
//              snapshot directory only (params["fetch"] = "snapshot").
#include <string>
#include <vector>

#include "adapters.h"
#include "common/guard.h"
#include "common/sheet.h"

namespace gpucat::providers {
namespace {

class GmoAdapter final : public Adapter {
 public:
  std::string name() const override { return "gmo"; }
  std::string version() const override { return "gmo/1"; }

  std::vector<SourceSpec> sources(const ProviderConfig& config) const override {
    SourceSpec s;
    s.id = "gmo.sheet";
    s.kind = SourceKind::kSheet;
    s.parser = "sheet";
    s.snapshot_file = "offer-sheet.json";
    auto it = config.find("sheet_url");
    if (it != config.end() && !it->second.empty()) {
      s.url = it->second;
    } else {
      s.url = "https://gpucloud.gmo/price/";  // provenance: the page the sheet stands for
      s.params["fetch"] = "snapshot";
    }
    return {s};
  }

  Result<ParseResult> Parse(const Document& document) const override {
    return Guarded([&]() -> Result<ParseResult> {
      if (document.source.parser != "sheet") {
        return Status::Error("unknown_parser", "gmo has no parser \"" + document.source.parser + "\"");
      }
      return ParseOfferSheet(document, "gmo");
    });
  }
};

}  // namespace

std::unique_ptr<Adapter> MakeGmoAdapter() { return std::make_unique<GmoAdapter>(); }

}  // namespace gpucat::providers
