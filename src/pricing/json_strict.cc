#include "json_strict.h"

#include "gpucat/json_strict.h"

namespace gpucat::pricing_internal {

Result<nlohmann::json> ParseStrictJson(std::string_view text, const char* invalid_json_code,
                                       const char* duplicate_code) {
  StrictJsonOptions options;
  options.stop_at_duplicate_key = false;  // a syntax error anywhere wins over a duplicate
  StrictJson read;
  try {
    read = ReadStrictJson(text, options);
  } catch (const nlohmann::json::exception& e) {  // defensive: the reader reports, not throws
    return Status::Error(invalid_json_code, std::string("not valid JSON: ") + e.what());
  }
  if (!read.error.empty()) {
    return Status::Error(invalid_json_code,
                         "not valid JSON: " + (read.syntax_error.empty() ? read.error : read.syntax_error));
  }
  if (!read.duplicate_pointer.empty()) {
    return Status::Error(duplicate_code,
                         read.duplicate_pointer + ": duplicate key (a repeated key would silently override the first)");
  }
  return std::move(read.value);
}

}  // namespace gpucat::pricing_internal
