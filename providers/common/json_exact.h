// JSON reading for adapters: exact numbers and no exceptions.
//
// nlohmann::json turns 0.016 into a double; money must never pass through
// binary floating point. ParseJsonExact keeps every number that has a
// fraction or an exponent (or that does not fit in 64 bits) as the exact text
// the document wrote, stored in a json *binary* value: JSON text never yields
// binary values, so the marker cannot collide with real data. Integers that fit
// stay json integers. Use NumberText() to read any number as written. The
// reading is the core's ReadStrictJson (gpucat/json_strict.h).
//
// Errors (Status codes of the adapter contract):
//   source_empty        the body is empty or white space only
//   source_unparseable  a syntax error, invalid UTF-8 inside a string,
//                       truncation, a number beyond a double's range (1e400:
//                       nlohmann's lexer refuses it before we see its text),
//                       nesting deeper than kMaxJsonDepth, or an
//                       object with a duplicated key (which value would be
//                       meant is unknowable); the message has the byte offset
//                       or the JSON pointer.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "gpucat/status.h"

namespace gpucat::providers {

using Json = nlohmann::json;

inline constexpr size_t kMaxJsonDepth = 64;

Result<Json> ParseJsonExact(std::string_view body);

// True for integers and for exact-text numbers (see above).
bool IsNumber(const Json& j);
// A number as written ("990", "-3", "0.016", "1e3"); "" when not a number.
std::string NumberText(const Json& j);
// An integer that fits in int64 (not 8.0, not 2^64); nullopt otherwise.
std::optional<int64_t> AsInt64(const Json& j);
// "object", "array", "string", "number", "boolean" or "null".
std::string TypeName(const Json& j);
// Compact JSON text with exact numbers written as read. Never throws.
std::string DumpExact(const Json& j);
// (JSON-pointer tokens: JsonPointerToken in gpucat/json_text.h.)

}  // namespace gpucat::providers
