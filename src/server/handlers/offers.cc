// GET /v1/offers, /v1/offers/{id}, /v1/offers/{id}/history.
#include "gpucat/view.h"
#include "server/handlers/handlers.h"
#include "server/params.h"

namespace gpucat::server::handlers {

using nlohmann::json;

Result<Reply> ListOffers(RequestContext& ctx) {
  auto query = ParseOffersQuery(ctx.query);
  if (!query.ok()) return query.status();
  auto page = ctx.catalog->QueryOffers(query.value(), ctx.now);
  if (!page.ok()) return page.status();
  json offers = json::array();
  for (const auto& so : page.value().offers) offers.push_back(OfferToJson(so));
  const std::string next = ClientCursor(query.value(), page.value().next_cursor);
  return JsonReply({{"catalog_version", ctx.catalog_version},
                    {"as_of", ctx.now},
                    {"query", OfferQueryToJson(query.value())},
                    {"count", offers.size()},
                    {"offers", offers},
                    {"next_cursor", next.empty() ? json(nullptr) : json(next)}});
}

Result<Reply> GetOffer(RequestContext& ctx) {
  auto offer = ctx.catalog->GetOffer(ctx.path.at("id"), ctx.now);
  if (!offer.ok()) return offer.status();
  return JsonReply(
      {{"catalog_version", ctx.catalog_version}, {"as_of", ctx.now}, {"offer", OfferToJson(offer.value())}});
}

Result<Reply> OfferHistory(RequestContext& ctx) {
  const std::string& id = ctx.path.at("id");
  auto history = ctx.catalog->OfferHistory(id, ctx.params.Int("limit").value_or(100));
  if (!history.ok()) return history.status();
  json rows = json::array();
  for (const auto& h : history.value()) rows.push_back(HistoryToJson(h));
  return JsonReply({{"catalog_version", ctx.catalog_version}, {"offer_id", id}, {"history", rows}});
}

}  // namespace gpucat::server::handlers
