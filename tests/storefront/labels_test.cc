// Names and display strings of the storefront views (gpucat/storefront.h).
#include <catch2/catch.hpp>

#include "gpucat/storefront.h"
#include "support/testing.h"

using namespace gpucat;
using namespace gpucat::testing;

namespace {
Offer Named(const std::string& provider, const std::string& product, const std::string& display_name) {
  OfferDraft d = ListedDraft("p", "990");
  d.provider = provider;
  d.product = product;
  d.display_name = display_name;
  return MustNormalize(d);
}
}  // namespace

TEST_CASE("Offer titles: the provider's Japanese name, and English with known terms translated", "[storefront]") {
  const Offer aispacon = Named("gpusoroban", "aispacon", "AIスパコンクラウド シングルノード構成");
  CHECK(OfferTitle(aispacon).ja == "AIスパコンクラウド シングルノード構成");
  CHECK(OfferTitle(aispacon).en == "AI Supercomputer Cloud single node");
  const Offer gmo = Named("gmo", "gpucloud", "GMO GPUクラウド 専有プラン NVIDIA H200 ×8 サーバー");
  CHECK(OfferTitle(gmo).en == "GMO GPU Cloud dedicated plan NVIDIA H200 ×8 server");
  const Offer phy = Named("sakura", "koukaryoku-phy", "高火力 PHY NVIDIA H200 141GB ×8");
  CHECK(OfferTitle(phy).en == "Koukaryoku PHY NVIDIA H200 141GB ×8");
  // Japanese with no known translation: a plain English title from the facts, never a guess.
  const Offer other = Named("sakura", "koukaryoku-phy", "高火力 PHY 新プラン");
  CHECK(OfferTitle(other).en == "Koukaryoku PHY (bare metal) NVIDIA H100 SXM 80GB ×1");
}

TEST_CASE("Provider, product and place names - unknown ones are shown as written", "[storefront]") {
  CHECK(ProviderName("sakura").ja == "さくらインターネット");
  CHECK(ProviderName("gpusoroban").en == "HighReso GPUSOROBAN");
  CHECK(ProviderName("newcloud").ja == "newcloud");
  CHECK(ProviderName("newcloud").en == "newcloud");
  CHECK(ProductName("koukaryoku-dok").en == "Koukaryoku DOK (container tasks)");

  Offer o = Named("sakura", "koukaryoku-vrt", "x");  // 北海道 石狩第1 is1a
  CHECK(LocationLabel(o).ja == "北海道 石狩第1（is1a）");
  CHECK(LocationLabel(o).en == "Ishikari 1, Hokkaido (is1a)");
  o.zone = "";
  o.site = "";
  o.prefecture = "東京都";
  CHECK(LocationLabel(o).ja == "東京都");
  CHECK(LocationLabel(o).en == "Tokyo");
  o.prefecture = "";
  CHECK(LocationLabel(o).ja == "非公開");
  CHECK(LocationLabel(o).en == "not stated");
  o.site = "未知の場所";
  CHECK(LocationLabel(o).en == "未知の場所");
}

TEST_CASE("Per-GPU-hour labels round once to the sen, halves away from zero", "[storefront]") {
  CHECK(GpuHourLabel(5480223, true).ja == "¥548.02/GPU時間（税込）");
  CHECK(GpuHourLabel(5480223, true).en == "¥548.02 per GPU-hour incl. tax");
  CHECK(GpuHourLabel(5480250, false).ja == "¥548.03/GPU時間（税抜）");
  CHECK(GpuHourLabel(5480249, false).en == "¥548.02 per GPU-hour excl. tax");
  CHECK(GpuHourLabel(50, true).en == "¥0.01 per GPU-hour incl. tax");
  CHECK(GpuHourLabel(49, true).en == "¥0.00 per GPU-hour incl. tax");
  CHECK(GpuHourLabel(83050000, true).ja == "¥8,305.00/GPU時間（税込）");
  CHECK(GpuHourLabel(12345678901, true).en == "¥1,234,567.89 per GPU-hour incl. tax");
}

TEST_CASE("The rules' metadata names the file and says when it is the bundled example", "[storefront]") {
  auto rules = ParsePricingRules(R"({"version": 1, "rounding": {"increment_yen": 1, "mode": "nearest"},
                                         "rules": [{"id": "all", "match": {}, "markup_percent": "10"}]})");
  REQUIRE(rules.ok());
  const auto j = PricingRulesJson(rules.value(), {"pricing-rules.example.json", true});
  CHECK(j.at("file") == "pricing-rules.example.json");
  CHECK(j.at("source") == "bundled_example");
  CHECK(j.at("sha256") == rules.value().digest());
  CHECK(j.at("tax_rate_percent") == 10);
  CHECK(PricingRulesJson(rules.value(), {"mine.json", false}).at("source") == "configured");
}
