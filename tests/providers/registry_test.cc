// The registry, each adapter's sources, `gpucat check` support, and the
// shared helpers' edge cases (exact JSON numbers, never throwing).
#include <catch2/catch.hpp>
#include <string>

#include "check.h"
#include "common/json_exact.h"
#include "common/text.h"
#include "support.h"

using namespace gpucat;
using namespace gpucat::testing_providers;

namespace {

const Adapter& Get(const std::vector<std::unique_ptr<Adapter>>& all, const std::string& name) {
  for (const auto& a : all) {
    if (a->name() == name) return *a;
  }
  FAIL("no adapter " << name);
  return *all.front();
}

}  // namespace

TEST_CASE("registry: four providers in a stable order, versioned", "[provider]") {
  const auto all = AllAdapters();
  REQUIRE(all.size() == 4);
  CHECK(all[0]->name() == "sakura");
  CHECK(all[1]->name() == "gpusoroban");
  CHECK(all[2]->name() == "gmo");
  CHECK(all[3]->name() == "kddi");
  for (const auto& a : all) CHECK(a->version() == a->name() + "/1");
}

TEST_CASE("sakura sources: every configured zone, DOK with credentials, PHY sheet", "[provider][sakura]") {
  const auto all = AllAdapters();
  const Adapter& sakura = Get(all, "sakura");
  std::vector<std::string> ids;
  for (const SourceSpec& s : sakura.sources({})) ids.push_back(s.id);
  CHECK(ids == std::vector<std::string>{"sakura.vrt.is1a", "sakura.vrt.is1b", "sakura.vrt.is1c", "sakura.vrt.tk1a",
                                        "sakura.vrt.tk1b", "sakura.dok.unit-prices", "sakura.phy.sheet"});
  const auto custom = sakura.sources({{"zones", " is1b, ../etc ,is1b,TK1A, tk1b"},
                                      {"vrt_price_url", "http://127.0.0.1:9/{zone}/price"},
                                      {"dok_access_token", "user"},
                                      {"dok_access_token_secret", "secret"}});
  REQUIRE(custom.size() == 4);  // is1b and tk1b; the rest are not zone ids or repeat
  CHECK(custom[0].url == "http://127.0.0.1:9/is1b/price");
  CHECK(custom[0].snapshot_file == "vrt-price-is1b.json");
  CHECK(custom[0].params.at("zone") == "is1b");
  CHECK(custom[1].id == "sakura.vrt.tk1b");
  CHECK(custom[2].basic_user == "user");
  CHECK(custom[2].basic_password == "secret");
  CHECK(custom[3].params.at("fetch") == "snapshot");
  CHECK(custom[3].kind == SourceKind::kSheet);
}

TEST_CASE("an unknown parser is a document error, not a crash", "[provider]") {
  for (const auto& a : AllAdapters()) {
    Document doc;
    doc.source = a->sources({})[0];
    doc.source.parser = "nope";
    auto r = a->Parse(doc);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "unknown_parser");
  }
}

TEST_CASE("check: sources by id, provider.parser, parser, provider and sheet owner", "[provider][check]") {
  const auto all = AllAdapters();
  const std::string gmo_sheet = Snapshot("gmo", "offer-sheet.json");
  auto source_of = [&](const std::string& name, const std::string& body = "") {
    auto r = providers::FindCheckSource(all, name, body);
    REQUIRE(r.ok());
    return r.value().source.id;
  };
  CHECK(source_of("sakura.vrt.is1b") == "sakura.vrt.is1b");
  CHECK(source_of("sakura.vrt.tk1v") == "sakura.vrt.tk1v");
  CHECK(source_of("sakura.dok-unit-prices") == "sakura.dok.unit-prices");
  CHECK(source_of("vrt-price") == "sakura.vrt.is1a");
  CHECK(source_of("instances-page") == "gpusoroban.instances");
  CHECK(source_of("kddi") == "kddi.sheet");
  CHECK(source_of("sheet", gmo_sheet) == "gmo.sheet");
  auto unknown = providers::FindCheckSource(all, "aws.ec2", "");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == "unknown_source");
  CHECK(unknown.status().message().find("sakura.phy.sheet") != std::string::npos);
  auto ambiguous = providers::FindCheckSource(all, "sheet", "not json");
  REQUIRE_FALSE(ambiguous.ok());
  CHECK(ambiguous.status().code() == "ambiguous_source");
}

TEST_CASE("exact JSON: numbers keep their text, never a double", "[provider]") {
  auto j = providers::ParseJsonExact(R"({"a": 0.1, "b": 990, "c": 18446744073709551616, "d": -5, "e": 1E-7})");
  REQUIRE(j.ok());
  CHECK(providers::NumberText(j.value()["a"]) == "0.1");
  CHECK(providers::AsInt64(j.value()["b"]) == 990);
  CHECK(providers::NumberText(j.value()["c"]) == "18446744073709551616");
  CHECK_FALSE(providers::AsInt64(j.value()["c"]).has_value());
  CHECK(providers::AsInt64(j.value()["d"]) == -5);
  CHECK(providers::NumberText(j.value()["e"]) == "1E-7");
  CHECK(providers::DumpExact(j.value()) == R"({"a":0.1,"b":990,"c":18446744073709551616,"d":-5,"e":1E-7})");
  auto dup = providers::ParseJsonExact(R"({"x": {"k": 1, "k": 2}})");
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.status().message().find("/x") != std::string::npos);
}

