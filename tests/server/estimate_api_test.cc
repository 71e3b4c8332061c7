// GET /v1/estimate end to end on the seeded catalog (server_fixture.h lists it).
#include <catch2/catch.hpp>

#include "server_fixture.h"

using namespace gpucat;
using namespace gpucat::testing;
using nlohmann::json;

namespace {
std::vector<std::string> RankedPlans(const json& body) {
  std::vector<std::string> out;
  for (const auto& e : body.at("estimates")) out.push_back(e.at("plan"));
  return out;
}
}  // namespace

TEST_CASE("GET /v1/estimate ranks every H100 offer by its billed total", "[server][api][estimate]") {
  Seeded s;
  const Response r = s.server->Get("/v1/estimate?gpu=NVIDIA%20H100&gpus=8&hours=100");
  INFO(r.body);
  REQUIRE(r.status == 200);
  const json body = r.json();
  CHECK(body["request"]["gpu"] == "h100-80gb");
  CHECK(body["period"]["seconds"] == 360000);
  CHECK(body["period"]["start_assumed"] == true);
  // vrt: 8 x 100 h x ¥990 = ¥792,000 incl. (ex 720,000); dok: 8 x 360,000 s x ¥0.28 = ¥806,400 incl.;
  // phy: 1 node x max(1, 2-month minimum) x ¥3,046,120 = ¥6,092,240 incl.
  REQUIRE(RankedPlans(body) == std::vector<std::string>{"vrt-h100", "dok-h100", "phy-h100x8"});
  const json& vrt = body["estimates"][0];
  CHECK(vrt["total"]["inc_tax"]["minor"] == 792000LL * 10000);
  CHECK(vrt["total"]["ex_tax"]["minor"] == 720000LL * 10000);
  CHECK(vrt["units"]["count"] == 8);
  CHECK(vrt["gpu_hour"]["inc_tax"]["yen"] == "990.0000");
  CHECK_FALSE(vrt["lines"].empty());
  const json& dok = body["estimates"][1];
  CHECK(dok["total"]["inc_tax"]["minor"] == 806400LL * 10000);
  const json& phy = body["estimates"][2];
  CHECK(phy["total"]["inc_tax"]["minor"] == 6092240LL * 10000);
  CHECK(phy["billed_duration"]["unit"] == "month");
  CHECK(phy["billed_duration"]["count"] == 2);
  CHECK(body["catalog_version"].is_number_integer());
  CHECK_FALSE(r.header("ETag").empty());
}

TEST_CASE("GET /v1/estimate lists what cannot serve, and why", "[server][api][estimate]") {
  Seeded s;
  // 73 GPUs in one NVLink domain: the 72-GPU GB200 rack cannot; it is also a quote.
  const json body = s.server->Get("/v1/estimate?gpu=gb200&gpus=73&hours=1&same_domain=true").json();
  CHECK(body["estimates"].empty());
  REQUIRE(body["excluded"].size() == 1);
  CHECK(body["excluded"][0]["provider"] == "kddi");
  CHECK(body["excluded"][0]["reason"] == "too_few_gpus_per_domain");
  const json quote = s.server->Get("/v1/estimate?gpu=gb200&gpus=72&hours=1").json();
  REQUIRE(quote["excluded"].size() == 1);
  CHECK(quote["excluded"][0]["reason"] == "quote_only");
}

TEST_CASE("GET /v1/estimate errors are the documented codes", "[server][api][estimate]") {
  Seeded s;
  auto code = [&](const std::string& target) {
    const Response r = s.server->Get(target);
    INFO(target << " -> " << r.body);
    return std::make_pair(r.status, r.json().at("error").at("code").get<std::string>());
  };
  CHECK(code("/v1/estimate?gpus=8&hours=1") == std::make_pair(400, std::string("missing_parameter")));
  CHECK(code("/v1/estimate?gpu=h100&hours=1") == std::make_pair(400, std::string("missing_parameter")));
  CHECK(code("/v1/estimate?gpu=h100&gpus=8") == std::make_pair(400, std::string("missing_parameter")));
  CHECK(code("/v1/estimate?gpu=h100&gpus=0&hours=1") == std::make_pair(400, std::string("invalid_range")));
  CHECK(code("/v1/estimate?gpu=h100&gpus=eight&hours=1") == std::make_pair(400, std::string("invalid_number")));
  CHECK(code("/v1/estimate?gpu=h100&gpus=8&hours=1&end=2027-01-01") ==
        std::make_pair(400, std::string("conflicting_parameters")));
  CHECK(code("/v1/estimate?gpu=h100&gpus=8&hours=-1") == std::make_pair(400, std::string("invalid_range")));
  CHECK(code("/v1/estimate?gpu=h100&gpus=8&start=yesterday&hours=1") ==
        std::make_pair(400, std::string("invalid_parameter")));
  CHECK(code("/v1/estimate?gpu=h100&gpus=8&start=2027-01-02&end=2027-01-01") ==
        std::make_pair(400, std::string("invalid_range")));
  CHECK(code("/v1/estimate?gpu=voodoo&gpus=8&hours=1") == std::make_pair(404, std::string("unknown_gpu")));
  CHECK(code("/v1/estimate?gpu=h100&gpus=8&hours=1&same_domain=maybe") ==
        std::make_pair(400, std::string("invalid_enum")));
  CHECK(code("/v1/estimate?gpu=h100&gpus=8&hours=1&colour=red") ==
        std::make_pair(400, std::string("unknown_parameter")));
}
