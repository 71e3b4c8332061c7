// 高火力 VRT: the public price API (reference §1a).
//
// A GPU plan is a service class whose ServiceClassName contains "gpu" or
// whose DisplayName contains "高火力" or "GPU". Its name must follow
//   plan/<cores>core-<ram>gb-<n>gpu[-nvidia_<model>_<vram>gbvram][-g<k>]
// and its DisplayName, when it has the form ".../<c>Core-<r>GB-<Model>x<n>",
// must agree with it. Every other class (plan/1, disks, licences, ...) is
// skipped silently: the API mixes them in and they are not GPU offers.
//
// Record-level rejects: wrong_type, missing_field, unrecognized_plan,
// inconsistent_record, missing/unknown_gpu_model, missing_price (no Price,
// Price: [], or none of Hourly/Daily/Monthly), zone_mismatch, bad_number (a
// price that is not a whole number of yen in 64 bits); Normalize() adds
// non_positive_price and price_out_of_band.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/collect.h"
#include "common/json_exact.h"
#include "common/reasons.h"
#include "common/text.h"
#include "gpucat/gpu_models.h"
#include "gpucat/normalize.h"
#include "sakura/sakura.h"

namespace gpucat::providers::sakura {
namespace {

constexpr const char* kTaxNote =
    "Tax-included [I]: the price API does not state tax; its daily and monthly figures are exact "
    "multiples of 1.1 (10% consumption tax).";

struct PlanName {
  int64_t cores = 0, ram_gb = 0, gpus = 0;
  std::string gpu;                 // "nvidia_h100_80gbvram", or "" when the name has none
  std::optional<int64_t> vram_gb;  // from "..._80gbvram"
};

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep) {
      out.emplace_back();
    } else {
      out.back().push_back(c);
    }
  }
  return out;
}

std::optional<PlanName> ParsePlanName(const std::string& name) {
  const std::string prefix = "plan/";
  if (name.rfind(prefix, 0) != 0) return std::nullopt;
  const std::vector<std::string> t = Split(name.substr(prefix.size()), '-');
  if (t.size() < 3 || t.size() > 5) return std::nullopt;
  PlanName p;
  auto cores = ParseCount(t[0], "core");
  auto ram = ParseCount(t[1], "gb");
  auto gpus = ParseCount(t[2], "gpu");
  if (!cores || !ram || !gpus || t[0] != FoldLabel(t[0]) || t[1] != FoldLabel(t[1])) return std::nullopt;
  p.cores = *cores, p.ram_gb = *ram, p.gpus = *gpus;
  size_t k = 3;
  if (k < t.size() && t[k].rfind("nvidia_", 0) == 0) {
    p.gpu = t[k];
    const size_t at = p.gpu.rfind('_');
    if (at != std::string::npos) p.vram_gb = ParseCount(p.gpu.substr(at + 1), "gbvram");
    ++k;
  }
  if (k < t.size() && t[k].size() >= 2 && t[k][0] == 'g' && ParseCount(t[k].substr(1))) ++k;
  if (k != t.size()) return std::nullopt;
  return p;
}

struct DisplayName {
  int64_t cores = 0, ram_gb = 0, gpus = 0;
  std::string gpu;  // "H100"
};

// ".../<c>Core-<r>GB-<Model>x<n>"; nullopt when the name has another form.
std::optional<DisplayName> ParseDisplayName(const std::string& display) {
  const size_t slash = display.rfind('/');
  const std::vector<std::string> t = Split(display.substr(slash == std::string::npos ? 0 : slash + 1), '-');
  if (t.size() != 3) return std::nullopt;
  DisplayName d;
  auto cores = ParseCount(t[0], "core");
  auto ram = ParseCount(t[1], "gb");
  const size_t x = FoldLabel(t[2]).rfind('x');
  if (!cores || !ram || x == std::string::npos || x == 0) return std::nullopt;
  auto gpus = ParseCount(FoldLabel(t[2]).substr(x + 1));
  if (!gpus) return std::nullopt;
  d.cores = *cores, d.ram_gb = *ram, d.gpus = *gpus;
  // As spelled when the text is plain ASCII ("H100"), else its folded form.
  d.gpu = FoldLabel(t[2]).size() == t[2].size() ? t[2].substr(0, x) : FoldLabel(t[2]).substr(0, x);
  return d;
}

