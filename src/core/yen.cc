// ParseYenText: see gpucat/yen.h for the accepted forms and error codes.
//
// Implementation: decode UTF-8 strictly into code points, fold full-width and
// typographic variants to ASCII, then read the text with a small
// recursive-descent parser:
//
//   text   := [taxword [':']] money [per] [taxword] ['(' inner ')'] [per] END
//   inner  := taxword [':'] [money [per]]
//   money  := ['-'] ['¥'] ['-'] number ['円']      (¥ or 円 required)
//   number := digits (',' 3digits)* ['.' digits]  |  digits ['.' digits]
//   per    := '/' text up to '(' or END
#include "gpucat/yen.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <utility>

#include "gpucat/utf8.h"

namespace gpucat {
namespace {

using U32 = std::u32string;

// Full-width and typographic variants -> the ASCII (or canonical) character.
char32_t Fold(char32_t c) {
  if (c >= U'０' && c <= U'９') return U'0' + (c - U'０');
  switch (c) {
    case U'，':
      return U',';
    case U'．':
      return U'.';
    case U'（':
      return U'(';
    case U'）':
      return U')';
    case U'￥':
      return U'¥';
    case U'／':
      return U'/';
    case U'－':
    case U'−':
    case U'‐':
      return U'-';
    case U'：':
      return U':';
    case U'＋':
      return U'+';
    case U'～':
    case U'〜':
      return U'~';
    case U'　':
    case U'\u00A0':
    case U'\t':
    case U'\r':
    case U'\n':
      return U' ';
    case U'＄':
      return U'$';
    default:
      return c;
  }
}

char32_t LowerAscii(char32_t c) { return (c >= U'A' && c <= U'Z') ? c + 32 : c; }

bool Contains(const U32& hay, std::u32string_view needle) { return hay.find(needle) != U32::npos; }

bool HasDigit(const U32& s) {
  return std::any_of(s.begin(), s.end(), [](char32_t c) { return c >= U'0' && c <= U'9'; });
}

struct TaxWord {
  std::u32string_view text;  // ASCII parts lower-case; matched case-insensitively
  TaxFlag flag;
};
// Longest first, so that "税込み価格" wins over "税込".
constexpr std::array<TaxWord, 20> kTaxWords{{
    {U"tax excluded", TaxFlag::kExcluded}, {U"tax included", TaxFlag::kIncluded}, {U"tax excl.", TaxFlag::kExcluded},
    {U"tax incl.", TaxFlag::kIncluded},    {U"excl. tax", TaxFlag::kExcluded},    {U"incl. tax", TaxFlag::kIncluded},
    {U"tax excl", TaxFlag::kExcluded},     {U"tax incl", TaxFlag::kIncluded},     {U"税抜き価格", TaxFlag::kExcluded},
    {U"税込み価格", TaxFlag::kIncluded},   {U"税抜価格", TaxFlag::kExcluded},     {U"税込価格", TaxFlag::kIncluded},
    {U"税抜き", TaxFlag::kExcluded},       {U"税込み", TaxFlag::kIncluded},       {U"税抜", TaxFlag::kExcluded},
    {U"税込", TaxFlag::kIncluded},         {U"税別", TaxFlag::kExcluded},         {U"外税", TaxFlag::kExcluded},
    {U"内税", TaxFlag::kIncluded},         {U"+税", TaxFlag::kExcluded},
}};

constexpr std::array<std::u32string_view, 12> kOnRequestWords{U"要問合せ", U"要問い合わせ", U"問い合わせ", U"問合せ",
                                                              U"問合わせ", U"要相談",       U"応相談",     U"見積",
                                                              U"お見積",   U"on request",   U"contact",    U"quote"};

constexpr std::array<std::u32string_view, 7> kForeignCurrency{U"$", U"€", U"usd", U"eur", U"ドル", U"ユーロ", U"£"};

// Words that make an amount a bound, not a price.
constexpr std::array<std::u32string_view, 6> kBoundWords{U"~", U"から", U"より", U"以上", U"以下", U"up to"};

Status Err(const char* code, std::string message) { return Status::Error(code, std::move(message)); }

class Reader {
 public:
  explicit Reader(const U32& s) : s_(s) {}

