// libFuzzer target: ResolveGpuModel (gpucat/gpu_models.h), which every adapter
// and the API's gpu= parameter go through.
//
// Invariants: a resolved id is a model of the table; the canonical id and the
// model's name resolve to that id; resolution ignores ASCII case.
#include <string>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gpucat;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto id = ResolveGpuModel(text);
  std::string lower = text;
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  FUZZ_CHECK(ResolveGpuModel(lower) == id, text);
  if (!id) return 0;
  const GpuModel* model = FindGpuModel(*id);
  FUZZ_CHECK(model != nullptr, *id);
  FUZZ_CHECK(ResolveGpuModel(*id) == id, *id);
  FUZZ_CHECK(ResolveGpuModel(model->name) == id, model->name);
  return 0;
}
