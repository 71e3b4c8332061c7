// Sell prices: the reseller's rules that turn an offer's cost into the price a
// buyer pays, and the Japanese/English display of that price.
//
// Rules file: schema/pricing-rules.schema.json, documented in
// docs/pricing-rules.md. In short, each rule matches offers by provider,
// product, GPU model (canonical id) and billing unit (an omitted field matches
// anything); the rule with the most specified fields wins, and two rules with
// the same number of specified fields that could both match one offer are
// rejected at load time (rules_ambiguous).
//
// Computation (exact rationals; rounded once; no floating point):
//   cost  = the offer's published amount per its billing unit, tax-excluded
//           (tax-included amounts: x 100/(100+rate)); per-second and per-minute
//           offers are priced per HOUR (cost x 3600 or x 60), see SellUnit().
//   price = cost x (1 + p/100)          (markup_percent p)
//         | cost / (1 - m/100)          (margin_percent m, 0 <= m < 100)
//         + fixed_yen                   (optional, per sell unit)
//   price = max(price, floor_yen)       (optional, per sell unit)
//   ex    = price rounded ONCE to the rule's increment (1, 10 or 100 yen;
//           up, down or nearest with halves up), in whole yen
//   inc   = floor(ex x (100+rate)/100)  (tax: fractional yen rounded down, 切り捨て)
// The floor is validated to be a multiple of the increment, so rounding never
// takes a price below its floor.
//
// Thread-safety: a PricingRules is immutable after loading; share it as a
// std::shared_ptr<const PricingRules>. Reloading (SIGHUP, admin endpoint)
// builds a new one and swaps the pointer (PricingRulesHolder); readers that
// hold the old pointer finish with the old rules. All functions are pure.
//
// This library knows the core (offer.h, money.h) only: never the store or HTTP.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gpucat/money.h"
#include "gpucat/offer.h"
#include "gpucat/status.h"

namespace gpucat {

// Status codes of LoadPricingRules / ParsePricingRules (stable, public).
namespace pricing_error {
inline constexpr const char* kUnreadable = "rules_unreadable";     // file missing or unreadable
inline constexpr const char* kInvalidJson = "rules_invalid_json";  // not JSON (message has line/column)
inline constexpr const char* kInvalid = "rules_invalid";           // message starts with a JSON pointer
inline constexpr const char* kAmbiguous = "rules_ambiguous";       // equal-specificity overlap
}  // namespace pricing_error

// Why an offer has no sell price (SellPrice::reason; stable, public).
namespace unpriced {
inline constexpr const char* kNoPricingRule = "no_pricing_rule";       // no rule matches the offer
inline constexpr const char* kNoCost = "no_cost";                      // listed but no usable amount/unit
inline constexpr const char* kZeroSellPrice = "zero_sell_price";       // rounded to ¥0: never sold free
inline constexpr const char* kOutOfRange = "sell_price_out_of_range";  // above kMaxSellYen
}  // namespace unpriced

// The largest sell price per unit, in yen. Keeps every figure (including
// per-GPU-hour minor units) below 2^53, so JSON consumers read it exactly.
inline constexpr int64_t kMaxSellYen = 100'000'000'000;  // ¥100 billion

enum class Adjustment { kMarkup, kMargin };
enum class RoundingMode { kUp, kDown, kNearest };  // nearest: halves round up
std::string_view ToString(RoundingMode m);         // up | down | nearest

struct Rounding {
  int64_t increment_yen = 1;  // 1, 10 or 100
  RoundingMode mode = RoundingMode::kNearest;
};

// One rule as loaded. Match fields: nullopt = wildcard.
struct PricingRule {
  std::string id;    // unique within the file
  size_t index = 0;  // position in the file's "rules" array
  std::string description;
  std::optional<std::string> provider, product, gpu_model;  // exact, case-sensitive
  std::optional<TimeUnit> unit;                             // the offer's published billing unit
  Adjustment adjustment = Adjustment::kMarkup;
  Decimal percent;                   // 0..1000 for markup, 0..<100 for margin
  std::optional<Decimal> fixed_yen;  // >= 0, per sell unit
  std::optional<Decimal> floor_yen;  // >= 0, whole multiple of rounding.increment_yen
  Rounding rounding;

