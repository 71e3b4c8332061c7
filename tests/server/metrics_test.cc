#include "server/metrics.h"

#include <catch2/catch.hpp>

using namespace gpucat;
using namespace gpucat::server;

namespace {
bool Has(const std::string& text, const std::string& line) { return text.find(line + "\n") != std::string::npos; }
}  // namespace

TEST_CASE("Request counters and a cumulative latency histogram per route", "[server][metrics]") {
  Metrics m;
  m.Observe("/v1/offers", "GET", 200, 400);       // <= 0.5 ms
  m.Observe("/v1/offers", "GET", 200, 3000);      // <= 5 ms
  m.Observe("/v1/offers", "GET", 400, 20000000);  // > 5 s: +Inf only
  m.Observe("unmatched", "-", 414, 0);
  const std::string t = m.RenderHttp();
  CHECK(Has(t, "# TYPE gpucat_http_requests_total counter"));
  CHECK(Has(t, "gpucat_http_requests_total{route=\"/v1/offers\",method=\"GET\",status=\"200\"} 2"));
  CHECK(Has(t, "gpucat_http_requests_total{route=\"/v1/offers\",method=\"GET\",status=\"400\"} 1"));
  CHECK(Has(t, "gpucat_http_requests_total{route=\"unmatched\",method=\"-\",status=\"414\"} 1"));
  CHECK(Has(t, "gpucat_http_request_duration_seconds_bucket{route=\"/v1/offers\",le=\"0.000500\"} 1"));
  CHECK(Has(t, "gpucat_http_request_duration_seconds_bucket{route=\"/v1/offers\",le=\"0.002500\"} 1"));
  CHECK(Has(t, "gpucat_http_request_duration_seconds_bucket{route=\"/v1/offers\",le=\"0.005000\"} 2"));
  CHECK(Has(t, "gpucat_http_request_duration_seconds_bucket{route=\"/v1/offers\",le=\"5.000000\"} 2"));
  CHECK(Has(t, "gpucat_http_request_duration_seconds_bucket{route=\"/v1/offers\",le=\"+Inf\"} 3"));
  CHECK(Has(t, "gpucat_http_request_duration_seconds_sum{route=\"/v1/offers\"} 20.003400"));
  CHECK(Has(t, "gpucat_http_request_duration_seconds_count{route=\"/v1/offers\"} 3"));
}

TEST_CASE("Catalog gauges per provider", "[server][metrics]") {
  ProviderStatus p;
  p.provider = "sakura";
  p.active_offers = 4;
  p.listed_offers = 3;
  p.quote_offers = 1;
  p.age_seconds = 3600;
  SyncRun run;
  run.status = "ok";
  p.last_run = run;
  ProviderStatus never;
  never.provider = "new\"prov";
  never.stale = true;
  const std::string t = RenderCatalogMetrics(12, {p, never});
  CHECK(Has(t, "gpucat_catalog_version 12"));
  CHECK(Has(t, "gpucat_provider_offers{provider=\"sakura\",state=\"active\"} 4"));
  CHECK(Has(t, "gpucat_provider_offers{provider=\"sakura\",state=\"quote\"} 1"));
  CHECK(Has(t, "gpucat_provider_last_success_age_seconds{provider=\"sakura\"} 3600"));
  CHECK(t.find("gpucat_provider_last_success_age_seconds{provider=\"new") == std::string::npos);
  CHECK(Has(t, "gpucat_provider_stale{provider=\"new\\\"prov\"} 1"));
  CHECK(Has(t, "gpucat_provider_last_sync_ok{provider=\"sakura\"} 1"));
  CHECK(Has(t, "gpucat_provider_last_sync_ok{provider=\"new\\\"prov\"} 0"));
}

TEST_CASE("Label values are escaped", "[server][metrics]") { CHECK(EscapeLabel("a\\b\"c\nd") == "a\\\\b\\\"c\\nd"); }
