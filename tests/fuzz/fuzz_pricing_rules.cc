// libFuzzer target: ParsePricingRules (gpucat/pricing.h), the reseller's
// rules file, then pricing a fixed set of offers under whatever parsed.
//
// Invariants: errors carry one of the documented codes (never
// rules_unreadable: no file is involved); a rule set's digest is the text's
// SHA-256 and its ids are unique; every sell price is either priced
// (1 <= ex <= kMaxSellYen, inc = floor(ex x 1.1), on the rule Match() picks),
// a quote, or unpriced with a documented reason; display text exists exactly
// for sellable prices.
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "fuzz_support.h"
#include "gpucat/pricing.h"

namespace {

using namespace gpucat;

Offer Make(const std::string& plan, const std::string& amount, const std::string& tax, const std::string& unit,
           const std::string& per, int64_t gpus, const std::string& gpu) {
  OfferDraft d;
  d.provider = plan.substr(0, plan.find('-'));
  d.product = "fuzz-product";
  d.plan = plan;
  d.display_name = plan;
  d.zone = "is1a";
  d.gpu_name = gpu;
  d.gpus_per_unit = gpus;
  d.price_status = amount.empty() ? "quote" : "listed";
  d.amount = amount;
  d.currency = "JPY";
  d.tax = tax;
  d.unit = unit;
  d.per = per;
  Provenance p;
  p.source_id = "fuzz.src";
  p.url = "https://fuzz.invalid/";
  p.fetched_at = "2026-11-22T00:00:00Z";
  p.sha256 = std::string(64, 'a');
  auto r = Normalize(d, p);
  if (auto* reject = std::get_if<Reject>(&r)) fuzz::Fail("sample offer normalizes", reject->detail);
  return std::get<Offer>(r);
}

const std::vector<Offer>& Samples() {
  static const std::vector<Offer> offers = {
      Make("sakura-vrt-h100", "990", "included", "hour", "instance", 1, "H100"),
      Make("sakura-dok-h100", "0.28", "included", "second", "instance", 1, "NVIDIA H100"),
      Make("gmo-h200x8", "3800000", "excluded", "month", "node", 8, "H200"),
      Make("gpusoroban-a100", "398", "unknown", "hour", "instance", 1, "A100 80GB"),
      Make("kddi-gb200", "", "unknown", "month", "rack", 72, "GB200"),
      Make("sakura-day-h100", "23760", "included", "day", "gpu", 1, "H100"),
  };
  return offers;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = ParsePricingRules(text);
  if (!parsed.ok()) {
    namespace e = pricing_error;
    FUZZ_CHECK(fuzz::OneOf(parsed.status().code(), {e::kInvalidJson, e::kInvalid, e::kAmbiguous}),
               parsed.status().ToString());
    return 0;
  }
  const PricingRules& rules = parsed.value();
  FUZZ_CHECK(rules.digest() == Sha256Hex(text), rules.digest());
  std::set<std::string> ids;
  for (const auto& r : rules.rules()) FUZZ_CHECK(!r.id.empty() && ids.insert(r.id).second, r.id);
  for (const Offer& offer : Samples()) {
    const SellPrice price = rules.Price(offer);
    const PricingRule* rule = rules.Match(offer);
    switch (price.status) {
      case SellStatus::kPriced:
        FUZZ_CHECK(rule != nullptr && price.rule_id == rule->id, offer.id);
        FUZZ_CHECK(price.ex_yen && price.inc_yen, offer.id);
        FUZZ_CHECK(*price.ex_yen >= 1 && *price.ex_yen <= kMaxSellYen, std::to_string(*price.ex_yen));
        FUZZ_CHECK(*price.inc_yen == *price.ex_yen * 110 / 100, std::to_string(*price.inc_yen));
        FUZZ_CHECK(price.gpu_hour_ex_minor && price.gpu_hour_inc_minor, offer.id);
        break;
      case SellStatus::kQuote:
        FUZZ_CHECK(!price.ex_yen && !price.inc_yen, offer.id);
        break;
      case SellStatus::kUnpriced:
        FUZZ_CHECK(fuzz::OneOf(price.reason, {unpriced::kNoPricingRule, unpriced::kNoCost, unpriced::kZeroSellPrice,
                                              unpriced::kOutOfRange}),
                   price.reason);
        FUZZ_CHECK(!price.ex_yen && !price.inc_yen, offer.id);
        break;
    }
    for (Lang lang : {Lang::kJa, Lang::kEn}) {
      FUZZ_CHECK(DisplayPrice(price, lang).empty() == !price.sellable(), offer.id);
    }
    (void)SellPriceJson(price).dump();
  }
  return 0;
}
