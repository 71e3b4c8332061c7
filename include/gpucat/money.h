// Exact money. No floating point touches a price anywhere in gpucat.
//
// Two representations:
//  * Decimal: a published amount exactly as written ("990", "0.016",
//    "2783000"): an integer mantissa and a power-of-ten scale.
//  * Minor units: normalized prices are int64 counts of 1/10,000 JPY
//    (kMinorPerYen). ¥0.016/second = ¥57.6/hour = 576,000 minor units, so
//    per-second prices normalize to per-hour prices without loss.
//
// Normalization (see README "Normalization rules") computes an exact rational
// (numerator/denominator in 128-bit integers) and rounds it ONCE to minor units,
// half away from zero. Intermediate steps are never rounded.
//
// Thread-safety: pure functions and values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "gpucat/status.h"

namespace gpucat {

// Normalized prices are integers in 1/10,000 JPY.
inline constexpr int64_t kMinorPerYen = 10000;

// An exact decimal amount: units / 10^scale, 0 <= scale <= 9.
struct Decimal {
  int64_t units = 0;
  int scale = 0;

  // Canonical text: no exponent, no trailing zeros after the point
  // ("0.016", "990", "-1.5"). Round-trips through ParseDecimal.
  std::string ToString() const;
  bool operator==(const Decimal& o) const;  // by value: 1.50 == 1.5
};

// Parses a plain ASCII decimal: optional '-', digits, optional '.' and digits.
// At most 18 significant digits and 9 after the point.
// Errors (Status code): "empty_amount", "non_numeric_amount" (anything else,
// including "1e3", " 1", "1,000", "0x10", full-width digits), "amount_too_large".
// Provider-specific spellings (¥, 円, commas, 全角) are the adapters' business
// (see ParseYenText in gpucat/yen.h); this parser is strict on purpose.
Result<Decimal> ParseDecimal(std::string_view text);

// Rounds num/den (den > 0) to the nearest integer, halves away from zero.
int64_t RoundHalfAwayFromZero(__int128 num, __int128 den);

// Formats minor units as yen with 4 decimals: 576000 -> "57.6000".
std::string FormatMinorAsYen(int64_t minor);

// Formats whole yen with thousands separators: 2783000 -> "2,783,000".
std::string FormatYenGrouped(int64_t yen);

// The consumption-tax rule in force. A parameter, dated, so that a future rate
// change is a configuration change rather than a code change.
struct TaxRule {
  int64_t rate_percent = 10;  // 10% standard rate
  std::string effective_from = "2019-10-01";
};
inline const TaxRule kJapanStandardTax{};

}  // namespace gpucat
