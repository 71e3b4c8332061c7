#include "gpucat/offer.h"

#include <array>
#include <utility>

namespace gpucat {

namespace {
// One table per enum: the single place where a spelling is defined.
template <class E, size_t N>
using Spellings = std::array<std::pair<E, std::string_view>, N>;

constexpr Spellings<TaxFlag, 3> kTax{
    {{TaxFlag::kIncluded, "included"}, {TaxFlag::kExcluded, "excluded"}, {TaxFlag::kUnknown, "unknown"}}};
constexpr Spellings<TimeUnit, 5> kUnit{{{TimeUnit::kSecond, "second"},
                                        {TimeUnit::kMinute, "minute"},
                                        {TimeUnit::kHour, "hour"},
                                        {TimeUnit::kDay, "day"},
                                        {TimeUnit::kMonth, "month"}}};
constexpr Spellings<PricePer, 4> kPer{
    {{PricePer::kGpu, "gpu"}, {PricePer::kInstance, "instance"}, {PricePer::kNode, "node"}, {PricePer::kRack, "rack"}}};
constexpr Spellings<PriceStatus, 2> kStatus{{{PriceStatus::kListed, "listed"}, {PriceStatus::kQuote, "quote"}}};
constexpr Spellings<Availability, 5> kAvail{{{Availability::kAvailable, "available"},
                                             {Availability::kLimited, "limited"},
                                             {Availability::kSoldOut, "sold_out"},
                                             {Availability::kOnRequest, "on_request"},
                                             {Availability::kUnknown, "unknown"}}};
constexpr Spellings<SourceKind, 3> kKind{
    {{SourceKind::kApi, "api"}, {SourceKind::kPage, "page"}, {SourceKind::kSheet, "sheet"}}};

template <class E, size_t N>
std::string_view Spell(const Spellings<E, N>& table, E v) {
  for (const auto& [e, s] : table) {
    if (e == v) return s;
  }
  return "?";
}
template <class E, size_t N>
std::optional<E> Read(const Spellings<E, N>& table, std::string_view s) {
  for (const auto& [e, spelling] : table) {
    if (spelling == s) return e;
  }
  return std::nullopt;
}
}  // namespace

std::string_view ToString(TaxFlag v) { return Spell(kTax, v); }
std::string_view ToString(TimeUnit v) { return Spell(kUnit, v); }
std::string_view ToString(PricePer v) { return Spell(kPer, v); }
std::string_view ToString(PriceStatus v) { return Spell(kStatus, v); }
std::string_view ToString(Availability v) { return Spell(kAvail, v); }
std::string_view ToString(SourceKind v) { return Spell(kKind, v); }
std::optional<TaxFlag> ParseTaxFlag(std::string_view s) { return Read(kTax, s); }
std::optional<TimeUnit> ParseTimeUnit(std::string_view s) { return Read(kUnit, s); }
std::optional<PricePer> ParsePricePer(std::string_view s) { return Read(kPer, s); }
std::optional<PriceStatus> ParsePriceStatus(std::string_view s) { return Read(kStatus, s); }
std::optional<Availability> ParseAvailability(std::string_view s) { return Read(kAvail, s); }
std::optional<SourceKind> ParseSourceKind(std::string_view s) { return Read(kKind, s); }

bool Offer::SamePriceAs(const Offer& o) const {
  return price_status == o.price_status && amount == o.amount && currency == o.currency && tax == o.tax &&
         unit == o.unit && per == o.per && gpus_per_unit == o.gpus_per_unit &&
         gpu_hour_ex_minor == o.gpu_hour_ex_minor && gpu_hour_inc_minor == o.gpu_hour_inc_minor &&
         min_billed_seconds == o.min_billed_seconds && min_term_months == o.min_term_months &&
         billing_rule == o.billing_rule;
}

}  // namespace gpucat
