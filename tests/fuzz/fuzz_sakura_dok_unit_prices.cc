// libFuzzer target: Sakura 高火力 DOK unit prices, through the adapter and Normalize().
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gpucat::fuzz::ParseDocument("sakura", "dok-unit-prices", data, size);
  return 0;
}
