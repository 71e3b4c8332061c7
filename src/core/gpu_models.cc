#include "gpucat/gpu_models.h"

#include <algorithm>
#include <cctype>

namespace gpucat {

namespace {

constexpr const char* kSpecSource = "shared/reference/providers.md section 5 (NVIDIA data sheets; dense, per GPU)";

// Memory sizes a provider may state for the same model, nameplate first
// (B200 is marketed as 192 GB, 180 GB usable; B300 288 GB nameplate, ~270 usable).
struct Family {
  const char* token;  // lower-case family token as it appears in names
  const char* id;
  std::vector<int64_t> memories;
};

const std::vector<Family>& Families() {
  static const std::vector<Family> f = {
      {"v100", "v100-32gb", {32}},          {"a100", "a100-80gb", {80}},        {"h100", "h100-80gb", {80}},
      {"h200", "h200-141gb", {141}},        {"b200", "b200-180gb", {180, 192}}, {"b300", "b300-288gb", {288, 270}},
      {"gb200", "gb200-186gb", {186, 192}},
  };
  return f;
}

// Words that say nothing about which model it is.
bool IsNoiseToken(const std::string& t) {
  static const std::vector<std::string> noise = {"nvidia",    "tesla",     "sxm",   "sxm2",   "sxm4",   "sxm5",  "hgx",
                                                 "gpu",       "gpus",      "hbm3",  "hbm3e",  "hbm2",   "hbm2e", "vram",
                                                 "superchip", "blackwell", "ultra", "hopper", "ampere", "volta"};
  return std::find(noise.begin(), noise.end(), t) != noise.end();
}

// "80gb", "80gbvram", "80g" -> 80; otherwise nullopt.
std::optional<int64_t> MemoryToken(const std::string& t) {
  size_t i = 0;
  int64_t v = 0;
  while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])) && i < 5) v = v * 10 + (t[i++] - '0');
  if (i == 0) return std::nullopt;
  const std::string rest = t.substr(i);
  if (rest == "gb" || rest == "g" || rest == "gbvram") return v;
  return std::nullopt;
}

}  // namespace

const std::vector<GpuModel>& GpuModels() {
  static const std::vector<GpuModel> models = {
      {"v100-32gb", "NVIDIA V100 SXM2 32GB", "nvidia", "Volta", 32, "HBM2", 900, std::nullopt, std::nullopt,
       kSpecSource, "no BF16/FP8 tensor cores"},
      {"a100-80gb", "NVIDIA A100 80GB", "nvidia", "Ampere", 80, "HBM2e", 2000, 312, std::nullopt, kSpecSource,
       "no FP8 tensor cores"},
      {"h100-80gb", "NVIDIA H100 SXM 80GB", "nvidia", "Hopper", 80, "HBM3", 3350, 989, 1979, kSpecSource, ""},
      {"h200-141gb", "NVIDIA H200 SXM 141GB", "nvidia", "Hopper", 141, "HBM3e", 4800, 989, 1979, kSpecSource, ""},
      {"b200-180gb", "NVIDIA B200 (HGX) 180GB", "nvidia", "Blackwell", 180, "HBM3e", 7700, 2250, 4500, kSpecSource,
       "marketed as 192 GB; 180 GB usable"},
      {"b300-288gb", "NVIDIA B300 (HGX, Blackwell Ultra) 288GB", "nvidia", "Blackwell Ultra", 288, "HBM3e", 8000, 2250,
       4500, kSpecSource, "bandwidth ~8 TB/s; some sources give ~270 GB usable; FP4 14,000 TFLOPS"},
      {"gb200-186gb", "NVIDIA GB200 (in NVL72) 186GB", "nvidia", "Blackwell", 186, "HBM3e", 8000, 2500, 5000,
       kSpecSource, "per GPU of a GB200 NVL72 rack (72 GPUs, one NVLink domain)"},
  };
  return models;
}

const GpuModel* FindGpuModel(std::string_view id) {
  for (const auto& m : GpuModels()) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

std::optional<std::string> ResolveGpuModel(std::string_view spelling) {
  // Canonical ids resolve to themselves, and so do the table's own names
  // (any ASCII case): a client may send back what /v1/gpus says. Found by
  // fuzzing: "NVIDIA GB200 (in NVL72) 186GB" did not resolve ("in").
  if (FindGpuModel(spelling) != nullptr) return std::string(spelling);
  for (const auto& m : GpuModels()) {
    if (m.name.size() == spelling.size() &&
        std::equal(m.name.begin(), m.name.end(), spelling.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      return m.id;
    }
  }

  // Tokenize on anything that is not an ASCII letter or digit.
  std::vector<std::string> tokens;
  std::string cur;
  for (char c : spelling) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && std::isalnum(u)) {
      cur.push_back(static_cast<char>(std::tolower(u)));
    } else if (!cur.empty()) {
      tokens.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) tokens.push_back(cur);

  const Family* family = nullptr;
  std::optional<int64_t> memory;
  bool nvl72 = false;
  for (const auto& t : tokens) {
    if (IsNoiseToken(t)) continue;
    if (t == "nvl72") {
      nvl72 = true;
      continue;
    }
    if (auto m = MemoryToken(t)) {
      if (memory && *memory != *m) return std::nullopt;  // two different memories
      memory = m;
      continue;
    }
    const Family* match = nullptr;
    for (const auto& f : Families()) {
      if (t == f.token) match = &f;
    }
    // Any other word ("nvl", "pcie", "a4000") may name a different product: never guess.
    if (match == nullptr || (family != nullptr && family != match)) return std::nullopt;
    family = match;
  }
  if (family == nullptr) return std::nullopt;
  if (nvl72 && std::string(family->token) != "gb200") return std::nullopt;
  if (memory && std::find(family->memories.begin(), family->memories.end(), *memory) == family->memories.end()) {
    return std::nullopt;  // "H100 40GB" is not the H100 80GB we know
  }
  return std::string(family->id);
}

}  // namespace gpucat
