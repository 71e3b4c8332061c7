#include "pricing_support.h"

#include <stdexcept>

#include "gpucat/normalize.h"
#include "support/testing.h"

namespace gpucat::testing {

std::string RulesDoc(const std::string& rules, const std::string& extra) {
  return R"({"version": 1, )" + extra + R"( "rules": [)" + rules + "]}";
}

PricingRules MustParseRules(const std::string& json_text) {
  auto r = ParsePricingRules(json_text);
  if (!r.ok()) throw std::runtime_error("expected valid rules, got " + r.status().ToString());
  return std::move(r).value();
}

Status ParseError(const std::string& json_text) {
  auto r = ParsePricingRules(json_text);
  if (r.ok()) throw std::runtime_error("expected an error, the rules parsed");
  return r.status();
}

Offer PricedOffer(const std::string& amount, TaxFlag tax, TimeUnit unit, PricePer per, int64_t gpus) {
  Offer o = MustNormalize(ListedDraft());
  auto d = ParseDecimal(amount);
  if (!d.ok()) throw std::runtime_error("bad test amount " + amount);
  o.amount = d.value();
  o.tax = tax;
  o.tax_assumed = tax == TaxFlag::kUnknown;
  o.unit = unit;
  o.per = per;
  o.gpus_per_unit = gpus;
  ComputeNormalizedPrices(o, kJapanStandardTax);
  return o;
}

Offer QuoteOffer(const std::string& unit) {
  OfferDraft d = ListedDraft("quote-plan", "");
  d.price_status = "quote";
  d.unit = unit;
  return MustNormalize(d);
}

SellPrice PriceUnder(const std::string& rule, const Offer& offer) {
  return MustParseRules(RulesDoc(rule)).Price(offer);
}

}  // namespace gpucat::testing
