// A corpus of hostile HTTP requests against a real Server, sent as raw bytes
// over a socket (httplib's client would sanitize most of them): overlong
// request lines and headers, too many headers, invalid UTF-8 and bad
// percent-encoding, repeated and conflicting parameters, huge limits,
// negative cursors, SQL meta-characters in every parameter of every endpoint,
// path traversal on the static files, bad methods, bodies on GET, request
// smuggling, slow clients and too many connections.
//
// Each is answered with the documented status and error code (docs/api.md
// "Strict parameters and errors", "Limits"), never a crash and never a 5xx
// other than the documented 503 server_busy; the server still serves the
// same catalog afterwards.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include "server/params.h"
#include "server/routes.h"
#include "server_fixture.h"

using namespace gpucat;
using namespace gpucat::testing;
using nlohmann::json;

namespace {

// A connected loopback socket with a receive timeout, so that a server that
// never answers fails the test instead of hanging it.
class Conn {
 public:
  explicit Conn(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("connect");
  }
  ~Conn() { ::close(fd_); }
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // Sends as much as the server takes (it may answer and close first).
  void Send(const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<size_t>(n);
    }
  }
  // One response (head, then Content-Length bytes unless `head_only`, the
  // answer to a HEAD); "" if the connection ended or timed out first.
  std::string ReadResponse(bool head_only = false) {
    size_t need = std::string::npos;
    for (;;) {
      const size_t end = buffered_.find("\r\n\r\n");
      if (need == std::string::npos && end != std::string::npos) {
        std::smatch m;
        const std::string head = buffered_.substr(0, end);
        static const std::regex cl("\r\nContent-Length: *([0-9]+)", std::regex::icase);
        need = end + 4 + (!head_only && std::regex_search(head, m, cl) ? std::stoul(m[1]) : 0);
      }
      if (need != std::string::npos && buffered_.size() >= need) {
        std::string out = buffered_.substr(0, need);
        buffered_.erase(0, need);
        return out;
      }
      char buf[8192];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return "";
      buffered_.append(buf, static_cast<size_t>(n));
    }
  }
  // True when the server has closed the connection (EOF), within the timeout.
  bool ClosedByServer() {
    char c;
    return buffered_.empty() && ::recv(fd_, &c, 1, 0) == 0;
  }

 private:
  int fd_ = -1;
  std::string buffered_;
};

struct Answer {
  int status = 0;
  std::string code;  // the error code, "" for non-error bodies
  std::string head, body;
  bool has_header(const std::string& line) const { return head.find("\r\n" + line + "\r\n") != std::string::npos; }
};

Answer Parse(const std::string& raw) {
  Answer a;
  if (raw.rfind("HTTP/1.1 ", 0) != 0) return a;
  a.status = std::stoi(raw.substr(9, 3));
  const size_t end = raw.find("\r\n\r\n");
  a.head = raw.substr(0, end + 2);
  a.body = raw.substr(end + 4);
  auto j = json::parse(a.body, nullptr, false);
  if (j.is_object() && j.contains("error")) a.code = j["error"].value("code", "");
  return a;
}

Answer Hit(int port, const std::string& raw) {
  Conn c(port);
  c.Send(raw);
  return Parse(c.ReadResponse(raw.rfind("HEAD ", 0) == 0));
}

std::string Get(const std::string& target, const std::string& extra_headers = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: identity\r\n" + extra_headers + "\r\n";
}

struct Case {
  std::string name;
  std::string request;
  int status;
  std::string code;
};

// The state a hostile request must not change: the catalog version and the
// full offer list.
std::string CatalogFingerprint(const TestServer& s) {
  const Response r = s.Get("/v1/offers?limit=500&include_stale=true&include_quote=true");
  REQUIRE(r.status == 200);
  return r.header("X-Catalog-Version") + "|" + r.body;
}

int64_t Count5xx(const TestServer& s) {
  const Response m = s.Get("/metrics");
  int64_t n = 0;
  static const std::regex line(R"re(gpucat_http_requests_total\{[^}]*status="5\d\d"[^}]*\} (\d+))re");
  for (std::sregex_iterator it(m.body.begin(), m.body.end(), line), end; it != end; ++it) n += std::stoll((*it)[1]);
  return n;
}

