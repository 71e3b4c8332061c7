// End to end: one offer, its history, GPUs, compare, providers, rejects and
// the change feed.
#include <catch2/catch.hpp>

#include "gpucat/normalize.h"
#include "server_fixture.h"

using namespace gpucat;
using namespace gpucat::testing;
using nlohmann::json;

namespace {

// Re-syncs Sakura with VRT at `amount` yen (and PHY H200 dropped if `drop_quote`).
void ResyncSakura(const std::string& db, const std::string& amount, bool drop_quote, const std::string& at) {
  auto writer = Catalog::Open(db);
  REQUIRE(writer.ok());
  SyncBatch sakura = SeedBatches()[0];
  OfferDraft vrt = Draft("sakura", "koukaryoku-vrt", "vrt-h100", amount);
  vrt.billing_rule = "capped-schedule";
  sakura.offers[0] = MustNormalize(vrt, sakura.parsed_sources[0]);
  if (drop_quote) sakura.offers.pop_back();
  REQUIRE(writer.value()->ApplySync(sakura, at).ok());
}

void ExpectError(const Response& r, int status, const std::string& code) {
  INFO(r.body);
  CHECK(r.status == status);
  CHECK(r.json().at("error").at("code") == code);
  CHECK(r.header("Cache-Control") == "no-store");
}

}  // namespace

TEST_CASE("GET /v1/offers/{id}: the offer, or offer_not_found", "[server][api]") {
  Seeded s;
  const std::string id = SeededId("vrt-h100");
  const Response r = s.server->Get("/v1/offers/" + id);
  REQUIRE(r.status == 200);
  CHECK(r.header("X-Catalog-Version") == "4");
  const json body = r.json();
  CHECK(body.at("catalog_version") == 4);
  CHECK(body.at("as_of") == "2026-11-22T01:00:00Z");
  CHECK(body.at("offer").at("id") == id);
  CHECK(body.at("offer").at("price").at("amount") == "990");
  CHECK(body.at("offer").at("normalized").at("gpu_hour").at("ex_tax").at("minor") == 9000000);
  CHECK(body.at("offer").at("normalized").at("gpu_hour").at("inc_tax").at("minor") == 9900000);
  // The list and the detail render an offer identically.
  CHECK(body.at("offer") ==
        s.server->Get("/v1/offers?provider=sakura&product=koukaryoku-vrt").json().at("offers").at(0));

  ExpectError(s.server->Get("/v1/offers/sakura-000000000000"), 404, "offer_not_found");
  ExpectError(s.server->Get("/v1/offers/%27%20OR%201%3D1"), 404, "offer_not_found");
  ExpectError(s.server->Get("/v1/offers/" + id + "?x=1"), 400, "unknown_parameter");
}

TEST_CASE("A withdrawn offer stays addressable with its status", "[server][api]") {
  Seeded s;
  ResyncSakura(s.db, "990", true, "2026-11-22T00:30:00Z");
  const json offer = s.server->Get("/v1/offers/" + SeededId("phy-h200x8")).json().at("offer");
  CHECK(offer.at("status") == "withdrawn");
  CHECK(offer.at("withdrawn_at") == "2026-11-22T00:30:00Z");
  CHECK(s.server->Get("/v1/offers?gpu=h200").json().at("count") == 3);
}

