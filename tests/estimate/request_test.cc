// Requests: query parameters, instants, the billing calendar, the start assumption.
#include <catch2/catch.hpp>

#include "estimate_fixture.h"

using namespace gpucat;
using namespace gpucat::testing;

namespace {
using Params = std::map<std::string, std::string>;
std::string ErrorOf(const Params& p) { return ParseEstimateRequest(p).status().code(); }
}  // namespace

TEST_CASE("ParseEstimateRequest reads the endpoint's parameters", "[estimate][request]") {
  auto r = ParseEstimateRequest({{"gpu", "h100"}, {"gpus", "8"}, {"hours", "100"}});
  REQUIRE(r.ok());
  CHECK(r.value().gpu_model == "h100-80gb");
  CHECK(r.value().gpus == 8);
  CHECK(r.value().duration_seconds == 360000);
  CHECK_FALSE(r.value().same_domain);
  CHECK(r.value().tax_basis == TaxFlag::kExcluded);

  r = ParseEstimateRequest({{"gpu", "NVIDIA H200"},
                            {"gpus", "9"},
                            {"hours", "1.5"},
                            {"same_domain", "true"},
                            {"tax", "inc"},
                            {"start", "2026-01-01"},
                            {"unrelated", "x"}});
  REQUIRE(r.ok());
  CHECK(r.value().gpu_model == "h200-141gb");
  CHECK(r.value().duration_seconds == 5400);
  CHECK(r.value().same_domain);
  CHECK(r.value().tax_basis == TaxFlag::kIncluded);
  CHECK(r.value().start == "2026-01-01");

  r = ParseEstimateRequest({{"gpu", "h100"}, {"gpus", "1"}, {"seconds", "59"}});
  REQUIRE(r.ok());
  CHECK(r.value().duration_seconds == 59);
  r = ParseEstimateRequest({{"gpu", "h100"}, {"gpus", "1"}, {"start", "2026-01-01"}, {"end", "2026-02-01"}});
  REQUIRE(r.ok());
  CHECK_FALSE(r.value().duration_seconds);
}

TEST_CASE("ParseEstimateRequest rejects bad parameters with stable codes", "[estimate][request]") {
  const struct {
    Params params;
    const char* code;
  } rows[] = {
      {{{"gpus", "8"}, {"hours", "1"}}, "missing_gpu_model"},
      {{{"gpu", "h999"}, {"gpus", "8"}, {"hours", "1"}}, "unknown_gpu_model"},
      {{{"gpu", "h100"}, {"hours", "1"}}, "bad_gpu_count"},
      {{{"gpu", "h100"}, {"gpus", "0"}, {"hours", "1"}}, "bad_gpu_count"},
      {{{"gpu", "h100"}, {"gpus", "-1"}, {"hours", "1"}}, "bad_gpu_count"},
      {{{"gpu", "h100"}, {"gpus", "8.5"}, {"hours", "1"}}, "bad_gpu_count"},
      {{{"gpu", "h100"}, {"gpus", "100001"}, {"hours", "1"}}, "bad_gpu_count"},
      {{{"gpu", "h100"}, {"gpus", "1"}, {"hours", "0"}}, "bad_duration"},
      {{{"gpu", "h100"}, {"gpus", "1"}, {"hours", "1e3"}}, "bad_duration"},
      {{{"gpu", "h100"}, {"gpus", "1"}, {"hours", "0.0001"}}, "bad_duration"},  // 0.36 s
      {{{"gpu", "h100"}, {"gpus", "1"}, {"hours", "90000"}}, "bad_duration"},   // > ~10 years
      {{{"gpu", "h100"}, {"gpus", "1"}, {"seconds", "0"}}, "bad_duration"},
      {{{"gpu", "h100"}, {"gpus", "1"}, {"hours", "1"}, {"seconds", "1"}}, "conflicting_duration"},
      {{{"gpu", "h100"}, {"gpus", "1"}, {"hours", "1"}, {"end", "2026-01-01"}}, "conflicting_duration"},
      {{{"gpu", "h100"}, {"gpus", "1"}, {"hours", "1"}, {"same_domain", "yes"}}, "bad_boolean"},
      {{{"gpu", "h100"}, {"gpus", "1"}, {"hours", "1"}, {"tax", "unknown"}}, "bad_tax_basis"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.code);
    CHECK(ErrorOf(r.params) == r.code);
  }
}

