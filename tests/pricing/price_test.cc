// The sell-price computation. Every expected value is worked out by hand in
// the comment beside it.
#include <catch2/catch.hpp>

#include "gpucat/pricing.h"
#include "pricing_support.h"

using namespace gpucat;
using namespace gpucat::testing;

namespace {
// One rule with every wildcard; `body` holds the adjustment and extras.
std::string Any(const std::string& body, int increment = 1, const std::string& mode = "nearest") {
  return R"({"id": "r", "match": {}, )" + body + R"(, "rounding": {"increment_yen": )" + std::to_string(increment) +
         R"(, "mode": ")" + mode + R"("}})";
}
// One rule for hourly offers (fixed_yen and floor_yen need a unit).
std::string Hourly(const std::string& body, int increment = 1, const std::string& mode = "nearest") {
  return R"({"id": "r", "match": {"unit": "hour"}, )" + body + R"(, "rounding": {"increment_yen": )" +
         std::to_string(increment) + R"(, "mode": ")" + mode + R"("}})";
}
int64_t Ex(const SellPrice& s) { return s.ex_yen.value_or(-1); }
int64_t Inc(const SellPrice& s) { return s.inc_yen.value_or(-1); }
}  // namespace

TEST_CASE("Markup and margin on a ¥10,000 cost", "[pricing]") {
  const Offer excluded = PricedOffer("10000", TaxFlag::kExcluded);
  // 10,000 x 1.20 = 12,000; inc 12,000 x 1.1 = 13,200.
  SellPrice s = PriceUnder(Any(R"("markup_percent": "20")"), excluded);
  CHECK(s.status == SellStatus::kPriced);
  CHECK(s.reason.empty());
  CHECK(Ex(s) == 12000);
  CHECK(Inc(s) == 13200);
  // 10,000 / (1 - 0.20) = 12,500; inc 13,750.
  s = PriceUnder(Any(R"("margin_percent": "20")"), excluded);
  CHECK(Ex(s) == 12500);
  CHECK(Inc(s) == 13750);
  // 10,000 / 0.875 = 11,428.571428...: nearest 11,429, up to 10 -> 11,430, down to 100 -> 11,400.
  CHECK(Ex(PriceUnder(Any(R"("margin_percent": "12.5")"), excluded)) == 11429);
  CHECK(Ex(PriceUnder(Any(R"("margin_percent": "12.5")", 10, "up"), excluded)) == 11430);
  CHECK(Ex(PriceUnder(Any(R"("margin_percent": "12.5")", 100, "down"), excluded)) == 11400);
  // 0% either way sells at cost.
  CHECK(Ex(PriceUnder(Any(R"("markup_percent": "0")"), excluded)) == 10000);
  CHECK(Ex(PriceUnder(Any(R"("margin_percent": "0")"), excluded)) == 10000);
  // 12.345678901% markup: 10,000 x 1.12345678901 = 11,234.5678901 -> nearest 11,235.
  CHECK(Ex(PriceUnder(Any(R"("markup_percent": "12.345678901")"), excluded)) == 11235);
}

TEST_CASE("The cost is the tax-excluded price per billing unit", "[pricing]") {
  // Included ¥11,000: cost 11,000 x 100/110 = 10,000 -> +20% = 12,000.
  CHECK(Ex(PriceUnder(Any(R"("markup_percent": "20")"), PricedOffer("11000", TaxFlag::kIncluded))) == 12000);
  // Unknown tax is read as excluded (the conservative reading): cost 11,000 -> 13,200.
  CHECK(Ex(PriceUnder(Any(R"("markup_percent": "20")"), PricedOffer("11000", TaxFlag::kUnknown))) == 13200);
  // Included ¥990 (Sakura-like): cost 900 -> +15% = 1,035 -> up to 10: 1,040; inc 1,144.
  const SellPrice s = PriceUnder(Any(R"("markup_percent": "15")", 10, "up"), PricedOffer("990", TaxFlag::kIncluded));
  CHECK(Ex(s) == 1040);
  CHECK(Inc(s) == 1144);
  // An included amount whose ex-tax cost has a fraction: 1,000 x 100/110 = 909.0909...
  // 0% markup: nearest 909, up 910 (increment 10), down 900 (increment 100).
  CHECK(Ex(PriceUnder(Any(R"("markup_percent": "0")"), PricedOffer("1000", TaxFlag::kIncluded))) == 909);
  CHECK(Ex(PriceUnder(Any(R"("markup_percent": "0")", 10, "up"), PricedOffer("1000", TaxFlag::kIncluded))) == 910);
  CHECK(Ex(PriceUnder(Any(R"("markup_percent": "0")", 100, "down"), PricedOffer("1000", TaxFlag::kIncluded))) == 900);
  // Included 1,100.55 -> ex exactly 1,000.5: a half that only exists before rounding.
  CHECK(Ex(PriceUnder(Any(R"("markup_percent": "0")"), PricedOffer("1100.55", TaxFlag::kIncluded))) == 1001);
}

