// free-port: prints a loopback TCP port that is free now.
// startup:   times "server start -> first 200": forks and execs --cmd (via
//            /bin/sh -c "exec CMD"), polls GET --path on 127.0.0.1:--port
//            every millisecond until it answers 200, then optionally waits
//            --rss-after-ms and reads the server's VmRSS (the server at rest),
//            then stops it (SIGTERM) and waits. --runs times; one JSON object
//            per run: {"ready_ms", "rss_kib"}.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <thread>

#include "bench.h"

namespace gpucat::bench {
namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

// One GET over a fresh connection; the status code, or -1 when nothing answers.
int GetStatus(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in a = Loopback(port);
  int status = -1;
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
    const std::string req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if (send(fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size())) {
      char buf[64];
      size_t got = 0;
      while (got < 12) {
        const ssize_t n = recv(fd, buf + got, sizeof buf - got, 0);
        if (n <= 0) break;
        got += static_cast<size_t>(n);
      }
      if (got >= 12 && std::memcmp(buf, "HTTP/1.", 7) == 0) status = std::atoi(std::string(buf + 9, 3).c_str());
    }
  }
  close(fd);
  return status;
}

int64_t RssKib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  }
  return -1;
}

}  // namespace

int FreePort(const Flags&) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = Loopback(0);
  socklen_t len = sizeof a;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    Die("cannot find a free port");
  }
  std::printf("%d\n", ntohs(a.sin_port));
  close(fd);
  return 0;
}

int Startup(const Flags& f) {
  const std::string cmd = "exec " + f.Required("cmd");
  const int port = static_cast<int>(f.Int("port", 0));
  const std::string path = f.Get("path", "/readyz");
  const int64_t runs = f.Int("runs", 5);
  const int64_t rss_after = f.Int("rss-after-ms", 0);
  for (int64_t r = 0; r < runs; ++r) {
    const auto t0 = Clock::now();
    const pid_t pid = fork();
    if (pid < 0) Die("fork failed");
    if (pid == 0) {
      dup2(2, 1);  // the server's output is not ours: stdout carries the results
      execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    double ready_ms = -1;
    while (MsSince(t0) < 10000) {
      int wstatus = 0;
      if (waitpid(pid, &wstatus, WNOHANG) == pid) Die("the server exited before answering: " + cmd);
      if (GetStatus(port, path) == 200) {
        ready_ms = MsSince(t0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    int64_t rss = -1;
    if (ready_ms >= 0 && rss_after > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(rss_after));
      rss = RssKib(pid);
    }
    kill(pid, SIGTERM);
    int wstatus = 0;
    waitpid(pid, &wstatus, 0);
    if (ready_ms < 0) Die("no 200 from " + path + " within 10 s: " + cmd);
    std::printf("{\"ready_ms\": %.3f, \"rss_kib\": %lld}\n", ready_ms, static_cast<long long>(rss));
    std::fflush(stdout);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the port is free again
  }
  return 0;
}

}  // namespace gpucat::bench
