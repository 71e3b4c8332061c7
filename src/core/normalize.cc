#include "gpucat/normalize.h"

#include <algorithm>
#include <iterator>

#include "gpucat/gpu_models.h"
#include "gpucat/sha256.h"

namespace gpucat {

namespace {

constexpr int64_t kMaxGpusPerUnit = 100000;
constexpr int64_t kHoursPerMonth = 730;  // 365 x 24 / 12: the rule, stated in the README
constexpr int64_t kHoursPerDay = 24;

// One hour of `unit` as an exact fraction num/den of the unit.
struct Ratio {
  __int128 num, den;
};
Ratio PerHour(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond:
      return {3600, 1};
    case TimeUnit::kMinute:
      return {60, 1};
    case TimeUnit::kHour:
      return {1, 1};
    case TimeUnit::kDay:
      return {1, kHoursPerDay};
    case TimeUnit::kMonth:
      return {1, kHoursPerMonth};
  }
  return {1, 1};
}

__int128 Pow10(int n) {
  __int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

Reject MakeReject(const OfferDraft& d, const Provenance& p, const char* code, std::string detail) {
  return Reject{d.provider, p.source_id, d.locator, code, std::move(detail), d.record_text};
}

bool ValidNonNegative(const std::optional<int64_t>& v) { return !v || *v >= 0; }

}  // namespace

std::string DeriveOfferId(const std::string& provider, const std::string& product, const std::string& plan,
                          const std::string& zone, const std::string& unit) {
  // '\x1f' (unit separator) cannot occur in any of the parts' meaning, so
  // ("a|b","c") and ("a","b|c") never collide.
  const std::string key = provider + '\x1f' + product + '\x1f' + plan + '\x1f' + zone + '\x1f' + unit;
  return provider + "-" + Sha256Hex(key).substr(0, 12);
}

void ComputeNormalizedPrices(Offer& o, const TaxRule& tax) {
  if (o.price_status != PriceStatus::kListed || !o.amount || !o.unit || o.gpus_per_unit <= 0) {
    o.unit_hour_ex_minor = o.unit_hour_inc_minor = o.gpu_hour_ex_minor = o.gpu_hour_inc_minor = std::nullopt;
    return;
  }
  // amount per unit-hour = units / 10^scale x (gpus if per gpu) x hour.num / hour.den
  const Ratio hour = PerHour(*o.unit);
  __int128 num = static_cast<__int128>(o.amount->units) * hour.num * kMinorPerYen;
  __int128 den = Pow10(o.amount->scale) * hour.den;
  if (o.per == PricePer::kGpu) num *= o.gpus_per_unit;

  // Tax: the published amount is one side; the other is derived exactly.
  const __int128 with = 100 + tax.rate_percent, without = 100;
  __int128 ex_num = num, ex_den = den, inc_num = num, inc_den = den;
  if (o.tax == TaxFlag::kIncluded) {
    ex_num = num * without;
    ex_den = den * with;
  } else {  // excluded, or unknown read as excluded (tax_assumed)
    inc_num = num * with;
    inc_den = den * without;
  }
  o.unit_hour_ex_minor = RoundHalfAwayFromZero(ex_num, ex_den);
  o.unit_hour_inc_minor = RoundHalfAwayFromZero(inc_num, inc_den);
  // Per GPU from the exact rational, not from the rounded unit price: rounding once.
  o.gpu_hour_ex_minor = RoundHalfAwayFromZero(ex_num, ex_den * o.gpus_per_unit);
  o.gpu_hour_inc_minor = RoundHalfAwayFromZero(inc_num, inc_den * o.gpus_per_unit);
}

std::variant<Offer, Reject> Normalize(const OfferDraft& d, const Provenance& p, const NormalizeOptions& options) {
  auto reject = [&](const char* code, std::string detail) -> std::variant<Offer, Reject> {
    return MakeReject(d, p, code, std::move(detail));
  };
  for (const auto& [field, value] :
       {std::pair{"provider", &d.provider}, std::pair{"product", &d.product}, std::pair{"plan", &d.plan},
        std::pair{"per", &d.per}, std::pair{"price_status", &d.price_status}}) {
    if (value->empty()) return reject(reason::kMissingField, std::string(field) + " is missing");
  }
  if (d.gpu_name.empty()) return reject(reason::kMissingGpuModel, "gpu is missing");
  const auto model = ResolveGpuModel(d.gpu_name);
  if (!model) return reject(reason::kUnknownGpuModel, "unknown GPU model \"" + d.gpu_name + "\"");
  if (d.gpus_per_unit <= 0 || d.gpus_per_unit > kMaxGpusPerUnit) {
    return reject(reason::kBadGpuCount, "gpus_per_unit must be 1.." + std::to_string(kMaxGpusPerUnit) + ", got " +
                                            std::to_string(d.gpus_per_unit));
  }
  for (const auto& [field, value] :
       {std::pair{"gpu_memory_gb", &d.gpu_memory_gb}, std::pair{"vcpus", &d.vcpus}, std::pair{"ram_gb", &d.ram_gb},
        std::pair{"nvlink_domain_gpus", &d.nvlink_domain_gpus}, std::pair{"fabric_gbps", &d.fabric_gbps},
        std::pair{"min_billed_seconds", &d.min_billed_seconds}, std::pair{"min_term_months", &d.min_term_months},
        std::pair{"units_free", &d.units_free}}) {
    if (!ValidNonNegative(*value)) return reject(reason::kBadNumber, std::string(field) + " is negative");
  }

  Offer o;
  const auto status = ParsePriceStatus(d.price_status);
  if (!status) return reject(reason::kUnknownEnum, "price_status \"" + d.price_status + "\" is not listed|quote");
  o.price_status = *status;
  const bool listed = o.price_status == PriceStatus::kListed;

  if (d.currency.empty()) {
    if (listed) return reject(reason::kMissingField, "currency is missing");
  } else if (d.currency != "JPY") {
    return reject(reason::kUnknownCurrency, "currency \"" + d.currency + "\" is not JPY");
  }
  if (d.unit.empty()) {
    if (listed) return reject(reason::kMissingField, "unit is missing");
  } else {
    o.unit = ParseTimeUnit(d.unit);
    if (!o.unit) return reject(reason::kUnknownEnum, "unit \"" + d.unit + "\" is not second|minute|hour|day|month");
  }
  const auto per = ParsePricePer(d.per);
  if (!per) return reject(reason::kUnknownEnum, "per \"" + d.per + "\" is not gpu|instance|node|rack");
  o.per = *per;
  if (d.tax.empty()) {
    if (listed) return reject(reason::kMissingField, "tax is missing (say \"unknown\" if it is)");
  } else {
    const auto tax = ParseTaxFlag(d.tax);
    if (!tax) return reject(reason::kUnknownEnum, "tax \"" + d.tax + "\" is not included|excluded|unknown");
    o.tax = *tax;
  }
  const std::string billing_rule = d.billing_rule.empty() ? "metered" : d.billing_rule;
  if (std::find(std::begin(kBillingRules), std::end(kBillingRules), billing_rule) == std::end(kBillingRules)) {
    return reject(reason::kUnknownEnum, "billing_rule \"" + d.billing_rule + "\" is not known");
  }
  const auto availability = ParseAvailability(d.availability.empty() ? "unknown" : d.availability);
  if (!availability) return reject(reason::kUnknownEnum, "availability \"" + d.availability + "\" is not known");

  if (listed) {
    if (d.amount.empty()) return reject(reason::kListedWithoutAmount, "a listed offer has no amount");
    auto amount = ParseDecimal(d.amount);
    if (!amount.ok()) {
      const bool huge = amount.status().code() == "amount_too_large";
      return reject(huge ? reason::kPriceOutOfBand : reason::kNonNumericPrice, amount.status().message());
    }
    if (amount.value().units <= 0) return reject(reason::kNonPositivePrice, "amount " + d.amount + " is not > 0");
    o.amount = amount.value();
  } else if (!d.amount.empty()) {
    return reject(reason::kQuoteWithAmount, "a quote offer must not carry an amount (got " + d.amount + ")");
  }

  o.provider = d.provider;
  o.product = d.product;
  o.plan = d.plan;
  o.display_name = d.display_name.empty() ? d.plan : d.display_name;
  o.zone = d.zone;
  o.site = d.site;
  o.prefecture = d.prefecture;
  o.gpu_model = *model;
  o.gpu_name = d.gpu_name;
  o.gpus_per_unit = d.gpus_per_unit;
  o.gpu_memory_gb = d.gpu_memory_gb;
  o.vcpus = d.vcpus;
  o.ram_gb = d.ram_gb;
  o.storage = d.storage;
  o.nvlink_domain_gpus = d.nvlink_domain_gpus;
  o.fabric = d.fabric;
  o.fabric_gbps = d.fabric_gbps;
  o.currency = "JPY";
  o.min_billed_seconds = d.min_billed_seconds;
  o.min_term_months = d.min_term_months;
  o.billing_rule = billing_rule;
  o.tax_assumed = listed && o.tax == TaxFlag::kUnknown;
  o.availability = *availability;
  o.units_free = d.units_free;
  o.availability_observed_at = d.availability_observed_at.empty() ? p.fetched_at : d.availability_observed_at;
  o.valid_from = d.valid_from;
  o.valid_to = d.valid_to;
  o.notes = d.notes;
  o.provenance = p;
  const std::string unit_key = o.unit ? std::string(ToString(*o.unit)) : "unspecified";
  o.id = DeriveOfferId(o.provider, o.product, o.plan, o.zone, unit_key);
  o.group_id = DeriveOfferId(o.provider, o.product, o.plan, o.zone, "group");

  ComputeNormalizedPrices(o, options.tax);
  if (listed &&
      (*o.gpu_hour_ex_minor < options.min_gpu_hour_minor || *o.gpu_hour_ex_minor > options.max_gpu_hour_minor)) {
    return reject(reason::kPriceOutOfBand, "JPY " + FormatMinorAsYen(*o.gpu_hour_ex_minor) +
                                               " per GPU-hour (tax excluded) is outside the sane band " +
                                               FormatMinorAsYen(options.min_gpu_hour_minor) + ".." +
                                               FormatMinorAsYen(options.max_gpu_hour_minor));
  }
  return o;
}

}  // namespace gpucat
