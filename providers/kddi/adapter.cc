// The kddi adapter: KDDI GPU Cloud (GB200 NVL72), from an offer sheet
// (reference §4). KDDI publishes no price, sales unit or billing period: the
// sheet holds a quote offer. Its URL of record is KDDI's report on the Osaka
// Sakai data centre, not a price page. Configuration: `sheet_url` (env
// GPUCAT_KDDI_SHEET_URL), see common/sheet_adapter.h.
#include "adapters.h"
#include "common/sheet_adapter.h"

namespace gpucat::providers {

std::unique_ptr<Adapter> MakeKddiAdapter() {
  return MakeSheetAdapter({"kddi", "kddi/1", "kddi.sheet", "https://biz.kddi.com/beconnected/feature/2026/260220/"});
}

}  // namespace gpucat::providers