void RunCases(const TestServer& s, const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    INFO(c.name << "\nrequest: " << c.request.substr(0, 300));
    const Answer a = Hit(s.port(), c.request);
    CHECK(a.status == c.status);
    CHECK(a.code == c.code);
  }
}

// A web root next to a file that must never be served.
struct WebRoot {
  TempDir dir;
  std::string root = dir.file("web");
  WebRoot() {
    std::filesystem::create_directories(root + "/assets");
    WriteFile(root + "/index.html", "<!doctype html><title>gpucat</title>");
    WriteFile(root + "/assets/app.js", "console.log('gpucat')");
    WriteFile(dir.file("SECRET.txt"), "TOP-SECRET-CONTENT");
  }
};

ServeOptions Hostile(const std::string& web_root = "") {
  ServeOptions o;
  o.web_root = web_root;
  o.access_log = false;
  o.threads = 4;
  return o;
}

}  // namespace

TEST_CASE("Overlong, oversized and malformed request heads get 414/431/400", "[server][hostile]") {
  Seeded s(Hostile());
  const std::string before = CatalogFingerprint(*s.server);
  std::vector<Case> cases = {
      {"request line over 8 KiB", Get("/v1/offers?gpu=" + std::string(9000, 'a')), 414, "uri_too_long"},
      {"request line over the 16 KiB head", Get("/v1/offers?gpu=" + std::string(20000, 'a')), 414, "uri_too_long"},
      {"a request line that never ends (1 MiB)", "GET /v1/offers?gpu=" + std::string(1 << 20, 'a'), 414,
       "uri_too_long"},
      {"one header line over 8 KiB", Get("/healthz", "X-Big: " + std::string(9000, 'b') + "\r\n"), 431,
       "headers_too_large"},
      {"headers over 16 KiB in total",
       Get("/healthz", "X-A: " + std::string(7000, 'a') + "\r\nX-B: " + std::string(7000, 'b') +
                           "\r\nX-C: " + std::string(7000, 'c') + "\r\n"),
       431, "headers_too_large"},
      {"headers that never end (1 MiB of small headers)",
       "GET /healthz HTTP/1.1\r\n" +
           [] {
             std::string h;
             while (h.size() < (1u << 20)) h += "X-Flood: 1\r\n";
             return h;
           }(),
       431, "headers_too_large"},
      {"no request target", "GET\r\n\r\n", 400, "bad_request"},
      {"HTTP/0.9 style request", "GET /healthz\r\n\r\n", 400, "bad_request"},
      {"binary garbage", std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) + "\r\n\r\n", 400,
       "bad_request"},
      {"a TLS ClientHello on the plain port (no line end, NUL bytes)",
       std::string("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03", 11), 400, "bad_request"},
      {"a bare LF line end", "GET /healthz HTTP/1.1\nHost: x\n\n", 400, "bad_request"},
      {"a leading empty line", "\r\nGET /healthz HTTP/1.1\r\n\r\n", 400, "bad_request"},
      {"invalid Range", Get("/healthz", "Range: bytes=abc\r\n"), 416, "bad_request"},
      {"a NUL byte in a header value", Get("/healthz", std::string("X-A: a\0b\r\n", 10)), 400, "bad_request"},
      {"a NUL byte in the request line", std::string("GET /healthz\0 HTTP/1.1\r\n\r\n", 26), 400, "bad_request"},
      {"a header without a colon", Get("/healthz", "NoColonHere\r\n"), 200, ""},
      {"an obsolete folded header", Get("/healthz", "X-A: a\r\n folded\r\n"), 200, ""},
  };
  // Header counts: 64 is the limit (docs/api.md "Limits").
  std::string at_limit, over_limit;
  for (int i = 0; i < 62; ++i) at_limit += "X-H" + std::to_string(i) + ": 1\r\n";  // + Host, Accept-Encoding = 64
  over_limit = at_limit + "X-One-Too-Many: 1\r\n";
  cases.push_back({"64 header lines", Get("/healthz", at_limit), 200, ""});
  cases.push_back({"65 header lines", Get("/healthz", over_limit), 431, "headers_too_large"});
  RunCases(*s.server, cases);
  CHECK(CatalogFingerprint(*s.server) == before);
  CHECK(Count5xx(*s.server) == 0);
}

