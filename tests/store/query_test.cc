#include <catch2/catch.hpp>
#include <set>

#include "store_fixture.h"

using namespace gpucat;
using namespace gpucat::testing;

namespace {
constexpr const char* kNow = "2026-11-22T00:10:00Z";

// Five offers: three H100 at different prices, one 8-GPU H200 node monthly, one quote.
std::unique_ptr<Catalog> Seeded(TempDir& dir) {
  auto c = OpenOrDie(dir.file("c.db"));
  OfferDraft cheap = ListedDraft("cheap", "500");
  OfferDraft mid = ListedDraft("mid", "990");
  OfferDraft dear = ListedDraft("dear", "2000");
  dear.zone = "tk1a";
  dear.site = "東京第1";
  dear.prefecture = "東京都";
  dear.availability = "sold_out";
  OfferDraft node = ListedDraft("node", "2783000");
  node.gpu_name = "H200";
  node.gpus_per_unit = 8;
  node.unit = "month";
  node.per = "node";
  node.gpu_memory_gb = 141;
  OfferDraft quote = ListedDraft("quote");
  quote.gpu_name = "H200";
  quote.gpus_per_unit = 8;
  quote.price_status = "quote";
  quote.amount = "";
  quote.per = "node";
  quote.gpu_memory_gb = std::nullopt;  // unstated: the nameplate (141) applies
  REQUIRE(c->ApplySync(Batch({cheap, mid, dear, node, quote}), "2026-11-22T00:00:00Z").ok());
  return c;
}

std::vector<std::string> Plans(const OfferPage& page) {
  std::vector<std::string> out;
  for (const auto& o : page.offers) out.push_back(o.offer.plan);
  return out;
}
}  // namespace

TEST_CASE("Offers sort by price with quotes last, both directions", "[store][query]") {
  TempDir dir;
  auto c = Seeded(dir);
  OfferQuery q;
  auto asc = c->QueryOffers(q, kNow);
  REQUIRE(asc.ok());
  // node: 2,783,000/1.1/730/8 = 433.2/GPU-h, cheaper than cheap (454.5 ex).
  CHECK(Plans(asc.value()) == std::vector<std::string>{"node", "cheap", "mid", "dear", "quote"});
  q.sort = OfferQuery::Sort::kPriceDesc;
  CHECK(Plans(c->QueryOffers(q, kNow).value()) == std::vector<std::string>{"dear", "mid", "cheap", "node", "quote"});
  q.sort = OfferQuery::Sort::kGpus;
  auto by_gpus = Plans(c->QueryOffers(q, kNow).value());
  CHECK(std::set<std::string>(by_gpus.begin(), by_gpus.begin() + 3) == std::set<std::string>{"cheap", "mid", "dear"});
}

TEST_CASE("Every filter narrows the result", "[store][query]") {
  TempDir dir;
  auto c = Seeded(dir);
  auto plans = [&](OfferQuery q) { return Plans(c->QueryOffers(q, kNow).value()); };
  OfferQuery q;
  q.gpu_model = "h200-141gb";
  CHECK(plans(q) == std::vector<std::string>{"node", "quote"});
  q.include_quote = false;
  CHECK(plans(q) == std::vector<std::string>{"node"});
  q = {};
  q.min_gpus = 8;
  CHECK(plans(q) == std::vector<std::string>{"node", "quote"});
  q = {};
  q.max_gpus = 1;
  CHECK(plans(q) == std::vector<std::string>{"cheap", "mid", "dear"});
  q = {};
  q.location = "東京都";
  CHECK(plans(q) == std::vector<std::string>{"dear"});
  q.location = "tk1a";
  CHECK(plans(q) == std::vector<std::string>{"dear"});
  q = {};
  q.availability = {Availability::kSoldOut};
  CHECK(plans(q) == std::vector<std::string>{"dear"});
  q = {};
  q.billing = TimeUnit::kMonth;
  CHECK(plans(q) == std::vector<std::string>{"node"});
  q = {};
  q.min_gpu_memory_gb = 100;  // stated 141, or the H200 nameplate for the quote
  CHECK(plans(q) == std::vector<std::string>{"node", "quote"});
  q = {};
  q.max_gpu_hour_minor = 900 * kMinorPerYen;  // ex-tax: cheap 454.5, mid 900
  CHECK(plans(q) == std::vector<std::string>{"node", "cheap", "mid"});
  q.tax_basis = TaxFlag::kIncluded;  // inc-tax: mid is 990 > 900
  CHECK(plans(q) == std::vector<std::string>{"node", "cheap"});
  q = {};
  q.providers = {"other"};
  CHECK(plans(q).empty());
  q.providers = {"other", "testprov"};
  CHECK(plans(q).size() == 5);
  q = {};
  q.product = "nope";
  CHECK(plans(q).empty());
}

