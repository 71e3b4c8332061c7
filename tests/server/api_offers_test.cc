// GET /v1/offers end to end: every filter, sort, pagination (also across a
// sync), and every parameter error, against a real catalog file.
#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

#include "gpucat/normalize.h"
#include "server_fixture.h"

using namespace gpucat;
using namespace gpucat::testing;
using nlohmann::json;
using Strings = std::vector<std::string>;

namespace {

// The two quote offers sort last, by offer id.
Strings QuotesById() {
  Strings q = {SeededId("phy-h200x8"), SeededId("gb200-nvl72")};
  std::sort(q.begin(), q.end());
  Strings plans;
  for (const auto& id : q) plans.push_back(id == SeededId("phy-h200x8") ? "phy-h200x8" : "gb200-nvl72");
  return plans;
}

Strings Concat(Strings a, const Strings& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::set<std::string> AsSet(const Strings& v) { return {v.begin(), v.end()}; }

}  // namespace

TEST_CASE("All active offers, cheapest GPU-hour first, quotes last", "[server][api]") {
  Seeded s;
  const Response r = s.server->Get("/v1/offers");
  REQUIRE(r.status == 200);
  CHECK(r.header("Content-Type") == "application/json");
  CHECK(r.header("X-Catalog-Version") == "4");
  CHECK(r.header("Cache-Control") == "no-cache");
  CHECK(r.header("ETag").rfind("\"4-", 0) == 0);
  const json body = r.json();
  CHECK(body.at("catalog_version") == 4);
  CHECK(body.at("as_of") == "2026-11-22T01:00:00Z");
  CHECK(body.at("count") == 8);
  CHECK(body.at("next_cursor").is_null());
  CHECK(Plans(body) ==
        Concat({"aispacon-h200x8", "phy-h100x8", "dedicated-h200x8", "vrt-h100", "dok-h100", "shared-h200"},
               QuotesById()));
  CHECK(body.at("query").at("sort") == "price");
  CHECK(body.at("query").at("tax") == "excluded");
  CHECK(body.at("query").at("limit") == 100);
}

TEST_CASE("Each offer carries its normalized fields, provenance and age", "[server][api]") {
  Seeded s;
  const json o = s.server->Get("/v1/offers?gpu=h200&provider=highreso").json().at("offers").at(0);
  CHECK(o.at("id") == SeededId("aispacon-h200x8"));
  CHECK(o.at("provider") == "highreso");
  CHECK(o.at("product") == "aispacon");
  CHECK(o.at("location") == json{{"zone", ""}, {"site", "高松"}, {"prefecture", "香川県"}});
  CHECK(o.at("gpu") == json{{"model", "h200-141gb"}, {"name", "NVIDIA H200"}, {"count", 8}, {"memory_gb", 141}});
  CHECK(o.at("price").at("status") == "listed");
  CHECK(o.at("price").at("amount") == "2783000");  // exact decimal text, never a float
  CHECK(o.at("price").at("tax") == "included");
  CHECK(o.at("price").at("unit") == "month");
  CHECK(o.at("price").at("per") == "node");
  CHECK(o.at("price").at("billing_rule") == "per-started-month");
  CHECK(o.at("normalized").at("gpu_hour").at("ex_tax") == json{{"minor", 4332192}, {"yen", "433.2192"}});
  CHECK(o.at("normalized").at("gpu_hour").at("inc_tax") == json{{"minor", 4765411}, {"yen", "476.5411"}});
  CHECK(o.at("normalized").at("unit_hour").at("inc_tax").at("minor") == 38123288);
  CHECK(o.at("normalized").at("minor_unit") == "1/10000 JPY");
  CHECK(o.at("availability").at("status") == "available");
  CHECK(o.at("provenance").at("source_id") == "highreso.src");
  CHECK(o.at("provenance").at("sha256") == std::string(64, 'b'));
  CHECK(o.at("provenance").at("fetched_at") == "2026-11-22T00:00:00Z");
  CHECK(o.at("provenance").at("adapter_version") == "test/1");
  CHECK(o.at("status") == "active");
  CHECK(o.at("first_seen") == kSyncTime);
  CHECK(o.at("last_seen") == kSyncTime);
  CHECK(o.at("age_seconds") == 3600);  // against as_of 01:00:00, not the 01:00:30 clock
  CHECK(o.at("stale") == false);
}

TEST_CASE("gpu accepts the canonical id and any alias", "[server][api]") {
  Seeded s;
  const Strings h200 = {"aispacon-h200x8", "dedicated-h200x8", "shared-h200", "phy-h200x8"};
  for (const char* spelling : {"h200-141gb", "h200", "H200", "NVIDIA%20H200%20SXM", "nvidia_h200_141gb"}) {
    INFO(spelling);
    const Response r = s.server->Get(std::string("/v1/offers?gpu=") + spelling);
    REQUIRE(r.status == 200);
    CHECK(Plans(r.json()) == h200);
    CHECK(r.json().at("query").at("gpu") == "h200-141gb");
  }
}

TEST_CASE("Every filter narrows the list", "[server][api]") {
  Seeded s;
  auto plans = [&](const std::string& q) {
    const Response r = s.server->Get("/v1/offers?" + q);
    INFO(q << " -> " << r.body);
    REQUIRE(r.status == 200);
    return Plans(r.json());
  };
  CHECK(plans("provider=gmo&provider=kddi") == Strings{"dedicated-h200x8", "shared-h200", "gb200-nvl72"});
  CHECK(plans("provider=highreso") == Strings{"aispacon-h200x8"});
  CHECK(plans("provider=nobody").empty());
  CHECK(plans("product=koukaryoku-phy") == Strings{"phy-h100x8", "phy-h200x8"});
  CHECK(AsSet(plans("location=is1a")) == std::set<std::string>{"phy-h100x8", "vrt-h100", "dok-h100", "phy-h200x8"});
  CHECK(plans("location=%E9%A6%99%E5%B7%9D%E7%9C%8C") == Strings{"aispacon-h200x8"});  // 香川県
  CHECK(plans("location=堺") == Strings{"gb200-nvl72"});
  CHECK(plans("min_gpus=8") == Concat({"aispacon-h200x8", "phy-h100x8", "dedicated-h200x8"}, QuotesById()));
  CHECK(plans("min_gpus=9") == Strings{"gb200-nvl72"});
  CHECK(plans("max_gpus=1") == Strings{"vrt-h100", "dok-h100", "shared-h200"});
  CHECK(plans("min_gpus=8&max_gpus=8") == Strings{"aispacon-h200x8", "phy-h100x8", "dedicated-h200x8", "phy-h200x8"});
  // Stated memory, else the model's nameplate (GB200: 186 GB).
  CHECK(plans("min_gpu_memory_gb=100") == Concat({"aispacon-h200x8", "dedicated-h200x8", "shared-h200"}, QuotesById()));
  CHECK(plans("min_gpu_memory_gb=150") == Strings{"gb200-nvl72"});
  CHECK(plans("max_price=500") == Strings{"aispacon-h200x8", "phy-h100x8"});
  CHECK(plans("max_price=500&tax=included") == Strings{"aispacon-h200x8"});
  CHECK(plans("max_price=433.2192") == Strings{"aispacon-h200x8"});  // inclusive, exact to 1/10,000 yen
  CHECK(plans("max_price=433.2191").empty());
  CHECK(plans("billing=second") == Strings{"dok-h100"});
  CHECK(plans("billing=hour") == Strings{"vrt-h100", "shared-h200"});
  CHECK(plans("billing=month") == Concat({"aispacon-h200x8", "phy-h100x8", "dedicated-h200x8"}, QuotesById()));
  CHECK(plans("billing=day").empty());
  CHECK(plans("billing=any").size() == 8);
  CHECK(plans("availability=sold_out") == Strings{"phy-h100x8"});
  CHECK(plans("availability=limited&availability=on_request") == Strings{"shared-h200", "phy-h200x8"});
  CHECK(plans("include_quote=false") ==
        Strings{"aispacon-h200x8", "phy-h100x8", "dedicated-h200x8", "vrt-h100", "dok-h100", "shared-h200"});
  CHECK(plans("include_quote=true").size() == 8);
  CHECK(plans("gpu=h100&provider=sakura&billing=month&availability=sold_out&min_gpus=8") == Strings{"phy-h100x8"});
}

TEST_CASE("Stale offers: flagged, and excluded on request", "[server][api]") {
  TempDir dir;
  SeedCatalog(dir.file("c.db"));
  ServeOptions later;
  later.clock = [] { return std::string("2026-11-23T00:00:59Z"); };  // as_of 00:00:00: 24 h after the sync
  later.stale_after_seconds = 24 * 3600 - 1;
  TestServer server(dir.file("c.db"), later);
  const json all = server.Get("/v1/offers").json();
  CHECK(all.at("count") == 8);
  CHECK(all.at("offers").at(0).at("stale") == true);
  CHECK(all.at("offers").at(0).at("age_seconds") == 86400);
  CHECK(server.Get("/v1/offers?include_stale=false").json().at("count") == 0);
  CHECK(server.Get("/v1/offers?include_stale=true").json().at("count") == 8);
}

TEST_CASE("Sort orders: -price, gpus, provider, tax basis", "[server][api]") {
  Seeded s;
  auto plans = [&](const std::string& q) { return Plans(s.server->Get("/v1/offers?" + q).json()); };
  CHECK(plans("sort=-price") ==
        Concat({"shared-h200", "dok-h100", "vrt-h100", "dedicated-h200x8", "phy-h100x8", "aispacon-h200x8"},
               QuotesById()));
  const Strings by_gpus = plans("sort=gpus");
  CHECK(AsSet({by_gpus.begin(), by_gpus.begin() + 3}) == std::set<std::string>{"vrt-h100", "dok-h100", "shared-h200"});
  CHECK(AsSet({by_gpus.begin() + 3, by_gpus.begin() + 7}) ==
        std::set<std::string>{"aispacon-h200x8", "phy-h100x8", "dedicated-h200x8", "phy-h200x8"});
  CHECK(by_gpus.back() == "gb200-nvl72");
  const Strings by_provider = plans("sort=provider");
  CHECK(AsSet({by_provider.begin(), by_provider.begin() + 2}) ==
        std::set<std::string>{"dedicated-h200x8", "shared-h200"});
  CHECK(by_provider.at(2) == "aispacon-h200x8");
  CHECK(by_provider.at(3) == "gb200-nvl72");
  CHECK(AsSet({by_provider.begin() + 4, by_provider.end()}) ==
        std::set<std::string>{"vrt-h100", "dok-h100", "phy-h100x8", "phy-h200x8"});
  const json inc = s.server->Get("/v1/offers?tax=included&include_quote=false").json();
  CHECK(inc.at("query").at("tax") == "included");
  CHECK(Plans(inc) ==
        Strings{"aispacon-h200x8", "phy-h100x8", "dedicated-h200x8", "vrt-h100", "dok-h100", "shared-h200"});
}

TEST_CASE("Cursor pagination walks every offer once, in order", "[server][api]") {
  Seeded s;
  const Strings all = Plans(s.server->Get("/v1/offers").json());
  for (const char* sort : {"price", "-price", "gpus", "provider"}) {
    INFO(sort);
    const Strings expected = Plans(s.server->Get(std::string("/v1/offers?sort=") + sort).json());
    Strings walked;
    std::string target = std::string("/v1/offers?limit=3&sort=") + sort;
    int pages = 0;
    while (true) {
      const Response r = s.server->Get(target);
      REQUIRE(r.status == 200);
      const json body = r.json();
      CHECK(body.at("count") == body.at("offers").size());
      for (const auto& p : Plans(body)) walked.push_back(p);
      ++pages;
      if (body.at("next_cursor").is_null()) break;
      target = std::string("/v1/offers?limit=3&sort=") + sort + "&cursor=" + body.at("next_cursor").get<std::string>();
    }
    CHECK(pages == 3);
    CHECK(walked == expected);
  }
  CHECK(all.size() == 8);
}

TEST_CASE("Pagination stays stable while a sync changes the catalog", "[server][api]") {
  Seeded s;
  const Response first = s.server->Get("/v1/offers?limit=3&include_quote=false");
  REQUIRE(first.status == 200);
  CHECK(Plans(first.json()) == Strings{"aispacon-h200x8", "phy-h100x8", "dedicated-h200x8"});
  const std::string cursor = first.json().at("next_cursor").get<std::string>();

  // Another process syncs gmo between page fetches: a new offer, the shared
  // offer dearer, and Sakura's VRT (not yet seen) cheaper than the cursor.
  {
    auto writer = Catalog::Open(s.db);
    REQUIRE(writer.ok());
    auto batches = SeedBatches();
    OfferDraft shared = Draft("gmo", "gpucloud-shared", "shared-h200", "7000");
    shared.gpu_name = "H200";
    shared.per = "gpu";
    shared.tax = "unknown";
    shared.zone = shared.site = "";
    shared.prefecture = "東京都";
    shared.availability = "limited";
    OfferDraft added = shared;
    added.plan = "shared-h200-b";
    added.amount = "5000";
    OfferDraft dedicated = Draft("gmo", "gpucloud-dedicated", "dedicated-h200x8", "3800000");
    dedicated.gpu_name = "H200";
    dedicated.gpus_per_unit = 8;
    dedicated.per = "node";
    dedicated.unit = "month";
    dedicated.tax = "excluded";
    dedicated.zone = dedicated.site = "";
    dedicated.prefecture = "東京都";
    dedicated.gpu_memory_gb = std::nullopt;
    dedicated.billing_rule = "per-started-month";
    REQUIRE(writer.value()->ApplySync(ProviderBatch("gmo", {dedicated, shared, added}), "2026-11-22T00:30:00Z").ok());
    OfferDraft vrt = Draft("sakura", "koukaryoku-vrt", "vrt-h100", "400");
    vrt.billing_rule = "capped-schedule";
    SyncBatch sakura = batches[0];
    sakura.offers[0] = MustNormalize(vrt, sakura.parsed_sources[0]);
    REQUIRE(writer.value()->ApplySync(sakura, "2026-11-22T00:30:00Z").ok());
  }

  Strings rest;
  std::string next = cursor;
  std::set<std::string> versions;
  while (!next.empty()) {
    const Response r = s.server->Get("/v1/offers?limit=3&include_quote=false&cursor=" + next);
    REQUIRE(r.status == 200);
    versions.insert(r.header("X-Catalog-Version"));
    for (const auto& p : Plans(r.json())) rest.push_back(p);
    next = r.json().at("next_cursor").is_null() ? "" : r.json().at("next_cursor").get<std::string>();
  }
  CHECK(versions == std::set<std::string>{"6"});
  // Keyset semantics (docs/api.md): nothing repeats; offers whose sort key did
  // not change all appear; a new offer after the cursor appears; an offer that
  // moved behind the cursor (VRT, now ¥363.6364 ex.) is not seen on this walk.
  CHECK(rest == Strings{"dok-h100", "shared-h200-b", "shared-h200"});
  // A fresh walk sees the new order.
  CHECK(Plans(s.server->Get("/v1/offers?include_quote=false").json()) ==
        Strings{"vrt-h100", "aispacon-h200x8", "phy-h100x8", "dedicated-h200x8", "dok-h100", "shared-h200-b",
                "shared-h200"});
}

TEST_CASE("Cursors from another query or tampered ones are refused", "[server][api]") {
  Seeded s;
  const std::string cursor = s.server->Get("/v1/offers?limit=2").json().at("next_cursor").get<std::string>();
  CHECK(s.server->Get("/v1/offers?limit=2&cursor=" + cursor).status == 200);
  CHECK(s.server->Get("/v1/offers?limit=5&cursor=" + cursor).status == 200);  // page size may change
  for (const std::string& bad :
       Strings{"/v1/offers?sort=-price&cursor=" + cursor, "/v1/offers?gpu=h100&cursor=" + cursor,
               "/v1/offers?cursor=zz" + cursor.substr(2), "/v1/offers?cursor=" + cursor + "0", "/v1/offers?cursor=-1",
               "/v1/offers?cursor=%00", "/v1/offers?cursor=" + std::string(1200, 'a')}) {
    INFO(bad);
    const Response r = s.server->Get(bad);
    CHECK(r.status == 400);
    CHECK(r.json().at("error").at("code") == "invalid_cursor");
  }
}

TEST_CASE("Every parameter error of /v1/offers, as documented", "[server][api]") {
  Seeded s;
  const std::vector<std::tuple<std::string, int, std::string>> cases = {
      {"bogus=1", 400, "unknown_parameter"},
      {"limit=5&limit=6", 400, "duplicate_parameter"},
      {"min_gpus=x", 400, "invalid_number"},
      {"max_gpus=1.5", 400, "invalid_number"},
      {"min_gpu_memory_gb=-80", 400, "invalid_number"},
      {"max_price=cheap", 400, "invalid_number"},
      {"max_price=0.00001", 400, "invalid_number"},
      {"tax=both", 400, "invalid_enum"},
      {"billing=year", 400, "invalid_enum"},
      {"availability=maybe", 400, "invalid_enum"},
      {"include_quote=TRUE", 400, "invalid_enum"},
      {"include_stale=no", 400, "invalid_enum"},
      {"sort=price%3B%20DROP%20TABLE%20offers", 400, "invalid_enum"},
      {"limit=0", 400, "limit_out_of_range"},
      {"limit=501", 400, "limit_out_of_range"},
      {"limit=99999999999999999999", 400, "invalid_number"},
      {"min_gpus=9&max_gpus=8", 400, "invalid_range"},
      {"gpu=", 400, "invalid_parameter"},
      {"provider=%FF", 400, "invalid_parameter"},
      {"gpu=h100-40gb", 404, "unknown_gpu"},
      {"gpu=tpu", 404, "unknown_gpu"},
  };
  for (const auto& [query, status, code] : cases) {
    INFO(query);
    const Response r = s.server->Get("/v1/offers?" + query);
    CHECK(r.status == status);
    CHECK(r.header("Content-Type") == "application/json");
    CHECK(r.header("Cache-Control") == "no-store");
    CHECK(r.header("ETag").empty());
    const json body = r.json();
    CHECK(body.at("error").at("code") == code);
    CHECK_FALSE(body.at("error").at("message").get<std::string>().empty());
    CHECK(body.size() == 1);
  }
}

TEST_CASE("SQL meta-characters in text filters are only values", "[server][api]") {
  Seeded s;
  for (const char* q : {"provider=%27%20OR%201%3D1%20--", "product=x%22%29%3B%20DROP%20TABLE%20offers%3B--",
                        "location=%25", "location=_"}) {
    INFO(q);
    const Response r = s.server->Get(std::string("/v1/offers?") + q);
    CHECK(r.status == 200);
    CHECK(r.json().at("count") == 0);
  }
  CHECK(s.server->Get("/v1/offers").json().at("count") == 8);
}
