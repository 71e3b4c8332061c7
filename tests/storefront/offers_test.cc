// GET /v1/storefront/offers end to end: what is on sale, sell prices, quotes,
// filters (max_price on the SELL price), sorts, pagination, errors.
#include <algorithm>
#include <catch2/catch.hpp>

#include "storefront_support.h"

using namespace gpucat;
using namespace gpucat::testing;
using nlohmann::json;

namespace {
std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}
}  // namespace

TEST_CASE("The feed lists every offer the rules sell, in sell prices, and says which rules", "[storefront]") {
  Seeded s;
  const Response r = s.server->Get("/v1/storefront/offers");
  REQUIRE(r.status == 200);
  const json body = r.json();
  CHECK(body.at("count") == 8);
  CHECK(body.at("as_of") == "2026-11-22T01:00:00Z");
  const json& rules = body.at("pricing_rules");
  CHECK(rules.at("file") == "pricing-rules.example.json");
  CHECK(rules.at("source") == "configured");  // the test server names the file itself
  CHECK(rules.at("sha256").get<std::string>().size() == 64);
  CHECK_FALSE(body.at("query").contains("include_stale"));

  const json a = FindPlan(body, "aispacon-h200x8");
  REQUIRE(a.is_object());
  CHECK(a.at("id") == SeededId("aispacon-h200x8"));
  CHECK(a.at("price_status") == "priced");
  const json& sp = a.at("sell_price");
  CHECK(sp.at("status") == "priced");
  CHECK(sp.at("unit") == "month");
  CHECK(sp.at("per") == "node");
  CHECK(sp.at("ex_tax") == json{{"minor", 29095000000}, {"yen", "2909500.0000"}});
  CHECK(sp.at("inc_tax") == json{{"minor", 32004500000}, {"yen", "3200450.0000"}});
  CHECK(sp.at("gpu_hour").at("inc_tax").at("minor") == 5480223);  // 3,200,450 / 730 / 8
  CHECK(sp.at("labels").at("ja").at("inc_tax") == "¥3,200,450（税込）");
  CHECK(sp.at("labels").at("ja").at("ex_tax") == "税抜 ¥2,909,500");
  CHECK(sp.at("labels").at("ja").at("price") == "¥3,200,450（税込）/月・1ノードあたり");
  CHECK(sp.at("labels").at("en").at("price") == "¥3,200,450 incl. tax / month, per node");
  CHECK(sp.at("labels").at("ja").at("gpu_hour_inc_tax") == "¥548.02/GPU時間（税込）");
  CHECK_FALSE(sp.contains("rule_id"));
  CHECK(a.at("location").at("label") == json{{"ja", "香川県 高松"}, {"en", "Takamatsu, Kagawa"}});
  CHECK(a.at("gpu").at("count") == 8);
  CHECK(a.at("gpu").at("memory_gb") == 141);
  CHECK(a.at("freshness").at("last_seen") == "2026-11-22T00:00:00Z");
  CHECK(a.at("freshness").at("age_seconds") == 3600);
  CHECK(a.at("freshness").at("source_as_of") == "2026-11-22");
  for (const char* cost_key : {"price", "normalized", "notes", "provenance", "amount"}) {
    INFO(cost_key);
    CHECK_FALSE(a.contains(cost_key));
  }

  // Every hand-worked figure of storefront_support.h.
  const std::vector<std::tuple<std::string, int64_t, int64_t>> expected = {{"vrt-h100", 1040, 1144},
                                                                           {"dok-h100", 1060, 1166},
                                                                           {"phy-h100x8", 3115400, 3426940},
                                                                           {"aispacon-h200x8", 2909500, 3200450},
                                                                           {"dedicated-h200x8", 4370000, 4807000},
                                                                           {"shared-h200", 7550, 8305}};
  for (const auto& [plan, ex, inc] : expected) {
    INFO(plan);
    const json o = FindPlan(body, plan);
    REQUIRE(o.is_object());
    CHECK(o.at("sell_price").at("ex_tax").at("minor") == ex * 10000);
    CHECK(o.at("sell_price").at("inc_tax").at("minor") == inc * 10000);
  }
  CHECK(FindPlan(body, "dok-h100").at("sell_price").at("unit") == "hour");  // published per second
  CHECK(FindPlan(body, "dok-h100").at("sell_price").at("billed_per") == "second");
}

TEST_CASE("Quote offers are お問い合わせ / Contact us, with no amount", "[storefront]") {
  Seeded s;
  const json body = s.server->Get("/v1/storefront/offers?gpu=h200").json();
  const json q = FindPlan(body, "phy-h200x8");
  REQUIRE(q.is_object());
  CHECK(q.at("price_status") == "quote");
  const json& sp = q.at("sell_price");
  CHECK(sp.at("status") == "quote");
  for (const char* k : {"ex_tax", "inc_tax", "gpu_hour"}) CHECK_FALSE(sp.contains(k));
  CHECK(sp.at("labels").at("ja").at("price") == "お問い合わせ");
  CHECK(sp.at("labels").at("en").at("price") == "Contact us");
  CHECK_FALSE(sp.at("labels").at("ja").contains("inc_tax"));
  // Quotes sort last in both price orders, and include_quote=false drops them.
  CHECK(StorefrontPlans(body).back() == "phy-h200x8");
  CHECK(StorefrontPlans(s.server->Get("/v1/storefront/offers?gpu=h200&sort=-price").json()).back() == "phy-h200x8");
  const json listed = s.server->Get("/v1/storefront/offers?include_quote=false").json();
  CHECK(listed.at("count") == 6);
  for (const auto& o : listed.at("offers")) CHECK(o.at("price_status") == "priced");
}

