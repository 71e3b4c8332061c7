// gpucat-bench: the benchmark tool behind bench/run.sh (see bench/README.md).
// Shared helpers: a seeded generator, command-line flags, clocks.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gpucat::bench {

// splitmix64: tiny, fast and the same sequence on every platform and
// standard library (std::uniform_int_distribution is not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi] (inclusive); the modulo bias is irrelevant here.
  int64_t Range(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  // True with probability permille / 1000.
  bool Chance(int64_t permille) { return Range(0, 999) < permille; }
  // Index drawn from integer weights.
  size_t Pick(const std::vector<int64_t>& weights) {
    int64_t total = 0;
    for (int64_t w : weights) total += w;
    int64_t r = Range(0, total - 1);
    for (size_t i = 0; i < weights.size(); ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    return weights.size() - 1;
  }

 private:
  uint64_t s_;
};

// A stateless hash of (seed, key): decides per-offer things (e.g. "is this
// price changed in variant B?") independently of generation order.
inline uint64_t Mix(uint64_t seed, uint64_t key) {
  Rng r(seed ^ (key * 0xD1B54A32D192ED03ULL));
  return r.Next();
}

// --name value flags; --flag alone means "1".
class Flags {
 public:
  Flags(int argc, char** argv, int first);
  std::string Get(const std::string& name, const std::string& fallback) const;
  int64_t Int(const std::string& name, int64_t fallback) const;
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  std::string Required(const std::string& name) const;

 private:
  std::map<std::string, std::string> values_;
};

using Clock = std::chrono::steady_clock;
inline double MsSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Peak resident set size of this process so far (VmHWM), in KiB.
int64_t PeakRssKib();

// Writes `body` to `path`, creating parent directories. Exits on failure.
void WriteFile(const std::string& path, const std::string& body);
std::string ReadFile(const std::string& path);

[[noreturn]] void Die(const std::string& message);

// Subcommands (one file each).
int GenDocs(const Flags& f);   // gen.cc
int Sync(const Flags& f);      // sync.cc
int Floor(const Flags& f);     // floor.cc
int History(const Flags& f);   // history.cc
int FreePort(const Flags& f);  // net.cc
int Startup(const Flags& f);   // net.cc
int Report(const Flags& f);    // report.cc

}  // namespace gpucat::bench
