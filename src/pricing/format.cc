// Japanese and English display of sell prices, and their storefront JSON.
//
// Japanese follows 総額表示 (tax-inclusive display): the buyer-facing figure is
// the tax-included one, marked （税込） with full-width parentheses; the
// tax-excluded figure is shown as 税抜 ¥... . The yen sign is U+00A5.
#include <nlohmann/json.hpp>

#include "gpucat/pricing.h"

namespace gpucat {

namespace {
std::string Yen(int64_t yen) { return "¥" + FormatYenGrouped(yen); }
// The same shape as view.h's MoneyJson ({"minor", "yen"}), which this library
// cannot link (the view layer sits on the store).
nlohmann::json Money(int64_t minor) { return {{"minor", minor}, {"yen", FormatMinorAsYen(minor)}}; }
}  // namespace

std::optional<Lang> ParseLang(std::string_view s) {
  if (s == "ja") return Lang::kJa;
  if (s == "en") return Lang::kEn;
  return std::nullopt;
}

std::string FormatIncTax(int64_t yen, Lang lang) {
  return lang == Lang::kJa ? Yen(yen) + "（税込）" : Yen(yen) + " incl. tax";
}

std::string FormatExTax(int64_t yen, Lang lang) {
  return lang == Lang::kJa ? "税抜 " + Yen(yen) : Yen(yen) + " excl. tax";
}

std::string_view UnitLabel(TimeUnit unit, Lang lang) {
  const bool ja = lang == Lang::kJa;
  switch (unit) {
    case TimeUnit::kSecond:
      return ja ? "秒" : "second";
    case TimeUnit::kMinute:
      return ja ? "分" : "minute";
    case TimeUnit::kHour:
      return ja ? "時間" : "hour";
    case TimeUnit::kDay:
      return ja ? "日" : "day";
    case TimeUnit::kMonth:
      return ja ? "月" : "month";
  }
  return "";
}

std::string_view PerLabel(PricePer per, Lang lang) {
  const bool ja = lang == Lang::kJa;
  switch (per) {
    case PricePer::kGpu:
      return ja ? "1GPUあたり" : "per GPU";
    case PricePer::kInstance:
      return ja ? "1インスタンスあたり" : "per instance";
    case PricePer::kNode:
      return ja ? "1ノードあたり" : "per node";
    case PricePer::kRack:
      return ja ? "1ラックあたり" : "per rack";
  }
  return "";
}

std::string_view ContactUsLabel(Lang lang) { return lang == Lang::kJa ? "お問い合わせ" : "Contact us"; }

std::string DisplayPrice(const SellPrice& price, Lang lang) {
  if (price.status == SellStatus::kQuote) return std::string(ContactUsLabel(lang));
  if (price.status != SellStatus::kPriced || !price.inc_yen || !price.unit) return "";
  const std::string unit(UnitLabel(*price.unit, lang)), per(PerLabel(price.per, lang));
  if (lang == Lang::kJa) return FormatIncTax(*price.inc_yen, lang) + "/" + unit + "・" + per;
  return FormatIncTax(*price.inc_yen, lang) + " / " + unit + ", " + per;
}

nlohmann::json SellPriceJson(const SellPrice& price) {
  using nlohmann::json;
  json j = {{"status", ToString(price.status)}};
  if (price.status == SellStatus::kUnpriced) {
    j["reason"] = price.reason;
    return j;
  }
  j["unit"] = price.unit ? json(ToString(*price.unit)) : json(nullptr);
  j["billed_per"] = price.published_unit ? json(ToString(*price.published_unit)) : json(nullptr);
  j["per"] = ToString(price.per);
  json labels = json::object();
  for (Lang lang : {Lang::kJa, Lang::kEn}) {
    json l = {{"price", DisplayPrice(price, lang)}};
    if (price.unit) l["unit"] = std::string(UnitLabel(*price.unit, lang));
    l["per"] = std::string(PerLabel(price.per, lang));
    if (price.status == SellStatus::kPriced) {
      l["inc_tax"] = FormatIncTax(*price.inc_yen, lang);
      l["ex_tax"] = FormatExTax(*price.ex_yen, lang);
    }
    labels[lang == Lang::kJa ? "ja" : "en"] = std::move(l);
  }
  if (price.status == SellStatus::kPriced) {
    // Whole yen x kMinorPerYen <= 1e15 < 2^53: exact in any JSON reader.
    j["ex_tax"] = Money(*price.ex_yen * kMinorPerYen);
    j["inc_tax"] = Money(*price.inc_yen * kMinorPerYen);
    j["gpu_hour"] = {{"ex_tax", Money(*price.gpu_hour_ex_minor)}, {"inc_tax", Money(*price.gpu_hour_inc_minor)}};
  }
  j["labels"] = std::move(labels);
  return j;
}

}  // namespace gpucat
