// libFuzzer target: gpucat offer sheets, read by each adapter that reads
// sheets (GMO, KDDI, Sakura PHY), through Normalize(). Every input goes to all
// three, so a sheet naming one provider is both accepted and refused
// (sheet_provider_mismatch).
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  for (const char* provider : {"gmo", "kddi", "sakura"}) gpucat::fuzz::ParseDocument(provider, "sheet", data, size);
  return 0;
}
