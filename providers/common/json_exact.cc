#include "common/json_exact.h"

#include <exception>
#include <limits>
#include <utility>

#include "gpucat/json_strict.h"
#include "gpucat/json_text.h"

namespace gpucat::providers {
namespace {

bool IsExactText(const Json& j) { return j.is_binary(); }

std::string ExactText(const Json& j) {
  const auto& bytes = j.get_binary();
  return std::string(bytes.begin(), bytes.end());
}

// A string as Json(s).dump(-1, ' ', false, error_handler_t::replace) writes
// it. Well-formed UTF-8 is written by the core (a serializer per string was a
// tenth of a sync: a record of a sheet dumps some 25 strings); only ill-formed
// UTF-8, which the replace handler rewrites, goes through nlohmann itself.
void DumpString(std::string_view s, std::string& out) {
  if (!AppendJsonString(out, s)) out += Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

void Dump(const Json& j, std::string& out) {
  if (IsExactText(j)) {
    const auto& bytes = j.get_binary();
    out.append(bytes.begin(), bytes.end());
  } else if (j.is_object()) {
    out.push_back('{');
    bool first = true;
    for (const auto& [k, v] : j.items()) {
      if (!first) out.push_back(',');
      first = false;
      DumpString(k, out);
      out.push_back(':');
      Dump(v, out);
    }
    out.push_back('}');
  } else if (j.is_array()) {
    out.push_back('[');
    for (size_t k = 0; k < j.size(); ++k) {
      if (k) out.push_back(',');
      Dump(j[k], out);
    }
    out.push_back(']');
  } else if (j.is_string()) {
    DumpString(j.get_ref<const std::string&>(), out);
  } else if (j.is_number_unsigned()) {
    out += std::to_string(j.get<uint64_t>());
  } else if (j.is_number_integer()) {
    out += std::to_string(j.get<int64_t>());
  } else {
    out += j.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
}

}  // namespace

Result<Json> ParseJsonExact(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Status::Error("source_empty", "the document is empty");
  }
  StrictJsonOptions options;
  options.exact_numbers = true;
  options.max_depth = kMaxJsonDepth;
  options.stop_at_duplicate_key = true;
  StrictJson read;
  try {
    read = ReadStrictJson(body, options);
  } catch (const std::exception& e) {  // defensive: the reader reports, not throws
    return Status::Error("source_unparseable", std::string("not JSON: ") + e.what());
  }
  if (!read.error.empty()) return Status::Error("source_unparseable", "not JSON: " + read.error);
  return std::move(read.value);
}

bool IsNumber(const Json& j) { return j.is_number_integer() || IsExactText(j); }

std::string NumberText(const Json& j) {
  if (j.is_number_unsigned()) return std::to_string(j.get<uint64_t>());
  if (j.is_number_integer()) return std::to_string(j.get<int64_t>());
  if (IsExactText(j)) return ExactText(j);
  return "";
}

std::optional<int64_t> AsInt64(const Json& j) {
  if (j.is_number_unsigned()) {
    const auto v = j.get<uint64_t>();
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    return static_cast<int64_t>(v);
  }
  if (j.is_number_integer()) return j.get<int64_t>();
  return std::nullopt;
}

std::string TypeName(const Json& j) {
  if (IsNumber(j) || j.is_number()) return "number";
  if (j.is_object()) return "object";
  if (j.is_array()) return "array";
  if (j.is_string()) return "string";
  if (j.is_boolean()) return "boolean";
  if (j.is_null()) return "null";
  return "binary";
}

std::string DumpExact(const Json& j) {
  std::string out;
  Dump(j, out);
  return out;
}

}  // namespace gpucat::providers
