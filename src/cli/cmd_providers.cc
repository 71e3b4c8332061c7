// gpucat providers / rejects / history: operators' views of the catalog.
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/common.h"
#include "gpucat/view.h"

namespace gpucat::cli {

namespace {
std::vector<OptionSpec> WithFormat(std::vector<OptionSpec> specs) {
  specs.push_back({"format", true, false, "table (default) or json"});
  return specs;
}
std::optional<int> CheckFormat(const Args& args) {
  const std::string f = args.Get("format").value_or("table");
  if (f != "table" && f != "json") return Fail(Status::Error("usage", "--format is table or json"), 2);
  return std::nullopt;
}
}  // namespace

int RunProviders(const Argv& argv) {
  const auto specs = WithFormat(CatalogOptions());
  Args args;
  if (auto exit = ParseOrExit(argv, specs, "gpucat providers [--db FILE] [--format table|json]",
                              "Each provider's last sync, status, offer counts and staleness.", args)) {
    return *exit;
  }
  if (auto exit = CheckFormat(args)) return *exit;
  auto catalog = OpenCatalog(args, Catalog::Mode::kReadOnly);
  if (!catalog.ok()) return Fail(catalog.status());
  auto providers = catalog.value()->Providers(NowUtc());
  if (!providers.ok()) return Fail(providers.status());
  if (args.Get("format") == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : providers.value()) out.push_back(ProviderToJson(p));
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::vector<std::vector<std::string>> rows = {
      {"PROVIDER", "STATUS", "LAST SYNC", "LAST SUCCESS", "AGE", "OFFERS", "LISTED", "QUOTE", "STALE", "ERROR"}};
  for (const auto& p : providers.value()) {
    rows.push_back({p.provider, p.last_run ? p.last_run->status : "never", p.last_run ? p.last_run->finished_at : "-",
                    p.last_success_at.empty() ? "-" : p.last_success_at,
                    p.age_seconds ? AgeForDisplay(*p.age_seconds) + (p.stale ? " STALE" : "") : "-",
                    std::to_string(p.active_offers), std::to_string(p.listed_offers), std::to_string(p.quote_offers),
                    std::to_string(p.stale_offers), p.last_run ? p.last_run->error : ""});
  }
  PrintTable(rows);
  return 0;
}

int RunRejects(const Argv& argv) {
  auto specs = WithFormat(CatalogOptions());
  specs.push_back({"provider", true, false, "only this provider"});
  specs.push_back({"limit", true, false, "at most N (default 100)"});
  Args args;
  if (auto exit = ParseOrExit(argv, specs, "gpucat rejects [--provider NAME] [--limit N]",
                              "Records that did not become offers, newest first, with the reason.", args)) {
    return *exit;
  }
  if (auto exit = CheckFormat(args)) return *exit;
  auto limit = args.GetInt("limit");
  if (!limit.ok()) return Fail(limit.status(), 2);
  auto catalog = OpenCatalog(args, Catalog::Mode::kReadOnly);
  if (!catalog.ok()) return Fail(catalog.status());
  auto rejects = catalog.value()->Rejects(args.Get("provider").value_or(""), limit.value().value_or(100));
  if (!rejects.ok()) return Fail(rejects.status());
  if (args.Get("format") == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : rejects.value()) out.push_back(RejectToJson(r));
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::vector<std::vector<std::string>> rows = {{"AT", "PROVIDER", "SOURCE", "WHERE", "REASON", "DETAIL"}};
  for (const auto& r : rejects.value()) {
    rows.push_back(
        {r.at, r.reject.provider, r.reject.source_id, r.reject.locator, r.reject.reason_code, r.reject.detail});
  }
  PrintTable(rows);
  return 0;
}

int RunHistory(const Argv& argv) {
  auto specs = WithFormat(CatalogOptions());
  specs.push_back({"id", true, false, "offer id (from gpucat offers)"});
  Args args;
  if (auto exit =
          ParseOrExit(argv, specs, "gpucat history --id OFFER_ID", "An offer's price history, newest first.", args)) {
    return *exit;
  }
  if (auto exit = CheckFormat(args)) return *exit;
  if (!args.Has("id")) return Fail(Status::Error("usage", "--id is required"), 2);
  auto catalog = OpenCatalog(args, Catalog::Mode::kReadOnly);
  if (!catalog.ok()) return Fail(catalog.status());
  auto history = catalog.value()->OfferHistory(*args.Get("id"), 1000);
  if (!history.ok()) return Fail(history.status());
  if (args.Get("format") == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& h : history.value()) out.push_back(HistoryToJson(h));
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::vector<std::vector<std::string>> rows = {
      {"OBSERVED", "EVENT", "AMOUNT", "TAX", "UNIT", "¥/GPU-h EX", "¥/GPU-h INC", "CATALOG"}};
  for (const auto& h : history.value()) {
    rows.push_back({h.observed_at, h.event, h.amount ? h.amount->ToString() : "quote", h.tax, h.unit,
                    YenForDisplay(h.gpu_hour_ex_minor), YenForDisplay(h.gpu_hour_inc_minor),
                    "v" + std::to_string(h.catalog_version)});
  }
  PrintTable(rows);
  return 0;
}

}  // namespace gpucat::cli
