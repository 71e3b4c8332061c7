#include "estimate/text.h"

namespace gpucat::estimate_internal {

std::string Grouped(int64_t n) { return FormatYenGrouped(n); }

std::string YenText(const Decimal& amount) {
  // Decimal::ToString is canonical ("0.28", "23100"); group the whole part.
  const std::string plain = amount.ToString();
  const bool negative = !plain.empty() && plain[0] == '-';
  const std::string body = negative ? plain.substr(1) : plain;
  const size_t point = body.find('.');
  const std::string whole = body.substr(0, point);
  const std::string fraction = point == std::string::npos ? "" : body.substr(point);
  return std::string(negative ? "-" : "") + "¥" + FormatYenGrouped(std::stoll(whole)) + fraction;
}

std::string QuantityText(int64_t n, PricePer per, Lang lang) {
  const std::string count = Grouped(n);
  if (lang == Lang::kJa) {
    switch (per) {
      case PricePer::kGpu:
        return count + " GPU";
      case PricePer::kInstance:
        return count + " 台";
      case PricePer::kNode:
        return count + " ノード";
      case PricePer::kRack:
        return count + " ラック";
    }
  }
  const bool one = n == 1;
  switch (per) {
    case PricePer::kGpu:
      return count + (one ? " GPU" : " GPUs");
    case PricePer::kInstance:
      return count + (one ? " instance" : " instances");
    case PricePer::kNode:
      return count + (one ? " node" : " nodes");
    case PricePer::kRack:
      return count + (one ? " rack" : " racks");
  }
  return count;
}

std::string DurationText(int64_t n, TimeUnit unit, Lang lang) {
  const std::string count = Grouped(n);
  const bool one = n == 1;
  if (lang == Lang::kJa) {
    switch (unit) {
      case TimeUnit::kSecond:
        return count + " 秒";
      case TimeUnit::kMinute:
        return count + " 分";
      case TimeUnit::kHour:
        return count + " 時間";
      case TimeUnit::kDay:
        return count + " 日";
      case TimeUnit::kMonth:
        return count + " か月";
    }
  }
  switch (unit) {
    case TimeUnit::kSecond:
      return count + " s";
    case TimeUnit::kMinute:
      return count + " min";
    case TimeUnit::kHour:
      return count + " h";
    case TimeUnit::kDay:
      return count + (one ? " day" : " days");
    case TimeUnit::kMonth:
      return count + (one ? " month" : " months");
  }
  return count;
}

std::string LineText(int64_t quantity, PricePer per, int64_t count, TimeUnit unit, const Decimal& price,
                     const std::string& label, Lang lang) {
  const std::string body =
      QuantityText(quantity, per, lang) + " × " + DurationText(count, unit, lang) + " × " + YenText(price);
  return lang == Lang::kJa ? body + "（" + label + "）" : body + " (" + label + ")";
}

}  // namespace gpucat::estimate_internal
