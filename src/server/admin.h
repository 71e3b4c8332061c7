// Admin operations: the bearer-token check and the sync runner behind
// POST /v1/admin/sync (docs/api.md "Admin operations").
#pragma once

#include <sys/types.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "gpucat/status.h"

namespace gpucat::server {

// The shortest admin token accepted (ServeOptions::admin_token, the CLI's
// token sources): shorter ones are guessable.
inline constexpr size_t kMinAdminTokenBytes = 16;

// Whether `token` may be an admin token: kMinAdminTokenBytes..4096 bytes of
// printable ASCII without spaces (it travels in an HTTP header).
bool IsValidAdminToken(std::string_view token);

// Equality of two secrets in time independent of where they differ and of
// their lengths (both are hashed first, then compared without branching).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// The admin check of one request, given its Authorization header values.
// Errors: admin_disabled (no token configured: 403), unauthorized (absent,
// repeated, not "Bearer <token>", or the wrong token: 401). Messages never
// contain the token sent or configured.
Status CheckAdminAuthorization(const std::string& configured_token, const std::vector<std::string>& authorization);

// Runs the sync command in a child process, one at a time, and remembers the
// outcome of the last run. Why a child and not a write connection in the
// server: the server process only ever holds read-only catalog connections
// (so no request can write, whatever a handler does); the child is exactly
// `gpucat sync` (one sync implementation, the same crash safety, SQLite's
// writer lock shared with syncs started by cron); and a parser crash or a
// hung provider takes down the child, not the server.
// Thread-safe.
class SyncRunner {
 public:
  struct Run {
    int64_t number = 0;                   // 1, 2, ... per server process; 0 = none yet
    std::string state = "idle";           // idle | running | succeeded | partial | failed
    std::string started_at, finished_at;  // RFC 3339 UTC
    std::optional<int> exit_code;         // the child's; nullopt while running or if killed
    std::string detail;                   // "killed by signal 9", spawn errors
    std::string output;                   // the child's stdout+stderr, last 16 KiB
  };

  // `command`: argv (command[0] an absolute path or found in PATH). The child
  // gets this process's environment without GPUCAT_ADMIN_TOKEN(_FILE).
  explicit SyncRunner(std::vector<std::string> command);
  // Sends SIGTERM to a running child (a sync interrupted mid-way leaves the
  // catalog as before that provider's transaction) and waits for it.
  ~SyncRunner();
  SyncRunner(const SyncRunner&) = delete;
  SyncRunner& operator=(const SyncRunner&) = delete;

  // Starts a run. Errors: sync_in_progress (a run is going on),
  // sync_unavailable (no command configured, or the child cannot be started).
  Result<Run> Start();
  Run Current() const;
  // Blocks until no run is going on (tests).
  void WaitIdle() const;

 private:
  void Reap(pid_t pid, int out_fd);

  std::vector<std::string> command_;
  mutable std::mutex mu_;
  mutable std::condition_variable idle_;
  Run run_;
  int64_t runs_ = 0;
  pid_t pid_ = -1;
  std::thread reaper_;
};

}  // namespace gpucat::server
