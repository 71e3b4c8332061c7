// Helpers for the pricing tests: rule documents from JSON fragments and offers
// with exactly the price fields a test needs.
#pragma once

#include <string>

#include "gpucat/pricing.h"

namespace gpucat::testing {

// {"version": 1, <extra>, "rules": [<rules>]}; `extra` is "" or members ending in ",".
std::string RulesDoc(const std::string& rules, const std::string& extra = "");
// ParsePricingRules that must succeed (throws with the Status otherwise).
PricingRules MustParseRules(const std::string& json_text);
// The error of a document that must fail to parse.
Status ParseError(const std::string& json_text);

// A listed "testprov"/"test-vrt" H100 offer (gpu_model "h100-80gb") with
// these price fields, built through Normalize() and then set exactly, so
// amounts outside Normalize's sanity band can be tested too.
Offer PricedOffer(const std::string& amount, TaxFlag tax = TaxFlag::kExcluded, TimeUnit unit = TimeUnit::kHour,
                  PricePer per = PricePer::kInstance, int64_t gpus = 1);
// A quote offer (no amount); unit "" leaves the billing unit unknown.
Offer QuoteOffer(const std::string& unit = "month");

// Prices `offer` under one rule (a JSON object) and the standard 10% tax.
SellPrice PriceUnder(const std::string& rule, const Offer& offer);

}  // namespace gpucat::testing
