// Test fixtures for test_fetch: temporary directories, environment isolation,
// a loopback httplib::Server, a scripted raw-socket server (for responses
// httplib's server will not produce), and a captured spdlog sink.
#pragma once

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace gpucat::testing {

// A fresh directory under $TMPDIR, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "gpucat-fetch-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

  // Writes `bytes` to <dir>/<relative> (creating directories) with `mode`.
  std::filesystem::path Write(const std::string& relative, const std::string& bytes, mode_t mode = 0644) const {
    const std::filesystem::path p = path_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
    ::chmod(p.c_str(), mode);
    return p;
  }

 private:
  std::filesystem::path path_;
};

// Clears every GPUCAT_* variable for the test's duration and restores the
// environment afterwards, so tests neither see nor leak overrides.
class ScopedGpucatEnv {
 public:
  ScopedGpucatEnv() {
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string entry(*e);
      if (entry.rfind("GPUCAT_", 0) != 0) continue;
      const size_t eq = entry.find('=');
      saved_[entry.substr(0, eq)] = entry.substr(eq + 1);
    }
    for (const auto& [name, value] : saved_) ::unsetenv(name.c_str());
  }
  ~ScopedGpucatEnv() {
    for (const auto& name : set_) ::unsetenv(name.c_str());
    for (const auto& [name, value] : saved_) ::setenv(name.c_str(), value.c_str(), 1);
  }
  ScopedGpucatEnv(const ScopedGpucatEnv&) = delete;
  ScopedGpucatEnv& operator=(const ScopedGpucatEnv&) = delete;
  void Set(const std::string& name, const std::string& value) {
    ::setenv(name.c_str(), value.c_str(), 1);
    set_.push_back(name);
  }

 private:
  std::map<std::string, std::string> saved_;
  std::vector<std::string> set_;
};

// An httplib::Server on 127.0.0.1 at a port the kernel picks, serving on its
// own thread. Register handlers on `server` before calling Start().
class Loopback {
 public:
  httplib::Server server;

  void Start() {
    port_ = server.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("bind_to_any_port failed");
    thread_ = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Loopback() {
    server.stop();
    if (thread_.joinable()) thread_.join();
  }
  std::string Url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

 private:
  int port_ = 0;
  std::thread thread_;
};

// A TCP listener on 127.0.0.1 that answers each connection with fixed bytes:
// reads the request head, writes `response`, waits `hold_ms` (the connection
// stays open, as a keep-alive server's would), then closes.
class RawServer {
 public:
  RawServer(std::string response, int hold_ms) : response_(std::move(response)), hold_ms_(hold_ms) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 8) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      throw std::runtime_error("RawServer: cannot listen");
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~RawServer() {
    stopping_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;
  std::string Url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  int connections() const { return connections_; }

 private:
  void Serve() {
    while (!stopping_) {
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      ++connections_;
      std::string head;
      char buf[4096];
      while (head.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = ::recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        head.append(buf, static_cast<size_t>(n));
      }
      (void)::send(c, response_.data(), response_.size(), MSG_NOSIGNAL);
      std::this_thread::sleep_for(std::chrono::milliseconds(hold_ms_));
      ::close(c);
    }
  }

  std::string response_;
  int hold_ms_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

// Routes spdlog's default logger into a string for the test's duration.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    auto logger = std::make_shared<spdlog::logger>("capture", sink);
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;
  std::string text() const { return out_.str(); }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream out_;
};

}  // namespace gpucat::testing
