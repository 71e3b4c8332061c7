// Provider faults through the real CLI and the real live fetcher: `gpucat sync
// --live` against a loopback server standing in for every provider (the
// config points every source URL at it; --allow-plain-http is the test-only
// switch that lets the fetcher use http://).
//
// A source that times out, answers 5xx, sends a truncated or empty body, or
// changes format keeps its last good offers (not even their last_seen moves),
// its sync run records the failure with the fetcher's or parser's code, the
// other sources and providers sync normally, and /v1/providers shows it.
#include <httplib.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "gpucat/catalog.h"
#include "gpucat/server.h"
#include "process.h"

using namespace gpucat;
using namespace gpucat::testing;
using nlohmann::json;

namespace {

enum class Fault { kNone, kTimeout, k503, kTruncated, kEmpty, kFormatChanged };

// The providers' documents, served from the bundled snapshots unless a fault
// is set for their path.
class FakeProviders {
 public:
  FakeProviders() {
    const std::string snaps = std::string(GPUCAT_SOURCE_DIR) + "/providers/";
    docs_ = {{"/sakura/vrt/is1a", {snaps + "sakura/snapshots/vrt-price-is1a.json", "application/json"}},
             {"/sakura/vrt/is1b", {snaps + "sakura/snapshots/vrt-price-is1b.json", "application/json"}},
             {"/sakura/dok", {snaps + "sakura/snapshots/dok-unit-prices.json", "application/json"}},
             {"/sakura/phy", {snaps + "sakura/snapshots/phy-offer-sheet.json", "application/json"}},
             {"/soroban/aispacon", {snaps + "gpusoroban/snapshots/aispacon.html", "text/html; charset=utf-8"}},
             {"/soroban/instances", {snaps + "gpusoroban/snapshots/instances.html", "text/html; charset=utf-8"}},
             {"/gmo/sheet", {snaps + "gmo/snapshots/offer-sheet.json", "application/json"}},
             {"/kddi/sheet", {snaps + "kddi/snapshots/offer-sheet.json", "application/json"}}};
    for (const auto& [path, doc] : docs_) {
      const std::string body = ReadFile(doc.first), type = doc.second;
      http_.Get(path, [this, path = path, body, type](const httplib::Request&, httplib::Response& res) {
        Serve(path, body, type, res);
      });
    }
    port_ = http_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { http_.listen_after_bind(); });
    while (!http_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakeProviders() {
    http_.stop();
    thread_.join();
  }
  std::string Url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  void Set(const std::string& path, Fault f) {
    std::lock_guard<std::mutex> lock(mu_);
    faults_[path] = f;
  }
  void Heal() {
    std::lock_guard<std::mutex> lock(mu_);
    faults_.clear();
  }

 private:
  void Serve(const std::string& path, const std::string& body, const std::string& type, httplib::Response& res) {
    Fault f = Fault::kNone;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (auto it = faults_.find(path); it != faults_.end()) f = it->second;
    }
    switch (f) {
      case Fault::kNone:
        res.set_content(body, type.c_str());
        return;
      case Fault::kTimeout:
        // Longer than the sync's --fetch-timeout 1: the fetcher gives up first.
        std::this_thread::sleep_for(std::chrono::milliseconds(2500));
        res.set_content(body, type.c_str());
        return;
      case Fault::k503:
        res.status = 503;
        res.set_content("maintenance", "text/plain");
        return;
      case Fault::kTruncated:
        // Promises the whole document, sends half of it, drops the connection.
        res.set_content_provider(body.size(), type.c_str(), [body](size_t offset, size_t, httplib::DataSink& sink) {
          if (offset > 0) return false;
          sink.write(body.data(), body.size() / 2);
          return true;
        });
        return;
      case Fault::kEmpty:
        res.set_content("", type.c_str());
        return;
      case Fault::kFormatChanged:
        res.set_content(type.find("html") != std::string::npos
                            ? "<!doctype html><html><body><h1>料金は新しいページへ移動しました</h1></body></html>"
                            : R"({"version": 2, "data": {"plans": []}})",
                        type.c_str());
        return;
    }
  }

