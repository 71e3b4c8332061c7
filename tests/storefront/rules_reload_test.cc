// The rules in force: loading at start, ReloadPricingRules, SIGHUP, and the
// ETag, which folds in the rules' digest.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "storefront_support.h"

using namespace gpucat;
using namespace gpucat::testing;
using nlohmann::json;

namespace {

const std::string kFifteen = R"({"version": 1, "rounding": {"increment_yen": 10, "mode": "up"},
  "rules": [{"id": "all", "match": {}, "markup_percent": "15"}]})";
const std::string kTwenty = R"({"version": 1, "rounding": {"increment_yen": 10, "mode": "up"},
  "rules": [{"id": "all", "match": {}, "markup_percent": "20"}]})";

int64_t AispaconInc(const json& body) {
  return FindPlan(body, "aispacon-h200x8").at("sell_price").at("inc_tax").at("minor").get<int64_t>();
}

}  // namespace

TEST_CASE("A bad rules file fails the server at start, with the loader's message", "[storefront][rules]") {
  TempDir dir;
  SeedCatalog(dir.file("c.db"));
  WriteFile(dir.file("bad.json"), R"({"version": 1, "rules": [{"id": "x", "match": {}, "markup_percent": 15}]})");
  ServeOptions o;
  o.db_path = dir.file("c.db");
  o.pricing_rules_path = dir.file("bad.json");
  auto server = Server::Create(o);
  REQUIRE_FALSE(server.ok());
  CHECK(server.status().code() == "rules_invalid");
  CHECK(server.status().message().find("/rules/0/markup_percent") != std::string::npos);
  o.pricing_rules_path = dir.file("missing.json");
  CHECK(Server::Create(o).status().code() == "rules_unreadable");
}

TEST_CASE("ETags fold in the rules' digest - a reload changes them, a failed reload changes nothing",
          "[storefront][rules]") {
  TempDir dir;
  const std::string rules = dir.file("rules.json");
  WriteFile(rules, kFifteen);
  ServeOptions o;
  o.pricing_rules_path = rules;
  Seeded s(o);
  const std::string target = "/v1/storefront/offers?gpu=h200";

  const Response r1 = s.server->Get(target);
  REQUIRE(r1.status == 200);
  const std::string etag1 = r1.header("ETag");
  CHECK(etag1.rfind("\"4-", 0) == 0);  // catalog version 4
  CHECK(r1.header("Cache-Control") == "no-cache");
  CHECK(s.server->Get(target, {{"If-None-Match", etag1}}).status == 304);
  CHECK(AispaconInc(r1.json()) == 32004500000);

  SECTION("same prices, different text: the digest moves, so does the ETag") {
    WriteFile(rules, kFifteen + "\n");
    REQUIRE(s.server->server().ReloadPricingRules().ok());
    const Response r2 = s.server->Get(target, {{"If-None-Match", etag1}});
    CHECK(r2.status == 200);
    CHECK(r2.header("ETag") != etag1);
    CHECK(AispaconInc(r2.json()) == 32004500000);
    CHECK(r2.json().at("pricing_rules").at("sha256") != r1.json().at("pricing_rules").at("sha256"));
    CHECK(s.server->Get(target, {{"If-None-Match", r2.header("ETag")}}).status == 304);
  }
  SECTION("new prices") {
    WriteFile(rules, kTwenty);
    REQUIRE(s.server->server().ReloadPricingRules().ok());
    const Response r2 = s.server->Get(target, {{"If-None-Match", etag1}});
    CHECK(r2.status == 200);
    CHECK(AispaconInc(r2.json()) == 33396000000);  // 2,530,000 x 1.2 = 3,036,000 -> inc 3,339,600
    for (const std::string t : {"/v1/storefront/compare?gpu=h200", "/v1/storefront/changes"}) {
      INFO(t);
      CHECK(s.server->Get(t).json().at("pricing_rules").at("sha256") == r2.json().at("pricing_rules").at("sha256"));
    }
  }
  SECTION("a broken file: the old rules stay, the failure is logged") {
    const Response compare1 = s.server->Get("/v1/storefront/compare?gpu=h200");
    LogCapture log;
    WriteFile(rules, "{\"version\": 1, \"rules\": [");
    const Status st = s.server->server().ReloadPricingRules();
    CHECK(st.code() == "rules_invalid_json");
    const Response r2 = s.server->Get(target, {{"If-None-Match", etag1}});
    CHECK(r2.status == 304);
    CHECK(s.server->Get("/v1/storefront/compare?gpu=h200").header("ETag") == compare1.header("ETag"));
    bool logged = false;
    for (const auto& line : log.lines()) {
      logged = logged || (line.rfind("error ", 0) == 0 && line.find("reload") != std::string::npos &&
                          line.find("rules in force stay") != std::string::npos);
    }
    CHECK(logged);
    std::remove(rules.c_str());
    CHECK(s.server->server().ReloadPricingRules().code() == "rules_unreadable");
    CHECK(s.server->Get(target, {{"If-None-Match", etag1}}).status == 304);
  }
}

TEST_CASE("SIGHUP reloads the rules while the server runs - SIGTERM still stops it", "[storefront][rules]") {
  TempDir dir;
  SeedCatalog(dir.file("c.db"));
  const std::string rules = dir.file("rules.json");
  WriteFile(rules, kFifteen);
  ServeOptions o;
  o.db_path = dir.file("c.db");
  o.port = 0;
  o.pricing_rules_path = rules;
  o.clock = [] { return std::string(kClock); };
  auto created = Server::Create(o);
  REQUIRE(created.ok());
  Server& server = *created.value();
  const int port = server.BindToAnyPort();
  REQUIRE(port > 0);

  // Block the three signals before starting the client thread, so that only
  // RunUntilSignal's waiter (sigwait) ever takes them, as in gpucat serve.
  sigset_t signals, previous;
  sigemptyset(&signals);
  sigaddset(&signals, SIGHUP);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, &previous);
  int64_t before = 0, after = 0;
  bool reloaded = false;
  std::thread client([&] {
    while (!server.running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    before = AispaconInc(SendTo(port, "GET", "/v1/storefront/offers").json());
    WriteFile(rules, kTwenty);
    kill(getpid(), SIGHUP);
    for (int i = 0; i < 400 && !reloaded; ++i) {  // up to 4 s
      after = AispaconInc(SendTo(port, "GET", "/v1/storefront/offers").json());
      reloaded = after != before;
      if (!reloaded) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(getpid(), SIGTERM);
  });
  const Status st = server.RunUntilSignal();
  client.join();
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  CHECK(st.ok());
  CHECK(before == 32004500000);
  CHECK(reloaded);
  CHECK(after == 33396000000);
}
