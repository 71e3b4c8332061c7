// gpucat-bench <command> [--flag value ...]: the steps bench/run.sh runs.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bench.h"

namespace gpucat::bench {

Flags::Flags(int argc, char** argv, int first) {
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0) Die("unexpected argument " + a);
    a = a.substr(2);
    if (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0) {
      values_[a] = argv[++i];
    } else {
      values_[a] = "1";
    }
  }
}

std::string Flags::Get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

int64_t Flags::Int(const std::string& name, int64_t fallback) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  try {
    return std::stoll(it->second);
  } catch (...) {
    Die("--" + name + " wants an integer, not " + it->second);
  }
}

std::string Flags::Required(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) Die("--" + name + " is required");
  return it->second;
}

int64_t PeakRssKib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6));
  }
  return -1;
}

void WriteFile(const std::string& path, const std::string& body) {
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(body.data(), static_cast<std::streamsize>(body.size()));
  if (!out) Die("cannot write " + path);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Die("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Die(const std::string& message) {
  std::fprintf(stderr, "gpucat-bench: %s\n", message.c_str());
  std::exit(1);
}

}  // namespace gpucat::bench

int main(int argc, char** argv) {
  using namespace gpucat::bench;
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: gpucat-bench gen-docs|sync|floor|history|free-port|startup|report "
                 "[--flag value ...]\n(see bench/README.md)\n");
    return 2;
  }
  const std::string cmd = argv[1];
  const Flags flags(argc, argv, 2);
  if (cmd == "gen-docs") return GenDocs(flags);
  if (cmd == "sync") return Sync(flags);
  if (cmd == "floor") return Floor(flags);
  if (cmd == "history") return History(flags);
  if (cmd == "free-port") return FreePort(flags);
  if (cmd == "startup") return Startup(flags);
  if (cmd == "report") return Report(flags);
  Die("unknown command " + cmd);
}