TEST_CASE("exact JSON: strings dump exactly as nlohmann writes them", "[provider]") {
  // DumpExact writes strings itself (a serializer per string was slow); the
  // record texts it makes are stored with rejects and must not change.
  const char* doc =
      R"({"plain": "H100 x8", "quote": "say \"hi\"", "slash": "a\\b/c", "ctl": "t\tn\nr\rb\bf\fu\u0001\u001f",
    "del": "\u007f", "ja": "東京第1（税込）", "emoji": "\ud83d\ude80", "nul": "a\u0000b",
    "list": ["x", 1, -2, true, null, 0.5, {"k\"ey": "v"}], "empty": "", "obj": {}})";
  auto j = providers::ParseJsonExact(doc);
  REQUIRE(j.ok());
  nlohmann::json reference = nlohmann::json::parse(doc);
  reference["list"][5] = "X";  // exact numbers are the one thing DumpExact writes differently (as read)
  std::string expected = reference.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const std::string x = "\"X\"";
  expected.replace(expected.find(x), x.size(), "0.5");
  CHECK(providers::DumpExact(j.value()) == expected);
}

TEST_CASE("exact JSON: strings that are not UTF-8 dump as nlohmann's replace handler writes them", "[provider]") {
  // JSON text never yields them (the parser refuses it), but a record built in
  // code might; DumpExact never throws.
  nlohmann::json j = {{"k\xff", "a\xc3(b\xe7\x9f"}, {"ok", "東京"}};
  CHECK(providers::DumpExact(j) == j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  CHECK(providers::DumpExact(nlohmann::json("\xed\xa0\x80")) ==
        nlohmann::json("\xed\xa0\x80").dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

TEST_CASE("text helpers: counts and timestamps", "[provider]") {
  using providers::ParseCount;
  using providers::ParseRfc3339;
  CHECK(ParseCount("1,760GB", "gb") == 1760);
  CHECK(ParseCount("１６０", "") == 160);
  CHECK_FALSE(ParseCount("1,76GB", "gb").has_value());
  CHECK_FALSE(ParseCount("99999999999999999999").has_value());
  CHECK(ParseRfc3339("1970-01-02") == 86400);
  CHECK(ParseRfc3339("2026-06-13T00:06:55+09:00") == ParseRfc3339("2026-06-12T15:06:55Z"));
  CHECK_FALSE(ParseRfc3339("2026-02-29").has_value());
  CHECK_FALSE(ParseRfc3339("2026-06-13T00:06:55").has_value());  // no zone: ambiguous
}

TEST_CASE("adapters never throw, whatever the bytes", "[provider][fuzz]") {
  // A cheap deterministic fuzz: every source gets prefixes and byte flips of
  // its own snapshot. Each must parse or fail with a Status, never throw.
  struct Src {
    const char *id, *provider, *file;
  };
  const Src srcs[] = {{"sakura.vrt.is1a", "sakura", "vrt-price-is1a.json"},
                      {"sakura.dok.unit-prices", "sakura", "dok-unit-prices.json"},
                      {"sakura.phy.sheet", "sakura", "phy-offer-sheet.json"},
                      {"gpusoroban.aispacon", "gpusoroban", "aispacon.html"},
                      {"gpusoroban.instances", "gpusoroban", "instances.html"},
                      {"gmo.sheet", "gmo", "offer-sheet.json"},
                      {"kddi.sheet", "kddi", "offer-sheet.json"}};
  for (const Src& s : srcs) {
    const std::string body = Snapshot(s.provider, s.file);
    uint32_t seed = 12345;
    for (size_t cut = 0; cut < body.size(); cut += 1 + body.size() / 97) {
      CHECK_NOTHROW(Run(s.id, body.substr(0, cut)));
      std::string flipped = body;
      seed = seed * 1103515245u + 12345u;
      flipped[(seed >> 8) % flipped.size()] = static_cast<char>(seed >> 16);
      CHECK_NOTHROW(Run(s.id, flipped));
    }
  }
}

TEST_CASE("sheet-only adapters: snapshot by default, a configured sheet_url is fetched", "[provider][sheet]") {
  const auto all = AllAdapters();
  for (const char* name : {"gmo", "kddi"}) {
    const Adapter& a = Get(all, name);
    const auto fixed = a.sources({});
    REQUIRE(fixed.size() == 1);
    CHECK(fixed[0].id == std::string(name) + ".sheet");
    CHECK(fixed[0].kind == SourceKind::kSheet);
    CHECK(fixed[0].params.at("fetch") == "snapshot");
    CHECK(fixed[0].url.rfind("https://", 0) == 0);
    const auto live = a.sources({{"sheet_url", "https://partner.example/sheet.json"}});
    CHECK(live[0].url == "https://partner.example/sheet.json");
    CHECK(live[0].params.count("fetch") == 0);
  }
}
