#include "server/metrics.h"

#include <cstdio>

namespace gpucat::server {

namespace {

// Seconds with microsecond precision, without floating point.
std::string Seconds(int64_t micros) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%lld.%06lld", static_cast<long long>(micros / 1000000),
                static_cast<long long>(micros % 1000000));
  return buf;
}

}  // namespace

const std::vector<int64_t>& Metrics::BucketsMicros() {
  static const std::vector<int64_t> b = {500,    1000,   2500,   5000,    10000,   25000,  50000,
                                         100000, 250000, 500000, 1000000, 2500000, 5000000};
  return b;
}

void Metrics::Observe(const std::string& route, const std::string& method, int status, int64_t micros) {
  if (micros < 0) micros = 0;
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{route, method, status}];
  Histogram& h = latency_[route];
  if (h.counts.empty()) h.counts.assign(BucketsMicros().size() + 1, 0);
  size_t i = 0;
  while (i < BucketsMicros().size() && micros > BucketsMicros()[i]) ++i;
  ++h.counts[i];
  h.sum_micros += micros;
  ++h.count;
}

std::string Metrics::RenderHttp() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  out += "# HELP gpucat_http_requests_total HTTP requests answered, by route template, method and status.\n";
  out += "# TYPE gpucat_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    out += "gpucat_http_requests_total{route=\"" + EscapeLabel(route) + "\",method=\"" + EscapeLabel(method) +
           "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP gpucat_http_request_duration_seconds Time from request parsed to response written, by route.\n";
  out += "# TYPE gpucat_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    const std::string label = "route=\"" + EscapeLabel(route) + "\"";
    int64_t cumulative = 0;
    for (size_t i = 0; i < h.counts.size(); ++i) {
      cumulative += h.counts[i];
      const std::string le = i < BucketsMicros().size() ? Seconds(BucketsMicros()[i]) : "+Inf";
      out += "gpucat_http_request_duration_seconds_bucket{";
      out += label;
      out += ",le=\"" + le + "\"} " + std::to_string(cumulative) + "\n";
    }
    out += "gpucat_http_request_duration_seconds_sum{" + label + "} " + Seconds(h.sum_micros) + "\n";
    out += "gpucat_http_request_duration_seconds_count{" + label + "} " + std::to_string(h.count) + "\n";
  }
  return out;
}

std::string RenderCatalogMetrics(int64_t catalog_version, const std::vector<ProviderStatus>& providers) {
  std::string out;
  out += "# HELP gpucat_catalog_version Catalog version the server reads (bumped by every sync that changes offers).\n";
  out += "# TYPE gpucat_catalog_version gauge\n";
  out += "gpucat_catalog_version " + std::to_string(catalog_version) + "\n";
  out +=
      "# HELP gpucat_provider_offers Offers per provider and state (listed, quote and stale are subsets of active).\n";
  out += "# TYPE gpucat_provider_offers gauge\n";
  for (const auto& p : providers) {
    const std::string prov = "provider=\"" + EscapeLabel(p.provider) + "\"";
    for (const auto& [state, n] : {std::pair{"active", p.active_offers}, std::pair{"listed", p.listed_offers},
                                   std::pair{"quote", p.quote_offers}, std::pair{"stale", p.stale_offers},
                                   std::pair{"withdrawn", p.withdrawn_offers}}) {
      out += "gpucat_provider_offers{" + prov + ",state=\"" + state + "\"} " + std::to_string(n) + "\n";
    }
  }
  out +=
      "# HELP gpucat_provider_last_success_age_seconds Seconds since a source of the provider was last read "
      "successfully (absent if never).\n";
  out += "# TYPE gpucat_provider_last_success_age_seconds gauge\n";
  for (const auto& p : providers) {
    if (!p.age_seconds) continue;
    out += "gpucat_provider_last_success_age_seconds{provider=\"" + EscapeLabel(p.provider) + "\"} " +
           std::to_string(*p.age_seconds) + "\n";
  }
  out += "# HELP gpucat_provider_stale 1 if the provider's data is older than the stale TTL or was never synced.\n";
  out += "# TYPE gpucat_provider_stale gauge\n";
  for (const auto& p : providers) {
    out += "gpucat_provider_stale{provider=\"" + EscapeLabel(p.provider) + "\"} " + (p.stale ? "1" : "0") + "\n";
  }
  out += "# HELP gpucat_provider_last_sync_ok 1 if the provider's last sync run succeeded fully.\n";
  out += "# TYPE gpucat_provider_last_sync_ok gauge\n";
  for (const auto& p : providers) {
    const bool ok = p.last_run && p.last_run->status == "ok";
    out += "gpucat_provider_last_sync_ok{provider=\"" + EscapeLabel(p.provider) + "\"} " + (ok ? "1" : "0") + "\n";
  }
  return out;
}

std::string EscapeLabel(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out.push_back(c);
  }
  return out;
}

}  // namespace gpucat::server
