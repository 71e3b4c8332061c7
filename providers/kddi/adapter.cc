// The kddi adapter: KDDI GPU Cloud (GB200 NVL72), from an offer sheet
// (reference §4). KDDI publishes no price: the sheet holds quote offers.
//
// Configuration keys (env GPUCAT_KDDI_<KEY>):
//   sheet_url  where a live offer sheet is served; unset: read from the
//              snapshot directory only (params["fetch"] = "snapshot").
#include <string>
#include <vector>

#include "adapters.h"
#include "common/guard.h"
#include "common/sheet.h"

namespace gpucat::providers {
namespace {

class KddiAdapter final : public Adapter {
 public:
  std::string name() const override { return "kddi"; }
  std::string version() const override { return "kddi/1"; }

  std::vector<SourceSpec> sources(const ProviderConfig& config) const override {
    SourceSpec s;
    s.id = "kddi.sheet";
    s.kind = SourceKind::kSheet;
    s.parser = "sheet";
    s.snapshot_file = "offer-sheet.json";
    auto it = config.find("sheet_url");
    if (it != config.end() && !it->second.empty()) {
      s.url = it->second;
    } else {
      s.url = "https://biz.kddi.com/beconnected/feature/2026/260220/";  // provenance: see the sheet
      s.params["fetch"] = "snapshot";
    }
    return {s};
  }

  Result<ParseResult> Parse(const Document& document) const override {
    return Guarded([&]() -> Result<ParseResult> {
      if (document.source.parser != "sheet") {
        return Status::Error("unknown_parser", "kddi has no parser \"" + document.source.parser + "\"");
      }
      return ParseOfferSheet(document, "kddi");
    });
  }
};

}  // namespace

std::unique_ptr<Adapter> MakeKddiAdapter() { return std::make_unique<KddiAdapter>(); }

}  // namespace gpucat::providers