TEST_CASE("A refused head closes the connection after its answer", "[server][hostile]") {
  Seeded s(Hostile());
  Conn c(s.server->port());
  c.Send(Get("/healthz", "X-Big: " + std::string(9000, 'b') + "\r\n") + Get("/healthz"));
  const Answer a = Parse(c.ReadResponse());
  CHECK(a.status == 431);
  CHECK(a.has_header("Connection: close"));
  CHECK(c.ClosedByServer());  // the pipelined second request is not read as a request
}

TEST_CASE("Parameters: invalid UTF-8, bad percent-encoding, repeats, conflicts, huge limits, cursors",
          "[server][hostile]") {
  Seeded s(Hostile());
  const std::string before = CatalogFingerprint(*s.server);
  std::string many;
  for (int i = 0; i < 65; ++i) many += (i ? "&" : "") + std::string("provider=p") + std::to_string(i);
  const std::vector<Case> cases = {
      {"invalid UTF-8 (percent-encoded)", Get("/v1/offers?product=%ff%fe"), 400, "invalid_parameter"},
      {"invalid UTF-8 (raw bytes)", Get("/v1/offers?product=\xff\xfe"), 400, "invalid_parameter"},
      {"truncated UTF-8 sequence", Get("/v1/offers?location=%E3%81"), 400, "invalid_parameter"},
      {"overlong UTF-8 '/'", Get("/v1/offers?product=%C0%AF"), 400, "invalid_parameter"},
      {"UTF-16 surrogate in UTF-8", Get("/v1/offers?product=%ED%A0%80"), 400, "invalid_parameter"},
      {"invalid UTF-8 in an unknown gpu", Get("/v1/compare?gpu=%ff"), 400, "invalid_parameter"},
      {"bad percent-encoding", Get("/v1/offers?gpu=%zz"), 404, "unknown_gpu"},
      {"a lone percent sign", Get("/v1/offers?product=%"), 200, ""},
      {"percent-encoded NUL", Get("/v1/offers?product=a%00b"), 200, ""},
      {"invalid UTF-8 in a parameter name", Get("/v1/offers?%ff=1"), 400, "unknown_parameter"},
      {"an empty parameter name", Get("/v1/offers?=1"), 400, "unknown_parameter"},
      {"an empty value", Get("/v1/offers?gpu="), 400, "invalid_parameter"},
      {"a value over 256 bytes", Get("/v1/offers?product=" + std::string(257, 'p')), 400, "invalid_parameter"},
      {"repeated limit", Get("/v1/offers?limit=1&limit=2"), 400, "duplicate_parameter"},
      {"conflicting tax", Get("/v1/offers?tax=included&tax=excluded"), 400, "duplicate_parameter"},
      {"repeated repeatable provider", Get("/v1/offers?provider=sakura&provider=sakura"), 200, ""},
      {"min_gpus above max_gpus", Get("/v1/offers?min_gpus=8&max_gpus=1"), 400, "invalid_range"},
      {"limit 501", Get("/v1/offers?limit=501"), 400, "limit_out_of_range"},
      {"limit 0", Get("/v1/offers?limit=0"), 400, "limit_out_of_range"},
      {"negative limit", Get("/v1/offers?limit=-1"), 400, "limit_out_of_range"},
      {"limit over int64", Get("/v1/offers?limit=99999999999999999999999"), 400, "invalid_number"},
      {"limit in exponent form", Get("/v1/offers?limit=1e3"), 400, "invalid_number"},
      {"limit with a plus sign", Get("/v1/offers?limit=%2B5"), 400, "invalid_number"},
      {"limit with spaces", Get("/v1/offers?limit=+5"), 400, "invalid_number"},
      {"history limit over 500", Get("/v1/offers/x/history?limit=100000"), 400, "limit_out_of_range"},
      {"changes limit negative", Get("/v1/changes?limit=-100"), 400, "limit_out_of_range"},
      {"negative changes cursor", Get("/v1/changes?since=-1"), 400, "invalid_cursor"},
      {"non-numeric changes cursor", Get("/v1/changes?since=abc"), 400, "invalid_cursor"},
      {"huge changes cursor", Get("/v1/changes?since=99999999999999999999999"), 400, "invalid_cursor"},
      {"negative offers cursor", Get("/v1/offers?cursor=-1"), 400, "invalid_cursor"},
      {"forged offers cursor", Get("/v1/offers?cursor=00.000000000000"), 400, "invalid_cursor"},
      {"an over-long cursor", Get("/v1/offers?cursor=" + std::string(1200, 'a')), 400, "invalid_cursor"},
      {"negative max_price", Get("/v1/offers?max_price=-1"), 400, "invalid_number"},
      {"max_price with 5 decimals", Get("/v1/offers?max_price=1.00001"), 400, "invalid_number"},
      {"max_price NaN", Get("/v1/offers?max_price=NaN"), 400, "invalid_number"},
      {"boolean as 1", Get("/v1/offers?include_quote=1"), 400, "invalid_enum"},
      {"enum in another case", Get("/v1/offers?tax=INCLUDED"), 400, "invalid_enum"},
      {"65 query parameters", Get("/v1/offers?" + many), 400, "too_many_parameters"},
      {"a parameter on a route without any", Get("/v1/providers?limit=1"), 400, "unknown_parameter"},
      {"a parameter on healthz", Get("/healthz?x=1"), 400, "unknown_parameter"},
  };
  RunCases(*s.server, cases);
  CHECK(CatalogFingerprint(*s.server) == before);
  CHECK(Count5xx(*s.server) == 0);
}

