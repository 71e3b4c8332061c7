// Strict JSON reading: a nlohmann::json DOM, but duplicate keys are found
// (nlohmann silently keeps the last one), nesting can be limited, numbers can
// be kept exactly as written, and nothing throws on bad input.
//
// One reader for the two strict parsers: the adapters' ParseJsonExact
// (providers/common/json_exact.h: exact numbers, depth limit, stop at the
// first duplicate) and the price rules' parser (src/pricing/json_strict.h:
// nlohmann's numbers, duplicates reported only when the whole text is JSON).
// Each caller turns the outcome into its own error codes and messages.
// Thread-safety: pure function.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace gpucat {

struct StrictJsonOptions {
  // Numbers with a fraction or an exponent, and integers beyond int64, are
  // kept as the exact text the document wrote, in a json *binary* value (JSON
  // text never yields binary values); integers that fit in int64 stay json
  // integers. When false, numbers are what nlohmann::json::parse makes them.
  bool exact_numbers = false;
  // Opening a container at this depth is an error; 0: no limit.
  size_t max_depth = 0;
  // Stop at the first duplicated key (an error). When false the text is read
  // to its end, so a syntax error anywhere wins, and the first duplicate is
  // only recorded in `duplicate_pointer` (the last value wins in `value`).
  bool stop_at_duplicate_key = true;
};

struct StrictJson {
  // The document; meaningful only when `error` and `duplicate_pointer` are empty.
  nlohmann::json value;
  // Why reading stopped, empty when it did not: "at byte N: <nlohmann's
  // message>", "duplicate key \"k\" in <pointer>" (the pointer of where the
  // reader was: the object and its previous member), "nesting deeper than N
  // at <pointer>", "binary values are not JSON".
  std::string error;
  // For a syntax error (also truncation, ill-formed UTF-8 in a string, a
  // number beyond a double's range): nlohmann's message alone, which names
  // line and column.
  std::string syntax_error;
  // The JSON pointer (RFC 6901) of the first duplicated key itself, e.g.
  // "/rules/0/markup_percent".
  std::string duplicate_pointer;
};

// Reads `text`. Bad input never throws; only what nlohmann throws outside its
// error path (std::bad_alloc) can escape.
StrictJson ReadStrictJson(std::string_view text, const StrictJsonOptions& options);

}  // namespace gpucat
