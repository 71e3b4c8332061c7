// The registry: every HTTP service gpucat serves, in one list. Adding an
// endpoint means adding it here (and to schema/openapi.json; the conformance
// test fails until both agree).
#pragma once

#include <vector>

#include "server/api.h"

namespace gpucat::server {

const std::vector<Route>& ApiRoutes();

}  // namespace gpucat::server
