// The gmo adapter: GMO GPUクラウド, from an offer sheet (reference §3).
// No capture of GMO's HTML price page (https://gpucloud.gmo/price/) exists,
// so gpucat does not pretend to parse it: the sheet states each figure with
// its source and doubt (snapshots/README.md). Configuration: `sheet_url`
// (env GPUCAT_GMO_SHEET_URL), see common/sheet_adapter.h.
#include "adapters.h"
#include "common/sheet_adapter.h"

namespace gpucat::providers {

std::unique_ptr<Adapter> MakeGmoAdapter() {
  return MakeSheetAdapter({"gmo", "gmo/1", "gmo.sheet", "https://gpucloud.gmo/price/"});
}

}  // namespace gpucat::providers