TEST_CASE("Cursor pagination walks every offer once, in order", "[store][query]") {
  TempDir dir;
  auto c = Seeded(dir);
  for (auto sort :
       {OfferQuery::Sort::kPrice, OfferQuery::Sort::kPriceDesc, OfferQuery::Sort::kGpus, OfferQuery::Sort::kProvider}) {
    OfferQuery q;
    q.sort = sort;
    q.limit = 2;
    std::vector<std::string> walked;
    for (int page = 0; page < 10; ++page) {
      auto r = c->QueryOffers(q, kNow);
      REQUIRE(r.ok());
      for (const auto& o : r.value().offers) walked.push_back(o.offer.plan);
      if (r.value().next_cursor.empty()) break;
      q.cursor = r.value().next_cursor;
    }
    OfferQuery all;
    all.sort = sort;
    CHECK(walked == Plans(c->QueryOffers(all, kNow).value()));
  }
}

TEST_CASE("A malformed or foreign cursor is an error, not a crash", "[store][query]") {
  TempDir dir;
  auto c = Seeded(dir);
  OfferQuery q;
  q.limit = 2;
  const std::string price_cursor = c->QueryOffers(q, kNow).value().next_cursor;
  REQUIRE_FALSE(price_cursor.empty());
  for (const std::string bad : {"zz", "abc", "'; DROP TABLE offers; --", "00", "7e7e7e"}) {
    CAPTURE(bad);
    q.cursor = bad;
    auto r = c->QueryOffers(q, kNow);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "invalid_cursor");
  }
  q.cursor = price_cursor;
  q.sort = OfferQuery::Sort::kProvider;
  auto foreign = c->QueryOffers(q, kNow);
  REQUIRE_FALSE(foreign.ok());
  CHECK(foreign.status().code() == "invalid_cursor");
}

TEST_CASE("Offers carry provenance joined from their source", "[store][query]") {
  TempDir dir;
  auto c = Seeded(dir);
  auto page = c->QueryOffers(OfferQuery{}, kNow);
  REQUIRE(page.ok());
  const auto& o = page.value().offers.front();
  CHECK(o.offer.provenance.source_id == "test.src");
  CHECK(o.offer.provenance.url == "https://example.invalid/test.src");
  CHECK(o.offer.provenance.sha256 == std::string(64, 'a'));
  CHECK(o.offer.provenance.adapter_version == "test/1");
  CHECK(o.first_seen == "2026-11-22T00:00:00Z");
  CHECK(o.age_seconds == 600);
  CHECK(page.value().catalog_version == 1);
}

TEST_CASE("Stale offers can be excluded", "[store][query]") {
  TempDir dir;
  auto c = Seeded(dir);
  OfferQuery q;
  q.include_stale = false;
  CHECK(c->QueryOffers(q, kNow).value().offers.size() == 5);
  CHECK(c->QueryOffers(q, "2026-11-24T00:00:00Z").value().offers.empty());
}

TEST_CASE("Reads compose into one snapshot", "[store][query]") {
  TempDir dir;
  auto c = Seeded(dir);
  int64_t version = -1;
  size_t offers = 0;
  Status st = c->ReadSnapshot([&]() -> Status {
    auto page = c->QueryOffers(OfferQuery{}, kNow);  // nests ReadSnapshot
    if (!page.ok()) return page.status();
    offers = page.value().offers.size();
    version = c->CatalogVersion();
    return c->Providers(kNow).status();  // nests again
  });
  REQUIRE(st.ok());
  CHECK(offers == 5);
  CHECK(version == 1);
}

TEST_CASE("Age is never negative when the reader's clock is behind the writer's", "[store][query]") {
  TempDir dir;
  auto c = Seeded(dir);  // synced at 00:00:00
  auto page = c->QueryOffers(OfferQuery{}, "2026-11-21T23:59:30Z");
  REQUIRE(page.ok());
  CHECK(page.value().offers.front().age_seconds == 0);
  CHECK_FALSE(page.value().offers.front().stale);
  auto providers = c->Providers("2026-11-21T23:59:30Z");
  REQUIRE(providers.ok());
  CHECK(providers.value().front().age_seconds == 0);
}
