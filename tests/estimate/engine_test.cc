// The engine over a mixed catalog: who can serve, why not, ranking, JSON.
#include <catch2/catch.hpp>
#include <set>

#include "estimate_fixture.h"

using namespace gpucat;
using namespace gpucat::testing;

namespace {
constexpr int64_t kHour = 3600;

std::vector<StoredOffer> H100Catalog() {
  std::vector<Offer> offers = VrtH100();
  offers.push_back(DokH100());
  offers.push_back(DokH100x8());
  offers.push_back(PhyH100());
  offers.push_back(KddiRack());  // another model: ignored for H100 requests
  offers.push_back(MakeOffer({.provider = "gmo",
                              .plan = "h100-dedicated",
                              .amount = "",
                              .unit = "month",
                              .per = "node",
                              .tax = "unknown",
                              .gpus = 8,
                              .nvlink_domain_gpus = 8}));
  return Stored(offers);
}

const Unserviceable* Excluded(const EstimateResult& r, const std::string& provider) {
  for (const auto& u : r.excluded) {
    if (u.provider == provider) return &u;
  }
  return nullptr;
}
}  // namespace

TEST_CASE("8 H100 for 100 hours: every H100 group ranked by total", "[estimate][engine]") {
  // Start assumed: the month after now (2026-11-22) = 2026-12-01T00:00+09:00.
  const EstimateResult r = MustEstimate(Request("h100-80gb", 8, 100 * kHour), H100Catalog());
  CHECK(r.period.start_assumed);
  CHECK(FormatBillingInstant(r.period.start, kJstOffsetSeconds) == "2026-12-01T00:00:00+09:00");
  REQUIRE(r.estimates.size() == 4);
  // DOK 8-GPU node: 360,000 s × ¥0.83 = ¥298,800 inc; ex 271,636.3636.. -> 2716363636.
  CHECK(r.estimates[0].plan == "h100-8gpu-80gb");
  CHECK(r.estimates[0].total_inc_minor == 2988000000);
  CHECK(r.estimates[0].total_ex_minor == 2716363636);
  CHECK(r.estimates[0].gpu_hour_inc_minor == 3735000);  // ¥373.5
  // VRT: ¥770,880 inc; ex 700,800.
  CHECK(r.estimates[1].plan == "h100x1");
  CHECK(r.estimates[1].total_ex_minor == 7008000000);
  // DOK 1-GPU × 8: 8 × 360,000 × ¥0.28 = ¥806,400 inc; ex 733,090.9090.. -> 7330909091.
  CHECK(r.estimates[2].plan == "h100-80gb");
  CHECK(r.estimates[2].total_ex_minor == 7330909091);
  // PHY: 1 node × 2 months (minimum) = ¥6,092,240 inc; ex 5,538,400.
  CHECK(r.estimates[3].plan == "h100x8");
  CHECK(r.estimates[3].total_ex_minor == 55384000000);
  // The quote-only GMO node is listed as such; the GB200 rack is not an H100.
  REQUIRE(r.excluded.size() == 1);
  CHECK(r.excluded[0].provider == "gmo");
  CHECK(r.excluded[0].reason == "quote_only");
}

TEST_CASE("same_domain keeps only offers whose NVLink domain holds N GPUs", "[estimate][engine]") {
  EstimateRequest req = Request("h100-80gb", 8, 100 * kHour);
  req.same_domain = true;
  const EstimateResult r = MustEstimate(req, H100Catalog());
  REQUIRE(r.estimates.size() == 2);  // DOK 8-GPU node and PHY (8-GPU NVLink domains)
  CHECK(r.estimates[0].plan == "h100-8gpu-80gb");
  CHECK(r.estimates[1].plan == "h100x8");
  // VRT and DOK 1-GPU instances: a domain of 1 GPU.
  int too_few = 0;
  for (const auto& u : r.excluded) {
    if (u.reason == "too_few_gpus_per_domain") {
      ++too_few;
      CHECK(u.detail == "needs 8 GPUs in one NVLink domain; this offer's domain holds 1");
    }
  }
  CHECK(too_few == 2);
  REQUIRE(Excluded(r, "gmo"));
  CHECK(Excluded(r, "gmo")->reason == "quote_only");
}

