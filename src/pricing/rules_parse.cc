// Loading and validating a pricing-rules document (schema/pricing-rules.schema.json).
//
// Every rejection is a Status value whose message starts with the JSON pointer
// of the offending field, so a reseller can find it in the file. The checks go
// beyond the schema where a schema cannot say it (floors vs increments, ties).
#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <nlohmann/json.hpp>
#include <system_error>

#include "gpucat/gpu_models.h"
#include "gpucat/json_text.h"
#include "gpucat/pricing.h"
#include "gpucat/sha256.h"
#include "json_strict.h"
#include "rational.h"

namespace gpucat {

namespace {

using nlohmann::json;
namespace pi = pricing_internal;

constexpr int64_t kSupportedVersion = 1;
constexpr int64_t kMaxMarkupPercent = 1000;   // above this, almost certainly a typo
constexpr int64_t kMarginLimitPercent = 100;  // cost / (1 - m) needs m < 100%

Status Invalid(const std::string& pointer, const std::string& what) {
  return Status::Error(pricing_error::kInvalid, (pointer.empty() ? "(root)" : pointer) + ": " + what);
}

std::string Child(const std::string& pointer, std::string_view key) { return pointer + "/" + JsonPointerToken(key); }

// Rejects keys outside `allowed`: a misspelt "floor_yen" must not silently drop the floor.
Status OnlyKeys(const json& obj, const std::string& pointer, std::initializer_list<const char*> allowed) {
  for (const auto& item : obj.items()) {
    const std::string& key = item.key();  // not a structured binding: clang cannot capture those
    const bool known = std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; });
    if (known) continue;
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    return Invalid(Child(pointer, key), "unknown key; expected one of: " + list);
  }
  return Status::Ok();
}

Status NonEmptyString(const json& v, const std::string& pointer, std::string& out) {
  if (!v.is_string() || v.get<std::string>().empty()) return Invalid(pointer, "must be a non-empty string");
  out = v.get<std::string>();
  return Status::Ok();
}

// A decimal string: "15", "12.5". JSON numbers are refused: a float is binary,
// not the decimal the reseller wrote, and one spelling keeps files uniform.
Status DecimalString(const json& v, const std::string& pointer, Decimal& out) {
  if (v.is_number()) {
    return Invalid(pointer, "JSON number " + v.dump() + " is not allowed; write it as the decimal string \"" +
                                v.dump() + "\" (rates and yen amounts are exact decimals, never binary floats)");
  }
  if (!v.is_string()) return Invalid(pointer, "must be a decimal string such as \"15\" or \"12.5\"");
  auto d = ParseDecimal(v.get<std::string>());
  if (!d.ok()) return Invalid(pointer, d.status().message());
  if (d.value().units < 0) return Invalid(pointer, "must not be negative, got \"" + v.get<std::string>() + "\"");
  out = d.value();
  return Status::Ok();
}

Status ParseRounding(const json& v, const std::string& pointer, Rounding& out) {
  if (!v.is_object()) return Invalid(pointer, "must be a JSON object with increment_yen and mode");
  if (auto s = OnlyKeys(v, pointer, {"increment_yen", "mode"}); !s.ok()) return s;
  const std::string inc_ptr = Child(pointer, "increment_yen"), mode_ptr = Child(pointer, "mode");
  if (!v.contains("increment_yen")) return Invalid(inc_ptr, "missing");
  const json& inc = v["increment_yen"];
  if (!inc.is_number_integer() || (inc != 1 && inc != 10 && inc != 100)) {
    return Invalid(inc_ptr, "must be the JSON integer 1, 10 or 100, got " + inc.dump());
  }
  out.increment_yen = inc.get<int64_t>();
  if (!v.contains("mode")) return Invalid(mode_ptr, "missing");
  const json& mode = v["mode"];
  if (mode == "up") {
    out.mode = RoundingMode::kUp;
  } else if (mode == "down") {
    out.mode = RoundingMode::kDown;
  } else if (mode == "nearest") {
    out.mode = RoundingMode::kNearest;
  } else {
    return Invalid(mode_ptr, "must be \"up\", \"down\" or \"nearest\", got " + mode.dump());
  }
  return Status::Ok();
}