  bool AtEnd() const { return i_ >= s_.size(); }
  char32_t Peek() const { return AtEnd() ? U'\0' : s_[i_]; }
  bool Consume(char32_t c) {
    if (Peek() != c) return false;
    ++i_;
    return true;
  }
  void SkipSpace() {
    while (!AtEnd() && s_[i_] == U' ') ++i_;
  }
  U32 Rest() const { return s_.substr(std::min(i_, s_.size())); }

  // A tax word at the cursor (consumed), or nullopt (nothing consumed).
  std::optional<TaxFlag> TaxWordHere() {
    for (const TaxWord& w : kTaxWords) {
      if (i_ + w.text.size() > s_.size()) continue;
      bool eq = true;
      for (size_t k = 0; k < w.text.size(); ++k) {
        if (LowerAscii(s_[i_ + k]) != w.text[k]) {
          eq = false;
          break;
        }
      }
      if (eq) {
        i_ += w.text.size();
        return w.flag;
      }
    }
    return std::nullopt;
  }

  // money := ['-'] ['¥'] ['-'] number ['円']
  Result<Decimal> Money() {
    bool negative = Consume(U'-');
    SkipSpace();
    const bool yen_prefix = Consume(U'¥');
    SkipSpace();
    if (!negative) negative = Consume(U'-');
    std::string digits;
    bool seen_point = false;
    size_t group = 0;  // digits since the last comma (or start)
    int commas = 0;
    size_t first_group = 0;  // digits before the first comma
    while (!AtEnd()) {
      const char32_t c = Peek();
      if (c >= U'0' && c <= U'9') {
        digits.push_back(static_cast<char>(c));
        ++group;
      } else if (c == U',') {
        if (seen_point) return Err(yen_error::kBadDigitGrouping, "comma after the decimal point");
        if (commas == 0) {
          first_group = group;
          if (first_group == 0 || first_group > 3) {
            return Err(yen_error::kBadDigitGrouping, "first digit group must have 1 to 3 digits");
          }
        } else if (group != 3) {
          return Err(yen_error::kBadDigitGrouping, "digit groups after a comma must have 3 digits");
        }
        ++commas;
        group = 0;
      } else if (c == U'.') {
        if (seen_point) return Err(yen_error::kNonNumericPrice, "two decimal points");
        if (commas > 0 && group != 3) {
          return Err(yen_error::kBadDigitGrouping, "digit groups after a comma must have 3 digits");
        }
        seen_point = true;
        digits.push_back('.');
        group = 0;
        commas = -1000;  // grouping is checked; no more commas allowed
      } else {
        break;
      }
      ++i_;
    }
    if (commas > 0 && group != 3) {
      return Err(yen_error::kBadDigitGrouping, "digit groups after a comma must have 3 digits");
    }
    if (digits.empty() || digits == "." || digits.front() == '.' || digits.back() == '.') {
      return Err(yen_error::kNonNumericPrice, "no amount where one was expected");
    }
    SkipSpace();
    const bool yen_suffix = Consume(U'円');
    if (!yen_prefix && !yen_suffix) {
      return Err(yen_error::kMissingCurrencyMark, "an amount with neither ¥ nor 円");
    }
    Result<Decimal> d = ParseDecimal((negative ? "-" : "") + digits);
    if (!d.ok()) {
      if (d.status().code() == "amount_too_large") {
        return Err(yen_error::kAmountTooLarge, d.status().message());
      }
      return Err(yen_error::kNonNumericPrice, d.status().message());
    }
    return d;
  }

  // per := '/' text up to '(' or the end; returns "" when there is no '/'.
  std::string Per() {
    if (!Consume(U'/')) return "";
    U32 out;
    while (!AtEnd() && Peek() != U'(') out.push_back(s_[i_++]);
    while (!out.empty() && out.back() == U' ') out.pop_back();
    while (!out.empty() && out.front() == U' ') out.erase(out.begin());
    std::string utf8;
    for (char32_t c : out) AppendUtf8(utf8, c);
    return utf8;
  }

