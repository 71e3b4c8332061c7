// gpucat/json_strict.h: the strict reader under the adapters' ParseJsonExact
// and the price rules' parser (their own tests check their codes and messages).
#include "gpucat/json_strict.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

using namespace gpucat;

namespace {
StrictJsonOptions Exact() {
  StrictJsonOptions o;
  o.exact_numbers = true;
  o.max_depth = 4;
  return o;
}
StrictJsonOptions ReadOn() {
  StrictJsonOptions o;
  o.stop_at_duplicate_key = false;
  return o;
}
}  // namespace

TEST_CASE("ReadStrictJson builds what nlohmann::json::parse builds", "[core][json_strict]") {
  const std::string text = R"({"a": [1, -2, 0.5, 1e3, 18446744073709551615, "x", null, true], "b": {"c": {}}})";
  const StrictJson read = ReadStrictJson(text, {});
  REQUIRE(read.error.empty());
  CHECK(read.duplicate_pointer.empty());
  CHECK(read.value == nlohmann::json::parse(text));
  CHECK(read.value.dump() == nlohmann::json::parse(text).dump());
}

TEST_CASE("ReadStrictJson keeps numbers as written when asked", "[core][json_strict]") {
  const StrictJson read = ReadStrictJson(R"([0.016, 990, 18446744073709551616, 1E-7])", Exact());
  REQUIRE(read.error.empty());
  const nlohmann::json& v = read.value;
  CHECK(v[0].is_binary());
  CHECK(std::string(v[0].get_binary().begin(), v[0].get_binary().end()) == "0.016");
  CHECK(v[1].is_number_integer());
  CHECK(v[1].get<int64_t>() == 990);
  CHECK(v[2].is_binary());
  CHECK(std::string(v[3].get_binary().begin(), v[3].get_binary().end()) == "1E-7");
}

TEST_CASE("ReadStrictJson finds duplicate keys", "[core][json_strict]") {
  const std::string text = R"({"rules": [{"id": "a"}, {"m/x": {"p": 1, "q": 2, "p": 3}}]})";
  const StrictJson stop = ReadStrictJson(text, Exact());
  CHECK(stop.duplicate_pointer == "/rules/1/m~1x/p");
  CHECK(stop.error == "duplicate key \"p\" at /rules/1/m~1x/p");  // the repeated member itself

  const StrictJson read_on = ReadStrictJson(text, ReadOn());
  CHECK(read_on.error.empty());
  CHECK(read_on.duplicate_pointer == "/rules/1/m~1x/p");
  CHECK(read_on.value["rules"][1]["m/x"]["p"] == 3);  // the last value, as nlohmann keeps it

  // Read on, a later syntax error still wins.
  const StrictJson broken = ReadStrictJson(R"({"a": 1, "a": 2, })", ReadOn());
  CHECK_FALSE(broken.error.empty());
  CHECK_FALSE(broken.syntax_error.empty());
}

TEST_CASE("ReadStrictJson reports syntax errors and depth without throwing", "[core][json_strict]") {
  const StrictJson bad = ReadStrictJson("{\"a\": tru}", {});
  CHECK(bad.syntax_error.rfind("[json.exception.parse_error.101] parse error at line 1, column", 0) == 0);
  CHECK(bad.error.rfind("at byte ", 0) == 0);

  std::string message;
  try {
    message = nlohmann::json::parse("{\"a\": tru}").dump();  // throws
  } catch (const nlohmann::json::exception& e) {
    message = e.what();
  }
  CHECK(bad.syntax_error == message);  // the same text nlohmann::json::parse throws

  CHECK(ReadStrictJson("[[[[1]]]]", Exact()).error.empty());
  CHECK(ReadStrictJson("[[[[[1]]]]]", Exact()).error == "nesting deeper than 4 at /0/0/0");
  CHECK(ReadStrictJson("[[[[[[[[1]]]]]]]]", {}).error.empty());  // no limit by default
  CHECK_FALSE(ReadStrictJson("[1e400]", {}).syntax_error.empty());
  CHECK_FALSE(ReadStrictJson("\"\xc3\x28\"", {}).syntax_error.empty());
}