TEST_CASE("GET /v1/offers/{id}/history: price changes, newest first", "[server][api]") {
  Seeded s;
  ResyncSakura(s.db, "1100", false, "2026-11-22T00:20:00Z");
  ResyncSakura(s.db, "880", false, "2026-11-22T00:40:00Z");
  const std::string id = SeededId("vrt-h100");
  const Response r = s.server->Get("/v1/offers/" + id + "/history");
  REQUIRE(r.status == 200);
  const json body = r.json();
  CHECK(body.at("catalog_version") == 6);
  CHECK(body.at("offer_id") == id);
  const json& h = body.at("history");
  REQUIRE(h.size() == 3);
  CHECK(h.at(0).at("event") == "price_changed");
  CHECK(h.at(0).at("amount") == "880");
  CHECK(h.at(0).at("observed_at") == "2026-11-22T00:40:00Z");
  CHECK(h.at(0).at("gpu_hour").at("inc_tax").at("minor") == 8800000);
  CHECK(h.at(0).at("gpu_hour").at("ex_tax").at("minor") == 8000000);
  CHECK(h.at(0).at("catalog_version") == 6);
  CHECK(h.at(1).at("amount") == "1100");
  CHECK(h.at(1).at("gpu_hour").at("ex_tax").at("minor") == 10000000);
  CHECK(h.at(2).at("event") == "new");
  CHECK(h.at(2).at("amount") == "990");
  const json one = s.server->Get("/v1/offers/" + id + "/history?limit=1").json();
  REQUIRE(one.at("history").size() == 1);
  CHECK(one.at("history").at(0).at("amount") == "880");
  ExpectError(s.server->Get("/v1/offers/" + id + "/history?limit=0"), 400, "limit_out_of_range");
  ExpectError(s.server->Get("/v1/offers/" + id + "/history?limit=x"), 400, "invalid_number");
  ExpectError(s.server->Get("/v1/offers/nope/history"), 404, "offer_not_found");
}

TEST_CASE("GET /v1/gpus: the reference table with counts and cheapest prices", "[server][api]") {
  Seeded s;
  const Response r = s.server->Get("/v1/gpus");
  REQUIRE(r.status == 200);
  const json body = r.json();
  CHECK(body.at("catalog_version") == 4);
  CHECK(body.at("tax_basis") == "excluded");
  std::map<std::string, json> by_id;
  for (const auto& g : body.at("gpus")) by_id[g.at("id").get<std::string>()] = g;
  CHECK(by_id.size() == 7);
  CHECK(by_id.at("h200-141gb").at("offers") == json{{"active", 4}, {"listed", 3}, {"quote", 1}});
  CHECK(by_id.at("h200-141gb").at("cheapest").at("offer_id") == SeededId("aispacon-h200x8"));
  CHECK(by_id.at("h200-141gb").at("cheapest").at("gpu_hour").at("ex_tax").at("minor") == 4332192);
  CHECK(by_id.at("h100-80gb").at("cheapest").at("gpu_hour").at("inc_tax").at("minor") == 5215959);
  CHECK(by_id.at("h100-80gb").at("fp8_dense_tflops") == 1979);
  CHECK(by_id.at("gb200-186gb").at("cheapest").is_null());
  CHECK(s.server->Get("/v1/gpus?tax=included").json().at("tax_basis") == "included");
  ExpectError(s.server->Get("/v1/gpus?tax=gross"), 400, "invalid_enum");
  ExpectError(s.server->Get("/v1/gpus?gpu=h100"), 400, "unknown_parameter");
}

TEST_CASE("GET /v1/gpus?include_stale=false counts only fresh offers", "[server][api]") {
  TempDir dir;
  SeedCatalog(dir.file("c.db"));
  ServeOptions later;
  later.clock = [] { return std::string("2026-11-30T00:00:00Z"); };
  TestServer server(dir.file("c.db"), later);
  const json body = server.Get("/v1/gpus?include_stale=false").json();
  for (const auto& g : body.at("gpus")) CHECK(g.at("offers").at("active") == 0);
}

