// Cost prices never leave through the storefront: every storefront response,
// for every route under /v1/storefront/, is scanned for every cost figure the
// catalog holds (published amounts, grouped and tax-excluded, and every
// normalized cost figure, as minor units and as yen strings, from the current
// offers, their price history and the change events). Run over the seeded
// catalog after a second sync (so the change feed has cost "before" sides) and
// over a catalog synced from the bundled provider snapshots.
#include <catch2/catch.hpp>
#include <cctype>
#include <set>

#include "gpucat/adapter.h"
#include "gpucat/fetch.h"
#include "gpucat/gpu_models.h"
#include "gpucat/sync.h"
#include "server/routes.h"
#include "storefront_support.h"

using namespace gpucat;
using namespace gpucat::testing;
using nlohmann::json;

namespace {

void AddMoney(std::set<std::string>& out, const json& money) {
  if (!money.is_object()) return;
  out.insert(std::to_string(money.at("minor").get<int64_t>()));
  out.insert(money.at("yen").get<std::string>());
}

void AddPair(std::set<std::string>& out, const json& pair) {
  if (!pair.is_object()) return;
  AddMoney(out, pair.at("ex_tax"));
  AddMoney(out, pair.at("inc_tax"));
}

// A published amount as text, grouped, and (when it is tax-included and the
// division is exact) tax-excluded in whole yen.
void AddAmount(std::set<std::string>& out, const json& amount, const std::string& tax) {
  if (!amount.is_string()) return;
  const std::string text = amount.get<std::string>();
  out.insert(text);
  const auto d = ParseDecimal(text);
  REQUIRE(d.ok());
  int64_t pow = 1;
  for (int i = 0; i < d.value().scale; ++i) pow *= 10;
  if (d.value().units % pow == 0) out.insert(FormatYenGrouped(d.value().units / pow));
  if (tax == "included" && (d.value().units * 10) % (11 * pow) == 0) {
    const int64_t ex = d.value().units * 10 / (11 * pow);
    out.insert(std::to_string(ex));
    out.insert(FormatYenGrouped(ex));
  }
}

void AddPriceSide(std::set<std::string>& out, const json& side) {
  if (!side.is_object()) return;
  if (side.contains("amount")) AddAmount(out, side.at("amount"), side.value("tax", ""));
  for (const char* k : {"gpu_hour_ex_minor", "gpu_hour_inc_minor"}) {
    if (side.contains(k) && side.at(k).is_number_integer()) {
      out.insert(std::to_string(side.at(k).get<int64_t>()));
      out.insert(FormatMinorAsYen(side.at(k).get<int64_t>()));
    }
  }
}

// Estimate requests scanned for each GPU model: (run, count) shapes that hit
// every billing rule (per second, capped hourly/daily, per started month).
const std::vector<std::string> kEstimates = {"gpus=1&hours=1.5", "gpus=8&hours=720&tax=included",
                                             "gpus=16&hours=50&same_domain=true", "gpus=1&seconds=30",
                                             "gpus=2&start=2026-12-01&end=2027-02-15"};

// Every Money object and unit price in an estimate body.
void AddEstimate(std::set<std::string>& out, const json& j) {
  if (j.is_object()) {
    if (j.contains("minor") && j.contains("yen") && j.size() == 2) return AddMoney(out, j);
    for (const auto& [k, v] : j.items()) {
      if (k == "unit_price" && v.is_string()) out.insert(v.get<std::string>());
      AddEstimate(out, v);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) AddEstimate(out, v);
  }
}

// The GPU models of the catalog's active offers.
std::set<std::string> Models(const TestServer& s) {
  std::set<std::string> gpus;
  // Held: a range-for over .at() of a temporary would read freed memory.
  const json page = s.Get("/v1/offers?limit=500").json();
  for (const auto& o : page.at("offers")) {
    gpus.insert(o.at("gpu").at("model").get<std::string>());
  }
  return gpus;
}

// Every cost figure the cost API (/v1/*) publishes for this catalog, estimates
// of kEstimates included.
std::set<std::string> CostFigures(const TestServer& s) {
  std::set<std::string> out;
  for (const auto& gpu : Models(s)) {
    for (const auto& q : kEstimates) {
      const Response r = s.Get("/v1/estimate?gpu=" + gpu + "&" + q);
      REQUIRE(r.status == 200);
      AddEstimate(out, r.json());
    }
  }
  const json offers = s.Get("/v1/offers?limit=500").json();
  REQUIRE(offers.at("next_cursor").is_null());
  for (const auto& o : offers.at("offers")) {
    AddAmount(out, o.at("price").at("amount"), o.at("price").at("tax").get<std::string>());
    AddPair(out, o.at("normalized").at("gpu_hour"));
    AddPair(out, o.at("normalized").at("unit_hour"));
    const json history = s.Get("/v1/offers/" + o.at("id").get<std::string>() + "/history").json();
    for (const auto& h : history.at("history")) {
      AddAmount(out, h.at("amount"), h.at("tax").get<std::string>());
      AddPair(out, h.at("gpu_hour"));
      AddPair(out, h.at("unit_hour"));
    }
  }
  const json changes = s.Get("/v1/changes?limit=500").json();
  for (const auto& e : changes.at("events")) {
    AddPriceSide(out, e.at("before"));
    AddPriceSide(out, e.at("after"));
  }
  // Figures shorter than 3 characters ("8") would match counts and dates.
  for (auto it = out.begin(); it != out.end();) it = it->size() < 3 ? out.erase(it) : std::next(it);
  return out;
}

bool Word(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// `figure` as a whole number in `text`: not inside a longer number or word.
bool Contains(const std::string& text, const std::string& figure) {
  for (size_t at = text.find(figure); at != std::string::npos; at = text.find(figure, at + 1)) {
    const char before = at > 0 ? text[at - 1] : ' ';
    const size_t end = at + figure.size();
    const char after = end < text.size() ? text[end] : ' ';
    const bool continues = (after == '.' || after == ',') && end + 1 < text.size() &&
                           std::isdigit(static_cast<unsigned char>(text[end + 1]));
    if (Word(before) || before == '.' || before == ',' || Word(after) || continues) continue;
    return true;
  }
  return false;
}

// Keys whose numbers are counts, sizes, times or GPU reference figures, never
// money: a GPU's 900 GB/s of memory bandwidth is not the ¥900 an offer costs.
const std::set<std::string> kNotMoney = {"memory_bandwidth_gbps",
                                         "bf16_dense_tflops",
                                         "fp8_dense_tflops",
                                         "memory_gb",
                                         "count",
                                         "gpu_count",
                                         "vcpus",
                                         "ram_gb",
                                         "fabric_gbps",
                                         "nvlink_domain_gpus",
                                         "units_free",
                                         "age_seconds",
                                         "seq",
                                         "catalog_version",
                                         "min_billed_seconds",
                                         "min_term_months",
                                         "tax_rate_percent",
                                         "offers_in_group"};

// Every string and number of `j` (keys too) checked against every figure;
// the JSON pointer of the first hit in *where.
bool Leaks(const json& j, const std::set<std::string>& figures, const std::string& path, std::string* where) {
  auto hit = [&](const std::string& text) {
    for (const auto& f : figures) {
      if (Contains(text, f)) {
        *where = path + " = " + text.substr(0, 200) + "  (cost figure " + f + ")";
        return true;
      }
    }
    return false;
  };
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (hit(k)) return true;
      if (v.is_number() && kNotMoney.count(k)) continue;
      if (Leaks(v, figures, path + "/" + k, where)) return true;
    }
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) {
      if (Leaks(j[i], figures, path + "/" + std::to_string(i), where)) return true;
    }
  } else if (j.is_string()) {
    return hit(j.get<std::string>());
  } else if (j.is_number()) {
    return hit(j.dump());
  }
  return false;
}

