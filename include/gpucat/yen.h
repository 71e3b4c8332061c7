// Yen amounts as Japanese price pages write them.
//
// ParseYenText reads one price cell: "¥2,783,000", "2,783,000円", "￥３９８",
// "¥0.016", "11,000円(税込)", "税込990円", and compounds that state a second
// amount with its tax status: "500円（税込990円）", "11,000円(税抜価格10,000円)",
// "913円/GB (税抜830円)". Full-width digits, commas, points, parentheses, yen
// signs, slashes, minus signs and spaces are read as their ASCII forms.
//
// Which amount is returned: the one whose tax status the text STATES. In
// "500円（税込990円）" that is 990 (included), and 500 is kept as `other_amount`
// with its status unknown: the page does not say, and 500 x 1.1 != 990, so
// the status is never inferred. A compound whose second amount states no tax
// status, or whose two amounts state the same one, is ambiguous.
//
// The amount is exact (Decimal); a leading minus is kept (sanity checks, e.g.
// non-positive prices, are Normalize()'s business, not this parser's).
//
// Errors (Status code, stable, see yen_error below):
//   empty_amount          nothing but white space
//   price_on_request      "要問合せ", "お問い合わせ", "要相談", ...: no price is
//                         published (adapters turn this into a quote offer)
//   missing_currency_mark a bare number: neither ¥/￥ nor 円 says it is yen
//   unknown_currency      "$", "€", "USD", "ドル": not yen
//   ambiguous_amount      ranges or lower bounds ("¥50〜", "50~100円"), two
//                         amounts without a stated tax status each, or with
//                         the same stated status, contradictory tax words
//   bad_digit_grouping    commas not in groups of three ("1,00,0円")
//   amount_too_large      more than 18 significant digits or 9 decimals
//   invalid_utf8          the bytes are not UTF-8
//   non_numeric_price     anything else that is not one of the forms above
//
// Thread-safety: pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gpucat/money.h"
#include "gpucat/offer.h"
#include "gpucat/status.h"

namespace gpucat {

namespace yen_error {
inline constexpr const char* kEmptyAmount = "empty_amount";
inline constexpr const char* kPriceOnRequest = "price_on_request";
inline constexpr const char* kMissingCurrencyMark = "missing_currency_mark";
inline constexpr const char* kUnknownCurrency = "unknown_currency";
inline constexpr const char* kAmbiguousAmount = "ambiguous_amount";
inline constexpr const char* kBadDigitGrouping = "bad_digit_grouping";
inline constexpr const char* kAmountTooLarge = "amount_too_large";
inline constexpr const char* kInvalidUtf8 = "invalid_utf8";
inline constexpr const char* kNonNumericPrice = "non_numeric_price";
}  // namespace yen_error

struct YenAmount {
  Decimal amount;                       // the amount to use (see above)
  TaxFlag tax = TaxFlag::kUnknown;      // its stated tax status
  std::optional<Decimal> other_amount;  // the compound's other amount, if any
  TaxFlag other_tax = TaxFlag::kUnknown;
  // What the price is per, as written after a slash: "GB" in "913円/GB",
  // "時間" in "398円/時間"; empty when the text has none.
  std::string per;
};

Result<YenAmount> ParseYenText(std::string_view text);

}  // namespace gpucat
