// Every billing rule at every boundary issue 8 lists, with exact integer money
// in 1/10,000 JPY. Expectations are computed by hand in the comments
// (ex-tax of a tax-included ¥x is x × 100/110, rounded once, half away from 0).
#include <catch2/catch.hpp>

#include "estimate_fixture.h"

using namespace gpucat;
using namespace gpucat::testing;

namespace {
constexpr int64_t kHour = 3600, kDay = 86400;
const char* const kJan1 = "2026-01-01T00:00:00+09:00";

struct Row {
  const char* what;
  int64_t seconds;  // duration from `start`
  const char* start;
  int64_t inc_minor, ex_minor;
  int64_t billed_count;  // in the rule's finest unit
};
}  // namespace

TEST_CASE("metered: DOK per second with a 60 s minimum", "[estimate][metered]") {
  const Row rows[] = {
      // 1 s and 59 s are raised to the 60 s minimum: 60 × ¥0.28 = ¥16.80; ex 16.8/1.1 = 15.27272.. -> 152727.
      {"1 s", 1, kJan1, 168000, 152727, 60},
      {"59 s", 59, kJan1, 168000, 152727, 60},
      // Exactly the minimum: 60 s billed as is.
      {"60 s", 60, kJan1, 168000, 152727, 60},
      // Above it, every second counts: 61 × ¥0.28 = ¥17.08; ex 15.52727.. -> 155273.
      {"61 s", 61, kJan1, 170800, 155273, 61},
      // One hour: 3600 × 0.28 = ¥1,008; ex 916.3636.. -> 9163636.
      {"1 h", kHour, kJan1, 10080000, 9163636, 3600},
  };
  for (const Row& r : rows) {
    CAPTURE(r.what);
    const Estimate e = MustEstimateOne(Request("h100-80gb", 1, r.seconds, r.start), {DokH100()});
    CHECK(e.total_inc_minor == r.inc_minor);
    CHECK(e.total_ex_minor == r.ex_minor);
    CHECK(e.billed_unit == TimeUnit::kSecond);
    CHECK(e.billed_count == r.billed_count);
    REQUIRE(e.lines.size() == 1);
    CHECK(e.lines[0].count == r.billed_count);
    CHECK(e.lines[0].amount_minor == r.inc_minor);  // lines are in the published (tax-included) basis
  }
}

TEST_CASE("metered: the minimum is named in the breakdown only when it applies", "[estimate][metered]") {
  auto has = [](const Estimate& e, const std::string& code) {
    for (const auto& n : e.notes) {
      if (n.code == code) return true;
    }
    return false;
  };
  const Estimate e59 = MustEstimateOne(Request("h100-80gb", 1, 59, kJan1), {DokH100()});
  CHECK(has(e59, "minimum_billed"));
  for (const auto& n : e59.notes) {
    if (n.code == "minimum_billed") CHECK(n.en == "60 s minimum applied: used 59 s, billed 60 s");
  }
  CHECK(e59.lines[0].en == "1 instance × 60 s × ¥0.28 (metered per second)");
  CHECK(e59.lines[0].ja == "1 台 × 60 秒 × ¥0.28（秒課金）");
  CHECK_FALSE(has(MustEstimateOne(Request("h100-80gb", 1, 60, kJan1), {DokH100()}), "minimum_billed"));
  CHECK_FALSE(has(MustEstimateOne(Request("h100-80gb", 1, 61, kJan1), {DokH100()}), "minimum_billed"));
}

TEST_CASE("metered: usage rounds up to whole units after the minimum", "[estimate][metered]") {
  // ¥990 per started hour: 5,400 s -> 2 h = ¥1,980; 3,600 s -> 1 h.
  const Offer hourly = MakeOffer({.plan = "hourly", .amount = "990"});
  CHECK(MustEstimateOne(Request("h100-80gb", 1, 5400, kJan1), {hourly}).total_inc_minor == 19800000);
  CHECK(MustEstimateOne(Request("h100-80gb", 1, 3600, kJan1), {hourly}).total_inc_minor == 9900000);
  CHECK(MustEstimateOne(Request("h100-80gb", 1, 3601, kJan1), {hourly}).total_inc_minor == 19800000);
  // ¥10 per minute, 90 s minimum: 30 s -> 90 s -> 2 minutes = ¥20 (minimum first, then whole units).
  const Offer per_minute = MakeOffer({.plan = "minute", .amount = "10", .unit = "minute", .min_billed_seconds = 90});
  const Estimate e = MustEstimateOne(Request("h100-80gb", 1, 30, kJan1), {per_minute});
  CHECK(e.billed_unit == TimeUnit::kMinute);
  CHECK(e.billed_count == 2);
  CHECK(e.total_inc_minor == 200000);
}