 private:
  const U32& s_;
  size_t i_ = 0;
};

// Merges a stated tax word into `tax`; false when it contradicts it.
bool MergeTax(TaxFlag& tax, TaxFlag stated) {
  if (tax != TaxFlag::kUnknown && tax != stated) return false;
  tax = stated;
  return true;
}

}  // namespace

Result<YenAmount> ParseYenText(std::string_view text) {
  U32 raw;
  if (!DecodeUtf8(text, raw)) return Err(yen_error::kInvalidUtf8, "the text is not valid UTF-8");
  U32 s;
  s.reserve(raw.size());
  for (char32_t c : raw) s.push_back(Fold(c));
  // Trim, and collapse runs of spaces so that word matching sees one space.
  U32 t;
  for (char32_t c : s) {
    if (c == U' ' && (t.empty() || t.back() == U' ')) continue;
    t.push_back(c);
  }
  while (!t.empty() && t.back() == U' ') t.pop_back();
  if (t.empty()) return Err(yen_error::kEmptyAmount, "no text");

  U32 lower;
  for (char32_t c : t) lower.push_back(LowerAscii(c));
  for (std::u32string_view w : kOnRequestWords) {
    if (Contains(lower, w)) {
      if (HasDigit(t)) return Err(yen_error::kAmbiguousAmount, "an amount mixed with 'on request'");
      return Err(yen_error::kPriceOnRequest, "the price is given on request");
    }
  }
  for (std::u32string_view w : kForeignCurrency) {
    if (Contains(lower, w)) return Err(yen_error::kUnknownCurrency, "not a yen amount");
  }
  for (std::u32string_view w : kBoundWords) {
    if (Contains(lower, w)) return Err(yen_error::kAmbiguousAmount, "a range or bound, not a price");
  }

  Reader r(t);
  TaxFlag tax = TaxFlag::kUnknown;
  if (auto w = r.TaxWordHere()) {
    tax = *w;
    r.SkipSpace();
    r.Consume(U':');
    r.SkipSpace();
  }
  Result<Decimal> first = r.Money();
  if (!first.ok()) return first.status();
  r.SkipSpace();
  YenAmount out;
  out.per = r.Per();
  r.SkipSpace();
  if (auto w = r.TaxWordHere()) {
    if (!MergeTax(tax, *w)) return Err(yen_error::kAmbiguousAmount, "contradictory tax words");
    r.SkipSpace();
  }

  std::optional<Decimal> second;
  TaxFlag second_tax = TaxFlag::kUnknown;
  if (r.Consume(U'(')) {
    r.SkipSpace();
    std::optional<TaxFlag> w = r.TaxWordHere();
    if (!w) {
      if (HasDigit(r.Rest())) {
        return Err(yen_error::kAmbiguousAmount, "a second amount that states no tax status");
      }
      return Err(yen_error::kNonNumericPrice, "unexpected text in parentheses");
    }
    r.SkipSpace();
    r.Consume(U':');
    r.SkipSpace();
    if (r.Consume(U')')) {
      if (!MergeTax(tax, *w)) return Err(yen_error::kAmbiguousAmount, "contradictory tax words");
    } else {
      Result<Decimal> alt = r.Money();
      if (!alt.ok()) return alt.status();
      r.SkipSpace();
      const std::string alt_per = r.Per();
      if (!alt_per.empty() && !out.per.empty() && alt_per != out.per) {
        return Err(yen_error::kAmbiguousAmount, "the two amounts are per different things");
      }
      if (out.per.empty()) out.per = alt_per;
      r.SkipSpace();
      if (!r.Consume(U')')) return Err(yen_error::kNonNumericPrice, "unclosed parenthesis");
      if (tax == *w) return Err(yen_error::kAmbiguousAmount, "both amounts state the same tax status");
      second = alt.value();
      second_tax = *w;
    }
  }
  r.SkipSpace();
  if (out.per.empty() && r.Peek() == U'/') out.per = r.Per();  // "2,783,000円（税込）／月"
  if (!r.AtEnd()) {
    const char32_t next = r.Peek();
    if ((next >= U'0' && next <= U'9') || next == U'¥' || next == U'-') {
      return Err(yen_error::kAmbiguousAmount, "more than one amount");
    }
    return Err(yen_error::kNonNumericPrice, "unexpected text after the amount");
  }

  if (tax != TaxFlag::kUnknown || !second) {
    out.amount = first.value();
    out.tax = tax;
    out.other_amount = second;
    out.other_tax = second_tax;
  } else {
    // Only the parenthesised amount states its status: that is the one to use.
    out.amount = *second;
    out.tax = second_tax;
    out.other_amount = first.value();
    out.other_tax = TaxFlag::kUnknown;
  }
  return out;
}

}  // namespace gpucat
