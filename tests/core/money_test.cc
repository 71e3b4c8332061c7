#include "gpucat/money.h"

#include <catch2/catch.hpp>

using namespace gpucat;

TEST_CASE("ParseDecimal accepts plain decimals exactly", "[core][money]") {
  struct Row {
    const char* text;
    int64_t units;
    int scale;
    const char* canonical;
  };
  const Row rows[] = {
      {"990", 990, 0, "990"},
      {"0.016", 16, 3, "0.016"},
      {"2783000", 2783000, 0, "2783000"},
      {"1.50", 15, 1, "1.5"},
      {"-3", -3, 0, "-3"},
      {"0", 0, 0, "0"},
      {"0.000000001", 1, 9, "0.000000001"},
      {"123456789012345678", 123456789012345678, 0, "123456789012345678"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.text);
    auto d = ParseDecimal(r.text);
    REQUIRE(d.ok());
    CHECK(d.value().units == r.units);
    CHECK(d.value().scale == r.scale);
    CHECK(d.value().ToString() == r.canonical);
  }
}

TEST_CASE("ParseDecimal rejects everything else with a stable code", "[core][money]") {
  struct Row {
    const char* text;
    const char* code;
  };
  const Row rows[] = {
      {"", "empty_amount"},
      {"1e3", "non_numeric_amount"},
      {" 1", "non_numeric_amount"},
      {"1,000", "non_numeric_amount"},
      {"¥990", "non_numeric_amount"},
      {"１２", "non_numeric_amount"},
      {".5", "non_numeric_amount"},
      {"5.", "non_numeric_amount"},
      {"1.2.3", "non_numeric_amount"},
      {"-", "non_numeric_amount"},
      {"--1", "non_numeric_amount"},
      {"0x10", "non_numeric_amount"},
      {"NaN", "non_numeric_amount"},
      {"0.0000000001", "amount_too_large"},
      {"1234567890123456789", "amount_too_large"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.text);
    auto d = ParseDecimal(r.text);
    REQUIRE_FALSE(d.ok());
    CHECK(d.status().code() == r.code);
  }
}

TEST_CASE("Decimal equality is by value", "[core][money]") {
  CHECK(Decimal{15, 1} == Decimal{150, 2});
  CHECK_FALSE(Decimal{15, 1} == Decimal{15, 2});
}

TEST_CASE("RoundHalfAwayFromZero rounds once, halves away from zero", "[core][money]") {
  CHECK(RoundHalfAwayFromZero(5, 10) == 1);
  CHECK(RoundHalfAwayFromZero(15, 10) == 2);
  CHECK(RoundHalfAwayFromZero(14999, 10000) == 1);
  CHECK(RoundHalfAwayFromZero(4, 10) == 0);
  CHECK(RoundHalfAwayFromZero(1, 3) == 0);
  CHECK(RoundHalfAwayFromZero(2, 3) == 1);
  CHECK(RoundHalfAwayFromZero(-5, 10) == -1);
  CHECK(RoundHalfAwayFromZero(-4, 10) == 0);
  CHECK(RoundHalfAwayFromZero(7, -2) == -4);
}

TEST_CASE("Money formatting", "[core][money]") {
  CHECK(FormatMinorAsYen(576000) == "57.6000");
  CHECK(FormatMinorAsYen(5) == "0.0005");
  CHECK(FormatMinorAsYen(-15000) == "-1.5000");
  CHECK(FormatYenGrouped(2783000) == "2,783,000");
  CHECK(FormatYenGrouped(990) == "990");
  CHECK(FormatYenGrouped(-1000) == "-1,000");
  CHECK(FormatYenGrouped(INT64_MIN) == "-9,223,372,036,854,775,808");
}
