// State shared by the edge and the handlers of one Server: its options, its
// read-only catalog connections, its metrics, the pricing rules in force and
// the admin sync runner.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gpucat/catalog.h"
#include "gpucat/pricing.h"
#include "gpucat/server.h"
#include "server/admin.h"
#include "server/metrics.h"
#include "server/response_cache.h"

namespace gpucat::server {

// Read-only Catalog connections, one per concurrently running request: a
// Catalog is not thread-safe, and SQLite connections are cheap to keep. The
// pool grows to the number of worker threads and no further.
class CatalogPool {
 public:
  class Lease {
   public:
    Lease(CatalogPool* pool, std::unique_ptr<Catalog> catalog) : pool_(pool), catalog_(std::move(catalog)) {}
    Lease(Lease&& o) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease() {
      if (catalog_) pool_->Return(std::move(catalog_));
    }
    Catalog& operator*() const { return *catalog_; }
    Catalog* operator->() const { return catalog_.get(); }

   private:
    CatalogPool* pool_;
    std::unique_ptr<Catalog> catalog_;
  };

  CatalogPool(std::string path, Catalog::Options options);
  // An idle connection, or a new one. Errors: Catalog::Open's.
  Result<Lease> Acquire();
  size_t idle() const;

 private:
  void Return(std::unique_ptr<Catalog> catalog);
  std::string path_;
  Catalog::Options options_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Catalog>> idle_;
};

struct ServerState {
  explicit ServerState(ServeOptions opts);
  ServeOptions options;
  CatalogPool pool;
  Metrics metrics;
  // The sell-price rules in force; Get() is null when options.pricing_rules_path
  // is empty (no storefront). Handlers take one Get() per request.
  PricingRulesHolder pricing;
  // Loads options.pricing_rules_path into `pricing`: at start (Server::Create),
  // on SIGHUP, and from an admin endpoint. On failure the rules in force stay;
  // the error is logged (error level) and returned. Thread-safe.
  Status ReloadPricingRules();
  SyncRunner sync_runner;  // POST /v1/admin/sync
  ResponseCache cache;
  // The request clock: options.clock (or NowUtc), rounded down to
  // options.age_resolution_seconds. RFC 3339 UTC.
  std::string RequestNow() const;
};

}  // namespace gpucat::server
