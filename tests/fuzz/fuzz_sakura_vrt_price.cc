// libFuzzer target: Sakura's public price API (VRT), through the adapter and Normalize().
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gpucat::fuzz::ParseDocument("sakura", "vrt-price", data, size);
  return 0;
}
