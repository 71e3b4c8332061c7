// The GPU reference table and the resolver from provider spellings to a
// canonical model id ("NVIDIA H200", "H200 SXM", "h200", "nvidia_h100_80gbvram"
// -> "h200-141gb" / "h100-80gb").
//
// Figures come from section 5 of shared/reference/providers.md (vendor data
// sheets); each row names its source. Thread-safety: immutable data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpucat {

struct GpuModel {
  std::string id;            // canonical id: "<family>-<memory>gb"
  std::string name;          // "NVIDIA H200 SXM"
  std::string vendor;        // "nvidia"
  std::string architecture;  // "Hopper"
  int64_t memory_gb = 0;     // nameplate memory per GPU
  std::string memory_type;   // "HBM3e"
  // Bandwidth in GB/s, dense TFLOPS; nullopt where the source gives none.
  std::optional<int64_t> memory_bandwidth_gbps;
  std::optional<int64_t> bf16_dense_tflops;
  std::optional<int64_t> fp8_dense_tflops;
  std::string source;  // where these figures come from
  std::string note;    // disagreements between sources
};

// Every model gpucat knows, in a stable order.
const std::vector<GpuModel>& GpuModels();

// The model with this canonical id, or nullptr.
const GpuModel* FindGpuModel(std::string_view id);

// Resolves any provider spelling to a canonical id, or nullopt when the text
// names no known model. Case-, space-, '-'/'_'-insensitive; ignores "NVIDIA",
// "Tesla", form factors ("SXM", "SXM5", "HGX", "PCIe") and an explicit memory
// ("80GB", "80gbvram") when it matches the model. A memory that contradicts
// every known variant ("H100 40GB") does not resolve: never guess.
std::optional<std::string> ResolveGpuModel(std::string_view spelling);

}  // namespace gpucat
