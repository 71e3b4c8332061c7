#include "gpucat/gpu_models.h"

#include <catch2/catch.hpp>
#include <cctype>

using namespace gpucat;

TEST_CASE("Provider spellings resolve to canonical GPU ids", "[core][gpu]") {
  const std::pair<const char*, const char*> rows[] = {
      {"NVIDIA H200", "h200-141gb"},
      {"H200 SXM", "h200-141gb"},
      {"h200", "h200-141gb"},
      {"nvidia_h100_80gbvram", "h100-80gb"},
      {"H100 80GB", "h100-80gb"},
      {"NVIDIA H100 SXM5", "h100-80gb"},
      {"Tesla V100 32GB", "v100-32gb"},
      {"V100", "v100-32gb"},
      {"A100 80GB", "a100-80gb"},
      {"B200", "b200-180gb"},
      {"B200 192GB", "b200-180gb"},
      {"HGX B300", "b300-288gb"},
      {"NVIDIA GB200 NVL72", "gb200-186gb"},
      {"gb200", "gb200-186gb"},
      {"h100-80gb", "h100-80gb"},
      {"ＮＶＩＤＩＡ H200", "h200-141gb"},  // full-width vendor word is non-ASCII: ignored as a separator
  };
  for (const auto& [spelling, id] : rows) {
    CAPTURE(spelling);
    CHECK(ResolveGpuModel(spelling) == std::optional<std::string>(id));
  }
}

TEST_CASE("Unknown or contradictory spellings never resolve", "[core][gpu]") {
  for (const char* s : {"", "RTX A4000", "H100 40GB", "H100 NVL", "H100 PCIe", "MI300X", "H100 H200", "H100 80GB 141GB",
                        "B200 NVL72", "nvidia", "h1000"}) {
    CAPTURE(s);
    CHECK_FALSE(ResolveGpuModel(s).has_value());
  }
}

TEST_CASE("Every reference row cites its source and has its id's memory", "[core][gpu]") {
  REQUIRE(GpuModels().size() >= 7);
  for (const auto& m : GpuModels()) {
    CAPTURE(m.id);
    CHECK_FALSE(m.source.empty());
    CHECK(m.id.find(std::to_string(m.memory_gb) + "gb") != std::string::npos);
    CHECK(FindGpuModel(m.id) == &m);
  }
  CHECK(FindGpuModel("h200-141gb")->fp8_dense_tflops == 1979);
  CHECK_FALSE(FindGpuModel("v100-32gb")->fp8_dense_tflops.has_value());
}

// Regression (fuzz_gpu_model): the table's own names resolve, in any ASCII
// case, so a client can send back the name /v1/gpus gives; "in" stays an
// unknown word elsewhere.
TEST_CASE("Every model's own name and id resolve to it", "[core][gpu][fuzz]") {
  for (const auto& m : GpuModels()) {
    CAPTURE(m.name);
    CHECK(ResolveGpuModel(m.id) == std::optional<std::string>(m.id));
    CHECK(ResolveGpuModel(m.name) == std::optional<std::string>(m.id));
    std::string upper = m.name;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(ResolveGpuModel(upper) == std::optional<std::string>(m.id));
  }
  CHECK(ResolveGpuModel("NVIDIA GB200 (in NVL72) 186GB") == std::optional<std::string>("gb200-186gb"));
  CHECK_FALSE(ResolveGpuModel("NVIDIA GB200 (in NVL72) 192GB").has_value());
  CHECK_FALSE(ResolveGpuModel("H100 in PCIe").has_value());
}
