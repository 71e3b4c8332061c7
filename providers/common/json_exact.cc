#include "common/json_exact.h"

#include <exception>
#include <limits>
#include <utility>
#include <vector>

#include "gpucat/json_text.h"

namespace gpucat::providers {
namespace {

// Builds the DOM like nlohmann's own json_sax_dom_parser, except for numbers
// with a fraction/exponent (kept as text), depth and duplicate-key checks.
class ExactSax final : public nlohmann::json_sax<Json> {
 public:
  Json root;
  std::string error;

  bool null() override { return Value(Json(nullptr)); }
  bool boolean(bool v) override { return Value(Json(v)); }
  bool number_integer(number_integer_t v) override { return Value(Json(v)); }
  bool number_unsigned(number_unsigned_t v) override {
    if (v > static_cast<number_unsigned_t>(std::numeric_limits<int64_t>::max())) {
      return Value(Text(std::to_string(v)));
    }
    return Value(Json(static_cast<int64_t>(v)));
  }
  bool number_float(number_float_t /*unused*/, const string_t& s) override { return Value(Text(s)); }
  bool string(string_t& v) override { return Value(Json(v)); }
  bool binary(binary_t& /*unused*/) override {
    error = "binary values are not JSON";
    return false;
  }
  bool start_object(std::size_t /*unused*/) override { return Open(Json::object()); }
  bool key(string_t& k) override {
    // The member is created here (null until its value arrives): one lookup
    // both finds a duplicate and places the value.
    Frame& f = frames_.back();
    auto [it, inserted] = f.node->get_ref<Json::object_t&>().emplace(k, nullptr);
    if (!inserted) {
      error = "duplicate key \"" + k + "\" in " + Pointer();
      return false;
    }
    f.key = &it->first;
    f.slot = &it->second;
    return true;
  }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t /*unused*/) override { return Open(Json::array()); }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t position, const std::string& /*unused*/,
                   const nlohmann::detail::exception& ex) override {
    error = "at byte " + std::to_string(position) + ": " + ex.what();
    return false;
  }

 private:
  struct Frame {
    Json* node;
    const std::string* key = nullptr;  // current key when node is an object
    Json* slot = nullptr;              // its (null until set) value
  };

  static Json Text(const std::string& s) { return Json::binary(std::vector<std::uint8_t>(s.begin(), s.end())); }

  Json* Insert(Json v) {
    if (frames_.empty()) {
      root = std::move(v);
      return &root;
    }
    Frame& f = frames_.back();
    if (f.node->is_array()) {
      f.node->push_back(std::move(v));
      return &f.node->back();
    }
    *f.slot = std::move(v);
    return f.slot;
  }
  bool Value(Json v) {
    Insert(std::move(v));
    return true;
  }
  bool Open(Json container) {
    if (frames_.size() >= kMaxJsonDepth) {
      error = "nesting deeper than " + std::to_string(kMaxJsonDepth) + " at " + Pointer();
      return false;
    }
    frames_.push_back(Frame{Insert(std::move(container))});
    return true;
  }
  bool Close() {
    frames_.pop_back();
    return true;
  }
  std::string Pointer() const {
    std::string p;
    for (const Frame& f : frames_) {
      if (f.node->is_array()) {
        if (!f.node->empty()) p += "/" + std::to_string(f.node->size() - 1);
      } else if (f.key != nullptr && !f.key->empty()) {
        p += "/" + JsonPointerToken(*f.key);
      }
    }
    return p.empty() ? "/" : p;
  }

  std::vector<Frame> frames_;
};

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
  ExactSax sax;
  bool ok = false;
  try {
    ok = Json::sax_parse(body.begin(), body.end(), &sax);
  } catch (const std::exception& e) {  // defensive: the SAX path reports, not throws
    return Status::Error("source_unparseable", std::string("not JSON: ") + e.what());
  }
  if (!ok) {
    return Status::Error("source_unparseable",
                         "not JSON: " + (sax.error.empty() ? std::string("parse failed") : sax.error));
  }
  return std::move(sax.root);
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