  httplib::Server http_;
  int port_ = 0;
  std::thread thread_;
  std::map<std::string, std::pair<std::string, std::string>> docs_;  // path -> (file, content type)
  std::mutex mu_;
  std::map<std::string, Fault> faults_;
};

struct OfferRow {
  std::string amount, status, last_seen;
  bool operator==(const OfferRow& o) const {
    return amount == o.amount && status == o.status && last_seen == o.last_seen;
  }
};

// offer id -> (amount, status, last_seen) of one source's offers.
std::map<std::string, OfferRow> OffersOf(const std::string& db, const std::string& source_id) {
  auto c = Catalog::Open(db, Catalog::Options{Catalog::Mode::kReadOnly, 86400, 5000});
  REQUIRE(c.ok());
  sqlite3* h = c.value()->handle();
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(h,
                             "SELECT offer_id, COALESCE(amount, 'quote'), status, last_seen FROM offers "
                             "WHERE source_id = ?",
                             -1, &s, nullptr) == SQLITE_OK);
  sqlite3_bind_text(s, 1, source_id.c_str(), -1, SQLITE_TRANSIENT);
  std::map<std::string, OfferRow> out;
  auto text = [&](int i) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, i))); };
  while (sqlite3_step(s) == SQLITE_ROW) out[text(0)] = {text(1), text(2), text(3)};
  sqlite3_finalize(s);
  return out;
}

json ProvidersFromApi(const std::string& db) {
  ServeOptions o;
  o.db_path = db;
  o.port = 0;
  o.access_log = false;
  auto server = Server::Create(o);
  REQUIRE(server.ok());
  const int port = server.value()->BindToAnyPort();
  std::thread t([&] { server.value()->Run(); });
  httplib::Client cli("127.0.0.1", port);
  auto r = cli.Get("/v1/providers");
  server.value()->Stop();
  t.join();
  REQUIRE(r);
  REQUIRE(r->status == 200);
  const json body = json::parse(r->body);
  json out;
  for (const auto& p : body.at("providers")) out[p.at("provider").get<std::string>()] = p;
  return out;
}

}  // namespace

