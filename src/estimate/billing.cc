#include "estimate/billing.h"

#include <algorithm>
#include <limits>
#include <map>
#include <string>

#include "estimate/text.h"

namespace gpucat::estimate_internal {

namespace {

// Published prices above ¥1,000,000,000,000 per billing unit are out of range:
// the bound keeps price x count x quantity x tax x 3600 inside 128 bits.
constexpr Nano kMaxPriceNano = static_cast<Nano>(1'000'000'000'000LL) * 1'000'000'000LL;

Status OutOfRange(const std::string& what) {
  return Status::Error(estimate_reason::kAmountOutOfRange, what + " is too large to estimate exactly");
}

Result<Nano> PriceNano(const Offer& offer) {
  if (!offer.amount) return Status::Error(estimate_reason::kQuoteOnly, "offer " + offer.id + " has no price");
  Nano nano = offer.amount->units;
  for (int i = offer.amount->scale; i < 9; ++i) nano *= 10;
  if (nano <= 0 || nano > kMaxPriceNano) return OutOfRange("the price of offer " + offer.id);
  return nano;
}

int64_t UnitSeconds(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond:
      return 1;
    case TimeUnit::kMinute:
      return 60;
    case TimeUnit::kHour:
      return 3600;
    case TimeUnit::kDay:
      return 86400;
    case TimeUnit::kMonth:
      return 0;  // no fixed length
  }
  return 0;
}

int64_t CeilDiv(int64_t num, int64_t den) { return (num + den - 1) / den; }

struct Label {
  const char* en;
  const char* ja;
};

// Appends quantity x count x price of `offer` to the charge.
Status AddLine(Charge& charge, const Offer& offer, const char* kind, TimeUnit unit, int64_t count, Label label,
               const Usage& usage) {
  auto price = PriceNano(offer);
  if (!price.ok()) return price.status();
  auto amount = CheckedMul(price.value(), count);
  if (amount) amount = CheckedMul(*amount, usage.quantity);
  const auto total = amount ? CheckedAdd(charge.total, *amount) : std::nullopt;
  const auto minor = amount ? RoundToInt64(*amount, kNanoPerMinor) : std::nullopt;
  if (!total || !minor) return OutOfRange("the charge for offer " + offer.id);
  charge.total = *total;
  EstimateLine line;
  line.offer_id = offer.id;
  line.kind = kind;
  line.unit = unit;
  line.quantity = usage.quantity;
  line.count = count;
  line.unit_price = *offer.amount;
  line.amount_minor = *minor;
  line.en = LineText(usage.quantity, usage.per, count, unit, *offer.amount, label.en, Lang::kEn);
  line.ja = LineText(usage.quantity, usage.per, count, unit, *offer.amount, label.ja, Lang::kJa);
  charge.lines.push_back(std::move(line));
  return Status::Ok();
}

Label MeteredLabel(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond:
      return {"metered per second", "秒課金"};
    case TimeUnit::kMinute:
      return {"metered per minute", "分課金"};
    case TimeUnit::kHour:
      return {"metered per hour", "時間課金"};
    case TimeUnit::kDay:
      return {"metered per day", "日課金"};
    case TimeUnit::kMonth:
      return {"per started month", "開始月ごと"};
  }
  return {"metered", "従量課金"};
}

void Note(Charge& charge, const char* code, std::string en, std::string ja) {
  charge.notes.push_back(EstimateNote{code, std::move(en), std::move(ja)});
}

// The end of the billed period after a minimum billed duration and, for rules
// that are not month-based, a minimum term (the same local time M months on).
int64_t ApplyMinimums(Charge& charge, int64_t min_billed, int64_t min_term_months, const Usage& usage) {
  const int64_t used = usage.end - usage.start;
  int64_t end = usage.end;
  if (min_billed > used) {
    end = usage.start + min_billed;
    const std::string min = Grouped(min_billed), u = Grouped(used);
    Note(charge, "minimum_billed", min + " s minimum applied: used " + u + " s, billed " + min + " s",
         "最低課金 " + min + " 秒を適用：使用 " + u + " 秒 → 課金 " + min + " 秒");
  }
  if (min_term_months > 0) {
    const int64_t term_end = usage.calendar->AddMonths(usage.start, min_term_months);
    if (term_end > end) {
      end = term_end;
      const std::string m = Grouped(min_term_months);
      Note(charge, "minimum_term", m + "-month minimum term: billed through the same time " + m + " months on",
           "最低契約期間 " + m + " か月：" + m + " か月後の同時刻まで課金");
    }
  }
  return end;
}

}  // namespace

std::optional<Nano> CheckedMul(Nano a, Nano b) {
  Nano out = 0;
  if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
  return out;
}

std::optional<Nano> CheckedAdd(Nano a, Nano b) {
  Nano out = 0;
  if (__builtin_add_overflow(a, b, &out)) return std::nullopt;
  return out;
}

