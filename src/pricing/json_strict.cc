#include "json_strict.h"

#include <set>
#include <vector>

#include "gpucat/json_text.h"

namespace gpucat::pricing_internal {

namespace {

// Where the parser is: one frame per open object or array, so the pointer of
// a duplicate key can be reported exactly.
struct Frame {
  bool object = true;
  std::set<std::string> keys;  // objects: keys seen so far
  std::string key;             // objects: the member being parsed
  size_t index = 0;            // arrays: the element being parsed
};

std::string PointerTo(const std::vector<Frame>& stack, const std::string& last_key) {
  std::string p;
  for (size_t i = 0; i + 1 < stack.size(); ++i) {
    p += "/" + (stack[i].object ? JsonPointerToken(stack[i].key) : std::to_string(stack[i].index));
  }
  return p + "/" + JsonPointerToken(last_key);
}

}  // namespace

Result<nlohmann::json> ParseStrictJson(std::string_view text, const char* invalid_json_code,
                                       const char* duplicate_code) {
  using Event = nlohmann::json::parse_event_t;
  std::vector<Frame> stack;
  std::string duplicate;  // pointer of the first duplicate key
  // A value (or a closed container) completes one element of an enclosing array.
  auto element_done = [&stack] {
    if (!stack.empty() && !stack.back().object) ++stack.back().index;
  };
  auto callback = [&](int /*depth*/, Event event, nlohmann::json& parsed) {
    switch (event) {
      case Event::object_start:
        stack.push_back(Frame{true, {}, {}, 0});
        break;
      case Event::array_start:
        stack.push_back(Frame{false, {}, {}, 0});
        break;
      case Event::key: {
        Frame& f = stack.back();
        f.key = parsed.get<std::string>();
        if (!f.keys.insert(f.key).second && duplicate.empty()) duplicate = PointerTo(stack, f.key);
        break;
      }
      case Event::object_end:
      case Event::array_end:
        stack.pop_back();
        element_done();
        break;
      case Event::value:
        element_done();
        break;
    }
    return true;  // keep everything; duplicates are reported after the parse
  };
  try {
    nlohmann::json doc = nlohmann::json::parse(text.begin(), text.end(), callback);
    if (!duplicate.empty()) {
      return Status::Error(duplicate_code,
                           duplicate + ": duplicate key (a repeated key would silently override the first)");
    }
    return doc;
  } catch (const nlohmann::json::exception& e) {
    return Status::Error(invalid_json_code, std::string("not valid JSON: ") + e.what());
  }
}

}  // namespace gpucat::pricing_internal
