// crash_sync_child DB GENERATION: applies generation GENERATION's sync to DB,
// prints "ready" once the batch is built (so the parent can time its kill to
// land inside the write), then "done". Killed with SIGKILL by crash_test.cc.
#include <cstdio>
#include <cstdlib>

#include "crash_state.h"

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  auto batch = gpucat::testing::GenerationBatch(std::atoi(argv[2]));
  auto catalog = gpucat::Catalog::Open(argv[1]);
  if (!catalog.ok()) {
    std::fprintf(stderr, "%s\n", catalog.status().ToString().c_str());
    return 1;
  }
  std::printf("ready\n");
  std::fflush(stdout);
  auto r = catalog.value()->ApplySync(batch, gpucat::NowUtc());
  if (!r.ok()) {
    std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
    return 1;
  }
  std::printf("done\n");
  return 0;
}