TEST_CASE("SQL meta-characters in every parameter of every endpoint change nothing and match nothing",
          "[server][hostile]") {
  Seeded s(Hostile());
  const std::string before = CatalogFingerprint(*s.server);
  const std::vector<std::string> payloads = {
      "' OR '1'='1",
      "\" OR \"\"=\"",
      "1; DROP TABLE offers; --",
      "x'); DELETE FROM offers; --",
      "' UNION SELECT * FROM sync_runs --",
      "%",
      "_",
      "\\",
      "*/ SELECT 1 /*",
      "1 OR 1=1",
      "sakura' --",
      "h100' OR gpu_model LIKE '%",
  };
  int requests = 0;
  for (const auto& route : server::ApiRoutes()) {
    if (route.method != "GET" || route.admin) continue;
    std::vector<std::string> names;
    std::string path = route.path;
    for (const char* p : {"{id}", "{name}"}) {
      if (const auto at = path.find(p); at != std::string::npos) path.replace(at, std::strlen(p), "PATHPARAM");
    }
    std::vector<std::string> params;
    for (const auto& spec : route.params) params.push_back(spec.name);
    params.push_back("");  // the path parameter, if any
    for (const auto& name : params) {
      if (name.empty() && path.find("PATHPARAM") == std::string::npos) continue;
      for (const auto& payload : payloads) {
        const std::string enc = httplib::detail::encode_query_param(payload);
        std::string target = path;
        if (name.empty()) {
          target.replace(target.find("PATHPARAM"), 9, enc);
        } else {
          if (const auto at = target.find("PATHPARAM"); at != std::string::npos) {
            target.replace(at, 9, route.path.find("{name}") != std::string::npos ? "sakura" : SeededId("vrt-h100"));
          }
          target += "?" + name + "=" + enc + (route.path == "/v1/compare" && name != "gpu" ? "&gpu=h100" : "");
        }
        INFO(target);
        const Answer a = Hit(s.server->port(), Get(target));
        ++requests;
        // Every value is bound, never spliced into SQL: a payload is either a
        // refused value (400/404 with a documented code) or a filter that
        // matches nothing.
        CHECK((a.status == 200 || a.status == 400 || a.status == 404));
        CHECK((a.status == 200 || !a.code.empty()));
        if (a.status == 200 && route.path == "/v1/offers") CHECK(json::parse(a.body).at("offers").empty());
        if (a.status == 200 && route.path == "/v1/changes") CHECK(json::parse(a.body).at("events").empty());
      }
    }
  }
  CHECK(requests > 150);
  CHECK(CatalogFingerprint(*s.server) == before);
  CHECK(Count5xx(*s.server) == 0);
}

