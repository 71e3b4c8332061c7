// Rendered replies of catalog routes, reused while the catalog is unchanged.
//
// Key: the normalized request (path and sorted parameters) and the request's
// clock (RequestNow: rounded to the age resolution, so ages and as_of are part
// of the key). Validity: a generation number that moves whenever any pooled
// connection sees that something committed to the catalog (PRAGMA
// data_version, via Catalog::ChangedSinceLastCheck), which also covers syncs
// that move only last-seen times and leave catalog_version alone. A hit is
// byte for byte the reply the handler would render now, with its ETag digest,
// so a 304 or a 200 costs no catalog read, no JSON and no hashing.
//
// Why the generation is sound (http_edge.cc follows this order): a request
// reads the generation, then checks its own connection, bumping the generation
// if that connection sees a commit, and only then opens its read snapshot and
// renders. An entry is therefore stored under a generation read before its
// snapshot began; a commit after that snapshot began is seen by the next check
// of every connection (each remembers what it saw last), and that check bumps
// the generation before anything is looked up, so no entry older than a
// commit is ever returned after the commit is visible.
//
// Bounded: at most max_bytes of entries (oldest dropped first); a reply larger
// than a quarter of that is not kept. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "server/api.h"

namespace gpucat::server {

class ResponseCache {
 public:
  struct Entry {
    int64_t catalog_version = -1;
    Reply reply;         // a 200
    std::string digest;  // EtagDigest(normalized request, reply.body)
  };

  explicit ResponseCache(size_t max_bytes) : max_bytes_(max_bytes) {}
  bool enabled() const { return max_bytes_ > 0; }

  uint64_t generation() const;
  // Drops every entry and starts a new generation, which it returns.
  uint64_t Invalidate();
  // The entry for `key` stored under `generation`, if that is still current.
  std::shared_ptr<const Entry> Find(const std::string& key, uint64_t generation) const;
  // Keeps `entry` unless `generation` is no longer current or it is too large.
  void Store(const std::string& key, uint64_t generation, std::shared_ptr<const Entry> entry);

 private:
  static size_t SizeOf(const std::string& key, const Entry& e);

  mutable std::mutex mu_;
  const size_t max_bytes_;
  size_t bytes_ = 0;
  uint64_t generation_ = 0;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;
  std::deque<std::string> order_;  // keys, oldest first
};

}  // namespace gpucat::server
