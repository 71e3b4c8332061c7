// Sakura 高火力 DOK (unit prices): overridden rows dropped, validity windows,
// and malformed variants each giving an exact document error or reject.
#include <catch2/catch.hpp>
#include <string>

#include "support.h"

using namespace gpucat;
using namespace gpucat::testing_providers;

namespace {

const std::set<std::string> kKnown = {"0.016", "0.28", "0.83"};

std::string Rows(const std::string& rows) { return R"({"meta": {}, "results": [)" + rows + "]}"; }

const char* kV100 =
    R"({"plan": "v100-32gb", "price": 0.016, "begin_at": null, "end_at": null, "is_overridden": false})";

}  // namespace

TEST_CASE("DOK: overridden rows are dropped, never rejected, whatever they hold", "[provider][sakura]") {
  const Outcome o =
      Run("sakura.dok.unit-prices",
          Rows(std::string(kV100) + R"(, {"plan": "h100-80gb", "price": 0.01, "is_overridden": true},)"
                                    R"( {"plan": "no such plan", "price": "garbage", "is_overridden": true})"));
  REQUIRE(o.error.ok());
  CHECK(o.offers.size() == 1);
  CHECK(o.rejects.empty());
  CHECK(o.parsed.dropped == 2);
}

TEST_CASE("DOK: rows not in force when fetched are skipped", "[provider][sakura]") {
  // fetched_at is 2026-11-22T00:00:00Z (support.h).
  const Outcome o = Run("sakura.dok.unit-prices",
                        Rows(R"({"plan": "v100-32gb", "price": 0.02, "begin_at": "2025-01-01T00:00:00+09:00",)"
                             R"( "end_at": "2025-11-18T00:00:00+09:00", "is_overridden": false},)"
                             R"( {"plan": "v100-32gb", "price": 0.016, "begin_at": "2025-11-18T00:00:00+09:00",)"
                             R"( "end_at": null, "is_overridden": false},)"
                             R"( {"plan": "v100-32gb", "price": 0.015, "begin_at": "2027-01-01T00:00:00Z",)"
                             R"( "end_at": null, "is_overridden": false})"));
  REQUIRE(o.error.ok());
  REQUIRE(o.offers.size() == 1);
  CHECK(o.offers[0].amount->ToString() == "0.016");
  CHECK(o.parsed.skipped == 2);
}

TEST_CASE("DOK: a row that may be account-specific is rejected without its text", "[provider][sakura]") {
  const Outcome o = Run("sakura.dok.unit-prices", Rows(R"({"plan": "h100-80gb", "price": 0.19})"));
  REQUIRE(o.error.ok());
  REQUIRE(o.rejects.size() == 1);
  CHECK(o.rejects[0].reason_code == "missing_field");
  CHECK(o.rejects[0].record_text.empty());
}

TEST_CASE("DOK: malformed variants", "[provider][sakura][malformed]") {
  const std::string s = Snapshot("sakura", "dok-unit-prices.json");
  const std::string r0 = "/results/0";
  RunCases(
      "sakura.dok.unit-prices",
      {
          {"empty body", "  \n", "source_empty"},
          {"not JSON", "Unauthorized", "source_unparseable"},
          {"truncated JSON", s.substr(0, s.size() - 40), "source_unparseable"},
          {"invalid UTF-8", Replace(s, "v100-32gb", "v100-32gb\xc3\x28"), "source_unparseable"},
          {"no results", R"({"meta": {}})", "source_format_changed"},
          {"results is an object", R"({"results": {"0": {}}})", "source_format_changed"},
          {"empty results", R"({"meta": {}, "results": []})", "source_empty"},
          {"row is a number", Rows("42"), "wrong_type", r0, 0},
          {"is_overridden missing", Rows(R"({"plan": "v100-32gb", "price": 0.016})"), "missing_field",
           r0 + "/is_overridden", 0},
          {"is_overridden is a string", Rows(Replace(kV100, "false", "\"false\"")), "wrong_type", r0 + "/is_overridden",
           0},
          {"plan missing", Rows(R"({"price": 0.016, "is_overridden": false})"), "missing_field", r0 + "/plan", 0},
          {"plan off-pattern", Rows(Replace(kV100, "v100-32gb", "big-gpu")), "unrecognized_plan", r0 + "/plan", 0},
          {"unknown GPU", Rows(Replace(kV100, "v100-32gb", "z900-48gb")), "unknown_gpu_model", r0 + "/plan", 0},
          {"price missing", Rows(R"({"plan": "v100-32gb", "is_overridden": false})"), "missing_field", r0 + "/price",
           0},
          {"price is a string", Rows(Replace(kV100, "0.016", "\"0.016\"")), "wrong_type", r0 + "/price", 0},
          {"negative price", Rows(Replace(kV100, "0.016", "-0.016")), "non_positive_price", r0, 0},
          {"zero price", Rows(Replace(kV100, "0.016", "0")), "non_positive_price", r0, 0},
          // A number beyond a double's range is refused by the JSON reader itself.
          {"huge price overflowing", Rows(Replace(kV100, "0.016", "1e400")), "source_unparseable"},
          {"price with an exponent", Rows(Replace(kV100, "0.016", "1.6e-2")), "non_numeric_price", r0, 0},
          {"price over 18 digits", Rows(Replace(kV100, "0.016", "12345678901234567890.5")), "price_out_of_band", r0, 0},
          {"price below the sane band", Rows(Replace(kV100, "0.016", "0.0001")), "price_out_of_band", r0, 0},
          {"bad begin_at", Rows(Replace(kV100, "\"begin_at\": null", "\"begin_at\": \"yesterday\"")), "bad_date",
           r0 + "/begin_at", 0},
          {"end_at is a number", Rows(Replace(kV100, "\"end_at\": null", "\"end_at\": 20261231")), "wrong_type",
           r0 + "/end_at", 0},
          {"duplicated plan, same price", Rows(std::string(kV100) + ", " + kV100), "duplicate_offer", "/results/1", 1},
          {"duplicated plan, other price", Rows(std::string(kV100) + ", " + Replace(kV100, "0.016", "0.017")),
           "conflicting_duplicate", "", 0, 2},
      },
      kKnown);
}
