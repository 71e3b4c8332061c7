#include "storefront_support.h"

#include <catch2/catch.hpp>
#include <set>
#include <stdexcept>

#include "gpucat/normalize.h"

namespace gpucat::testing {

std::string ExampleRulesPath() { return std::string(GPUCAT_SOURCE_DIR) + "/docs/pricing-rules.example.json"; }

std::vector<std::string> WalkIds(const TestServer& server, const std::string& target, int limit) {
  std::vector<std::string> ids;
  std::set<std::string> seen;
  std::string cursor;
  for (int page = 0; page < 1000; ++page) {
    std::string t = target + "&limit=" + std::to_string(limit);
    if (!cursor.empty()) t += "&cursor=" + cursor;
    const Response r = server.Get(t);
    INFO(t << " -> " << r.body);
    REQUIRE(r.status == 200);
    const auto body = r.json();
    CHECK(body.at("count").get<size_t>() <= static_cast<size_t>(limit));
    for (const auto& id : OfferIds(body)) {
      CHECK(seen.insert(id).second);
      ids.push_back(id);
    }
    if (body.at("next_cursor").is_null()) return ids;
    cursor = body.at("next_cursor").get<std::string>();
  }
  FAIL("pagination did not end");
  return ids;
}

std::vector<std::string> StorefrontPlans(const nlohmann::json& body) {
  std::vector<std::string> out;
  for (const auto& o : body.at("offers")) out.push_back(o.at("plan").get<std::string>());
  return out;
}

nlohmann::json FindPlan(const nlohmann::json& body, const std::string& plan) {
  for (const auto& o : body.at("offers")) {
    if (o.at("plan") == plan) return o;
  }
  return nullptr;
}

void ApplySecondSync(const std::string& db) {
  auto batches = SeedBatches();
  for (auto& b : batches) {
    for (auto& o : b.offers) {
      if (o.plan == "aispacon-h200x8") o.amount = ParseDecimal("2860000").value();
      if (o.plan == "vrt-h100") o.amount = ParseDecimal("991").value();
      if (o.plan == "shared-h200") o.availability = Availability::kSoldOut;
      ComputeNormalizedPrices(o, kJapanStandardTax);
    }
    if (b.provider == "kddi") b.offers.clear();  // its source read, the rack gone: withdrawn
    b.started_at = "2026-11-22T00:30:00Z";
  }
  auto c = Catalog::Open(db);
  if (!c.ok()) throw std::runtime_error(c.status().ToString());
  for (const auto& b : batches) {
    auto r = c.value()->ApplySync(b, "2026-11-22T00:30:00Z");
    if (!r.ok()) throw std::runtime_error(r.status().ToString());
  }
}

}  // namespace gpucat::testing
