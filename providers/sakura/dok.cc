// 高火力 DOK: GET /unit_prices/ (reference §1b, [S]).
//
//   {"meta": {...}, "results": [{"plan": "h100-80gb", "price": 0.28,
//     "begin_at": ..., "end_at": ..., "is_overridden": false}, ...]}
//
// Contract per row, in this order:
//  * is_overridden is read first. true: an account-specific price that must
//    never be published -> dropped (counted, not an error). Missing or not a
//    boolean: the row may be account-specific, so it is rejected and its
//    text is NOT kept (the reject would otherwise store a private price).
//  * plan must be <model>-[<n>gpu-]<memory>gb ("v100-32gb", "h100-8gpu-80gb").
//  * price is JPY per second, tax-included [S], read as the exact decimal
//    text of the JSON number.
//  * begin_at/end_at (RFC 3339 or null) become valid_from/valid_to; a row not
//    valid at the document's fetched_at (not yet begun, or ended) is skipped.
#include <optional>
#include <string>
#include <utility>

#include "common/collect.h"
#include "common/json_exact.h"
#include "common/reasons.h"
#include "common/text.h"
#include "gpucat/normalize.h"
#include "sakura/sakura.h"

namespace gpucat::providers::sakura {
namespace {

// Plan specs the API rows do not carry: the provider's published API spec
// ([S], reference §1b). Minimum billed time: 60 s for the H100 plans.
struct PlanSpec {
  std::string_view plan;
  int64_t vcpus, ram_gb;
  std::string_view storage;
  std::optional<int64_t> min_billed_seconds;
};
constexpr PlanSpec kPlanSpecs[] = {
    {"v100-32gb", 3, 40, "", std::nullopt},
    {"h100-80gb", 10, 192, "", 60},
    {"h100-8gpu-80gb", 160, 1760, "4 TB NVMe", 60},
};

constexpr const char* kNote =
    "Per second of task runtime, tax-included as Sakura publishes DOK prices [S]. vCPU/RAM and the "
    "minimum billed time come from the provider's published API spec [S], not from this response.";

struct Plan {
  std::string gpu;  // "h100-80gb"
  int64_t gpus = 1;
  int64_t memory_gb = 0;
};

// <model>-[<n>gpu-]<memory>gb
std::optional<Plan> ParsePlan(const std::string& plan) {
  const size_t first = plan.find('-');
  const size_t last = plan.rfind('-');
  if (first == std::string::npos || first == 0) return std::nullopt;
  const std::string model = plan.substr(0, first);
  for (char c : model) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return std::nullopt;
  }
  Plan p;
  const std::string mem = plan.substr(last + 1);
  const std::optional<int64_t> gb = ParseCount(mem, "gb");
  if (!gb || mem != FoldLabel(mem) || *gb <= 0) return std::nullopt;
  p.memory_gb = *gb;
  if (first != last) {
    const std::string middle = plan.substr(first + 1, last - first - 1);
    const std::optional<int64_t> n = ParseCount(middle, "gpu");
    if (!n || middle != FoldLabel(middle) || *n <= 0) return std::nullopt;
    p.gpus = *n;
  }
  p.gpu = model + "-" + mem;
  return p;
}

// begin_at / end_at: absent or null -> "", a timestamp -> itself.
std::optional<std::string> ReadTime(const Json& row, const char* key, std::string& error_code) {
  if (!row.contains(key) || row.at(key).is_null()) return std::string();
  if (!row.at(key).is_string()) {
    error_code = reason::kWrongType;
    return std::nullopt;
  }
  const std::string s = row.at(key).get<std::string>();
  if (!ParseRfc3339(s)) {
    error_code = reason::kBadDate;
    return std::nullopt;
  }
  return s;
}

}  // namespace

