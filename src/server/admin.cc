#include "server/admin.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "gpucat/catalog.h"
#include "gpucat/sha256.h"

extern char** environ;  // POSIX: the process environment

namespace gpucat::server {

namespace {

constexpr size_t kMaxOutputBytes = 16 * 1024;

bool IEqualsAscii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

Status Unauthorized(const std::string& why) { return Status::Error("unauthorized", why); }

}  // namespace

bool IsValidAdminToken(std::string_view token) {
  if (token.size() < kMinAdminTokenBytes || token.size() > 4096) return false;
  for (char c : token) {
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  // Equal-length digests: the comparison below takes the same time for any
  // inputs, and the lengths of the secrets do not show either.
  const std::string da = Sha256Hex(a), db = Sha256Hex(b);
  unsigned diff = 0;
  for (size_t i = 0; i < da.size(); ++i) diff |= static_cast<unsigned char>(da[i] ^ db[i]);
  return diff == 0;
}

Status CheckAdminAuthorization(const std::string& configured_token, const std::vector<std::string>& authorization) {
  if (configured_token.empty()) {
    return Status::Error("admin_disabled", "admin operations are disabled: no admin token is configured");
  }
  if (authorization.empty()) return Unauthorized("an Authorization: Bearer <token> header is required");
  if (authorization.size() > 1) return Unauthorized("more than one Authorization header");
  const std::string& value = authorization.front();
  const size_t space = value.find(' ');
  if (space == std::string::npos || !IEqualsAscii(std::string_view(value).substr(0, space), "bearer")) {
    return Unauthorized("the Authorization scheme must be Bearer");
  }
  std::string_view token = std::string_view(value).substr(space + 1);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (!ConstantTimeEquals(token, configured_token)) return Unauthorized("wrong admin token");
  return Status::Ok();
}

SyncRunner::SyncRunner(std::vector<std::string> command) : command_(std::move(command)) {}

SyncRunner::~SyncRunner() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (pid_ > 0) ::kill(pid_, SIGTERM);
  }
  if (reaper_.joinable()) reaper_.join();
}

Result<SyncRunner::Run> SyncRunner::Start() {
  std::unique_lock<std::mutex> lock(mu_);
  if (run_.state == "running")
    return Status::Error("sync_in_progress", "a sync started at " + run_.started_at + " is still running");
  if (command_.empty()) return Status::Error("sync_unavailable", "no sync command is configured");
  if (reaper_.joinable()) reaper_.join();  // the previous run's reaper has finished (state is not running)

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return Status::Error("sync_unavailable", std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  // The child: stdin from /dev/null, stdout and stderr into the pipe, no other
  // descriptor of ours (client sockets, the listening socket, SQLite files),
  // default signal handling and an empty signal mask (the server blocks
  // SIGINT/SIGTERM in its threads), and no admin token in its environment.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int sig : {SIGINT, SIGTERM, SIGPIPE, SIGHUP}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> argv;
  for (const auto& a : command_) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string_view entry(*e);
    if (entry.rfind("GPUCAT_ADMIN_TOKEN=", 0) == 0 || entry.rfind("GPUCAT_ADMIN_TOKEN_FILE=", 0) == 0) continue;
    envp.push_back(*e);
  }
  envp.push_back(nullptr);

  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    return Status::Error("sync_unavailable", "cannot start " + command_.front() + ": " + std::strerror(rc));
  }
  run_ = Run{};
  run_.number = ++runs_;
  run_.state = "running";
  run_.started_at = NowUtc();
  pid_ = pid;
  spdlog::info("admin: sync run {} started (pid {})", run_.number, pid);
  reaper_ = std::thread([this, pid, fd = fds[0]] { Reap(pid, fd); });
  return run_;
}

void SyncRunner::Reap(pid_t pid, int out_fd) {
  std::string output;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(out_fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    output.append(buf, static_cast<size_t>(n));
    if (output.size() > 2 * kMaxOutputBytes) output.erase(0, output.size() - kMaxOutputBytes);
  }
  ::close(out_fd);
  if (output.size() > kMaxOutputBytes) output.erase(0, output.size() - kMaxOutputBytes);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  std::lock_guard<std::mutex> lock(mu_);
  pid_ = -1;
  run_.finished_at = NowUtc();
  run_.output = std::move(output);
  if (WIFEXITED(status)) {
    run_.exit_code = WEXITSTATUS(status);
    // gpucat sync: 0 every source read, 3 some sources failed (kept their
    // offers), anything else the sync itself failed.
    run_.state = *run_.exit_code == 0 ? "succeeded" : *run_.exit_code == 3 ? "partial" : "failed";
  } else {
    run_.state = "failed";
    run_.detail = "killed by signal " + std::to_string(WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  }
  spdlog::info("admin: sync run {} {}{}", run_.number, run_.state,
               run_.exit_code ? " (exit " + std::to_string(*run_.exit_code) + ")" : " (" + run_.detail + ")");
  idle_.notify_all();
}

SyncRunner::Run SyncRunner::Current() const {
  std::lock_guard<std::mutex> lock(mu_);
  return run_;
}

void SyncRunner::WaitIdle() const {
  std::unique_lock<std::mutex> lock(mu_);
  idle_.wait(lock, [this] { return run_.state != "running"; });
}

}  // namespace gpucat::server
