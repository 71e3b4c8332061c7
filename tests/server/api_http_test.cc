// HTTP behaviour shared by every endpoint: ETag/304, caching headers, gzip,
// 404/405/413/414/400/500, snapshots under concurrent syncs, metrics, the
// access log, health, and the server's lifecycle.
#include <signal.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <regex>

#include "gpucat/normalize.h"
#include "server/etag.h"
#include "server/handlers/handlers.h"
#include "server/http_edge.h"
#include "server/params.h"
#include "server_fixture.h"

using namespace gpucat;
using namespace gpucat::testing;
using nlohmann::json;

namespace {

std::string Gunzip(const std::string& in) {
  z_stream z{};
  REQUIRE(inflateInit2(&z, 16 + MAX_WBITS) == Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  inflateEnd(&z);
  REQUIRE(rc == Z_STREAM_END);
  return out;
}

// An httplib server with the real edge but test routes: for behaviour no
// production route can be made to show (exceptions, a sync in mid-request).
class EdgeHarness {
 public:
  EdgeHarness(const std::vector<server::Route>& routes, const std::string& db) : state_(Options(db)) {
    QuietLogs();
    server::InstallRoutes(http_, routes, state_);
    port_ = http_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { http_.listen_after_bind(); });
  }
  ~EdgeHarness() {
    while (!http_.is_running()) std::this_thread::yield();  // stop() is a no-op before listening
    http_.stop();
    thread_.join();
  }
  int port() const { return port_; }

 private:
  static ServeOptions Options(const std::string& db) {
    ServeOptions o;
    o.db_path = db;
    o.clock = [] { return std::string(kClock); };
    return o;
  }
  server::ServerState state_;
  httplib::Server http_;
  int port_ = 0;
  std::thread thread_;
};

server::Route TestRoute(const std::string& path, server::Handler handler, bool reads_catalog = true) {
  server::Route r;
  r.path = path;
  r.operation_id = "test";
  r.handler = std::move(handler);
  r.reads_catalog = reads_catalog;
  return r;
}

SyncBatch TwoOffers(const std::string& amount) {
  return ProviderBatch("testprov", {Draft("testprov", "p", "a", amount), Draft("testprov", "p", "b", amount)});
}

}  // namespace

TEST_CASE("ETag: same request, same bytes, same tag, If-None-Match gives 304", "[server][http]") {
  Seeded s;
  const Response a = s.server->Get("/v1/offers?gpu=h100&provider=sakura");
  const Response b = s.server->Get("/v1/offers?provider=sakura&gpu=h100");  // parameter order is irrelevant
  REQUIRE(a.status == 200);
  CHECK(a.body == b.body);
  CHECK(a.header("ETag") == b.header("ETag"));
  CHECK(std::regex_match(a.header("ETag"), std::regex("\"4-[0-9a-f]{24}\"")));
  CHECK(a.header("ETag") != s.server->Get("/v1/offers?gpu=h100").header("ETag"));

  const Response not_modified =
      s.server->Get("/v1/offers?gpu=h100&provider=sakura", {{"If-None-Match", a.header("ETag")}});
  CHECK(not_modified.status == 304);
  CHECK(not_modified.body.empty());
  CHECK(not_modified.header("ETag") == a.header("ETag"));
  CHECK(not_modified.header("X-Catalog-Version") == "4");
  CHECK(not_modified.header("Cache-Control") == "no-cache");
  CHECK(s.server->Get("/v1/offers?gpu=h100&provider=sakura", {{"If-None-Match", "W/" + a.header("ETag")}}).status ==
        304);
  CHECK(
      s.server->Get("/v1/offers?gpu=h100&provider=sakura", {{"If-None-Match", "\"x\", " + a.header("ETag")}}).status ==
      304);
  CHECK(s.server->Get("/v1/offers?gpu=h100&provider=sakura", {{"If-None-Match", "*"}}).status == 304);
  CHECK(s.server->Get("/v1/offers?gpu=h100&provider=sakura", {{"If-None-Match", "\"4-0\""}}).status == 200);
  // Every cacheable endpoint honours it.
  const std::vector<std::string> targets = {"/v1/offers/" + SeededId("vrt-h100"),
                                            "/v1/offers/" + SeededId("vrt-h100") + "/history",
                                            "/v1/gpus",
                                            "/v1/compare?gpu=h200",
                                            "/v1/providers",
                                            "/v1/providers/gmo",
                                            "/v1/providers/gmo/rejects",
                                            "/v1/changes?since=2",
                                            "/openapi.json"};
  for (const auto& target : targets) {
    INFO(target);
    const Response r = s.server->Get(target);
    REQUIRE(r.status == 200);
    REQUIRE_FALSE(r.header("ETag").empty());
    CHECK(s.server->Get(target, {{"If-None-Match", r.header("ETag")}}).status == 304);
  }
}