Status ParseMatch(const json& v, const std::string& pointer, PricingRule& rule) {
  if (!v.is_object()) return Invalid(pointer, "must be a JSON object ({} matches every offer)");
  if (auto s = OnlyKeys(v, pointer, {"provider", "product", "gpu_model", "unit"}); !s.ok()) return s;
  for (auto [key, field] : {std::pair{"provider", &rule.provider}, std::pair{"product", &rule.product},
                            std::pair{"gpu_model", &rule.gpu_model}}) {
    if (!v.contains(key)) continue;
    std::string value;
    if (auto s = NonEmptyString(v[key], Child(pointer, key), value); !s.ok()) return s;
    *field = value;
  }
  if (rule.gpu_model && !FindGpuModel(*rule.gpu_model)) {
    // Canonical ids only, so a rule cannot silently match nothing.
    const auto resolved = ResolveGpuModel(*rule.gpu_model);
    std::string hint = resolved ? "; did you mean \"" + *resolved + "\"?" : "; known ids:";
    if (!resolved) {
      for (const auto& m : GpuModels()) hint += " " + m.id;
    }
    return Invalid(Child(pointer, "gpu_model"), "unknown GPU model id \"" + *rule.gpu_model + "\"" + hint);
  }
  if (v.contains("unit")) {
    const json& u = v["unit"];
    rule.unit = u.is_string() ? ParseTimeUnit(u.get<std::string>()) : std::nullopt;
    if (!rule.unit)
      return Invalid(Child(pointer, "unit"), "must be second, minute, hour, day or month, got " + u.dump());
  }
  return Status::Ok();
}

Status ParseAdjustment(const json& v, const std::string& pointer, PricingRule& rule) {
  const bool markup = v.contains("markup_percent"), margin = v.contains("margin_percent");
  if (markup == margin) {
    return Invalid(pointer, markup ? "has both markup_percent and margin_percent; give exactly one"
                                   : "needs markup_percent or margin_percent");
  }
  const char* key = markup ? "markup_percent" : "margin_percent";
  const std::string p = Child(pointer, key);
  rule.adjustment = markup ? Adjustment::kMarkup : Adjustment::kMargin;
  if (auto s = DecimalString(v[key], p, rule.percent); !s.ok()) return s;
  const Decimal limit{markup ? kMaxMarkupPercent : kMarginLimitPercent, 0};
  const auto over = pi::Less(pi::FromDecimal(limit), pi::FromDecimal(rule.percent));
  if (markup && over.value_or(true)) return Invalid(p, "must be at most 1000, got \"" + rule.percent.ToString() + "\"");
  if (!markup && !pi::Less(pi::FromDecimal(rule.percent), pi::FromDecimal(limit)).value_or(false)) {
    return Invalid(
        p, "must be below 100 (cost / (1 - m) has no value at m = 100%), got \"" + rule.percent.ToString() + "\"");
  }
  return Status::Ok();
}

// fixed_yen and floor_yen: yen per sell unit, so the rule must pin the unit.
Status ParseYenAmounts(const json& v, const std::string& pointer, PricingRule& rule) {
  for (auto [key, field] : {std::pair{"fixed_yen", &rule.fixed_yen}, std::pair{"floor_yen", &rule.floor_yen}}) {
    if (!v.contains(key)) continue;
    const std::string p = Child(pointer, key);
    Decimal d;
    if (auto s = DecimalString(v[key], p, d); !s.ok()) return s;
    if (!rule.unit) {
      return Invalid(p, "needs match.unit: a yen amount per unit means nothing until the billing unit is fixed");
    }
    *field = d;
  }
  if (rule.floor_yen) {
    // A floor on the increment grid survives rounding in every mode.
    const auto grid = pi::Div(pi::FromDecimal(*rule.floor_yen), pi::FromInt(rule.rounding.increment_yen));
    if (!grid || grid->den != 1) {
      return Invalid(Child(pointer, "floor_yen"),
                     "\"" + rule.floor_yen->ToString() + "\" is not a whole multiple of the rounding increment " +
                         std::to_string(rule.rounding.increment_yen) + " yen; rounding down would undercut it");
    }
  }
  return Status::Ok();
}

Status ParseRule(const json& v, size_t index, const std::optional<Rounding>& inherited, PricingRule& rule) {
  const std::string pointer = "/rules/" + std::to_string(index);
  rule.index = index;
  if (!v.is_object()) return Invalid(pointer, "must be a JSON object");
  if (auto s = OnlyKeys(
          v, pointer,
          {"id", "description", "match", "markup_percent", "margin_percent", "fixed_yen", "floor_yen", "rounding"});
      !s.ok()) {
    return s;
  }
  if (!v.contains("id")) return Invalid(Child(pointer, "id"), "missing");
  if (auto s = NonEmptyString(v["id"], Child(pointer, "id"), rule.id); !s.ok()) return s;
  if (v.contains("description")) {
    if (!v["description"].is_string()) return Invalid(Child(pointer, "description"), "must be a string");
    rule.description = v["description"].get<std::string>();
  }
  if (!v.contains("match")) return Invalid(Child(pointer, "match"), "missing (use {} for a rule matching every offer)");
  if (auto s = ParseMatch(v["match"], Child(pointer, "match"), rule); !s.ok()) return s;
  if (auto s = ParseAdjustment(v, pointer, rule); !s.ok()) return s;
  if (v.contains("rounding")) {
    if (auto s = ParseRounding(v["rounding"], Child(pointer, "rounding"), rule.rounding); !s.ok()) return s;
  } else if (inherited) {
    rule.rounding = *inherited;
  } else {
    return Invalid(Child(pointer, "rounding"), "missing, and there is no top-level rounding to inherit");
  }
  return ParseYenAmounts(v, pointer, rule);  // after rounding: the floor is checked against it
}

