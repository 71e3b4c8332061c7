// gpucat offers: the catalog as `sky gpus list` would show it.
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/common.h"
#include "gpucat/gpu_models.h"
#include "gpucat/view.h"

namespace gpucat::cli {

namespace {

std::string Published(const Offer& o) {
  if (o.price_status == PriceStatus::kQuote) return "quote";
  // Group the integer part for reading ("¥3,046,120"); the fraction stays exact.
  const std::string exact = o.amount->ToString();
  const auto point = exact.find('.');
  std::string s = "¥" + FormatYenGrouped(std::stoll(exact.substr(0, point))) +
                  (point == std::string::npos ? "" : exact.substr(point)) + "/" +
                  std::string(o.unit ? ToString(*o.unit) : "?");
  if (o.per != PricePer::kInstance) s += "/" + std::string(ToString(o.per));
  s += o.tax == TaxFlag::kIncluded ? " incl." : o.tax == TaxFlag::kExcluded ? " excl." : " tax?";
  return s;
}

}  // namespace

int RunOffers(const Argv& argv) {
  auto specs = CatalogOptions();
  specs.push_back({"gpu", true, false, "GPU model: canonical id or any alias (h200, \"NVIDIA H100\")"});
  specs.push_back({"provider", true, true, "provider name"});
  specs.push_back({"product", true, false, "product, e.g. koukaryoku-vrt"});
  specs.push_back({"location", true, false, "zone, site or prefecture"});
  specs.push_back({"min-gpus", true, false, "at least N GPUs per unit"});
  specs.push_back({"max-price", true, false, "at most this many yen per GPU-hour (see --tax)"});
  specs.push_back({"tax", true, false, "excluded (default) or included: the price --max-price and --sort use"});
  specs.push_back({"billing", true, false, "second|minute|hour|day|month"});
  specs.push_back({"no-quote", false, false, "hide offers without a published price"});
  specs.push_back({"sort", true, false, "price (default), -price, gpus or provider"});
  specs.push_back({"format", true, false, "table (default), json or csv"});
  Args args;
  if (auto exit = ParseOrExit(argv, specs,
                              "gpucat offers [--gpu MODEL] [--provider NAME] [--min-gpus N] "
                              "[--max-price YEN] [--tax included|excluded] [--sort price|gpus] "
                              "[--format table|json|csv]",
                              "Lists current offers with JPY per GPU-hour, tax excluded and included.", args)) {
    return *exit;
  }
  OfferQuery q;
  q.limit = 500;
  if (auto gpu = args.Get("gpu")) {
    q.gpu_model = ResolveGpuModel(*gpu);
    if (!q.gpu_model) return Fail(Status::Error("usage", "unknown GPU model \"" + *gpu + "\""), 2);
  }
  q.providers = args.GetAll("provider");
  q.product = args.Get("product");
  q.location = args.Get("location");
  auto min_gpus = args.GetInt("min-gpus");
  if (!min_gpus.ok()) return Fail(min_gpus.status(), 2);
  q.min_gpus = min_gpus.value();
  const std::string tax = args.Get("tax").value_or("excluded");
  if (tax != "excluded" && tax != "included") return Fail(Status::Error("usage", "--tax is included or excluded"), 2);
  q.tax_basis = tax == "included" ? TaxFlag::kIncluded : TaxFlag::kExcluded;
  if (auto max = args.Get("max-price")) {
    auto minor = YenTextToMinor(*max);
    if (!minor.ok()) return Fail(minor.status(), 2);
    q.max_gpu_hour_minor = minor.value();
  }
  if (auto billing = args.Get("billing")) {
    q.billing = ParseTimeUnit(*billing);
    if (!q.billing) return Fail(Status::Error("usage", "--billing is second|minute|hour|day|month"), 2);
  }
  q.include_quote = !args.Has("no-quote");
  const std::string sort = args.Get("sort").value_or("price");
  if (sort == "price")
    q.sort = OfferQuery::Sort::kPrice;
  else if (sort == "-price")
    q.sort = OfferQuery::Sort::kPriceDesc;
  else if (sort == "gpus")
    q.sort = OfferQuery::Sort::kGpus;
  else if (sort == "provider")
    q.sort = OfferQuery::Sort::kProvider;
  else
    return Fail(Status::Error("usage", "--sort is price, -price, gpus or provider"), 2);
  const std::string format = args.Get("format").value_or("table");
  if (format != "table" && format != "json" && format != "csv") {
    return Fail(Status::Error("usage", "--format is table, json or csv"), 2);
  }

  auto catalog = OpenCatalog(args, Catalog::Mode::kReadOnly);
  if (!catalog.ok()) return Fail(catalog.status());
  const std::string now = NowUtc();
  std::vector<StoredOffer> offers;
  int64_t version = 0;
  do {  // all pages
    auto page = catalog.value()->QueryOffers(q, now);
    if (!page.ok()) return Fail(page.status());
    version = page.value().catalog_version;
    for (auto& o : page.value().offers) offers.push_back(std::move(o));
    q.cursor = page.value().next_cursor;
  } while (!q.cursor.empty());

  if (format == "json") {
    nlohmann::json out = {{"catalog_version", version}, {"offers", nlohmann::json::array()}};
    for (const auto& o : offers) out["offers"].push_back(OfferToJson(o));
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::vector<std::vector<std::string>> rows = {{"PROVIDER", "PRODUCT", "PLAN", "GPU", "QTY", "LOCATION", "PUBLISHED",
                                                 "¥/GPU-h EX", "¥/GPU-h INC", "AVAIL", "AGE", "ID"}};
  for (const auto& so : offers) {
    const Offer& o = so.offer;
    rows.push_back({o.provider, o.product, o.plan, o.gpu_model, std::to_string(o.gpus_per_unit),
                    !o.zone.empty()   ? o.zone
                    : !o.site.empty() ? o.site
                                      : o.prefecture,
                    Published(o), YenForDisplay(o.gpu_hour_ex_minor), YenForDisplay(o.gpu_hour_inc_minor),
                    std::string(ToString(o.availability)), AgeForDisplay(so.age_seconds) + (so.stale ? " STALE" : ""),
                    o.id});
  }
  if (format == "csv") {
    PrintCsv(rows);
  } else {
    PrintTable(rows);
    std::printf(
        "\n%zu offers, catalog v%lld. ¥/GPU-h: normalized, 10%% consumption tax; \"tax?\" = tax status "
        "unknown, read as excluded.\n",
        offers.size(), static_cast<long long>(version));
  }
  return 0;
}

}  // namespace gpucat::cli
