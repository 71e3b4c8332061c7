#include "gpucat/money.h"

#include <cstdint>

namespace gpucat {

namespace {
constexpr int kMaxScale = 9;
constexpr int kMaxDigits = 18;  // fits int64 with room to spare

int64_t Pow10(int n) {
  int64_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}
}  // namespace

Result<Decimal> ParseDecimal(std::string_view text) {
  // Grammar: ['-'] DIGIT+ ['.' DIGIT+]. Nothing else, on purpose.
  if (text.empty()) return Status::Error("empty_amount", "amount is empty");
  const std::string quoted = "\"" + std::string(text) + "\"";
  std::string_view rest = text;
  const bool negative = rest.front() == '-';
  if (negative) rest.remove_prefix(1);
  const size_t point = rest.find('.');
  const std::string_view whole = rest.substr(0, point);
  const std::string_view fraction = point == std::string_view::npos ? std::string_view() : rest.substr(point + 1);
  auto all_digits = [](std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  if (!all_digits(whole) || (point != std::string_view::npos && !all_digits(fraction))) {
    return Status::Error("non_numeric_amount", "not a plain decimal: " + quoted);
  }
  if (static_cast<int>(fraction.size()) > kMaxScale) {
    return Status::Error("amount_too_large", "more than 9 decimals: " + quoted);
  }
  int64_t units = 0;
  int significant = 0;
  for (std::string_view part : {whole, fraction}) {
    for (char c : part) {
      if (units != 0 || c != '0') ++significant;
      if (significant > kMaxDigits)
        return Status::Error("amount_too_large", "more than 18 significant digits: " + quoted);
      units = units * 10 + (c - '0');
    }
  }
  Decimal d{negative ? -units : units, static_cast<int>(fraction.size())};
  // Canonical form: no trailing zeros in the fraction, so equal values look equal.
  while (d.scale > 0 && d.units % 10 == 0) {
    d.units /= 10;
    --d.scale;
  }
  return d;
}

std::string Decimal::ToString() const {
  const bool negative = units < 0;
  std::string digits = std::to_string(negative ? -units : units);
  if (scale > 0) {
    if (static_cast<int>(digits.size()) <= scale) digits.insert(0, scale - digits.size() + 1, '0');
    digits.insert(digits.size() - scale, ".");
    while (digits.back() == '0') digits.pop_back();
    if (digits.back() == '.') digits.pop_back();
  }
  return negative ? "-" + digits : digits;
}

bool Decimal::operator==(const Decimal& o) const {
  // Compare a*10^(s_max-s_a) == b*10^(s_max-s_b) in 128 bits.
  const int s = scale > o.scale ? scale : o.scale;
  return static_cast<__int128>(units) * Pow10(s - scale) == static_cast<__int128>(o.units) * Pow10(s - o.scale);
}

int64_t RoundHalfAwayFromZero(__int128 num, __int128 den) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  const bool negative = num < 0;
  const __int128 a = negative ? -num : num;
  __int128 q = a / den;
  const __int128 r = a % den;
  if (r * 2 >= den) ++q;  // half (exactly) or more: away from zero
  return static_cast<int64_t>(negative ? -q : q);
}

std::string FormatMinorAsYen(int64_t minor) {
  const bool negative = minor < 0;
  const uint64_t a = negative ? 0 - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
  std::string frac = std::to_string(a % kMinorPerYen);
  frac.insert(0, 4 - frac.size(), '0');
  return (negative ? "-" : "") + std::to_string(a / kMinorPerYen) + "." + frac;
}

std::string FormatYenGrouped(int64_t yen) {
  const bool negative = yen < 0;
  // Negate in unsigned arithmetic: well defined even for INT64_MIN.
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(yen) : static_cast<uint64_t>(yen);
  std::string s = std::to_string(magnitude);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(i, ",");
  return negative ? "-" + s : s;
}

}  // namespace gpucat
