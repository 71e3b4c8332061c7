// Japanese and English names of providers, products, places and offers, for
// the storefront. Tables of what the bundled providers publish; anything not
// in them is shown as the provider wrote it (in both languages) rather than
// guessed.
#include <array>

#include "gpucat/storefront.h"

namespace gpucat {

namespace {

struct Pair {
  std::string_view key, ja, en;
};

constexpr std::array kProviders = {
    Pair{"sakura", "さくらインターネット", "SAKURA internet"},
    Pair{"gpusoroban", "ハイレゾ GPUSOROBAN", "HighReso GPUSOROBAN"},
    Pair{"gmo", "GMOインターネット", "GMO Internet"},
    Pair{"kddi", "KDDI", "KDDI"},
};

constexpr std::array kProducts = {
    Pair{"koukaryoku-vrt", "高火力 VRT", "Koukaryoku VRT (virtual machines)"},
    Pair{"koukaryoku-dok", "高火力 DOK", "Koukaryoku DOK (container tasks)"},
    Pair{"koukaryoku-phy", "高火力 PHY", "Koukaryoku PHY (bare metal)"},
    Pair{"aispacon", "AIスパコンクラウド", "AI Supercomputer Cloud"},
    Pair{"instances", "GPUSOROBAN インスタンス", "GPUSOROBAN instances"},
    Pair{"gpucloud", "GMO GPUクラウド", "GMO GPU Cloud"},
    Pair{"gpu-cloud", "KDDI GPU Cloud", "KDDI GPU Cloud"},
};

// Place names as the providers write them -> English.
constexpr std::array kPlaces = {
    Pair{"北海道", "", "Hokkaido"},    Pair{"東京都", "", "Tokyo"},
    Pair{"大阪府", "", "Osaka"},       Pair{"香川県", "", "Kagawa"},
    Pair{"石狩", "", "Ishikari"},      Pair{"石狩第1", "", "Ishikari 1"},
    Pair{"石狩第2", "", "Ishikari 2"}, Pair{"石狩第3", "", "Ishikari 3"},
    Pair{"高松", "", "Takamatsu"},     Pair{"堺", "", "Sakai"},
    Pair{"東京", "", "Tokyo"},         Pair{"大阪堺データセンター", "", "Osaka Sakai data center"},
};

// Japanese terms in display names -> English, longest first.
constexpr std::array kTerms = {
    Pair{"AIスパコンクラウド", "", "AI Supercomputer Cloud"},
    Pair{"シングルノード構成", "", "single node"},
    Pair{"クラスタ構成", "", "cluster"},
    Pair{"GPUクラウド", "", "GPU Cloud"},
    Pair{"専有プラン", "", "dedicated plan"},
    Pair{"インスタンス", "", "instance"},
    Pair{"サーバー", "", "server"},
    Pair{"高火力", "", "Koukaryoku"},
};

const Pair* Find(auto& table, std::string_view key) {
  for (const auto& p : table) {
    if (p.key == key) return &p;
  }
  return nullptr;
}

std::string Place(std::string_view name) {
  const Pair* p = Find(kPlaces, name);
  return std::string(p ? p->en : name);
}

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

// ASCII, or ASCII with the multiplication sign (×, U+00D7) that names use for counts.
bool ReadsAsEnglish(const std::string& s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) continue;
    if (c == 0xC3 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x97) {
      ++i;
      continue;
    }
    return false;
  }
  return true;
}

std::string Collapse(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

nlohmann::json ToJson(const Bilingual& b) { return {{"ja", b.ja}, {"en", b.en}}; }

Bilingual ProviderName(std::string_view provider) {
  if (const Pair* p = Find(kProviders, provider)) return {std::string(p->ja), std::string(p->en)};
  return {std::string(provider), std::string(provider)};
}

Bilingual ProductName(std::string_view product) {
  if (const Pair* p = Find(kProducts, product)) return {std::string(p->ja), std::string(p->en)};
  return {std::string(product), std::string(product)};
}

Bilingual LocationLabel(const Offer& o) {
  std::string ja, en;
  if (!o.prefecture.empty()) {
    ja = o.prefecture;
    en = Place(o.prefecture);
  }
  if (!o.site.empty() && o.site != o.prefecture) {
    ja += (ja.empty() ? "" : " ") + o.site;
    en = en.empty() ? Place(o.site) : Place(o.site) + ", " + en;
  }
  if (!o.zone.empty()) {
    ja += (ja.empty() ? o.zone : "（" + o.zone + "）");
    en += (en.empty() ? o.zone : " (" + o.zone + ")");
  }
  if (ja.empty()) return {"非公開", "not stated"};
  return {ja, en};
}

Bilingual OfferTitle(const Offer& o) {
  const std::string ja = o.display_name.empty() ? ProductName(o.product).ja : o.display_name;
  std::string en = ja;
  for (const auto& t : kTerms) ReplaceAll(en, t.key, t.en);
  en = Collapse(en);
  if (!ReadsAsEnglish(en)) {
    const GpuModel* m = FindGpuModel(o.gpu_model);
    en = ProductName(o.product).en + " " + (m ? m->name : o.gpu_name) + " ×" + std::to_string(o.gpus_per_unit);
  }
  return {ja, en};
}

Bilingual GpuHourLabel(int64_t minor, bool inc_tax) {
  const int64_t sen = RoundHalfAwayFromZero(minor, kMinorPerYen / 100);
  const int64_t frac = sen % 100;
  const std::string yen = "¥" + FormatYenGrouped(sen / 100) + "." + (frac < 10 ? "0" : "") + std::to_string(frac);
  return {yen + "/GPU時間" + (inc_tax ? "（税込）" : "（税抜）"),
          yen + " per GPU-hour " + (inc_tax ? "incl. tax" : "excl. tax")};
}

}  // namespace gpucat
