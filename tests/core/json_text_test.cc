// gpucat/json_text.h: AppendJsonString must write what nlohmann's dump()
// writes (ensure_ascii off), byte for byte: the sync writer stores and hashes
// that text, and DumpExact promises dump()-compatible output.
#include "gpucat/json_text.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gpucat/utf8.h"

using namespace gpucat;

namespace {

std::string Written(std::string_view s) {
  std::string out = "prefix:";
  REQUIRE(AppendJsonString(out, s));
  return out.substr(7);
}

std::string Nlohmann(std::string_view s) { return nlohmann::json(std::string(s)).dump(); }

}  // namespace

TEST_CASE("AppendJsonString writes what nlohmann's dump() writes", "[core][json_text]") {
  std::vector<std::string> cases = {
      "",
      "plain ASCII, with spaces and punctuation: {}[],:/",
      "quotes \" and backslashes \\ and \\\" mixed",
      "\b\f\n\r\t",
      std::string("nul \0 inside", 12),
      "delete \x7f stays as is",
      "税込990円（月額）／ＧＰＵ　１基",
      "U+00A0\xc2\xa0, U+FFFD \xef\xbf\xbd, U+1F600 \xf0\x9f\x98\x80, U+10FFFF \xf4\x8f\xbf\xbf",
      "\"leading and trailing\\",
  };
  std::string all_controls;
  for (int c = 0; c < 0x20; ++c) all_controls.push_back(static_cast<char>(c));
  cases.push_back(all_controls);
  for (const std::string& s : cases) {
    INFO(s);
    CHECK(Written(s) == Nlohmann(s));
    CHECK(Written(s) == nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  CHECK(Written("\x01\x1f") == R"("\u0001\u001f")");
  CHECK(Written("a\x7f") == "\"a\x7f\"");
}

TEST_CASE("AppendJsonString leaves text that is not UTF-8 to the caller", "[core][json_text]") {
  const std::vector<std::string> bad = {"\x80",     "abc\xff",      "\xc3\x28",         "\xe7\x9f",
                                        "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "ok \xe3\x81"};
  for (const std::string& s : bad) {
    INFO(s);
    std::string out = "kept";
    CHECK_FALSE(AppendJsonString(out, s));
    CHECK(out == "kept");  // nothing appended
    // Exactly where nlohmann's strict handler refuses the text too.
    CHECK_THROWS_AS(Nlohmann(s), nlohmann::json::type_error);
  }
}

TEST_CASE("AppendJsonString and nlohmann agree on which short byte strings are UTF-8", "[core][json_text]") {
  // Every string of one or two bytes, and three- and four-byte sequences
  // around the overlong, surrogate and U+10FFFF boundaries.
  std::vector<std::string> inputs;
  for (int a = 0; a < 256; ++a) {
    inputs.push_back(std::string(1, static_cast<char>(a)));
    for (int b = 0; b < 256; ++b) inputs.push_back({static_cast<char>(a), static_cast<char>(b)});
  }
  for (int lead : {0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5}) {
    for (int b = 0x70; b < 0xD0; ++b) {
      for (int c : {0x41, 0x80, 0xBF, 0xC0}) {
        inputs.push_back({static_cast<char>(lead), static_cast<char>(b), static_cast<char>(c)});
        inputs.push_back({static_cast<char>(lead), static_cast<char>(b), static_cast<char>(c), '\x80'});
      }
    }
  }
  size_t mismatches = 0;
  for (const std::string& s : inputs) {
    std::string ours;
    const bool ok = AppendJsonString(ours, s);
    std::string theirs;
    bool nlohmann_ok = true;
    try {
      theirs = Nlohmann(s);
    } catch (const nlohmann::json::type_error&) {
      nlohmann_ok = false;
    }
    if (ok != nlohmann_ok || ok != IsValidUtf8(s) || (ok && ours != theirs)) ++mismatches;
  }
  CHECK(mismatches == 0);
}

TEST_CASE("JsonPointerToken escapes '~' and '/' (RFC 6901)", "[core][json_text]") {
  CHECK(JsonPointerToken("") == "");
  CHECK(JsonPointerToken("plain") == "plain");
  CHECK(JsonPointerToken("a/b~") == "a~1b~0");
  CHECK(JsonPointerToken("~1") == "~01");
  CHECK(JsonPointerToken("価格/月") == "価格~1月");
}