TEST_CASE("GET /v1/compare?gpu=h200: GPUSOROBAN and GMO priced, Sakura PHY as a quote", "[server][api]") {
  Seeded s;
  const Response r = s.server->Get("/v1/compare?gpu=h200");
  REQUIRE(r.status == 200);
  CHECK(r.header("X-Catalog-Version") == "4");
  const json body = r.json();
  CHECK(body.at("catalog_version") == 4);
  CHECK(body.at("as_of") == "2026-11-22T01:00:00Z");
  CHECK(body.at("gpu").at("id") == "h200-141gb");
  const json& rows = body.at("rows");
  REQUIRE(rows.size() == 4);
  CHECK(rows.at(0).at("provider") == "highreso");
  CHECK(rows.at(0).at("gpu_hour").at("ex_tax").at("minor") == 4332192);
  CHECK(rows.at(0).at("gpu_hour").at("inc_tax").at("minor") == 4765411);
  CHECK(rows.at(0).at("per_gpu_memory_gb_hour").at("ex_tax").at("minor") == 30725);
  CHECK(rows.at(0).at("per_fp8_pflops_hour").at("ex_tax").at("minor") == 2189081);
  CHECK(rows.at(1).at("provider") == "gmo");
  CHECK(rows.at(1).at("product") == "gpucloud-dedicated");
  CHECK(rows.at(1).at("gpu_hour").at("ex_tax").at("minor") == 6506849);
  CHECK(rows.at(2).at("product") == "gpucloud-shared");
  CHECK(rows.at(2).at("offer").at("normalized").at("tax_assumed_excluded") == true);
  CHECK(rows.at(3).at("provider") == "sakura");
  CHECK(rows.at(3).at("price_status") == "quote");
  CHECK(rows.at(3).at("gpu_hour").at("ex_tax").is_null());
  // Aliases and the tax basis.
  CHECK(s.server->Get("/v1/compare?gpu=NVIDIA%20H200").json().at("rows") == rows);
  const json inc = s.server->Get("/v1/compare?gpu=h100&tax=included").json();
  CHECK(inc.at("tax_basis") == "included");
  CHECK(inc.at("rows").at(0).at("gpu_hour").at("inc_tax").at("minor") == 5215959);
  ExpectError(s.server->Get("/v1/compare"), 400, "missing_parameter");
  ExpectError(s.server->Get("/v1/compare?gpu=h200&gpu=h100"), 400, "duplicate_parameter");
  ExpectError(s.server->Get("/v1/compare?gpu=rtx9090"), 404, "unknown_gpu");
  ExpectError(s.server->Get("/v1/compare?gpu=h200&include_stale=maybe"), 400, "invalid_enum");
}

TEST_CASE("GET /v1/providers: sync status, counts, rejects and staleness", "[server][api]") {
  TempDir dir;
  SeedCatalog(dir.file("c.db"));
  {
    auto writer = Catalog::Open(dir.file("c.db"));
    REQUIRE(writer.ok());
    SyncBatch gmo = SeedBatches()[2];
    gmo.started_at = "2026-11-22T00:50:00Z";
    gmo.rejects.push_back(
        {"gmo", "gmo.src", "table[1]/row[3]", "non_numeric_price", "price \"要相談\"", "<tr>..</tr>"});
    gmo.failed_sources.push_back({"gmo.b300", SourceKind::kPage, "https://gpucloud.gmo/price/",
                                  Status::Error("fetch_timeout", "timed out after 30 s")});
    REQUIRE(writer.value()->ApplySync(gmo, "2026-11-22T00:50:00Z").ok());
  }
  TestServer server(dir.file("c.db"));
  const Response r = server.Get("/v1/providers");
  REQUIRE(r.status == 200);
  const json body = r.json();
  CHECK(body.at("catalog_version") == 4);
  std::vector<std::string> names;
  for (const auto& p : body.at("providers")) names.push_back(p.at("provider").get<std::string>());
  CHECK(names == std::vector<std::string>{"gmo", "highreso", "kddi", "sakura"});
  const json& gmo = body.at("providers").at(0);
  CHECK(gmo.at("status") == "partial");
  CHECK(gmo.at("error") == "gmo.b300: fetch_timeout: timed out after 30 s");
  CHECK(gmo.at("rejects").at("last_sync") == 1);
  CHECK(gmo.at("offers") == json{{"active", 2}, {"listed", 2}, {"quote", 0}, {"stale", 0}, {"withdrawn", 0}});
  CHECK(gmo.at("last_success_at") == "2026-11-22T00:50:00Z");
  CHECK(gmo.at("age_seconds") == 600);
  CHECK(gmo.at("stale") == false);
  const json& sakura = body.at("providers").at(3);
  CHECK(sakura.at("status") == "ok");
  CHECK(sakura.at("error").is_null());
  CHECK(sakura.at("offers").at("quote") == 1);
  CHECK(sakura.at("age_seconds") == 3600);
  CHECK(sakura.at("last_sync").at("offers") == 4);
  ExpectError(server.Get("/v1/providers?provider=gmo"), 400, "unknown_parameter");

  const json one = server.Get("/v1/providers/gmo").json();
  CHECK(one.at("provider").at("provider") == "gmo");
  REQUIRE(one.at("recent_syncs").size() == 2);
  CHECK(one.at("recent_syncs").at(0).at("status") == "partial");
  CHECK(one.at("recent_syncs").at(1).at("status") == "ok");
  CHECK(server.Get("/v1/providers/gmo?limit=1").json().at("recent_syncs").size() == 1);
  ExpectError(server.Get("/v1/providers/nobody"), 404, "unknown_provider");

  const Response rejects = server.Get("/v1/providers/gmo/rejects");
  REQUIRE(rejects.status == 200);
  const json rj = rejects.json().at("rejects");
  REQUIRE(rj.size() == 1);
  CHECK(rj.at(0).at("reason") == "non_numeric_price");
  CHECK(rj.at(0).at("locator") == "table[1]/row[3]");
  CHECK(rj.at(0).at("record") == "<tr>..</tr>");
  CHECK(rj.at(0).at("source_id") == "gmo.src");
  CHECK(server.Get("/v1/providers/sakura/rejects").json().at("rejects").empty());
  ExpectError(server.Get("/v1/providers/nobody/rejects"), 404, "unknown_provider");
  ExpectError(server.Get("/v1/providers/gmo/rejects?limit=501"), 400, "limit_out_of_range");
}