TEST_CASE("A fixed amount per unit is added after the markup or margin", "[pricing]") {
  const Offer o = PricedOffer("10000");
  // 10,000 x 1.2 + 500 = 12,500.
  CHECK(Ex(PriceUnder(Hourly(R"("markup_percent": "20", "fixed_yen": "500")"), o)) == 12500);
  // 10,000 / 0.8 + 0.5 = 12,500.5 -> nearest (halves up) 12,501, down 12,500.
  CHECK(Ex(PriceUnder(Hourly(R"("margin_percent": "20", "fixed_yen": "0.5")"), o)) == 12501);
  CHECK(Ex(PriceUnder(Hourly(R"("margin_percent": "20", "fixed_yen": "0.5")", 1, "down"), o)) == 12500);
}

TEST_CASE("Rounding happens once, at the end", "[pricing]") {
  // Cost 1,004.4 + fixed 0.6 = 1,005.0 exactly -> nearest 10: 1,010.
  // Rounding the cost first (1,004) would give 1,004.6 -> 1,000.
  CHECK(Ex(PriceUnder(Hourly(R"("markup_percent": "0", "fixed_yen": "0.6")", 10), PricedOffer("1004.4"))) == 1010);
}

TEST_CASE("Floors hold in every rounding mode", "[pricing]") {
  const Offer o = PricedOffer("1000");
  // 1,000 x 1.1 = 1,100 < floor 1,500 -> 1,500.
  CHECK(Ex(PriceUnder(Hourly(R"("markup_percent": "10", "floor_yen": "1500")", 100, "down"), o)) == 1500);
  // 1,100 > floor 1,000 -> 1,100 (the floor does nothing).
  CHECK(Ex(PriceUnder(Hourly(R"("markup_percent": "10", "floor_yen": "1000")", 100, "down"), o)) == 1100);
  // Just below the floor: 1,499.99 -> floor 1,500, and rounding down keeps 1,500.
  CHECK(Ex(PriceUnder(Hourly(R"("markup_percent": "0", "floor_yen": "1500")", 100, "down"), PricedOffer("1499.99"))) ==
        1500);
  // Above the floor, rounding down stops at the floor at worst: 1,599 -> 1,500.
  CHECK(Ex(PriceUnder(Hourly(R"("markup_percent": "0", "floor_yen": "1500")", 100, "down"), PricedOffer("1599"))) ==
        1500);
  // The floor applies after the fixed amount: 1,000 + 400 = 1,400 < 1,500 -> 1,500; + 600 = 1,600.
  CHECK(Ex(PriceUnder(Hourly(R"("markup_percent": "0", "fixed_yen": "400", "floor_yen": "1500")", 100, "up"), o)) ==
        1500);
  CHECK(Ex(PriceUnder(Hourly(R"("markup_percent": "0", "fixed_yen": "600", "floor_yen": "1500")", 100, "up"), o)) ==
        1600);
}

