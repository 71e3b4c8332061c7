// Strict JSON parsing for configuration files (internal to gpucat_pricing).
//
// nlohmann::json silently keeps the last of duplicate keys; in a price file
// that hides a mistake ("markup_percent" written twice), so duplicates are an
// error here. nlohmann exceptions stop at this boundary. The reading itself is
// the core's (gpucat/json_strict.h); this maps its outcome to pricing's codes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "gpucat/status.h"

namespace gpucat::pricing_internal {

// Parses `text`. Errors: `invalid_json_code` with nlohmann's message (it names
// line and column), or `duplicate_code` with "<JSON pointer>: duplicate key".
Result<nlohmann::json> ParseStrictJson(std::string_view text, const char* invalid_json_code,
                                       const char* duplicate_code);

}  // namespace gpucat::pricing_internal
