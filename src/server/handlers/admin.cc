// Admin operations: POST /v1/admin/sync (start a sync in a child process),
// GET /v1/admin/sync (the last one's outcome), POST /v1/admin/pricing/reload.
// The edge has already checked the bearer token (admin routes).
#include "server/admin.h"

#include "server/handlers/handlers.h"
#include "server/state.h"

namespace gpucat::server::handlers {

namespace {

nlohmann::json RunJson(const SyncRunner::Run& run) {
  using nlohmann::json;
  auto text = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  return json{{"run", run.number},
              {"state", run.state},
              {"started_at", text(run.started_at)},
              {"finished_at", text(run.finished_at)},
              {"exit_code", run.exit_code ? json(*run.exit_code) : json(nullptr)},
              {"detail", text(run.detail)},
              {"output", run.output}};
}

}  // namespace

Result<Reply> AdminStartSync(RequestContext& ctx) {
  auto run = ctx.state->sync_runner.Start();
  if (!run.ok()) return run.status();
  return JsonReply({{"sync", RunJson(run.value())}}, 202);
}

Result<Reply> AdminSyncStatus(RequestContext& ctx) {
  return JsonReply({{"sync", RunJson(ctx.state->sync_runner.Current())}});
}

Result<Reply> AdminReloadPricing(RequestContext& ctx) {
  if (ctx.state->options.pricing_rules_path.empty()) {
    return Status::Error("pricing_not_configured", "this server has no pricing rules file to reload");
  }
  // The same reload as SIGHUP: a file that fails to load leaves the rules in
  // force (ServerState::ReloadPricingRules logs either outcome).
  if (Status st = ctx.state->ReloadPricingRules(); !st.ok()) return st;
  const auto rules = ctx.state->pricing.Get();
  return JsonReply({{"pricing", {{"reloaded", true}, {"digest", rules ? rules->digest() : ""}}}});
}

}  // namespace gpucat::server::handlers
