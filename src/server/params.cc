#include "server/params.h"

#include <algorithm>
#include <set>

#include "gpucat/gpu_models.h"
#include "gpucat/money.h"
#include "gpucat/sha256.h"
#include "gpucat/utf8.h"
#include "gpucat/view.h"

namespace gpucat::server {

namespace {

Status Bad(const std::string& code, const std::string& message) { return Status::Error(code, message); }

const ParamSpec* FindSpec(const std::vector<ParamSpec>& specs, const std::string& name) {
  for (const auto& s : specs) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::string JoinValues(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : "|") + v;
  return out;
}

Status CheckValue(const ParamSpec& spec, const std::string& value) {
  const std::string& n = spec.name;
  if (spec.type == ParamType::kCursor) {
    if (value.empty() || value.size() > kMaxCursorBytes) return Bad("invalid_cursor", n + " is not a valid cursor");
    return Status::Ok();
  }
  if (value.size() > kMaxParamBytes) {
    return Bad("invalid_parameter", n + " is longer than " + std::to_string(kMaxParamBytes) + " bytes");
  }
  switch (spec.type) {
    case ParamType::kString:
      if (value.empty()) return Bad("invalid_parameter", n + " must not be empty");
      if (!IsValidUtf8(value)) return Bad("invalid_parameter", n + " is not valid UTF-8");
      return Status::Ok();
    case ParamType::kInteger: {
      const auto v = ParseStrictInt(value);
      if (!v) return Bad("invalid_number", n + " must be an integer, got \"" + value + "\"");
      if (*v < spec.min || *v > spec.max) {
        return Bad(spec.range_error, n + " must be in " + std::to_string(spec.min) + ".." +
                                         (spec.max == INT64_MAX ? std::string("") : std::to_string(spec.max)) +
                                         ", got " + value);
      }
      return Status::Ok();
    }
    case ParamType::kEnum:
      if (std::find(spec.values.begin(), spec.values.end(), value) == spec.values.end()) {
        return Bad("invalid_enum", n + " must be one of " + JoinValues(spec.values) + ", got \"" + value + "\"");
      }
      return Status::Ok();
    case ParamType::kYen:
      if (!ParseYenToMinor(value)) {
        return Bad("invalid_number",
                   n + " must be a non-negative yen amount with at most 4 decimals, got \"" + value + "\"");
      }
      return Status::Ok();
    case ParamType::kCursor:
      break;
  }
  return Status::Ok();
}

}  // namespace

ParamSpec ParamSpec::String(std::string name, std::string description) {
  ParamSpec s;
  s.name = std::move(name);
  s.description = std::move(description);
  return s;
}
ParamSpec ParamSpec::Integer(std::string name, std::string description, int64_t min, int64_t max) {
  ParamSpec s = String(std::move(name), std::move(description));
  s.type = ParamType::kInteger;
  s.min = min;
  s.max = max;
  return s;
}
ParamSpec ParamSpec::Enum(std::string name, std::string description, std::vector<std::string> values) {
  ParamSpec s = String(std::move(name), std::move(description));
  s.type = ParamType::kEnum;
  s.values = std::move(values);
  return s;
}
ParamSpec ParamSpec::Boolean(std::string name, std::string description) {
  return Enum(std::move(name), std::move(description), {"true", "false"});
}
ParamSpec ParamSpec::Yen(std::string name, std::string description) {
  ParamSpec s = String(std::move(name), std::move(description));
  s.type = ParamType::kYen;
  return s;
}
ParamSpec ParamSpec::Cursor(std::string name, std::string description) {
  ParamSpec s = String(std::move(name), std::move(description));
  s.type = ParamType::kCursor;
  return s;
}
ParamSpec ParamSpec::Repeatable() const {
  ParamSpec s = *this;
  s.repeatable = true;
  return s;
}
ParamSpec ParamSpec::Required() const {
  ParamSpec s = *this;
  s.required = true;
  return s;
}
ParamSpec ParamSpec::Default(std::string value) const {
  ParamSpec s = *this;
  s.default_value = std::move(value);
  return s;
}
ParamSpec ParamSpec::RangeError(std::string code) const {
  ParamSpec s = *this;
  s.range_error = std::move(code);
  return s;
}

std::optional<int64_t> ParseStrictInt(const std::string& text) {
  size_t i = !text.empty() && text[0] == '-' ? 1 : 0;
  const size_t digits = text.size() - i;
  if (digits == 0 || digits > 18) return std::nullopt;
  int64_t v = 0;
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    v = v * 10 + (text[i] - '0');
  }
  return text[0] == '-' ? -v : v;
}

std::optional<int64_t> ParseYenToMinor(const std::string& text) {
  auto d = ParseDecimal(text);
  if (!d.ok() || d.value().units < 0 || d.value().scale > 4) return std::nullopt;
  // units / 10^scale yen = units * 10^(4-scale) minor; ParseDecimal bounds
  // units to 18 digits, so check the multiplication.
  __int128 v = d.value().units;
  for (int s = d.value().scale; s < 4; ++s) v *= 10;
  if (v > INT64_MAX) return std::nullopt;
  return static_cast<int64_t>(v);
}

