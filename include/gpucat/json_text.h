// JSON text written directly: string literals and JSON-pointer tokens.
//
// AppendJsonString writes a string byte for byte as nlohmann::json's dump()
// does (ensure_ascii off), without building a json value and a serializer per
// string. Its callers store and hash that text (store/sync_writer.cc) or
// promise dump()-compatible output (providers' DumpExact), so it must never
// differ from nlohmann by a byte; tests/core/json_text_test.cc checks it
// against nlohmann. The core does not depend on nlohmann: text that is not
// UTF-8 (the one case where nlohmann's error handlers differ) is left to the
// caller.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace gpucat {

// Appends `s` as a JSON string literal, exactly as nlohmann::json(s).dump()
// writes it: '"' and '\\' escaped, \b \f \n \r \t, other bytes below 0x20 as
// \u00xx (lower-case hex), everything else as is (0x7f and well-formed UTF-8
// included; '/' is not escaped).
//
// When `s` is not well-formed UTF-8 (gpucat/utf8.h) nothing is appended and
// the result is false. nlohmann then throws type_error 316 with its default
// (strict) error handler, or writes U+FFFD with error_handler_t::replace:
// callers that need either pass the string to nlohmann themselves.
[[nodiscard]] bool AppendJsonString(std::string& out, std::string_view s);

// RFC 6901 escaping of one JSON-pointer reference token: '~' -> "~0",
// '/' -> "~1", every other byte as is.
std::string JsonPointerToken(std::string_view token);

}  // namespace gpucat
