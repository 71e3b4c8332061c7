// Which source `gpucat check --source SOURCE FILE` means. The check itself
// (parse + normalize, no catalog) is gpucat::ParseAndNormalize in
// gpucat/sync.h; this resolves SOURCE, which may be (first match wins):
//   * a source id as sources() lists it ("sakura.vrt.is1a", "gmo.sheet");
//   * "<provider>.<parser>" ("sakura.dok-unit-prices", "kddi.sheet");
//   * "sakura.vrt.<zone>" for any zone id, configured or not;
//   * "sheet": the sheet's own "provider" picks the adapter (so a partner's
//     GMO sheet is not read by the first adapter that has a sheet parser);
//   * a parser name only one provider has ("vrt-price", "instances-page");
//   * a provider name with a single source ("gmo").
// Thread-safety: pure (adapters are stateless).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gpucat/adapter.h"
#include "gpucat/status.h"

namespace gpucat::providers {

struct CheckTarget {
  const Adapter* adapter = nullptr;
  SourceSpec source;
};

// `configs`: provider name -> its configuration (missing: defaults).
// Errors: "unknown_source" (the message lists the known source ids),
// "ambiguous_source" (a parser name several providers have, or "sheet" for
// a body that names no provider: name the source).
Result<CheckTarget> FindCheckSource(const std::vector<std::unique_ptr<Adapter>>& adapters, std::string_view name,
                                    std::string_view body, const std::map<std::string, ProviderConfig>& configs = {});

}  // namespace gpucat::providers
