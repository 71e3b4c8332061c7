// Reading the cells of provider price pages: a price cell (yen text, a
// "not offered" dash, or "on request") and a GPU cell ("NVIDIA H200 ×8").
// Thread-safety: pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "gpucat/offer.h"

namespace gpucat::providers {

struct CellPrice {
  enum class Kind { kAbsent, kQuote, kListed };
  Kind kind = Kind::kAbsent;
  std::string amount;  // exact decimal text, for kListed
  std::string tax;     // "included" | "excluded" | "unknown", for kListed
};

struct CellError {
  std::string code;  // a yen_error::* code, unit_mismatch or tax_conflict
  std::string detail;
};

// `label_tax` is what the row or column label states (税込み ...), or kUnknown.
// `allowed_per` lists what may follow a slash in this column ("時間", "h");
// an empty string in it allows no slash at all.
// Absent: empty cell or a dash ("-", "—", "－", "ー"): the page publishes no
// such price, which is not an error. Quote: "要問合せ" and friends.
// The tax status: the cell's stated one, else the label's, else unknown; a
// cell that states the opposite of its label is a tax_conflict, except that
// in a compound ("11,000円(税抜価格10,000円)") the unstated main amount takes
// the label's status.
std::variant<CellPrice, CellError> ReadPriceCell(std::string_view text, TaxFlag label_tax,
                                                 const std::vector<std::string_view>& allowed_per);

// The tax status a label states: "月額費用（税込み）" -> kIncluded.
TaxFlag TaxOfLabel(std::string_view label);

struct GpuCell {
  std::string name;                  // "NVIDIA H200"
  std::optional<int64_t> count;      // 8 in "×8"; nullopt when not written
  std::optional<int64_t> memory_gb;  // 80 in "A100 80GB"
};
// "NVIDIA H200 ×8", "A100 80GB x1", "H100*2", "Ｈ２００ × ８".
GpuCell ReadGpuCell(std::string_view text);

}  // namespace gpucat::providers
