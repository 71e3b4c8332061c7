// libFuzzer target: ParseYenText (gpucat/yen.h), the price-cell reader every
// HTML and sheet adapter uses.
//
// Invariants: errors carry one of the documented codes; an amount read is
// canonical (round-trips through its decimal text), and reading it back as
// "<amount>円" gives the same amount; a compound's second amount is only
// kept when the returned amount's tax status is stated.
#include <string>

#include "fuzz_support.h"
#include "gpucat/yen.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gpucat;
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = ParseYenText(text);
  if (!parsed.ok()) {
    namespace e = yen_error;
    FUZZ_CHECK(fuzz::OneOf(parsed.status().code(), {e::kEmptyAmount, e::kPriceOnRequest, e::kMissingCurrencyMark,
                                                    e::kUnknownCurrency, e::kAmbiguousAmount, e::kBadDigitGrouping,
                                                    e::kAmountTooLarge, e::kInvalidUtf8, e::kNonNumericPrice}),
               parsed.status().ToString());
    return 0;
  }
  const YenAmount& y = parsed.value();
  const std::string canonical = y.amount.ToString();
  auto again = ParseDecimal(canonical);
  FUZZ_CHECK(again.ok() && again.value() == y.amount, canonical);
  auto plain = ParseYenText(canonical + "円");
  FUZZ_CHECK(plain.ok() && plain.value().amount == y.amount && plain.value().tax == TaxFlag::kUnknown, canonical);
  if (y.other_amount) FUZZ_CHECK(y.tax != TaxFlag::kUnknown, canonical);
  return 0;
}
