// GET /v1/estimate: what a job costs at each provider, all in, under each
// offer's billing rule (include/gpucat/estimate.h has the rules).
#include "gpucat/estimate.h"

#include "gpucat/compare.h"
#include "server/handlers/handlers.h"
#include "server/params.h"

namespace gpucat::server::handlers {

Result<Reply> Estimate(RequestContext& ctx) {
  // The route has validated types; the engine's parser checks the rest
  // (duration vs end, ranges) with its own codes, mapped in errors.cc.
  std::map<std::string, std::string> request_params;
  for (const char* name : {"gpu", "gpus", "hours", "seconds", "start", "end", "same_domain", "tax"}) {
    if (auto v = ctx.params.Text(name)) request_params[name] = *v;
  }
  auto request = ParseEstimateRequest(request_params);
  if (!request.ok()) return request.status();
  OfferQuery q;
  q.gpu_model = request.value().gpu_model;
  q.include_stale = ctx.params.Bool("include_stale", true);
  auto offers = ReadAllOffers(*ctx.catalog, q, ctx.now);
  if (!offers.ok()) return offers.status();
  EstimateOptions options;
  options.now = ctx.now;
  auto result = EstimateCost(request.value(), offers.value(), options);
  if (!result.ok()) return result.status();
  nlohmann::json body = EstimateResultToJson(result.value());
  body["catalog_version"] = ctx.catalog_version;
  body["as_of"] = ctx.now;
  return JsonReply(body);
}

}  // namespace gpucat::server::handlers
