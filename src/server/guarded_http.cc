#include "server/guarded_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/api.h"
#include "server/errors.h"

namespace gpucat::server {

namespace {

using Clock = std::chrono::steady_clock;

// Per worker thread: a worker serves one connection, and one request of it, at
// a time, from process_and_close_socket to the response; the accepting thread
// sets t_shed around the inline call that turns a connection away.
thread_local HeadVerdict t_verdict = HeadVerdict::kOk;
thread_local bool t_close_after = false;
thread_local bool t_shed = false;

int64_t MillisUntil(Clock::time_point deadline) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
}

int ClampMillis(int64_t ms) { return static_cast<int>(std::clamp<int64_t>(ms, 0, 24 * 3600 * 1000)); }

// poll() for `events`: > 0 ready (readable includes EOF), 0 timeout, < 0 error.
int Wait(socket_t sock, short events, int ms) {
  pollfd p{sock, events, 0};
  for (;;) {
    const int r = ::poll(&p, 1, ms);
    if (r < 0 && errno == EINTR) continue;
    if (r > 0 && (p.revents & (POLLERR | POLLNVAL)) != 0) return -1;
    return r;
  }
}

void IpAndPort(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
    port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
    port = ntohs(a->sin6_port);
  }
  ip = text;
}

// The socket stream of one connection. Buffers what it receives (pipelined
// requests stay in the buffer for the next request) and enforces the head and
// request limits of ConnectionLimits. Reading the head past a limit reports
// end of input, which makes httplib answer 400 (or 414 for a request line),
// and records why (t_verdict) for the edge's error handler.
class GuardedStream final : public httplib::Stream {
 public:
  GuardedStream(socket_t sock, const ConnectionLimits& limits, int read_timeout_ms, int write_timeout_ms)
      : sock_(sock), limits_(limits), read_timeout_ms_(read_timeout_ms), write_timeout_ms_(write_timeout_ms) {}

  // Called when the first byte of a request is available.
  void BeginRequest() {
    head_done_ = false;
    refused_ = false;
    head_bytes_ = 0;
    lines_ = 0;
    line_bytes_ = 0;
    window_ = 0;
    const auto now = Clock::now();
    head_deadline_ = now + std::chrono::seconds(limits_.head_timeout_seconds);
    request_deadline_ = now + std::chrono::seconds(limits_.request_timeout_seconds);
  }
  bool HasBuffered() const { return pos_ < len_; }
  // True when reading this request's head stopped at a limit.
  bool refused() const { return refused_; }

  bool is_readable() const override { return HasBuffered() || Wait(sock_, POLLIN, ReadWaitMs()) > 0; }
  bool is_writable() const override { return Wait(sock_, POLLOUT, WriteWaitMs()) > 0; }