TEST_CASE("a 72-GPU NVL72 rack cannot hold 73 GPUs in one domain", "[estimate][engine]") {
  const std::vector<StoredOffer> offers = Stored(std::vector<Offer>{KddiRack()});
  EstimateRequest req = Request("gb200-186gb", 73, kHour);
  req.same_domain = true;
  EstimateResult r = MustEstimate(req, offers);
  REQUIRE(r.excluded.size() == 1);
  CHECK(r.excluded[0].reason == "too_few_gpus_per_domain");
  CHECK(r.excluded[0].detail == "needs 73 GPUs in one NVLink domain; this offer's domain holds 72");
  // 72 GPUs fit the domain; the rack has no published price.
  req.gpus = 72;
  r = MustEstimate(req, offers);
  REQUIRE(r.excluded.size() == 1);
  CHECK(r.excluded[0].reason == "quote_only");
  // Without same_domain, 73 GPUs are two racks: still a quote.
  req.gpus = 73;
  req.same_domain = false;
  CHECK(MustEstimate(req, offers).excluded.at(0).reason == "quote_only");
}

TEST_CASE("a group with several ways to buy keeps the cheapest and lists the others", "[estimate][engine]") {
  // A100 instance at ¥398/h or ¥200,000 per started month (tax-included).
  const std::vector<Offer> offers = {
      MakeOffer({.provider = "highreso", .plan = "t80-1-a", .gpu = "A100 80GB", .amount = "398"}),
      MakeOffer({.provider = "highreso",
                 .plan = "t80-1-a",
                 .gpu = "A100 80GB",
                 .amount = "200000",
                 .unit = "month",
                 .rule = "per-started-month"}),
  };
  // 100 h: hourly ¥39,800 beats one month ¥200,000.
  Estimate e = MustEstimateOne(Request("a100-80gb", 1, 100 * kHour, "2026-01-01"), offers);
  CHECK(e.billing_rule == "metered");
  CHECK(e.total_inc_minor == 398000000);
  REQUIRE(e.alternatives.size() == 1);
  CHECK(e.alternatives[0].billing_rule == "per-started-month");
  CHECK(e.alternatives[0].total_inc_minor == 2000000000);
  // 720 h in January: hourly ¥286,560 vs one month ¥200,000.
  e = MustEstimateOne(Request("a100-80gb", 1, 720 * kHour, "2026-01-01"), offers);
  CHECK(e.billing_rule == "per-started-month");
  CHECK(e.total_inc_minor == 2000000000);
  REQUIRE(e.alternatives.size() == 1);
  CHECK(e.alternatives[0].total_inc_minor == 2865600000);
}

TEST_CASE("groups that cannot be billed are listed with a reason", "[estimate][engine]") {
  const char* kJan1 = "2026-01-01T00:00:00+09:00";
  SECTION("a capped schedule without an hour, day or month price") {
    const Offer o = MakeOffer({.plan = "odd", .amount = "0.3", .unit = "second", .rule = "capped-schedule"});
    const EstimateResult r = MustEstimate(Request("h100-80gb", 1, kHour, kJan1), Stored(std::vector<Offer>{o}));
    REQUIRE(r.excluded.size() == 1);
    CHECK(r.excluded[0].reason == "no_schedule");
  }
  SECTION("per-started-month with an hourly price") {
    const Offer o = MakeOffer({.plan = "odd", .amount = "990", .unit = "hour", .rule = "per-started-month"});
    const EstimateResult r = MustEstimate(Request("h100-80gb", 1, kHour, kJan1), Stored(std::vector<Offer>{o}));
    REQUIRE(r.excluded.size() == 1);
    CHECK(r.excluded[0].reason == "unsupported_billing");
  }
  SECTION("a billing rule this engine does not know") {
    Offer o = DokH100();
    o.billing_rule = "per-started-week";
    const EstimateResult r = MustEstimate(Request("h100-80gb", 1, kHour, kJan1), Stored(std::vector<Offer>{o}));
    REQUIRE(r.excluded.size() == 1);
    CHECK(r.excluded[0].reason == "unsupported_billing");
  }
  SECTION("withdrawn offers") {
    const EstimateResult r = MustEstimate(Request("h100-80gb", 1, kHour, kJan1), {Stored(DokH100(), "withdrawn")});
    REQUIRE(r.excluded.size() == 1);
    CHECK(r.excluded[0].reason == "withdrawn");
  }
  SECTION("a total beyond int64 minor units") {
    // ¥1,000,000,000,000 per GPU-month (hand-set past the normalizer) × 100,000 GPUs × 121 months.
    Offer o = MakeOffer({.plan = "huge", .amount = "1000", .unit = "month", .per = "gpu", .rule = "per-started-month"});
    o.amount = Decimal{1'000'000'000'000LL, 0};
    const EstimateResult r = MustEstimate(
        Request("h100-80gb", 100000, std::nullopt, kJan1, "2036-01-01T00:00:00+09:00"), Stored(std::vector<Offer>{o}));
    REQUIRE(r.excluded.size() == 1);
    CHECK(r.excluded[0].reason == "amount_out_of_range");
  }
}