TEST_CASE("Every rounding mode x increment at the edges", "[pricing]") {
  // 0% markup on a tax-excluded amount, so the unrounded price is the amount.
  // For increment I, around 1,000: the exact multiple, one ten-thousandth above
  // it, just below / exactly at / just above the half (1,000 + I/2), and just
  // below the next multiple.
  struct Row {
    int increment;
    const char* amount;
    int64_t up, down, nearest;
  };
  const Row rows[] = {
      {1, "1000", 1000, 1000, 1000},         // exact: no mode moves it
      {1, "1000.0001", 1001, 1000, 1000},    // a hair above: up takes the next yen
      {1, "1000.4999", 1001, 1000, 1000},    // just below the half
      {1, "1000.5", 1001, 1000, 1001},       // the half: nearest goes up
      {1, "1000.5001", 1001, 1000, 1001},    // just above the half
      {1, "1000.9999", 1001, 1000, 1001},    // just below the next yen
      {10, "1000", 1000, 1000, 1000},        //
      {10, "1000.0001", 1010, 1000, 1000},   //
      {10, "1004.9999", 1010, 1000, 1000},   // just below 1,005
      {10, "1005", 1010, 1000, 1010},        // the half of 10
      {10, "1005.0001", 1010, 1000, 1010},   //
      {10, "1009.9999", 1010, 1000, 1010},   //
      {100, "1000", 1000, 1000, 1000},       //
      {100, "1000.0001", 1100, 1000, 1000},  //
      {100, "1049.9999", 1100, 1000, 1000},  // just below 1,050
      {100, "1050", 1100, 1000, 1100},       // the half of 100
      {100, "1050.0001", 1100, 1000, 1100},  //
      {100, "1099.9999", 1100, 1000, 1100},  //
  };
  for (const auto& r : rows) {
    CAPTURE(r.increment, r.amount);
    const Offer o = PricedOffer(r.amount);
    CHECK(Ex(PriceUnder(Any(R"("markup_percent": "0")", r.increment, "up"), o)) == r.up);
    CHECK(Ex(PriceUnder(Any(R"("markup_percent": "0")", r.increment, "down"), o)) == r.down);
    CHECK(Ex(PriceUnder(Any(R"("markup_percent": "0")", r.increment, "nearest"), o)) == r.nearest);
  }
  // The half reached through a markup rather than the amount: 1,000 x 1.005 = 1,005 -> nearest 10: 1,010.
  CHECK(Ex(PriceUnder(Any(R"("markup_percent": "0.5")", 10), PricedOffer("1000"))) == 1010);
  // ... and through a margin: 999.975 / (1 - 0.005) = 1,005 exactly -> nearest 10: 1,010; down: 1,000.
  CHECK(Ex(PriceUnder(Any(R"("margin_percent": "0.5")", 10), PricedOffer("999.975"))) == 1010);
  CHECK(Ex(PriceUnder(Any(R"("margin_percent": "0.5")", 10, "down"), PricedOffer("999.975"))) == 1000);
}

TEST_CASE("Tax is added once and fractional yen are rounded down", "[pricing]") {
  struct Row {
    const char* ex;
    int64_t inc;
  };
  const Row rows[] = {
      {"1000", 1100},  // 1,100.0 exact
      {"1001", 1101},  // 1,101.1 -> 1,101
      {"1005", 1105},  // 1,105.5 -> 1,105 (down, even at the half)
      {"1009", 1109},  // 1,109.9 -> 1,109 (down, even just below the next yen)
      {"1", 1},        // 1.1 -> 1
      {"9", 9},        // 9.9 -> 9
  };
  for (const auto& r : rows) {
    CAPTURE(r.ex);
    const SellPrice s = PriceUnder(Any(R"("markup_percent": "0")"), PricedOffer(r.ex));
    CHECK(Ex(s) == std::stoll(r.ex));
    CHECK(Inc(s) == r.inc);
  }
  // Another rate: 8% on 1,001 = 1,081.08 -> 1,081.
  const auto rules = MustParseRules(RulesDoc(Any(R"("markup_percent": "0")")));
  const SellPrice s8 = rules.Price(PricedOffer("1001"), TaxRule{8, "1989-04-01"});
  CHECK(Ex(s8) == 1001);
  CHECK(Inc(s8) == 1081);
  // An included amount round-trips when nothing is added: 1,100 -> ex 1,000 -> inc 1,100.
  CHECK(Inc(PriceUnder(Any(R"("markup_percent": "0")"), PricedOffer("1100", TaxFlag::kIncluded))) == 1100);
}

