// Factories of the registered adapters (see registry.cc). Each lives in its
// provider's folder; nothing else of a provider is visible outside it.
#pragma once

#include <memory>

#include "gpucat/adapter.h"

namespace gpucat::providers {

std::unique_ptr<Adapter> MakeSakuraAdapter();
std::unique_ptr<Adapter> MakeGpusorobanAdapter();
std::unique_ptr<Adapter> MakeGmoAdapter();
std::unique_ptr<Adapter> MakeKddiAdapter();

}  // namespace gpucat::providers
