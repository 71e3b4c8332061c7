// Internal: the billing calendar, a fixed offset from UTC (JST: +09:00, no DST).
// Days and months are local calendar days and months; instants are epoch seconds.
// Thread-safety: pure.
#pragma once

#include <cstdint>
#include <string>

namespace gpucat::estimate_internal {

class Calendar {
 public:
  explicit Calendar(int64_t utc_offset_seconds) : offset_(utc_offset_seconds) {}
  int64_t offset() const { return offset_; }

  // Local days since 1970-01-01 of the day holding instant t.
  int64_t DayIndex(int64_t t) const;
  // year * 12 + (month - 1) of the local month holding instant t.
  int64_t MonthIndex(int64_t t) const;
  // The first instant of the local month `month_index`.
  int64_t MonthStart(int64_t month_index) const;
  // The same local day and time `months` later; a day past the end of the
  // target month is clamped to its last day (Jan 31 + 1 month = Feb 28/29).
  int64_t AddMonths(int64_t t, int64_t months) const;

 private:
  int64_t offset_;
};

// Floor division for possibly negative numerators (den > 0).
inline int64_t FloorDiv(int64_t num, int64_t den) {
  const int64_t q = num / den;
  return (num % den != 0 && num < 0) ? q - 1 : q;
}

}  // namespace gpucat::estimate_internal
