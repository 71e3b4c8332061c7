// Validation and normalization: OfferDraft -> Offer or Reject.
//
// Rules (documented in README "Normalization rules", tested in
// tests/core/normalize_test.cc):
//  * unit-hour price = amount converted to one hour of one sold unit:
//      second x3600, minute x60, hour x1, day /24, month /730;
//      per = gpu multiplies by gpus_per_unit (the unit holds that many GPUs).
//  * GPU-hour price = unit-hour price / gpus_per_unit.
//  * tax: included -> ex = amount x 100/(100+rate); excluded -> inc = amount x
//    (100+rate)/100; unknown -> treated as excluded and tax_assumed = true.
//  * every normalized figure is one exact rational rounded ONCE to 1/10,000 JPY,
//    half away from zero.
// Thread-safety: pure.
#pragma once

#include <string>
#include <variant>

#include "gpucat/offer.h"

namespace gpucat {

struct NormalizeOptions {
  TaxRule tax = kJapanStandardTax;
  // Sane band for the tax-excluded JPY per GPU-hour of a listed offer.
  int64_t min_gpu_hour_minor = 1 * kMinorPerYen;          // below ¥1: reject
  int64_t max_gpu_hour_minor = 1'000'000 * kMinorPerYen;  // above ¥1,000,000: reject
};

// Billing rules an offer may declare. Exact semantics (calendar, minimums,
// rounding) in schema/README.md "Billing rules"; applied by gpucat/estimate.h:
//  metered           usage x price per unit, rounded up to whole units counted
//                    from the start, at least min_billed_seconds (DOK: per
//                    second, 60 s minimum: 59 s -> 60, 61 s -> 61);
//  capped-schedule   the group's hour/day/month offers together: started hours
//                    (counted from the start) charged to the JST calendar day
//                    they start in, capped per day by the daily price, a
//                    calendar month's charges capped by the monthly price
//                    (Sakura VRT: the API publishes all three);
//  per-started-month monthly price per JST calendar month the run touches, at
//                    least min_term_months (PHY: 2, AIスパコン, dedicated servers).
inline constexpr const char* kBillingRules[] = {"metered", "capped-schedule", "per-started-month"};

// Stable reason codes of a Reject produced here (see schema/README.md).
namespace reason {
inline constexpr const char* kMissingGpuModel = "missing_gpu_model";
inline constexpr const char* kUnknownGpuModel = "unknown_gpu_model";
inline constexpr const char* kBadGpuCount = "bad_gpu_count";
inline constexpr const char* kMissingField = "missing_field";
inline constexpr const char* kUnknownCurrency = "unknown_currency";
inline constexpr const char* kUnknownEnum = "unknown_enum_value";
inline constexpr const char* kNonNumericPrice = "non_numeric_price";
inline constexpr const char* kNonPositivePrice = "non_positive_price";
inline constexpr const char* kPriceOutOfBand = "price_out_of_band";
inline constexpr const char* kListedWithoutAmount = "listed_without_amount";
inline constexpr const char* kQuoteWithAmount = "quote_with_amount";
inline constexpr const char* kBadNumber = "bad_number";
}  // namespace reason

// The stable offer id for provider|product|plan|zone|unit:
// "<provider>-<first 12 hex of SHA-256>". Same inputs, same id, forever.
std::string DeriveOfferId(const std::string& provider, const std::string& product, const std::string& plan,
                          const std::string& zone, const std::string& unit);

// Normalizes prices of a listed offer in place (unit_hour_*, gpu_hour_*), from
// amount/unit/per/tax/gpus_per_unit. Exposed for tests and the benchmark.
void ComputeNormalizedPrices(Offer& offer, const TaxRule& tax);

// Draft + its document's provenance -> Offer, or a Reject whose reason_code is
// one of reason::* and whose detail names the field.
std::variant<Offer, Reject> Normalize(const OfferDraft& draft, const Provenance& provenance,
                                      const NormalizeOptions& options = {});

}  // namespace gpucat
