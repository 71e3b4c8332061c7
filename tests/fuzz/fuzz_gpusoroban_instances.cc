// libFuzzer target: the GPUSOROBAN instances page (gumbo HTML), through the adapter and Normalize().
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gpucat::fuzz::ParseDocument("gpusoroban", "instances-page", data, size);
  return 0;
}