  ssize_t read(char* ptr, size_t size) override {
    if (size == 0) return 0;
    if (!head_done_) {
      if (refused_) return 0;
      if (head_bytes_ >= limits_.max_head_bytes) return Refuse(HeadVerdict::kTooLarge);
    }
    if (!HasBuffered()) {
      // Wait for data up to the read timeout or the deadline, whichever
      // comes first: the head's deadline while reading the head, the
      // request's after.
      const int64_t to_deadline = MillisUntil(head_done_ ? request_deadline_ : head_deadline_);
      const bool deadline_first = to_deadline <= read_timeout_ms_;
      const int wait = ClampMillis(std::min<int64_t>(read_timeout_ms_, to_deadline));
      const int ready = wait > 0 ? Wait(sock_, POLLIN, wait) : 0;
      if (ready == 0) {
        // Out of time: a head not complete by its deadline is the client's
        // slowness (408); otherwise the connection is given up.
        if (!head_done_ && deadline_first) return Refuse(HeadVerdict::kTimeout);
        return -1;
      }
      if (ready < 0) return -1;
      ssize_t n = 0;
      do {
        n = ::recv(sock_, buf_, sizeof buf_, 0);
      } while (n < 0 && errno == EINTR);
      if (n <= 0) return n;
      pos_ = 0;
      len_ = static_cast<size_t>(n);
    }
    size_t n = std::min(size, len_ - pos_);
    if (!head_done_) n = ScanHead(n);
    std::memcpy(ptr, buf_ + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    const int wait = WriteWaitMs();
    if (wait <= 0 || Wait(sock_, POLLOUT, wait) <= 0) return -1;
    ssize_t n = 0;
    do {
      n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getpeername(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) IpAndPort(addr, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) IpAndPort(addr, ip, port);
  }
  socket_t socket() const override { return sock_; }

 private:
  ssize_t Refuse(HeadVerdict verdict) {
    refused_ = true;
    t_verdict = verdict;
    return 0;
  }

  // Of the next `n` buffered bytes, how many belong to the head (stopping at
  // its end, its byte cap or its line cap); tracks the head's progress.
  size_t ScanHead(size_t n) {
    n = std::min(n, limits_.max_head_bytes - head_bytes_);
    for (size_t i = 0; i < n; ++i) {
      // httplib reads header values as C strings: a NUL would silently cut
      // one ("Bearer <token>\0junk" reads as "Bearer <token>"). RFC 9110
      // says to reject the message.
      if (buf_[pos_ + i] == '\0') {
        refused_ = true;
        t_verdict = HeadVerdict::kInvalid;
        n = i;
        break;
      }
      window_ = (window_ << 8) | static_cast<unsigned char>(buf_[pos_ + i]);
      // httplib refuses a header line over its compiled-in maximum with a bare
      // 400; note that it is a size problem (431) for the edge.
      if (++line_bytes_ > CPPHTTPLIB_HEADER_MAX_LENGTH && lines_ > 0) t_verdict = HeadVerdict::kTooLarge;
      if ((window_ & 0xffffu) != 0x0d0au) continue;  // not the end of a line
      line_bytes_ = 0;
      if (window_ == 0x0d0a0d0au) {  // the blank line: head complete
        head_done_ = true;
        n = i + 1;
        break;
      }
      // Lines so far: the request line and the headers.
      if (++lines_ > 1 + limits_.max_header_count) {
        refused_ = true;
        t_verdict = HeadVerdict::kTooManyHeaders;
        n = i + 1;
        break;
      }
    }
    head_bytes_ += n;
    return n;
  }

  int ReadWaitMs() const {
    const auto deadline = head_done_ ? request_deadline_ : head_deadline_;
    return ClampMillis(std::min<int64_t>(read_timeout_ms_, MillisUntil(deadline)));
  }
  int WriteWaitMs() const { return ClampMillis(std::min<int64_t>(write_timeout_ms_, MillisUntil(request_deadline_))); }

  socket_t sock_;
  const ConnectionLimits& limits_;
  int read_timeout_ms_, write_timeout_ms_;
  char buf_[16 * 1024];
  size_t pos_ = 0, len_ = 0;
  bool head_done_ = false, refused_ = false;
  size_t head_bytes_ = 0, lines_ = 0, line_bytes_ = 0;
  uint32_t window_ = 0;  // the last four bytes of the head, for CRLF CRLF
  Clock::time_point head_deadline_, request_deadline_;
};

// A fixed pool of workers and a queue of accepted connections. When the open
// connections (queued or served) reach the limit, the connection is not
// queued: it is handed, on the accepting thread, to process_and_close_socket
// with t_shed set, which answers 503 at once and closes it.
class ConnectionQueue final : public httplib::TaskQueue {
 public:
  ConnectionQueue(size_t threads, std::atomic<size_t>& open, size_t max_open) : open_(open), max_open_(max_open) {
    for (size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
  }
  ~ConnectionQueue() override {
    if (!workers_.empty()) shutdown();
  }

  void enqueue(std::function<void()> fn) override {
    if (open_.load() >= max_open_) {
      t_shed = true;
      fn();
      t_shed = false;
      return;
    }
    open_.fetch_add(1);  // only this (the accepting) thread adds: no race with the check
    {
      std::lock_guard<std::mutex> lock(mu_);
      jobs_.push_back(std::move(fn));
    }
    cv_.notify_one();
  }

  // Serves what is queued, then joins the workers.
  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      shutdown_ = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
  }

 private:
  void Work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return shutdown_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // shutting down, nothing left
        fn = std::move(jobs_.front());
        jobs_.pop_front();
      }
      fn();
    }
  }

  std::atomic<size_t>& open_;
  const size_t max_open_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool shutdown_ = false;
  std::vector<std::thread> workers_;
};

int ToMillis(time_t sec, time_t usec) { return ClampMillis(int64_t{sec} * 1000 + int64_t{usec} / 1000); }

// Closes a connection whose client may still be sending (a refused head, an
// unread body): stop writing, then read and discard for a short while, so the
// kernel does not answer the unread bytes with a reset that could destroy the
// error response before the client reads it.
void LingeringClose(socket_t sock) {
  ::shutdown(sock, SHUT_WR);
  char scratch[4096];
  const auto deadline = Clock::now() + std::chrono::milliseconds(500);
  size_t drained = 0;
  while (drained < 1024 * 1024) {
    const int64_t left = MillisUntil(deadline);
    if (left <= 0 || Wait(sock, POLLIN, ClampMillis(left)) <= 0) break;
    const ssize_t n = ::recv(sock, scratch, sizeof scratch, 0);
    if (n <= 0) break;
    drained += static_cast<size_t>(n);
  }
  ::close(sock);
}

}  // namespace