bool Contains(const std::string& s, std::string_view needle) { return s.find(needle) != std::string::npos; }

class VrtParser {
 public:
  VrtParser(const Document& doc, Collector& out) : out_(out) {
    auto z = doc.source.params.find("zone");
    if (z != doc.source.params.end()) zone_ = z->second;
  }

  void Record(const Json& rec, const std::string& loc) {
    const std::string text = DumpExact(rec);
    if (!rec.is_object()) return out_.Reject(loc, reason::kWrongType, "a service class must be an object", text);
    auto str = [&](const char* k) -> std::optional<std::string> {
      if (rec.contains(k) && rec.at(k).is_string()) return rec.at(k).get<std::string>();
      return std::nullopt;
    };
    const std::optional<std::string> name = str("ServiceClassName"), display = str("DisplayName");
    const bool gpu_like = (name && Contains(FoldLabel(*name), "gpu")) ||
                          (display && (Contains(*display, "高火力") || Contains(FoldLabel(*display), "gpu")));
    if (!gpu_like) {
      out_.Skip();  // ordinary plan, disk, licence, ...: not a GPU offer
      return;
    }
    if (rec.contains("IsPublic")) {
      if (!rec.at("IsPublic").is_boolean()) {
        return out_.Reject(loc + "/IsPublic", reason::kWrongType, "IsPublic must be a boolean", text);
      }
      if (!rec.at("IsPublic").get<bool>()) {
        out_.Skip();  // not publicly sold
        return;
      }
    }
    if (!rec.contains("ServiceClassName")) {
      return out_.Reject(loc + "/ServiceClassName", gpucat::reason::kMissingField, "no ServiceClassName", text);
    }
    if (!name)
      return out_.Reject(loc + "/ServiceClassName", reason::kWrongType, "ServiceClassName must be a string", text);
    if (rec.contains("DisplayName") && !display) {
      return out_.Reject(loc + "/DisplayName", reason::kWrongType, "DisplayName must be a string", text);
    }
    const std::optional<PlanName> plan = ParsePlanName(*name);
    if (!plan) {
      return out_.Reject(loc + "/ServiceClassName", reason::kUnrecognizedPlan,
                         "\"" + *name + "\" is not plan/<c>core-<r>gb-<n>gpu[-nvidia_<model>][-g<k>]", text);
    }
    std::optional<DisplayName> disp = display ? ParseDisplayName(*display) : std::nullopt;
    if (disp && (disp->cores != plan->cores || disp->ram_gb != plan->ram_gb || disp->gpus != plan->gpus)) {
      return out_.Reject(loc, reason::kInconsistentRecord,
                         "DisplayName \"" + *display + "\" disagrees with \"" + *name + "\" on cores, RAM or GPUs",
                         text);
    }
    std::string gpu = plan->gpu;
    if (disp && !gpu.empty()) {
      auto a = ResolveGpuModel(gpu), b = ResolveGpuModel(disp->gpu);
      if (a && b && *a != *b) {
        return out_.Reject(loc, reason::kInconsistentRecord,
                           "GPU \"" + gpu + "\" in the name but \"" + disp->gpu + "\" in DisplayName", text);
      }
    }
    if (gpu.empty() && disp) gpu = disp->gpu;

    OfferDraft base;
    base.provider = kProvider;
    base.product = "koukaryoku-vrt";
    base.plan = *name;
    base.display_name = display.value_or(*name);
    base.gpu_name = gpu;
    base.gpus_per_unit = plan->gpus;
    base.gpu_memory_gb = plan->vram_gb;
    base.vcpus = plan->cores;
    base.ram_gb = plan->ram_gb;
    base.price_status = "listed";
    base.currency = "JPY";
    base.tax = "included";
    base.per = "instance";
    // Hourly charges capped by the daily price, a month's by the monthly one.
    base.billing_rule = "capped-schedule";
    base.notes = kTaxNote;
    base.record_text = text;
    if (!out_.CheckGpu(base, loc)) return;

    if (!rec.contains("Price") || rec.at("Price").is_null()) {
      return out_.Reject(loc + "/Price", reason::kMissingPrice, "no Price", text);
    }
    const Json& price = rec.at("Price");
    if (price.is_array() && price.empty()) {
      return out_.Reject(loc + "/Price", reason::kMissingPrice, "Price is [] (no price published)", text);
    }
    if (!price.is_object()) return out_.Reject(loc + "/Price", reason::kWrongType, "Price must be an object", text);
    std::string zone = zone_;
    if (price.contains("Zone")) {
      if (!price.at("Zone").is_string()) {
        return out_.Reject(loc + "/Price/Zone", reason::kWrongType, "Zone must be a string", text);
      }
      const std::string z = price.at("Zone").get<std::string>();
      if (!zone.empty() && z != zone) {
        return out_.Reject(loc + "/Price/Zone", reason::kZoneMismatch,
                           "price for zone \"" + z + "\" in the document for zone \"" + zone + "\"", text);
      }
      zone = z;
    }
    base.zone = zone;
    const ZoneSite site = SiteOfZone(zone);
    base.site = site.site;
    base.prefecture = site.prefecture;

    static constexpr std::pair<const char*, const char*> kUnits[] = {
        {"Hourly", "hour"}, {"Daily", "day"}, {"Monthly", "month"}};
    int published = 0;
    for (const auto& [field, unit] : kUnits) {
      if (!price.contains(field) || price.at(field).is_null()) continue;
      ++published;
      const Json& v = price.at(field);
      const std::string floc = loc + "/Price/" + field;
      if (!IsNumber(v)) {
        out_.Reject(floc, reason::kWrongType, std::string(field) + " must be a number, not " + TypeName(v), text);
        continue;
      }
      // The API publishes whole yen; a fraction, an exponent or a number
      // beyond 64 bits means the format changed under us.
      if (!AsInt64(v)) {
        out_.Reject(floc, gpucat::reason::kBadNumber,
                    std::string(field) + " must be a whole number of yen, not " + NumberText(v), text);
        continue;
      }
      OfferDraft d = base;
      d.unit = unit;
      d.amount = NumberText(v);  // Normalize() checks sign and band
      out_.Add(std::move(d), floc);
    }
    if (published == 0) {
      out_.Reject(loc + "/Price", reason::kMissingPrice, "Price has no Hourly, Daily or Monthly", text);
    }
  }

