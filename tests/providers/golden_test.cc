// Every bundled snapshot produces exactly the golden drafts, offers and
// rejects (tests/providers/golden/*.json, reviewed by hand against
// shared/reference/providers.md), and the key figures are asserted here too,
// computed by hand: 1/10,000 JPY, tax 10%, month = 730 h, rounding half away
// from zero once.
#include <catch2/catch.hpp>
#include <string>

#include "support.h"

using namespace gpucat;
using namespace gpucat::testing_providers;

namespace {

const Offer& Find(const Outcome& o, const std::string& plan, const std::string& unit) {
  for (const Offer& off : o.offers) {
    const std::string u = off.unit ? std::string(ToString(*off.unit)) : "";
    if (off.plan == plan && u == unit) return off;
  }
  FAIL("no offer " << plan << " per " << unit);
  return o.offers.front();
}

void Prices(const Offer& o, int64_t unit_ex, int64_t unit_inc, int64_t gpu_ex, int64_t gpu_inc) {
  INFO("offer " << o.plan);
  CHECK(o.unit_hour_ex_minor == unit_ex);
  CHECK(o.unit_hour_inc_minor == unit_inc);
  CHECK(o.gpu_hour_ex_minor == gpu_ex);
  CHECK(o.gpu_hour_inc_minor == gpu_inc);
}

}  // namespace

TEST_CASE("sakura VRT is1a snapshot", "[provider][sakura][golden]") {
  const Outcome o = Run("sakura.vrt.is1a", Snapshot("sakura", "vrt-price-is1a.json"));
  REQUIRE(o.error.ok());
  CheckGolden("sakura.vrt.is1a", OutcomeJson(o));
  CHECK(o.offers.size() == 6);  // V100 and H100, each hourly/daily/monthly
  CHECK(o.rejects.empty());
  CHECK(o.parsed.skipped == 1);  // plan/1, an ordinary plan
  CHECK(o.parsed.as_of == "2026-06-13T00:06:55+09:00");
  const std::string h100 = "plan/24core-240gb-1gpu-nvidia_h100_80gbvram-g2";
  const Offer& hour = Find(o, h100, "hour");
  CHECK(hour.gpu_model == "h100-80gb");
  CHECK(hour.amount->ToString() == "990");
  CHECK(hour.tax == TaxFlag::kIncluded);
  CHECK(hour.vcpus == 24);
  CHECK(hour.ram_gb == 240);
  CHECK(hour.gpu_memory_gb == 80);
  CHECK(hour.site == "石狩第1");
  CHECK(hour.prefecture == "北海道");
  CHECK(hour.billing_rule == "capped-schedule");
  Prices(hour, 9'000'000, 9'900'000, 9'000'000, 9'900'000);                    // ¥990 inc = ¥900 ex
  Prices(Find(o, h100, "day"), 8'750'000, 9'625'000, 8'750'000, 9'625'000);    // 23,100 / 24
  Prices(Find(o, h100, "month"), 4'794'521, 5'273'973, 4'794'521, 5'273'973);  // 385,000 / 730
  const Offer& v100 = Find(o, "plan/4core-56gb-1gpu-g2", "hour");
  CHECK(v100.gpu_model == "v100-32gb");
  CHECK(v100.gpu_name == "V100");
  CHECK_FALSE(v100.gpu_memory_gb.has_value());               // the API does not state it
  Prices(v100, 4'372'727, 4'810'000, 4'372'727, 4'810'000);  // 481 / 1.1 = 437.2727...
}

TEST_CASE("sakura VRT is1b snapshot", "[provider][sakura][golden]") {
  const Outcome o = Run("sakura.vrt.is1b", Snapshot("sakura", "vrt-price-is1b.json"));
  REQUIRE(o.error.ok());
  CheckGolden("sakura.vrt.is1b", OutcomeJson(o));
  CHECK(o.offers.size() == 3);
  CHECK(o.rejects.empty());
  CHECK(o.parsed.as_of.empty());  // this response has no ResponsedAt
  const Offer& hour = Find(o, "plan/24core-240gb-1gpu-nvidia_h100_80gbvram", "hour");
  CHECK(hour.zone == "is1b");
  CHECK(hour.site == "石狩第2");
  Prices(hour, 9'000'000, 9'900'000, 9'000'000, 9'900'000);
}

TEST_CASE("sakura DOK snapshot", "[provider][sakura][golden]") {
  const Outcome o = Run("sakura.dok.unit-prices", Snapshot("sakura", "dok-unit-prices.json"));
  REQUIRE(o.error.ok());
  CheckGolden("sakura.dok.unit-prices", OutcomeJson(o));
  CHECK(o.offers.size() == 3);
  CHECK(o.rejects.empty());
  CHECK(o.parsed.dropped == 1);  // the is_overridden row: never published
  const Offer& v100 = Find(o, "v100-32gb", "second");
  CHECK(v100.amount->ToString() == "0.016");
  CHECK(v100.valid_from == "2025-11-18T00:00:00+09:00");
  CHECK_FALSE(v100.min_billed_seconds.has_value());
  Prices(v100, 523'636, 576'000, 523'636, 576'000);  // ¥0.016/s = ¥57.6/h
  const Offer& h100 = Find(o, "h100-80gb", "second");
  CHECK(h100.min_billed_seconds == 60);
  CHECK(h100.notes.find("beta price") != std::string::npos);
  Prices(h100, 9'163'636, 10'080'000, 9'163'636, 10'080'000);  // ¥0.28/s = ¥1,008/h
  const Offer& node = Find(o, "h100-8gpu-80gb", "second");
  CHECK(node.gpus_per_unit == 8);
  CHECK(node.per == PricePer::kNode);
  CHECK(node.min_billed_seconds == 60);
  Prices(node, 27'163'636, 29'880'000, 3'395'455, 3'735'000);  // ¥2,988/h per node, ¥373.5 per GPU
}