TEST_CASE("GET /v1/changes: the event feed, paged by next_since", "[server][api]") {
  Seeded s;
  const json all = s.server->Get("/v1/changes").json();
  CHECK(all.at("catalog_version") == 4);
  REQUIRE(all.at("events").size() == 8);
  CHECK(all.at("has_more") == false);
  CHECK(all.at("next_since") == "8");
  for (size_t i = 0; i < 8; ++i) {
    CHECK(all.at("events").at(i).at("seq") == static_cast<int64_t>(i) + 1);
    CHECK(all.at("events").at(i).at("kind") == "new");
  }
  const json page = s.server->Get("/v1/changes?limit=3").json();
  CHECK(page.at("events").size() == 3);
  CHECK(page.at("has_more") == true);
  CHECK(page.at("next_since") == "3");
  const json next = s.server->Get("/v1/changes?since=3&limit=3").json();
  CHECK(next.at("events").at(0).at("seq") == 4);

  ResyncSakura(s.db, "1100", true, "2026-11-22T00:30:00Z");
  const json after = s.server->Get("/v1/changes?since=8").json();
  CHECK(after.at("catalog_version") == 5);
  REQUIRE(after.at("events").size() == 2);
  CHECK(after.at("events").at(0).at("kind") == "price_changed");
  CHECK(after.at("events").at(0).at("offer_id") == SeededId("vrt-h100"));
  CHECK(after.at("events").at(0).at("provider") == "sakura");
  CHECK(after.at("events").at(0).at("catalog_version") == 5);
  CHECK(after.at("events").at(1).at("kind") == "withdrawn");
  CHECK(after.at("events").at(1).at("offer_id") == SeededId("phy-h200x8"));
  CHECK(after.at("next_since") == "10");
  const json empty = s.server->Get("/v1/changes?since=10").json();
  CHECK(empty.at("events").empty());
  CHECK(empty.at("next_since") == "10");  // poll again from the same place

  ExpectError(s.server->Get("/v1/changes?since=abc"), 400, "invalid_cursor");
  ExpectError(s.server->Get("/v1/changes?since=-1"), 400, "invalid_cursor");
  ExpectError(s.server->Get("/v1/changes?since="), 400, "invalid_cursor");
  ExpectError(s.server->Get("/v1/changes?limit=0"), 400, "limit_out_of_range");
  ExpectError(s.server->Get("/v1/changes?since=1&since=2"), 400, "duplicate_parameter");
}