TEST_CASE("Filters are /v1/offers' filters - max_price and sort use the sell price", "[storefront]") {
  Seeded s;
  auto plans = [&](const std::string& query) {
    const Response r = s.server->Get("/v1/storefront/offers?" + query);
    INFO(query << " -> " << r.body);
    REQUIRE(r.status == 200);
    return StorefrontPlans(r.json());
  };
  using V = std::vector<std::string>;
  CHECK(Sorted(plans("gpu=h200")) == V{"aispacon-h200x8", "dedicated-h200x8", "phy-h200x8", "shared-h200"});
  CHECK(Sorted(plans("gpu=NVIDIA%20H200")) == Sorted(plans("gpu=h200-141gb")));
  CHECK(Sorted(plans("provider=gmo&provider=kddi")) == V{"dedicated-h200x8", "gb200-nvl72", "shared-h200"});
  CHECK(Sorted(plans("product=koukaryoku-phy")) == V{"phy-h100x8", "phy-h200x8"});
  CHECK(Sorted(plans("location=%E6%9D%B1%E4%BA%AC%E9%83%BD")) == V{"dedicated-h200x8", "shared-h200"});  // 東京都
  CHECK(Sorted(plans("min_gpus=8&max_gpus=8")) == V{"aispacon-h200x8", "dedicated-h200x8", "phy-h100x8", "phy-h200x8"});
  CHECK(Sorted(plans("billing=hour")) == V{"shared-h200", "vrt-h100"});  // DOK is billed per second
  CHECK(plans("availability=sold_out") == V{"phy-h100x8"});
  CHECK(Sorted(plans("min_gpu_memory_gb=100")) ==  // the H200s (141 GB) and the GB200 rack (186 GB)
        V{"aispacon-h200x8", "dedicated-h200x8", "gb200-nvl72", "phy-h200x8", "shared-h200"});
  // Sell-price ceiling. aispacon COSTS ¥476.54/GPU-hour incl. tax but SELLS at
  // ¥548.0223: a cost-based filter at ¥500 would list it, the storefront must not.
  CHECK(plans("gpu=h200&tax=included&max_price=500").empty());
  CHECK(plans("gpu=h200&tax=included&max_price=548.0223") == V{"aispacon-h200x8"});  // inclusive
  CHECK(plans("gpu=h200&tax=included&max_price=548.0222").empty());
  CHECK(plans("gpu=h200&max_price=498.2021") == V{"aispacon-h200x8"});  // excluded: 2,909,500 / 5,840
  // Sell-price order (tax excluded by default), quotes last, then by offer id.
  const V by_price = plans("sort=price");
  CHECK(V(by_price.begin(), by_price.begin() + 6) ==
        V{"aispacon-h200x8", "phy-h100x8", "dedicated-h200x8", "vrt-h100", "dok-h100", "shared-h200"});
  const V desc = plans("sort=-price");
  CHECK(V(desc.begin(), desc.begin() + 6) ==
        V{"shared-h200", "dok-h100", "vrt-h100", "dedicated-h200x8", "phy-h100x8", "aispacon-h200x8"});
  CHECK(plans("sort=gpus").back() == "gb200-nvl72");
  const V by_provider = plans("sort=provider");  // gmo, highreso, kddi, sakura; each by offer id
  CHECK(Sorted(V(by_provider.begin(), by_provider.begin() + 2)) == V{"dedicated-h200x8", "shared-h200"});
  CHECK(by_provider[2] == "aispacon-h200x8");
  CHECK(by_provider[3] == "gb200-nvl72");
}

TEST_CASE("Stale offers are never on sale - offers no rule prices are left out", "[storefront]") {
  SECTION("stale") {
    ServeOptions o;
    o.stale_after_seconds = 1800;  // seeded 01:00 ago
    Seeded s(o);
    CHECK(s.server->Get("/v1/storefront/offers").json().at("count") == 0);
    CHECK(s.server->Get("/v1/offers").json().at("count") == 8);  // the cost API still lists them
    CHECK(s.server->Get("/v1/storefront/compare?gpu=h200").json().at("rows").empty());
  }
  SECTION("rules that sell only GMO") {
    TempDir dir;
    WriteFile(dir.file("gmo.json"),
              R"({"version": 1, "rounding": {"increment_yen": 1, "mode": "nearest"},
                  "rules": [{"id": "gmo", "match": {"provider": "gmo"}, "markup_percent": "10"}]})");
    ServeOptions o;
    o.pricing_rules_path = dir.file("gmo.json");
    Seeded s(o);
    const json body = s.server->Get("/v1/storefront/offers").json();
    CHECK(Sorted(StorefrontPlans(body)) == std::vector<std::string>{"dedicated-h200x8", "shared-h200"});
    CHECK(body.at("pricing_rules").at("file") == "gmo.json");
    // 3,800,000 x 1.10 = 4,180,000.
    CHECK(FindPlan(body, "dedicated-h200x8").at("sell_price").at("ex_tax").at("minor") == 41800000000);
  }
}

