// The live fetcher against loopback servers (plain HTTP via allow_plain_http):
// success with validators, 304, retries and backoff, timeouts, size cap,
// truncation, Basic auth kept out of logs, User-Agent.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "gpucat/fetch.h"
#include "test_support.h"

namespace gpucat {
namespace {

using namespace std::chrono_literals;
using testing::LogCapture;
using testing::Loopback;
using testing::RawServer;
using testing::TempDir;

// The bytes served: a snapshot in the shape of Sakura's public price API.
constexpr std::string_view kSnapshot =
    R"({"1": {"ServiceClassName": "cloud/plan/gpu/h100", "Price": {"Hourly": 990, "Monthly": 198000}}})";

// Short backoff so retries stay fast; a long read timeout so that, on a busy
// machine, a closed connection is never mistaken for a timeout.
HttpsOptions TestOptions() {
  HttpsOptions o;
  o.allow_plain_http = true;
  o.connect_timeout_ms = 500;
  o.read_timeout_ms = 2000;  // generous: tests of timeouts set their own
  o.max_attempts = 3;
  o.initial_backoff_ms = 10;
  return o;
}

SourceSpec Spec(const std::string& url) {
  SourceSpec s;
  s.id = "sakura.vrt.is1a";
  s.kind = SourceKind::kApi;
  s.parser = "vrt_price";
  s.url = url;
  s.snapshot_file = "price-is1a.json";
  return s;
}

int64_t MillisSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
}

TEST_CASE("https: 200 returns the bytes, provenance and validators", "[fetch]") {
  Loopback lb;
  std::string user_agent, accept;
  lb.server.Get("/price", [&](const httplib::Request& req, httplib::Response& res) {
    user_agent = req.get_header_value("User-Agent");
    res.set_header("ETag", "\"v1\"");
    res.set_header("Last-Modified", "Mon, 01 Jun 2026 00:00:00 GMT");
    res.set_content(std::string(kSnapshot), "application/json");
  });
  lb.Start();

  SourceSpec spec = Spec(lb.Url("/price?zone=is1a"));
  spec.kind = SourceKind::kSheet;
  auto r = MakeHttpsFetcher(TestOptions())->Fetch("sakura", spec, {});
  REQUIRE(r.ok());
  const FetchOutcome& out = r.value();
  CHECK_FALSE(out.not_modified);
  CHECK(out.etag == "\"v1\"");
  CHECK(out.last_modified == "Mon, 01 Jun 2026 00:00:00 GMT");
  REQUIRE(out.document.has_value());
  CHECK(out.document->body == kSnapshot);
  CHECK(out.document->provenance.kind == SourceKind::kSheet);
  CHECK(out.document->provenance.source_id == "sakura.vrt.is1a");
  CHECK(out.document->provenance.url == spec.url);
  CHECK(out.document->provenance.file.empty());
  CHECK_FALSE(out.document->provenance.fetched_at.empty());
  CHECK(out.document->provenance.sha256.size() == 64);
  // The User-Agent names gpucat and its version.
  CHECK_THAT(user_agent, Catch::StartsWith("gpucat/" GPUCAT_VERSION));
}

TEST_CASE("https: the live bytes hash like the same snapshot read offline", "[fetch]") {
  TempDir root;
  root.Write("sakura/snapshots/price-is1a.json", std::string(kSnapshot));
  Loopback lb;
  lb.server.set_mount_point("/", (root.path() / "sakura/snapshots").string());
  lb.Start();
  auto live = MakeHttpsFetcher(TestOptions())->Fetch("sakura", Spec(lb.Url("/price-is1a.json")), {});
  auto offline = MakeSnapshotFetcher(root.path().string())->Fetch("sakura", Spec("unused"), {});
  REQUIRE(live.ok());
  REQUIRE(offline.ok());
  CHECK(live.value().document->body == offline.value().document->body);
  CHECK(live.value().document->provenance.sha256 == offline.value().document->provenance.sha256);
}

TEST_CASE("https: conditional GET: 304 -> not_modified keeping the validators", "[fetch]") {
  Loopback lb;
  std::string if_none_match, if_modified_since;
  lb.server.Get("/price", [&](const httplib::Request& req, httplib::Response& res) {
    if_none_match = req.get_header_value("If-None-Match");
    if_modified_since = req.get_header_value("If-Modified-Since");
    if (if_none_match == "\"v1\"") {
      res.status = 304;
      return;
    }
    res.set_header("ETag", "\"v1\"");
    res.set_content(std::string(kSnapshot), "application/json");
  });
  lb.Start();
  auto fetcher = MakeHttpsFetcher(TestOptions());
  auto first = fetcher->Fetch("sakura", Spec(lb.Url("/price")), {});
  REQUIRE(first.ok());
  CHECK(if_none_match.empty());
  CHECK(if_modified_since.empty());

  ConditionalState previous{first.value().etag, "Mon, 01 Jun 2026 00:00:00 GMT"};
  auto second = fetcher->Fetch("sakura", Spec(lb.Url("/price")), previous);
  REQUIRE(second.ok());
  CHECK(if_none_match == "\"v1\"");
  CHECK(if_modified_since == "Mon, 01 Jun 2026 00:00:00 GMT");
  CHECK(second.value().not_modified);
  CHECK_FALSE(second.value().document.has_value());
  CHECK(second.value().etag == "\"v1\"");
  CHECK(second.value().last_modified == "Mon, 01 Jun 2026 00:00:00 GMT");
}

TEST_CASE("https: a 304 without Content-Length on a kept-open connection is not waited on", "[fetch]") {
  // What real servers send; httplib 0.11.4 alone would wait for a body until
  // the read timeout and report an error.
  RawServer raw("HTTP/1.1 304 Not Modified\r\nETag: \"v2\"\r\n\r\n", /*hold_ms=*/1200);
  HttpsOptions o = TestOptions();
  o.read_timeout_ms = 1000;
  const auto t0 = std::chrono::steady_clock::now();
  auto r = MakeHttpsFetcher(o)->Fetch("sakura", Spec(raw.Url("/price")), ConditionalState{"\"v1\"", ""});
  REQUIRE(r.ok());
  CHECK(r.value().not_modified);
  CHECK(r.value().etag == "\"v2\"");
  CHECK(MillisSince(t0) < 900);
}

TEST_CASE("https: a 304 to an unconditional request -> fetch_http_status", "[fetch]") {
  Loopback lb;
  lb.server.Get("/price", [](const httplib::Request&, httplib::Response& res) { res.status = 304; });
  lb.Start();
  auto r = MakeHttpsFetcher(TestOptions())->Fetch("sakura", Spec(lb.Url("/price")), {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "fetch_http_status");
  CHECK_THAT(r.status().message(), Catch::Contains("304"));
}

TEST_CASE("https: 500 then 200 -> retried and succeeds", "[fetch]") {
  Loopback lb;
  std::atomic<int> calls{0};
  lb.server.Get("/price", [&](const httplib::Request&, httplib::Response& res) {
    if (++calls == 1) {
      res.status = 500;
      res.set_content("oops", "text/plain");
      return;
    }
    res.set_content(std::string(kSnapshot), "application/json");
  });
  lb.Start();
  auto r = MakeHttpsFetcher(TestOptions())->Fetch("sakura", Spec(lb.Url("/price")), {});
  REQUIRE(r.ok());
  CHECK(r.value().document->body == kSnapshot);
  CHECK(calls == 2);
}

TEST_CASE("https: always 500 -> fetch_http_status after max_attempts, backoff doubling", "[fetch]") {
  Loopback lb;
  std::atomic<int> calls{0};
  lb.server.Get("/price", [&](const httplib::Request&, httplib::Response& res) {
    ++calls;
    res.status = 503;
  });
  lb.Start();
  HttpsOptions o = TestOptions();
  o.max_attempts = 3;
  o.initial_backoff_ms = 60;  // waits 60 ms then 120 ms
  const auto t0 = std::chrono::steady_clock::now();
  auto r = MakeHttpsFetcher(o)->Fetch("sakura", Spec(lb.Url("/price")), {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "fetch_http_status");
  CHECK_THAT(r.status().message(), Catch::Contains("503"));
  CHECK_THAT(r.status().message(), Catch::Contains("3 attempts"));
  CHECK(calls == 3);
  CHECK(MillisSince(t0) >= 180);
}

TEST_CASE("https: 404 and other 4xx -> fetch_http_status without retry", "[fetch]") {
  for (int status : {400, 401, 403, 404, 429}) {
    CAPTURE(status);
    Loopback lb;
    std::atomic<int> calls{0};
    lb.server.Get("/price", [&](const httplib::Request&, httplib::Response& res) {
      ++calls;
      res.status = status;
      res.set_content("not here", "text/plain");
    });
    lb.Start();
    auto r = MakeHttpsFetcher(TestOptions())->Fetch("sakura", Spec(lb.Url("/price")), {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "fetch_http_status");
    CHECK_THAT(r.status().message(), Catch::Contains(std::to_string(status)));
    CHECK(calls == 1);
  }
}

TEST_CASE("https: redirects are not followed -> fetch_http_status", "[fetch]") {
  Loopback lb;
  lb.server.Get("/price", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("http://127.0.0.1:1/elsewhere");
  });
  lb.Start();
  auto r = MakeHttpsFetcher(TestOptions())->Fetch("sakura", Spec(lb.Url("/price")), {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "fetch_http_status");
  CHECK_THAT(r.status().message(), Catch::Contains("302"));
}

TEST_CASE("https: a response slower than the read timeout -> fetch_timeout, retried", "[fetch]") {
  Loopback lb;
  std::atomic<int> calls{0};
  lb.server.Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
    ++calls;
    std::this_thread::sleep_for(400ms);
    res.set_content(std::string(kSnapshot), "application/json");
  });
  lb.Start();
  HttpsOptions o = TestOptions();
  o.read_timeout_ms = 150;
  o.max_attempts = 2;
  auto r = MakeHttpsFetcher(o)->Fetch("sakura", Spec(lb.Url("/slow")), {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "fetch_timeout");
  CHECK(calls == 2);
}

TEST_CASE("https: a body that stalls past the read timeout -> fetch_timeout", "[fetch]") {
  Loopback lb;
  lb.server.Get("/stall", [](const httplib::Request&, httplib::Response& res) {
    res.set_content_provider(10, "text/plain", [](size_t offset, size_t, httplib::DataSink& sink) {
      if (offset > 0) std::this_thread::sleep_for(400ms);
      sink.write("hello", 5);
      return true;
    });
  });
  lb.Start();
  HttpsOptions o = TestOptions();
  o.read_timeout_ms = 150;
  o.max_attempts = 1;
  auto r = MakeHttpsFetcher(o)->Fetch("sakura", Spec(lb.Url("/stall")), {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "fetch_timeout");
}

TEST_CASE("https: body over the cap -> fetch_too_large without retry", "[fetch]") {
  Loopback lb;
  std::atomic<int> calls{0};
  lb.server.Get("/big", [&](const httplib::Request&, httplib::Response& res) {
    ++calls;
    res.set_content(std::string(5000, 'x'), "application/json");
  });
  // No Content-Length: the cap must hold while streaming, too.
  lb.server.Get("/big-chunked", [&](const httplib::Request&, httplib::Response& res) {
    ++calls;
    res.set_chunked_content_provider("application/json", [](size_t offset, httplib::DataSink& sink) {
      if (offset >= 50000) {
        sink.done();
        return true;
      }
      const std::string chunk(1000, 'x');
      sink.write(chunk.data(), chunk.size());
      return true;
    });
  });
  lb.server.Get("/exact", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(1000, 'x'), "application/json");
  });
  lb.Start();
  HttpsOptions o = TestOptions();
  o.max_body_bytes = 1000;
  auto fetcher = MakeHttpsFetcher(o);
  for (const char* path : {"/big", "/big-chunked"}) {
    CAPTURE(path);
    calls = 0;
    auto r = fetcher->Fetch("sakura", Spec(lb.Url(path)), {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "fetch_too_large");
    CHECK(calls == 1);
  }
  auto exact = fetcher->Fetch("sakura", Spec(lb.Url("/exact")), {});
  REQUIRE(exact.ok());
  CHECK(exact.value().document->body.size() == 1000);
}

TEST_CASE("https: a body shorter than Content-Length -> fetch_truncated", "[fetch]") {
  Loopback lb;
  std::atomic<int> calls{0};
  lb.server.Get("/cut", [&](const httplib::Request&, httplib::Response& res) {
    ++calls;
    // Promises the whole snapshot, sends half, then gives up: httplib closes
    // the connection when a content provider returns false.
    res.set_content_provider(kSnapshot.size(), "application/json", [](size_t offset, size_t, httplib::DataSink& sink) {
      if (offset > 0) return false;
      sink.write(kSnapshot.data(), kSnapshot.size() / 2);
      return true;
    });
  });
  lb.Start();
  auto r = MakeHttpsFetcher(TestOptions())->Fetch("sakura", Spec(lb.Url("/cut")), {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "fetch_truncated");
  CHECK_THAT(r.status().message(), Catch::Contains("of " + std::to_string(kSnapshot.size())));
  CHECK(calls == 3);  // a cut connection is transient: retried like a timeout
}

TEST_CASE("https: a chunked body cut mid-stream -> fetch_truncated", "[fetch]") {
  RawServer raw(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
      "10\r\n{\"1\": {\"Service",
      /*hold_ms=*/0);
  HttpsOptions o = TestOptions();
  o.max_attempts = 1;
  auto r = MakeHttpsFetcher(o)->Fetch("sakura", Spec(raw.Url("/price")), {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "fetch_truncated");
}

TEST_CASE("https: an empty 200 body is a document, not a fetch error", "[fetch]") {
  Loopback lb;
  lb.server.Get("/empty",
                [](const httplib::Request&, httplib::Response& res) { res.set_content("", "application/json"); });
  lb.Start();
  auto r = MakeHttpsFetcher(TestOptions())->Fetch("sakura", Spec(lb.Url("/empty")), {});
  REQUIRE(r.ok());
  REQUIRE(r.value().document.has_value());
  CHECK(r.value().document->body.empty());
}

TEST_CASE("https: connection refused or closed without a response -> fetch_failed", "[fetch]") {
  // A bound socket that never listens: connecting to its port is refused, and
  // holding it keeps any other process from taking the port meanwhile.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/price";
  auto refused = MakeHttpsFetcher(TestOptions())->Fetch("sakura", Spec(url), {});
  ::close(fd);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == "fetch_failed");

  RawServer hangup("", /*hold_ms=*/0);
  auto closed = MakeHttpsFetcher(TestOptions())->Fetch("sakura", Spec(hangup.Url("/price")), {});
  REQUIRE_FALSE(closed.ok());
  CHECK(closed.status().code() == "fetch_failed");
  CHECK(hangup.connections() == 3);
}

TEST_CASE("https: TLS is attempted for https URLs -> fetch_failed against a plain server", "[fetch]") {
  RawServer plain("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", /*hold_ms=*/0);
  std::string url = plain.Url("/price");
  url.replace(0, 4, "https");
  HttpsOptions o = TestOptions();
  o.max_attempts = 1;
  o.read_timeout_ms = 300;  // the plain server never answers the TLS hello
  auto r = MakeHttpsFetcher(o)->Fetch("sakura", Spec(url), {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "fetch_failed");
}

TEST_CASE("https: bad URLs and headers -> config_error, before any request", "[fetch]") {
  HttpsOptions production;  // allow_plain_http = false
  auto strict = MakeHttpsFetcher(production);
  auto r = strict->Fetch("sakura", Spec("http://127.0.0.1:1/price"), {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "config_error");

  auto fetcher = MakeHttpsFetcher(TestOptions());
  for (const std::string url :
       {"", "127.0.0.1/price", "ftp://example.invalid/", "https:///price", "https://host:99999/", "https://host:/",
        "https://ho st/", "https://host/pa th", "https://[::1/"}) {
    CAPTURE(url);
    auto bad = fetcher->Fetch("sakura", Spec(url), {});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.status().code() == "config_error");
  }

  auto userinfo = fetcher->Fetch("sakura", Spec("https://user:hunter2@example.invalid/"), {});
  REQUIRE_FALSE(userinfo.ok());
  CHECK(userinfo.status().code() == "config_error");
  CHECK_THAT(userinfo.status().message(), !Catch::Contains("hunter2"));

  SourceSpec injected = Spec("https://example.invalid/");
  injected.headers["X-Api-Key"] = "k\r\nX-Evil: 1";
  auto header = fetcher->Fetch("sakura", injected, {});
  REQUIRE_FALSE(header.ok());
  CHECK(header.status().code() == "config_error");
  CHECK_THAT(header.status().message(), !Catch::Contains("X-Evil"));

  SourceSpec bad_name = Spec("https://example.invalid/");
  bad_name.headers["X-Evil: 1\r\nX"] = "v";
  auto named = fetcher->Fetch("sakura", bad_name, {});
  REQUIRE_FALSE(named.ok());
  CHECK(named.status().code() == "config_error");
}

TEST_CASE("https: Basic auth and headers reach the server, never the logs or messages", "[fetch]") {
  Loopback lb;
  std::mutex mu;
  std::string authorization, api_key, user_agent;
  lb.server.Get("/unit_prices/", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu);
    authorization = req.get_header_value("Authorization");
    api_key = req.get_header_value("X-Api-Key");
    user_agent = req.get_header_value("User-Agent");
    if (req.has_param("fail")) {
      res.status = 401;
      return;
    }
    res.set_content(R"({"meta": {}, "results": []})", "application/json");
  });
  lb.Start();

  LogCapture log;
  SourceSpec spec = Spec(lb.Url("/unit_prices/?year=2026&month=6"));
  spec.id = "sakura.dok";
  spec.basic_user = "dok-user";
  spec.basic_password = "s3cret-pw";
  spec.headers["X-Api-Key"] = "k3y-value";
  spec.headers["User-Agent"] = "spoofed";  // gpucat's own User-Agent wins
  auto fetcher = MakeHttpsFetcher(TestOptions());
  auto ok = fetcher->Fetch("sakura", spec, {});
  REQUIRE(ok.ok());
  {
    std::lock_guard<std::mutex> lock(mu);
    // base64("dok-user:s3cret-pw")
    CHECK(authorization == "Basic ZG9rLXVzZXI6czNjcmV0LXB3");
    CHECK(api_key == "k3y-value");
    CHECK_THAT(user_agent, Catch::StartsWith("gpucat/"));
  }
  CHECK(ok.value().document->source.basic_password.empty());
  CHECK(ok.value().document->source.headers.empty());

  spec.url = lb.Url("/unit_prices/?fail=1");
  auto denied = fetcher->Fetch("sakura", spec, {});
  REQUIRE_FALSE(denied.ok());
  CHECK(denied.status().code() == "fetch_http_status");

  const std::string text = log.text();
  CHECK_THAT(text, Catch::Contains("sakura.dok"));  // each attempt is logged...
  CHECK_THAT(text, Catch::Contains("/unit_prices/?year=2026&month=6"));
  CHECK_THAT(text, Catch::Contains("401"));
  for (const char* secret : {"s3cret-pw", "ZG9rLXVzZXI6czNjcmV0LXB3", "Authorization", "k3y-value"}) {
    CAPTURE(secret);  // ...and none of the credentials are
    CHECK_THAT(text, !Catch::Contains(secret));
    CHECK_THAT(denied.status().message(), !Catch::Contains(secret));
  }
}

}  // namespace
}  // namespace gpucat
