#include "common/sheet_adapter.h"

#include <utility>
#include <vector>

#include "common/guard.h"
#include "common/sheet.h"

namespace gpucat::providers {
namespace {

class SheetAdapter final : public Adapter {
 public:
  explicit SheetAdapter(SheetAdapterSpec spec) : spec_(std::move(spec)) {}
  std::string name() const override { return spec_.name; }
  std::string version() const override { return spec_.version; }

  std::vector<SourceSpec> sources(const ProviderConfig& config) const override {
    SourceSpec s;
    s.id = spec_.source_id;
    s.kind = SourceKind::kSheet;
    s.parser = "sheet";
    s.snapshot_file = "offer-sheet.json";
    auto it = config.find("sheet_url");
    if (it != config.end() && !it->second.empty()) {
      s.url = it->second;
    } else {
      s.url = spec_.page_url;
      s.params["fetch"] = "snapshot";
    }
    return {s};
  }

  Result<ParseResult> Parse(const Document& document) const override {
    return Guarded([&]() -> Result<ParseResult> {
      if (document.source.parser != "sheet") {
        return Status::Error("unknown_parser", spec_.name + " has no parser \"" + document.source.parser + "\"");
      }
      return ParseOfferSheet(document, spec_.name);
    });
  }

 private:
  SheetAdapterSpec spec_;
};

}  // namespace

std::unique_ptr<Adapter> MakeSheetAdapter(SheetAdapterSpec spec) {
  return std::make_unique<SheetAdapter>(std::move(spec));
}

}  // namespace gpucat::providers
