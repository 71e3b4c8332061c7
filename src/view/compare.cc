// Comparison and GPU summary views (gpucat/compare.h).
#include "gpucat/compare.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "gpucat/view.h"

namespace gpucat {

using nlohmann::json;

namespace {

const std::optional<int64_t>& Basis(const Offer& o, TaxFlag basis) {
  return basis == TaxFlag::kIncluded ? o.gpu_hour_inc_minor : o.gpu_hour_ex_minor;
}

// Listed with a price on the basis.
bool Priced(const Offer& o, TaxFlag basis) {
  return o.price_status == PriceStatus::kListed && Basis(o, basis).has_value();
}

// a cheaper than b on the basis; ties by offer id so the choice is stable.
bool Cheaper(const Offer& a, const Offer& b, TaxFlag basis) {
  return std::tie(*Basis(a, basis), a.id) < std::tie(*Basis(b, basis), b.id);
}

json BothTaxModes(const std::optional<int64_t>& ex, const std::optional<int64_t>& inc) {
  return json{{"ex_tax", MoneyJson(ex)}, {"inc_tax", MoneyJson(inc)}};
}

int64_t EffectiveMemoryGb(const Offer& o, const GpuModel& model) { return o.gpu_memory_gb.value_or(model.memory_gb); }

json CompareRow(const GpuModel& model, const StoredOffer& so, int64_t offers_in_group) {
  const Offer& o = so.offer;
  const int64_t mem = EffectiveMemoryGb(o, model);
  return json{
      {"provider", o.provider},
      {"product", o.product},
      {"price_status", ToString(o.price_status)},
      {"offers_in_group", offers_in_group},
      {"offer_id", o.id},
      {"gpu_memory_gb", mem},
      {"gpu_hour", BothTaxModes(o.gpu_hour_ex_minor, o.gpu_hour_inc_minor)},
      {"per_gpu_memory_gb_hour", BothTaxModes(PricePerGpuMemoryGbHour(o.gpu_hour_ex_minor, mem),
                                              PricePerGpuMemoryGbHour(o.gpu_hour_inc_minor, mem))},
      {"per_fp8_pflops_hour", BothTaxModes(PricePerFp8PflopsHour(o.gpu_hour_ex_minor, model.fp8_dense_tflops),
                                           PricePerFp8PflopsHour(o.gpu_hour_inc_minor, model.fp8_dense_tflops))},
      {"billing",
       {{"unit", o.unit ? json(ToString(*o.unit)) : json(nullptr)},
        {"per", ToString(o.per)},
        {"billing_rule", o.billing_rule},
        {"min_billed_seconds", o.min_billed_seconds ? json(*o.min_billed_seconds) : json(nullptr)},
        {"min_term_months", o.min_term_months ? json(*o.min_term_months) : json(nullptr)}}},
      {"availability", ToString(o.availability)},
      {"stale", so.stale},
      {"offer", OfferToJson(so)},
  };
}

}  // namespace

std::optional<int64_t> PricePerGpuMemoryGbHour(std::optional<int64_t> gpu_hour_minor, int64_t memory_gb) {
  if (!gpu_hour_minor || memory_gb <= 0) return std::nullopt;
  return RoundHalfAwayFromZero(*gpu_hour_minor, memory_gb);
}

std::optional<int64_t> PricePerFp8PflopsHour(std::optional<int64_t> gpu_hour_minor,
                                             std::optional<int64_t> fp8_dense_tflops) {
  if (!gpu_hour_minor || !fp8_dense_tflops || *fp8_dense_tflops <= 0) return std::nullopt;
  // 1 PFLOPS = 1000 TFLOPS: price per PFLOPS-hour = price per GPU-hour / (TFLOPS / 1000).
  return RoundHalfAwayFromZero(static_cast<__int128>(*gpu_hour_minor) * 1000, *fp8_dense_tflops);
}

namespace {

// One row per group, the groups given in (provider, product) order: priced
// rows by price on the basis (then provider, product), then quote-only rows.
json RenderCompare(const GpuModel& model, const std::vector<std::pair<const StoredOffer*, int64_t>>& groups,
                   const CompareOptions& options) {
  std::vector<const std::pair<const StoredOffer*, int64_t>*> priced, quoted;
  for (const auto& g : groups) (Priced(g.first->offer, options.tax_basis) ? priced : quoted).push_back(&g);
  std::sort(priced.begin(), priced.end(), [&](const auto* a, const auto* b) {
    const Offer &x = a->first->offer, &y = b->first->offer;
    return std::tie(*Basis(x, options.tax_basis), x.provider, x.product) <
           std::tie(*Basis(y, options.tax_basis), y.provider, y.product);
  });  // quoted keeps the (provider, product) order
  json rows = json::array();
  for (const auto* list : {&priced, &quoted}) {
    for (const auto* g : *list) rows.push_back(CompareRow(model, *g->first, g->second));
  }
  return json{{"gpu", GpuModelToJson(model)},
              {"tax_basis", ToString(options.tax_basis)},
              {"minor_unit", "1/10000 JPY"},
              {"rounding",
               "per_gpu_memory_gb_hour and per_fp8_pflops_hour: exact integer division of the normalized "
               "GPU-hour price, rounded half away from zero to 1/10000 JPY"},
              {"rows", rows}};
}

}  // namespace

json CompareToJson(const GpuModel& model, const std::vector<StoredOffer>& offers, const CompareOptions& options) {
  struct Group {
    const StoredOffer* best = nullptr;  // cheapest priced offer, else the first quote by id
    int64_t count = 0;
  };
  std::map<std::pair<std::string, std::string>, Group> groups;  // (provider, product)
  for (const auto& so : offers) {
    const Offer& o = so.offer;
    if (o.gpu_model != model.id || so.status != "active") continue;
    if (!options.include_stale && so.stale) continue;
    Group& g = groups[{o.provider, o.product}];
    ++g.count;
    const Offer* best = g.best ? &g.best->offer : nullptr;
    const bool replace =
        best == nullptr ||
        (Priced(o, options.tax_basis) && (!Priced(*best, options.tax_basis) || Cheaper(o, *best, options.tax_basis))) ||
        (!Priced(o, options.tax_basis) && !Priced(*best, options.tax_basis) && o.id < best->id);
    if (replace) g.best = &so;
  }
  std::vector<std::pair<const StoredOffer*, int64_t>> ordered;
  for (const auto& [key, g] : groups) ordered.emplace_back(g.best, g.count);
  return RenderCompare(model, ordered, options);
}

Result<std::vector<StoredOffer>> ReadAllOffers(Catalog& catalog, OfferQuery query, const std::string& now) {
  std::vector<StoredOffer> out;
  query.limit = 500;
  query.cursor.clear();
  Status st = catalog.ReadSnapshot([&]() -> Status {
    while (true) {
      auto page = catalog.QueryOffers(query, now);
      if (!page.ok()) return page.status();
      for (auto& so : page.value().offers) out.push_back(std::move(so));
      if (page.value().next_cursor.empty()) return Status::Ok();
      query.cursor = page.value().next_cursor;
    }
  });
  if (!st.ok()) return st;
  return out;
}

json GpuSummaryToJson(const std::vector<StoredOffer>& offers, TaxFlag tax_basis) {
  json gpus = json::array();
  for (const GpuModel& m : GpuModels()) {
    int64_t active = 0, listed = 0, quote = 0;
    const Offer* cheapest = nullptr;
    for (const auto& so : offers) {
      const Offer& o = so.offer;
      if (o.gpu_model != m.id || so.status != "active") continue;
      ++active;
      if (o.price_status == PriceStatus::kQuote) ++quote;
      if (!Priced(o, tax_basis)) continue;
      ++listed;
      if (cheapest == nullptr || Cheaper(o, *cheapest, tax_basis)) cheapest = &o;
    }
    json row = GpuModelToJson(m);
    row["offers"] = {{"active", active}, {"listed", listed}, {"quote", quote}};
    row["cheapest"] = cheapest == nullptr
                          ? json(nullptr)
                          : json{{"offer_id", cheapest->id},
                                 {"provider", cheapest->provider},
                                 {"product", cheapest->product},
                                 {"gpu_hour", BothTaxModes(cheapest->gpu_hour_ex_minor, cheapest->gpu_hour_inc_minor)}};
    gpus.push_back(std::move(row));
  }
  return json{{"tax_basis", ToString(tax_basis)}, {"gpus", gpus}};
}

Result<json> CompareGpu(Catalog& catalog, std::string_view gpu, const CompareOptions& options, const std::string& now) {
  const auto id = ResolveGpuModel(gpu);
  const GpuModel* model = id ? FindGpuModel(*id) : nullptr;
  if (model == nullptr) {
    return Status::Error("unknown_gpu", "no GPU model is called \"" + std::string(gpu) + "\"");
  }
  // The catalog groups the model's offers (an index holds the groups and
  // their price order): the same groups and choices as CompareToJson makes
  // from every offer, without reading every offer.
  json out;
  Status st = catalog.ReadSnapshot([&]() -> Status {
    const int64_t version = catalog.CatalogVersion();
    auto groups = catalog.CheapestPerGroup(model->id, options.tax_basis, options.include_stale, now);
    if (!groups.ok()) return groups.status();
    std::vector<std::pair<const StoredOffer*, int64_t>> ordered;
    for (const auto& g : groups.value()) ordered.emplace_back(&g.best, g.offers);
    out = RenderCompare(*model, ordered, options);
    out["catalog_version"] = version;
    out["as_of"] = now;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace gpucat
