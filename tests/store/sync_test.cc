#include <catch2/catch.hpp>

#include "store_fixture.h"

using namespace gpucat;
using namespace gpucat::testing;

namespace {
constexpr const char* kT0 = "2026-11-22T00:00:00Z";
constexpr const char* kT1 = "2026-11-22T01:00:00Z";
constexpr const char* kT2 = "2026-11-22T02:00:00Z";
}  // namespace

TEST_CASE("A first sync inserts offers, history and events, and bumps the version", "[store][sync]") {
  TempDir dir;
  auto c = OpenOrDie(dir.file("c.db"));
  auto r = c->ApplySync(Batch({ListedDraft("a"), ListedDraft("b", "1200")}), kT0);
  REQUIRE(r.ok());
  CHECK(r.value().status == "ok");
  CHECK(r.value().new_offers == 2);
  CHECK(r.value().history_rows == 2);
  CHECK(r.value().catalog_version == 1);
  CHECK(c->CatalogVersion() == 1);
  CHECK(Count(*c, "SELECT COUNT(*) FROM offers WHERE status='active'") == 2);
  CHECK(Count(*c, "SELECT COUNT(*) FROM price_history WHERE event='new'") == 2);
  CHECK(Count(*c, "SELECT COUNT(*) FROM offer_events WHERE kind='new' AND catalog_version=1") == 2);
  CHECK(Count(*c, "SELECT COUNT(*) FROM sync_runs WHERE status='ok' AND new_offers=2") == 1);
}

TEST_CASE("Re-syncing identical input changes nothing", "[store][sync]") {
  TempDir dir;
  auto c = OpenOrDie(dir.file("c.db"));
  REQUIRE(c->ApplySync(Batch({ListedDraft("a"), ListedDraft("b")}), kT0).ok());
  auto again = c->ApplySync(Batch({ListedDraft("a"), ListedDraft("b")}), kT1);
  REQUIRE(again.ok());
  CHECK(again.value().new_offers == 0);
  CHECK(again.value().changed == 0);
  CHECK(again.value().withdrawn == 0);
  CHECK(again.value().history_rows == 0);
  CHECK(again.value().catalog_version == 1);
  CHECK(c->CatalogVersion() == 1);
  CHECK(Count(*c, "SELECT COUNT(*) FROM price_history") == 2);
  CHECK(Count(*c, "SELECT COUNT(*) FROM offer_events") == 2);
  // ...but the offers were seen again.
  CHECK(Count(*c, "SELECT COUNT(*) FROM offers WHERE last_seen='2026-11-22T01:00:00Z'") == 2);
  CHECK(Count(*c, "SELECT COUNT(*) FROM offers WHERE first_seen='2026-11-22T00:00:00Z'") == 2);
}

TEST_CASE("A price change appends history and a price_changed event", "[store][sync]") {
  TempDir dir;
  auto c = OpenOrDie(dir.file("c.db"));
  REQUIRE(c->ApplySync(Batch({ListedDraft("a", "990")}), kT0).ok());
  auto r = c->ApplySync(Batch({ListedDraft("a", "1100")}), kT1);
  REQUIRE(r.ok());
  CHECK(r.value().changed == 1);
  CHECK(r.value().history_rows == 1);
  CHECK(r.value().catalog_version == 2);
  const std::string id = Batch({ListedDraft("a")}).offers[0].id;
  auto h = c->OfferHistory(id, 10);
  REQUIRE(h.ok());
  REQUIRE(h.value().size() == 2);
  CHECK(h.value()[0].event == "price_changed");  // newest first
  CHECK(h.value()[0].amount->ToString() == "1100");
  CHECK(h.value()[0].gpu_hour_inc_minor == 11000000);
  CHECK(h.value()[0].catalog_version == 2);
  CHECK(h.value()[1].event == "new");
  CHECK(h.value()[1].amount->ToString() == "990");
  auto ev = c->Changes(0, 10);
  REQUIRE(ev.ok());
  REQUIRE(ev.value().size() == 2);
  CHECK(ev.value()[1].kind == "price_changed");
  CHECK(ev.value()[1].before_json.find("\"990\"") != std::string::npos);
  CHECK(ev.value()[1].after_json.find("\"1100\"") != std::string::npos);
}