TEST_CASE("Pagination walks every offer once in every order - cursors are bound to the query", "[storefront]") {
  Seeded s;
  const std::vector<std::string> all = OfferIds(s.server->Get("/v1/storefront/offers?limit=500").json());
  REQUIRE(all.size() == 8);
  for (const std::string sort : {"price", "-price", "gpus", "provider"}) {
    for (const std::string tax : {"excluded", "included"}) {
      INFO(sort << " " << tax);
      const std::string base = "/v1/storefront/offers?sort=" + sort + "&tax=" + tax;
      const auto unpaged = OfferIds(s.server->Get(base + "&limit=500").json());
      CHECK(WalkIds(*s.server, base, 1) == unpaged);
      CHECK(WalkIds(*s.server, base, 3) == unpaged);
      CHECK(Sorted(unpaged) == Sorted(all));
    }
  }
  const json first = s.server->Get("/v1/storefront/offers?limit=2").json();
  const std::string cursor = first.at("next_cursor").get<std::string>();
  auto code = [&](const std::string& target) {
    const Response r = s.server->Get(target);
    INFO(target << " -> " << r.body);
    CHECK(r.status == 400);
    return r.json().at("error").at("code").get<std::string>();
  };
  CHECK(s.server->Get("/v1/storefront/offers?limit=2&cursor=" + cursor).status == 200);
  CHECK(s.server->Get("/v1/storefront/offers?limit=5&cursor=" + cursor).status == 200);  // limit may change
  CHECK(code("/v1/storefront/offers?limit=2&gpu=h200&cursor=" + cursor) == "invalid_cursor");
  CHECK(code("/v1/storefront/offers?limit=2&sort=gpus&cursor=" + cursor) == "invalid_cursor");
  CHECK(code("/v1/storefront/offers?cursor=zz." + cursor.substr(cursor.find('.') + 1)) == "invalid_cursor");
  // A /v1/offers cursor for the same query is not a storefront position.
  const std::string cost_cursor = s.server->Get("/v1/offers?limit=2").json().at("next_cursor").get<std::string>();
  CHECK(code("/v1/storefront/offers?limit=2&cursor=" + cost_cursor) == "invalid_cursor");
}

TEST_CASE("Errors follow /v1/offers' rules", "[storefront]") {
  Seeded s;
  auto error = [&](const std::string& target, int status) {
    const Response r = s.server->Get(target);
    INFO(target << " -> " << r.body);
    CHECK(r.status == status);
    CHECK(r.header("Cache-Control") == "no-store");
    return r.json().at("error").at("code").get<std::string>();
  };
  CHECK(error("/v1/storefront/offers?include_stale=false", 400) == "unknown_parameter");
  CHECK(error("/v1/storefront/offers?gpu=h200&gpu=h100", 400) == "duplicate_parameter");
  CHECK(error("/v1/storefront/offers?gpu=h999", 404) == "unknown_gpu");
  CHECK(error("/v1/storefront/offers?max_price=1e3", 400) == "invalid_number");
  CHECK(error("/v1/storefront/offers?sort=cheapest", 400) == "invalid_enum");
  CHECK(error("/v1/storefront/offers?limit=0", 400) == "limit_out_of_range");
  CHECK(error("/v1/storefront/offers?min_gpus=9&max_gpus=1", 400) == "invalid_range");
  CHECK(error("/v1/storefront/compare", 400) == "missing_parameter");
  CHECK(error("/v1/storefront/compare?gpu=nope", 404) == "unknown_gpu");
  CHECK(error("/v1/storefront/changes?since=abc", 400) == "invalid_cursor");
  CHECK(error("/v1/storefront/changes?limit=501", 400) == "limit_out_of_range");
  const Response post = s.server->Send("POST", "/v1/storefront/offers", "{}");
  CHECK(post.status == 405);
  CHECK(post.header("Allow") == "GET, HEAD");
}

TEST_CASE("A server without pricing rules has no storefront: 503 storefront_unavailable", "[storefront]") {
  ServeOptions o;
  o.pricing_rules_path = "-";  // the fixture's "none"
  Seeded s(o);
  for (const std::string target :
       {"/v1/storefront/offers", "/v1/storefront/compare?gpu=h200", "/v1/storefront/changes"}) {
    const Response r = s.server->Get(target);
    INFO(target);
    CHECK(r.status == 503);
    CHECK(r.json().at("error").at("code") == "storefront_unavailable");
    CHECK(r.header("Retry-After").empty());  // not transient: a configuration
  }
  CHECK(s.server->Get("/v1/offers").status == 200);
  CHECK(s.server->server().ReloadPricingRules().code() == "storefront_unavailable");
}
