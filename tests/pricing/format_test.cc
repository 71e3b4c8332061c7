// Japanese and English display, and the storefront JSON of a sell price.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "gpucat/pricing.h"
#include "pricing_support.h"

using namespace gpucat;
using namespace gpucat::testing;

namespace {
std::string OneRule() {
  return R"({"id": "r", "match": {}, "markup_percent": "0", "rounding": {"increment_yen": 1, "mode": "nearest"}})";
}
}  // namespace

TEST_CASE("Tax display in Japanese (総額表示) and English", "[pricing]") {
  CHECK(FormatIncTax(11000, Lang::kJa) == "¥11,000（税込）");  // full-width parentheses U+FF08/U+FF09
  CHECK(FormatExTax(10000, Lang::kJa) == "税抜 ¥10,000");
  CHECK(FormatIncTax(11000, Lang::kEn) == "¥11,000 incl. tax");
  CHECK(FormatExTax(10000, Lang::kEn) == "¥10,000 excl. tax");
  CHECK(FormatIncTax(3061300, Lang::kJa) == "¥3,061,300（税込）");
  CHECK(FormatIncTax(77, Lang::kJa) == "¥77（税込）");
  // The yen sign is U+00A5 (C2 A5), as in the storefront issue.
  CHECK(FormatExTax(1, Lang::kEn).substr(0, 2) == "\xC2\xA5");
}

TEST_CASE("Unit and per labels in both languages", "[pricing]") {
  CHECK(UnitLabel(TimeUnit::kSecond, Lang::kJa) == "秒");
  CHECK(UnitLabel(TimeUnit::kMinute, Lang::kJa) == "分");
  CHECK(UnitLabel(TimeUnit::kHour, Lang::kJa) == "時間");
  CHECK(UnitLabel(TimeUnit::kDay, Lang::kJa) == "日");
  CHECK(UnitLabel(TimeUnit::kMonth, Lang::kJa) == "月");
  CHECK(UnitLabel(TimeUnit::kSecond, Lang::kEn) == "second");
  CHECK(UnitLabel(TimeUnit::kMinute, Lang::kEn) == "minute");
  CHECK(UnitLabel(TimeUnit::kHour, Lang::kEn) == "hour");
  CHECK(UnitLabel(TimeUnit::kDay, Lang::kEn) == "day");
  CHECK(UnitLabel(TimeUnit::kMonth, Lang::kEn) == "month");
  CHECK(PerLabel(PricePer::kGpu, Lang::kJa) == "1GPUあたり");
  CHECK(PerLabel(PricePer::kInstance, Lang::kJa) == "1インスタンスあたり");
  CHECK(PerLabel(PricePer::kNode, Lang::kJa) == "1ノードあたり");
  CHECK(PerLabel(PricePer::kRack, Lang::kJa) == "1ラックあたり");
  CHECK(PerLabel(PricePer::kGpu, Lang::kEn) == "per GPU");
  CHECK(PerLabel(PricePer::kInstance, Lang::kEn) == "per instance");
  CHECK(PerLabel(PricePer::kNode, Lang::kEn) == "per node");
  CHECK(PerLabel(PricePer::kRack, Lang::kEn) == "per rack");
  CHECK(ContactUsLabel(Lang::kJa) == "お問い合わせ");
  CHECK(ContactUsLabel(Lang::kEn) == "Contact us");
  CHECK(ParseLang("ja") == Lang::kJa);
  CHECK(ParseLang("en") == Lang::kEn);
  CHECK_FALSE(ParseLang("JA"));
  CHECK_FALSE(ParseLang(""));
}

TEST_CASE("DisplayPrice shows the tax-included price, Contact us, or nothing", "[pricing]") {
  const auto rules = MustParseRules(RulesDoc(OneRule()));
  // ¥10,000/hour per GPU excluded -> inc 11,000.
  const SellPrice priced = rules.Price(PricedOffer("10000", TaxFlag::kExcluded, TimeUnit::kHour, PricePer::kGpu));
  CHECK(DisplayPrice(priced, Lang::kJa) == "¥11,000（税込）/時間・1GPUあたり");
  CHECK(DisplayPrice(priced, Lang::kEn) == "¥11,000 incl. tax / hour, per GPU");
  // Per second, sold per hour: 0.5/s = 1,800/hour -> inc 1,980.
  const SellPrice dok = rules.Price(PricedOffer("0.5", TaxFlag::kExcluded, TimeUnit::kSecond));
  CHECK(DisplayPrice(dok, Lang::kJa) == "¥1,980（税込）/時間・1インスタンスあたり");
  const SellPrice quote = rules.Price(QuoteOffer());
  CHECK(DisplayPrice(quote, Lang::kJa) == "お問い合わせ");
  CHECK(DisplayPrice(quote, Lang::kEn) == "Contact us");
  SellPrice unpriced;
  unpriced.reason = "no_pricing_rule";
  CHECK(DisplayPrice(unpriced, Lang::kJa).empty());
}

TEST_CASE("SellPriceJson: money as minor units and exact yen strings, no cost, no rule id", "[pricing]") {
  const auto rules = MustParseRules(RulesDoc(OneRule()));
  const nlohmann::json j = SellPriceJson(rules.Price(PricedOffer("0.016", TaxFlag::kExcluded, TimeUnit::kSecond)));
  // ¥0.016/s = ¥57.6/hour -> nearest ¥58; inc floor(63.8) = 63.
  const auto expected = nlohmann::json::parse(R"({
    "status": "priced", "unit": "hour", "billed_per": "second", "per": "instance",
    "ex_tax": {"minor": 580000, "yen": "58.0000"},
    "inc_tax": {"minor": 630000, "yen": "63.0000"},
    "gpu_hour": {"ex_tax": {"minor": 580000, "yen": "58.0000"}, "inc_tax": {"minor": 630000, "yen": "63.0000"}},
    "labels": {
      "ja": {"price": "¥63（税込）/時間・1インスタンスあたり", "unit": "時間", "per": "1インスタンスあたり",
             "inc_tax": "¥63（税込）", "ex_tax": "税抜 ¥58"},
      "en": {"price": "¥63 incl. tax / hour, per instance", "unit": "hour", "per": "per instance",
             "inc_tax": "¥63 incl. tax", "ex_tax": "¥58 excl. tax"}}
  })");
  CHECK(j == expected);

  const nlohmann::json q = SellPriceJson(rules.Price(QuoteOffer("")));
  CHECK(q == nlohmann::json::parse(R"({
    "status": "quote", "unit": null, "billed_per": null, "per": "instance",
    "labels": {"ja": {"price": "お問い合わせ", "per": "1インスタンスあたり"},
               "en": {"price": "Contact us", "per": "per instance"}}
  })"));

  SellPrice none;
  none.reason = "no_pricing_rule";
  CHECK(SellPriceJson(none) == nlohmann::json::parse(R"({"status": "unpriced", "reason": "no_pricing_rule"})"));
}