TEST_CASE("capped-schedule: VRT H100 hourly capped by the day, days capped by the month", "[estimate][capped]") {
  const Row rows[] = {
      // Within one day: 23 × ¥990 = ¥22,770 < ¥23,100, so hourly; ex 20,700.
      {"23 h", 23 * kHour, kJan1, 227700000, 207000000, 23},
      // 24 × ¥990 = ¥23,760 >= ¥23,100: the daily cap; ex 21,000.
      {"24 h", 24 * kHour, kJan1, 231000000, 210000000, 24},
      // 25 h: Jan 1 capped ¥23,100 + Jan 2 1 h ¥990 = ¥24,090; ex 21,900.
      {"25 h", 25 * kHour, kJan1, 240900000, 219000000, 25},
      // 16 full days: 16 × ¥23,100 = ¥369,600 < ¥385,000; ex 336,000.
      {"16 days", 16 * kDay, kJan1, 3696000000, 3360000000, 16 * 24},
      // 17 full days: 17 × ¥23,100 = ¥392,700 >= ¥385,000: the monthly cap; ex 350,000.
      {"17 days", 17 * kDay, kJan1, 3850000000, 3500000000, 17 * 24},
      // All of January (31 days): still one monthly cap.
      {"31 days", 31 * kDay, kJan1, 3850000000, 3500000000, 31 * 24},
      // 32 days: January capped ¥385,000 + Feb 1 ¥23,100 = ¥408,100; ex 371,000.
      {"32 days", 32 * kDay, kJan1, 4081000000, 3710000000, 32 * 24},
      // Half an hour is one started hour: ¥990; ex 900.
      {"30 min", 1800, kJan1, 9900000, 9000000, 1},
      // Start at noon, 36 h: Jan 1 12 h = ¥11,880 (under the cap), Jan 2 24 h -> ¥23,100 (cap):
      // ¥34,980 (36 × 990 would be ¥35,640); ex 31,800.
      {"noon + 36 h", 36 * kHour, "2026-01-01T12:00:00+09:00", 349800000, 318000000, 36},
      // Start 00:30, 24 h: every hour starts on Jan 1 (00:30 .. 23:30), so one capped day ¥23,100;
      // hours are counted from the start, not split at midnight.
      {"00:30 + 24 h", 24 * kHour, "2026-01-01T00:30:00+09:00", 231000000, 210000000, 24},
      // Start 18:00, 30 h: Jan 1 6 h = ¥5,940; Jan 2 24 h -> ¥23,100: ¥29,040; ex 26,400.
      {"18:00 + 30 h", 30 * kHour, "2026-01-01T18:00:00+09:00", 290400000, 264000000, 30},
  };
  for (const Row& r : rows) {
    CAPTURE(r.what);
    const Estimate e = MustEstimateOne(Request("h100-80gb", 1, r.seconds, r.start), VrtH100());
    CHECK(e.total_inc_minor == r.inc_minor);
    CHECK(e.total_ex_minor == r.ex_minor);
    CHECK(e.billed_unit == TimeUnit::kHour);
    CHECK(e.billed_count == r.billed_count);
    CHECK(e.offer_ids.size() == 3);
  }
}