TEST_CASE("Path traversal on the static files never leaves the web root", "[server][hostile]") {
  WebRoot web;
  Seeded s(Hostile(web.root));
  const std::string secret_path = web.dir.file("SECRET.txt");
  const std::vector<std::string> targets = {
      "/../SECRET.txt",
      "/../../SECRET.txt",
      "/assets/../../SECRET.txt",
      "/%2e%2e/SECRET.txt",
      "/%2E%2E/SECRET.txt",
      "/.%2e/SECRET.txt",
      "/%2e%2e%2fSECRET.txt",
      "/..%2fSECRET.txt",
      "/assets%2f..%2f..%2fSECRET.txt",
      "/..%5cSECRET.txt",
      "/..\\SECRET.txt",
      "/%252e%252e/SECRET.txt",
      "/..;/SECRET.txt",
      "/assets/./../../SECRET.txt",
      "//SECRET.txt",
      secret_path,
      "/" + secret_path,
      "/%2f" + secret_path.substr(1),
      "/etc/passwd",
      "/../../../../../../etc/passwd",
      "/index.html%00.js",
      "/index.html/..",
      "/assets/",
      "/..",
      "/.",
  };
  int requests = 0;
  for (const auto& t : targets) {
    INFO(t);
    const Answer a = Hit(s.server->port(), Get(t));
    ++requests;
    CHECK(a.body.find("TOP-SECRET") == std::string::npos);
    CHECK(a.body.find("root:") == std::string::npos);
    // Either the web root's own index (a path that normalizes into the root)
    // or a documented 404/400: never another file.
    if (a.status == 200) {
      CHECK(a.body.find("<title>gpucat</title>") != std::string::npos);
    } else {
      CHECK((a.status == 404 || a.status == 400));
      CHECK((a.code == "not_found" || a.code == "bad_request"));
    }
  }
  // The web root itself is served.
  CHECK(Hit(s.server->port(), Get("/index.html")).status == 200);
  CHECK(Hit(s.server->port(), Get("/assets/app.js")).status == 200);
  CHECK(requests == static_cast<int>(targets.size()));
  CHECK(Count5xx(*s.server) == 0);
}

