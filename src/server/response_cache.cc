#include "server/response_cache.h"

namespace gpucat::server {

size_t ResponseCache::SizeOf(const std::string& key, const Entry& e) {
  size_t n = 2 * key.size() + e.reply.body.size() + e.reply.content_type.size() + e.digest.size() + 256;
  for (const auto& [k, v] : e.reply.headers) n += k.size() + v.size() + 64;
  return n;
}

uint64_t ResponseCache::generation() const {
  std::lock_guard<std::mutex> lock(mu_);
  return generation_;
}

uint64_t ResponseCache::Invalidate() {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.clear();
  order_.clear();
  bytes_ = 0;
  return ++generation_;
}

std::shared_ptr<const ResponseCache::Entry> ResponseCache::Find(const std::string& key, uint64_t generation) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (generation != generation_) return nullptr;
  const auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : it->second;
}

void ResponseCache::Store(const std::string& key, uint64_t generation, std::shared_ptr<const Entry> entry) {
  const size_t size = SizeOf(key, *entry);
  if (size > max_bytes_ / 4) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (generation != generation_) return;  // rendered from a catalog that has changed since
  if (const auto it = entries_.find(key); it != entries_.end()) {
    bytes_ -= SizeOf(key, *it->second);
    it->second = std::move(entry);
    bytes_ += size;
    return;
  }
  while (bytes_ + size > max_bytes_ && !order_.empty()) {
    const auto old = entries_.find(order_.front());
    if (old != entries_.end()) {
      bytes_ -= SizeOf(old->first, *old->second);
      entries_.erase(old);
    }
    order_.pop_front();
  }
  entries_.emplace(key, std::move(entry));
  order_.push_back(key);
  bytes_ += size;
}

}  // namespace gpucat::server
