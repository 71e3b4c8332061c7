#include "gpucat/json_strict.h"

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "gpucat/json_text.h"

namespace gpucat {
namespace {

using Json = nlohmann::json;

// Builds the DOM like nlohmann's own json_sax_dom_parser, except for exact
// numbers (optional), the depth limit and duplicate-key checks.
class StrictSax final : public nlohmann::json_sax<Json> {
 public:
  explicit StrictSax(const StrictJsonOptions& options) : options_(options) {}

  StrictJson result;

  bool null() override { return Value(Json(nullptr)); }
  bool boolean(bool v) override { return Value(Json(v)); }
  bool number_integer(number_integer_t v) override { return Value(Json(v)); }
  bool number_unsigned(number_unsigned_t v) override {
    if (!options_.exact_numbers) return Value(Json(v));
    if (v > static_cast<number_unsigned_t>(std::numeric_limits<int64_t>::max())) {
      return Value(Text(std::to_string(v)));
    }
    return Value(Json(static_cast<int64_t>(v)));
  }
  bool number_float(number_float_t v, const string_t& s) override {
    return Value(options_.exact_numbers ? Text(s) : Json(v));
  }
  bool string(string_t& v) override { return Value(Json(v)); }
  bool binary(binary_t& /*unused*/) override {
    result.error = "binary values are not JSON";
    return false;
  }
  bool start_object(std::size_t /*unused*/) override { return Open(Json::object()); }
  bool key(string_t& k) override {
    // The member is created here (null until its value arrives): one lookup
    // both finds a duplicate and places the value.
    Frame& f = frames_.back();
    auto [it, inserted] = f.node->get_ref<Json::object_t&>().emplace(k, nullptr);
    if (!inserted) {
      if (result.duplicate_pointer.empty()) result.duplicate_pointer = MemberPointer(k);
      if (options_.stop_at_duplicate_key) {
        result.error = "duplicate key \"" + k + "\" at " + result.duplicate_pointer;
        return false;
      }
      // Read on: the value overwrites the first, as in nlohmann::json::parse.
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
    result.syntax_error = ex.what();
    result.error = "at byte " + std::to_string(position) + ": " + result.syntax_error;
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
      result.value = std::move(v);
      return &result.value;
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
    if (options_.max_depth != 0 && frames_.size() >= options_.max_depth) {
      result.error = "nesting deeper than " + std::to_string(options_.max_depth) + " at " + Pointer();
      return false;
    }
    frames_.push_back(Frame{Insert(std::move(container))});
    return true;
  }
  bool Close() {
    frames_.pop_back();
    return true;
  }
  // Where the reader is: every open container's current member or last
  // element (an empty key or an empty array adds nothing); "/" at the top.
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
  // The pointer of member `k` of the innermost object: the enclosing
  // containers' current members and elements, then `k`.
  std::string MemberPointer(const std::string& k) const {
    std::string p;
    for (size_t i = 0; i + 1 < frames_.size(); ++i) {
      const Frame& f = frames_[i];
      p += "/" + (f.node->is_array() ? std::to_string(f.node->size() - 1) : JsonPointerToken(*f.key));
    }
    return p + "/" + JsonPointerToken(k);
  }

  const StrictJsonOptions options_;
  std::vector<Frame> frames_;
};

}  // namespace

StrictJson ReadStrictJson(std::string_view text, const StrictJsonOptions& options) {
  StrictSax sax(options);
  const bool ok = Json::sax_parse(text.begin(), text.end(), &sax);
  if (!ok && sax.result.error.empty()) sax.result.error = "parse failed";
  return std::move(sax.result);
}

}  // namespace gpucat