TEST_CASE("Per-second and per-minute offers are sold per hour", "[pricing]") {
  // ¥0.016/s excluded = ¥57.6/hour; +15% = 66.24 -> up to 10: ¥70/hour; inc 77.
  const SellPrice s = PriceUnder(Any(R"("markup_percent": "15")", 10, "up"),
                                 PricedOffer("0.016", TaxFlag::kExcluded, TimeUnit::kSecond));
  CHECK(s.status == SellStatus::kPriced);
  CHECK(s.published_unit == TimeUnit::kSecond);
  CHECK(s.unit == TimeUnit::kHour);
  CHECK(Ex(s) == 70);
  CHECK(Inc(s) == 77);
  CHECK(s.gpu_hour_ex_minor == 700000);  // ¥70.0000 per GPU-hour (1 GPU)
  CHECK(s.gpu_hour_inc_minor == 770000);
  // ¥1/minute = ¥60/hour.
  const SellPrice m =
      PriceUnder(Any(R"("markup_percent": "0")"), PricedOffer("1", TaxFlag::kExcluded, TimeUnit::kMinute));
  CHECK(m.unit == TimeUnit::kHour);
  CHECK(Ex(m) == 60);
  // A rule matches the PUBLISHED unit; its floor is per sell unit (the hour):
  // 57.6/hour < floor 100 -> 100.
  const std::string per_second_floor =
      R"({"id": "dok", "match": {"unit": "second"}, "markup_percent": "0", "floor_yen": "100",
          "rounding": {"increment_yen": 10, "mode": "up"}})";
  CHECK(Ex(PriceUnder(per_second_floor, PricedOffer("0.016", TaxFlag::kExcluded, TimeUnit::kSecond))) == 100);
  // SellUnit: only second and minute change.
  CHECK(SellUnit(TimeUnit::kSecond) == TimeUnit::kHour);
  CHECK(SellUnit(TimeUnit::kMinute) == TimeUnit::kHour);
  CHECK(SellUnit(TimeUnit::kHour) == TimeUnit::kHour);
  CHECK(SellUnit(TimeUnit::kDay) == TimeUnit::kDay);
  CHECK(SellUnit(TimeUnit::kMonth) == TimeUnit::kMonth);
  CHECK_FALSE(SellUnit(std::nullopt));
}

TEST_CASE("Per-GPU-hour sell prices for charts", "[pricing]") {
  // ¥2,783,000/month per 8-GPU node, excluded, 0%: ex 2,783,000, inc 3,061,300.
  // Per GPU-hour: 2,783,000 x 10,000 / (730 x 8) = 4,765,410.958... -> 4,765,411;
  //               3,061,300 x 10,000 / 5,840 = 5,241,952.05... -> 5,241,952.
  SellPrice s = PriceUnder(Any(R"("markup_percent": "0")"),
                           PricedOffer("2783000", TaxFlag::kExcluded, TimeUnit::kMonth, PricePer::kNode, 8));
  CHECK(s.unit == TimeUnit::kMonth);
  CHECK(s.per == PricePer::kNode);
  CHECK(Ex(s) == 2783000);
  CHECK(Inc(s) == 3061300);
  CHECK(s.gpu_hour_ex_minor == 4765411);
  CHECK(s.gpu_hour_inc_minor == 5241952);
  // Priced per GPU already: ¥1,000/hour per GPU of an 8-GPU instance -> 10,000,000 minor, not /8.
  s = PriceUnder(Any(R"("markup_percent": "0")"),
                 PricedOffer("1000", TaxFlag::kExcluded, TimeUnit::kHour, PricePer::kGpu, 8));
  CHECK(s.gpu_hour_ex_minor == 10000000);
  CHECK(s.gpu_hour_inc_minor == 11000000);
  // ¥1,001/day per instance of 1 GPU: 1,001 x 10,000 / 24 = 417,083.33 -> 417,083;
  // inc 1,101 x 10,000 / 24 = 458,750.
  s = PriceUnder(Any(R"("markup_percent": "0")"), PricedOffer("1001", TaxFlag::kExcluded, TimeUnit::kDay));
  CHECK(s.gpu_hour_ex_minor == 417083);
  CHECK(s.gpu_hour_inc_minor == 458750);
}

TEST_CASE("Quote offers have no amount but are sellable as Contact us", "[pricing]") {
  const SellPrice s = PriceUnder(Any(R"("markup_percent": "15")"), QuoteOffer("month"));
  CHECK(s.status == SellStatus::kQuote);
  CHECK(s.sellable());
  CHECK(s.rule_id == "r");
  CHECK(s.unit == TimeUnit::kMonth);
  CHECK_FALSE(s.ex_yen);
  CHECK_FALSE(s.inc_yen);
  CHECK_FALSE(s.gpu_hour_ex_minor);
  CHECK_FALSE(s.gpu_hour_inc_minor);
}

