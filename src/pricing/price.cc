// The sell-price computation. Exact rationals throughout; the only roundings
// are the rule's increment (once), the tax (once, down) and the per-GPU-hour
// chart figures (once each, halves away from zero, from the final yen amounts).
#include "gpucat/pricing.h"
#include "rational.h"

namespace gpucat {

namespace {

using pricing_internal::Rational;
namespace pi = pricing_internal;

constexpr int64_t kHoursPerDay = 24;
constexpr int64_t kHoursPerMonth = 730;  // 365 x 24 / 12: the same rule as normalization

// Hours in one sell unit (second and minute never are sell units).
int64_t HoursPer(TimeUnit sell_unit) {
  switch (sell_unit) {
    case TimeUnit::kDay:
      return kHoursPerDay;
    case TimeUnit::kMonth:
      return kHoursPerMonth;
    default:
      return 1;
  }
}

// Published units in one sell unit: 3600 seconds or 60 minutes in the hour.
int64_t PublishedPerSellUnit(TimeUnit published) {
  switch (published) {
    case TimeUnit::kSecond:
      return 3600;
    case TimeUnit::kMinute:
      return 60;
    default:
      return 1;
  }
}

// The offer's tax-excluded cost per sell unit, exact.
std::optional<Rational> Cost(const Offer& o, const TaxRule& tax) {
  std::optional<Rational> c = pi::Mul(pi::FromDecimal(*o.amount), pi::FromInt(PublishedPerSellUnit(*o.unit)));
  // Included: ex = amount x 100/(100+rate). Excluded, or unknown read as
  // excluded (tax_assumed): the amount is the cost as it stands.
  if (c && o.tax == TaxFlag::kIncluded) {
    const auto to_ex = pi::Make(100, 100 + tax.rate_percent);
    c = to_ex ? pi::Mul(*c, *to_ex) : std::nullopt;
  }
  return c;
}

// cost -> unrounded tax-excluded sell price: markup or margin, + fixed, max(floor).
std::optional<Rational> Unrounded(const PricingRule& rule, const Rational& cost) {
  const auto share = pi::Div(pi::FromDecimal(rule.percent), pi::FromInt(100));  // p/100 or m/100
  if (!share) return std::nullopt;
  std::optional<Rational> price;
  if (rule.adjustment == Adjustment::kMarkup) {
    const auto factor = pi::Add(pi::FromInt(1), *share);  // 1 + p
    if (factor) price = pi::Mul(cost, *factor);
  } else {
    const auto keep = pi::Sub(pi::FromInt(1), *share);  // 1 - m > 0: the loader rejects m >= 100
    if (keep) price = pi::Div(cost, *keep);
  }
  if (price && rule.fixed_yen) price = pi::Add(*price, pi::FromDecimal(*rule.fixed_yen));
  if (price && rule.floor_yen) {
    const Rational floor = pi::FromDecimal(*rule.floor_yen);
    const auto below = pi::Less(*price, floor);
    if (!below) return std::nullopt;
    if (*below) price = floor;
  }
  return price;
}

// v >= 0 rounded to a multiple of `increment` yen. Nearest: a value exactly
// halfway between two multiples goes up (prices are positive, so this is the
// core's half-away-from-zero).
__int128 RoundToIncrement(const Rational& v, const Rounding& r) {
  const __int128 den = v.den * r.increment_yen;  // v / increment = v.num / den
  __int128 q = v.num / den;
  const __int128 rem = v.num % den;
  switch (r.mode) {
    case RoundingMode::kUp:
      q += rem > 0 ? 1 : 0;
      break;
    case RoundingMode::kDown:
      break;
    case RoundingMode::kNearest:
      q += rem * 2 >= den ? 1 : 0;
      break;
  }
  return q * r.increment_yen;
}

SellPrice Unpriced(SellPrice s, const char* reason) {
  s.status = SellStatus::kUnpriced;
  s.reason = reason;
  return s;
}

}  // namespace

std::optional<TimeUnit> SellUnit(std::optional<TimeUnit> published) {
  if (published == TimeUnit::kSecond || published == TimeUnit::kMinute) return TimeUnit::kHour;
  return published;
}

SellPrice PricingRules::Price(const Offer& o, const TaxRule& tax) const {
  SellPrice s;
  s.published_unit = o.unit;
  s.unit = SellUnit(o.unit);
  s.per = o.per;
  const PricingRule* rule = Match(o);
  // No rule, no sale: a reseller lists exactly what its rules cover, quotes included.
  if (!rule) return Unpriced(s, unpriced::kNoPricingRule);
  s.rule_id = rule->id;
  if (o.price_status == PriceStatus::kQuote) {
    s.status = SellStatus::kQuote;
    return s;
  }
  // Normalize() never lets these through; guard anyway so a hand-built Offer
  // cannot produce a price from nothing.
  if (!o.amount || !o.unit || o.amount->units <= 0 || o.gpus_per_unit <= 0) return Unpriced(s, unpriced::kNoCost);

  const auto cost = Cost(o, tax);
  const auto price = cost ? Unrounded(*rule, *cost) : std::nullopt;
  if (!price) return Unpriced(s, unpriced::kOutOfRange);
  // Bound before rounding too, so the increment arithmetic cannot overflow.
  const auto too_big = pi::Less(pi::FromInt(kMaxSellYen), *price);
  if (!too_big || *too_big) return Unpriced(s, unpriced::kOutOfRange);
  const __int128 ex = RoundToIncrement(*price, rule->rounding);
  if (ex > kMaxSellYen) return Unpriced(s, unpriced::kOutOfRange);  // rounding up past the bound
  if (ex <= 0) return Unpriced(s, unpriced::kZeroSellPrice);
  // Tax once, fractional yen rounded down (切り捨て): ex <= 1e11, so no overflow.
  const __int128 inc = ex * (100 + tax.rate_percent) / 100;

  s.status = SellStatus::kPriced;
  s.ex_yen = static_cast<int64_t>(ex);
  s.inc_yen = static_cast<int64_t>(inc);
  // Chart figures: yen per sell unit -> 1/10,000 JPY per GPU-hour.
  const __int128 den = static_cast<__int128>(HoursPer(*s.unit)) * (o.per == PricePer::kGpu ? 1 : o.gpus_per_unit);
  s.gpu_hour_ex_minor = RoundHalfAwayFromZero(ex * kMinorPerYen, den);
  s.gpu_hour_inc_minor = RoundHalfAwayFromZero(inc * kMinorPerYen, den);
  return s;
}

}  // namespace gpucat