TEST_CASE("A spec-only change updates the offer without a history row", "[store][sync]") {
  TempDir dir;
  auto c = OpenOrDie(dir.file("c.db"));
  REQUIRE(c->ApplySync(Batch({ListedDraft("a")}), kT0).ok());
  OfferDraft d = ListedDraft("a");
  d.vcpus = 32;
  auto r = c->ApplySync(Batch({d}), kT1);
  REQUIRE(r.ok());
  CHECK(r.value().history_rows == 0);
  CHECK(r.value().changed == 0);
  CHECK(Count(*c, "SELECT vcpus FROM offers") == 32);
}

TEST_CASE("An availability change is an event without a price history row", "[store][sync]") {
  TempDir dir;
  auto c = OpenOrDie(dir.file("c.db"));
  REQUIRE(c->ApplySync(Batch({ListedDraft("a")}), kT0).ok());
  OfferDraft d = ListedDraft("a");
  d.availability = "sold_out";
  auto r = c->ApplySync(Batch({d}), kT1);
  REQUIRE(r.ok());
  CHECK(r.value().history_rows == 0);
  CHECK(r.value().catalog_version == 2);
  CHECK(Count(*c, "SELECT COUNT(*) FROM offer_events WHERE kind='availability_changed'") == 1);
}

TEST_CASE("An offer that disappears is withdrawn, kept, and can come back", "[store][sync]") {
  TempDir dir;
  auto c = OpenOrDie(dir.file("c.db"));
  REQUIRE(c->ApplySync(Batch({ListedDraft("a"), ListedDraft("b")}), kT0).ok());
  auto r = c->ApplySync(Batch({ListedDraft("a")}), kT1);
  REQUIRE(r.ok());
  CHECK(r.value().withdrawn == 1);
  CHECK(Count(*c, "SELECT COUNT(*) FROM offers") == 2);
  CHECK(Count(*c, "SELECT COUNT(*) FROM offers WHERE status='withdrawn' AND withdrawn_at='2026-11-22T01:00:00Z'") == 1);
  CHECK(Count(*c, "SELECT COUNT(*) FROM price_history WHERE event='withdrawn'") == 1);
  CHECK(Count(*c, "SELECT COUNT(*) FROM offer_events WHERE kind='withdrawn'") == 1);
  auto back = c->ApplySync(Batch({ListedDraft("a"), ListedDraft("b")}), kT2);
  REQUIRE(back.ok());
  CHECK(back.value().new_offers == 1);
  CHECK(Count(*c, "SELECT COUNT(*) FROM offers WHERE status='active'") == 2);
  CHECK(Count(*c, "SELECT COUNT(*) FROM price_history WHERE event='relisted'") == 1);
}

TEST_CASE("A failed source keeps its offers; the run records the failure", "[store][sync]") {
  TempDir dir;
  auto c = OpenOrDie(dir.file("c.db"));
  REQUIRE(c->ApplySync(Batch({ListedDraft("a")}), kT0).ok());
  SyncBatch failed;
  failed.provider = "testprov";
  failed.started_at = kT1;
  failed.failed_sources.push_back(
      {"test.src", SourceKind::kApi, "https://x.invalid", Status::Error("fetch_http_status", "HTTP 503")});
  auto r = c->ApplySync(failed, kT1);
  REQUIRE(r.ok());
  CHECK(r.value().status == "failed");
  CHECK(r.value().error == "test.src: fetch_http_status: HTTP 503");
  CHECK(r.value().withdrawn == 0);
  CHECK(Count(*c, "SELECT COUNT(*) FROM offers WHERE status='active' AND last_seen='2026-11-22T00:00:00Z'") == 1);
  auto src = c->GetSource("test.src");
  REQUIRE(src.ok());
  REQUIRE(src.value().has_value());
  CHECK(src.value()->last_error == "fetch_http_status: HTTP 503");
  CHECK(src.value()->last_success_at == kT0);
}