TEST_CASE("A sync that changes the catalog changes the ETag", "[server][http]") {
  Seeded s;
  const Response before = s.server->Get("/v1/offers?gpu=h100");
  {
    auto writer = Catalog::Open(s.db);
    REQUIRE(writer.ok());
    SyncBatch sakura = SeedBatches()[0];
    sakura.offers[0] = MustNormalize(Draft("sakura", "koukaryoku-vrt", "vrt-h100", "880"), sakura.parsed_sources[0]);
    REQUIRE(writer.value()->ApplySync(sakura, "2026-11-22T00:30:00Z").ok());
  }
  const Response after = s.server->Get("/v1/offers?gpu=h100", {{"If-None-Match", before.header("ETag")}});
  CHECK(after.status == 200);
  CHECK(after.header("X-Catalog-Version") == "5");
  CHECK(after.header("ETag").rfind("\"5-", 0) == 0);
}

TEST_CASE("A re-sync that only refreshes last-seen times changes the ETag, not the version", "[server][http]") {
  Seeded s;
  const Response before = s.server->Get("/v1/offers?provider=sakura");
  {
    auto writer = Catalog::Open(s.db);
    REQUIRE(writer.ok());
    SyncBatch same = SeedBatches()[0];
    same.started_at = "2026-11-22T00:45:00Z";
    REQUIRE(writer.value()->ApplySync(same, "2026-11-22T00:45:00Z").ok());
  }
  const Response after = s.server->Get("/v1/offers?provider=sakura", {{"If-None-Match", before.header("ETag")}});
  CHECK(after.status == 200);  // ages and last_seen moved: other bytes, so another strong tag
  CHECK(after.header("X-Catalog-Version") == "4");
  CHECK(after.json().at("offers").at(0).at("age_seconds") == 900);
}

TEST_CASE("Ages are computed at the age resolution, so the ETag holds within it", "[server][http]") {
  TempDir dir;
  SeedCatalog(dir.file("c.db"));
  auto clock = std::make_shared<std::atomic<int64_t>>(*ParseTimestamp("2026-11-22T01:00:00Z"));
  ServeOptions options;
  options.clock = [clock] { return FormatTimestamp(clock->load()); };
  TestServer server(dir.file("c.db"), options);
  const Response a = server.Get("/v1/offers");
  clock->store(*ParseTimestamp("2026-11-22T01:00:59Z"));
  const Response b = server.Get("/v1/offers");
  CHECK(a.body == b.body);
  CHECK(a.header("ETag") == b.header("ETag"));
  CHECK(b.json().at("as_of") == "2026-11-22T01:00:00Z");
  clock->store(*ParseTimestamp("2026-11-22T01:01:00Z"));
  const Response c = server.Get("/v1/offers");
  CHECK(c.header("ETag") != a.header("ETag"));
  CHECK(c.json().at("as_of") == "2026-11-22T01:01:00Z");
  CHECK(c.json().at("offers").at(0).at("age_seconds") == 3660);
}

