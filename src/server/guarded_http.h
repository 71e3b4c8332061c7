// Connection-level limits that cpp-httplib 0.11.4 does not enforce itself.
//
// Debian's httplib is a compiled library, so its compile-time limits are fixed:
// a request line over 8,192 bytes is 414 and a single header line over 8,192
// bytes is 400, but it buffers a request line until its newline however long
// it gets, accepts any number of header lines, waits for each byte up to the
// read timeout (so a client sending a byte every few seconds holds a worker
// forever), queues accepted connections without bound, and leaves the body of
// a GET unread in the connection (where it is parsed as the next request).
//
// GuardedServer is an httplib::Server whose per-connection loop is gpucat's
// (httplib lets a subclass replace process_and_close_socket, as its own
// SSLServer does) and whose socket stream enforces, per request:
//   * max_head_bytes:   request line + headers; beyond it reading stops, and
//                       the edge answers 431 headers_too_large (414
//                       uri_too_long when it is the request line);
//   * max_header_count: header lines; beyond it 431 headers_too_large;
//   * no NUL byte in the head (httplib would cut a header value at it);
//                       400 bad_request;
//   * head_timeout:     the whole head must arrive within it (slowloris);
//                       else 408 request_timeout;
//   * request_timeout:  the whole request, body and response included, must be
//                       done within it (slow bodies, slow readers); else the
//                       connection is closed;
// and per server:
//   * max_connections:  open connections, served or waiting for a worker;
//                       beyond it a new connection is answered at once with
//                       503 server_busy (Retry-After: 1) and closed.
// Keep-alive behaves as httplib's own loop (keep_alive_max_count,
// keep_alive_timeout), except that it does not starve waiting connections:
// while more connections are open than there are workers, each answer says
// Connection: close and ends its connection. Stop() ends idle connections
// within 100 ms.
//
// The edge (http_edge.cc) reads the verdict of the request being served on
// its thread (TakeHeadVerdict) to give httplib's bare 400 its real cause, and
// asks for the connection to be closed after a response whose request left
// bytes unread (CloseConnectionAfterResponse).
#pragma once

#include <httplib.h>

#include <atomic>
#include <cstddef>
#include <functional>

namespace gpucat::server {

struct ConnectionLimits {
  size_t threads = 8;  // workers: requests served at once
  size_t max_head_bytes = 16 * 1024;
  size_t max_header_count = 64;
  int head_timeout_seconds = 10;
  int request_timeout_seconds = 30;
  size_t max_connections = 256;
};

// Why reading the current request's head stopped early, if it did.
enum class HeadVerdict { kOk, kTooLarge, kTooManyHeaders, kTimeout, kInvalid /* a NUL byte: 400 */ };

// The verdict for the request being served on this thread; resets it to kOk.
HeadVerdict TakeHeadVerdict();
// Closes this thread's connection after the response being written.
void CloseConnectionAfterResponse();

class GuardedServer : public httplib::Server {
 public:
  // `on_shed` is called (on the accepting thread) for each connection turned
  // away by max_connections.
  explicit GuardedServer(ConnectionLimits limits, std::function<void()> on_shed = nullptr);
  // Open connections now (served or queued).
  size_t open_connections() const { return open_.load(); }
  const ConnectionLimits& limits() const { return limits_; }

 private:
  bool process_and_close_socket(socket_t sock) override;
  bool ServeConnection(socket_t sock);
  // Answers 503 server_busy without blocking and closes.
  void Shed(socket_t sock);

  ConnectionLimits limits_;
  std::function<void()> on_shed_;
  std::atomic<size_t> open_{0};
};

}  // namespace gpucat::server