HeadVerdict TakeHeadVerdict() {
  const HeadVerdict v = t_verdict;
  t_verdict = HeadVerdict::kOk;
  return v;
}

void CloseConnectionAfterResponse() { t_close_after = true; }

GuardedServer::GuardedServer(ConnectionLimits limits, std::function<void()> on_shed)
    : limits_(limits), on_shed_(std::move(on_shed)) {
  const size_t threads = std::max<size_t>(1, limits_.threads);
  const size_t max_open = std::max<size_t>(1, limits_.max_connections);
  new_task_queue = [this, threads, max_open] { return new ConnectionQueue(threads, open_, max_open); };
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
  if (t_shed) {
    Shed(sock);
    return false;
  }
  struct Closer {
    GuardedServer* server;
    socket_t sock;
    bool linger = false;
    ~Closer() {
      if (linger) {
        LingeringClose(sock);
      } else {
        ::shutdown(sock, SHUT_RDWR);
        ::close(sock);
      }
      server->open_.fetch_sub(1);
    }
  } closer{this, sock};
  t_close_after = false;
  bool ok = false;
  try {
    ok = ServeConnection(sock);
  } catch (const std::exception& e) {  // httplib catches handler exceptions; this is the stream's (bad_alloc)
    spdlog::error("connection aborted: {}", e.what());
  }
  closer.linger = t_close_after;
  t_close_after = false;
  t_verdict = HeadVerdict::kOk;
  return ok;
}

bool GuardedServer::ServeConnection(socket_t sock) {
  GuardedStream strm(sock, limits_, ToMillis(read_timeout_sec_, read_timeout_usec_),
                     ToMillis(write_timeout_sec_, write_timeout_usec_));
  bool ok = false;
  // Connections waiting for a worker: keep-alive must not starve them (one
  // worker per connection), so while any wait, an answer says Connection:
  // close and the connection ends; the client reconnects and queues behind
  // them. (Closing without saying so could race with the client's next
  // request and reset it.)
  auto others_waiting = [this] { return open_.load() > limits_.threads; };
  for (size_t left = keep_alive_max_count_; left > 0; --left) {
    // Idle until the next request's first byte, at most the keep-alive
    // timeout; a stopped server ends idle connections within 100 ms.
    const auto idle_until = Clock::now() + std::chrono::seconds(keep_alive_timeout_sec_);
    bool ready = strm.HasBuffered();
    while (!ready) {
      if (svr_sock_ == INVALID_SOCKET) return ok;
      const int64_t idle = MillisUntil(idle_until);
      if (idle <= 0) return ok;
      const int r = Wait(sock, POLLIN, ClampMillis(std::min<int64_t>(idle, 100)));
      if (r < 0) return ok;
      ready = r > 0;
    }
    t_verdict = HeadVerdict::kOk;
    t_close_after = false;
    strm.BeginRequest();
    bool connection_closed = false;
    const bool last = left == 1 || others_waiting();
    ok = process_request(strm, last, connection_closed, nullptr);
    if (last) break;                           // answered with Connection: close
    if (strm.refused()) t_close_after = true;  // the rest of that head is still unread
    if (!ok || connection_closed || t_close_after) break;
  }
  return ok;
}

void GuardedServer::Shed(socket_t sock) {
  static const std::string response = [] {
    const ErrorEntry& e = LookupError("server_busy");
    const Reply body = JsonReply({{"error", {{"code", e.public_code}, {"message", e.generic_message}}}}, e.http_status);
    return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.body.size()) +
           "\r\nRetry-After: 1\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
           "Connection: close\r\n\r\n" +
           body.body;
  }();
  // The accepting thread must not block: read what has already arrived (so
  // closing does not reset the connection), write the answer if the socket
  // takes it now, close.
  char scratch[4096];
  for (int i = 0; i < 16 && ::recv(sock, scratch, sizeof scratch, MSG_DONTWAIT) > 0; ++i) {
  }
  (void)::send(sock, response.data(), response.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::shutdown(sock, SHUT_WR);
  ::close(sock);
  static std::atomic<int64_t> last_warning{0};
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch()).count();
  if (int64_t last = last_warning.load(); now - last >= 10 && last_warning.compare_exchange_strong(last, now)) {
    spdlog::warn("connection limit ({}) reached: new connections get 503 server_busy", limits_.max_connections);
  }
  if (on_shed_) on_shed_();
}

}  // namespace gpucat::server
