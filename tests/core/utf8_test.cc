// gpucat/utf8.h: the one strict UTF-8 validator, decoder and encoder.
#include "gpucat/utf8.h"

#include <catch2/catch.hpp>
#include <string>

using namespace gpucat;

TEST_CASE("IsValidUtf8 accepts well-formed UTF-8 only", "[core][utf8]") {
  CHECK(IsValidUtf8(""));
  CHECK(IsValidUtf8("plain ascii \x7f"));
  CHECK(IsValidUtf8("石狩第1"));
  CHECK(IsValidUtf8("\xf0\x9f\x98\x80"));        // U+1F600
  CHECK(IsValidUtf8("\xf4\x8f\xbf\xbf"));        // U+10FFFF
  CHECK(IsValidUtf8("\xed\x9f\xbf"));            // U+D7FF
  CHECK_FALSE(IsValidUtf8("\xe7\x9f"));          // truncated
  CHECK_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(IsValidUtf8("\xe0\x80\xaf"));      // overlong, three bytes
  CHECK_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  CHECK_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // beyond U+10FFFF
  CHECK_FALSE(IsValidUtf8("\xf5\x80\x80\x80"));
  CHECK_FALSE(IsValidUtf8("\x80"));
  CHECK_FALSE(IsValidUtf8("\xc3\x28"));  // bad continuation byte

  size_t bad = 99;
  CHECK_FALSE(IsValidUtf8("ab\xe3\x81\x82\xc3\x28", &bad));
  CHECK(bad == 5);
}

TEST_CASE("DecodeUtf8 and AppendUtf8 round-trip", "[core][utf8]") {
  const std::string text = "a\xc2\xa0円\xf0\x9f\x98\x80";
  std::u32string cps;
  REQUIRE(DecodeUtf8(text, cps));
  CHECK(cps == U"a\u00a0円\U0001F600");
  std::string back;
  for (char32_t c : cps) AppendUtf8(back, c);
  CHECK(back == text);

  std::u32string partial;
  CHECK_FALSE(DecodeUtf8("ok\xed\xa0\x80", partial));
  CHECK(partial == U"ok");
}