TEST_CASE("sakura PHY sheet", "[provider][sakura][golden]") {
  const Outcome o = Run("sakura.phy.sheet", Snapshot("sakura", "phy-offer-sheet.json"));
  REQUIRE(o.error.ok());
  CheckGolden("sakura.phy.sheet", OutcomeJson(o));
  REQUIRE(o.offers.size() == 3);
  CHECK(o.rejects.empty());
  CHECK(o.parsed.as_of == "2026-11-22");
  const Offer& h100 = Find(o, "H100x8", "month");
  CHECK(h100.min_term_months == 2);
  CHECK(h100.notes.find("[I]") != std::string::npos);
  Prices(h100, 37'934'247, 41'727'671, 4'741'781, 5'215'959);  // 3,046,120 / 730, / 8
  for (const char* plan : {"H200x8", "B200x8"}) {
    const Offer& q = Find(o, plan, "month");
    CHECK(q.price_status == PriceStatus::kQuote);
    CHECK_FALSE(q.amount.has_value());
    CHECK_FALSE(q.gpu_hour_ex_minor.has_value());
  }
  CHECK(Find(o, "B200x8", "month").gpu_model == "b200-180gb");
}

TEST_CASE("gpusoroban AIスパコン page", "[provider][gpusoroban][golden]") {
  const Outcome o = Run("gpusoroban.aispacon", Snapshot("gpusoroban", "aispacon.html"));
  REQUIRE(o.error.ok());
  CheckGolden("gpusoroban.aispacon", OutcomeJson(o));
  REQUIRE(o.offers.size() == 2);
  CHECK(o.rejects.empty());
  const Offer& single = Find(o, "シングルノード構成", "month");
  CHECK(single.gpu_model == "h200-141gb");
  CHECK(single.gpus_per_unit == 8);
  CHECK(single.amount->ToString() == "2783000");
  CHECK(single.tax == TaxFlag::kIncluded);
  CHECK(single.per == PricePer::kNode);
  Prices(single, 34'657'534, 38'123'288, 4'332'192, 4'765'411);  // 2,783,000 / 730, / 8
  const Offer& cluster = Find(o, "クラスタ構成", "month");
  CHECK(cluster.price_status == PriceStatus::kQuote);
  CHECK_FALSE(cluster.amount.has_value());
}

TEST_CASE("gpusoroban instance page", "[provider][gpusoroban][golden]") {
  const Outcome o = Run("gpusoroban.instances", Snapshot("gpusoroban", "instances.html"));
  REQUIRE(o.error.ok());
  CheckGolden("gpusoroban.instances", OutcomeJson(o));
  REQUIRE(o.offers.size() == 1);  // the page gives no monthly price for it
  CHECK(o.rejects.empty());
  const Offer& a100 = Find(o, "A100 80GB ×1", "hour");
  CHECK(a100.gpu_model == "a100-80gb");
  CHECK(a100.gpu_memory_gb == 80);
  CHECK(a100.tax == TaxFlag::kUnknown);
  CHECK(a100.tax_assumed);
  CHECK_FALSE(a100.vcpus.has_value());
  Prices(a100, 3'980'000, 4'378'000, 3'980'000, 4'378'000);  // unknown tax read as excluded
}

TEST_CASE("gmo sheet", "[provider][gmo][golden]") {
  const Outcome o = Run("gmo.sheet", Snapshot("gmo", "offer-sheet.json"));
  REQUIRE(o.error.ok());
  CheckGolden("gmo.sheet", OutcomeJson(o));
  REQUIRE(o.offers.size() == 2);
  CHECK(o.rejects.empty());
  const Offer& h200 = Find(o, "dedicated-h200x8", "month");
  CHECK(h200.gpu_model == "h200-141gb");
  CHECK(h200.tax == TaxFlag::kUnknown);
  CHECK(h200.tax_assumed);
  CHECK(h200.notes.find("[S]") != std::string::npos);
  Prices(h200, 52'054'795, 57'260'274, 6'506'849, 7'157'534);  // 3,800,000 / 730 (ex), x1.1 (inc)
  const Offer& b300 = Find(o, "hgx-b300x8", "");
  CHECK(b300.gpu_model == "b300-288gb");
  CHECK(b300.price_status == PriceStatus::kQuote);
  CHECK(b300.fabric == "NVIDIA Spectrum-X Ethernet");
}

TEST_CASE("kddi sheet", "[provider][kddi][golden]") {
  const Outcome o = Run("kddi.sheet", Snapshot("kddi", "offer-sheet.json"));
  REQUIRE(o.error.ok());
  CheckGolden("kddi.sheet", OutcomeJson(o));
  REQUIRE(o.offers.size() == 1);
  CHECK(o.rejects.empty());
  const Offer& rack = o.offers[0];
  CHECK(rack.gpu_model == "gb200-186gb");
  CHECK(rack.gpus_per_unit == 72);
  CHECK(rack.gpu_memory_gb == 186);
  CHECK(rack.nvlink_domain_gpus == 72);
  CHECK(rack.per == PricePer::kRack);
  CHECK(rack.prefecture == "大阪府");
  CHECK(rack.price_status == PriceStatus::kQuote);
  CHECK_FALSE(rack.unit.has_value());  // billing period unknown [U]
}
