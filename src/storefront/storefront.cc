// Storefront views (gpucat/storefront.h): offers, comparison and changes in
// sell prices. Every money figure here comes from a SellPrice; nothing reads
// an offer's amount or normalized cost except PricingRules::Price.
#include "gpucat/storefront.h"

#include <algorithm>
#include <climits>
#include <map>
#include <tuple>

#include "gpucat/compare.h"
#include "gpucat/view.h"

namespace gpucat {

using nlohmann::json;

namespace {

json Opt(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }
json OptText(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

int64_t MemoryGb(const Offer& o) {
  if (o.gpu_memory_gb) return *o.gpu_memory_gb;
  const GpuModel* m = FindGpuModel(o.gpu_model);
  return m ? m->memory_gb : 0;
}

// SellPriceJson plus the per-GPU-hour figures as display strings.
json SellJson(const SellPrice& sell) {
  json j = SellPriceJson(sell);
  if (sell.status == SellStatus::kPriced) {
    const Bilingual inc = GpuHourLabel(*sell.gpu_hour_inc_minor, true);
    const Bilingual ex = GpuHourLabel(*sell.gpu_hour_ex_minor, false);
    j["labels"]["ja"]["gpu_hour_inc_tax"] = inc.ja;
    j["labels"]["ja"]["gpu_hour_ex_tax"] = ex.ja;
    j["labels"]["en"]["gpu_hour_inc_tax"] = inc.en;
    j["labels"]["en"]["gpu_hour_ex_tax"] = ex.en;
  }
  return j;
}

json BillingJson(const Offer& o) {
  return json{{"unit", o.unit ? json(ToString(*o.unit)) : json(nullptr)},
              {"per", ToString(o.per)},
              {"billing_rule", o.billing_rule},
              {"min_billed_seconds", Opt(o.min_billed_seconds)},
              {"min_term_months", Opt(o.min_term_months)}};
}

std::string_view SortName(OfferQuery::Sort s) {
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

// The keyset position of an item under a sort: (key, offer id), the key
// numeric (descending for -price) or text. Mirrors the store's order.
struct SortKey {
  int64_t num = 0;
  std::string text;
  std::string id;
};

SortKey KeyOf(const StorefrontItem& item, const OfferQuery& q) {
  SortKey k;
  k.id = item.offer.offer.id;
  const auto price = SellGpuHour(item.sell, q.tax_basis);
  switch (q.sort) {
    case OfferQuery::Sort::kPrice:
      k.num = price.value_or(INT64_MAX);
      break;  // unpriced last
    case OfferQuery::Sort::kPriceDesc:
      k.num = price.value_or(-1);
      break;  // unpriced last
    case OfferQuery::Sort::kGpus:
      k.num = item.offer.offer.gpus_per_unit;
      break;
    case OfferQuery::Sort::kProvider:
      k.text = item.offer.offer.provider;
      break;
  }
  return k;
}

// a strictly before b.
bool Before(const SortKey& a, const SortKey& b, OfferQuery::Sort sort) {
  if (sort == OfferQuery::Sort::kProvider) return std::tie(a.text, a.id) < std::tie(b.text, b.id);
  if (a.num != b.num) return sort == OfferQuery::Sort::kPriceDesc ? a.num > b.num : a.num < b.num;
  return a.id < b.id;
}

std::string Hex(const std::string& s) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

std::optional<std::string> Unhex(const std::string& s) {
  if (s.size() % 2) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < s.size(); i += 2) {
    const int hi = nibble(s[i]), lo = nibble(s[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

constexpr std::string_view kCursorTag = "sf1";

std::string EncodeCursor(const SortKey& k, OfferQuery::Sort sort) {
  const std::string key = sort == OfferQuery::Sort::kProvider ? k.text : std::to_string(k.num);
  return Hex(std::string(kCursorTag) + "~" + std::string(SortName(sort)) + "~" + key + "~" + k.id);
}

Result<SortKey> DecodeCursor(const std::string& cursor, OfferQuery::Sort sort) {
  const Status bad = Status::Error("invalid_cursor", "cursor is malformed or belongs to another sort order");
  const auto raw = Unhex(cursor);
  if (!raw) return bad;
  std::vector<std::string> parts;
  size_t at = 0;
  for (int i = 0; i < 3; ++i) {
    const size_t tilde = raw->find('~', at);
    if (tilde == std::string::npos) return bad;
    parts.push_back(raw->substr(at, tilde - at));
    at = tilde + 1;
  }
  parts.push_back(raw->substr(at));
  if (parts[0] != kCursorTag || parts[1] != SortName(sort) || parts[3].empty()) return bad;
  SortKey k;
  k.id = parts[3];
  if (sort == OfferQuery::Sort::kProvider) {
    k.text = parts[2];
  } else {
    const std::string& n = parts[2];
    const bool digits =
        !n.empty() && n.size() <= 19 &&
        std::all_of(n.begin() + (n[0] == '-' ? 1 : 0), n.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || n == "-") return bad;
    try {
      k.num = std::stoll(n);
    } catch (...) {
      return bad;
    }
  }
  return k;
}

// The sellable offers among `offers` under `rules`.
std::vector<StorefrontItem> OnSaleItems(std::vector<StoredOffer> offers, const PricingRules& rules) {
  std::vector<StorefrontItem> out;
  for (auto& so : offers) {
    SellPrice sell = rules.Price(so.offer);
    if (OnSale(so, sell)) out.push_back({std::move(so), std::move(sell)});
  }
  return out;
}

json CompareRow(const GpuModel& model, const StorefrontItem& item, int64_t offers_in_group) {
  const Offer& o = item.offer.offer;
  const SellPrice& s = item.sell;
  const int64_t mem = MemoryGb(o);
  auto both = [](const std::optional<int64_t>& ex, const std::optional<int64_t>& inc) {
    return json{{"ex_tax", MoneyJson(ex)}, {"inc_tax", MoneyJson(inc)}};
  };
  return json{
      {"provider", o.provider},
      {"provider_name", ToJson(ProviderName(o.provider))},
      {"product", o.product},
      {"product_name", ToJson(ProductName(o.product))},
      {"price_status", ToString(s.status)},
      {"offers_in_group", offers_in_group},
      {"offer_id", o.id},
      {"title", ToJson(OfferTitle(o))},
      {"gpu_count", o.gpus_per_unit},
      {"gpu_memory_gb", mem},
      {"gpu_hour", both(s.gpu_hour_ex_minor, s.gpu_hour_inc_minor)},
      {"per_gpu_memory_gb_hour",
       both(PricePerGpuMemoryGbHour(s.gpu_hour_ex_minor, mem), PricePerGpuMemoryGbHour(s.gpu_hour_inc_minor, mem))},
      {"per_fp8_pflops_hour", both(PricePerFp8PflopsHour(s.gpu_hour_ex_minor, model.fp8_dense_tflops),
                                   PricePerFp8PflopsHour(s.gpu_hour_inc_minor, model.fp8_dense_tflops))},
      {"sell_price", SellJson(s)},
      {"billing", BillingJson(o)},
      {"availability", ToString(o.availability)},
      {"offer", StorefrontOfferJson(item.offer, s)},
  };
}

// The event's price fields (the store's PriceJson) laid over `current`.
Offer Overlay(const Offer& current, const json& side) {
  Offer o = current;
  if (side.contains("price_status")) {
    if (auto v = ParsePriceStatus(side.value("price_status", ""))) o.price_status = *v;
  }
  if (side.contains("amount")) {
    o.amount.reset();
    if (side["amount"].is_string()) {
      if (auto d = ParseDecimal(side["amount"].get<std::string>()); d.ok()) o.amount = d.value();
    }
  }
  if (side.contains("tax")) {
    if (auto v = ParseTaxFlag(side.value("tax", ""))) o.tax = *v;
  }
  if (side.contains("unit"))
    o.unit = side["unit"].is_string() ? ParseTimeUnit(side["unit"].get<std::string>()) : std::nullopt;
  if (side.contains("per")) {
    if (auto v = ParsePricePer(side.value("per", ""))) o.per = *v;
  }
  auto opt_int = [&](const char* key, std::optional<int64_t>& field) {
    if (side.contains(key))
      field = side[key].is_number_integer() ? std::optional<int64_t>(side[key].get<int64_t>()) : std::nullopt;
  };
  opt_int("min_billed_seconds", o.min_billed_seconds);
  opt_int("min_term_months", o.min_term_months);
  if (side.contains("billing_rule") && side["billing_rule"].is_string()) o.billing_rule = side["billing_rule"];
  return o;
}

bool HasPrice(const json& side) { return side.is_object() && side.contains("price_status"); }

}  // namespace

json PricingRulesJson(const PricingRules& rules, const PricingRulesSource& source) {
  return json{{"file", source.file},
              {"source", source.bundled_example ? "bundled_example" : "configured"},
              {"sha256", rules.digest()},
              {"tax_rate_percent", kJapanStandardTax.rate_percent},
              {"tax_rounding", "down"}};
}

std::optional<int64_t> SellGpuHour(const SellPrice& sell, TaxFlag basis) {
  if (sell.status != SellStatus::kPriced) return std::nullopt;
  return basis == TaxFlag::kIncluded ? sell.gpu_hour_inc_minor : sell.gpu_hour_ex_minor;
}

bool OnSale(const StoredOffer& so, const SellPrice& sell) {
  return so.status == "active" && !so.stale && sell.sellable();
}

json StorefrontOfferJson(const StoredOffer& so, const SellPrice& sell) {
  const Offer& o = so.offer;
  const GpuModel* model = FindGpuModel(o.gpu_model);
  return json{
      {"id", o.id},
      {"group_id", o.group_id},
      {"provider", o.provider},
      {"provider_name", ToJson(ProviderName(o.provider))},
      {"product", o.product},
      {"product_name", ToJson(ProductName(o.product))},
      {"plan", o.plan},
      {"title", ToJson(OfferTitle(o))},
      {"gpu",
       {{"model", o.gpu_model},
        {"model_name", model ? json(model->name) : json(nullptr)},
        {"name", o.gpu_name},
        {"count", o.gpus_per_unit},
        {"memory_gb", MemoryGb(o)},
        {"memory_stated", o.gpu_memory_gb.has_value()}}},
      {"host", {{"vcpus", Opt(o.vcpus)}, {"ram_gb", Opt(o.ram_gb)}, {"storage", OptText(o.storage)}}},
      {"interconnect",
       {{"nvlink_domain_gpus", Opt(o.nvlink_domain_gpus)},
        {"fabric", OptText(o.fabric)},
        {"fabric_gbps", Opt(o.fabric_gbps)}}},
      {"location",
       {{"zone", o.zone}, {"site", o.site}, {"prefecture", o.prefecture}, {"label", ToJson(LocationLabel(o))}}},
      {"billing", BillingJson(o)},
      {"price_status", ToString(sell.status)},
      {"sell_price", SellJson(sell)},
      {"price_valid", {{"from", OptText(o.valid_from)}, {"to", OptText(o.valid_to)}}},
      {"availability",
       {{"status", ToString(o.availability)},
        {"units_free", Opt(o.units_free)},
        {"observed_at", OptText(o.availability_observed_at)}}},
      {"freshness",
       {{"last_seen", so.last_seen},
        {"age_seconds", so.age_seconds},
        {"source_as_of", OptText(o.provenance.as_of)},
        {"fetched_at", OptText(o.provenance.fetched_at)},
        {"source_kind", ToString(o.provenance.kind)}}},
  };
}

Result<StorefrontPage> QueryStorefront(Catalog& catalog, const OfferQuery& query, const PricingRules& rules,
                                       const std::string& now) {
  std::optional<SortKey> after;
  if (!query.cursor.empty()) {
    auto k = DecodeCursor(query.cursor, query.sort);
    if (!k.ok()) return k.status();
    after = k.value();
  }
  // The store filters on everything but price; price is the sell price's.
  OfferQuery q = query;
  q.include_stale = false;
  q.include_withdrawn = false;
  q.max_gpu_hour_minor.reset();
  q.sort = OfferQuery::Sort::kProvider;
  auto offers = ReadAllOffers(catalog, q, now);
  if (!offers.ok()) return offers.status();

  std::vector<std::pair<SortKey, StorefrontItem>> rows;
  for (auto& item : OnSaleItems(std::move(offers).value(), rules)) {
    if (query.max_gpu_hour_minor) {
      const auto p = SellGpuHour(item.sell, query.tax_basis);
      if (!p || *p > *query.max_gpu_hour_minor) continue;
    }
    SortKey k = KeyOf(item, query);
    if (after && !Before(*after, k, query.sort)) continue;
    rows.emplace_back(std::move(k), std::move(item));
  }
  std::sort(rows.begin(), rows.end(),
            [&](const auto& a, const auto& b) { return Before(a.first, b.first, query.sort); });

  StorefrontPage page;
  const size_t limit = static_cast<size_t>(std::max<int64_t>(query.limit, 1));
  for (size_t i = 0; i < rows.size() && i < limit; ++i) page.items.push_back(std::move(rows[i].second));
  if (rows.size() > limit) page.next_cursor = EncodeCursor(rows[limit - 1].first, query.sort);
  return page;
}

json StorefrontCompareJson(const GpuModel& model, const std::vector<StorefrontItem>& items, TaxFlag basis) {
  struct Group {
    const StorefrontItem* best = nullptr;  // cheapest priced, else the quote with the lowest id
    int64_t count = 0;
  };
  auto cheaper = [&](const StorefrontItem& a, const StorefrontItem& b) {
    const auto pa = SellGpuHour(a.sell, basis), pb = SellGpuHour(b.sell, basis);
    if (pa && pb) return std::tie(*pa, a.offer.offer.id) < std::tie(*pb, b.offer.offer.id);
    if (pa || pb) return pa.has_value();
    return a.offer.offer.id < b.offer.offer.id;
  };
  std::map<std::pair<std::string, std::string>, Group> groups;
  for (const auto& item : items) {
    const Offer& o = item.offer.offer;
    if (o.gpu_model != model.id || !OnSale(item.offer, item.sell)) continue;
    Group& g = groups[{o.provider, o.product}];
    ++g.count;
    if (g.best == nullptr || cheaper(item, *g.best)) g.best = &item;
  }
  std::vector<const Group*> priced, quoted;
  for (const auto& [key, g] : groups) (SellGpuHour(g.best->sell, basis) ? priced : quoted).push_back(&g);
  std::sort(priced.begin(), priced.end(), [&](const Group* a, const Group* b) {
    const Offer &x = a->best->offer.offer, &y = b->best->offer.offer;
    const int64_t px = *SellGpuHour(a->best->sell, basis), py = *SellGpuHour(b->best->sell, basis);
    return std::tie(px, x.provider, x.product) < std::tie(py, y.provider, y.product);
  });
  json rows = json::array();
  for (const auto* list : {&priced, &quoted}) {
    for (const Group* g : *list) rows.push_back(CompareRow(model, *g->best, g->count));
  }
  return json{
      {"gpu", GpuModelToJson(model)}, {"tax_basis", ToString(basis)}, {"minor_unit", "1/10000 JPY"}, {"rows", rows}};
}

Result<json> StorefrontCompare(Catalog& catalog, std::string_view gpu, const PricingRules& rules, TaxFlag basis,
                               const std::string& now) {
  const auto id = ResolveGpuModel(gpu);
  const GpuModel* model = id ? FindGpuModel(*id) : nullptr;
  if (model == nullptr) return Status::Error("unknown_gpu", "no GPU model is called \"" + std::string(gpu) + "\"");
  OfferQuery q;
  q.gpu_model = model->id;
  q.include_stale = false;
  json out;
  Status st = catalog.ReadSnapshot([&]() -> Status {
    const int64_t version = catalog.CatalogVersion();
    auto offers = ReadAllOffers(catalog, q, now);
    if (!offers.ok()) return offers.status();
    out = StorefrontCompareJson(*model, OnSaleItems(std::move(offers).value(), rules), basis);
    out["catalog_version"] = version;
    out["as_of"] = now;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

std::optional<json> StorefrontChangeJson(const ChangeEvent& e, const StoredOffer& current, const PricingRules& rules) {
  const json before = json::parse(e.before_json, nullptr, false);
  const json after = json::parse(e.after_json, nullptr, false);
  // One side in sell prices: the sell price and billing terms, or null when
  // the side holds no price (the "before" of a new offer, the "after" of a
  // withdrawal). The sellable flag says whether the storefront sold it then.
  auto price_side = [&](const json& side, bool* sellable) -> json {
    if (!HasPrice(side)) return nullptr;
    const Offer o = Overlay(current.offer, side);
    const SellPrice sell = rules.Price(o);
    *sellable = sell.sellable();
    if (!sell.sellable()) return nullptr;
    json j = {{"price_status", ToString(sell.status)}, {"sell_price", SellJson(sell)}, {"billing", BillingJson(o)}};
    if (side.contains("availability")) j["availability"] = side["availability"];
    return j;
  };
  bool sold_before = false, sold_after = false;
  json b = nullptr, a = nullptr;
  if (e.kind == "availability_changed") {
    sold_before = sold_after = rules.Price(current.offer).sellable();
    b = json{{"availability", before.value("availability", "unknown")}};
    a = json{{"availability", after.value("availability", "unknown")}};
  } else {
    b = price_side(before, &sold_before);
    a = price_side(after, &sold_after);
    if (e.kind == "price_changed" && b == a) return std::nullopt;  // the rules absorb the change
  }
  if (!sold_before && !sold_after) return std::nullopt;
  return json{{"seq", e.seq},
              {"offer_id", e.offer_id},
              {"provider", e.provider},
              {"title", ToJson(OfferTitle(current.offer))},
              {"kind", e.kind},
              {"at", e.at},
              {"catalog_version", e.catalog_version},
              {"before", b},
              {"after", a}};
}

Result<StorefrontChanges> StorefrontChangesPage(Catalog& catalog, int64_t since, int64_t limit,
                                                const PricingRules& rules, const std::string& now) {
  StorefrontChanges out;
  out.next_since = since;
  const int64_t batch = std::clamp<int64_t>(limit, 1, 500);
  std::map<std::string, std::optional<StoredOffer>> offers;  // by id; nullopt: not in the catalog
  Status st = catalog.ReadSnapshot([&]() -> Status {
    int64_t scanned = 0, emitted = 0;
    while (true) {
      auto events = catalog.Changes(out.next_since, batch + 1);
      if (!events.ok()) return events.status();
      const bool batch_more = static_cast<int64_t>(events.value().size()) > batch;
      if (batch_more) events.value().pop_back();
      for (const auto& e : events.value()) {
        if (emitted == limit || scanned == kMaxScannedEvents) {
          out.has_more = true;
          return Status::Ok();
        }
        ++scanned;
        out.next_since = e.seq;
        auto it = offers.find(e.offer_id);
        if (it == offers.end()) {
          auto got = catalog.GetOffer(e.offer_id, now);
          if (!got.ok() && got.status().code() != "offer_not_found") return got.status();
          it = offers.emplace(e.offer_id, got.ok() ? std::optional<StoredOffer>(std::move(got).value()) : std::nullopt)
                   .first;
        }
        if (!it->second) continue;
        if (auto j = StorefrontChangeJson(e, *it->second, rules)) {
          out.events.push_back(std::move(*j));
          ++emitted;
        }
      }
      if (!batch_more) return Status::Ok();
    }
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace gpucat