TEST_CASE("Offers of other sources are not withdrawn by a partial sync", "[store][sync]") {
  TempDir dir;
  auto c = OpenOrDie(dir.file("c.db"));
  SyncBatch two = Batch({ListedDraft("a")});
  Provenance other = TestProvenance("test.other");
  two.parsed_sources.push_back(other);
  OfferDraft b = ListedDraft("b");
  two.offers.push_back(MustNormalize(b, other));
  REQUIRE(c->ApplySync(two, kT0).ok());
  SyncBatch partial = Batch({ListedDraft("a")});
  partial.failed_sources.push_back({"test.other", SourceKind::kApi, "", Status::Error("fetch_timeout", "slow")});
  auto r = c->ApplySync(partial, kT1);
  REQUIRE(r.ok());
  CHECK(r.value().status == "partial");
  CHECK(r.value().withdrawn == 0);
  CHECK(Count(*c, "SELECT COUNT(*) FROM offers WHERE status='active'") == 2);
}

TEST_CASE("Rejects are kept with provider, source, record and reason", "[store][sync]") {
  TempDir dir;
  auto c = OpenOrDie(dir.file("c.db"));
  SyncBatch b = Batch({ListedDraft("a")});
  b.rejects.push_back(
      Reject{"testprov", "test.src", "/offers/1", "unknown_gpu_model", "unknown GPU model \"X\"", "{\"gpu\":\"X\"}"});
  auto r = c->ApplySync(b, kT0);
  REQUIRE(r.ok());
  CHECK(r.value().rejected == 1);
  auto rej = c->Rejects("testprov", 10);
  REQUIRE(rej.ok());
  REQUIRE(rej.value().size() == 1);
  CHECK(rej.value()[0].reject.reason_code == "unknown_gpu_model");
  CHECK(rej.value()[0].reject.record_text == "{\"gpu\":\"X\"}");
  CHECK(rej.value()[0].reject.locator == "/offers/1");
  CHECK(rej.value()[0].run_id == r.value().run_id);
}

TEST_CASE("A sync that fails mid-way writes nothing of it", "[store][sync]") {
  TempDir dir;
  auto c = OpenOrDie(dir.file("c.db"));
  REQUIRE(c->ApplySync(Batch({ListedDraft("a")}), kT0).ok());
  // Sabotage: a trigger that aborts the second offer's insert.
  REQUIRE(sqlite3_exec(c->handle(),
                       "CREATE TRIGGER boom BEFORE INSERT ON offers WHEN NEW.plan = 'c' "
                       "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  auto r = c->ApplySync(Batch({ListedDraft("a", "1500"), ListedDraft("b"), ListedDraft("c")}), kT1);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "catalog_write_failed");
  CHECK(r.status().message().find("disk on fire") != std::string::npos);
  // The catalog is exactly as before...
  CHECK(c->CatalogVersion() == 1);
  CHECK(Count(*c, "SELECT COUNT(*) FROM offers") == 1);
  CHECK(Count(*c, "SELECT amount FROM offers") == 990);
  CHECK(Count(*c, "SELECT COUNT(*) FROM price_history") == 1);
  // ...except for the record of the failed run.
  CHECK(Count(*c, "SELECT COUNT(*) FROM sync_runs WHERE status='failed' AND error LIKE '%disk on fire%'") == 1);
}

TEST_CASE("Offers turn stale after the TTL, computed at read time", "[store][sync]") {
  TempDir dir;
  Catalog::Options o;
  o.stale_after_seconds = 3600;
  auto c = OpenOrDie(dir.file("c.db"), o);
  REQUIRE(c->ApplySync(Batch({ListedDraft("a")}), kT0).ok());
  const std::string id = Batch({ListedDraft("a")}).offers[0].id;
  auto fresh = c->GetOffer(id, "2026-11-22T00:59:59Z");
  REQUIRE(fresh.ok());
  CHECK_FALSE(fresh.value().stale);
  CHECK(fresh.value().age_seconds == 3599);
  auto old = c->GetOffer(id, "2026-11-22T01:00:01Z");
  REQUIRE(old.ok());
  CHECK(old.value().stale);
  CHECK(old.value().age_seconds == 3601);
  auto providers = c->Providers("2026-11-22T05:00:00Z");
  REQUIRE(providers.ok());
  REQUIRE(providers.value().size() == 1);
  CHECK(providers.value()[0].stale);
  CHECK(providers.value()[0].stale_offers == 1);
  CHECK(providers.value()[0].age_seconds == 5 * 3600);
}