TEST_CASE("Cache-Control is deliberate: no-cache for data, no-store for errors and operations", "[server][http]") {
  Seeded s;
  CHECK(s.server->Get("/v1/offers").header("Cache-Control") == "no-cache");
  CHECK(s.server->Get("/openapi.json").header("Cache-Control") == "no-cache");
  for (const char* target : {"/healthz", "/readyz", "/metrics", "/v1/offers?limit=0", "/nope", "/v1/offers/x"}) {
    INFO(target);
    const Response r = s.server->Get(target);
    CHECK(r.header("Cache-Control") == "no-store");
    CHECK(r.header("ETag").empty());
    CHECK(r.header("X-Content-Type-Options") == "nosniff");
  }
}

TEST_CASE("gzip (and brotli) when the client accepts it, the ETag names the coding", "[server][http]") {
  Seeded s;
  const Response plain = s.server->Get("/v1/offers");
  CHECK(plain.header("Content-Encoding").empty());
  CHECK(plain.header("Vary") == "Accept-Encoding");
  const Response gz = s.server->Get("/v1/offers", {{"Accept-Encoding", "gzip"}});
  REQUIRE(gz.status == 200);
  CHECK(gz.header("Content-Encoding") == "gzip");
  CHECK(gz.header("Vary") == "Accept-Encoding");
  CHECK(gz.body.size() < plain.body.size() / 3);
  CHECK(Gunzip(gz.body) == plain.body);
  const std::string tag = plain.header("ETag");
  CHECK(gz.header("ETag") == tag.substr(0, tag.size() - 1) + "-gzip\"");
  CHECK(s.server->Get("/v1/offers", {{"Accept-Encoding", "gzip"}, {"If-None-Match", gz.header("ETag")}}).status == 304);
  // Whatever httplib picks, the ETag's suffix says it (server/etag.h mirrors httplib).
  for (const char* accept : {"gzip", "br", "gzip, deflate, br", "deflate", "identity", "*"}) {
    INFO(accept);
    const Response r = s.server->Get("/v1/offers", {{"Accept-Encoding", accept}});
    const std::string coding = r.header("Content-Encoding");
    CHECK(coding == server::ContentCodingFor(accept, "application/json"));
    const std::string etag = r.header("ETag");
    CHECK(etag == (coding.empty() ? tag : tag.substr(0, tag.size() - 1) + "-" + coding + "\""));
  }
  // Errors and metrics are compressed too.
  const Response err = s.server->Get("/v1/offers?limit=0", {{"Accept-Encoding", "gzip"}});
  CHECK(err.status == 400);
  CHECK(json::parse(Gunzip(err.body)).at("error").at("code") == "limit_out_of_range");
  CHECK(Gunzip(s.server->Get("/metrics", {{"Accept-Encoding", "gzip"}}).body).find("gpucat_catalog_version 4") !=
        std::string::npos);
}

TEST_CASE("HEAD answers like GET without a body", "[server][http]") {
  Seeded s;
  const Response get = s.server->Get("/v1/offers");
  const Response head = s.server->Send("HEAD", "/v1/offers");
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(head.header("ETag") == get.header("ETag"));
  CHECK(head.header("Content-Length") == std::to_string(get.body.size()));
}