// Requests every storefront route several ways and scans each body.
void ScanStorefront(const TestServer& s) {
  const std::set<std::string> costs = CostFigures(s);
  REQUIRE(costs.size() > 10);
  {  // Control: the scanner finds cost where there is cost (the cost API's own bodies).
    std::string where;
    CHECK(Leaks(s.Get("/v1/offers").json(), costs, "", &where));
    CHECK(Leaks(s.Get("/v1/compare?gpu=h200").json(), costs, "", &where));
    CHECK(Leaks(s.Get("/v1/changes").json(), costs, "", &where));
  }
  std::set<std::string> routes_hit;
  int scanned = 0;
  auto scan = [&](const std::string& target) -> json {
    const Response r = s.Get(target);
    INFO(target << " -> " << r.status);
    CHECK((r.status == 200 || r.status == 400 || r.status == 404));
    routes_hit.insert(target.substr(0, target.find('?')));
    ++scanned;
    const json body = json::parse(r.body);  // every storefront body is JSON, errors too
    std::string where;
    if (Leaks(body, costs, "", &where)) FAIL(target << ": " << where);
    return r.status == 200 ? body : json(nullptr);
  };

  std::set<std::string> gpus;
  const json all = scan("/v1/storefront/offers?limit=500");
  for (const auto& o : all.at("offers")) gpus.insert(o.at("gpu").at("model").get<std::string>());
  CHECK(all.at("count").get<int>() > 0);
  for (const std::string q :
       {"tax=included", "sort=-price&tax=included", "sort=gpus", "sort=provider", "include_quote=false",
        "availability=available", "availability=sold_out", "billing=hour", "billing=month", "billing=second",
        "max_price=100000", "gpu=nope", "limit=0", "include_stale=true"}) {
    scan("/v1/storefront/offers?" + q);
  }
  for (const auto& gpu : gpus) {
    scan("/v1/storefront/offers?gpu=" + gpu);
    scan("/v1/storefront/compare?gpu=" + gpu);
    scan("/v1/storefront/compare?gpu=" + gpu + "&tax=included");
  }
  for (const auto& m : GpuModels()) scan("/v1/storefront/compare?gpu=" + m.id);
  std::string cursor;
  do {  // every page of one
    const json page = scan("/v1/storefront/offers?limit=1" + (cursor.empty() ? "" : "&cursor=" + cursor));
    cursor = page.at("next_cursor").is_null() ? "" : page.at("next_cursor").get<std::string>();
  } while (!cursor.empty());
  for (const auto& gpu : Models(s)) {
    for (const auto& q : kEstimates) {
      const json e = scan("/v1/storefront/estimate?gpu=" + gpu + "&" + q);
      CHECK(e.is_object());
    }
  }
  scan("/v1/storefront/estimate?gpu=h200&gpus=1");  // an error: no duration
  scan("/v1/storefront/changes?limit=500");
  std::string since = "0";
  for (int i = 0; i < 200; ++i) {
    const json page = scan("/v1/storefront/changes?limit=1&since=" + since);
    since = page.at("next_since").get<std::string>();
    if (!page.at("has_more").get<bool>()) break;
  }
  // Every storefront route was scanned: a new one must be added here.
  std::set<std::string> storefront_routes;
  for (const auto& r : server::ApiRoutes()) {
    if (r.path.rfind("/v1/storefront/", 0) == 0) storefront_routes.insert(r.path);
  }
  CHECK(routes_hit == storefront_routes);
  CHECK(scanned > 20);
}

}  // namespace

TEST_CASE("No cost figure leaves through the storefront: seeded catalog, after a price change", "[storefront][leak]") {
  Seeded s;
  ApplySecondSync(s.db);
  ScanStorefront(*s.server);
}

TEST_CASE("No cost figure leaves through the storefront: the bundled provider snapshots", "[storefront][leak]") {
  TempDir dir;
  {
    auto catalog = Catalog::Open(dir.file("bundled.db"));
    REQUIRE(catalog.ok());
    auto fetcher = MakeSnapshotFetcher(std::string(GPUCAT_SOURCE_DIR) + "/providers");
    for (const auto& adapter : AllAdapters()) {
      auto summary = SyncProvider(*catalog.value(), *adapter, *fetcher, ProviderConfig{});
      REQUIRE(summary.ok());
    }
  }
  ServeOptions o;
  o.clock = [] { return NowUtc(); };
  TestServer server(dir.file("bundled.db"), o);
  // The bundled data has both listed and quote H200 offers.
  const json h200 = server.Get("/v1/storefront/compare?gpu=h200").json();
  CHECK(h200.at("rows").size() >= 3);
  ScanStorefront(server);
}
