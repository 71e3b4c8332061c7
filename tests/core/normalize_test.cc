// Every normalization rule, with figures computed by hand (see README
// "Normalization rules"): 1/10,000 JPY, rounded once, half away from zero.
#include "gpucat/normalize.h"

#include <catch2/catch.hpp>

#include "support/testing.h"

using namespace gpucat;
using gpucat::testing::ListedDraft;
using gpucat::testing::MustNormalize;
using gpucat::testing::TestProvenance;

namespace {
struct PriceRow {
  const char* what;
  const char* amount;
  const char* tax;
  const char* unit;
  const char* per;
  int64_t gpus;
  int64_t unit_ex, unit_inc, gpu_ex, gpu_inc;
  bool tax_assumed;
};
}  // namespace

TEST_CASE("Normalization of every unit, per and tax combination", "[core][normalize]") {
  const PriceRow rows[] = {
      // Sakura VRT H100 hourly ¥990 incl.: ex = 990 x 100/110 = 900.
      {"hour/instance/incl", "990", "included", "hour", "instance", 1, 9000000, 9900000, 9000000, 9900000, false},
      // Daily ¥23,100 incl. = 962.5/h; ex 21,000/24 = 875.
      {"day/instance/incl", "23100", "included", "day", "instance", 1, 8750000, 9625000, 8750000, 9625000, false},
      // Monthly ¥385,000 incl. / 730 = 527.39726..; ex 350,000/730 = 479.45205..
      {"month/instance/incl", "385000", "included", "month", "instance", 1, 4794521, 5273973, 4794521, 5273973, false},
      // DOK V100 ¥0.016/s incl. = 57.6/h; ex 52.363636..
      {"second/instance/incl", "0.016", "included", "second", "instance", 1, 523636, 576000, 523636, 576000, false},
      // DOK H100x8 ¥0.83/s per node: 2,988/h per node, 373.5 per GPU incl.; ex 2716.3636.., 339.5454..
      {"second/node/incl", "0.83", "included", "second", "node", 8, 27163636, 29880000, 3395455, 3735000, false},
      // GPUSOROBAN ¥2,783,000/month per 8-GPU node incl.
      {"month/node/incl", "2783000", "included", "month", "node", 8, 34657534, 38123288, 4332192, 4765411, false},
      // ¥10,000 per GPU per month excl., 8 GPUs: the unit is 8 x.
      {"month/gpu/excl", "10000", "excluded", "month", "gpu", 8, 1095890, 1205479, 136986, 150685, false},
      // ¥20 per GPU-minute, tax unknown: read as excluded, flagged.
      {"minute/gpu/unknown", "20", "unknown", "minute", "gpu", 1, 12000000, 13200000, 12000000, 13200000, true},
      // A rack of 72 GPUs at ¥72,000/hour excl.: ¥1,000 per GPU-hour.
      {"hour/rack/excl", "72000", "excluded", "hour", "rack", 72, 720000000, 792000000, 10000000, 11000000, false},
      // Exact half at the 1/10,000 yen digit: 1.00005 -> 10000.5 -> 10001 (away from zero).
      {"half rounds up", "1.00005", "excluded", "hour", "instance", 1, 10001, 11001, 10001, 11001, false},
  };
  for (const auto& r : rows) {
    CAPTURE(r.what);
    OfferDraft d = ListedDraft();
    d.amount = r.amount;
    d.tax = r.tax;
    d.unit = r.unit;
    d.per = r.per;
    d.gpus_per_unit = r.gpus;
    d.gpu_name = r.gpus == 72 ? "GB200" : "H100";
    const Offer o = MustNormalize(d);
    CHECK(o.unit_hour_ex_minor == r.unit_ex);
    CHECK(o.unit_hour_inc_minor == r.unit_inc);
    CHECK(o.gpu_hour_ex_minor == r.gpu_ex);
    CHECK(o.gpu_hour_inc_minor == r.gpu_inc);
    CHECK(o.tax_assumed == r.tax_assumed);
    CHECK(o.amount->ToString() == ParseDecimal(r.amount).value().ToString());
  }
}

TEST_CASE("The tax rate is a parameter", "[core][normalize]") {
  Offer o = MustNormalize(ListedDraft());
  ComputeNormalizedPrices(o, TaxRule{8, "2014-04-01"});
  CHECK(o.gpu_hour_inc_minor == 9900000);
  CHECK(o.gpu_hour_ex_minor == RoundHalfAwayFromZero(990LL * 100 * 10000, 108));  // 916.6667
  CHECK(o.gpu_hour_ex_minor == 9166667);
}

TEST_CASE("Quote offers carry no amount and no normalized price", "[core][normalize]") {
  OfferDraft d = ListedDraft("phy-h200");
  d.price_status = "quote";
  d.amount = "";
  d.unit = "";
  d.tax = "";
  d.currency = "";
  const Offer o = MustNormalize(d);
  CHECK(o.price_status == PriceStatus::kQuote);
  CHECK_FALSE(o.amount.has_value());
  CHECK_FALSE(o.unit.has_value());
  CHECK_FALSE(o.gpu_hour_ex_minor.has_value());
  CHECK_FALSE(o.unit_hour_inc_minor.has_value());
  CHECK_FALSE(o.tax_assumed);
}