std::optional<int64_t> RoundToInt64(Nano num, Nano den) {
  if (num / den >= std::numeric_limits<int64_t>::max()) return std::nullopt;
  return RoundHalfAwayFromZero(num, den);
}

Result<Charge> BillMetered(const Offer& offer, const Usage& usage) {
  if (!offer.unit) return Status::Error(estimate_reason::kUnsupportedBilling, "offer " + offer.id + " has no unit");
  if (*offer.unit == TimeUnit::kMonth) {
    auto charge = BillPerStartedMonth(offer, usage);
    if (charge.ok()) {
      Note(charge.value(), "calendar", "a monthly price has no fixed length: billed per started calendar month",
           "月額料金は期間の長さが一定でないため、開始した暦月ごとに課金");
    }
    return charge;
  }
  Charge charge;
  const int64_t end =
      ApplyMinimums(charge, offer.min_billed_seconds.value_or(0), offer.min_term_months.value_or(0), usage);
  const TimeUnit unit = *offer.unit;
  const int64_t seconds = end - usage.start;
  const int64_t count = CeilDiv(seconds, UnitSeconds(unit));
  if (count * UnitSeconds(unit) != seconds) {
    Note(charge, "rounded_up",
         "usage rounded up to whole " + std::string(ToString(unit)) + "s: " + Grouped(seconds) + " s → " +
             DurationText(count, unit, Lang::kEn),
         "課金単位に切り上げ：" + Grouped(seconds) + " 秒 → " + DurationText(count, unit, Lang::kJa));
  }
  const Status added = AddLine(charge, offer, "usage", unit, count, MeteredLabel(unit), usage);
  if (!added.ok()) return added;
  charge.billed_unit = unit;
  charge.billed_count = count;
  return charge;
}

Result<Charge> BillPerStartedMonth(const Offer& offer, const Usage& usage) {
  if (offer.unit != TimeUnit::kMonth) {
    return Status::Error(estimate_reason::kUnsupportedBilling,
                         "per-started-month needs a monthly price; offer " + offer.id + " is per " +
                             (offer.unit ? std::string(ToString(*offer.unit)) : "?"));
  }
  Charge charge;
  // A minimum billed duration can extend the run into more months; a minimum
  // term counts months directly (below), never the same-time-M-months-on end,
  // which from a mid-month start would touch M + 1 calendar months.
  const int64_t end = ApplyMinimums(charge, offer.min_billed_seconds.value_or(0), 0, usage);
  const Calendar& cal = *usage.calendar;
  const int64_t first = cal.MonthIndex(usage.start), last = cal.MonthIndex(end - 1);
  const int64_t used = last - first + 1;
  const int64_t term = offer.min_term_months.value_or(0);
  const int64_t billed = std::max(used, term);
  const std::string u = Grouped(used);
  Note(charge, "calendar",
       "the run touches " + u + (used == 1 ? " calendar month" : " calendar months") + ", from " +
           FormatBillingInstant(cal.MonthStart(first), cal.offset()).substr(0, 7),
       "実行期間は暦月で " + u + " か月（" + FormatBillingInstant(cal.MonthStart(first), cal.offset()).substr(0, 7) +
           " から）");
  if (billed > used) {
    const std::string b = Grouped(billed), t = Grouped(term);
    Note(charge, "minimum_term",
         t + "-month minimum term: used " + DurationText(used, TimeUnit::kMonth, Lang::kEn) + ", billed " +
             DurationText(billed, TimeUnit::kMonth, Lang::kEn),
         "最低契約期間 " + t + " か月：使用 " + u + " か月 → 課金 " + b + " か月");
  }
  const Status added =
      AddLine(charge, offer, "usage", TimeUnit::kMonth, billed, {"per started month", "開始月ごと"}, usage);
  if (!added.ok()) return added;
  charge.billed_unit = TimeUnit::kMonth;
  charge.billed_count = billed;
  return charge;
}