TEST_CASE("Live sync through the CLI: a failing source keeps its offers, the others sync, the API shows it",
          "[reliability][faults][live]") {
  FakeProviders fake;
  TempDir dir;
  const std::string db = dir.file("catalog.db"), config = dir.file("gpucat.json");
  const json cfg = {
      {"db", db},
      {"providers",
       {{"sakura",
         {{"zones", "is1a,is1b"},
          {"vrt_price_url", fake.Url("/sakura/vrt/{zone}")},
          {"dok_unit_prices_url", fake.Url("/sakura/dok")},
          {"phy_sheet_url", fake.Url("/sakura/phy")},
          {"dok_access_token", "live-test-user"},
          {"dok_access_token_secret", "live-test-secret"}}},
        {"gpusoroban",
         {{"aispacon_url", fake.Url("/soroban/aispacon")}, {"instances_url", fake.Url("/soroban/instances")}}},
        {"gmo", {{"sheet_url", fake.Url("/gmo/sheet")}}},
        {"kddi", {{"sheet_url", fake.Url("/kddi/sheet")}}}}}};
  WriteFile(config, cfg.dump(2));
  ::chmod(config.c_str(), 0600);  // it holds the DOK credentials inline
  const std::vector<std::string> sync = {GPUCAT_BIN,        "sync", "--live",           "--allow-plain-http",
                                         "--fetch-timeout", "1",    "--fetch-attempts", "1",
                                         "--config",        config, "--format",         "json"};
  auto summaries = [](const ProcessResult& r) {
    std::map<std::string, json> out;
    for (const auto& s : json::parse(r.out)) out[s.at("provider").get<std::string>()] = s;
    return out;
  };

  // Round 1: every provider answers.
  ProcessResult first = RunProcess(sync);
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  for (const auto& [provider, s] : summaries(first)) {
    INFO(provider);
    CHECK(s.at("status") == "ok");
  }
  const std::vector<std::string> failing = {"sakura.vrt.is1a", "sakura.dok.unit-prices", "gpusoroban.aispacon",
                                            "gpusoroban.instances", "gmo.sheet"};
  std::map<std::string, std::map<std::string, OfferRow>> kept;
  for (const auto& id : failing) kept[id] = OffersOf(db, id);
  CHECK_FALSE(kept["sakura.vrt.is1a"].empty());
  CHECK_FALSE(kept["gpusoroban.aispacon"].empty());
  CHECK_FALSE(kept["gmo.sheet"].empty());
  const auto is1b_before = OffersOf(db, "sakura.vrt.is1b");

  // Round 2: five sources fail in five ways; sakura.vrt.is1b, the PHY sheet
  // and KDDI still answer.
  fake.Set("/sakura/vrt/is1a", Fault::kTimeout);
  fake.Set("/sakura/dok", Fault::k503);
  fake.Set("/soroban/aispacon", Fault::kTruncated);
  fake.Set("/soroban/instances", Fault::kFormatChanged);
  fake.Set("/gmo/sheet", Fault::kEmpty);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // last_seen has second precision
  ProcessResult second = RunProcess(sync);
  INFO(second.out << second.err);
  CHECK(second.exit_code == 3);  // some sources failed and kept their offers
  auto s2 = summaries(second);
  CHECK(s2.at("sakura").at("status") == "partial");
  CHECK(s2.at("gpusoroban").at("status") == "failed");
  CHECK(s2.at("gmo").at("status") == "failed");
  CHECK(s2.at("kddi").at("status") == "ok");
  const std::map<std::string, std::string> expected_codes = {{"sakura.vrt.is1a", "fetch_timeout"},
                                                             {"sakura.dok.unit-prices", "fetch_http_status"},
                                                             {"gpusoroban.aispacon", "fetch_truncated"},
                                                             {"gpusoroban.instances", "source_format_changed"},
                                                             {"gmo.sheet", "source_empty"}};
  for (const auto& [source, code] : expected_codes) {
    INFO(source);
    const std::string provider = source.substr(0, source.find('.'));
    const std::string error = s2.at(provider).at("error").get<std::string>();
    CHECK(error.find(source + ": " + code) != std::string::npos);
    // The failing source's offers are exactly as before: same prices, same
    // status, and not even marked as seen.
    CHECK(OffersOf(db, source) == kept[source]);
  }
  // The source that answered was read again: same offers, seen now.
  const auto is1b_after = OffersOf(db, "sakura.vrt.is1b");
  REQUIRE(is1b_after.size() == is1b_before.size());
  for (const auto& [id, row] : is1b_after) CHECK(row.last_seen > is1b_before.at(id).last_seen);
  // No credential in the output, whatever failed.
  CHECK(second.out.find("live-test-secret") == std::string::npos);
  CHECK(second.err.find("live-test-secret") == std::string::npos);

  // /v1/providers says the same.
  const json api = ProvidersFromApi(db);
  CHECK(api.at("sakura").at("last_sync").at("status") == "partial");
  CHECK(api.at("gpusoroban").at("last_sync").at("status") == "failed");
  CHECK(api.at("gmo").at("last_sync").at("status") == "failed");
  CHECK(api.at("kddi").at("last_sync").at("status") == "ok");
  CHECK(api.at("sakura").at("error").get<std::string>().find("sakura.vrt.is1a: fetch_timeout") != std::string::npos);
  CHECK(api.at("gmo").at("error").get<std::string>().find("gmo.sheet: source_empty") != std::string::npos);
  CHECK(api.at("kddi").at("error").is_null());
  // The offers kept are still served (active) until they turn stale.
  CHECK(api.at("gmo").at("offers").at("active") == static_cast<int64_t>(kept["gmo.sheet"].size()));

  // Round 3: healed. Everything syncs; the kept offers are current again.
  fake.Heal();
  ProcessResult third = RunProcess(sync);
  INFO(third.out << third.err);
  CHECK(third.exit_code == 0);
  for (const auto& [provider, s] : summaries(third)) CHECK(s.at("status") == "ok");
  for (const auto& id : failing) {
    const auto now = OffersOf(db, id);
    REQUIRE(now.size() == kept[id].size());
    for (const auto& [offer, row] : now) {
      CHECK(row.amount == kept[id].at(offer).amount);
      CHECK(row.status == "active");
    }
  }
}
