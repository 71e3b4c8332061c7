// Internal: the bilingual phrases of a breakdown ("8 instances × 4 days ×
// ¥23,100 (daily cap)" / "8 台 × 4 日 × ¥23,100（日額上限）").
// Thread-safety: pure.
#pragma once

#include <cstdint>
#include <string>

#include "gpucat/money.h"
#include "gpucat/offer.h"

namespace gpucat::estimate_internal {

enum class Lang { kEn, kJa };

// 360000 -> "360,000".
std::string Grouped(int64_t n);
// A published price: "¥23,100", "¥0.28".
std::string YenText(const Decimal& amount);
// "8 instances" / "8 台"; "1 node" / "1 ノード"; "9 GPUs" / "9 GPU".
std::string QuantityText(int64_t n, PricePer per, Lang lang);
// "60 s" / "60 秒"; "4 days" / "4 日"; "2 months" / "2 か月".
std::string DurationText(int64_t n, TimeUnit unit, Lang lang);
// A breakdown line: "<quantity> × <duration> × <price> (<label>)".
std::string LineText(int64_t quantity, PricePer per, int64_t count, TimeUnit unit, const Decimal& price,
                     const std::string& label, Lang lang);

}  // namespace gpucat::estimate_internal