Result<ValidParams> CheckParams(const std::vector<ParamSpec>& specs, const QueryParams& params) {
  for (auto it = params.begin(); it != params.end(); it = params.upper_bound(it->first)) {
    const ParamSpec* spec = FindSpec(specs, it->first);
    if (spec == nullptr) {
      std::string known;
      for (const auto& s : specs) known += (known.empty() ? "" : ", ") + s.name;
      return Bad("unknown_parameter", "unknown parameter \"" + it->first + "\"" +
                                          (known.empty() ? "; this endpoint takes none" : "; known: " + known));
    }
    if (!spec->repeatable && params.count(it->first) > 1) {
      return Bad("duplicate_parameter", it->first + " may be given once");
    }
  }
  for (const auto& spec : specs) {
    if (spec.required && params.count(spec.name) == 0) return Bad("missing_parameter", spec.name + " is required");
  }
  for (const auto& [name, value] : params) {
    if (auto st = CheckValue(*FindSpec(specs, name), value); !st.ok()) return st;
  }
  ValidParams out;
  out.values_ = params;
  return out;
}

std::optional<std::string> ValidParams::Text(const std::string& name) const {
  const auto it = values_.find(name);
  return it == values_.end() ? std::nullopt : std::optional<std::string>(it->second);
}
std::vector<std::string> ValidParams::All(const std::string& name) const {
  std::vector<std::string> out;
  for (auto [b, e] = values_.equal_range(name); b != e; ++b) out.push_back(b->second);
  return out;
}
std::optional<int64_t> ValidParams::Int(const std::string& name) const {
  const auto t = Text(name);
  return t ? ParseStrictInt(*t) : std::nullopt;
}
bool ValidParams::Bool(const std::string& name, bool fallback) const {
  const auto t = Text(name);
  return t ? *t == "true" : fallback;
}
std::optional<int64_t> ValidParams::YenMinor(const std::string& name) const {
  const auto t = Text(name);
  return t ? ParseYenToMinor(*t) : std::nullopt;
}

const std::vector<ParamSpec>& OffersParams() {
  static const std::vector<ParamSpec> specs = {
      ParamSpec::String("gpu", "GPU model: canonical id (h100-80gb) or any alias (H100, NVIDIA H100 SXM)"),
      ParamSpec::String("provider", "provider id; repeat for any of several").Repeatable(),
      ParamSpec::String("product", "product id, e.g. koukaryoku-vrt"),
      ParamSpec::String("location", "zone, site or prefecture, exactly as listed"),
      ParamSpec::Integer("min_gpus", "at least this many GPUs per unit", 0, 1000000),
      ParamSpec::Integer("max_gpus", "at most this many GPUs per unit", 0, 1000000),
      ParamSpec::Integer("min_gpu_memory_gb", "at least this much memory per GPU (stated, else nameplate)", 0, 1000000),
      ParamSpec::Yen("max_price", "JPY per GPU-hour at most, on the tax basis; offers without a price are excluded"),
      ParamSpec::Enum("tax", "which amount max_price and sort use", {"excluded", "included"}).Default("excluded"),
      ParamSpec::Enum("billing", "billing unit", {"second", "minute", "hour", "day", "month", "any"}).Default("any"),
      ParamSpec::Enum("availability", "availability; repeat for any of several",
                      {"available", "limited", "sold_out", "on_request", "unknown"})
          .Repeatable(),
      ParamSpec::Boolean("include_quote", "include offers without a published price").Default("true"),
      ParamSpec::Boolean("include_stale", "include offers not seen within the stale TTL").Default("true"),
      ParamSpec::Enum("sort", "GPU-hour price (quotes last either way), GPU count, or provider",
                      {"price", "-price", "gpus", "provider"})
          .Default("price"),
      ParamSpec::Integer("limit", "page size", 1, kMaxLimit).RangeError("limit_out_of_range").Default("100"),
      ParamSpec::Cursor("cursor", "next_cursor of the previous page, with otherwise the same parameters"),
  };
  return specs;
}

const std::vector<ParamSpec>& StorefrontOffersParams() {
  static const std::vector<ParamSpec> specs = [] {
    std::vector<ParamSpec> out;
    for (ParamSpec p : OffersParams()) {
      if (p.name == "include_stale") continue;
      if (p.name == "max_price")
        p.description = "sell price in JPY per GPU-hour at most, on the tax basis; quotes are excluded";
      if (p.name == "sort") p.description = "sell price per GPU-hour (quotes last either way), GPU count, or provider";
      out.push_back(std::move(p));
    }
    return out;
  }();
  return specs;
}

