#include "server/routes.h"

#include "server/handlers/handlers.h"
#include "server/params.h"

namespace gpucat::server {

namespace {

ParamSpec Limit(int64_t default_value) {
  return ParamSpec::Integer("limit", "how many rows at most", 1, kMaxLimit)
      .RangeError("limit_out_of_range")
      .Default(std::to_string(default_value));
}
ParamSpec Tax() {
  return ParamSpec::Enum("tax", "which amount picks the cheapest offer and orders rows", {"excluded", "included"})
      .Default("excluded");
}
ParamSpec IncludeStale() {
  return ParamSpec::Boolean("include_stale", "include offers not seen within the stale TTL").Default("true");
}

Route Get(std::string path, std::string operation_id, std::vector<ParamSpec> params, Handler handler,
          bool reads_catalog = true, CachePolicy cache = CachePolicy::kRevalidate) {
  Route r;
  r.method = "GET";
  r.path = std::move(path);
  r.operation_id = std::move(operation_id);
  r.params = std::move(params);
  r.handler = std::move(handler);
  r.reads_catalog = reads_catalog;
  r.cache = cache;
  return r;
}

// An admin operation: bearer token first (the edge), never cached, and no
// catalog snapshot (the server's catalog connections are read-only).
Route Admin(std::string method, std::string path, std::string operation_id, Handler handler) {
  Route r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.operation_id = std::move(operation_id);
  r.handler = std::move(handler);
  r.reads_catalog = false;
  r.cache = CachePolicy::kNoStore;
  r.admin = true;
  return r;
}

}  // namespace

const std::vector<Route>& ApiRoutes() {
  namespace h = handlers;
  static const std::vector<Route> routes = {
      Get("/v1/offers", "listOffers", OffersParams(), h::ListOffers),
      Get("/v1/offers/{id}", "getOffer", {}, h::GetOffer),
      Get("/v1/offers/{id}/history", "getOfferHistory", {Limit(100)}, h::OfferHistory),
      Get("/v1/gpus", "listGpus", {Tax(), IncludeStale()}, h::ListGpus),
      Get("/v1/compare", "compareGpu",
          {ParamSpec::String("gpu", "GPU model: canonical id or any alias").Required(), Tax(), IncludeStale()},
          h::Compare),
      Get("/v1/estimate", "estimateCost",
          {ParamSpec::String("gpu", "GPU model: canonical id or any alias").Required(),
           ParamSpec::Integer("gpus", "how many GPUs the job needs", 1, 100000).Required().RangeError("invalid_range"),
           ParamSpec::String("hours", "run length in hours (decimal, a whole number of seconds)"),
           ParamSpec::Integer("seconds", "run length in seconds", 1, 316224000).RangeError("invalid_range"),
           ParamSpec::String("start", "run start: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM] (JST if no zone)"),
           ParamSpec::String("end", "run end (exclusive), same forms as start; instead of hours/seconds"),
           ParamSpec::Boolean("same_domain", "all GPUs in one NVLink domain").Default("false"), Tax(),
           IncludeStale()},
          h::Estimate),
      Get("/v1/providers", "listProviders", {}, h::ListProviders),
      Get("/v1/providers/{name}", "getProvider", {Limit(20)}, h::GetProvider),
      Get("/v1/providers/{name}/rejects", "listProviderRejects", {Limit(100)}, h::ProviderRejects),
      Get("/v1/changes", "listChanges",
          {ParamSpec::Cursor("since", "next_since of the previous page; absent: from the first event"), Limit(100)},
          h::Changes),
      Get("/v1/storefront/offers", "listStorefrontOffers", StorefrontOffersParams(), h::StorefrontOffers),
      Get("/v1/storefront/compare", "compareStorefrontGpu",
          {ParamSpec::String("gpu", "GPU model: canonical id or any alias").Required(), Tax()}, h::StorefrontCompare),
      Get("/v1/storefront/changes", "listStorefrontChanges",
          {ParamSpec::Cursor("since", "next_since of the previous page; absent: from the first event"), Limit(100)},
          h::StorefrontChanges),
      Get("/healthz", "healthz", {}, h::Healthz, false, CachePolicy::kNoStore),
      Get("/readyz", "readyz", {}, h::Readyz, false, CachePolicy::kNoStore),
      Get("/metrics", "metrics", {}, h::MetricsText, false, CachePolicy::kNoStore),
      Get("/openapi.json", "openapi", {}, h::OpenApi, false, CachePolicy::kRevalidate),
      Admin("POST", "/v1/admin/sync", "startSync", h::AdminStartSync),
      Admin("GET", "/v1/admin/sync", "getSync", h::AdminSyncStatus),
      Admin("POST", "/v1/admin/pricing/reload", "reloadPricing", h::AdminReloadPricing),
  };
  return routes;
}

}  // namespace gpucat::server
