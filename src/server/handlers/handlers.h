// Handlers, one file per resource. Each is registered once, in routes.cc,
// with its parameters; the edge validates those before calling it and, for
// catalog routes, opens the snapshot the handler reads in.
#pragma once

#include "server/api.h"

namespace gpucat::server::handlers {

// offers.cc
Result<Reply> ListOffers(RequestContext& ctx);
Result<Reply> GetOffer(RequestContext& ctx);
Result<Reply> OfferHistory(RequestContext& ctx);
// gpus.cc
Result<Reply> ListGpus(RequestContext& ctx);
Result<Reply> Compare(RequestContext& ctx);
// providers.cc
Result<Reply> ListProviders(RequestContext& ctx);
Result<Reply> GetProvider(RequestContext& ctx);
Result<Reply> ProviderRejects(RequestContext& ctx);
// changes.cc
Result<Reply> Changes(RequestContext& ctx);
// estimate.cc
Result<Reply> Estimate(RequestContext& ctx);
// storefront.cc
Result<Reply> StorefrontOffers(RequestContext& ctx);
Result<Reply> StorefrontCompare(RequestContext& ctx);
Result<Reply> StorefrontChanges(RequestContext& ctx);
// ops.cc
Result<Reply> Healthz(RequestContext& ctx);
Result<Reply> Readyz(RequestContext& ctx);
Result<Reply> MetricsText(RequestContext& ctx);
Result<Reply> OpenApi(RequestContext& ctx);
// admin.cc (admin routes: the edge checks the bearer token first)
Result<Reply> AdminStartSync(RequestContext& ctx);
Result<Reply> AdminSyncStatus(RequestContext& ctx);
Result<Reply> AdminReloadPricing(RequestContext& ctx);

}  // namespace gpucat::server::handlers
