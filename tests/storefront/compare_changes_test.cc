// GET /v1/storefront/compare and /v1/storefront/changes end to end.
#include <catch2/catch.hpp>

#include "storefront_support.h"

using namespace gpucat;
using namespace gpucat::testing;
using nlohmann::json;

TEST_CASE("Compare: per provider and product, the cheapest sell price per GPU-hour, quotes after", "[storefront]") {
  Seeded s;
  const Response r = s.server->Get("/v1/storefront/compare?gpu=H200&tax=included");
  REQUIRE(r.status == 200);
  const json body = r.json();
  CHECK(body.at("gpu").at("id") == "h200-141gb");
  CHECK(body.at("tax_basis") == "included");
  CHECK(body.at("pricing_rules").at("file") == "pricing-rules.example.json");
  const json& rows = body.at("rows");
  REQUIRE(rows.size() == 4);
  auto row = [&](size_t i) {
    return rows.at(i).at("provider").get<std::string>() + "/" + rows.at(i).at("product").get<std::string>();
  };
  CHECK(row(0) == "highreso/aispacon");
  CHECK(row(1) == "gmo/gpucloud-dedicated");
  CHECK(row(2) == "gmo/gpucloud-shared");
  CHECK(row(3) == "sakura/koukaryoku-phy");
  CHECK(rows[0].at("gpu_hour").at("inc_tax").at("minor") == 5480223);  // 3,200,450 / 5,840
  CHECK(rows[1].at("gpu_hour").at("inc_tax").at("minor") == 8231164);  // 4,807,000 / 5,840
  CHECK(rows[2].at("gpu_hour").at("inc_tax").at("minor") == 83050000);
  CHECK(rows[0].at("sell_price").at("labels").at("ja").at("gpu_hour_inc_tax") == "¥548.02/GPU時間（税込）");
  CHECK(rows[0].at("per_gpu_memory_gb_hour").at("inc_tax").at("minor") == 38867);  // 5,480,223 / 141
  CHECK(rows[3].at("price_status") == "quote");
  CHECK(rows[3].at("gpu_hour").at("inc_tax").is_null());
  CHECK(rows[3].at("sell_price").at("labels").at("ja").at("price") == "お問い合わせ");
  CHECK(rows[3].at("title").at("en") == "sakura phy-h200x8");
  CHECK(rows[0].at("offer").at("id") == SeededId("aispacon-h200x8"));
  CHECK_FALSE(rows[0].at("offer").contains("price"));
}

TEST_CASE("Changes: the event feed in sell prices, leaving out what the rules absorb", "[storefront]") {
  Seeded s;
  const json first = s.server->Get("/v1/storefront/changes").json();
  CHECK(first.at("events").size() == 8);  // every seeded offer is new and sold
  for (const auto& e : first.at("events")) {
    CHECK(e.at("kind") == "new");
    CHECK(e.at("before").is_null());
    CHECK(e.at("after").contains("sell_price"));
  }
  const std::string since = first.at("next_since").get<std::string>();
  CHECK(first.at("has_more") == false);

  ApplySecondSync(s.db);
  const json raw = s.server->Get("/v1/changes?since=" + since).json();
  const json page = s.server->Get("/v1/storefront/changes?since=" + since).json();
  INFO(page.dump(1));
  // The catalog has 4 events: aispacon's and vrt's prices, shared's
  // availability, KDDI's withdrawal. vrt's ¥990 -> ¥991 still sells at ¥1,040.
  CHECK(raw.at("events").size() == 4);
  REQUIRE(page.at("events").size() == 3);
  std::map<std::string, json> by_offer;
  for (const auto& e : page.at("events")) by_offer[e.at("offer_id").get<std::string>()] = e;
  CHECK_FALSE(by_offer.count(SeededId("vrt-h100")));

  const json& price = by_offer.at(SeededId("aispacon-h200x8"));
  CHECK(price.at("kind") == "price_changed");
  CHECK(price.at("before").at("sell_price").at("inc_tax").at("minor") == 32004500000);
  // 2,860,000 incl. -> 2,600,000 ex -> x1.15 = 2,990,000 -> inc 3,289,000
  CHECK(price.at("after").at("sell_price").at("inc_tax").at("minor") == 32890000000);
  CHECK(price.at("after").at("sell_price").at("labels").at("ja").at("inc_tax") == "¥3,289,000（税込）");

  const json& avail = by_offer.at(SeededId("shared-h200"));
  CHECK(avail.at("kind") == "availability_changed");
  CHECK(avail.at("before") == json{{"availability", "limited"}});
  CHECK(avail.at("after") == json{{"availability", "sold_out"}});

  const json& gone = by_offer.at(SeededId("gb200-nvl72"));
  CHECK(gone.at("kind") == "withdrawn");
  CHECK(gone.at("before").at("price_status") == "quote");
  CHECK(gone.at("after").is_null());

  // Paging: limit 1 walks the same three events; next_since then stays put.
  std::vector<int64_t> seqs;
  std::string at = since;
  for (int i = 0; i < 10; ++i) {
    const json p = s.server->Get("/v1/storefront/changes?limit=1&since=" + at).json();
    for (const auto& e : p.at("events")) seqs.push_back(e.at("seq").get<int64_t>());
    at = p.at("next_since").get<std::string>();
    if (!p.at("has_more").get<bool>()) break;
  }
  CHECK(seqs.size() == 3);
  const json end = s.server->Get("/v1/storefront/changes?since=" + at).json();
  CHECK(end.at("events").empty());
  CHECK(end.at("next_since") == at);
  CHECK(end.at("has_more") == false);
}

TEST_CASE("Changes of offers the rules do not sell are left out", "[storefront]") {
  TempDir dir;
  WriteFile(dir.file("gmo.json"),
            R"({"version": 1, "rounding": {"increment_yen": 1, "mode": "nearest"},
                  "rules": [{"id": "gmo", "match": {"provider": "gmo"}, "markup_percent": "10"}]})");
  ServeOptions o;
  o.pricing_rules_path = dir.file("gmo.json");
  Seeded s(o);
  const json page = s.server->Get("/v1/storefront/changes").json();
  CHECK(page.at("events").size() == 2);
  for (const auto& e : page.at("events")) CHECK(e.at("provider") == "gmo");
}
