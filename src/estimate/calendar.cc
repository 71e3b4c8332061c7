#include "estimate/calendar.h"

#include <chrono>
#include <cstdio>
#include <string>

#include "gpucat/estimate.h"

namespace gpucat {
namespace estimate_internal {

namespace {
using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr int64_t kDay = 86400;

year_month_day CivilOfDay(int64_t day_index) { return year_month_day{sys_days{days{day_index}}}; }
int64_t DayOfCivil(const year_month_day& ymd) { return sys_days{ymd}.time_since_epoch().count(); }
int64_t IndexOf(const year_month_day& ymd) {
  return static_cast<int>(ymd.year()) * 12LL + static_cast<unsigned>(ymd.month()) - 1;
}
year_month_day FirstOf(int64_t month_index) {
  const int64_t y = FloorDiv(month_index, 12);
  const unsigned m = static_cast<unsigned>(month_index - y * 12) + 1;
  return year_month_day{std::chrono::year{static_cast<int>(y)}, std::chrono::month{m}, std::chrono::day{1}};
}
}  // namespace

int64_t Calendar::DayIndex(int64_t t) const { return FloorDiv(t + offset_, kDay); }

int64_t Calendar::MonthIndex(int64_t t) const { return IndexOf(CivilOfDay(DayIndex(t))); }

int64_t Calendar::MonthStart(int64_t month_index) const { return DayOfCivil(FirstOf(month_index)) * kDay - offset_; }

int64_t Calendar::AddMonths(int64_t t, int64_t months) const {
  const int64_t day = DayIndex(t);
  const int64_t time_of_day = t + offset_ - day * kDay;
  const year_month_day ymd = CivilOfDay(day);
  const year_month_day first = FirstOf(IndexOf(ymd) + months);
  const std::chrono::year_month_day_last last{first.year(), std::chrono::month_day_last{first.month()}};
  const unsigned want = static_cast<unsigned>(ymd.day());
  const unsigned max = static_cast<unsigned>(last.day());
  const year_month_day target{first.year(), first.month(), std::chrono::day{want < max ? want : max}};
  return DayOfCivil(target) * kDay + time_of_day - offset_;
}

}  // namespace estimate_internal

namespace {
// Reads exactly `n` ASCII digits at s[pos]; -1 if they are not all digits.
int Digits(const std::string& s, size_t pos, size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}
}  // namespace

std::optional<int64_t> ParseBillingInstant(const std::string& s, int64_t utc_offset_seconds) {
  // YYYY-MM-DD[(T|t| )HH:MM[:SS][Z|z|(+|-)HH:MM]]
  const int y = Digits(s, 0, 4), mo = Digits(s, 5, 2), d = Digits(s, 8, 2);
  if (y < 0 || mo < 0 || d < 0 || s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  int h = 0, mi = 0, sec = 0;
  int64_t offset = utc_offset_seconds;
  size_t pos = 10;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
    h = Digits(s, pos + 1, 2);
    mi = Digits(s, pos + 4, 2);
    if (h < 0 || mi < 0 || s.size() < pos + 6 || s[pos + 3] != ':' || h > 23 || mi > 59) return std::nullopt;
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      sec = Digits(s, pos + 1, 2);
      if (sec < 0 || sec > 59) return std::nullopt;
      pos += 3;
    }
    if (pos < s.size()) {
      const std::string zone = s.substr(pos);
      if (zone == "Z" || zone == "z") {
        offset = 0;
      } else if ((zone[0] == '+' || zone[0] == '-') && zone.size() == 6 && zone[3] == ':') {
        const int oh = Digits(zone, 1, 2), om = Digits(zone, 4, 2);
        if (oh < 0 || om < 0 || oh > 23 || om > 59) return std::nullopt;
        offset = (zone[0] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
      } else {
        return std::nullopt;
      }
    }
  }
  const int64_t day = std::chrono::sys_days{ymd}.time_since_epoch().count();
  return day * 86400 + h * 3600 + mi * 60 + sec - offset;
}

std::string FormatBillingInstant(int64_t t, int64_t utc_offset_seconds) {
  using estimate_internal::FloorDiv;
  const int64_t local = t + utc_offset_seconds;
  const int64_t day = FloorDiv(local, 86400);
  const int64_t tod = local - day * 86400;
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day}}};
  const int64_t off = utc_offset_seconds < 0 ? -utc_offset_seconds : utc_offset_seconds;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<int>(tod / 3600),
                static_cast<int>(tod / 60 % 60), static_cast<int>(tod % 60), utc_offset_seconds < 0 ? '-' : '+',
                static_cast<int>(off / 3600), static_cast<int>(off / 60 % 60));
  return buf;
}

}  // namespace gpucat
