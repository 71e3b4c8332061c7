// Exact rationals for sell-price arithmetic (internal to gpucat_pricing).
//
// num/den in 128-bit integers, den > 0, always reduced. Every operation checks
// for overflow and returns nullopt instead of wrapping, so a pathological
// input becomes "sell_price_out_of_range", never a wrong price.
// Thread-safety: values.
#pragma once

#include <cstdint>
#include <optional>

#include "gpucat/money.h"

namespace gpucat::pricing_internal {

struct Rational {
  __int128 num = 0;
  __int128 den = 1;
};

inline __int128 Abs(__int128 v) { return v < 0 ? -v : v; }

// std::gcd does not accept __int128 in strict C++20 mode.
inline __int128 Gcd(__int128 a, __int128 b) {
  a = Abs(a);
  b = Abs(b);
  while (b != 0) {
    const __int128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// num/den reduced with den > 0; nullopt when den == 0.
inline std::optional<Rational> Make(__int128 num, __int128 den) {
  if (den == 0) return std::nullopt;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  const __int128 g = Gcd(num, den);
  if (g > 1) {
    num /= g;
    den /= g;
  }
  return Rational{num, den};
}

inline __int128 Pow10(int n) {
  __int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

inline Rational FromInt(int64_t v) { return Rational{v, 1}; }
inline Rational FromDecimal(const Decimal& d) { return *Make(d.units, Pow10(d.scale)); }

inline std::optional<Rational> Mul(const Rational& a, const Rational& b) {
  // Cross-reduce first so that products stay as small as they can be.
  const __int128 g1 = Gcd(a.num, b.den), g2 = Gcd(b.num, a.den);
  const __int128 an = g1 > 1 ? a.num / g1 : a.num, bd = g1 > 1 ? b.den / g1 : b.den;
  const __int128 bn = g2 > 1 ? b.num / g2 : b.num, ad = g2 > 1 ? a.den / g2 : a.den;
  __int128 num = 0, den = 0;
  if (__builtin_mul_overflow(an, bn, &num) || __builtin_mul_overflow(ad, bd, &den)) return std::nullopt;
  return Make(num, den);
}

inline std::optional<Rational> Div(const Rational& a, const Rational& b) {
  const auto reciprocal = Make(b.den, b.num);  // nullopt when b == 0; keeps den > 0
  if (!reciprocal) return std::nullopt;
  return Mul(a, *reciprocal);
}

inline std::optional<Rational> Add(const Rational& a, const Rational& b) {
  // Over the least common denominator: price denominators are mostly powers
  // of ten (and 100+rate), so the lcm stays far smaller than the product.
  const __int128 g = Gcd(a.den, b.den);
  __int128 x = 0, y = 0, num = 0, den = 0;
  if (__builtin_mul_overflow(a.num, b.den / g, &x) || __builtin_mul_overflow(b.num, a.den / g, &y) ||
      __builtin_add_overflow(x, y, &num) || __builtin_mul_overflow(a.den / g, b.den, &den)) {
    return std::nullopt;
  }
  return Make(num, den);
}

inline std::optional<Rational> Sub(const Rational& a, const Rational& b) { return Add(a, Rational{-b.num, b.den}); }

// a < b, or nullopt on overflow.
inline std::optional<bool> Less(const Rational& a, const Rational& b) {
  __int128 x = 0, y = 0;
  if (__builtin_mul_overflow(a.num, b.den, &x) || __builtin_mul_overflow(b.num, a.den, &y)) return std::nullopt;
  return x < y;
}

// floor(v) for v >= 0.
inline __int128 FloorNonNegative(const Rational& v) { return v.num / v.den; }

}  // namespace gpucat::pricing_internal