TEST_CASE("capped-schedule: a run crossing calendar months is capped per month", "[estimate][capped]") {
  const struct {
    const char* what;
    const char* start;
    const char* end;
    int64_t inc_minor, ex_minor;
    int64_t months_capped, days_capped, hours;
  } rows[] = {
      // Jan 10 .. Feb 9 (30 days): Jan 10-31 = 22 days = ¥508,200 -> capped ¥385,000;
      // Feb 1-8 = 8 days = ¥184,800 (under the cap). Total ¥569,800, ex 518,000.
      // (One 30-day cap would have been ¥385,000: caps are per calendar month.)
      {"Jan 10 - Feb 9", "2026-01-10T00:00:00+09:00", "2026-02-09T00:00:00+09:00", 5698000000, 5180000000, 1, 8, 0},
      // Jan 20 .. Mar 5: Jan 20-31 12 days ¥277,200; Feb (28 days) capped ¥385,000; Mar 1-4 ¥92,400.
      // Total ¥754,600; ex 686,000.
      {"Jan 20 - Mar 5", "2026-01-20T00:00:00+09:00", "2026-03-05T00:00:00+09:00", 7546000000, 6860000000, 1, 16, 0},
      // Jan 31 22:00 .. Feb 1 02:00 JST: 2 h in each month, 4 × ¥990 = ¥3,960; ex 3,600.
      {"across midnight of a month", "2026-01-31T22:00:00+09:00", "2026-02-01T02:00:00+09:00", 39600000, 36000000, 0, 0,
       4},
      // The calendar is JST: 2026-01-31T15:00Z is Feb 1 00:00 JST, so 10 h all in Feb 1: ¥9,900.
      {"UTC instants, JST calendar", "2026-01-31T15:00:00Z", "2026-02-01T01:00:00Z", 99000000, 90000000, 0, 0, 10},
  };
  for (const auto& r : rows) {
    CAPTURE(r.what);
    const Estimate e = MustEstimateOne(Request("h100-80gb", 1, std::nullopt, r.start, r.end), VrtH100());
    CHECK(e.total_inc_minor == r.inc_minor);
    CHECK(e.total_ex_minor == r.ex_minor);
    int64_t months = 0, days = 0, hours = 0;
    for (const auto& l : e.lines) {
      (l.unit == TimeUnit::kMonth ? months : l.unit == TimeUnit::kDay ? days : hours) += l.count;
    }
    CHECK(months == r.months_capped);
    CHECK(days == r.days_capped);
    CHECK(hours == r.hours);
  }
}

TEST_CASE("capped-schedule: 8 GPUs for 100 hours on 1-GPU VRT instances", "[estimate][capped]") {
  // 100 h from Jan 1 = 4 capped days + 4 h per instance: 4 × 23,100 + 4 × 990 = ¥96,360;
  // × 8 instances = ¥770,880; ex 700,800. Per GPU-hour: 770,880 / 800 = ¥963.6 (ex 876).
  const Estimate e = MustEstimateOne(Request("h100-80gb", 8, 100 * kHour, kJan1), VrtH100());
  CHECK(e.units == 8);
  CHECK(e.billed_quantity == 8);
  CHECK(e.gpus_billed == 8);
  CHECK(e.total_inc_minor == 7708800000);
  CHECK(e.total_ex_minor == 7008000000);
  CHECK(e.gpu_hour_inc_minor == 9636000);
  CHECK(e.gpu_hour_ex_minor == 8760000);
  REQUIRE(e.lines.size() == 2);
  CHECK(e.lines[0].kind == "cap");
  CHECK(e.lines[0].amount_minor == 7392000000);  // 8 × 4 × 23,100 = 739,200
  CHECK(e.lines[0].en == "8 instances × 4 days × ¥23,100 (daily cap)");
  CHECK(e.lines[0].ja == "8 台 × 4 日 × ¥23,100（日額上限）");
  CHECK(e.lines[1].kind == "usage");
  CHECK(e.lines[1].amount_minor == 316800000);  // 8 × 4 × 990 = 31,680
  CHECK(e.lines[1].en == "8 instances × 4 h × ¥990 (hourly)");
  CHECK(e.notes[0].code == "units");
  CHECK(e.notes[0].en == "8 GPUs → 8 instances of 1 GPU");
}

TEST_CASE("capped-schedule: missing tiers mean no cap at that level", "[estimate][capped]") {
  // Hourly + monthly only: 24 h is 24 × 990 = ¥23,760 (no daily cap).
  CHECK(MustEstimateOne(Request("h100-80gb", 1, 24 * kHour, kJan1), VrtH100("990", "", "385000")).total_inc_minor ==
        237600000);
  // 17 days hourly only (no caps at all): 408 × 990 = ¥403,920.
  CHECK(MustEstimateOne(Request("h100-80gb", 1, 17 * kDay, kJan1), VrtH100("990", "", "")).total_inc_minor ==
        4039200000);
  // Daily + monthly: every touched calendar day is a day. 22:00 + 4 h touches 2 days = ¥46,200.
  const Estimate days =
      MustEstimateOne(Request("h100-80gb", 1, 4 * kHour, "2026-01-01T22:00:00+09:00"), VrtH100("", "23100", "385000"));
  CHECK(days.total_inc_minor == 462000000);
  CHECK(days.billed_unit == TimeUnit::kDay);
  CHECK(days.billed_count == 2);
  // Monthly only: every touched calendar month: Jan 31 23:00 + 2 h = 2 months.
  const Estimate months =
      MustEstimateOne(Request("h100-80gb", 1, 2 * kHour, "2026-01-31T23:00:00+09:00"), VrtH100("", "", "385000"));
  CHECK(months.total_inc_minor == 7700000000);
  CHECK(months.billed_count == 2);
}

