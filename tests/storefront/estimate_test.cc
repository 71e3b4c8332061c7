// GET /v1/storefront/estimate: the estimate engine over sell prices.
#include <catch2/catch.hpp>

#include "storefront_support.h"

using namespace gpucat;
using namespace gpucat::testing;
using nlohmann::json;

namespace {
std::vector<std::string> Codes(const json& notes) {
  std::vector<std::string> out;
  for (const auto& n : notes) out.push_back(n.at("code").get<std::string>());
  return out;
}
bool Has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}
}  // namespace

TEST_CASE("Estimate: H200 x8 for 720 hours, ranked on sell prices, the quote excluded", "[storefront][estimate]") {
  Seeded s;
  const Response r = s.server->Get("/v1/storefront/estimate?gpu=h200&gpus=8&hours=720&tax=included");
  REQUIRE(r.status == 200);
  const json body = r.json();
  CHECK(body.at("pricing_rules").at("file") == "pricing-rules.example.json");
  CHECK(body.at("catalog_version") == 4);
  const json& est = body.at("estimates");
  REQUIRE(est.size() == 3);
  // Starts 2026-12-01 (assumed): one started month of each monthly node.
  CHECK(est[0].at("offer_ids") == json::array({SeededId("aispacon-h200x8")}));
  CHECK(est[0].at("total").at("inc_tax").at("minor") == 32004500000);  // 1 x ¥3,200,450
  CHECK(est[0].at("total").at("ex_tax").at("minor") == 29095000000);   // 1 x ¥2,909,500
  CHECK(est[0].at("title").at("en") == "highreso aispacon-h200x8");
  CHECK(est[0].at("labels").at("ja").at("total_inc_tax") == "¥3,200,450（税込）");
  CHECK(est[0].at("labels").at("en").at("total_ex_tax") == "¥2,909,500 excl. tax");
  CHECK(est[0].at("labels").at("ja").at("gpu_hour_inc_tax") == "¥555.63/GPU時間（税込）");  // 3,200,450 / 5,760
  CHECK(est[0].at("provider_name").at("ja") == "highreso");
  CHECK(est[1].at("offer_ids") == json::array({SeededId("dedicated-h200x8")}));
  CHECK(est[1].at("total").at("inc_tax").at("minor") == 48070000000);  // 1 x ¥4,807,000
  CHECK(est[2].at("offer_ids") == json::array({SeededId("shared-h200")}));
  CHECK(est[2].at("total").at("inc_tax").at("minor") == 478368000000);  // 8 x 720 x ¥8,305
  CHECK(est[2].at("lines").at(0).at("unit_price") == "8305");
  for (const auto& e : est) {
    CHECK_FALSE(e.contains("published_tax"));
    CHECK_FALSE(e.contains("tax_assumed_excluded"));
    const auto codes = Codes(e.at("notes"));
    CHECK(Has(codes, "tax"));
    CHECK_FALSE(Has(codes, "tax_assumed"));  // GMO's unknown tax is the cost side's business
    CHECK_FALSE(Has(codes, "sell_unit"));
  }
  REQUIRE(body.at("excluded").size() == 1);
  CHECK(body.at("excluded")[0].at("reason") == "quote_only");
  CHECK(body.at("excluded")[0].at("offer_ids") == json::array({SeededId("phy-h200x8")}));
}

TEST_CASE("Estimate: offers metered per second are sold per started hour, and say so", "[storefront][estimate]") {
  Seeded s;
  const json body = s.server->Get("/v1/storefront/estimate?gpu=h100&gpus=1&seconds=30&tax=included").json();
  json dok, vrt;
  for (const auto& e : body.at("estimates")) {
    if (e.at("offer_ids")[0] == SeededId("dok-h100")) dok = e;
    if (e.at("offer_ids")[0] == SeededId("vrt-h100")) vrt = e;
  }
  REQUIRE(dok.is_object());
  REQUIRE(vrt.is_object());
  CHECK(dok.at("total").at("inc_tax").at("minor") == 11660000);  // 1 started hour x ¥1,166
  CHECK(Has(Codes(dok.at("notes")), "sell_unit"));
  CHECK(vrt.at("total").at("inc_tax").at("minor") == 11440000);  // 1 hour x ¥1,144
  CHECK_FALSE(Has(Codes(vrt.at("notes")), "sell_unit"));
}

TEST_CASE("Estimate: errors and caching as /v1/estimate, ETag folds in the rules", "[storefront][estimate]") {
  Seeded s;
  auto code = [&](const std::string& q, int status) {
    const Response r = s.server->Get("/v1/storefront/estimate?" + q);
    INFO(q << " -> " << r.body);
    CHECK(r.status == status);
    return r.json().at("error").at("code").get<std::string>();
  };
  CHECK(code("gpus=8&hours=1", 400) == "missing_parameter");
  CHECK(code("gpu=h200&gpus=8&hours=1&include_stale=true", 400) == "unknown_parameter");
  CHECK(code("gpu=h999&gpus=8&hours=1", 404) ==
        s.server->Get("/v1/estimate?gpu=h999&gpus=8&hours=1").json().at("error").at("code"));
  CHECK(code("gpu=h200&gpus=8&hours=1&end=2027-01-01", 400) ==
        s.server->Get("/v1/estimate?gpu=h200&gpus=8&hours=1&end=2027-01-01").json().at("error").at("code"));
  const Response ok = s.server->Get("/v1/storefront/estimate?gpu=h200&gpus=8&hours=1");
  REQUIRE(ok.status == 200);
  CHECK(
      s.server->Get("/v1/storefront/estimate?gpu=h200&gpus=8&hours=1", {{"If-None-Match", ok.header("ETag")}}).status ==
      304);
}