Result<ParseResult> ParseDokUnitPrices(const Document& document) {
  Result<Json> parsed = ParseJsonExact(document.body);
  if (!parsed.ok()) return parsed.status();
  const Json& root = parsed.value();
  if (!root.is_object() || !root.contains("results") || !root.at("results").is_array()) {
    return Status::Error("source_format_changed", "no \"results\" array at the root");
  }
  const Json& rows = root.at("results");
  if (rows.empty()) return Status::Error("source_empty", "results is empty");
  const std::optional<int64_t> now = ParseRfc3339(document.provenance.fetched_at);
  std::string zone = "is1a";
  if (auto z = document.source.params.find("zone"); z != document.source.params.end()) zone = z->second;
  const ZoneSite site = SiteOfZone(zone);

  Collector out(kProvider, document.source.id);
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string loc = "/results/" + std::to_string(i);
    const Json& row = rows[i];
    if (!row.is_object()) {
      out.Reject(loc, reason::kWrongType, "a unit price must be an object", "");
      continue;
    }
    if (!row.contains("is_overridden") || row.at("is_overridden").is_null()) {
      out.Reject(loc + "/is_overridden", gpucat::reason::kMissingField,
                 "no is_overridden: the row may be account-specific (text not kept)", "");
      continue;
    }
    if (!row.at("is_overridden").is_boolean()) {
      out.Reject(loc + "/is_overridden", reason::kWrongType,
                 "is_overridden must be a boolean: the row may be account-specific (text not kept)", "");
      continue;
    }
    if (row.at("is_overridden").get<bool>()) {
      out.Drop();
      continue;
    }
    const std::string text = DumpExact(row);
    if (!row.contains("plan") || row.at("plan").is_null()) {
      out.Reject(loc + "/plan", gpucat::reason::kMissingField, "no plan", text);
      continue;
    }
    if (!row.at("plan").is_string()) {
      out.Reject(loc + "/plan", reason::kWrongType, "plan must be a string", text);
      continue;
    }
    const std::string plan_name = row.at("plan").get<std::string>();
    const std::optional<Plan> plan = ParsePlan(plan_name);
    if (!plan) {
      out.Reject(loc + "/plan", reason::kUnrecognizedPlan, "\"" + plan_name + "\" is not <model>-[<n>gpu-]<memory>gb",
                 text);
      continue;
    }
    if (!row.contains("price") || row.at("price").is_null()) {
      out.Reject(loc + "/price", gpucat::reason::kMissingField, "no price", text);
      continue;
    }
    if (!IsNumber(row.at("price"))) {
      out.Reject(loc + "/price", reason::kWrongType, "price must be a number, not " + TypeName(row.at("price")), text);
      continue;
    }
    std::string time_error;
    const std::optional<std::string> begin = ReadTime(row, "begin_at", time_error);
    if (!begin) {
      out.Reject(loc + "/begin_at", time_error, "begin_at must be an RFC 3339 timestamp or null", text);
      continue;
    }
    const std::optional<std::string> end = ReadTime(row, "end_at", time_error);
    if (!end) {
      out.Reject(loc + "/end_at", time_error, "end_at must be an RFC 3339 timestamp or null", text);
      continue;
    }
    if (now && ((!begin->empty() && *ParseRfc3339(*begin) > *now) || (!end->empty() && *ParseRfc3339(*end) <= *now))) {
      out.Skip();  // a past or future price, not the one in force when fetched
      continue;
    }

    OfferDraft d;
    d.provider = kProvider;
    d.product = "koukaryoku-dok";
    d.plan = plan_name;
    d.display_name = "高火力 DOK " + plan_name;
    d.zone = zone;
    d.site = site.site;
    d.prefecture = site.prefecture;
    d.gpu_name = plan->gpu;
    d.gpus_per_unit = plan->gpus;
    d.gpu_memory_gb = plan->memory_gb;
    for (const PlanSpec& s : kPlanSpecs) {
      if (s.plan != plan_name) continue;
      d.vcpus = s.vcpus;
      d.ram_gb = s.ram_gb;
      d.storage = std::string(s.storage);
      d.min_billed_seconds = s.min_billed_seconds;
    }
    d.price_status = "listed";
    d.amount = NumberText(row.at("price"));
    d.currency = "JPY";
    d.tax = "included";
    d.unit = "second";
    d.per = plan->gpus > 1 ? "node" : "instance";
    d.billing_rule = "metered";
    d.valid_from = *begin;
    d.valid_to = *end;
    d.notes = kNote;
    if (row.contains("x_gpucat_note") && row.at("x_gpucat_note").is_string()) {
      d.notes += " " + row.at("x_gpucat_note").get<std::string>();
    }
    d.record_text = text;
    if (!out.CheckGpu(d, loc + "/plan")) continue;
    out.Add(std::move(d), loc);
  }
  return std::move(out).Finish();
}

}  // namespace gpucat::providers::sakura