TEST_CASE("No matching rule: not sellable, reason no_pricing_rule", "[pricing]") {
  const std::string other = R"({"id": "other", "match": {"provider": "other"}, "markup_percent": "15",
                                "rounding": {"increment_yen": 1, "mode": "up"}})";
  SellPrice s = PriceUnder(other, PricedOffer("1000"));
  CHECK(s.status == SellStatus::kUnpriced);
  CHECK_FALSE(s.sellable());
  CHECK(s.reason == "no_pricing_rule");
  CHECK(s.rule_id.empty());
  CHECK_FALSE(s.ex_yen);
  // Quotes too: the rules decide what the reseller sells.
  s = PriceUnder(other, QuoteOffer());
  CHECK(s.status == SellStatus::kUnpriced);
  CHECK(s.reason == "no_pricing_rule");
}

TEST_CASE("Degenerate results are unpriced, never a wrong or free price", "[pricing]") {
  const Offer tiny = PricedOffer("0.0001", TaxFlag::kExcluded, TimeUnit::kSecond);  // ¥0.36/hour
  // Down or nearest to ¥1 gives ¥0: never sold for nothing.
  SellPrice s = PriceUnder(Any(R"("markup_percent": "0")", 1, "down"), tiny);
  CHECK(s.status == SellStatus::kUnpriced);
  CHECK(s.reason == "zero_sell_price");
  CHECK(s.rule_id == "r");
  CHECK(PriceUnder(Any(R"("markup_percent": "0")", 1, "nearest"), tiny).reason == "zero_sell_price");
  CHECK(Ex(PriceUnder(Any(R"("markup_percent": "0")", 1, "up"), tiny)) == 1);

  // kMaxSellYen is the largest sell price: ¥100,000,000,000 is priced, one more is not.
  CHECK(Ex(PriceUnder(Any(R"("markup_percent": "0")"), PricedOffer("100000000000"))) == kMaxSellYen);
  CHECK(PriceUnder(Any(R"("markup_percent": "0")"), PricedOffer("100000000000.0001")).reason ==
        "sell_price_out_of_range");
  // Rounding up onto the bound is fine: 99,999,999,950.5 -> up to 100 = 100,000,000,000.
  CHECK(Ex(PriceUnder(Any(R"("markup_percent": "0")", 100, "up"), PricedOffer("99999999950.5"))) == kMaxSellYen);
  // The largest amount money.h can hold, per second, +1000%: no overflow, just out of range.
  s = PriceUnder(Any(R"("markup_percent": "1000")", 100, "up"),
                 PricedOffer("999999999999999999", TaxFlag::kIncluded, TimeUnit::kSecond));
  CHECK(s.reason == "sell_price_out_of_range");
  CHECK_FALSE(s.ex_yen);

  // A listed offer without an amount (Normalize never makes one): no_cost.
  Offer broken = PricedOffer("1000");
  broken.amount.reset();
  CHECK(PriceUnder(Any(R"("markup_percent": "0")"), broken).reason == "no_cost");
  broken = PricedOffer("1000");
  broken.gpus_per_unit = 0;
  CHECK(PriceUnder(Any(R"("markup_percent": "0")"), broken).reason == "no_cost");
}

TEST_CASE("Exact at full precision: nine decimals everywhere, no spurious overflow", "[pricing]") {
  // cost = 99,999,999.123456789 x 100/110 = 90,909,090.112233444545...
  // x 1.12345678901 + 0.123456789 = 102,132,434.5927673... (checked with Python's fractions)
  const Offer o = PricedOffer("99999999.123456789", TaxFlag::kIncluded);
  const std::string body = R"("markup_percent": "12.345678901", "fixed_yen": "0.123456789")";
  CHECK(Ex(PriceUnder(Hourly(body, 1, "down"), o)) == 102132434);
  CHECK(Ex(PriceUnder(Hourly(body, 1, "up"), o)) == 102132435);
  CHECK(Ex(PriceUnder(Hourly(body, 1, "nearest"), o)) == 102132435);
  // ¥0.000000001/second = ¥0.0000036/hour; a 99.999999999% margin divides by 1e-11: exactly ¥360,000.
  CHECK(Ex(PriceUnder(Any(R"("margin_percent": "99.999999999")"),
                      PricedOffer("0.000000001", TaxFlag::kExcluded, TimeUnit::kSecond))) == 360000);
  // The same margin on a ¥90,909,090 cost is ~9.09e18 yen: out of range, not an overflow.
  CHECK(PriceUnder(Any(R"("margin_percent": "99.999999999")"), o).reason == "sell_price_out_of_range");
}