// Two rules overlap when, field by field, either is a wildcard or both name the same value.
template <class T>
bool Compatible(const std::optional<T>& a, const std::optional<T>& b) {
  return !a || !b || *a == *b;
}

std::string CommonOffer(const PricingRule& a, const PricingRule& b) {
  std::string out;
  auto add = [&out](const char* name, const std::optional<std::string>& x, const std::optional<std::string>& y) {
    if (x || y) out += (out.empty() ? "" : ", ") + std::string(name) + "=" + (x ? *x : *y);
  };
  add("provider", a.provider, b.provider);
  add("product", a.product, b.product);
  add("gpu_model", a.gpu_model, b.gpu_model);
  if (const auto unit = a.unit ? a.unit : b.unit)
    out += (out.empty() ? "" : ", ") + std::string("unit=") + std::string(ToString(*unit));
  return out.empty() ? "every offer" : "an offer with " + out;
}

Status CheckTies(const std::vector<PricingRule>& rules) {
  std::string message;
  for (size_t i = 0; i < rules.size(); ++i) {
    for (size_t j = i + 1; j < rules.size(); ++j) {
      const PricingRule &a = rules[i], &b = rules[j];
      if (a.Specificity() != b.Specificity() || !Compatible(a.provider, b.provider) ||
          !Compatible(a.product, b.product) || !Compatible(a.gpu_model, b.gpu_model) || !Compatible(a.unit, b.unit)) {
        continue;
      }
      if (!message.empty()) message += "; ";
      message += a.Label() + " and " + b.Label() + " both have specificity " + std::to_string(a.Specificity()) +
                 " and both match " + CommonOffer(a, b) + "; make one more specific or merge them";
    }
  }
  return message.empty() ? Status::Ok() : Status::Error(pricing_error::kAmbiguous, message);
}

}  // namespace

Result<PricingRules> ParsePricingRules(std::string_view json_text) {
  auto parsed = pi::ParseStrictJson(json_text, pricing_error::kInvalidJson, pricing_error::kInvalid);
  if (!parsed.ok()) return parsed.status();
  const json& doc = parsed.value();
  if (!doc.is_object()) return Invalid("", "must be a JSON object");
  if (auto s = OnlyKeys(doc, "", {"$schema", "version", "description", "rounding", "rules"}); !s.ok()) return s;
  if (!doc.contains("version")) return Invalid("/version", "missing");
  if (doc["version"] != kSupportedVersion) {
    return Invalid("/version", "must be 1 (the only rules format this gpucat reads), got " + doc["version"].dump());
  }
  for (const char* key : {"$schema", "description"}) {
    if (doc.contains(key) && !doc[key].is_string()) return Invalid(Child("", key), "must be a string");
  }
  std::optional<Rounding> inherited;
  if (doc.contains("rounding")) {
    inherited.emplace();
    if (auto s = ParseRounding(doc["rounding"], "/rounding", *inherited); !s.ok()) return s;
  }
  if (!doc.contains("rules")) return Invalid("/rules", "missing");
  const json& list = doc["rules"];
  if (!list.is_array()) return Invalid("/rules", "must be an array");
  if (list.empty()) return Invalid("/rules", "must not be empty (an empty rule set sells nothing)");

  PricingRules out;
  for (size_t i = 0; i < list.size(); ++i) {
    PricingRule rule;
    if (auto s = ParseRule(list[i], i, inherited, rule); !s.ok()) return s;
    for (const auto& earlier : out.rules_) {
      if (earlier.id == rule.id) {
        return Invalid("/rules/" + std::to_string(i) + "/id",
                       "duplicate id \"" + rule.id + "\" (also /rules/" + std::to_string(earlier.index) + "/id)");
      }
    }
    out.rules_.push_back(std::move(rule));
  }
  if (auto s = CheckTies(out.rules_); !s.ok()) return s;
  out.digest_ = Sha256Hex(json_text);
  return out;
}

Result<PricingRules> LoadPricingRules(const std::string& path) {
  auto unreadable = [&path](const std::string& why) {
    return Status::Error(pricing_error::kUnreadable, "cannot read pricing rules " + path + ": " + why);
  };
  std::error_code ec;
  const auto type = std::filesystem::status(path, ec).type();
  if (type == std::filesystem::file_type::not_found) return unreadable("no such file");
  if (type != std::filesystem::file_type::regular) return unreadable("not a regular file");
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) return unreadable(std::generic_category().message(errno));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return unreadable("read error");
  auto rules = ParsePricingRules(text);
  if (!rules.ok()) return Status::Error(rules.status().code(), path + ": " + rules.status().message());
  return rules;
}

}  // namespace gpucat
