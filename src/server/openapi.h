// schema/openapi.json, embedded at build time (cmake/embed_text.cmake) so the
// binary serves the document it was built with, wherever it runs.
#pragma once

#include <string>

namespace gpucat::server {
const std::string& OpenApiDocument();
}  // namespace gpucat::server
