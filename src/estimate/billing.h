// Internal: the three billing rules (schema/README.md "Billing rules"), each a
// pure function from published prices and a run to an exact charge.
//
// Money here is nano-yen (1e-9 JPY) in 128-bit integers: every Decimal
// (scale <= 9) is an exact integer there, so charges are summed without any
// rounding. Conversion to 1/10,000 JPY happens once, in the engine.
// Expected failures are Status values whose code is an estimate_reason::*.
// Thread-safety: pure.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "estimate/calendar.h"
#include "gpucat/estimate.h"

namespace gpucat::estimate_internal {

using Nano = __int128;
inline constexpr int64_t kNanoPerMinor = 100000;  // 1e-9 JPY per 1e-4 JPY

// a x b and a + b, or nullopt on 128-bit overflow.
std::optional<Nano> CheckedMul(Nano a, Nano b);
std::optional<Nano> CheckedAdd(Nano a, Nano b);
// num/den (both >= 0, den > 0) rounded half away from zero, or nullopt when
// the result does not fit int64.
std::optional<int64_t> RoundToInt64(Nano num, Nano den);

// The run as one offer group bills it.
struct Usage {
  int64_t start = 0, end = 0;  // [start, end)
  int64_t quantity = 0;        // what prices multiply: units, or GPUs when priced per GPU
  PricePer per = PricePer::kInstance;
  const Calendar* calendar = nullptr;
};

// An exact charge in the published tax basis, with its breakdown.
struct Charge {
  std::vector<EstimateLine> lines;
  std::vector<EstimateNote> notes;
  TimeUnit billed_unit = TimeUnit::kHour;
  int64_t billed_count = 0;
  Nano total = 0;  // nano-yen, exact
};

// metered: quantity x ceil(max(used, min_billed_seconds, min term) / unit)
// x price. A monthly unit has no fixed length: billed as per-started-month.
Result<Charge> BillMetered(const Offer& offer, const Usage& usage);

// per-started-month: quantity x max(calendar months the run touches,
// min_term_months) x monthly price. Needs unit == month.
Result<Charge> BillPerStartedMonth(const Offer& offer, const Usage& usage);

// capped-schedule over the hour / day / month offers of one group: each started
// hour (counted from the start) is charged to the calendar day it starts in; a
// day's hours are capped at the daily price, a calendar month's charges at the
// monthly price. Any tier may be missing (no cap at that level, or the next
// tier is the base rate); all of them missing is "no_schedule".
Result<Charge> BillCappedSchedule(const std::vector<const Offer*>& tiers, const Usage& usage);

}  // namespace gpucat::estimate_internal
