// Helpers of the storefront tests, on top of tests/server/server_fixture.h.
//
// The seeded catalog (server_fixture.h) priced with docs/pricing-rules.example.json
// (default 15% markup, up to ¥10; H200 by the hour: 20% margin + ¥50, floor
// ¥1,000; Sakura monthly: 12.5%, nearest ¥100; KDDI GB200: 8%, up to ¥100),
// worked out by hand (ex -> inc = floor(ex x 1.1)):
//   sakura  vrt-h100         ¥990/h incl.  -> cost 900    x1.15 = 1,035    -> ex 1,040      inc 1,144
//   sakura  dok-h100         ¥0.28/s incl. -> cost 916.36/h x1.15 = 1,053.8 -> ex 1,060      inc 1,166
//   sakura  phy-h100x8       ¥3,046,120/mo incl. -> 2,769,200 x1.125 = 3,115,350 -> ex 3,115,400 inc 3,426,940
//   sakura  phy-h200x8       quote (sakura-monthly)
//   highreso aispacon-h200x8 ¥2,783,000/mo incl. -> 2,530,000 x1.15 = 2,909,500 -> ex 2,909,500 inc 3,200,450
//   gmo     dedicated-h200x8 ¥3,800,000/mo excl. -> x1.15 = 4,370,000      -> ex 4,370,000   inc 4,807,000
//   gmo     shared-h200      ¥6,000/h (tax unknown: excl.) -> /0.8 + 50 = 7,550 -> ex 7,550  inc 8,305
//   kddi    gb200-nvl72      quote (kddi-gb200)
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server_fixture.h"

namespace gpucat::testing {

std::string ExampleRulesPath();

// Every offer id of a storefront listing `target` (which has a '?'), walking
// next_cursor with `limit` per page; FAILs on a repeated id.
std::vector<std::string> WalkIds(const TestServer& server, const std::string& target, int limit);

// Plans (not ids) of a storefront offers body, in order.
std::vector<std::string> StorefrontPlans(const nlohmann::json& body);

// A seeded offer's storefront JSON from a body, by plan; null if absent.
nlohmann::json FindPlan(const nlohmann::json& body, const std::string& plan);

// Writes a second sync of the seeded catalog at `db` (at kSyncTime + 30 min):
// aispacon-h200x8 to ¥2,860,000/month, vrt-h100 to ¥991/hour (a change the
// example rules absorb: still ex ¥1,040), gmo shared-h200 becomes sold_out,
// KDDI's rack withdrawn.
void ApplySecondSync(const std::string& db);

}  // namespace gpucat::testing
