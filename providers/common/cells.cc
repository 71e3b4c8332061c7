#include "common/cells.h"

#include <utility>

#include "common/reasons.h"
#include "common/text.h"
#include "gpucat/yen.h"

namespace gpucat::providers {

TaxFlag TaxOfLabel(std::string_view label) {
  const std::string l = FoldLabel(label);
  const bool inc = l.find("税込") != std::string::npos || l.find("内税") != std::string::npos;
  const bool exc =
      l.find("税抜") != std::string::npos || l.find("税別") != std::string::npos || l.find("外税") != std::string::npos;
  if (inc == exc) return TaxFlag::kUnknown;  // neither, or both (ambiguous)
  return inc ? TaxFlag::kIncluded : TaxFlag::kExcluded;
}

std::variant<CellPrice, CellError> ReadPriceCell(std::string_view text, TaxFlag label_tax,
                                                 const std::vector<std::string_view>& allowed_per) {
  const std::string t = CollapseSpace(text);
  for (std::string_view dash : {"", "-", "—", "–", "－", "ー", "―", "‐"}) {
    if (t == dash) return CellPrice{};
  }
  Result<YenAmount> yen = ParseYenText(t);
  if (!yen.ok()) {
    if (yen.status().code() == yen_error::kPriceOnRequest) return CellPrice{CellPrice::Kind::kQuote, "", ""};
    return CellError{yen.status().code(), "\"" + t + "\": " + yen.status().message()};
  }
  const YenAmount& y = yen.value();
  if (!y.per.empty()) {
    bool ok = false;
    for (std::string_view p : allowed_per) ok = ok || (!p.empty() && FoldLabel(p) == FoldLabel(y.per));
    if (!ok) return CellError{reason::kUnitMismatch, "\"" + t + "\": per \"" + y.per + "\" does not fit this column"};
  }
  Decimal amount = y.amount;
  TaxFlag tax = y.tax;
  if (label_tax != TaxFlag::kUnknown) {
    if (tax == TaxFlag::kUnknown) {
      tax = label_tax;
    } else if (tax != label_tax) {
      if (y.other_amount && y.other_tax == TaxFlag::kUnknown) {
        amount = *y.other_amount;  // the main amount is the one the label describes
        tax = label_tax;
      } else {
        return CellError{reason::kTaxConflict, "\"" + t + "\" states " + std::string(ToString(tax)) +
                                                   " tax under a label that says " + std::string(ToString(label_tax))};
      }
    }
  }
  return CellPrice{CellPrice::Kind::kListed, amount.ToString(), std::string(ToString(tax))};
}

GpuCell ReadGpuCell(std::string_view text) {
  GpuCell out;
  const std::string t = CollapseSpace(text);
  // Find the last count marker: "×" (U+00D7), "x", "X", "*", "＊" followed by a count.
  static const std::string_view kMarkers[] = {"×", "＊", "x", "X", "*"};
  size_t best = std::string::npos, best_len = 0;
  for (std::string_view m : kMarkers) {
    const size_t at = t.rfind(m);
    if (at != std::string::npos && (best == std::string::npos || at > best)) best = at, best_len = m.size();
  }
  std::string name = t;
  if (best != std::string::npos && best > 0) {
    if (std::optional<int64_t> n = ParseCount(t.substr(best + best_len))) {
      out.count = n;
      name = CollapseSpace(t.substr(0, best));
    }
  }
  out.name = name;
  // A memory size written in the name: a token "<n>GB".
  size_t start = 0;
  while (start < name.size()) {
    size_t end = name.find(' ', start);
    if (end == std::string::npos) end = name.size();
    if (std::optional<int64_t> gb = ParseCount(name.substr(start, end - start), "gb")) out.memory_gb = gb;
    start = end + 1;
  }
  return out;
}

}  // namespace gpucat::providers
