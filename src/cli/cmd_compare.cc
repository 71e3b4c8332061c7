// gpucat compare --gpu MODEL: the same comparison as GET /v1/compare.
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/common.h"
#include "gpucat/compare.h"

namespace gpucat::cli {

namespace {
std::string Yen(const nlohmann::json& money) {
  if (!money.is_object() || !money.contains("minor")) return "-";
  return YenForDisplay(money["minor"].get<int64_t>());
}
std::string Text(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return "-";
  return j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
}
}  // namespace

int RunCompare(const Argv& argv) {
  auto specs = CatalogOptions();
  specs.push_back({"gpu", true, false, "GPU model: canonical id or alias (required)"});
  specs.push_back({"tax", true, false, "excluded (default) or included: which price ranks"});
  specs.push_back({"format", true, false, "table (default) or json"});
  Args args;
  if (auto exit = ParseOrExit(argv, specs, "gpucat compare --gpu MODEL [--tax included|excluded] [--format table|json]",
                              "Per provider and product: the cheapest listed offer of MODEL in JPY per GPU-hour, "
                              "then quote-only products.",
                              args)) {
    return *exit;
  }
  if (!args.Has("gpu")) return Fail(Status::Error("usage", "--gpu is required"), 2);
  const std::string tax = args.Get("tax").value_or("excluded");
  const std::string format = args.Get("format").value_or("table");
  if (tax != "excluded" && tax != "included") return Fail(Status::Error("usage", "--tax is included or excluded"), 2);
  if (format != "table" && format != "json") return Fail(Status::Error("usage", "--format is table or json"), 2);
  auto catalog = OpenCatalog(args, Catalog::Mode::kReadOnly);
  if (!catalog.ok()) return Fail(catalog.status());
  CompareOptions options;
  options.tax_basis = tax == "included" ? TaxFlag::kIncluded : TaxFlag::kExcluded;
  auto result = CompareGpu(*catalog.value(), *args.Get("gpu"), options, NowUtc());
  if (!result.ok()) return Fail(result.status(), result.status().code() == "unknown_gpu" ? 2 : 1);
  const nlohmann::json& j = result.value();
  if (format == "json") {
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  const char* basis = tax == "included" ? "inc_tax" : "ex_tax";
  auto money = [&](const nlohmann::json& r, const char* key) {
    return r.contains(key) && r[key].is_object() ? Yen(r[key][basis]) : std::string("-");
  };
  std::vector<std::vector<std::string>> rows = {{"PROVIDER", "PRODUCT", "PLAN", "GPUS", "BILLING", "¥/GPU-h EX",
                                                 "¥/GPU-h INC", "¥/GB-h", "¥/FP8 PFLOP-h", "MIN TERM", "AVAIL"}};
  for (const auto& r : j.value("rows", nlohmann::json::array())) {
    const nlohmann::json& offer = r["offer"];
    const nlohmann::json& billing = r["billing"];
    const bool quote = r.value("price_status", "") == "quote";
    rows.push_back(
        {Text(r, "provider"), Text(r, "product"), Text(offer, "plan"),
         offer.is_object() ? Text(offer["gpu"], "count") : "-",
         quote ? "quote" : Text(billing, "unit") + "/" + Text(billing, "per"),
         quote ? "お問い合わせ" : Yen(r["gpu_hour"]["ex_tax"]), quote ? "-" : Yen(r["gpu_hour"]["inc_tax"]),
         money(r, "per_gpu_memory_gb_hour"), money(r, "per_fp8_pflops_hour"),
         billing.is_object() && !billing["min_term_months"].is_null() ? Text(billing, "min_term_months") + " mo" : "-",
         Text(r, "availability")});
  }
  std::printf("%s — catalog v%s, tax basis %s\n", j["gpu"].value("name", "").c_str(),
              Text(j, "catalog_version").c_str(), tax.c_str());
  PrintTable(rows);
  return 0;
}

}  // namespace gpucat::cli
