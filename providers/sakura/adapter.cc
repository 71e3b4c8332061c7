// The sakura adapter: 高火力 VRT (price API, per zone), DOK (unit prices) and
// PHY (offer sheet). Spec: shared/reference/providers.md §1.
//
// Configuration keys (README "Configuration"; env GPUCAT_SAKURA_<KEY>):
//   zones                    comma-separated VRT zones; default
//                            "is1a,is1b,is1c,tk1a,tk1b". Tokens that are not
//                            [a-z0-9]{2,8} are ignored (they would end up in
//                            a URL).
//   vrt_price_url            URL template, "{zone}" replaced; default the
//                            official price API.
//   dok_unit_prices_url      default the DOK API's /unit_prices/.
//   dok_access_token         DOK API Basic-auth user (secret: never logged)
//   dok_access_token_secret  DOK API Basic-auth password (secret)
//   phy_sheet_url            where a live PHY offer sheet is served; unset:
//                            the sheet is read from the snapshot directory
//                            only (params["fetch"] = "snapshot").
//
// Every configured zone is listed as a source, whether or not a snapshot of
// it is bundled: offline, zones without a snapshot (is1c, tk1a, tk1b today)
// fail with the fetcher's snapshot_missing and the sync reports them, rather
// than the catalog silently pretending those zones were read.
#include <string>
#include <vector>

#include "adapters.h"
#include "common/guard.h"
#include "common/sheet.h"
#include "sakura/sakura.h"

namespace gpucat::providers {
namespace {

constexpr const char* kDefaultZones = "is1a,is1b,is1c,tk1a,tk1b";
constexpr const char* kVrtUrl = "https://secure.sakura.ad.jp/cloud/zone/{zone}/api/cloud/1.1/public/price";
constexpr const char* kDokUrl = "https://secure.sakura.ad.jp/cloud/zone/is1a/api/managed-container/1.0/unit_prices/";
constexpr const char* kPhyPage = "https://www.sakura.ad.jp/koukaryoku-phy/";

std::string Get(const ProviderConfig& c, const std::string& key, const std::string& fallback) {
  auto it = c.find(key);
  return it == c.end() || it->second.empty() ? fallback : it->second;
}

bool IsZoneId(const std::string& z) {
  if (z.size() < 2 || z.size() > 8) return false;
  for (char ch : z) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) return false;
  }
  return true;
}

std::vector<std::string> Zones(const std::string& list) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    std::string z;
    for (char ch : cur) {
      if (ch != ' ' && ch != '\t') z.push_back(ch);
    }
    bool seen = false;
    for (const auto& o : out) seen = seen || o == z;
    if (IsZoneId(z) && !seen) out.push_back(z);
    cur.clear();
  };
  for (char ch : list) {
    if (ch == ',') {
      flush();
    } else {
      cur.push_back(ch);
    }
  }
  flush();
  return out;
}

class SakuraAdapter final : public Adapter {
 public:
  std::string name() const override { return sakura::kProvider; }
  std::string version() const override { return "sakura/1"; }

  std::vector<SourceSpec> sources(const ProviderConfig& config) const override {
    std::vector<SourceSpec> out;
    const std::string tmpl = Get(config, "vrt_price_url", kVrtUrl);
    for (const std::string& zone : Zones(Get(config, "zones", kDefaultZones))) {
      SourceSpec s;
      s.id = "sakura.vrt." + zone;
      s.kind = SourceKind::kApi;
      s.parser = "vrt-price";
      s.url = tmpl;
      for (size_t at = s.url.find("{zone}"); at != std::string::npos; at = s.url.find("{zone}")) {
        s.url.replace(at, 6, zone);
      }
      s.snapshot_file = "vrt-price-" + zone + ".json";
      s.params["zone"] = zone;
      // Reported to be needed by the .json form of the same path [S]; harmless otherwise.
      s.headers["X-Requested-With"] = "XMLHttpRequest";
      out.push_back(std::move(s));
    }
    SourceSpec dok;
    dok.id = "sakura.dok.unit-prices";
    dok.kind = SourceKind::kApi;
    dok.parser = "dok-unit-prices";
    dok.url = Get(config, "dok_unit_prices_url", kDokUrl);
    dok.snapshot_file = "dok-unit-prices.json";
    dok.params["zone"] = "is1a";
    dok.basic_user = Get(config, "dok_access_token", "");
    dok.basic_password = Get(config, "dok_access_token_secret", "");
    out.push_back(std::move(dok));

    SourceSpec phy;
    phy.id = "sakura.phy.sheet";
    phy.kind = SourceKind::kSheet;
    phy.parser = "sheet";
    phy.snapshot_file = "phy-offer-sheet.json";
    phy.url = Get(config, "phy_sheet_url", "");
    if (phy.url.empty()) {
      phy.url = kPhyPage;  // provenance: the page the sheet transcribes
      phy.params["fetch"] = "snapshot";
    }
    out.push_back(std::move(phy));
    return out;
  }

  Result<ParseResult> Parse(const Document& document) const override {
    return Guarded([&]() -> Result<ParseResult> {
      const std::string& parser = document.source.parser;
      if (parser == "vrt-price") return sakura::ParseVrtPrice(document);
      if (parser == "dok-unit-prices") return sakura::ParseDokUnitPrices(document);
      if (parser == "sheet") return ParseOfferSheet(document, sakura::kProvider);
      return Status::Error("unknown_parser", "sakura has no parser \"" + parser + "\"");
    });
  }
};

}  // namespace

namespace sakura {

ZoneSite SiteOfZone(std::string_view zone) {
  if (zone == "is1a") return {"石狩第1", "北海道"};
  if (zone == "is1b") return {"石狩第2", "北海道"};
  if (zone == "is1c") return {"石狩第3", "北海道"};
  if (zone == "tk1a") return {"東京第1", "東京都"};
  if (zone == "tk1b") return {"東京第2", "東京都"};
  return {};
}

}  // namespace sakura

std::unique_ptr<Adapter> MakeSakuraAdapter() { return std::make_unique<SakuraAdapter>(); }

}  // namespace gpucat::providers
