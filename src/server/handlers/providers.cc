// GET /v1/providers, /v1/providers/{name}, /v1/providers/{name}/rejects.
#include "gpucat/view.h"
#include "server/handlers/handlers.h"
#include "server/params.h"

namespace gpucat::server::handlers {

using nlohmann::json;

namespace {
Result<ProviderStatus> FindProvider(RequestContext& ctx) {
  const std::string& name = ctx.path.at("name");
  auto all = ctx.catalog->Providers(ctx.now);
  if (!all.ok()) return all.status();
  for (auto& p : all.value()) {
    if (p.provider == name) return std::move(p);
  }
  return Status::Error("unknown_provider", "no provider \"" + name + "\" in the catalog");
}
}  // namespace

Result<Reply> ListProviders(RequestContext& ctx) {
  auto all = ctx.catalog->Providers(ctx.now);
  if (!all.ok()) return all.status();
  json rows = json::array();
  for (const auto& p : all.value()) rows.push_back(ProviderToJson(p));
  return JsonReply({{"catalog_version", ctx.catalog_version}, {"as_of", ctx.now}, {"providers", rows}});
}

Result<Reply> GetProvider(RequestContext& ctx) {
  auto p = FindProvider(ctx);
  if (!p.ok()) return p.status();
  auto runs = ctx.catalog->SyncRuns(p.value().provider, ctx.params.Int("limit").value_or(20));
  if (!runs.ok()) return runs.status();
  json rows = json::array();
  for (const auto& r : runs.value()) rows.push_back(SyncRunToJson(r));
  return JsonReply({{"catalog_version", ctx.catalog_version},
                    {"as_of", ctx.now},
                    {"provider", ProviderToJson(p.value())},
                    {"recent_syncs", rows}});
}

Result<Reply> ProviderRejects(RequestContext& ctx) {
  auto p = FindProvider(ctx);
  if (!p.ok()) return p.status();
  auto rejects = ctx.catalog->Rejects(p.value().provider, ctx.params.Int("limit").value_or(100));
  if (!rejects.ok()) return rejects.status();
  json rows = json::array();
  for (const auto& r : rejects.value()) rows.push_back(RejectToJson(r));
  return JsonReply({{"catalog_version", ctx.catalog_version}, {"provider", p.value().provider}, {"rejects", rows}});
}

}  // namespace gpucat::server::handlers
