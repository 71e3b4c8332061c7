// ParseYenText (gpucat/yen.h): every accepted form and every error code.
#include "gpucat/yen.h"

#include <catch2/catch.hpp>
#include <optional>
#include <string>

using gpucat::ParseYenText;
using gpucat::TaxFlag;

namespace {

struct Good {
  const char* text;
  const char* amount;
  TaxFlag tax;
  const char* other;  // nullptr: no other amount
  TaxFlag other_tax;
  const char* per;
};

constexpr TaxFlag U = TaxFlag::kUnknown, I = TaxFlag::kIncluded, E = TaxFlag::kExcluded;

const Good kGood[] = {
    {"¥2,783,000", "2783000", U, nullptr, U, ""},
    {"￥2,783,000", "2783000", U, nullptr, U, ""},
    {"2,783,000円", "2783000", U, nullptr, U, ""},
    {"¥2783000", "2783000", U, nullptr, U, ""},
    {"  ¥ 398 ", "398", U, nullptr, U, ""},
    {"３９８円", "398", U, nullptr, U, ""},
    {"￥２，７８３，０００", "2783000", U, nullptr, U, ""},
    {"２，７８３，０００円", "2783000", U, nullptr, U, ""},
    {"¥0.016", "0.016", U, nullptr, U, ""},
    {"0.28円", "0.28", U, nullptr, U, ""},
    {"０．８３円", "0.83", U, nullptr, U, ""},
    {"¥1,234.50", "1234.5", U, nullptr, U, ""},
    {"¥2,783,000円", "2783000", U, nullptr, U, ""},
    {"11,000円(税込)", "11000", I, nullptr, U, ""},
    {"11,000円（税込）", "11000", I, nullptr, U, ""},
    {"11,000円 (税込み)", "11000", I, nullptr, U, ""},
    {"10,000円(税抜)", "10000", E, nullptr, U, ""},
    {"10,000円（税別）", "10000", E, nullptr, U, ""},
    {"1,000円+税", "1000", E, nullptr, U, ""},
    {"税込990円", "990", I, nullptr, U, ""},
    {"税込 ¥990", "990", I, nullptr, U, ""},
    {"税抜価格：900円", "900", E, nullptr, U, ""},
    {"¥990 (tax incl.)", "990", I, nullptr, U, ""},
    {"¥900 (Tax Excluded)", "900", E, nullptr, U, ""},
    // Compounds: the amount whose status is stated wins; the other is kept.
    {"500円（税込990円）", "990", I, "500", U, ""},
    {"500円(税込990円)", "990", I, "500", U, ""},
    {"11,000円(税抜価格10,000円)", "10000", E, "11000", U, ""},
    {"913円/GB (税抜830円)", "830", E, "913", U, "GB"},
    {"税込11,000円(税抜10,000円)", "11000", I, "10000", E, ""},
    {"¥398/時間", "398", U, nullptr, U, "時間"},
    {"¥398／h", "398", U, nullptr, U, "h"},
    {"２，７８３，０００円／月（税込）", "2783000", I, nullptr, U, "月"},
    {"2,783,000円（税込）／月", "2783000", I, nullptr, U, "月"},
    // Signs are kept: non-positive prices are Normalize()'s to reject.
    {"-500円", "-500", U, nullptr, U, ""},
    {"¥-500", "-500", U, nullptr, U, ""},
    {"－５００円", "-500", U, nullptr, U, ""},
    {"¥0", "0", U, nullptr, U, ""},
};

struct Bad {
  const char* text;
  const char* code;
};

const Bad kBad[] = {
    {"", "empty_amount"},
    {"   ", "empty_amount"},
    {"　", "empty_amount"},
    {"要問合せ", "price_on_request"},
    {"要問い合わせ", "price_on_request"},
    {"お問い合わせください", "price_on_request"},
    {"個別お見積り", "price_on_request"},
    {"Contact us", "price_on_request"},
    {"¥100 (要問合せ)", "ambiguous_amount"},
    {"2,783,000", "missing_currency_mark"},
    {"398", "missing_currency_mark"},
    {"$3.50", "unknown_currency"},
    {"USD 100", "unknown_currency"},
    {"100ドル", "unknown_currency"},
    {"€9", "unknown_currency"},
    {"¥50〜", "ambiguous_amount"},
    {"50円～100円", "ambiguous_amount"},
    {"50円から", "ambiguous_amount"},
    {"500円(990円)", "ambiguous_amount"},
    {"500円 990円", "ambiguous_amount"},
    {"税込500円(税込990円)", "ambiguous_amount"},
    {"税込500円(税抜)", "ambiguous_amount"},
    {"913円/GB (税抜830円/TB)", "ambiguous_amount"},
    {"1,00,0円", "bad_digit_grouping"},
    {"1,0000円", "bad_digit_grouping"},
    {"12345,678円", "bad_digit_grouping"},
    {"1.000,5円", "bad_digit_grouping"},
    {"1,000.5,0円", "bad_digit_grouping"},
    {"¥1234567890123456789", "amount_too_large"},
    {"¥0.0000000001", "amount_too_large"},
    {"\xff\xfe円", "invalid_utf8"},
    {"¥9\xe3\x81", "invalid_utf8"},
    {"\xc0\xae円", "invalid_utf8"},  // overlong
    {"¥", "non_numeric_price"},
    {"円", "non_numeric_price"},
    {"無料", "non_numeric_price"},
    {"¥abc", "non_numeric_price"},
    {"¥1.2.3", "non_numeric_price"},
    {"¥.5", "non_numeric_price"},
    {"¥5.", "non_numeric_price"},
    {"¥1e3", "non_numeric_price"},
    {"¥990 per hour", "non_numeric_price"},
    {"500円(税込990円", "non_numeric_price"},
    {"¥990(about)", "non_numeric_price"},
};

}  // namespace

TEST_CASE("ParseYenText reads every published yen form", "[provider][yen]") {
  for (const Good& g : kGood) {
    INFO("text: " << g.text);
    auto r = ParseYenText(g.text);
    REQUIRE(r.ok());
    CHECK(r.value().amount.ToString() == g.amount);
    CHECK(r.value().tax == g.tax);
    if (g.other) {
      REQUIRE(r.value().other_amount.has_value());
      CHECK(r.value().other_amount->ToString() == g.other);
      CHECK(r.value().other_tax == g.other_tax);
    } else {
      CHECK_FALSE(r.value().other_amount.has_value());
    }
    CHECK(r.value().per == g.per);
  }
}

TEST_CASE("ParseYenText rejects with a precise code", "[provider][yen]") {
  for (const Bad& b : kBad) {
    INFO("text: " << b.text);
    auto r = ParseYenText(b.text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == b.code);
    CHECK_FALSE(r.status().message().empty());
  }
}

TEST_CASE("ParseYenText keeps the amount exact (no floating point)", "[provider][yen]") {
  auto r = ParseYenText("¥0.1");
  REQUIRE(r.ok());
  CHECK(r.value().amount.units == 1);
  CHECK(r.value().amount.scale == 1);
  auto big = ParseYenText("¥123,456,789,012,345,678");  // 18 digits: the most there is
  REQUIRE(big.ok());
  CHECK(big.value().amount.ToString() == "123456789012345678");
}