TEST_CASE("ResolvePeriod: explicit runs, the assumed start, and errors", "[estimate][request]") {
  const EstimateOptions options = TestOptions();  // now = 2026-11-22T10:00:00Z
  auto fmt = [](int64_t t) { return FormatBillingInstant(t, kJstOffsetSeconds); };

  // Hours without a start: the first instant of the next calendar month (JST).
  auto p = ResolvePeriod(Request("h100-80gb", 1, 3600), options);
  REQUIRE(p.ok());
  CHECK(p.value().start_assumed);
  CHECK(fmt(p.value().start) == "2026-12-01T00:00:00+09:00");
  CHECK(fmt(p.value().end) == "2026-12-01T01:00:00+09:00");
  // 2026-11-30T20:00Z is already Dec 1 05:00 in JST: the next month is January.
  EstimateOptions late = options;
  late.now = "2026-11-30T20:00:00Z";
  CHECK(fmt(ResolvePeriod(Request("h100-80gb", 1, 3600), late).value().start) == "2027-01-01T00:00:00+09:00");

  // Hours with a start; a date is local midnight.
  p = ResolvePeriod(Request("h100-80gb", 1, 3600, "2026-01-01"), options);
  REQUIRE(p.ok());
  CHECK_FALSE(p.value().start_assumed);
  CHECK(fmt(p.value().start) == "2026-01-01T00:00:00+09:00");
  // Start and end.
  p = ResolvePeriod(Request("h100-80gb", 1, std::nullopt, "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"), options);
  REQUIRE(p.ok());
  CHECK(p.value().seconds() == 86400);

  const struct {
    EstimateRequest request;
    const char* now;
    const char* code;
  } rows[] = {
      {Request("h100-80gb", 1, std::nullopt), "2026-11-22T10:00:00Z", "missing_duration"},
      {Request("h100-80gb", 1, std::nullopt, "2026-01-01"), "2026-11-22T10:00:00Z", "missing_duration"},
      {Request("h100-80gb", 1, 3600, "", "2026-01-02"), "2026-11-22T10:00:00Z", "conflicting_duration"},
      {Request("h100-80gb", 1, 0), "2026-11-22T10:00:00Z", "bad_duration"},
      {Request("h100-80gb", 1, 3600), "", "bad_timestamp"},
      {Request("h100-80gb", 1, 3600, "2026-02-30"), "2026-11-22T10:00:00Z", "bad_timestamp"},
      {Request("h100-80gb", 1, std::nullopt, "2026-01-02", "2026-01-01"), "2026-11-22T10:00:00Z", "bad_period"},
      {Request("h100-80gb", 1, std::nullopt, "2026-01-01", "2026-01-01"), "2026-11-22T10:00:00Z", "bad_period"},
      {Request("h100-80gb", 1, std::nullopt, "2026-01-01", "2040-01-01"), "2026-11-22T10:00:00Z", "bad_duration"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.code);
    EstimateOptions o = options;
    o.now = r.now;
    CHECK(ResolvePeriod(r.request, o).status().code() == r.code);
  }
}

TEST_CASE("EstimateCost validates the request", "[estimate][request]") {
  EstimateRequest r = Request("", 1, 3600);
  CHECK(EstimateCost(r, {}, TestOptions()).status().code() == "missing_gpu_model");
  r = Request("h100-80gb", 0, 3600);
  CHECK(EstimateCost(r, {}, TestOptions()).status().code() == "bad_gpu_count");
  r = Request("h100-80gb", 1, 3600);
  r.tax_basis = TaxFlag::kUnknown;
  CHECK(EstimateCost(r, {}, TestOptions()).status().code() == "bad_tax_basis");
  // No offers at all is a valid, empty answer.
  r.tax_basis = TaxFlag::kIncluded;
  auto empty = EstimateCost(r, {}, TestOptions());
  REQUIRE(empty.ok());
  CHECK(empty.value().estimates.empty());
  CHECK(empty.value().excluded.empty());
}

TEST_CASE("ParseBillingInstant: RFC 3339 and dates on the billing calendar", "[estimate][request]") {
  const int64_t jan1_jst = 1767193200;  // 2026-01-01T00:00:00+09:00 = 2025-12-31T15:00:00Z
  const struct {
    const char* text;
    std::optional<int64_t> epoch;
  } rows[] = {
      {"2026-01-01", jan1_jst},
      {"2026-01-01T00:00:00+09:00", jan1_jst},
      {"2026-01-01T00:00+09:00", jan1_jst},
      {"2026-01-01T00:00:00", jan1_jst},  // no offset: calendar-local
      {"2025-12-31T15:00:00Z", jan1_jst},
      {"2025-12-31t15:00:00z", jan1_jst},
      {"2025-12-31T10:00:00-05:00", jan1_jst},
      {"2026-01-01T00:00:01+09:00", jan1_jst + 1},
      {"2028-02-29", 1835362800},  // a leap day exists
      {"2026-02-29", std::nullopt},
      {"2026-13-01", std::nullopt},
      {"2026-01-01T24:00:00Z", std::nullopt},
      {"2026-01-01T00:00:60Z", std::nullopt},
      {"2026-01-01T00:00:00.5Z", std::nullopt},
      {"2026-01-01T00:00:00+0900", std::nullopt},
      {"2026-1-1", std::nullopt},
      {"", std::nullopt},
      {"now", std::nullopt},
  };
  for (const auto& r : rows) {
    CAPTURE(r.text);
    CHECK(ParseBillingInstant(r.text, kJstOffsetSeconds) == r.epoch);
  }
  CHECK(FormatBillingInstant(jan1_jst, kJstOffsetSeconds) == "2026-01-01T00:00:00+09:00");
  CHECK(FormatBillingInstant(jan1_jst, 0) == "2025-12-31T15:00:00+00:00");
  CHECK(FormatBillingInstant(jan1_jst, -5 * 3600) == "2025-12-31T10:00:00-05:00");
}

TEST_CASE("minimum terms on hourly rules run to the same time M months on", "[estimate][request]") {
  // A metered ¥990/h offer with a 1-month minimum, from Jan 31 10:00: the term ends
  // Feb 28 10:00 (clamped), 28 days = 672 h = ¥665,280.
  const Offer o = MakeOffer({.plan = "termed", .amount = "990", .min_term_months = 1});
  const Estimate e = MustEstimateOne(Request("h100-80gb", 1, 3600, "2026-01-31T10:00:00+09:00"), {o});
  CHECK(e.billed_count == 672);
  CHECK(e.total_inc_minor == 6652800000);
  // In a leap year the term ends Feb 29: 29 days = 696 h.
  CHECK(MustEstimateOne(Request("h100-80gb", 1, 3600, "2028-01-31T10:00:00+09:00"), {o}).billed_count == 696);
}
