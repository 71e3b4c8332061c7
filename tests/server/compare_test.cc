// gpucat/compare.h: derived prices, grouping and order; CompareGpu on a catalog.
#include "gpucat/compare.h"

#include <catch2/catch.hpp>

#include "server_fixture.h"

using namespace gpucat;
using namespace gpucat::testing;
using nlohmann::json;

namespace {

std::vector<StoredOffer> SeededOffers() {
  std::vector<StoredOffer> out;
  for (const auto& b : SeedBatches()) {
    for (const auto& o : b.offers) {
      StoredOffer so;
      so.offer = o;
      so.status = "active";
      out.push_back(so);
    }
  }
  return out;
}

std::vector<std::string> RowKeys(const json& body) {
  std::vector<std::string> out;
  for (const auto& r : body.at("rows")) {
    out.push_back(r.at("provider").get<std::string>() + "/" + r.at("product").get<std::string>());
  }
  return out;
}

}  // namespace

TEST_CASE("Derived prices are exact integer divisions rounded half away from zero", "[server][compare]") {
  CHECK(PricePerGpuMemoryGbHour(4332192, 141) == std::optional<int64_t>(30725));  // 30724.77
  CHECK(PricePerGpuMemoryGbHour(4765411, 141) == std::optional<int64_t>(33797));  // 33797.24
  CHECK(PricePerGpuMemoryGbHour(150, 100) == std::optional<int64_t>(2));          // 1.5 rounds up
  CHECK(PricePerGpuMemoryGbHour(149, 100) == std::optional<int64_t>(1));
  CHECK_FALSE(PricePerGpuMemoryGbHour(std::nullopt, 141));
  CHECK_FALSE(PricePerGpuMemoryGbHour(100, 0));
  CHECK(PricePerFp8PflopsHour(4332192, 1979) == std::optional<int64_t>(2189081));  // 2189081.35
  CHECK(PricePerFp8PflopsHour(9000000, 1979) == std::optional<int64_t>(4547751));
  CHECK_FALSE(PricePerFp8PflopsHour(9000000, std::nullopt));  // no FP8 figure: null
  CHECK_FALSE(PricePerFp8PflopsHour(std::nullopt, 1979));
  // No overflow at the top of the sane band (¥1,000,000 per GPU-hour).
  CHECK(PricePerFp8PflopsHour(10'000'000'000, 1) == std::optional<int64_t>(10'000'000'000'000));
}

TEST_CASE("H200 comparison: priced rows by price, then the quote-only product", "[server][compare]") {
  const json body = CompareToJson(*FindGpuModel("h200-141gb"), SeededOffers(), {});
  CHECK(body.at("tax_basis") == "excluded");
  CHECK(body.at("gpu").at("id") == "h200-141gb");
  CHECK(body.at("gpu").at("fp8_dense_tflops") == 1979);
  CHECK(RowKeys(body) == std::vector<std::string>{"highreso/aispacon", "gmo/gpucloud-dedicated", "gmo/gpucloud-shared",
                                                  "sakura/koukaryoku-phy"});
  const json& soroban = body.at("rows").at(0);
  CHECK(soroban.at("offer_id") == SeededId("aispacon-h200x8"));
  CHECK(soroban.at("price_status") == "listed");
  CHECK(soroban.at("gpu_hour").at("ex_tax").at("minor") == 4332192);
  CHECK(soroban.at("gpu_hour").at("ex_tax").at("yen") == "433.2192");
  CHECK(soroban.at("gpu_hour").at("inc_tax").at("minor") == 4765411);
  CHECK(soroban.at("gpu_memory_gb") == 141);
  CHECK(soroban.at("per_gpu_memory_gb_hour").at("ex_tax").at("minor") == 30725);
  CHECK(soroban.at("per_gpu_memory_gb_hour").at("inc_tax").at("minor") == 33797);
  CHECK(soroban.at("per_fp8_pflops_hour").at("ex_tax").at("minor") == 2189081);
  CHECK(soroban.at("per_fp8_pflops_hour").at("inc_tax").at("minor") == 2407989);
  CHECK(soroban.at("billing").at("unit") == "month");
  CHECK(soroban.at("billing").at("per") == "node");
  CHECK(soroban.at("billing").at("billing_rule") == "per-started-month");
  CHECK(soroban.at("availability") == "available");
  CHECK(soroban.at("offer").at("id") == SeededId("aispacon-h200x8"));  // the full offer view

  const json& gmo = body.at("rows").at(1);
  CHECK(gmo.at("gpu_hour").at("ex_tax").at("minor") == 6506849);
  CHECK(gmo.at("gpu_hour").at("inc_tax").at("minor") == 7157534);
  // No stated memory: the nameplate (141 GB) is used.
  CHECK(gmo.at("gpu_memory_gb") == 141);
  CHECK(gmo.at("per_gpu_memory_gb_hour").at("ex_tax").at("minor") == 46148);
  CHECK(gmo.at("per_fp8_pflops_hour").at("ex_tax").at("minor") == 3287948);

  const json& phy = body.at("rows").at(3);
  CHECK(phy.at("price_status") == "quote");
  CHECK(phy.at("offer_id") == SeededId("phy-h200x8"));
  CHECK(phy.at("gpu_hour").at("ex_tax").is_null());
  CHECK(phy.at("per_gpu_memory_gb_hour").at("ex_tax").is_null());
  CHECK(phy.at("per_fp8_pflops_hour").at("inc_tax").is_null());
}

TEST_CASE("A product's cheapest listed offer represents it, the rest are counted", "[server][compare]") {
  auto offers = SeededOffers();
  OfferDraft dearer = Draft("highreso", "aispacon", "aispacon-h200x8-dear", "3000000");
  dearer.gpu_name = "H200";
  dearer.gpus_per_unit = 8;
  dearer.per = "node";
  dearer.unit = "month";
  StoredOffer so;
  so.offer = MustNormalize(dearer);
  so.status = "active";
  offers.push_back(so);
  StoredOffer withdrawn = so;
  withdrawn.offer.id = "highreso-withdrawn";
  withdrawn.offer.gpu_hour_ex_minor = 1;  // cheapest of all, but withdrawn
  withdrawn.status = "withdrawn";
  offers.push_back(withdrawn);
  const json body = CompareToJson(*FindGpuModel("h200-141gb"), offers, {});
  CHECK(body.at("rows").at(0).at("offer_id") == SeededId("aispacon-h200x8"));
  CHECK(body.at("rows").at(0).at("offers_in_group") == 2);
}

TEST_CASE("The tax basis picks and orders by the tax-included amount", "[server][compare]") {
  CompareOptions inc;
  inc.tax_basis = TaxFlag::kIncluded;
  const json body = CompareToJson(*FindGpuModel("h100-80gb"), SeededOffers(), inc);
  CHECK(body.at("tax_basis") == "included");
  CHECK(RowKeys(body) ==
        std::vector<std::string>{"sakura/koukaryoku-phy", "sakura/koukaryoku-vrt", "sakura/koukaryoku-dok"});
  CHECK(body.at("rows").at(1).at("gpu_hour").at("inc_tax").at("minor") == 9900000);
  CHECK(body.at("rows").at(2).at("billing").at("min_billed_seconds") == 60);
  CHECK(body.at("rows").at(0).at("billing").at("min_term_months") == 2);
  CHECK(body.at("rows").at(0).at("availability") == "sold_out");
}

TEST_CASE("Stale offers can be left out of a comparison", "[server][compare]") {
  auto offers = SeededOffers();
  for (auto& so : offers) so.stale = so.offer.provider == "gmo";
  CompareOptions fresh;
  fresh.include_stale = false;
  CHECK(RowKeys(CompareToJson(*FindGpuModel("h200-141gb"), offers, fresh)) ==
        std::vector<std::string>{"highreso/aispacon", "sakura/koukaryoku-phy"});
  const json all = CompareToJson(*FindGpuModel("h200-141gb"), offers, {});
  CHECK(all.at("rows").at(1).at("stale") == true);
}

TEST_CASE("A model nobody sells compares to no rows, GB200 only as a quote", "[server][compare]") {
  CHECK(CompareToJson(*FindGpuModel("b300-288gb"), SeededOffers(), {}).at("rows").empty());
  const json gb200 = CompareToJson(*FindGpuModel("gb200-186gb"), SeededOffers(), {});
  REQUIRE(gb200.at("rows").size() == 1);
  CHECK(gb200.at("rows").at(0).at("price_status") == "quote");
  CHECK(gb200.at("rows").at(0).at("offer").at("interconnect").at("nvlink_domain_gpus") == 72);
}

TEST_CASE("CompareGpu reads one snapshot of a catalog and resolves aliases", "[server][compare]") {
  TempDir dir;
  SeedCatalog(dir.file("c.db"));
  auto catalog = Catalog::Open(dir.file("c.db"));
  REQUIRE(catalog.ok());
  auto body = CompareGpu(*catalog.value(), "NVIDIA H200 SXM", {}, kClock);
  REQUIRE(body.ok());
  CHECK(body.value().at("catalog_version") == 4);
  CHECK(body.value().at("as_of") == kClock);
  CHECK(RowKeys(body.value()).front() == "highreso/aispacon");
  CHECK(body.value().at("rows").at(0).at("offer").at("age_seconds") == 3630);
  auto unknown = CompareGpu(*catalog.value(), "H100 40GB", {}, kClock);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == "unknown_gpu");
}

TEST_CASE("ReadAllOffers pages through every matching offer", "[server][compare]") {
  TempDir dir;
  auto c = Catalog::Open(dir.file("c.db"));
  REQUIRE(c.ok());
  std::vector<OfferDraft> many;
  many.reserve(1203);
  for (int i = 0; i < 1203; ++i)
    many.push_back(Draft("bulk", "p", "plan" + std::to_string(i), std::to_string(500 + i)));
  REQUIRE(c.value()->ApplySync(ProviderBatch("bulk", many), kSyncTime).ok());
  OfferQuery q;
  q.limit = 3;  // ignored
  auto all = ReadAllOffers(*c.value(), q, kClock);
  REQUIRE(all.ok());
  CHECK(all.value().size() == 1203);
  CHECK(all.value().front().offer.plan == "plan0");
  CHECK(all.value().back().offer.plan == "plan1202");
}

TEST_CASE("GPU summary: per model counts and the cheapest offer", "[server][compare]") {
  const json body = GpuSummaryToJson(SeededOffers(), TaxFlag::kExcluded);
  CHECK(body.at("tax_basis") == "excluded");
  std::map<std::string, json> by_id;
  for (const auto& g : body.at("gpus")) by_id[g.at("id").get<std::string>()] = g;
  CHECK(by_id.size() == GpuModels().size());
  const json& h200 = by_id.at("h200-141gb");
  CHECK(h200.at("offers") == json{{"active", 4}, {"listed", 3}, {"quote", 1}});
  CHECK(h200.at("cheapest").at("offer_id") == SeededId("aispacon-h200x8"));
  CHECK(h200.at("cheapest").at("gpu_hour").at("ex_tax").at("minor") == 4332192);
  CHECK(h200.at("memory_gb") == 141);
  const json& h100 = by_id.at("h100-80gb");
  CHECK(h100.at("offers") == json{{"active", 3}, {"listed", 3}, {"quote", 0}});
  CHECK(h100.at("cheapest").at("provider") == "sakura");
  CHECK(h100.at("cheapest").at("gpu_hour").at("ex_tax").at("minor") == 4741781);
  CHECK(by_id.at("gb200-186gb").at("cheapest").is_null());
  CHECK(by_id.at("gb200-186gb").at("offers").at("quote") == 1);
  CHECK(by_id.at("v100-32gb").at("offers").at("active") == 0);
  CHECK(by_id.at("v100-32gb").at("fp8_dense_tflops").is_null());
}

TEST_CASE("CompareGpu (grouped by the catalog) equals CompareToJson over every offer", "[server][compare]") {
  // Groups with ties, quote-only groups, mixed tax flags (the two bases order
  // differently), withdrawn and stale offers, and other models around.
  TempDir dir;
  auto c = Catalog::Open(dir.file("c.db"));
  REQUIRE(c.ok());
  auto h200 = [](const std::string& provider, const std::string& product, const std::string& plan,
                 const std::string& amount, const std::string& tax) {
    OfferDraft d = Draft(provider, product, plan, amount);
    d.gpu_name = "NVIDIA H200";
    d.gpu_memory_gb = std::nullopt;
    d.tax = tax;
    if (amount.empty()) {
      d.price_status = "quote";
      d.tax = "unknown";
    }
    return d;
  };
  std::vector<OfferDraft> a = {h200("alpha", "cloud", "a1", "1000", "excluded"),
                               h200("alpha", "cloud", "a2", "1000", "excluded"),  // tie: lower id wins
                               h200("alpha", "cloud", "a3", "1050", "included"),  // cheapest tax-excluded? no
                               h200("alpha", "cloud", "a4", "", ""),              // a quote next to prices
                               h200("alpha", "metal", "m1", "", ""),              // quote-only group
                               h200("alpha", "metal", "m2", "", ""),
                               h200("alpha", "spot", "s1", "900", "included"),
                               h200("alpha", "spot", "s2", "950", "excluded"),  // basis decides
                               Draft("alpha", "cloud", "h100", "100")};         // another model
  std::vector<OfferDraft> b = {h200("beta", "cloud", "b1", "990", "excluded"),
                               h200("beta", "cloud", "b2", "5", "excluded"), h200("beta", "box", "x1", "", "")};
  REQUIRE(c.value()->ApplySync(ProviderBatch("alpha", a), "2026-11-20T00:00:00Z").ok());  // stale at kClock
  REQUIRE(c.value()->ApplySync(ProviderBatch("beta", b), kSyncTime).ok());
  b.erase(b.begin() + 1);  // b2 is withdrawn
  REQUIRE(c.value()->ApplySync(ProviderBatch("beta", b), kSyncTime).ok());
  OfferQuery all;
  auto offers = ReadAllOffers(*c.value(), all, kClock);
  REQUIRE(offers.ok());
  for (TaxFlag basis : {TaxFlag::kExcluded, TaxFlag::kIncluded}) {
    for (bool stale : {true, false}) {
      CompareOptions o;
      o.tax_basis = basis;
      o.include_stale = stale;
      auto grouped = CompareGpu(*c.value(), "h200", o, kClock);
      REQUIRE(grouped.ok());
      json body = grouped.value();
      CHECK(body.at("catalog_version") == c.value()->CatalogVersion());
      body.erase("catalog_version");
      body.erase("as_of");
      CHECK(body == CompareToJson(*FindGpuModel("h200-141gb"), offers.value(), o));
      CHECK(body.at("rows").size() == (stale ? 5u : 2u));
    }
  }
}
