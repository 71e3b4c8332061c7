// Offer-sheet parser. Each entry is checked in this order, and the first
// failure becomes the entry's one Reject (locator = JSON pointer):
//   1. the entry is an object                      wrong_type
//   2. every property is known                     unknown_field
//   3. every property has its type                 wrong_type, amount_not_string,
//                                                  bad_number (integer too large)
//   4. required properties are present             missing_field
//   5. enumerations have a known spelling          unknown_enum_value,
//      (price_status, tax, unit, per, billing_rule, unknown_currency
//      availability; currency must be JPY)
//   6. listed/quote consistency                    missing_field, quote_with_amount
//   7. amount is a positive decimal                non_numeric_price, non_positive_price,
//                                                  price_out_of_band (over 18 digits)
//   8. counts and sizes are positive               bad_gpu_count, bad_number
//   9. dates are RFC 3339 or YYYY-MM-DD            bad_date
//  10. the GPU model is known                      missing_gpu_model, unknown_gpu_model
// Checks 5-10 repeat what Normalize() checks, on purpose: here the reject can
// point at the exact property, which is what a partner checking a sheet needs.
#include "common/sheet.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <optional>
#include <string>

#include "common/collect.h"
#include "common/json_exact.h"
#include "common/reasons.h"
#include "common/text.h"
#include "gpucat/json_text.h"
#include "gpucat/normalize.h"

