// gpucat estimate: what a job costs at each provider (same engine and request
// parser as GET /v1/estimate, so the CLI and the API cannot disagree).
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/common.h"
#include "gpucat/compare.h"
#include "gpucat/estimate.h"

namespace gpucat::cli {

int RunEstimate(const Argv& argv) {
  auto specs = CatalogOptions();
  specs.push_back({"gpu", true, false, "GPU model: canonical id or alias (required)"});
  specs.push_back({"gpus", true, false, "how many GPUs (required)"});
  specs.push_back({"hours", true, false, "run length in hours (decimal)"});
  specs.push_back({"seconds", true, false, "run length in seconds"});
  specs.push_back({"start", true, false, "run start, YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM] (JST if no zone)"});
  specs.push_back({"end", true, false, "run end (exclusive), instead of --hours/--seconds"});
  specs.push_back({"same-domain", false, false, "all GPUs in one NVLink domain"});
  specs.push_back({"tax", true, false, "excluded (default) or included: which total ranks"});
  specs.push_back({"format", true, false, "table (default) or json"});
  Args args;
  if (auto exit = ParseOrExit(argv, specs, "gpucat estimate --gpu MODEL --gpus N (--hours H | --start A --end B)",
                              "Ranks every offer that can serve N GPUs of MODEL for the run by its total cost under "
                              "the provider's billing rules,\nwith the line-by-line computation; lists the offers "
                              "that cannot serve it and why.",
                              args)) {
    return *exit;
  }
  const std::string format = args.Get("format").value_or("table");
  if (format != "table" && format != "json") return Fail(Status::Error("usage", "--format is table or json"), 2);
  std::map<std::string, std::string> params;
  for (const char* name : {"gpu", "gpus", "hours", "seconds", "start", "end", "tax"}) {
    if (auto v = args.Get(name)) params[name] = *v;
  }
  if (args.Has("same-domain")) params["same_domain"] = "true";
  auto request = ParseEstimateRequest(params);
  if (!request.ok()) return Fail(request.status(), 2);
  auto catalog = OpenCatalog(args, Catalog::Mode::kReadOnly);
  if (!catalog.ok()) return Fail(catalog.status());
  OfferQuery q;
  q.gpu_model = request.value().gpu_model;
  const std::string now = NowUtc();
  auto offers = ReadAllOffers(*catalog.value(), q, now);
  if (!offers.ok()) return Fail(offers.status());
  EstimateOptions options;
  options.now = now;
  auto result = EstimateCost(request.value(), offers.value(), options);
  if (!result.ok()) return Fail(result.status(), 2);
  const nlohmann::json j = EstimateResultToJson(result.value());
  if (format == "json") {
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  const auto& r = result.value();
  std::printf("%lld x %s, %s -> %s (%s)\n\n", static_cast<long long>(r.request.gpus), r.request.gpu_model.c_str(),
              j["period"]["start"].get<std::string>().c_str(), j["period"]["end"].get<std::string>().c_str(),
              r.period.start_assumed ? "start assumed: the 1st of next month, JST" : "JST calendar");
  std::vector<std::vector<std::string>> rows = {
      {"#", "PROVIDER", "PRODUCT", "PLAN", "UNITS", "BILLED", "TOTAL EX", "TOTAL INC", "¥/GPU-h PAID (INC)"}};
  int rank = 0;
  for (const auto& e : j["estimates"]) {
    rows.push_back({std::to_string(++rank), e["provider"], e["product"], e["plan"],
                    std::to_string(e["units"]["count"].get<int64_t>()),
                    std::to_string(e["billed_duration"]["count"].get<int64_t>()) + " " +
                        e["billed_duration"]["unit"].get<std::string>(),
                    YenForDisplay(e["total"]["ex_tax"]["minor"].get<int64_t>()),
                    YenForDisplay(e["total"]["inc_tax"]["minor"].get<int64_t>()),
                    YenForDisplay(e["gpu_hour"]["inc_tax"]["minor"].get<int64_t>())});
  }
  PrintTable(rows);
  rank = 0;
  for (const auto& e : j["estimates"]) {
    std::printf("\n#%d %s %s: how the total is computed\n", ++rank, e["provider"].get<std::string>().c_str(),
                e["plan"].get<std::string>().c_str());
    for (const auto& line : e["lines"]) std::printf("  %s\n", line["en"].get<std::string>().c_str());
    for (const auto& note : e["notes"]) std::printf("  note: %s\n", note["en"].get<std::string>().c_str());
  }
  if (!j["excluded"].empty()) {
    std::printf("\ncannot serve this request:\n");
    for (const auto& u : j["excluded"]) {
      std::printf("  %-11s %-40s %s: %s\n", u["provider"].get<std::string>().c_str(),
                  u["plan"].get<std::string>().c_str(), u["reason"].get<std::string>().c_str(),
                  u["detail"].get<std::string>().c_str());
    }
  }
  return 0;
}

}  // namespace gpucat::cli
