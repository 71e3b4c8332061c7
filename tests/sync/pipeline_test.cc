// The sync pipeline against a scriptable adapter and an in-memory fetcher:
// what happens to the catalog when sources succeed, fail, or say garbage.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>

#include "../store/store_fixture.h"
#include "gpucat/sha256.h"
#include "gpucat/sync.h"

using namespace gpucat;
using namespace gpucat::testing;

namespace {

// Documents are JSON arrays of {"plan","amount","gpu"}; anything else is a
// source-level error, as a real adapter would report an unreadable document.
class TestAdapter : public Adapter {
 public:
  std::string name() const override { return "testprov"; }
  std::string version() const override { return "testprov/1"; }
  std::vector<SourceSpec> sources(const ProviderConfig&) const override {
    return {SourceSpec{"testprov.a", SourceKind::kApi, "list", "https://a.invalid", "a.json", {}, {}, "", ""},
            SourceSpec{"testprov.b", SourceKind::kSheet, "list", "https://b.invalid", "b.json", {}, {}, "", ""}};
  }
  Result<ParseResult> Parse(const Document& doc) const override {
    auto j = nlohmann::json::parse(doc.body, nullptr, false);
    if (!j.is_array()) return Status::Error("source_unparseable", "not a JSON array");
    ParseResult r;
    r.as_of = "2026-06-13T00:06:55+09:00";  // as a document stating its own date does
    for (size_t i = 0; i < j.size(); ++i) {
      OfferDraft d = ListedDraft(j[i].value("plan", ""), j[i].value("amount", ""));
      d.gpu_name = j[i].value("gpu", "H100");
      d.locator = "/" + std::to_string(i);
      d.record_text = j[i].dump();
      r.drafts.push_back(d);
    }
    return r;
  }
};

class MapFetcher : public Fetcher {
 public:
  std::map<std::string, Result<FetchOutcome>> replies;
  Result<FetchOutcome> Fetch(const std::string&, const SourceSpec& s, const ConditionalState&) override {
    const auto it = replies.find(s.id);
    if (it == replies.end()) return Status::Error("snapshot_missing", s.id);
    return it->second;
  }
  void Serve(const std::string& id, const std::string& body) {
    Document d;
    d.body = body;
    d.provenance.kind = SourceKind::kApi;
    d.provenance.source_id = id;
    d.provenance.url = "https://x.invalid/" + id;
    d.provenance.fetched_at = NowUtc();
    d.provenance.sha256 = Sha256Hex(body);
    FetchOutcome o;
    o.document = d;
    replies.insert_or_assign(id, Result<FetchOutcome>(o));
  }
  void Fail(const std::string& id, const std::string& code) {
    replies.insert_or_assign(id, Result<FetchOutcome>(Status::Error(code, "scripted failure")));
  }
};

}  // namespace

TEST_CASE("Both sources parse: all offers land with provenance", "[sync]") {
  TempDir dir;
  auto c = OpenOrDie(dir.file("c.db"));
  TestAdapter adapter;
  MapFetcher f;
  f.Serve("testprov.a", R"([{"plan":"a1","amount":"990"},{"plan":"a2","amount":"1200"}])");
  f.Serve("testprov.b", R"([{"plan":"b1","amount":"500"}])");
  auto r = SyncProvider(*c, adapter, f, {});
  REQUIRE(r.ok());
  CHECK(r.value().status == "ok");
  CHECK(r.value().new_offers == 3);
  CHECK(Count(*c, "SELECT COUNT(*) FROM sources WHERE adapter_version='testprov/1' AND sha256 <> ''") == 2);
  // The date the document states is its provenance's as_of.
  CHECK(Count(*c, "SELECT COUNT(*) FROM sources WHERE as_of='2026-06-13T00:06:55+09:00'") == 2);
}

