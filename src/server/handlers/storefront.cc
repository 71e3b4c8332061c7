// GET /v1/storefront/offers, /v1/storefront/compare, /v1/storefront/changes:
// the catalog as a buyer sees it, in the reseller's sell prices
// (gpucat/storefront.h). No cost figure is ever rendered here: every body is
// built from gpucat/storefront.h views, never from gpucat/view.h's offer JSON.
//
// Each request prices everything with ONE rules set (one Get() of the holder),
// names it in the body (pricing_rules.sha256) and folds its digest into the
// ETag, so a rules reload changes every storefront ETag.
#include "gpucat/storefront.h"

#include <filesystem>

#include "server/handlers/handlers.h"
#include "server/params.h"
#include "server/state.h"

namespace gpucat::server::handlers {

using nlohmann::json;

namespace {

Result<std::shared_ptr<const PricingRules>> RulesInForce(const RequestContext& ctx) {
  auto rules = ctx.state->pricing.Get();
  if (!rules) {
    return Status::Error("storefront_unavailable",
                         "this server has no pricing rules; start gpucat serve with --pricing-rules FILE");
  }
  return rules;
}

json RulesJson(const RequestContext& ctx, const PricingRules& rules) {
  const ServeOptions& o = ctx.state->options;
  PricingRulesSource source;
  source.file = std::filesystem::path(o.pricing_rules_path).filename().string();
  source.bundled_example = o.pricing_rules_bundled_example;
  return PricingRulesJson(rules, source);
}

Reply Priced(const json& body, const PricingRules& rules) {
  Reply r = JsonReply(body);
  r.etag_salt = rules.digest();
  return r;
}

TaxFlag TaxBasis(const ValidParams& p) {
  return p.Text("tax").value_or("excluded") == "included" ? TaxFlag::kIncluded : TaxFlag::kExcluded;
}

}  // namespace

Result<Reply> StorefrontOffers(RequestContext& ctx) {
  auto rules = RulesInForce(ctx);
  if (!rules.ok()) return rules.status();
  const PricingRules& r = *rules.value();
  auto query = ParseOffersQuery(ctx.query);
  if (!query.ok()) return query.status();
  auto page = QueryStorefront(*ctx.catalog, query.value(), r, ctx.now);
  if (!page.ok()) return page.status();
  json offers = json::array();
  for (const auto& item : page.value().items) offers.push_back(StorefrontOfferJson(item.offer, item.sell));
  json echo = OfferQueryToJson(query.value());
  echo.erase("include_stale");  // not a storefront parameter: stale offers are never listed
  const std::string next = ClientCursor(query.value(), page.value().next_cursor);
  return Priced({{"catalog_version", ctx.catalog_version},
                 {"as_of", ctx.now},
                 {"pricing_rules", RulesJson(ctx, r)},
                 {"query", echo},
                 {"count", offers.size()},
                 {"offers", offers},
                 {"next_cursor", next.empty() ? json(nullptr) : json(next)}},
                r);
}

Result<Reply> StorefrontCompare(RequestContext& ctx) {
  auto rules = RulesInForce(ctx);
  if (!rules.ok()) return rules.status();
  const PricingRules& r = *rules.value();
  auto body = gpucat::StorefrontCompare(*ctx.catalog, *ctx.params.Text("gpu"), r, TaxBasis(ctx.params), ctx.now);
  if (!body.ok()) return body.status();
  body.value()["pricing_rules"] = RulesJson(ctx, r);
  return Priced(body.value(), r);
}

Result<Reply> StorefrontChanges(RequestContext& ctx) {
  auto rules = RulesInForce(ctx);
  if (!rules.ok()) return rules.status();
  const PricingRules& r = *rules.value();
  int64_t since = 0;
  if (const auto text = ctx.params.Text("since")) {
    const auto v = ParseStrictInt(*text);
    if (!v || *v < 0) return Status::Error("invalid_cursor", "since must be a next_since from this feed");
    since = *v;
  }
  auto page = StorefrontChangesPage(*ctx.catalog, since, ctx.params.Int("limit").value_or(100), r, ctx.now);
  if (!page.ok()) return page.status();
  return Priced({{"catalog_version", ctx.catalog_version},
                 {"pricing_rules", RulesJson(ctx, r)},
                 {"events", page.value().events},
                 {"next_since", std::to_string(page.value().next_since)},
                 {"has_more", page.value().has_more}},
                r);
}

}  // namespace gpucat::server::handlers
