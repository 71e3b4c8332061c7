#include "common/text.h"

#include <limits>
#include <string>

#include "gpucat/utf8.h"

namespace gpucat::providers {
namespace {

// Decodes the code point at s[i] (advancing i); invalid bytes decode to
// themselves one at a time so that callers never loop forever.
char32_t Next(std::string_view s, size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  int extra = b0 >= 0xF0 ? 3 : b0 >= 0xE0 ? 2 : b0 >= 0xC0 ? 1 : 0;
  if (b0 >= 0x80 && b0 < 0xC0) extra = 0;
  if (i + static_cast<size_t>(extra) >= s.size() && extra > 0) extra = 0;
  char32_t cp = extra == 0 ? b0 : extra == 1 ? (b0 & 0x1F) : extra == 2 ? (b0 & 0x0F) : (b0 & 0x07);
  for (int k = 1; k <= extra; ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
  }
  i += 1 + static_cast<size_t>(extra);
  return cp;
}

bool IsSpace(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\f' || c == U'\v' || c == 0xA0 || c == 0x3000;
}

// Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic
// Gregorian date.
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool Digits(std::string_view s, size_t pos, size_t n, int64_t& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t k = 0; k < n; ++k) {
    const char c = s[pos + k];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

}  // namespace

std::string CollapseSpace(std::string_view s) {
  std::string out;
  bool pending_space = false;
  size_t i = 0;
  while (i < s.size()) {
    const char32_t c = Next(s, i);
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    AppendUtf8(out, c);
  }
  return out;
}

std::string FoldLabel(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    char32_t c = Next(s, i);
    if (IsSpace(c)) continue;
    if (c >= 0xFF01 && c <= 0xFF5E) c = c - 0xFF01 + 0x21;
    if (c >= U'A' && c <= U'Z') c = c + 32;
    AppendUtf8(out, c);
  }
  return out;
}

std::optional<int64_t> ParseCount(std::string_view s, std::string_view suffix) {
  const std::string folded = FoldLabel(s);
  const std::string want = FoldLabel(suffix);
  if (folded.size() < want.size() || folded.compare(folded.size() - want.size(), want.size(), want) != 0) {
    return std::nullopt;
  }
  const std::string_view num(folded.data(), folded.size() - want.size());
  if (num.empty()) return std::nullopt;
  int64_t value = 0;
  size_t group = 0;
  bool comma = false;
  for (size_t k = 0; k < num.size(); ++k) {
    const char c = num[k];
    if (c == ',') {
      if (k == 0 || (comma && group != 3) || (!comma && group > 3)) return std::nullopt;
      comma = true;
      group = 0;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (value > (std::numeric_limits<int64_t>::max() - (c - '0')) / 10) return std::nullopt;
    value = value * 10 + (c - '0');
    ++group;
  }
  if (comma && group != 3) return std::nullopt;
  return value;
}

std::optional<int64_t> ParseRfc3339(std::string_view s) {
  int64_t y, mo, d;
  if (!Digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, mo) || s[7] != '-' ||
      !Digits(s, 8, 2, d)) {
    return std::nullopt;
  }
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] || (mo == 2 && d == 29 && !leap)) {
    return std::nullopt;
  }
  const int64_t days = DaysFromCivil(y, mo, d);
  if (s.size() == 10) return days * 86400;
  int64_t h, mi, se;
  if ((s[10] != 'T' && s[10] != 't') || !Digits(s, 11, 2, h) || s.size() < 19 || s[13] != ':' ||
      !Digits(s, 14, 2, mi) || s[16] != ':' || !Digits(s, 17, 2, se) || h > 23 || mi > 59 || se > 60) {
    return std::nullopt;
  }
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {  // fractional seconds: read, ignored
    ++pos;
    const size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  int64_t offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int64_t oh, om;
    if (!Digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !Digits(s, pos + 4, 2, om) ||
        oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = (oh * 3600 + om * 60) * (s[pos] == '+' ? 1 : -1);
    pos += 6;
  } else {
    return std::nullopt;  // a timestamp without a zone is ambiguous
  }
  if (pos != s.size()) return std::nullopt;
  return days * 86400 + h * 3600 + mi * 60 + se - offset;
}

}  // namespace gpucat::providers