TEST_CASE("per-started-month: monthly price per started calendar month, at least the minimum term",
          "[estimate][monthly]") {
  const struct {
    const char* what;
    int64_t gpus;
    const char* start;
    const char* end;
    int64_t inc_minor, ex_minor;
    int64_t units, months;
  } rows[] = {
      // 1 hour on a 2-month-minimum node: 2 × ¥3,046,120 = ¥6,092,240; ex 2 × 2,769,200 = 5,538,400.
      {"1 h, 8 GPUs", 8, kJan1, "2026-01-01T01:00:00+09:00", 60922400000, 55384000000, 1, 2},
      // 9 GPUs on 8-GPU nodes: 2 nodes × 2 months × ¥3,046,120 = ¥12,184,480; ex 11,076,800.
      {"1 h, 9 GPUs", 9, kJan1, "2026-01-01T01:00:00+09:00", 121844800000, 110768000000, 2, 2},
      // Exactly two calendar months: 2 months, the minimum changes nothing.
      {"Jan + Feb", 8, kJan1, "2026-03-01T00:00:00+09:00", 60922400000, 55384000000, 1, 2},
      // Jan 20 .. Mar 5 touches Jan, Feb, Mar: 3 × ¥3,046,120 = ¥9,138,360; ex 8,307,600.
      {"Jan 20 - Mar 5", 8, "2026-01-20T00:00:00+09:00", "2026-03-05T00:00:00+09:00", 91383600000, 83076000000, 1, 3},
      // One second into April still starts April: 4 months.
      {"into a 4th month", 8, kJan1, "2026-04-01T00:00:01+09:00", 121844800000, 110768000000, 1, 4},
  };
  for (const auto& r : rows) {
    CAPTURE(r.what);
    const Estimate e = MustEstimateOne(Request("h100-80gb", r.gpus, std::nullopt, r.start, r.end), {PhyH100()});
    CHECK(e.total_inc_minor == r.inc_minor);
    CHECK(e.total_ex_minor == r.ex_minor);
    CHECK(e.units == r.units);
    CHECK(e.billed_unit == TimeUnit::kMonth);
    CHECK(e.billed_count == r.months);
  }
}

TEST_CASE("per-started-month: the breakdown explains nodes and the minimum term", "[estimate][monthly]") {
  const Estimate e = MustEstimateOne(Request("h100-80gb", 9, kHour, kJan1), {PhyH100()});
  CHECK(e.gpus_billed == 16);
  REQUIRE(e.lines.size() == 1);
  CHECK(e.lines[0].en == "2 nodes × 2 months × ¥3,046,120 (per started month)");
  CHECK(e.lines[0].ja == "2 ノード × 2 か月 × ¥3,046,120（開始月ごと）");
  std::map<std::string, std::string> notes;
  for (const auto& n : e.notes) notes[n.code] = n.en;
  CHECK(notes["units"] == "9 GPUs → 2 nodes of 8 GPUs (16 GPUs billed, 7 idle)");
  CHECK(notes["minimum_term"] == "2-month minimum term: used 1 month, billed 2 months");
  // Effective price per GPU actually requested: ¥12,184,480 / (9 GPUs × 1 h) = ¥1,353,831.1111..
  CHECK(e.gpu_hour_inc_minor == 13538311111);
}

TEST_CASE("per-started-month without a minimum, and a month crossed by hours", "[estimate][monthly]") {
  // GPUSOROBAN-like node at ¥2,783,000 per month: Jan 31 23:00 + 2 h touches Jan and Feb:
  // 2 × ¥2,783,000 = ¥5,566,000; ex 5,060,000.
  const Offer node = MakeOffer({.provider = "highreso",
                                .plan = "aispacon",
                                .amount = "2783000",
                                .unit = "month",
                                .per = "node",
                                .rule = "per-started-month",
                                .gpus = 8});
  const Estimate e = MustEstimateOne(Request("h100-80gb", 8, 2 * kHour, "2026-01-31T23:00:00+09:00"), {node});
  CHECK(e.total_inc_minor == 55660000000);
  CHECK(e.total_ex_minor == 50600000000);
  // 720 h from Jan 1 stays in January (31 days): one month.
  CHECK(MustEstimateOne(Request("h100-80gb", 8, 720 * kHour, kJan1), {node}).total_inc_minor == 27830000000);
}