TEST_CASE("A failing source keeps its offers while the other syncs", "[sync]") {
  TempDir dir;
  auto c = OpenOrDie(dir.file("c.db"));
  TestAdapter adapter;
  MapFetcher f;
  f.Serve("testprov.a", R"([{"plan":"a1","amount":"990"}])");
  f.Serve("testprov.b", R"([{"plan":"b1","amount":"500"}])");
  REQUIRE(SyncProvider(*c, adapter, f, {}).ok());
  SECTION("fetch failure") { f.Fail("testprov.b", "fetch_timeout"); }
  SECTION("format change") { f.Serve("testprov.b", R"({"now":"an object"})"); }
  SECTION("truncated body") { f.Serve("testprov.b", R"([{"plan":"b1","amo)"); }
  SECTION("empty body") { f.Serve("testprov.b", ""); }
  f.Serve("testprov.a", R"([{"plan":"a1","amount":"1000"}])");
  auto r = SyncProvider(*c, adapter, f, {});
  REQUIRE(r.ok());
  CHECK(r.value().status == "partial");
  CHECK(r.value().changed == 1);    // a1 changed price
  CHECK(r.value().withdrawn == 0);  // b1 kept
  CHECK(r.value().error.rfind("testprov.b: ", 0) == 0);
  CHECK(Count(*c, "SELECT COUNT(*) FROM offers WHERE status='active' AND plan='b1' AND amount='500'") == 1);
  CHECK(Count(*c, "SELECT COUNT(*) FROM sync_runs WHERE status='partial'") == 1);
}

TEST_CASE("Every source failing keeps every offer", "[sync]") {
  TempDir dir;
  auto c = OpenOrDie(dir.file("c.db"));
  TestAdapter adapter;
  MapFetcher f;
  f.Serve("testprov.a", R"([{"plan":"a1","amount":"990"}])");
  f.Serve("testprov.b", R"([{"plan":"b1","amount":"500"}])");
  REQUIRE(SyncProvider(*c, adapter, f, {}).ok());
  f.Fail("testprov.a", "fetch_http_status");
  f.Fail("testprov.b", "fetch_truncated");
  auto r = SyncProvider(*c, adapter, f, {});
  REQUIRE(r.ok());
  CHECK(r.value().status == "failed");
  CHECK(r.value().error ==
        "testprov.a: fetch_http_status: scripted failure; testprov.b: fetch_truncated: scripted failure");
  CHECK(Count(*c, "SELECT COUNT(*) FROM offers WHERE status='active'") == 2);
  CHECK(c->CatalogVersion() == 1);
}

TEST_CASE("Bad records are rejected with reasons and kept; good ones land", "[sync]") {
  TempDir dir;
  auto c = OpenOrDie(dir.file("c.db"));
  TestAdapter adapter;
  MapFetcher f;
  f.Serve("testprov.a", R"([{"plan":"ok","amount":"990"},{"plan":"neg","amount":"-1"},
                            {"plan":"gpu","amount":"990","gpu":"Voodoo2"},{"plan":"ok","amount":"1990"}])");
  f.Serve("testprov.b", "[]");
  auto r = SyncProvider(*c, adapter, f, {});
  REQUIRE(r.ok());
  CHECK(r.value().offers == 1);
  CHECK(r.value().rejected == 3);
  CHECK(Count(*c, "SELECT amount FROM offers") == 990);  // the first "ok" wins, never the duplicate
  CHECK(Count(*c, "SELECT COUNT(*) FROM rejects WHERE reason_code='non_positive_price' AND locator='/1'") == 1);
  CHECK(Count(*c,
              "SELECT COUNT(*) FROM rejects WHERE reason_code='unknown_gpu_model' AND record_text LIKE '%Voodoo2%'") ==
        1);
  CHECK(Count(*c, "SELECT COUNT(*) FROM rejects WHERE reason_code='duplicate_offer' AND locator='/3'") == 1);
}

TEST_CASE("The same offer from two sources is kept once", "[sync]") {
  TempDir dir;
  auto c = OpenOrDie(dir.file("c.db"));
  TestAdapter adapter;
  MapFetcher f;
  f.Serve("testprov.a", R"([{"plan":"same","amount":"990"}])");
  f.Serve("testprov.b", R"([{"plan":"same","amount":"500"}])");
  auto r = SyncProvider(*c, adapter, f, {});
  REQUIRE(r.ok());
  CHECK(r.value().offers == 1);
  CHECK(Count(*c, "SELECT COUNT(*) FROM rejects WHERE reason_code='duplicate_offer' AND source_id='testprov.b'") == 1);
}

TEST_CASE("Re-syncing identical documents writes no history", "[sync]") {
  TempDir dir;
  auto c = OpenOrDie(dir.file("c.db"));
  TestAdapter adapter;
  MapFetcher f;
  f.Serve("testprov.a", R"([{"plan":"a1","amount":"990"}])");
  f.Serve("testprov.b", R"([{"plan":"b1","amount":"500"}])");
  REQUIRE(SyncProvider(*c, adapter, f, {}).ok());
  auto again = SyncProvider(*c, adapter, f, {});
  REQUIRE(again.ok());
  CHECK(again.value().history_rows == 0);
  CHECK(again.value().catalog_version == 1);
}

TEST_CASE("A 304 keeps the source's offers as seen", "[sync]") {
  TempDir dir;
  auto c = OpenOrDie(dir.file("c.db"));
  TestAdapter adapter;
  MapFetcher f;
  f.Serve("testprov.a", R"([{"plan":"a1","amount":"990"}])");
  f.Serve("testprov.b", R"([{"plan":"b1","amount":"500"}])");
  REQUIRE(SyncProvider(*c, adapter, f, {}).ok());
  FetchOutcome not_modified;
  not_modified.not_modified = true;
  f.replies.insert_or_assign("testprov.a", Result<FetchOutcome>(not_modified));
  f.replies.insert_or_assign("testprov.b", Result<FetchOutcome>(not_modified));
  auto r = SyncProvider(*c, adapter, f, {});
  REQUIRE(r.ok());
  CHECK(r.value().status == "ok");
  CHECK(r.value().withdrawn == 0);
  CHECK(Count(*c, "SELECT COUNT(*) FROM offers WHERE status='active'") == 2);
}