Result<Charge> BillCappedSchedule(const std::vector<const Offer*>& tiers, const Usage& usage) {
  // The schedule: at most one listed offer per unit, all hour/day/month, all
  // sharing what is sold (per, gpus_per_unit) and the tax basis (caps compare
  // published amounts, which only means something in one basis).
  const Offer* by_unit[3] = {nullptr, nullptr, nullptr};  // hour, day, month
  for (const Offer* o : tiers) {
    const int slot = o->unit == TimeUnit::kHour    ? 0
                     : o->unit == TimeUnit::kDay   ? 1
                     : o->unit == TimeUnit::kMonth ? 2
                                                   : -1;
    if (slot < 0) {
      return Status::Error(estimate_reason::kNoSchedule,
                           "capped-schedule offer " + o->id + " is not per hour, day or month");
    }
    if (by_unit[slot]) {
      return Status::Error(
          estimate_reason::kNoSchedule,
          "two " + std::string(ToString(*o->unit)) + " prices in one schedule: " + by_unit[slot]->id + ", " + o->id);
    }
    if (o->per != tiers[0]->per || o->gpus_per_unit != tiers[0]->gpus_per_unit || o->tax != tiers[0]->tax) {
      return Status::Error(estimate_reason::kNoSchedule,
                           "offers " + tiers[0]->id + " and " + o->id + " differ in per, GPUs or tax");
    }
    by_unit[slot] = o;
  }
  const Offer *hour = by_unit[0], *day = by_unit[1], *month = by_unit[2];
  if (!hour && !day && !month) return Status::Error(estimate_reason::kNoSchedule, "no hour, day or month price");
  Nano price[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    if (!by_unit[i]) continue;
    auto p = PriceNano(*by_unit[i]);
    if (!p.ok()) return p.status();
    price[i] = p.value();
  }

  Charge charge;
  int64_t min_billed = 0, min_term = 0;
  for (const Offer* o : tiers) {
    min_billed = std::max(min_billed, o->min_billed_seconds.value_or(0));
    min_term = std::max(min_term, o->min_term_months.value_or(0));
  }
  const int64_t end = ApplyMinimums(charge, min_billed, min_term, usage);
  const Calendar& cal = *usage.calendar;

  // month index -> local day index -> started hours in that day (0 without an
  // hourly price: the day is merely touched).
  std::map<int64_t, std::map<int64_t, int64_t>> months;
  int64_t billed_hours = 0, billed_days = 0;
  if (hour) {
    billed_hours = CeilDiv(end - usage.start, 3600);
    for (int64_t k = 0; k < billed_hours; ++k) {
      const int64_t t = usage.start + 3600 * k;
      ++months[cal.MonthIndex(t)][cal.DayIndex(t)];
    }
  } else {
    for (int64_t d = cal.DayIndex(usage.start); d <= cal.DayIndex(end - 1); ++d) {
      months[cal.MonthIndex(d * 86400 - cal.offset())][d] = 0;
    }
  }

  int64_t months_at_month = 0, days_at_day = 0, hours_at_hour = 0;
  for (const auto& [month_index, days] : months) {
    if (!hour && !day) {  // a month-only schedule: the monthly price per touched month
      ++months_at_month;
      continue;
    }
    Nano month_sum = 0;
    int64_t capped_days = 0, hours_in_month = 0;
    for (const auto& [day_index, hours] : days) {
      ++billed_days;
      const Nano hourly = hour ? price[0] * hours : 0;
      if (day && (!hour || hourly >= price[1])) {
        month_sum += price[1];
        ++capped_days;
      } else {
        month_sum += hourly;
        hours_in_month += hours;
      }
    }
    if (month && month_sum >= price[2]) {
      ++months_at_month;
    } else {
      days_at_day += capped_days;
      hours_at_hour += hours_in_month;
    }
  }

  // Lines from the coarsest tier down. A tier is a "cap" when a finer price exists.
  struct Tier {
    const Offer* offer;
    TimeUnit unit;
    int64_t count;
    bool is_cap;
    Label cap, base;
  };
  const Tier lines[] = {
      {month, TimeUnit::kMonth, months_at_month, hour || day, {"monthly cap", "月額上限"}, {"monthly", "月額料金"}},
      {day, TimeUnit::kDay, days_at_day, hour != nullptr, {"daily cap", "日額上限"}, {"daily", "日額料金"}},
      {hour, TimeUnit::kHour, hours_at_hour, false, {"hourly", "時間料金"}, {"hourly", "時間料金"}},
  };
  for (const Tier& t : lines) {
    if (!t.offer || t.count == 0) continue;
    const Status added =
        AddLine(charge, *t.offer, t.is_cap ? "cap" : "usage", t.unit, t.count, t.is_cap ? t.cap : t.base, usage);
    if (!added.ok()) return added;
  }
  if (hour) {
    charge.billed_unit = TimeUnit::kHour;
    charge.billed_count = billed_hours;
    Note(charge, "calendar",
         "each started hour, counted from the start, is charged to the calendar day it starts in; daily caps "
         "apply per calendar day and monthly caps per calendar month",
         "開始時刻から数えた各時間は、その時間が始まる暦日に計上。日額上限は暦日ごと、月額上限は暦月ごとに適用");
  } else if (day) {
    charge.billed_unit = TimeUnit::kDay;
    charge.billed_count = billed_days;
    Note(charge, "calendar", "each calendar day the run touches is charged; monthly caps apply per calendar month",
         "実行が含まれる暦日ごとに課金。月額上限は暦月ごとに適用");
  } else {
    charge.billed_unit = TimeUnit::kMonth;
    charge.billed_count = static_cast<int64_t>(months.size());
  }
  return charge;
}

}  // namespace gpucat::estimate_internal
