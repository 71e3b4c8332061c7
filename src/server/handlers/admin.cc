// Admin operations: POST /v1/admin/sync (start a sync in a child process),
// GET /v1/admin/sync (the last one's outcome), POST /v1/admin/pricing/reload.
// The edge has already checked the bearer token (admin routes).
#include <spdlog/spdlog.h>

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
  const auto& reload = ctx.state->options.reload_pricing;
  if (!reload) {
    return Status::Error("pricing_not_configured", "this server has no pricing rules file to reload");
  }
  auto digest = reload();
  if (!digest.ok()) {
    spdlog::warn("admin: pricing rules reload failed, previous rules kept: {}", digest.status().ToString());
    return digest.status();
  }
  spdlog::info("admin: pricing rules reloaded (digest {})", digest.value());
  return JsonReply({{"pricing", {{"reloaded", true}, {"digest", digest.value()}}}});
}

}  // namespace gpucat::server::handlers
