// gen-docs: a deterministic (seeded) set of provider documents in the real
// formats, read by the real adapters through the real snapshot fetcher:
//
//   DIR/sakura/vrt-price-<zone>.json   Sakura price API JSON, one per zone
//   DIR/sakura/dok-unit-prices.json    DOK unit prices
//   DIR/sakura/phy-offer-sheet.json    offer sheet
//   DIR/gpusoroban/{instances,aispacon}.html   GPUSOROBAN HTML pages
//   DIR/gmo/offer-sheet.json, DIR/kddi/offer-sheet.json   offer sheets
//   DIR/m001/sheet-000.json ...        offer sheets of alliance members (the
//                                       bulk: a bench-only sheet adapter per
//                                       member reads them, see sync.cc)
//   DIR/<provider>/MANIFEST.json       provenance, as the bundled snapshots
//   DIR/layout.json                    what was generated, for `sync`
//
// Flags: --out DIR --seed S --offers N --providers P (>= 5)
//        --change-permille K --change-seed C: variant with K/1000 of the
//        listed prices changed (the same offers, the same everything else).
// Money is integers and decimal strings only: no floating point anywhere.
#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "bench.h"

namespace gpucat::bench {
namespace {

using Json = nlohmann::ordered_json;

struct Model {
  const char* key;      // plan-name token
  const char* sheet;    // how a sheet spells it
  const char* vrt;      // Sakura VRT ServiceClassName token ("" = not sold on VRT)
  const char* display;  // DisplayName token
  int64_t memory_gb;
  int64_t yen_per_gpu_hour;  // typical list price, tax excluded
  int64_t weight;            // share of offers, percent
};
// The 2026 Japanese market: H100/H200 dominate, Blackwell growing, V100/A100 tail.
constexpr Model kModels[] = {
    {"v100", "NVIDIA V100 32GB", "nvidia_v100_32gbvram", "V100", 32, 250, 7},
    {"a100", "NVIDIA A100 80GB", "nvidia_a100_80gbvram", "A100", 80, 480, 18},
    {"h100", "NVIDIA H100 80GB", "nvidia_h100_80gbvram", "H100", 80, 900, 28},
    {"h200", "NVIDIA H200 141GB", "nvidia_h200_141gbvram", "H200", 141, 1250, 20},
    {"b200", "NVIDIA B200 180GB", "nvidia_b200_180gbvram", "B200", 180, 1900, 14},
    {"b300", "NVIDIA B300 288GB", "", "B300", 288, 2600, 8},
    {"gb200", "NVIDIA GB200 NVL72", "", "GB200", 186, 3000, 5},
};

struct Location {
  const char* zone;
  const char* site;
  const char* prefecture;
  int64_t weight;
};
constexpr Location kLocations[] = {
    {"tk1", "東京第1", "東京都", 20}, {"tk2", "東京第2", "東京都", 10}, {"inzai1", "印西", "千葉県", 12},
    {"os1", "大阪堺", "大阪府", 12},  {"is1", "石狩", "北海道", 10},    {"fk1", "福岡", "福岡県", 6},
    {"ok1", "沖縄", "沖縄県", 3},     {"yh1", "横浜", "神奈川県", 6},   {"kt1", "京都", "京都府", 4},
    {"ng1", "名古屋", "愛知県", 5},   {"sd1", "仙台", "宮城県", 3},     {"hr1", "広島", "広島県", 2},
    {"kk1", "北九州", "福岡県", 3},   {"km1", "熊本", "熊本県", 4},
};

constexpr const char* kProducts[] = {"gpu-cloud", "bare-metal", "container", "reserved", "spot"};
constexpr const char* kTiers[] = {"std", "hm", "ib", "lite"};

const char* kCapturedAt = "2026-11-20";
const char* kAsOf = "2026-11-20T09:00:00+09:00";

template <typename T, size_t N>
std::vector<int64_t> Weights(const T (&items)[N]) {
  std::vector<int64_t> w;
  for (const auto& i : items) w.push_back(i.weight);
  return w;
}

// An integer amount in units of 10^-scale as a decimal string, trailing
// zeros dropped: (1234500, 4) -> "123.45".
std::string Decimal(int64_t units, int scale) {
  std::string s = std::to_string(units);
  if (scale == 0) return s;
  while (static_cast<int>(s.size()) <= scale) s.insert(0, "0");
  s.insert(s.size() - static_cast<size_t>(scale), ".");
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string Pad(int64_t v, int width) {
  std::string s = std::to_string(v);
  while (static_cast<int>(s.size()) < width) s.insert(0, "0");
  return s;
}

// Prices: the per-GPU-hour yen of one offer, and its price change in the
// variant. Whether an offer changes is a pure function of (change seed,
// offer number), so both variants draw the same random sequence.
class Pricing {
 public:
  Pricing(int64_t change_permille, uint64_t change_seed) : permille_(change_permille), seed_(change_seed) {}
  int64_t GpuHourYen(int64_t base, int64_t offer_no) {
    if (permille_ <= 0 || static_cast<int64_t>(Mix(seed_, static_cast<uint64_t>(offer_no)) % 1000) >= permille_) {
      return base;
    }
    ++changed_;
    const int64_t step = static_cast<int64_t>(Mix(seed_ + 1, static_cast<uint64_t>(offer_no)) % 121) - 80;  // -80..40
    int64_t changed = base * (1000 + (step == 0 ? 25 : step)) / 1000;
    if (changed == base) changed = base + 1;
    return std::max<int64_t>(changed, 1);
  }
  int64_t changed() const { return changed_; }

 private:
  int64_t permille_;
  uint64_t seed_;
  int64_t changed_ = 0;
};

struct Unit {
  const char* name;
  int64_t weight;
};
constexpr Unit kUnits[] = {{"hour", 50}, {"month", 30}, {"day", 6}, {"minute", 7}, {"second", 7}};

// The published amount of one unit of `unit_gpus` GPUs at `gpu_hour` yen.
std::string Amount(const std::string& unit, int64_t gpu_hour, int64_t unit_gpus) {
  const int64_t hour = gpu_hour * unit_gpus;
  if (unit == "hour") return std::to_string(hour);
  if (unit == "day") return std::to_string(hour * 24 * 95 / 100);
  if (unit == "month") return std::to_string((hour * 730 * 85 / 100 + 50) / 100 * 100);
  if (unit == "minute") return Decimal(hour * 10000 / 60, 4);
  return Decimal(hour * 1000000 / 3600, 6);  // second
}

class Generator {
 public:
  Generator(const Flags& f)
      : out_(f.Required("out")),
        rng_(static_cast<uint64_t>(f.Int("seed", 42))),
        seed_(f.Int("seed", 42)),
        pricing_(f.Int("change-permille", 0), static_cast<uint64_t>(f.Int("change-seed", 7))),
        offers_(f.Int("offers", 100000)),
        providers_(f.Int("providers", 40)) {
    if (providers_ < 5) Die("--providers must be at least 5 (4 real providers + members)");
    if (offers_ < 2000) Die("--offers must be at least 2000");
  }

  void Run() {
    std::filesystem::remove_all(out_);
    // Budgets: Sakura VRT ~6%, PHY ~1%, GMO ~4%, KDDI ~1%, GPUSOROBAN a
    // few dozen; alliance members (offer sheets) the rest.
    const int64_t vrt = offers_ * 6 / 100, phy = offers_ / 100, gmo = offers_ * 4 / 100, kddi = offers_ / 100;
    Sakura(vrt, phy);
    Gpusoroban();
    SheetProvider("gmo", "https://gpucloud.gmo.jp/", gmo);
    SheetProvider("kddi", "https://biz.kddi.com/", kddi);
    Members(offers_ - total_);
    Json layout = {{"seed", seed_},          {"offers", total_},    {"changed_prices", pricing_.changed()},
                   {"sakura_zones", zones_}, {"members", members_}, {"by_provider", by_provider_}};
    WriteFile(out_ + "/layout.json", layout.dump(2) + "\n");
    std::printf("{\"offers\": %lld, \"changed_prices\": %lld, \"providers\": %lld}\n", static_cast<long long>(total_),
                static_cast<long long>(pricing_.changed()), static_cast<long long>(by_provider_.size()));
  }

 private:
  void Count(const std::string& provider, int64_t n) {
    total_ += n;
    by_provider_[provider] = by_provider_.value(provider, int64_t{0}) + n;
  }
  void Manifest(const std::string& provider, const Json& files) {
    WriteFile(out_ + "/" + provider + "/MANIFEST.json", Json{{"files", files}}.dump(2) + "\n");
  }
  const Model& PickModel(bool vrt_only = false) {
    for (;;) {
      const Model& m = kModels[rng_.Pick(Weights(kModels))];
      if (!vrt_only || m.vrt[0] != '\0') return m;
    }
  }
  int64_t BasePrice(const Model& m) { return std::max<int64_t>(1, m.yen_per_gpu_hour * rng_.Range(700, 1400) / 1000); }

  // Sakura: VRT price API per zone (3 offers per GPU class: Hourly, Daily,
  // Monthly), DOK unit prices, PHY offer sheet.
  void Sakura(int64_t vrt_offers, int64_t phy_offers) {
    const int64_t classes = vrt_offers / 3;
    const int64_t zones = std::max<int64_t>(2, classes / 100);
    static const char* kKnown[] = {"is1a", "is1b", "is1c", "tk1a", "tk1b"};
    Json files;
    int64_t made = 0;
    for (int64_t z = 0; z < zones; ++z) {
      const std::string zone = z < 5 ? kKnown[z] : "bz" + Pad(z, 3);
      zones_.push_back(zone);
      const int64_t in_zone = classes / zones + (z < classes % zones ? 1 : 0);
      Json sc = Json::object();
      int64_t k = 0;
      auto add = [&](Json c) { sc[std::to_string(k++)] = std::move(c); };
      // Ordinary classes the API mixes in: skipped by the adapter.
      for (int i = 1; i <= 6; ++i) {
        add({{"DisplayName", "プラン" + std::to_string(i) + "(ディスクなし)"},
             {"IsPublic", true},
             {"Price", {{"Daily", 110 * i}, {"Hourly", 11 * i}, {"Monthly", 2179 * i}, {"Zone", zone}}},
             {"ServiceCharge", "cloud/uptime"},
             {"ServiceClassID", 50050 + i},
             {"ServiceClassName", "plan/" + std::to_string(i)},
             {"ServiceClassPath", "cloud/plan/" + std::to_string(i)}});
      }
      for (int64_t c = 0; c < in_zone; ++c) {
        const Model& m = PickModel(true);
        const int64_t gpus = std::vector<int64_t>{1, 2, 4, 8}[rng_.Pick({40, 15, 15, 30})];
        const int64_t cores = gpus * (m.memory_gb >= 141 ? 24 : 12) + rng_.Range(0, 2) * 4;
        const int64_t ram = gpus * (m.memory_gb >= 141 ? 240 : 120);
        const std::string name = "plan/" + std::to_string(cores) + "core-" + std::to_string(ram) + "gb-" +
                                 std::to_string(gpus) + "gpu-" + m.vrt + "-g" + std::to_string(c + 2);
        const int64_t gpu_hour = pricing_.GpuHourYen(BasePrice(m) * 11 / 10, next_offer_++);  // tax-included
        const int64_t hourly = gpu_hour * gpus;
        add({{"DisplayName", "高火力 VRT/" + std::to_string(cores) + "Core-" + std::to_string(ram) + "GB-" + m.display +
                                 "x" + std::to_string(gpus)},
             {"IsPublic", true},
             {"Price", {{"Daily", hourly * 20}, {"Hourly", hourly}, {"Monthly", hourly * 400}, {"Zone", zone}}},
             {"ServiceCharge", "cloud/uptime"},
             {"ServiceClassID", 51000 + c},
             {"ServiceClassName", name},
             {"ServiceClassPath", "cloud/" + name}});
        made += 3;
      }
      const std::string file = "vrt-price-" + zone + ".json";
      WriteFile(out_ + "/sakura/" + file, Json{{"Count", k}, {"ResponsedAt", kAsOf}, {"ServiceClasses", sc}}.dump());
      files[file] = {{"url", "https://secure.sakura.ad.jp/cloud/zone/" + zone + "/api/cloud/1.1/public/price.json"},
                     {"captured_at", kAsOf}};
    }
    Count("sakura", made);

    // DOK: per-second prices as JSON numbers with a fraction (exact text).
    struct Dok {
      const char* plan;
      int64_t micro_yen_per_second;
    };
    static const Dok kDok[] = {{"v100-32gb", 16000},
                               {"h100-80gb", 280000},
                               {"h100-8gpu-80gb", 830000},
                               {"h200-141gb", 350000},
                               {"b200-180gb", 520000}};
    std::string dok = "{\"meta\": {}, \"results\": [";
    for (size_t i = 0; i < std::size(kDok); ++i) {
      const int64_t p = pricing_.GpuHourYen(kDok[i].micro_yen_per_second, next_offer_++);
      dok += (i ? ", " : "") + std::string("{\"plan\": \"") + kDok[i].plan + "\", \"price\": " + Decimal(p, 6) +
             ", \"begin_at\": null, \"end_at\": null, \"is_overridden\": false}";
    }
    dok +=
        ", {\"plan\": \"h100-80gb\", \"price\": 0.25, \"begin_at\": null, \"end_at\": null, \"is_overridden\": true}]}";
    WriteFile(out_ + "/sakura/dok-unit-prices.json", dok + "\n");
    files["dok-unit-prices.json"] = {
        {"url", "https://secure.sakura.ad.jp/cloud/zone/is1a/api/managed-container/1.0/unit_prices/"},
        {"captured_at", kCapturedAt}};
    Count("sakura", static_cast<int64_t>(std::size(kDok)));

    WriteSheet("sakura", "phy-offer-sheet.json", "https://www.sakura.ad.jp/koukaryoku-phy/", {"koukaryoku-phy"},
               phy_offers, files);
    Manifest("sakura", files);
  }

  // GPUSOROBAN: the instance table (one row per GPU and count, hourly and
  // monthly columns) and the AIスパコン plan table.
  void Gpusoroban() {
    std::string rows;
    int64_t n = 0;
    for (const Model& m : kModels) {
      if (std::string(m.key) == "gb200") continue;
      for (int64_t gpus : {1, 2, 4, 8}) {
        const int64_t hour = pricing_.GpuHourYen(BasePrice(m), next_offer_++) * gpus;
        const int64_t month = pricing_.GpuHourYen(hour * 500, next_offer_++);
        rows += "<tr><td>" + std::string(m.display) + " " + std::to_string(m.memory_gb) + "GB ×" +
                std::to_string(gpus) + "</td><td>" + std::to_string(gpus * 16) + "</td><td>" +
                std::to_string(gpus * 128) + "GB</td><td>" + std::to_string(gpus * 2) + "TB</td><td>¥" + Grouped(hour) +
                "</td><td>¥" + Grouped(month) + "</td></tr>\n";
        n += 2;
      }
    }
    WriteFile(
        out_ + "/gpusoroban/instances.html",
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<title>GPUインスタンス | "
        "GPUSOROBAN</title>\n</head>\n<body>\n<main>\n<h1>GPUインスタンス</h1>\n<section>\n<h2>プランと料金</h2>\n"
        "<table>\n<thead>\n<tr><th>GPU</th><th>vCPU</th><th>メモリ</th><th>ローカルSSD</th><th>時間料金</th>"
        "<th>月額固定料金</th></tr>\n</thead>\n<tbody>\n" +
            rows + "</tbody>\n</table>\n</section>\n</main>\n</body>\n</html>\n");
    const int64_t node = pricing_.GpuHourYen(2783000, next_offer_++);
    WriteFile(
        out_ + "/gpusoroban/aispacon.html",
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<title>AIスパコンクラウド | "
        "GPUSOROBAN</title>\n</head>\n<body>\n<main>\n<h1>AIスパコンクラウド</h1>\n<section>\n"
        "<h2>AIスパコンクラウドの料金プラン</h2>\n<table>\n<thead>\n<tr><th>構成</th><th>シングルノード構成</th>"
        "<th>クラスタ構成</th></tr>\n</thead>\n<tbody>\n<tr><th>特徴</th><td>HGX H200 ×8、GPUメモリ 1,128GB／ノード"
        "</td><td></td></tr>\n<tr><th>月額費用（税込み）</th><td>¥" +
            Grouped(node) +
            "</td><td>要問合せ</td></tr>\n<tr><th>GPU／ノード</th><td>NVIDIA HGX H200 ×8</td><td>NVIDIA HGX "
            "H200 ×8</td></tr>\n<tr><th>vCPU／ノード</th><td>112</td><td>112</td></tr>\n<tr><th>システムメモリ／"
            "ノード</th><td>2,048GB</td><td>2,048GB</td></tr>\n<tr><th>ストレージ／ノード</th><td>30TB</td><td>30TB"
            "</td></tr>\n</tbody>\n</table>\n</section>\n</main>\n</body>\n</html>\n");
    Manifest(
        "gpusoroban",
        {{"instances.html", {{"url", "https://soroban.highreso.jp/compute/instances"}, {"captured_at", kCapturedAt}}},
         {"aispacon.html", {{"url", "https://soroban.highreso.jp/aispacon"}, {"captured_at", kCapturedAt}}}});
    Count("gpusoroban", n + 2);
  }

  static std::string Grouped(int64_t v) {
    std::string s = std::to_string(v);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
    return s;
  }

  void SheetProvider(const std::string& provider, const std::string& url, int64_t offers) {
    Json files;
    WriteSheet(provider, "offer-sheet.json", url, {"gpu-cloud", "bare-metal"}, offers, files);
    Manifest(provider, files);
  }

  // Alliance members m001..: offer sheets of at most 2,000 offers each; sizes
  // skewed (a few large members, many small ones).
  void Members(int64_t remaining) {
    const int64_t count = providers_ - 4;
    std::vector<int64_t> weight;
    int64_t total_weight = 0;
    for (int64_t i = 0; i < count; ++i) total_weight += weight.emplace_back(100000 / (i + 3));
    for (int64_t i = 0; i < count; ++i) {
      const std::string name = "m" + Pad(i + 1, 3);
      int64_t mine = i + 1 == count ? remaining : std::max<int64_t>(1, remaining * weight[i] / total_weight);
      if (i + 1 < count) total_weight -= weight[i];
      remaining -= mine;
      std::vector<std::string> products;
      const int64_t np = 1 + static_cast<int64_t>(i % 3);
      for (int64_t p = 0; p < np; ++p) products.push_back(kProducts[(i + p) % std::size(kProducts)]);
      Json files;
      int64_t sheets = 0;
      for (int64_t left = mine; left > 0; left -= 2000, ++sheets) {
        WriteSheet(name, "sheet-" + Pad(sheets, 3) + ".json", "https://" + name + ".example.jp/gpu/prices", products,
                   std::min<int64_t>(left, 2000), files);
      }
      Manifest(name, files);
      members_.push_back({{"name", name}, {"sheets", sheets}});
    }
  }

  // One offer sheet of exactly `offers` offers: plans of 1 or 2 billing units.
  void WriteSheet(const std::string& provider, const std::string& file, const std::string& url,
                  const std::vector<std::string>& products, int64_t offers, Json& files) {
    Json list = Json::array();
    while (static_cast<int64_t>(list.size()) < offers) {
      const Model& m = PickModel();
      const Location& loc = kLocations[rng_.Pick(Weights(kLocations))];
      const std::string product =
          products[static_cast<size_t>(rng_.Range(0, static_cast<int64_t>(products.size()) - 1))];
      const bool gb200 = std::string(m.key) == "gb200";
      const int64_t gpus =
          gb200 ? (rng_.Chance(500) ? 72 : 4) : std::vector<int64_t>{1, 2, 4, 8}[rng_.Pick({30, 10, 15, 45})];
      const std::string per = gb200 && gpus == 72             ? "rack"
                              : rng_.Chance(300)              ? "gpu"
                              : gpus == 8 && rng_.Chance(150) ? "node"
                                                              : "instance";
      const char* tier = kTiers[rng_.Range(0, 3)];
      const std::string plan = std::string(m.key) + "x" + std::to_string(gpus) + "-" + tier + "-" + Pad(++plan_no_, 5);
      const int64_t base = BasePrice(m) * (product == "spot" ? 6 : product == "reserved" ? 8 : 10) / 10;
      const bool quote = rng_.Chance(40) || (gb200 && gpus == 72);
      const std::string tax = std::vector<std::string>{"excluded", "included", "unknown"}[rng_.Pick({60, 35, 5})];
      std::vector<std::string> units = {kUnits[rng_.Pick(Weights(kUnits))].name};
      if (!quote && units[0] != "month" && rng_.Chance(350)) units.push_back("month");
      const int64_t avail = static_cast<int64_t>(rng_.Pick({50, 20, 10, 5, 15}));
      const bool observed = rng_.Chance(600);
      const int64_t units_free = rng_.Range(0, 40);
      const bool note = rng_.Chance(200);
      for (const std::string& unit : units) {
        if (static_cast<int64_t>(list.size()) >= offers) break;
        Json o;
        o["product"] = product;
        o["plan"] = plan;
        o["display_name"] = provider + " " + m.display + " x" + std::to_string(gpus) + " (" + tier + ") " + loc.site;
        o["zone"] = loc.zone;
        o["site"] = loc.site;
        o["prefecture"] = loc.prefecture;
        o["gpu"] = m.sheet;
        o["gpus_per_unit"] = gpus;
        o["gpu_memory_gb"] = m.memory_gb;
        o["vcpus"] = gpus * 16;
        o["ram_gb"] = gpus * 128;
        o["storage"] = std::to_string(gpus) + " x 3.84 TB NVMe";
        if (gpus >= 4 && m.memory_gb >= 80) o["nvlink_domain_gpus"] = gpus;
        if (std::string(tier) == "ib") {
          o["fabric"] = "InfiniBand NDR";
          o["fabric_gbps"] = 400;
        }
        o["price_status"] = quote ? "quote" : "listed";
        if (!quote) {
          const int64_t gpu_hour = pricing_.GpuHourYen(base, next_offer_++);
          o["amount"] = Amount(unit, gpu_hour, per == "gpu" ? 1 : gpus);
          o["currency"] = "JPY";
          o["tax"] = tax;
          o["unit"] = unit;
        }
        o["per"] = per;
        if (unit == "second" || unit == "minute") o["min_billed_seconds"] = 60;
        if (unit == "month") {
          o["min_term_months"] = std::vector<int64_t>{1, 3, 12}[rng_.Pick({60, 25, 15})];
          o["billing_rule"] = "per-started-month";
        }
        if (avail < 4) {
          o["availability"] = std::vector<std::string>{"available", "limited", "sold_out", "on_request"}[avail];
          if (avail < 2) o["units_free"] = units_free;
          if (observed) o["availability_observed_at"] = kAsOf;
        }
        if (note) o["notes"] = "在庫は変動します。最低利用期間あり。";
        list.push_back(std::move(o));
      }
    }
    Json sheet = {{"format", "gpucat-offer-sheet/1"},
                  {"provider", provider},
                  {"source_url", url},
                  {"as_of", kCapturedAt},
                  {"source_note", "Price list sent by the provider to the alliance; figures as published."},
                  {"offers", list}};
    WriteFile(out_ + "/" + provider + "/" + file, sheet.dump(2) + "\n");
    files[file] = {{"url", url}, {"captured_at", kCapturedAt}};
    Count(provider, offers);
  }

  std::string out_;
  Rng rng_;
  int64_t seed_;
  Pricing pricing_;
  int64_t offers_, providers_;
  int64_t total_ = 0, next_offer_ = 0, plan_no_ = 0;
  Json zones_ = Json::array();
  Json members_ = Json::array();
  Json by_provider_ = Json::object();
};

}  // namespace

int GenDocs(const Flags& f) {
  const auto t0 = Clock::now();
  Generator(f).Run();
  std::fprintf(stderr, "gen-docs: %.0f ms\n", MsSince(t0));
  return 0;
}

}  // namespace gpucat::bench
