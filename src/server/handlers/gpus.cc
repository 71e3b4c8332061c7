// GET /v1/gpus and /v1/compare.
#include "gpucat/compare.h"
#include "server/handlers/handlers.h"
#include "server/params.h"

namespace gpucat::server::handlers {

namespace {
TaxFlag TaxBasis(const ValidParams& p) {
  return p.Text("tax").value_or("excluded") == "included" ? TaxFlag::kIncluded : TaxFlag::kExcluded;
}
}  // namespace

Result<Reply> ListGpus(RequestContext& ctx) {
  OfferQuery q;
  q.include_stale = ctx.params.Bool("include_stale", true);
  auto offers = ReadAllOffers(*ctx.catalog, q, ctx.now);
  if (!offers.ok()) return offers.status();
  nlohmann::json body = GpuSummaryToJson(offers.value(), TaxBasis(ctx.params));
  body["catalog_version"] = ctx.catalog_version;
  body["as_of"] = ctx.now;
  return JsonReply(body);
}

Result<Reply> Compare(RequestContext& ctx) {
  CompareOptions options;
  options.tax_basis = TaxBasis(ctx.params);
  options.include_stale = ctx.params.Bool("include_stale", true);
  auto body = CompareGpu(*ctx.catalog, *ctx.params.Text("gpu"), options, ctx.now);
  if (!body.ok()) return body.status();
  return JsonReply(body.value());
}

}  // namespace gpucat::server::handlers
