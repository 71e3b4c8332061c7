// Every adapter gpucat knows, registered explicitly (no static-initialiser
// magic), in a stable order: sakura, gpusoroban, gmo, kddi.
#include "adapters.h"
#include "gpucat/adapter.h"

namespace gpucat {

std::vector<std::unique_ptr<Adapter>> AllAdapters() {
  std::vector<std::unique_ptr<Adapter>> all;
  all.push_back(providers::MakeSakuraAdapter());
  all.push_back(providers::MakeGpusorobanAdapter());
  all.push_back(providers::MakeGmoAdapter());
  all.push_back(providers::MakeKddiAdapter());
  return all;
}

}  // namespace gpucat