namespace {

const char* SortText(OfferQuery::Sort s) {
  switch (s) {
    case OfferQuery::Sort::kPrice:
      return "price";
    case OfferQuery::Sort::kPriceDesc:
      return "-price";
    case OfferQuery::Sort::kGpus:
      return "gpus";
    case OfferQuery::Sort::kProvider:
      return "provider";
  }
  return "price";
}

std::string Fingerprint(const OfferQuery& q) {
  // Everything that decides which offers a page holds and in which order,
  // except the page position (cursor) and size (limit).
  std::string s;
  auto add = [&](const std::string& v) { s += v + '\x1f'; };
  auto add_int = [&](const std::optional<int64_t>& v) { add(v ? std::to_string(*v) : "-"); };
  add(q.gpu_model.value_or("-"));
  for (const auto& p : q.providers) add("p:" + p);
  add(q.product.value_or("-"));
  add(q.location.value_or("-"));
  add_int(q.min_gpus);
  add_int(q.max_gpus);
  add_int(q.min_gpu_memory_gb);
  add_int(q.max_gpu_hour_minor);
  add(std::string(ToString(q.tax_basis)));
  add(q.billing ? std::string(ToString(*q.billing)) : "any");
  for (const auto a : q.availability) add("a:" + std::string(ToString(a)));
  add(q.include_quote ? "q1" : "q0");
  add(q.include_stale ? "s1" : "s0");
  add(q.include_withdrawn ? "w1" : "w0");
  add(SortText(q.sort));
  return Sha256Hex(s).substr(0, 12);
}

}  // namespace

std::string ClientCursor(const OfferQuery& query, const std::string& store_cursor) {
  if (store_cursor.empty()) return "";
  return store_cursor + "." + Fingerprint(query);
}

Result<OfferQuery> ParseOffersQuery(const QueryParams& params) {
  auto checked = CheckParams(OffersParams(), params);
  if (!checked.ok()) return checked.status();
  const ValidParams& p = checked.value();
  OfferQuery q;
  if (const auto gpu = p.Text("gpu")) {
    q.gpu_model = ResolveGpuModel(*gpu);
    if (!q.gpu_model) return Bad("unknown_gpu", "no GPU model is called \"" + *gpu + "\"");
  }
  q.providers = p.All("provider");
  std::sort(q.providers.begin(), q.providers.end());
  q.providers.erase(std::unique(q.providers.begin(), q.providers.end()), q.providers.end());
  q.product = p.Text("product");
  q.location = p.Text("location");
  q.min_gpus = p.Int("min_gpus");
  q.max_gpus = p.Int("max_gpus");
  if (q.min_gpus && q.max_gpus && *q.min_gpus > *q.max_gpus) {
    return Bad("invalid_range", "min_gpus is greater than max_gpus");
  }
  q.min_gpu_memory_gb = p.Int("min_gpu_memory_gb");
  q.max_gpu_hour_minor = p.YenMinor("max_price");
  q.tax_basis = p.Text("tax").value_or("excluded") == "included" ? TaxFlag::kIncluded : TaxFlag::kExcluded;
  if (const auto billing = p.Text("billing"); billing && *billing != "any") q.billing = ParseTimeUnit(*billing);
  std::set<Availability> availability;
  for (const auto& a : p.All("availability")) availability.insert(*ParseAvailability(a));
  q.availability.assign(availability.begin(), availability.end());
  q.include_quote = p.Bool("include_quote", true);
  q.include_stale = p.Bool("include_stale", true);
  const std::string sort = p.Text("sort").value_or("price");
  q.sort = sort == "-price"     ? OfferQuery::Sort::kPriceDesc
           : sort == "gpus"     ? OfferQuery::Sort::kGpus
           : sort == "provider" ? OfferQuery::Sort::kProvider
                                : OfferQuery::Sort::kPrice;
  q.limit = p.Int("limit").value_or(100);
  if (const auto cursor = p.Text("cursor")) {
    const auto dot = cursor->rfind('.');
    if (dot == std::string::npos || dot == 0 || cursor->substr(dot + 1) != Fingerprint(q)) {
      return Bad("invalid_cursor", "cursor is malformed or was issued for a different query");
    }
    q.cursor = cursor->substr(0, dot);
  }
  return q;
}

nlohmann::json OfferQueryToJson(const OfferQuery& q) {
  using nlohmann::json;
  auto opt = [](const auto& v) { return v ? json(*v) : json(nullptr); };
  json availability = json::array();
  for (const auto a : q.availability) availability.push_back(ToString(a));
  return json{{"gpu", opt(q.gpu_model)},
              {"provider", q.providers},
              {"product", opt(q.product)},
              {"location", opt(q.location)},
              {"min_gpus", opt(q.min_gpus)},
              {"max_gpus", opt(q.max_gpus)},
              {"min_gpu_memory_gb", opt(q.min_gpu_memory_gb)},
              {"max_price", q.max_gpu_hour_minor ? MoneyJson(q.max_gpu_hour_minor) : json(nullptr)},
              {"tax", ToString(q.tax_basis)},
              {"billing", q.billing ? std::string(ToString(*q.billing)) : "any"},
              {"availability", availability},
              {"include_quote", q.include_quote},
              {"include_stale", q.include_stale},
              {"sort", SortText(q.sort)},
              {"limit", q.limit}};
}

}  // namespace gpucat::server
