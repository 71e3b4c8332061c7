// The reseller storefront: catalog offers as a buyer sees them, in the
// reseller's sell prices (gpucat/pricing.h), for GET /v1/storefront/* and the
// web catalog page.
//
// What a buyer can act on: an offer that is active (not withdrawn), not stale
// past the TTL, and that the rules in force sell (priced, or a quote shown as
// お問い合わせ / "Contact us"). Offers no rule prices are left out.
//
// What never leaves through here: cost. No published amount, no normalized
// cost figure, no provider notes (they quote the provider's prices), no source
// URL or document hash (they lead to the provider's price list), no rule id.
// Every money figure in these views is a sell price from SellPriceJson or a
// figure derived from one. tests/storefront/leak_test.cc scans every storefront
// response for every cost figure of the catalog.
//
// Titles, provider, product and location names come in Japanese and English
// ({"ja": ..., "en": ...}); a Japanese name with no known English form is
// shown as it is in both rather than invented.
//
// Thread-safety: pure functions, except those taking a Catalog&, which use it
// from the calling thread.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gpucat/catalog.h"
#include "gpucat/gpu_models.h"
#include "gpucat/pricing.h"

namespace gpucat {

struct Bilingual {
  std::string ja, en;
};
nlohmann::json ToJson(const Bilingual& b);  // {"ja": ..., "en": ...}

Bilingual ProviderName(std::string_view provider);  // sakura -> さくらインターネット / SAKURA internet
Bilingual ProductName(std::string_view product);    // koukaryoku-phy -> 高火力 PHY / Koukaryoku PHY (bare metal)
// "北海道 石狩第1（is1a）" / "Ishikari 1, Hokkaido (is1a)"; "非公開" / "not stated" when none.
Bilingual LocationLabel(const Offer& offer);
// Japanese: the provider's display name. English: the same with known
// Japanese terms translated, else "<product> <GPU> ×<count>".
Bilingual OfferTitle(const Offer& offer);
// A sell price per GPU-hour for display, to the sen (2 decimals, halves away
// from zero): "¥548.02/GPU時間（税込）" / "¥548.02 per GPU-hour incl. tax".
Bilingual GpuHourLabel(int64_t minor, bool inc_tax);

// Where the rules in force come from, for the feed's metadata. `file` is a
// base name: a public feed does not publish the server's paths.
struct PricingRulesSource {
  std::string file;              // "pricing-rules.example.json"
  bool bundled_example = false;  // no rules configured: the documented example is in force
};
// {"file", "source": "configured"|"bundled_example", "sha256", "tax_rate_percent", "tax_rounding"}
nlohmann::json PricingRulesJson(const PricingRules& rules, const PricingRulesSource& source);

// The sell price per GPU-hour on a tax basis (kIncluded or kExcluded), in
// 1/10,000 JPY; nullopt unless priced.
std::optional<int64_t> SellGpuHour(const SellPrice& sell, TaxFlag basis);

// Active, not stale, and sellable under the rules.
bool OnSale(const StoredOffer& offer, const SellPrice& sell);

// The storefront JSON of one offer (docs/api.md "Storefront"; schema
// StorefrontOffer in schema/openapi.json).
nlohmann::json StorefrontOfferJson(const StoredOffer& offer, const SellPrice& sell);

struct StorefrontItem {
  StoredOffer offer;
  SellPrice sell;
};
struct StorefrontPage {
  std::vector<StorefrontItem> items;
  std::string next_cursor;  // "" on the last page; opaque, see QueryStorefront
};

// The storefront's page of `query`: the query's filters (stale and withdrawn
// offers are always excluded; include_stale is ignored), except that
// `max_gpu_hour_minor` and the price sorts apply to SELL prices per GPU-hour on
// `query.tax_basis`. Order: as /v1/offers (sort key, then offer id; offers
// without a price last in both price orders). `query.cursor` is "" or a
// next_cursor of this function for the same query; keyset pagination, so a
// reload of the rules between pages neither repeats nor skips an offer whose
// sell price did not move. Error "invalid_cursor"; the catalog's read errors.
Result<StorefrontPage> QueryStorefront(Catalog& catalog, const OfferQuery& query, const PricingRules& rules,
                                       const std::string& now);

// The side-by-side comparison of one GPU model in sell prices: per provider and
// product, its cheapest priced offer on `basis` (then the lowest id); products
// whose offers of this model are all quotes follow as quote rows, by provider
// and product. {"gpu", "tax_basis", "rows": [...]}.
nlohmann::json StorefrontCompareJson(const GpuModel& model, const std::vector<StorefrontItem>& items, TaxFlag basis);
// Resolves `gpu` (id or alias), reads its offers in one snapshot and compares.
// Errors: "unknown_gpu"; the catalog's.
Result<nlohmann::json> StorefrontCompare(Catalog& catalog, std::string_view gpu, const PricingRules& rules,
                                         TaxFlag basis, const std::string& now);

// One catalog change event in sell prices: the event's price sides overlaid on
// the offer as it is now, priced with `rules`. nullopt when the storefront
// sells the offer on neither side, and for a price_changed event whose sell
// price and terms are the same on both sides (a cost change the rules absorb).
std::optional<nlohmann::json> StorefrontChangeJson(const ChangeEvent& event, const StoredOffer& current,
                                                   const PricingRules& rules);

struct StorefrontChanges {
  nlohmann::json events = nlohmann::json::array();
  int64_t next_since = 0;
  bool has_more = false;
};
// Events after `since`, at most `limit` of them, skipping those
// StorefrontChangeJson leaves out. Scans at most kMaxScannedEvents catalog
// events per call; a page may then be short with has_more = true.
inline constexpr int64_t kMaxScannedEvents = 5000;
Result<StorefrontChanges> StorefrontChangesPage(Catalog& catalog, int64_t since, int64_t limit,
                                                const PricingRules& rules, const std::string& now);

}  // namespace gpucat
