// Operations: /healthz, /readyz, /metrics, /openapi.json. None of them goes
// through the edge's catalog snapshot: health must not depend on the catalog,
// and readiness and metrics report a catalog failure instead of failing.
#include <spdlog/spdlog.h>

#include "server/handlers/handlers.h"
#include "server/metrics.h"
#include "server/openapi.h"
#include "server/state.h"

namespace gpucat::server::handlers {

Result<Reply> Healthz(RequestContext&) { return JsonReply({{"status", "ok"}}); }

Result<Reply> Readyz(RequestContext& ctx) {
  auto lease = ctx.state->pool.Acquire();
  if (!lease.ok()) {
    spdlog::warn("readyz: {}", lease.status().ToString());
    return Status::Error("not_ready", "the catalog cannot be opened (" + lease.status().code() + ")");
  }
  Catalog& catalog = *lease.value();
  int64_t version = 0;
  int schema = 0;
  Status st = catalog.ReadSnapshot([&]() -> Status {
    schema = catalog.SchemaVersion();
    version = catalog.CatalogVersion();
    return Status::Ok();
  });
  if (!st.ok() || schema != Catalog::LatestSchemaVersion()) {
    spdlog::warn("readyz: schema {} (want {}): {}", schema, Catalog::LatestSchemaVersion(), st.ToString());
    return Status::Error(
        "not_ready", "the catalog is not readable at schema version " + std::to_string(Catalog::LatestSchemaVersion()));
  }
  Reply r = JsonReply({{"status", "ready"}, {"catalog_version", version}, {"schema_version", schema}});
  r.headers.emplace_back("X-Catalog-Version", std::to_string(version));
  return r;
}

Result<Reply> MetricsText(RequestContext& ctx) {
  std::string text =
      "# HELP gpucat_build_info gpucat version.\n# TYPE gpucat_build_info gauge\n"
      "gpucat_build_info{version=\"" GPUCAT_VERSION "\"} 1\n";
  text += ctx.state->metrics.RenderHttp();
  bool up = false;
  if (auto lease = ctx.state->pool.Acquire(); lease.ok()) {
    Catalog& catalog = *lease.value();
    std::string gauges;
    Status st = catalog.ReadSnapshot([&]() -> Status {
      const int64_t version = catalog.CatalogVersion();
      auto providers = catalog.Providers(ctx.now);
      if (!providers.ok()) return providers.status();
      gauges = RenderCatalogMetrics(version, providers.value());
      return Status::Ok();
    });
    up = st.ok();
    if (up)
      text += gauges;
    else
      spdlog::warn("metrics: catalog read failed: {}", st.ToString());
  }
  text += "# HELP gpucat_catalog_up 1 if the catalog could be read for this scrape.\n# TYPE gpucat_catalog_up gauge\n";
  text += std::string("gpucat_catalog_up ") + (up ? "1" : "0") + "\n";
  Reply r;
  r.content_type = "text/plain; version=0.0.4";
  r.body = std::move(text);
  return r;
}

Result<Reply> OpenApi(RequestContext&) {
  Reply r;
  r.body = OpenApiDocument();
  return r;
}

}  // namespace gpucat::server::handlers
