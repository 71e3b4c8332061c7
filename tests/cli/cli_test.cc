// The gpucat binary end to end on the bundled provider data: what a user of
// the README's commands sees.
#include <sys/wait.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "support/testing.h"

using gpucat::testing::TempDir;
using nlohmann::json;

namespace {

struct Run {
  int exit_code;
  std::string out;  // stdout and stderr
};

Run Gpucat(const std::string& args) {
  const std::string cmd = std::string(GPUCAT_BIN) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// The catalog after `gpucat sync` of the bundled snapshots.
json SyncedOffers(TempDir& dir) {
  const std::string db = dir.file("c.db");
  const Run sync = Gpucat("sync --db " + db);
  INFO(sync.out);
  REQUIRE(sync.exit_code == 0);
  const Run offers = Gpucat("offers --format json --db " + db);
  REQUIRE(offers.exit_code == 0);
  return json::parse(offers.out);
}

const json* Find(const json& offers, const std::string& provider, const std::string& gpu, const std::string& unit) {
  for (const auto& o : offers["offers"]) {
    // An empty `unit` matches any billing unit (quotes have none).
    if (o["provider"] == provider && o["gpu"]["model"] == gpu && (unit.empty() || o["price"]["unit"] == unit)) {
      return &o;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("sync of the bundled data lists all four providers with full provenance", "[cli][e2e]") {
  TempDir dir;
  const json all = SyncedOffers(dir);
  std::map<std::string, int> per_provider;
  for (const auto& o : all["offers"]) {
    ++per_provider[o["provider"].get<std::string>()];
    CAPTURE(o["id"]);
    CHECK_FALSE(o["provenance"]["sha256"].get<std::string>().empty());
    CHECK(o["provenance"]["sha256"].get<std::string>().size() == 64);
    CHECK_FALSE(o["provenance"]["url"].is_null());
    CHECK_FALSE(o["provenance"]["file"].is_null());
    CHECK_FALSE(o["provenance"]["fetched_at"].is_null());
    CHECK_FALSE(o["provenance"]["as_of"].is_null());
    CHECK_FALSE(o["provenance"]["adapter_version"].get<std::string>().empty());
  }
  CHECK(per_provider.size() == 4);
  CHECK(per_provider["sakura"] > 0);
  CHECK(per_provider["gpusoroban"] > 0);
  CHECK(per_provider["gmo"] > 0);
  CHECK(per_provider["kddi"] > 0);
}

TEST_CASE("the issue's reference figures come out exactly", "[cli][e2e]") {
  TempDir dir;
  const json all = SyncedOffers(dir);
  SECTION("Sakura VRT H100 at ¥990/hour tax-included") {
    bool found = false;
    for (const auto& o : all["offers"]) {
      if (o["product"] == "koukaryoku-vrt" && o["gpu"]["model"] == "h100-80gb" && o["price"]["unit"] == "hour") {
        found = true;
        CHECK(o["price"]["amount"] == "990");
        CHECK(o["price"]["tax"] == "included");
        CHECK(o["normalized"]["gpu_hour"]["inc_tax"]["minor"] == 9900000);
        CHECK(o["normalized"]["gpu_hour"]["ex_tax"]["minor"] == 9000000);
      }
    }
    CHECK(found);
  }
  SECTION("GPUSOROBAN H200 x8 at ¥2,783,000/month tax-included") {
    const json* o = Find(all, "gpusoroban", "h200-141gb", "month");
    REQUIRE(o != nullptr);
    CHECK((*o)["price"]["amount"] == "2783000");
    CHECK((*o)["price"]["tax"] == "included");
    CHECK((*o)["gpu"]["count"] == 8);
    CHECK((*o)["normalized"]["gpu_hour"]["inc_tax"]["minor"] == 4765411);  // 2,783,000 / 730 / 8
  }
  SECTION("GMO B300 and KDDI GB200 NVL72 are quotes") {
    const json* b300 = Find(all, "gmo", "b300-288gb", "");
    REQUIRE(b300 != nullptr);
    CHECK((*b300)["price"]["status"] == "quote");
    CHECK((*b300)["price"]["amount"].is_null());
    CHECK((*b300)["normalized"]["gpu_hour"]["ex_tax"].is_null());
    const json* gb200 = Find(all, "kddi", "gb200-186gb", "");
    REQUIRE(gb200 != nullptr);
    CHECK((*gb200)["price"]["status"] == "quote");
    CHECK((*gb200)["gpu"]["count"] == 72);
    CHECK((*gb200)["interconnect"]["nvlink_domain_gpus"] == 72);
  }
}

TEST_CASE("re-running sync on the same data changes nothing", "[cli][e2e]") {
  TempDir dir;
  const json first = SyncedOffers(dir);
  const Run again = Gpucat("sync --format json --db " + dir.file("c.db"));
  REQUIRE(again.exit_code == 0);
  const json runs = json::parse(again.out);
  for (const auto& r : runs) {
    CAPTURE(r["provider"]);
    CHECK(r["history_rows"] == 0);
    CHECK(r["new"] == 0);
    CHECK(r["changed"] == 0);
  }
  CHECK(json::parse(Gpucat("offers --format json --db " + dir.file("c.db")).out)["catalog_version"] ==
        first["catalog_version"]);
}

TEST_CASE("offers filters and formats", "[cli][e2e]") {
  TempDir dir;
  SyncedOffers(dir);
  const std::string db = " --db " + dir.file("c.db");
  const json h200 = json::parse(Gpucat("offers --gpu 'NVIDIA H200' --format json" + db).out);
  REQUIRE_FALSE(h200["offers"].empty());
  for (const auto& o : h200["offers"]) CHECK(o["gpu"]["model"] == "h200-141gb");
  const json cheap = json::parse(Gpucat("offers --max-price 500 --tax included --format json" + db).out);
  for (const auto& o : cheap["offers"])
    CHECK(o["normalized"]["gpu_hour"]["inc_tax"]["minor"].get<int64_t>() <= 5000000);
  const Run table = Gpucat("offers --gpu h100" + db);
  CHECK(table.exit_code == 0);
  CHECK(table.out.find("PROVIDER") == 0);
  CHECK(table.out.find("¥990.00") != std::string::npos);
  const Run csv = Gpucat("offers --format csv --min-gpus 72" + db);
  CHECK(csv.out.find("kddi,gpu-cloud,gb200-nvl72-rack,gb200-186gb,72") != std::string::npos);
}

TEST_CASE("every command explains itself and rejects bad usage in one line", "[cli]") {
  for (const char* cmd : {"sync", "serve", "offers", "compare", "providers", "check", "rejects", "history"}) {
    CAPTURE(cmd);
    const Run help = Gpucat(std::string(cmd) + " --help");
    CHECK(help.exit_code == 0);
    CHECK(help.out.rfind("usage: gpucat " + std::string(cmd), 0) == 0);
    const Run bad = Gpucat(std::string(cmd) + " --no-such-option");
    CHECK(bad.exit_code == 2);
    CHECK(bad.out == "gpucat: usage: unknown option --no-such-option (see --help)\n");
  }
  const Run unknown = Gpucat("frobnicate");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.out == "gpucat: unknown command \"frobnicate\" (see gpucat --help)\n");
}

TEST_CASE("exact errors for bad values", "[cli]") {
  TempDir dir;
  SyncedOffers(dir);
  const std::string db = " --db " + dir.file("c.db");
  CHECK(Gpucat("offers --gpu voodoo" + db).out == "gpucat: usage: unknown GPU model \"voodoo\"\n");
  CHECK(Gpucat("offers --min-gpus eight" + db).out == "gpucat: usage: --min-gpus must be an integer, got \"eight\"\n");
  CHECK(Gpucat("offers --max-price 1,000" + db).out == "gpucat: usage: not a yen amount: \"1,000\"\n");
  CHECK(Gpucat("offers --sort cheapest" + db).exit_code == 2);
  CHECK(Gpucat("sync --provider aws" + db).out ==
        "gpucat: usage: unknown provider \"aws\" (known: sakura, gpusoroban, gmo, kddi)\n");
  const Run missing = Gpucat("offers --db " + dir.file("absent.db"));
  CHECK(missing.exit_code == 1);
  CHECK(missing.out.rfind("gpucat: catalog_open_failed: cannot open catalog ", 0) == 0);
}

TEST_CASE("check validates a partner's sheet without touching the catalog", "[cli][check]") {
  TempDir dir;
  const Run good = Gpucat("check --source kddi.sheet " + std::string(GPUCAT_SOURCE_DIR) +
                          "/providers/kddi/snapshots/offer-sheet.json");
  CHECK(good.exit_code == 0);
  CHECK(json::parse(good.out)["offers"].size() == 1);
  gpucat::testing::WriteFile(dir.file("bad.json"), R"({"format":"gpucat-offer-sheet/1","provider":"kddi",
    "source_url":"https://example.invalid","as_of":"2026-11-01",
    "offers":[{"plan":"x","product":"p","gpu":"GB200","gpus_per_unit":72,"price_status":"listed",
               "amount":1000,"currency":"JPY","tax":"excluded","unit":"hour","per":"rack"}]})");
  const Run bad = Gpucat("check --source kddi.sheet " + dir.file("bad.json"));
  CHECK(bad.exit_code == 1);
  const json out = json::parse(bad.out);
  REQUIRE(out["rejects"].size() == 1);
  CHECK(out["rejects"][0]["reason"] == "amount_not_string");
  CHECK(out["rejects"][0]["locator"] == "/offers/0/amount");
  CHECK_FALSE(std::filesystem::exists(dir.file("c.db")));
}

TEST_CASE("estimate ranks every H100 offer of the bundled catalog with an explained total", "[cli][e2e][estimate]") {
  TempDir dir;
  const json all = SyncedOffers(dir);
  std::set<std::string> h100_groups;
  for (const auto& o : all["offers"]) {
    if (o["gpu"]["model"] == "h100-80gb") h100_groups.insert(o["group_id"].get<std::string>());
  }
  const Run run = Gpucat("estimate --gpu h100 --gpus 8 --hours 100 --format json --db " + dir.file("c.db"));
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  const json est = json::parse(run.out);
  CHECK(est["estimates"].size() + est["excluded"].size() == h100_groups.size());
  REQUIRE(est["estimates"].size() == 5);
  int64_t previous = 0;
  for (const auto& e : est["estimates"]) {
    const int64_t total = e["total"]["ex_tax"]["minor"];
    CHECK(total >= previous);  // ranked
    previous = total;
    CHECK_FALSE(e["lines"].empty());
  }
  // DOK H100 x8 node: 360,000 s x ¥0.83 = ¥298,800 incl.
  CHECK(est["estimates"][0]["plan"] == "h100-8gpu-80gb");
  CHECK(est["estimates"][0]["total"]["inc_tax"]["minor"] == 298800LL * 10000);
  // VRT: per instance 4 days x ¥23,100 (daily cap) + 4 h x ¥990 = ¥96,360; x 8 = ¥770,880.
  CHECK(est["estimates"][1]["total"]["inc_tax"]["minor"] == 770880LL * 10000);
  // PHY: 1 hour... 100 hours on a 2-month minimum: 2 x ¥3,046,120.
  CHECK(est["estimates"][4]["total"]["inc_tax"]["minor"] == 6092240LL * 10000);
  const Run table = Gpucat("estimate --gpu h100 --gpus 8 --hours 100 --db " + dir.file("c.db"));
  CHECK(table.out.find("8 instances × 4 days × ¥23,100 (daily cap)") != std::string::npos);
  CHECK(Gpucat("estimate --gpu h100 --hours 1 --db " + dir.file("c.db")).exit_code == 2);
}

TEST_CASE("compare shows GPUSOROBAN and GMO side by side and Sakura PHY as a quote", "[cli][e2e][compare]") {
  TempDir dir;
  SyncedOffers(dir);
  const Run table = Gpucat("compare --gpu h200 --db " + dir.file("c.db"));
  INFO(table.out);
  REQUIRE(table.exit_code == 0);
  const auto gpusoroban = table.out.find("gpusoroban");
  const auto gmo = table.out.find("gmo ");
  const auto phy = table.out.find("koukaryoku-phy");
  REQUIRE(gpusoroban != std::string::npos);
  REQUIRE(gmo != std::string::npos);
  REQUIRE(phy != std::string::npos);
  CHECK(gpusoroban < gmo);                                // cheaper first
  CHECK(gmo < phy);                                       // quotes after priced rows
  CHECK(table.out.find("¥433.22") != std::string::npos);  // 2,783,000 / 1.1 / 730 / 8
  CHECK(table.out.find("お問い合わせ") != std::string::npos);
  const json j = json::parse(Gpucat("compare --gpu h200 --format json --db " + dir.file("c.db")).out);
  CHECK(j["rows"][0]["gpu_hour"]["ex_tax"]["minor"] == 4332192);
  CHECK(Gpucat("compare --gpu voodoo --db " + dir.file("c.db")).exit_code == 2);
}