  int Specificity() const;  // number of specified match fields, 0..4
  bool Matches(const Offer& offer) const;
  std::string Label() const;  // "/rules/2 (id \"sakura-h200\")", for messages
};

enum class SellStatus { kPriced, kQuote, kUnpriced };
std::string_view ToString(SellStatus s);  // priced | quote | unpriced

// The sell price of one offer. Cost figures never appear here.
struct SellPrice {
  SellStatus status = SellStatus::kUnpriced;
  std::string reason;   // kUnpriced only: one of unpriced::*
  std::string rule_id;  // the rule that applied (empty for no_pricing_rule); admin-only
  // The offer's billing unit as published, and the unit the sell price is per
  // (SellUnit(published_unit)). nullopt only for a quote with no known unit.
  std::optional<TimeUnit> published_unit, unit;
  PricePer per = PricePer::kInstance;  // as the offer: per GPU, instance, node or rack
  // kPriced only: whole yen per `unit` and `per`, tax-excluded and -included.
  std::optional<int64_t> ex_yen, inc_yen;
  // kPriced only: per GPU-hour in 1/10,000 JPY (kMinorPerYen), for charts;
  // from ex_yen and inc_yen exactly, rounded once, halves away from zero.
  std::optional<int64_t> gpu_hour_ex_minor, gpu_hour_inc_minor;

  // True when a buyer can act on it: priced, or a quote ("Contact us").
  bool sellable() const { return status != SellStatus::kUnpriced; }
};

// The unit a sell price is quoted per: the published unit, except that
// per-second and per-minute offers are priced per hour. Whole-yen rounding of
// a ¥0.016/second price is meaningless (¥1 would be a 60x markup), and buyers
// compare hourly prices; billing stays per second at ex_yen / 3600.
std::optional<TimeUnit> SellUnit(std::optional<TimeUnit> published);

// A validated, immutable rule set. Build one with ParsePricingRules or
// LoadPricingRules.
class PricingRules {
 public:
  const std::vector<PricingRule>& rules() const { return rules_; }
  // Hex SHA-256 of the JSON text the rules were parsed from: put it in the
  // storefront ETag so a rules reload changes the ETag.
  const std::string& digest() const { return digest_; }

  // The most specific matching rule, or nullptr. Unique by construction.
  const PricingRule* Match(const Offer& offer) const;
  // The sell price of `offer` under these rules and `tax` (the same rule the
  // offer was normalized with).
  SellPrice Price(const Offer& offer, const TaxRule& tax = kJapanStandardTax) const;

 private:
  friend Result<PricingRules> ParsePricingRules(std::string_view json_text);
  std::vector<PricingRule> rules_;
  std::string digest_;
};

// Parses and validates a rules document. Errors: rules_invalid_json,
// rules_invalid ("<JSON pointer>: <what is wrong>"), rules_ambiguous (names
// both rules and an offer they both match).
Result<PricingRules> ParsePricingRules(std::string_view json_text);
// Reads `path` and parses it. Adds rules_unreadable; every message names the path.
Result<PricingRules> LoadPricingRules(const std::string& path);

// The current rules of a running server. Get() is cheap and thread-safe; a
// failed Reload keeps the rules in force and returns the error.
class PricingRulesHolder {
 public:
  explicit PricingRulesHolder(std::shared_ptr<const PricingRules> initial = nullptr) : rules_(std::move(initial)) {}
  std::shared_ptr<const PricingRules> Get() const;
  void Set(std::shared_ptr<const PricingRules> rules);
  Status Reload(const std::string& path);

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const PricingRules> rules_;
};

// ---- Display ------------------------------------------------------------------

enum class Lang { kJa, kEn };
std::optional<Lang> ParseLang(std::string_view s);  // "ja" | "en"

std::string FormatIncTax(int64_t yen, Lang lang);      // ¥11,000（税込） | ¥11,000 incl. tax
std::string FormatExTax(int64_t yen, Lang lang);       // 税抜 ¥10,000 | ¥10,000 excl. tax
std::string_view UnitLabel(TimeUnit unit, Lang lang);  // 時間 | hour (秒 分 日 月)
std::string_view PerLabel(PricePer per, Lang lang);    // 1GPUあたり | per GPU
std::string_view ContactUsLabel(Lang lang);            // お問い合わせ | Contact us

// What a buyer reads (総額表示: the tax-included amount):
//   priced  "¥11,000（税込）/時間・1GPUあたり" | "¥11,000 incl. tax / hour, per GPU"
//   quote   "お問い合わせ" | "Contact us"
//   unpriced ""
std::string DisplayPrice(const SellPrice& price, Lang lang);

// The buyer-safe JSON of a sell price for the storefront feed; no rule ids and
// no cost. Shape documented in docs/pricing-rules.md ("Storefront JSON").
nlohmann::json SellPriceJson(const SellPrice& price);

}  // namespace gpucat