namespace gpucat::providers {
namespace {

enum class Type { kString, kInteger };
struct Field {
  std::string_view name;
  Type type;
};
constexpr std::array<Field, 30> kFields{{
    {"product", Type::kString},
    {"plan", Type::kString},
    {"display_name", Type::kString},
    {"zone", Type::kString},
    {"site", Type::kString},
    {"prefecture", Type::kString},
    {"gpu", Type::kString},
    {"gpus_per_unit", Type::kInteger},
    {"gpu_memory_gb", Type::kInteger},
    {"vcpus", Type::kInteger},
    {"ram_gb", Type::kInteger},
    {"storage", Type::kString},
    {"nvlink_domain_gpus", Type::kInteger},
    {"fabric", Type::kString},
    {"fabric_gbps", Type::kInteger},
    {"price_status", Type::kString},
    {"amount", Type::kString},
    {"currency", Type::kString},
    {"tax", Type::kString},
    {"unit", Type::kString},
    {"per", Type::kString},
    {"min_billed_seconds", Type::kInteger},
    {"min_term_months", Type::kInteger},
    {"billing_rule", Type::kString},
    {"availability", Type::kString},
    {"units_free", Type::kInteger},
    {"availability_observed_at", Type::kString},
    {"valid_from", Type::kString},
    {"valid_to", Type::kString},
    {"notes", Type::kString},
}};

constexpr std::array<std::string_view, 7> kHeaderFields{"$schema", "format",      "provider", "source_url",
                                                        "as_of",   "source_note", "offers"};

const Field* FindField(std::string_view name) {
  for (const Field& f : kFields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

bool IsDate(const std::string& s) { return ParseRfc3339(s).has_value(); }

struct Failure {
  std::string field;  // "" = the entry itself
  std::string code;
  std::string detail;
};

// Reads one entry into `d`, or returns the first failure (see the list above).
std::optional<Failure> ReadEntry(const Json& e, OfferDraft& d) {
  if (!e.is_object()) return Failure{"", reason::kWrongType, "an offer must be an object, not " + TypeName(e)};
  // One pass over the entry's properties (in their sorted order, so the first
  // unknown one reported is the same): each known one's value by field index.
  std::array<const Json*, kFields.size()> slot{};
  for (const auto& [key, value] : e.items()) {
    const Field* f = FindField(key);
    if (!f) return Failure{key, reason::kUnknownField, "unknown property \"" + key + "\""};
    slot[static_cast<size_t>(f - kFields.data())] = &value;
  }
  auto get = [&](std::string_view k) -> const Json* {
    return slot[static_cast<size_t>(FindField(k) - kFields.data())];
  };
  for (size_t i = 0; i < kFields.size(); ++i) {
    if (slot[i] == nullptr) continue;
    const Field& f = kFields[i];
    const Json& v = *slot[i];
    if (f.name == "amount" && IsNumber(v)) {
      return Failure{"amount", reason::kAmountNotString,
                     "amount must be a decimal string such as \"" + NumberText(v) +
                         "\", not a JSON number (numbers pass through binary floating point)"};
    }
    if (f.type == Type::kString && !v.is_string()) {
      const std::string name(f.name);
      return Failure{name, reason::kWrongType, name + " must be a string, not " + TypeName(v)};
    }
    if (f.type == Type::kInteger) {
      const std::string name(f.name);
      if (!IsNumber(v)) return Failure{name, reason::kWrongType, name + " must be an integer, not " + TypeName(v)};
      if (!AsInt64(v)) {
        const std::string text = NumberText(v);
        const bool integral = text.find_first_of(".eE") == std::string::npos;
        return Failure{name, integral ? gpucat::reason::kBadNumber : reason::kWrongType,
                       name + " must be an integer" + (integral ? " that fits in 64 bits" : "") + ", not " + text};
      }
    }
  }
  auto has = [&](std::string_view k) { return get(k) != nullptr; };
  auto str = [&](std::string_view k) {
    const Json* v = get(k);
    return v ? v->get<std::string>() : std::string();
  };
  auto num = [&](std::string_view k) {
    const Json* v = get(k);
    return v ? AsInt64(*v) : std::nullopt;
  };
  for (const char* k : {"product", "plan", "gpu", "gpus_per_unit", "price_status", "per"}) {
    if (!has(k)) return Failure{k, gpucat::reason::kMissingField, std::string(k) + " is required"};
  }
  d.product = str("product");
  d.plan = str("plan");
  d.display_name = str("display_name");
  d.zone = str("zone");
  d.site = str("site");
  d.prefecture = str("prefecture");
  d.gpu_name = str("gpu");
  d.gpus_per_unit = *num("gpus_per_unit");
  d.gpu_memory_gb = num("gpu_memory_gb");
  d.vcpus = num("vcpus");
  d.ram_gb = num("ram_gb");
  d.storage = str("storage");
  d.nvlink_domain_gpus = num("nvlink_domain_gpus");
  d.fabric = str("fabric");
  d.fabric_gbps = num("fabric_gbps");
  d.price_status = str("price_status");
  d.amount = str("amount");
  d.currency = str("currency");
  d.tax = str("tax");
  d.unit = str("unit");
  d.per = str("per");
  d.min_billed_seconds = num("min_billed_seconds");
  d.min_term_months = num("min_term_months");
  d.billing_rule = str("billing_rule");
  if (has("availability")) d.availability = str("availability");
  d.units_free = num("units_free");
  d.availability_observed_at = str("availability_observed_at");
  d.valid_from = str("valid_from");
  d.valid_to = str("valid_to");
  d.notes = str("notes");

  // 5. Enumerations.
  const std::optional<PriceStatus> status = ParsePriceStatus(d.price_status);
  if (!status) return Failure{"price_status", gpucat::reason::kUnknownEnum, "price_status must be listed or quote"};
  if (has("tax") && !ParseTaxFlag(d.tax)) {
    return Failure{"tax", gpucat::reason::kUnknownEnum, "tax must be included, excluded or unknown"};
  }
  if (has("unit") && !ParseTimeUnit(d.unit)) {
    return Failure{"unit", gpucat::reason::kUnknownEnum, "unit must be second, minute, hour, day or month"};
  }
  if (has("per") && !ParsePricePer(d.per)) {
    return Failure{"per", gpucat::reason::kUnknownEnum, "per must be gpu, instance, node or rack"};
  }
  if (has("billing_rule") &&
      std::find(std::begin(kBillingRules), std::end(kBillingRules), d.billing_rule) == std::end(kBillingRules)) {
    return Failure{"billing_rule", gpucat::reason::kUnknownEnum,
                   "billing_rule must be metered, capped-schedule or per-started-month"};
  }
  if (has("availability") && !ParseAvailability(d.availability)) {
    return Failure{"availability", gpucat::reason::kUnknownEnum,
                   "availability must be available, limited, sold_out, on_request or unknown"};
  }
  if (has("currency") && d.currency != "JPY") {
    return Failure{"currency", gpucat::reason::kUnknownCurrency, "currency \"" + d.currency + "\": only JPY is known"};
  }
  // 6. Listed offers have a full price; quotes have no amount.
  if (*status == PriceStatus::kListed) {
    for (const char* k : {"amount", "currency", "tax", "unit"}) {
      if (!has(k)) {
        return Failure{k, gpucat::reason::kMissingField, std::string(k) + " is required for a listed offer"};
      }
    }
  } else if (has("amount")) {
    return Failure{"amount", gpucat::reason::kQuoteWithAmount, "a quote offer has no amount"};
  }
  // 7. The amount.
  if (*status == PriceStatus::kListed) {
    Result<Decimal> amount = ParseDecimal(d.amount);
    if (!amount.ok()) {
      const bool large = amount.status().code() == "amount_too_large";
      return Failure{"amount", large ? gpucat::reason::kPriceOutOfBand : gpucat::reason::kNonNumericPrice,
                     "amount \"" + d.amount + "\": " + amount.status().message()};
    }
    if (amount.value().units <= 0) {
      return Failure{"amount", gpucat::reason::kNonPositivePrice, "amount must be above zero"};
    }
  }
  // 8. Counts and sizes.
  if (d.gpus_per_unit <= 0)
    return Failure{"gpus_per_unit", gpucat::reason::kBadGpuCount, "gpus_per_unit must be at least 1"};
  for (const char* k : {"gpu_memory_gb", "vcpus", "ram_gb", "nvlink_domain_gpus", "fabric_gbps", "min_billed_seconds",
                        "min_term_months"}) {
    if (num(k) && *num(k) <= 0) return Failure{k, gpucat::reason::kBadNumber, std::string(k) + " must be above zero"};
  }
  if (d.units_free && *d.units_free < 0)
    return Failure{"units_free", gpucat::reason::kBadNumber, "units_free must not be negative"};
  // 9. Dates.
  for (const char* k : {"availability_observed_at", "valid_from", "valid_to"}) {
    if (has(k) && !IsDate(str(k))) {
      return Failure{k, reason::kBadDate, std::string(k) + " must be RFC 3339 or YYYY-MM-DD"};
    }
  }
  return std::nullopt;
}

Status HeaderError(std::string message) { return Status::Error("sheet_header_invalid", std::move(message)); }

}  // namespace

Result<ParseResult> ParseOfferSheet(const Document& document, std::string_view provider) {
  Result<Json> parsed = ParseJsonExact(document.body);
  if (!parsed.ok()) return parsed.status();
  const Json& root = parsed.value();
  if (!root.is_object()) {
    return Status::Error("source_format_changed", "not an offer sheet: the root is " + TypeName(root));
  }
  if (!root.contains("format")) return Status::Error("source_format_changed", "not an offer sheet: no \"format\"");
  if (!root.at("format").is_string() || root.at("format").get<std::string>() != kSheetFormat) {
    return Status::Error("source_format_changed", "unsupported sheet format " + DumpExact(root.at("format")) +
                                                      " (expected \"" + std::string(kSheetFormat) + "\")");
  }
  for (const auto& [key, value] : root.items()) {
    bool known = false;
    for (std::string_view h : kHeaderFields) known = known || h == key;
    if (!known) return HeaderError("unknown property /" + JsonPointerToken(key));
  }
  for (const char* k : {"provider", "source_url", "as_of"}) {
    if (!root.contains(k)) return HeaderError(std::string("/") + k + " is required");
    if (!root.at(k).is_string()) return HeaderError(std::string("/") + k + " must be a string");
  }
  if (root.contains("source_note") && !root.at("source_note").is_string()) {
    return HeaderError("/source_note must be a string");
  }
  const std::string sheet_provider = root.at("provider").get<std::string>();
  if (sheet_provider != provider) {
    return Status::Error("sheet_provider_mismatch", "the sheet is for provider \"" + sheet_provider + "\", read as \"" +
                                                        std::string(provider) + "\"");
  }
  const std::string url = root.at("source_url").get<std::string>();
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
    return HeaderError("/source_url must be an http(s) URL");
  }
  const std::string as_of = root.at("as_of").get<std::string>();
  if (!IsDate(as_of)) return HeaderError("/as_of must be RFC 3339 or YYYY-MM-DD");
  if (!root.contains("offers") || !root.at("offers").is_array()) return HeaderError("/offers must be an array");
  const Json& offers = root.at("offers");
  if (offers.empty()) return Status::Error("source_empty", "the sheet has no offers");
  const std::string source_note =
      root.contains("source_note") ? root.at("source_note").get<std::string>() : std::string();

  Collector out(std::string(provider), document.source.id);
  out.SetAsOf(as_of);
  for (size_t i = 0; i < offers.size(); ++i) {
    const std::string locator = "/offers/" + std::to_string(i);
    OfferDraft d;
    d.record_text = DumpExact(offers[i]);
    if (std::optional<Failure> f = ReadEntry(offers[i], d)) {
      out.Reject(f->field.empty() ? locator : locator + "/" + JsonPointerToken(f->field), f->code, f->detail,
                 d.record_text);
      continue;
    }
    d.provider = std::string(provider);
    if (!out.CheckGpu(d, locator + "/gpu")) continue;
    if (!source_note.empty()) d.notes += (d.notes.empty() ? "" : " ") + std::string("Sheet source: ") + source_note;
    out.Add(std::move(d), locator);
  }
  return std::move(out).Finish();
}

}  // namespace gpucat::providers