 private:
  Collector& out_;
  std::string zone_;
};

bool IsIndexKey(const std::string& k) {
  return !k.empty() && k.size() <= 9 && std::all_of(k.begin(), k.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<ParseResult> ParseVrtPrice(const Document& document) {
  Result<Json> parsed = ParseJsonExact(document.body);
  if (!parsed.ok()) return parsed.status();
  const Json& root = parsed.value();
  if (!root.is_object() || !root.contains("ServiceClasses")) {
    return Status::Error("source_format_changed", "no ServiceClasses object at the root");
  }
  const Json& classes = root.at("ServiceClasses");
  // (locator, record) in the document's order; keyed objects sorted by index.
  std::vector<std::pair<std::string, const Json*>> records;
  if (classes.is_array()) {
    for (size_t i = 0; i < classes.size(); ++i)
      records.emplace_back("/ServiceClasses/" + std::to_string(i), &classes[i]);
  } else if (classes.is_object()) {
    std::vector<std::pair<int64_t, std::string>> keys;
    for (const auto& [k, v] : classes.items()) {
      if (!IsIndexKey(k)) {
        return Status::Error("source_format_changed", "ServiceClasses key \"" + k + "\" is not an index");
      }
      keys.emplace_back(std::stoll(k), k);
    }
    std::sort(keys.begin(), keys.end());
    for (const auto& [n, k] : keys) records.emplace_back("/ServiceClasses/" + k, &classes.at(k));
  } else {
    return Status::Error("source_format_changed", "ServiceClasses is " + TypeName(classes));
  }
  if (records.empty()) return Status::Error("source_empty", "ServiceClasses is empty");

  Collector out(kProvider, document.source.id);
  if (root.contains("ResponsedAt") && root.at("ResponsedAt").is_string() &&
      ParseRfc3339(root.at("ResponsedAt").get<std::string>())) {
    out.SetAsOf(root.at("ResponsedAt").get<std::string>());
  }
  VrtParser parser(document, out);
  for (const auto& [loc, rec] : records) parser.Record(*rec, loc);
  return std::move(out).Finish();
}

}  // namespace gpucat::providers::sakura
