// Estimates in sell prices (gpucat/storefront.h): the estimate engine run over
// the offers as the storefront sells them. The engine is unchanged; what it
// sees is re-priced, and what it says is made buyer-facing.
#include <map>

#include "gpucat/compare.h"
#include "gpucat/normalize.h"
#include "gpucat/storefront.h"

namespace gpucat {

using nlohmann::json;

std::vector<StoredOffer> SellPricedOffers(const std::vector<StorefrontItem>& items) {
  std::vector<StoredOffer> out;
  for (const auto& item : items) {
    if (!OnSale(item.offer, item.sell)) continue;
    StoredOffer so = item.offer;
    Offer& o = so.offer;
    o.tax = TaxFlag::kIncluded;
    o.tax_assumed = false;
    o.unit = item.sell.unit;
    o.per = item.sell.per;
    o.amount.reset();
    if (item.sell.status == SellStatus::kPriced) o.amount = Decimal{*item.sell.inc_yen, 0};
    // Nothing of the cost may reach the engine's output: no provider notes
    // (they quote the provider's prices), no source document.
    o.notes.clear();
    o.provenance.url.clear();
    o.provenance.file.clear();
    o.provenance.sha256.clear();
    ComputeNormalizedPrices(o, kJapanStandardTax);
    out.push_back(std::move(so));
  }
  return out;
}

namespace {

json StorefrontTaxNote() {
  const std::string rate = std::to_string(kJapanStandardTax.rate_percent);
  return {{"code", "tax"},
          {"en", "totals are the tax-included sell prices (" + rate +
                     "% consumption tax) times what is billed; the ex-tax total is derived once from the exact total"},
          {"ja", "合計は税込の販売価格（消費税 " + rate + "%）× 課金数量。税抜合計は正確な合計から一度だけ算出"}};
}

json SellUnitNote() {
  return {{"code", "sell_unit"},
          {"en", "sold per hour: billed per started hour at the hourly price (the provider meters by the second)"},
          {"ja", "時間単位で販売：開始した 1 時間ごとに時間料金で課金（提供元は秒単位で計測）"}};
}

// Adds names and titles, and replaces what describes the substitution.
void BuyerFacing(json& entry, const std::map<std::string, const StorefrontItem*>& by_id, bool estimate) {
  const auto& ids = entry.at("offer_ids");
  auto find = [&](const json& id) -> const StorefrontItem* {
    const auto it = by_id.find(id.get<std::string>());
    return it == by_id.end() ? nullptr : it->second;
  };
  const StorefrontItem* first = ids.empty() ? nullptr : find(ids.at(0));
  if (first) {
    const Offer& o = first->offer.offer;
    entry["provider_name"] = ToJson(ProviderName(o.provider));
    entry["product_name"] = ToJson(ProductName(o.product));
    entry["title"] = ToJson(OfferTitle(o));
    entry["location"]["label"] = ToJson(LocationLabel(o));
  }
  if (!estimate) return;
  const auto minor = [&](const char* a, const char* b) { return entry.at(a).at(b).at("minor").get<int64_t>(); };
  const Bilingual inc = IncTaxText(minor("total", "inc_tax")), ex = ExTaxText(minor("total", "ex_tax"));
  const Bilingual gpu_hour = GpuHourLabel(minor("gpu_hour", "inc_tax"), true);
  entry["labels"] = {{"ja", {{"total_inc_tax", inc.ja}, {"total_ex_tax", ex.ja}, {"gpu_hour_inc_tax", gpu_hour.ja}}},
                     {"en", {{"total_inc_tax", inc.en}, {"total_ex_tax", ex.en}, {"gpu_hour_inc_tax", gpu_hour.en}}}};
  entry.erase("published_tax");
  entry.erase("tax_assumed_excluded");
  bool per_second = false;
  for (const auto& id : ids) {
    const StorefrontItem* item = find(id);
    if (item && item->sell.published_unit) {
      const TimeUnit unit = *item->sell.published_unit;
      per_second = per_second || unit == TimeUnit::kSecond || unit == TimeUnit::kMinute;
    }
  }
  json notes = json::array();
  for (auto& n : entry.at("notes")) {
    if (n.at("code") == "tax" || n.at("code") == "tax_assumed") continue;
    notes.push_back(n);
  }
  notes.push_back(StorefrontTaxNote());
  if (per_second) notes.push_back(SellUnitNote());
  entry["notes"] = std::move(notes);
}

}  // namespace

Result<json> StorefrontEstimate(Catalog& catalog, const EstimateRequest& request, const PricingRules& rules,
                                const std::string& now) {
  OfferQuery q;
  q.gpu_model = request.gpu_model;
  q.include_stale = false;
  std::vector<StorefrontItem> items;
  auto offers = ReadAllOffers(catalog, q, now);
  if (!offers.ok()) return offers.status();
  for (auto& so : offers.value()) {
    SellPrice sell = rules.Price(so.offer);
    if (OnSale(so, sell)) items.push_back({std::move(so), std::move(sell)});
  }
  EstimateOptions options;
  options.now = now;
  auto result = EstimateCost(request, SellPricedOffers(items), options);
  if (!result.ok()) return result.status();
  json body = EstimateResultToJson(result.value());
  std::map<std::string, const StorefrontItem*> by_id;
  for (const auto& item : items) by_id[item.offer.offer.id] = &item;
  for (auto& e : body.at("estimates")) BuyerFacing(e, by_id, true);
  for (auto& u : body.at("excluded")) BuyerFacing(u, by_id, false);
  return body;
}

}  // namespace gpucat
