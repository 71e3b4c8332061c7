// Request metrics for GET /metrics (Prometheus text format 0.0.4).
// Thread-safe: Observe is called by every worker after each response.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "gpucat/catalog.h"

namespace gpucat::server {

class Metrics {
 public:
  // `route` is a route template ("/v1/offers/{id}") or "unmatched": never a
  // raw path, so that label cardinality stays bounded.
  void Observe(const std::string& route, const std::string& method, int status, int64_t micros);
  // gpucat_http_requests_total and gpucat_http_request_duration_seconds.
  std::string RenderHttp() const;

  // Upper bounds of the latency histogram, in microseconds.
  static const std::vector<int64_t>& BucketsMicros();

 private:
  struct Histogram {
    std::vector<int64_t> counts;  // per bucket (not cumulative), +Inf last
    int64_t sum_micros = 0;
    int64_t count = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, int64_t> requests_;  // (route, method, status)
  std::map<std::string, Histogram> latency_;                               // by route
};

// Catalog gauges: version, offers per provider and state, last successful
// sync age, staleness and last sync status per provider.
std::string RenderCatalogMetrics(int64_t catalog_version, const std::vector<ProviderStatus>& providers);

// A Prometheus label value with \, " and newline escaped.
std::string EscapeLabel(const std::string& value);

}  // namespace gpucat::server