TEST_CASE("Methods, bodies on GET and ambiguous framing", "[server][hostile]") {
  Seeded s(Hostile());
  const std::string before = CatalogFingerprint(*s.server);
  const std::vector<Case> cases = {
      {"unknown method", "FOO /v1/offers HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad_request"},
      {"lower-case method", "get /v1/offers HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad_request"},
      {"TRACE", "TRACE /v1/offers HTTP/1.1\r\nHost: x\r\n\r\n", 405, "method_not_allowed"},
      {"CONNECT", "CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: x\r\n\r\n", 404, "not_found"},
      {"DELETE", "DELETE /v1/offers HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 405, "method_not_allowed"},
      {"PUT with a body", "PUT /v1/offers HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}", 405,
       "method_not_allowed"},
      {"POST to a read endpoint", "POST /v1/offers HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}", 405,
       "method_not_allowed"},
      {"POST with a body over 64 KiB",
       "POST /v1/offers HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n" + std::string(70000, 'x'), 413,
       "payload_too_large"},
      {"POST claiming 10 GB", "POST /v1/offers HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000000\r\n\r\n", 413,
       "payload_too_large"},
      {"POST claiming 10^25 bytes",
       "POST /v1/offers HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000000000000000000000\r\n\r\n", 413,
       "payload_too_large"},
      {"POST to an admin route with 1 MB", "POST /v1/admin/sync HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n",
       413, "payload_too_large"},
      {"a GET with a body", Get("/v1/offers", "Content-Length: 5\r\n") + "hello", 400, "unexpected_body"},
      {"a HEAD with a body (no body in the answer)",
       "HEAD /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", 400, ""},
      {"a chunked GET", Get("/v1/offers", "Transfer-Encoding: chunked\r\n") + "5\r\nhello\r\n0\r\n\r\n", 400,
       "unexpected_body"},
      {"a GET with a bogus length", Get("/v1/offers", "Content-Length: abc\r\n"), 400, "unexpected_body"},
      {"a GET with Content-Length 0", Get("/healthz", "Content-Length: 0\r\n"), 200, ""},
      {"two Content-Lengths", "POST /v1/offers HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
       400, "bad_request"},
      {"Content-Length and chunked",
       "POST /v1/offers HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400,
       "bad_request"},
      {"HTTP/1.0 request", "GET /healthz HTTP/1.0\r\n\r\n", 200, ""},
      {"HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400, "bad_request"},
      {"HTTP/1.2", "GET /healthz HTTP/1.2\r\n\r\n", 400, "bad_request"},
  };
  RunCases(*s.server, cases);

  SECTION("A body smuggled in a GET is never read as a second request") {
    Conn c(s.server->port());
    const std::string smuggled = Get("/v1/providers");
    c.Send(Get("/healthz", "Content-Length: " + std::to_string(smuggled.size()) + "\r\n") + smuggled);
    const Answer a = Parse(c.ReadResponse());
    CHECK(a.status == 400);
    CHECK(a.code == "unexpected_body");
    CHECK(a.has_header("Connection: close"));
    CHECK(c.ClosedByServer());
  }
  SECTION("An over-long POST body is never read as the next request") {
    Conn c(s.server->port());
    c.Send("POST /v1/offers HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n" + Get("/v1/providers"));
    CHECK(Parse(c.ReadResponse()).status == 413);
    CHECK(c.ClosedByServer());
  }
  CHECK(CatalogFingerprint(*s.server) == before);
  CHECK(Count5xx(*s.server) == 0);
}

TEST_CASE("Keep-alive and pipelining still work under the guarded connection loop", "[server][hostile]") {
  Seeded s(Hostile());
  Conn c(s.server->port());
  c.Send(Get("/healthz") + Get("/v1/providers") + Get("/v1/gpus"));
  for (int i = 0; i < 3; ++i) CHECK(Parse(c.ReadResponse()).status == 200);
  c.Send(Get("/v1/offers?limit=1"));
  CHECK(Parse(c.ReadResponse()).status == 200);
}

TEST_CASE("Slow clients: a head that does not arrive in time gets 408", "[server][hostile]") {
  ServeOptions o = Hostile();
  o.head_timeout_seconds = 1;
  o.request_timeout_seconds = 2;
  Seeded s(o);
  SECTION("slowloris: the request line and one header, then nothing") {
    Conn c(s.server->port());
    c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n");
    const Answer a = Parse(c.ReadResponse());
    CHECK(a.status == 408);
    CHECK(a.code == "request_timeout");
    CHECK(c.ClosedByServer());
  }
  SECTION("a request line cut in the middle") {
    Conn c(s.server->port());
    c.Send("GET /heal");
    const Answer a = Parse(c.ReadResponse());
    CHECK(a.status == 408);
    CHECK(a.code == "request_timeout");
  }
  SECTION("a body that never arrives: the connection is closed") {
    Conn c(s.server->port());
    c.Send("POST /v1/offers HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");
    CHECK(c.ReadResponse().empty());  // no answer to a request never received; closed
  }
  // The workers are free again.
  CHECK(s.server->Get("/healthz").status == 200);
}

TEST_CASE("Connections over the limit get 503 server_busy at once; the server recovers", "[server][hostile]") {
  ServeOptions o = Hostile();
  o.threads = 2;
  o.max_connections = 3;
  Seeded s(o);
  {
    // Three open connections: two served (idle in keep-alive), one queued.
    std::vector<std::unique_ptr<Conn>> held;
    for (int i = 0; i < 3; ++i) {
      held.push_back(std::make_unique<Conn>(s.server->port()));
      held.back()->Send(Get("/healthz"));
      if (i < 2) CHECK(Parse(held.back()->ReadResponse()).status == 200);
    }
    Conn extra(s.server->port());
    const Answer a = Parse(extra.ReadResponse());
    CHECK(a.status == 503);
    CHECK(a.code == "server_busy");
    CHECK(a.has_header("Retry-After: 1"));
  }
  // The held connections are closed: new ones are served again, as soon as
  // the server has seen them close.
  int status = 0;
  for (int i = 0; i < 500 && status != 200; ++i) {
    status = Hit(s.server->port(), Get("/healthz")).status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(status == 200);
  const Response m = s.server->Get("/metrics");
  CHECK(m.body.find("route=\"connection_limit\"") != std::string::npos);
}