TEST_CASE("Unknown paths are 404 not_found, wrong methods 405 with Allow", "[server][http]") {
  Seeded s;
  for (const char* target : {"/", "/v1", "/v1/offer", "/v2/offers", "/v1/offers/a/b/c", "/../etc/passwd"}) {
    INFO(target);
    const Response r = s.server->Get(target);
    CHECK(r.status == 404);
    CHECK(r.json().at("error").at("code") == "not_found");
  }
  for (const char* method : {"POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    INFO(method);
    const Response r = s.server->Send(method, "/v1/offers", "{}");
    CHECK(r.status == 405);
    CHECK(r.header("Allow") == "GET, HEAD");
    CHECK(r.json().at("error").at("code") == "method_not_allowed");
    CHECK(s.server->Send(method, "/v1/offers/" + SeededId("vrt-h100"), "{}").status == 405);
  }
  const std::string trace =
      RawRequest(s.server->port(), "TRACE /v1/offers HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  CHECK(trace.rfind("HTTP/1.1 405", 0) == 0);
  CHECK(trace.find("Allow: GET, HEAD") != std::string::npos);
  CHECK(trace.find("\"method_not_allowed\"") != std::string::npos);
  const std::string trace404 =
      RawRequest(s.server->port(), "TRACE /nope HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  CHECK(trace404.rfind("HTTP/1.1 404", 0) == 0);
}

TEST_CASE("Over-long URIs are 414, over-large bodies 413, garbage 400", "[server][http]") {
  ServeOptions small;
  small.max_body_bytes = 1024;
  Seeded s(small);
  const std::string long_uri = RawRequest(s.server->port(), "GET /v1/offers?gpu=" + std::string(9000, 'a') +
                                                                " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  CHECK(long_uri.rfind("HTTP/1.1 414", 0) == 0);
  CHECK(long_uri.find("\"uri_too_long\"") != std::string::npos);
  CHECK(long_uri.find("Cache-Control: no-store") != std::string::npos);

  const Response big = s.server->Send("POST", "/v1/offers", std::string(4096, 'x'));
  CHECK(big.status == 413);
  CHECK(big.json().at("error").at("code") == "payload_too_large");
  const Response big_unknown = s.server->Send("POST", "/nowhere", std::string(4096, 'x'));
  CHECK(big_unknown.status == 413);

  const std::string garbage = RawRequest(s.server->port(), "NONSENSE\r\n\r\n");
  CHECK(garbage.rfind("HTTP/1.1 400", 0) == 0);
  CHECK(garbage.find("\"bad_request\"") != std::string::npos);
  // The server is still fine.
  CHECK(s.server->Get("/healthz").status == 200);
}

TEST_CASE("Range requests are ignored: the whole representation, 200", "[server][http]") {
  Seeded s;
  const Response full = s.server->Get("/v1/offers");
  const Response ranged = s.server->Get("/v1/offers", {{"Range", "bytes=0-9"}});
  CHECK(ranged.status == 200);
  CHECK(ranged.body == full.body);
  CHECK(ranged.header("Content-Range").empty());
}

TEST_CASE("An exception in a handler is a logged 500 internal_error, nothing leaked", "[server][http]") {
  TempDir dir;
  SeedCatalog(dir.file("c.db"));
  auto writer = Catalog::Open(dir.file("c.db"));
  REQUIRE(writer.ok());
  std::vector<server::Route> routes = {
      TestRoute("/throw",
                [](server::RequestContext&) -> Result<server::Reply> {
                  throw std::runtime_error("SELECT secret FROM offers WHERE token='hunter2'");
                }),
      TestRoute("/throw-int", [](server::RequestContext&) -> Result<server::Reply> { throw 42; }),
      TestRoute("/sql-error",
                [](server::RequestContext&) -> Result<server::Reply> {
                  return Status::Error("catalog_read_failed", "near \"SELEC\": syntax error");
                }),
      TestRoute("/version",
                [](server::RequestContext& ctx) -> Result<server::Reply> {
                  return server::JsonReply({{"v", ctx.catalog->CatalogVersion()}});
                }),
  };
  LogCapture log;
  {
    EdgeHarness edge(routes, dir.file("c.db"));
    for (const char* target : {"/throw", "/throw-int", "/sql-error"}) {
      INFO(target);
      const Response r = SendTo(edge.port(), "GET", target);
      CHECK(r.status == 500);
      CHECK(r.header("Cache-Control") == "no-store");
      CHECK(r.json().at("error").at("code") == "internal_error");
      CHECK(r.body.find("SELECT") == std::string::npos);
      CHECK(r.body.find("SELEC") == std::string::npos);
      CHECK(r.body.find("hunter2") == std::string::npos);
      CHECK(r.header("EXCEPTION_WHAT").empty());
    }
    // The pooled connection used by the throwing request left its snapshot:
    // a sync made now is visible to the next request.
    REQUIRE(writer.value()->ApplySync(TwoOffers("500"), kSyncTime).ok());
    CHECK(SendTo(edge.port(), "GET", "/version").json().at("v") == 5);
  }
  bool logged = false;
  for (const auto& line : log.lines()) logged |= line.find("SELECT secret FROM offers") != std::string::npos;
  CHECK(logged);  // the operator sees the cause
}

TEST_CASE("A request reads one snapshot even if a sync commits in the middle", "[server][http]") {
  TempDir dir;
  const std::string db = dir.file("c.db");
  auto writer = Catalog::Open(db);
  REQUIRE(writer.ok());
  REQUIRE(writer.value()->ApplySync(TwoOffers("500"), kSyncTime).ok());
  Catalog* w = writer.value().get();
  std::vector<server::Route> routes = {
      TestRoute("/mid-sync", [w](server::RequestContext& ctx) -> Result<server::Reply> {
        const int64_t before = ctx.catalog->CatalogVersion();
        auto sync = w->ApplySync(TwoOffers("600"), "2026-11-22T00:30:00Z");  // commits now, elsewhere
        if (!sync.ok()) return sync.status();
        auto page = ctx.catalog->QueryOffers(OfferQuery{}, ctx.now);
        if (!page.ok()) return page.status();
        json amounts = json::array();
        for (const auto& o : page.value().offers) amounts.push_back(o.offer.amount->ToString());
        return server::JsonReply({{"edge_version", ctx.catalog_version},
                                  {"before", before},
                                  {"page_version", page.value().catalog_version},
                                  {"after_sync", sync.value().catalog_version},
                                  {"amounts", amounts}});
      })};
  EdgeHarness edge(routes, db);
  const Response r = SendTo(edge.port(), "GET", "/mid-sync");
  REQUIRE(r.status == 200);
  CHECK(r.header("X-Catalog-Version") == "1");
  const json body = r.json();
  CHECK(body.at("after_sync") == 2);
  CHECK(body.at("edge_version") == 1);
  CHECK(body.at("before") == 1);
  CHECK(body.at("page_version") == 1);
  CHECK(body.at("amounts") == json{"500", "500"});
}

TEST_CASE("While syncs run, every response is one catalog version, never a mix", "[server][http]") {
  TempDir dir;
  const std::string db = dir.file("c.db");
  {
    auto c = Catalog::Open(db);
    REQUIRE(c.ok());
    REQUIRE(c.value()->ApplySync(TwoOffers("500"), kSyncTime).ok());  // version 1
  }
  TestServer server(db);
  std::atomic<bool> done{false};
  std::thread syncer([&] {
    auto c = Catalog::Open(db);
    for (int i = 1; i <= 30; ++i) c.value()->ApplySync(TwoOffers(i % 2 ? "600" : "500"), kSyncTime);  // v = 1 + i
    done.store(true);
  });
  // Checks are tallied, not asserted per response: how many requests fit in
  // the 30 syncs depends on the machine, the verdict must not.
  int responses = 0, mixed = 0, header_mismatch = 0;
  std::set<int64_t> versions;
  while (true) {
    const bool last = done.load();
    const Response r = server.Get("/v1/offers");
    REQUIRE(r.status == 200);
    const json body = r.json();
    const int64_t v = body.at("catalog_version").get<int64_t>();
    if (r.header("X-Catalog-Version") != std::to_string(v)) ++header_mismatch;
    const std::string expected = v % 2 ? "500" : "600";  // odd versions: 500, even: 600
    for (const auto& o : body.at("offers")) mixed += o.at("price").at("amount") != expected;
    if (body.at("offers").size() != 2) ++mixed;
    versions.insert(v);
    ++responses;
    if (last) break;
  }
  CHECK(mixed == 0);
  CHECK(header_mismatch == 0);
  CHECK(responses >= 1);
  syncer.join();
  CHECK(versions.count(31) == 1);  // the last request saw the final state
}

TEST_CASE("/metrics: requests by route and status, latency, catalog gauges", "[server][http]") {
  Seeded s;
  // One keep-alive connection: its requests run in order on one worker, so
  // each is counted before the next one is read.
  httplib::Client cli("127.0.0.1", s.server->port());
  cli.set_keep_alive(true);
  REQUIRE(cli.Get("/v1/offers")->status == 200);
  REQUIRE(cli.Get("/v1/offers?gpu=h100")->status == 200);
  REQUIRE(cli.Get("/v1/offers/" + SeededId("vrt-h100"))->status == 200);
  REQUIRE(cli.Get("/v1/offers?limit=0")->status == 400);
  REQUIRE(cli.Get("/nope")->status == 404);
  REQUIRE(cli.Post("/v1/offers", "", "text/plain")->status == 405);
  const auto m = cli.Get("/metrics");
  REQUIRE(m->status == 200);
  CHECK(m->get_header_value("Content-Type") == "text/plain; version=0.0.4");
  const std::string t = m->body;
  auto has = [&](const std::string& line) {
    INFO(line);
    CHECK(t.find(line + "\n") != std::string::npos);
  };
  has("gpucat_http_requests_total{route=\"/v1/offers\",method=\"GET\",status=\"200\"} 2");
  has("gpucat_http_requests_total{route=\"/v1/offers/{id}\",method=\"GET\",status=\"200\"} 1");
  has("gpucat_http_requests_total{route=\"/v1/offers\",method=\"GET\",status=\"400\"} 1");
  has("gpucat_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1");
  has("gpucat_http_requests_total{route=\"/v1/offers\",method=\"POST\",status=\"405\"} 1");
  has("gpucat_http_request_duration_seconds_count{route=\"/v1/offers\"} 4");
  has("gpucat_http_request_duration_seconds_bucket{route=\"/v1/offers\",le=\"+Inf\"} 4");
  has("gpucat_catalog_version 4");
  has("gpucat_provider_offers{provider=\"sakura\",state=\"active\"} 4");
  has("gpucat_provider_offers{provider=\"sakura\",state=\"quote\"} 1");
  has("gpucat_provider_offers{provider=\"kddi\",state=\"listed\"} 0");
  has("gpucat_provider_last_success_age_seconds{provider=\"gmo\"} 3600");
  has("gpucat_provider_stale{provider=\"highreso\"} 0");
  has("gpucat_provider_last_sync_ok{provider=\"highreso\"} 1");
  has("gpucat_catalog_up 1");
  has("gpucat_build_info{version=\"" GPUCAT_VERSION "\"} 1");
}

TEST_CASE("One access-log line per request: method, target, status, bytes, microseconds", "[server][http]") {
  LogCapture log;
  {
    Seeded s;
    s.server->Get("/v1/offers?gpu=h100");
    s.server->Get("/v1/offers?limit=0");
    RawRequest(s.server->port(), "GET /v1/%0a%1b HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  }  // stopped: every worker has written its line
  std::vector<std::string> access;
  for (const auto& l : log.lines()) {
    if (l.rfind("info GET ", 0) == 0) access.push_back(l);
  }
  // Each worker logs after sending its response: lines of consecutive
  // requests may come in either order.
  REQUIRE(access.size() == 3);
  auto count = [&](const std::string& pattern) {
    return std::count_if(access.begin(), access.end(),
                         [&](const std::string& l) { return std::regex_match(l, std::regex(pattern)); });
  };
  CHECK(count(R"(info GET /v1/offers\?gpu=h100 200 \d+ \d+us)") == 1);
  CHECK(count(R"(info GET /v1/offers\?limit=0 400 \d+ \d+us)") == 1);
  // The raw (still percent-encoded) target is logged, so a client cannot
  // forge log lines with encoded control characters.
  CHECK(count(R"(info GET /v1/%0a%1b 404 \d+ \d+us)") == 1);
}

TEST_CASE("Health and readiness", "[server][http]") {
  Seeded s;
  const Response h = s.server->Get("/healthz");
  CHECK(h.status == 200);
  CHECK(h.json() == json{{"status", "ok"}});
  const Response r = s.server->Get("/readyz");
  CHECK(r.status == 200);
  CHECK(r.json() ==
        json{{"status", "ready"}, {"catalog_version", 4}, {"schema_version", Catalog::LatestSchemaVersion()}});
  CHECK(r.header("X-Catalog-Version") == "4");
  CHECK(s.server->Get("/healthz?verbose=1").status == 400);

  // A catalog that cannot be opened: not ready (the handler, without a server).
  TempDir dir;
  ServeOptions o;
  o.db_path = dir.file("missing.db");
  server::ServerState state(o);
  const server::QueryParams none;
  const server::ValidParams valid;
  const server::PathParams path;
  server::RequestContext ctx{none, valid, path, nullptr, -1, kClock, &state, "", nullptr};
  auto ready = server::handlers::Readyz(ctx);
  REQUIRE_FALSE(ready.ok());
  CHECK(ready.status().code() == "not_ready");
  CHECK(ready.status().message().find(dir.path().string()) == std::string::npos);  // no path in the body
  CHECK(server::handlers::Healthz(ctx).ok());
}

TEST_CASE("Server::Create refuses bad options and catalogs up front", "[server][http]") {
  TempDir dir;
  SeedCatalog(dir.file("c.db"));
  auto code = [](const ServeOptions& o) {
    auto s = Server::Create(o);
    return s.ok() ? std::string("ok") : s.status().code();
  };
  ServeOptions o;
  o.db_path = dir.file("c.db");
  CHECK(code(o) == "ok");
  ServeOptions missing = o;
  missing.db_path = dir.file("nope.db");
  CHECK(code(missing) == "catalog_open_failed");
  WriteFile(dir.file("empty.db"), "");
  ServeOptions empty = o;
  empty.db_path = dir.file("empty.db");
  CHECK(code(empty) == "catalog_not_migrated");
  ServeOptions no_path = o;
  no_path.db_path = "";
  CHECK(code(no_path) == "invalid_option");
  ServeOptions threads = o;
  threads.threads = 0;
  CHECK(code(threads) == "invalid_option");
  ServeOptions port = o;
  port.port = 70000;
  CHECK(code(port) == "invalid_option");
  ServeOptions web = o;
  web.web_root = dir.file("no-such-dir");
  CHECK(code(web) == "invalid_option");
}

TEST_CASE("Bind reports a port in use, Stop before Run returns at once", "[server][http]") {
  Seeded s;
  ServeOptions o;
  o.db_path = s.db;
  o.port = s.server->port();
  auto second = Server::Create(o);
  REQUIRE(second.ok());
  const Status st = second.value()->Bind();
  CHECK(st.code() == "bind_failed");

  o.port = 0;
  auto third = Server::Create(o);
  REQUIRE(third.ok());
  REQUIRE(third.value()->Bind().ok());
  CHECK(third.value()->port() > 0);
  third.value()->Stop();
  CHECK(third.value()->Run().ok());  // returns instead of serving
  CHECK_FALSE(third.value()->running());
}

TEST_CASE("RunUntilSignal stops gracefully on SIGTERM", "[server][http]") {
  TempDir dir;
  SeedCatalog(dir.file("c.db"));
  ServeOptions o;
  o.db_path = dir.file("c.db");
  o.port = 0;
  o.access_log = false;
  auto server = Server::Create(o);
  REQUIRE(server.ok());
  REQUIRE(server.value()->Bind().ok());
  const int port = server.value()->port();
  // Block SIGTERM before starting the client thread so that only the
  // server's waiter can take it (as in a real main, which blocks first).
  sigset_t term, old;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &term, &old);
  int status = 0;
  std::thread client([&] {
    status = SendTo(port, "GET", "/healthz").status;  // served once Run accepts
    kill(getpid(), SIGTERM);
  });
  const Status st = server.value()->RunUntilSignal();
  client.join();
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  CHECK(st.ok());
  CHECK(status == 200);
  CHECK_FALSE(server.value()->running());
}

TEST_CASE("A catalog that cannot be opened is 503 catalog_unavailable, cause hidden", "[server][http]") {
  TempDir dir;
  std::vector<server::Route> routes = {TestRoute("/data", [](server::RequestContext& ctx) -> Result<server::Reply> {
    return server::JsonReply({{"v", ctx.catalog_version}});
  })};
  EdgeHarness edge(routes, dir.file("gone.db"));  // the pool has nothing to open
  const Response r = SendTo(edge.port(), "GET", "/data");
  CHECK(r.status == 503);
  CHECK(r.header("Retry-After") == "1");
  CHECK(r.header("Cache-Control") == "no-store");
  CHECK(r.json().at("error").at("code") == "catalog_unavailable");
  CHECK(r.body.find("gone.db") == std::string::npos);
}

TEST_CASE("A web root is served at / beside the API", "[server][http]") {
  TempDir web;
  WriteFile(web.file("index.html"), "<!doctype html><title>gpucat</title>");
  WriteFile(web.file("app.js"), "console.log(1)");
  ServeOptions o;
  o.web_root = web.path().string();
  Seeded s(o);
  const Response index = s.server->Get("/");
  CHECK(index.status == 200);
  CHECK(index.body == "<!doctype html><title>gpucat</title>");
  CHECK(index.header("Content-Type") == "text/html");
  CHECK(index.header("Cache-Control") == "no-cache");
  CHECK(s.server->Get("/app.js").status == 200);
  CHECK(s.server->Get("/v1/offers").json().at("count") == 8);  // the API is unchanged
  const Response missing = s.server->Get("/nope.js");
  CHECK(missing.status == 404);
  CHECK(missing.json().at("error").at("code") == "not_found");
  const std::string traversal =
      RawRequest(s.server->port(), "GET /../server_fixture.h HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  CHECK(traversal.rfind("HTTP/1.1 404", 0) == 0);
  httplib::Client cli("127.0.0.1", s.server->port());
  cli.set_keep_alive(true);
  REQUIRE(cli.Get("/app.js")->status == 200);
  // At least this connection's request is counted (earlier ones may still be logging).
  CHECK(std::regex_search(
      cli.Get("/metrics")->body,
      std::regex(R"(gpucat_http_requests_total\{route="static",method="GET",status="200"\} [1-3]\n)")));
}

TEST_CASE("Routes of other methods get the body and headers, and are never cached", "[server][http]") {
  TempDir dir;
  SeedCatalog(dir.file("c.db"));
  server::Route echo = TestRoute(
      "/admin/echo",
      [](server::RequestContext& ctx) -> Result<server::Reply> {
        return server::JsonReply({{"body", ctx.body}, {"auth", ctx.header("authorization")}});
      },
      false);
  echo.method = "POST";
  EdgeHarness edge({echo}, dir.file("c.db"));
  const Response r = SendTo(edge.port(), "POST", "/admin/echo", "{\"x\":1}", {{"Authorization", "Bearer t0k"}});
  REQUIRE(r.status == 200);
  CHECK(r.json() == json{{"body", "{\"x\":1}"}, {"auth", "Bearer t0k"}});
  CHECK(r.header("ETag").empty());
  CHECK(r.header("Cache-Control") == "no-store");
  const Response get = SendTo(edge.port(), "GET", "/admin/echo");
  CHECK(get.status == 405);
  CHECK(get.header("Allow") == "POST");
}