TEST_CASE("Offer ids are stable and depend on provider, product, plan, zone and unit only", "[core][normalize]") {
  const Offer a = MustNormalize(ListedDraft("p", "990"));
  const Offer b = MustNormalize(ListedDraft("p", "1200"));  // a price change keeps the id
  CHECK(a.id == b.id);
  CHECK(a.id.rfind("testprov-", 0) == 0);
  CHECK(a.id.size() == std::string("testprov-").size() + 12);
  CHECK(a.id == DeriveOfferId("testprov", "test-vrt", "p", "is1a", "hour"));
  OfferDraft d = ListedDraft("p");
  d.unit = "month";
  d.amount = "385000";
  const Offer monthly = MustNormalize(d);
  CHECK(monthly.id != a.id);
  CHECK(monthly.group_id == a.group_id);  // same plan, same place
  d.zone = "is1b";
  CHECK(MustNormalize(d).group_id != a.group_id);
  // Separator safety: ("a|b","c") and ("a","b|c") differ.
  CHECK(DeriveOfferId("x", "a|b", "c", "", "") != DeriveOfferId("x", "a", "b|c", "", ""));
}

TEST_CASE("GPU spellings resolve through the core", "[core][normalize]") {
  OfferDraft d = ListedDraft();
  d.gpu_name = "nvidia_h100_80gbvram";
  CHECK(MustNormalize(d).gpu_model == "h100-80gb");
  CHECK(MustNormalize(d).gpu_name == "nvidia_h100_80gbvram");
}

namespace {
struct RejectRow {
  const char* what;
  std::function<void(OfferDraft&)> mutate;
  const char* code;
};
}  // namespace

TEST_CASE("Every validation rule rejects with its exact reason code", "[core][normalize][validation]") {
  const RejectRow rows[] = {
      {"no gpu", [](OfferDraft& d) { d.gpu_name = ""; }, reason::kMissingGpuModel},
      {"unknown gpu", [](OfferDraft& d) { d.gpu_name = "Radeon MI300X"; }, reason::kUnknownGpuModel},
      {"zero gpus", [](OfferDraft& d) { d.gpus_per_unit = 0; }, reason::kBadGpuCount},
      {"negative gpus", [](OfferDraft& d) { d.gpus_per_unit = -8; }, reason::kBadGpuCount},
      {"absurd gpus", [](OfferDraft& d) { d.gpus_per_unit = 100001; }, reason::kBadGpuCount},
      {"no unit", [](OfferDraft& d) { d.unit = ""; }, reason::kMissingField},
      {"no per", [](OfferDraft& d) { d.per = ""; }, reason::kMissingField},
      {"no currency", [](OfferDraft& d) { d.currency = ""; }, reason::kMissingField},
      {"no tax", [](OfferDraft& d) { d.tax = ""; }, reason::kMissingField},
      {"no plan", [](OfferDraft& d) { d.plan = ""; }, reason::kMissingField},
      {"no price status", [](OfferDraft& d) { d.price_status = ""; }, reason::kMissingField},
      {"USD", [](OfferDraft& d) { d.currency = "USD"; }, reason::kUnknownCurrency},
      {"bad unit", [](OfferDraft& d) { d.unit = "fortnight"; }, reason::kUnknownEnum},
      {"bad per", [](OfferDraft& d) { d.per = "seat"; }, reason::kUnknownEnum},
      {"bad tax", [](OfferDraft& d) { d.tax = "maybe"; }, reason::kUnknownEnum},
      {"bad status", [](OfferDraft& d) { d.price_status = "free"; }, reason::kUnknownEnum},
      {"bad availability", [](OfferDraft& d) { d.availability = "plenty"; }, reason::kUnknownEnum},
      {"non-numeric", [](OfferDraft& d) { d.amount = "990円"; }, reason::kNonNumericPrice},
      {"float text", [](OfferDraft& d) { d.amount = "9.9e2"; }, reason::kNonNumericPrice},
      {"negative", [](OfferDraft& d) { d.amount = "-990"; }, reason::kNonPositivePrice},
      {"zero", [](OfferDraft& d) { d.amount = "0"; }, reason::kNonPositivePrice},
      {"listed without amount", [](OfferDraft& d) { d.amount = ""; }, reason::kListedWithoutAmount},
      {"quote with amount", [](OfferDraft& d) { d.price_status = "quote"; }, reason::kQuoteWithAmount},
      {"below band",
       [](OfferDraft& d) {
         d.amount = "0.99";
         d.tax = "excluded";
       },
       reason::kPriceOutOfBand},
      {"above band",
       [](OfferDraft& d) {
         d.amount = "1000000.0001";
         d.tax = "excluded";
       },
       reason::kPriceOutOfBand},
      {"huge", [](OfferDraft& d) { d.amount = "99999999999999999999"; }, reason::kPriceOutOfBand},
      {"negative vcpus", [](OfferDraft& d) { d.vcpus = -1; }, reason::kBadNumber},
      {"bad billing rule", [](OfferDraft& d) { d.billing_rule = "whenever"; }, reason::kUnknownEnum},
  };
  for (const auto& r : rows) {
    CAPTURE(r.what);
    OfferDraft d = ListedDraft();
    d.locator = "/offers/7";
    r.mutate(d);
    auto result = Normalize(d, TestProvenance("test.src"));
    REQUIRE(std::holds_alternative<Reject>(result));
    const Reject& rej = std::get<Reject>(result);
    CHECK(rej.reason_code == r.code);
    CHECK(rej.provider == "testprov");
    CHECK(rej.source_id == "test.src");
    CHECK(rej.locator == "/offers/7");
    CHECK(rej.record_text == d.record_text);
    CHECK_FALSE(rej.detail.empty());
  }
}

TEST_CASE("The sane band edges are inclusive", "[core][normalize][validation]") {
  OfferDraft d = ListedDraft();
  d.tax = "excluded";
  d.amount = "1";
  CHECK(MustNormalize(d).gpu_hour_ex_minor == 10000);
  d.amount = "1000000";
  CHECK(MustNormalize(d).gpu_hour_ex_minor == 10000000000);
}