TEST_CASE("warnings travel with the estimate", "[estimate][engine]") {
  Offer o = DokH100();
  o.availability = Availability::kSoldOut;
  o.units_free = 0;
  o.valid_to = "2026-01-01";  // a date: through the end of that day
  StoredOffer so = Stored(o);
  so.stale = true;
  const Estimate e =
      MustEstimate(Request("h100-80gb", 1, 2 * 86400, "2026-01-01T00:00:00+09:00"), {so}).estimates.at(0);
  std::set<std::string> codes;
  for (const auto& n : e.notes) codes.insert(n.code);
  CHECK(e.stale);
  CHECK(codes.count("stale") == 1);
  CHECK(codes.count("sold_out") == 1);
  CHECK(codes.count("units_free") == 1);
  CHECK(codes.count("price_validity") == 1);
  CHECK(codes.count("tax") == 1);
  // A run within the validity day raises no validity warning.
  const Estimate inside =
      MustEstimate(Request("h100-80gb", 1, 3600, "2026-01-01T00:00:00+09:00"), {so}).estimates.at(0);
  for (const auto& n : inside.notes) CHECK(n.code != "price_validity");
}

TEST_CASE("tax basis: unknown tax is read as excluded and the sort follows the basis", "[estimate][engine]") {
  // One rate for all offers keeps the order the same on both bases; the basis
  // chooses which exact figure is compared.
  // A: ¥1,000/h tax unknown (read as ex): ex 1,000, inc 1,100.
  // B: ¥1,050/h tax-included: ex 954.5454.., inc 1,050.
  const Offer a = MakeOffer({.provider = "a", .plan = "a", .amount = "1000", .tax = "unknown"});
  const Offer b = MakeOffer({.provider = "b", .plan = "b", .amount = "1050"});
  EstimateRequest req = Request("h100-80gb", 1, kHour, "2026-01-01");
  const EstimateResult ex = MustEstimate(req, Stored(std::vector<Offer>{a, b}));
  CHECK(ex.estimates[0].provider == "b");  // 9545455 < 10000000
  CHECK(ex.estimates[1].tax_assumed);
  CHECK(ex.estimates[1].total_inc_minor == 11000000);
  req.tax_basis = TaxFlag::kIncluded;
  CHECK(MustEstimate(req, Stored(std::vector<Offer>{a, b})).estimates[0].provider == "b");  // 1,050 < 1,100
}

TEST_CASE("JSON rendering: money objects, breakdown, excluded", "[estimate][json]") {
  EstimateRequest req = Request("h100-80gb", 8, 100 * kHour, "2026-01-01T00:00:00+09:00");
  const nlohmann::json j = EstimateResultToJson(MustEstimate(req, H100Catalog()));
  CHECK(j["request"]["gpu"] == "h100-80gb");
  CHECK(j["period"]["start"] == "2026-01-01T00:00:00+09:00");
  CHECK(j["period"]["end"] == "2026-01-05T04:00:00+09:00");
  CHECK(j["period"]["seconds"] == 360000);
  CHECK(j["period"]["start_assumed"] == false);
  CHECK(j["period"]["calendar_utc_offset"] == "+09:00");
  const auto& vrt = j["estimates"][1];
  CHECK(vrt["plan"] == "h100x1");
  CHECK(vrt["total"]["inc_tax"] == nlohmann::json({{"minor", 7708800000}, {"yen", "770880.0000"}}));
  CHECK(vrt["total"]["ex_tax"]["yen"] == "700800.0000");
  CHECK(vrt["gpu_hour"]["inc_tax"]["yen"] == "963.6000");
  CHECK(vrt["units"]["count"] == 8);
  CHECK(vrt["billed_duration"] == nlohmann::json({{"unit", "hour"}, {"count", 100}}));
  CHECK(vrt["lines"][0]["unit_price"] == "23100");
  CHECK(vrt["lines"][0]["amount"]["yen"] == "739200.0000");
  CHECK(vrt["lines"][0]["tax"] == "included");
  CHECK(vrt["lines"][0]["ja"] == "8 台 × 4 日 × ¥23,100（日額上限）");
  CHECK(j["excluded"][0]["reason"] == "quote_only");
  for (const auto& e : j["estimates"]) {
    CHECK(e["total"]["ex_tax"]["minor"].is_number_integer());
    CHECK(e["total"]["ex_tax"]["yen"].is_string());
  }
}