TEST_CASE("per-gpu offers bill N GPUs directly and racks round up", "[estimate][units]") {
  // ¥500 per GPU-hour excl., sold from 8-GPU servers: 9 GPUs × 1 h = ¥4,500 ex, ¥4,950 inc.
  const Offer per_gpu = MakeOffer({.plan = "pergpu", .amount = "500", .per = "gpu", .tax = "excluded", .gpus = 8});
  const Estimate g = MustEstimateOne(Request("h100-80gb", 9, kHour, kJan1), {per_gpu});
  CHECK(g.billed_quantity == 9);
  CHECK(g.gpus_billed == 9);
  CHECK(g.total_ex_minor == 45000000);
  CHECK(g.total_inc_minor == 49500000);
  // A listed 72-GPU rack at ¥72,000/h excl.: 73 GPUs -> 2 racks = ¥144,000 ex, ¥158,400 inc;
  // per GPU-hour 144,000 / 73 = ¥1,972.6027.. ex, ¥2,169.8630.. inc.
  const Offer rack = MakeOffer({.provider = "rackco",
                                .plan = "nvl72",
                                .gpu = "GB200",
                                .amount = "72000",
                                .per = "rack",
                                .tax = "excluded",
                                .gpus = 72,
                                .nvlink_domain_gpus = 72});
  const Estimate r = MustEstimateOne(Request("gb200-186gb", 73, kHour, kJan1), {rack});
  CHECK(r.units == 2);
  CHECK(r.gpus_billed == 144);
  CHECK(r.total_ex_minor == 1440000000);
  CHECK(r.total_inc_minor == 1584000000);
  CHECK(r.gpu_hour_ex_minor == 19726027);
  CHECK(r.gpu_hour_inc_minor == 21698630);
}

TEST_CASE("rounding happens once, on exact totals", "[estimate][rounding]") {
  SECTION("tax is derived from the exact total, not per line") {
    // Schedule ¥10/h, ¥160/day incl.; 29 h from Jan 1: Jan 1 capped ¥160, Jan 2 5 h = ¥50: ¥210.
    // ex of the total: 210/1.1 = 190.90909.. -> 1909091. Per line it would be
    // 160/1.1 = 145.4545.. -> 1454545 plus 50/1.1 = 45.4545.. -> 454545 = 1909090.
    const Estimate e = MustEstimateOne(Request("h100-80gb", 1, 29 * kHour, kJan1), VrtH100("10", "160", ""));
    REQUIRE(e.lines.size() == 2);
    CHECK(e.total_inc_minor == 2100000);
    CHECK(e.total_ex_minor == 1909091);
  }
  SECTION("the effective GPU-hour price comes from the exact total") {
    // DOK 59 s: exact ex total 16.8/1.1 yen; × 3600 / 59 s = ¥931.89522.. -> 9318952.
    // From the rounded total 152727 it would be 9318935.6 -> 9318936.
    const Estimate e = MustEstimateOne(Request("h100-80gb", 1, 59, kJan1), {DokH100()});
    CHECK(e.gpu_hour_ex_minor == 9318952);
    // inc: 16.8 × 3600 / 59 = ¥1,025.08474.. -> 10250847.
    CHECK(e.gpu_hour_inc_minor == 10250847);
  }
  SECTION("a price with more than 4 decimals stays exact until the end") {
    // ¥0.00055/s per GPU excl. (5.5 minor units), 3 GPUs × 1 s = ¥0.00165 = 16.5 minor -> 17 ex;
    // inc ¥0.001815 = 18.15 minor -> 18 (not 17 × 1.1 = 18.7 -> 19).
    const Offer tiny =
        MakeOffer({.plan = "tiny", .amount = "0.00055", .unit = "second", .per = "gpu", .tax = "excluded"});
    const Estimate e = MustEstimateOne(Request("h100-80gb", 3, 1, kJan1), {tiny});
    CHECK(e.total_ex_minor == 17);
    CHECK(e.total_inc_minor == 18);
    REQUIRE(e.lines.size() == 1);
    CHECK(e.lines[0].amount_minor == 17);  // display only: 16.5 rounded
  }
}
