#include "server/state.h"

namespace gpucat::server {

namespace {
Catalog::Options ReadOnly(const ServeOptions& o) {
  Catalog::Options c;
  c.mode = Catalog::Mode::kReadOnly;
  c.stale_after_seconds = o.stale_after_seconds;
  return c;
}
}  // namespace

CatalogPool::CatalogPool(std::string path, Catalog::Options options)
    : path_(std::move(path)), options_(options) {}

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
    : options(std::move(opts)), pool(options.db_path, ReadOnly(options)), cache(options.response_cache_bytes) {}

std::string ServerState::RequestNow() const {
  const std::string now = options.clock ? options.clock() : NowUtc();
  const auto epoch = ParseTimestamp(now);
  if (!epoch) return now;
  const int64_t res = options.age_resolution_seconds > 1 ? options.age_resolution_seconds : 1;
  // Floor division, correct for times before the epoch too.
  const int64_t floored = *epoch - ((*epoch % res) + res) % res;
  return FormatTimestamp(floored);
}

}  // namespace gpucat::server
