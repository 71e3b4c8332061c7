#include "server/state.h"

#include <spdlog/spdlog.h>

namespace gpucat::server {

namespace {
Catalog::Options ReadOnly(const ServeOptions& o) {
  Catalog::Options c;
  c.mode = Catalog::Mode::kReadOnly;
  c.stale_after_seconds = o.stale_after_seconds;
  return c;
}
}  // namespace

CatalogPool::CatalogPool(std::string path, Catalog::Options options) : path_(std::move(path)), options_(options) {}

Result<CatalogPool::Lease> CatalogPool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(c));
    }
  }
  auto opened = Catalog::Open(path_, options_);  // outside the lock: may take a while
  if (!opened.ok()) return opened.status();
  return Lease(this, std::move(opened).value());
}

void CatalogPool::Return(std::unique_ptr<Catalog> catalog) {
  std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(std::move(catalog));
}

size_t CatalogPool::idle() const {
  std::lock_guard<std::mutex> lock(mu_);
  return idle_.size();
}

ServerState::ServerState(ServeOptions opts)
    : options(std::move(opts)),
      pool(options.db_path, ReadOnly(options)),
      sync_runner(options.sync_command),
      cache(options.response_cache_bytes) {}

Status ServerState::ReloadPricingRules() {
  const std::string& path = options.pricing_rules_path;
  if (path.empty()) {
    Status st = Status::Error("storefront_unavailable", "no pricing rules file is configured; nothing to reload");
    spdlog::warn("pricing rules: {}", st.message());
    return st;
  }
  Status st = pricing.Reload(path);
  if (!st.ok()) {
    spdlog::error("pricing rules: reload of {} failed; the rules in force stay: {}", path, st.ToString());
    return st;
  }
  // Replies rendered under the old rules must not be served again; see
  // response_cache.h for why invalidating after the swap is enough.
  cache.Invalidate();
  const auto rules = pricing.Get();
  spdlog::info("pricing rules: loaded {} ({} rules, sha256 {})", path, rules->rules().size(), rules->digest());
  return Status::Ok();
}

std::string ServerState::RequestNow() const {
  std::string now = options.clock ? options.clock() : NowUtc();
  const auto epoch = ParseTimestamp(now);
  if (!epoch) return now;
  const int64_t res = options.age_resolution_seconds > 1 ? options.age_resolution_seconds : 1;
  // Floor division, correct for times before the epoch too.
  const int64_t floored = *epoch - ((*epoch % res) + res) % res;
  return FormatTimestamp(floored);
}

}  // namespace gpucat::server
