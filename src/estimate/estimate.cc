// The engine: groups offers, checks whether each group can serve the request,
// bills it with its rule (billing.cc), and turns the exact charge into totals.
#include "gpucat/estimate.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <variant>

#include "estimate/billing.h"
#include "estimate/text.h"

namespace gpucat {

using estimate_internal::Calendar;
using estimate_internal::Charge;
using estimate_internal::Grouped;
using estimate_internal::Lang;
using estimate_internal::Nano;
using estimate_internal::Usage;

namespace {

struct Context {
  const EstimateRequest& request;
  const EstimatePeriod& period;
  const EstimateOptions& options;
  const Calendar& calendar;
};

EstimateNote MakeNote(const char* code, std::string en, std::string ja) {
  return EstimateNote{code, std::move(en), std::move(ja)};
}

int64_t DomainGpus(const Offer& o) { return o.nvlink_domain_gpus.value_or(o.gpus_per_unit); }

// The group's identity, copied into an Estimate or an Unserviceable.
template <class T>
void Describe(T& out, const Offer& o, const std::vector<const StoredOffer*>& members) {
  out.group_id = o.group_id.empty() ? o.id : o.group_id;
  out.provider = o.provider;
  out.product = o.product;
  out.plan = o.plan;
  out.display_name = o.display_name;
  out.zone = o.zone;
  for (const StoredOffer* m : members) out.offer_ids.push_back(m->offer.id);
}

// How N GPUs map onto what the offer sells.
void SetQuantity(Estimate& e, const Offer& o, int64_t n) {
  e.per = o.per;
  e.gpus_per_unit = o.gpus_per_unit;
  e.domain_gpus = DomainGpus(o);
  e.units = (n + o.gpus_per_unit - 1) / o.gpus_per_unit;
  if (o.per == PricePer::kGpu) {  // sold per GPU: N GPUs directly
    e.billed_quantity = n;
    e.gpus_billed = n;
    e.notes.push_back(MakeNote("units", Grouped(n) + " GPUs, priced per GPU", Grouped(n) + " GPU（GPU 単位の料金）"));
    return;
  }
  e.billed_quantity = e.units;
  e.gpus_billed = e.units * o.gpus_per_unit;
  const int64_t idle = e.gpus_billed - n;
  const std::string g = Grouped(o.gpus_per_unit);
  std::string en = Grouped(n) + " GPUs → " + estimate_internal::QuantityText(e.units, o.per, Lang::kEn) + " of " + g +
                   (o.gpus_per_unit == 1 ? " GPU" : " GPUs");
  std::string ja = Grouped(n) + " GPU → " + g + " GPU × " + estimate_internal::QuantityText(e.units, o.per, Lang::kJa);
  if (idle > 0) {
    en += " (" + Grouped(e.gpus_billed) + " GPUs billed, " + Grouped(idle) + " idle)";
    ja += "（" + Grouped(e.gpus_billed) + " GPU 分を課金、" + Grouped(idle) + " GPU は未使用）";
  }
  e.notes.push_back(MakeNote("units", std::move(en), std::move(ja)));
}

// Warnings that do not change the total but a buyer must see.
void AddWarnings(Estimate& e, const std::vector<const StoredOffer*>& used, const Context& ctx) {
  const std::string rate = std::to_string(ctx.options.tax.rate_percent);
  if (e.published_tax == TaxFlag::kIncluded) {
    e.notes.push_back(MakeNote(
        "tax",
        "published prices include " + rate + "% consumption tax; the ex-tax total is derived once from the exact total",
        "公表価格は税込（" + rate + "%）。税抜合計は正確な合計から一度だけ算出"));
  } else if (e.published_tax == TaxFlag::kExcluded) {
    e.notes.push_back(
        MakeNote("tax", "published prices exclude consumption tax; " + rate + "% is added once to the exact total",
                 "公表価格は税抜。消費税 " + rate + "% は正確な合計に一度だけ加算"));
  } else {
    e.notes.push_back(MakeNote(
        "tax_assumed", "the provider does not say whether tax is included: read as excluded (never understates cost)",
        "税込・税抜の記載なし：税抜として扱う（費用を過小評価しないため）"));
  }
  if (ctx.request.same_domain && e.units > 1 && e.per != PricePer::kGpu) {
    e.notes.push_back(MakeNote(
        "domain",
        "assumes the provider places all " + Grouped(e.units) + " units in one " + Grouped(e.domain_gpus) +
            "-GPU NVLink domain",
        Grouped(e.units) + " ユニットを同じ " + Grouped(e.domain_gpus) + " GPU の NVLink ドメインに配置できる前提"));
  }
  for (const StoredOffer* so : used) {
    const Offer& o = so->offer;
    if (so->stale) {
      e.stale = true;
      e.notes.push_back(MakeNote(
          "stale",
          "offer " + o.id + ": its source has not been read within the staleness limit; the price may be out of date",
          "オファー " + o.id + "：情報が古く、価格が変わっている可能性があります"));
    }
    if (o.availability == Availability::kSoldOut) {
      e.notes.push_back(MakeNote("sold_out", "offer " + o.id + " was sold out when last observed",
                                 "オファー " + o.id + "：在庫切れ（最終確認時）"));
    }
    if (o.units_free && *o.units_free < e.units) {
      e.notes.push_back(MakeNote(
          "units_free", "only " + Grouped(*o.units_free) + " units of offer " + o.id + " were free when last observed",
          "オファー " + o.id + "：空きは " + Grouped(*o.units_free) + " ユニットのみ（最終確認時）"));
    }
    // A date-only valid_to holds through the end of that day.
    const auto to = o.valid_to.empty() ? std::nullopt : ParseBillingInstant(o.valid_to, ctx.calendar.offset());
    const auto from = o.valid_from.empty() ? std::nullopt : ParseBillingInstant(o.valid_from, ctx.calendar.offset());
    const int64_t to_end = to ? *to + (o.valid_to.size() == 10 ? 86400 : 0) : 0;
    if ((to && to_end < ctx.period.end) || (from && *from > ctx.period.start)) {
      e.notes.push_back(
          MakeNote("price_validity",
                   "offer " + o.id + "'s price is published for " + (o.valid_from.empty() ? "…" : o.valid_from) +
                       " to " + (o.valid_to.empty() ? "…" : o.valid_to) + ", not the whole run",
                   "オファー " + o.id + " の価格の有効期間（" + (o.valid_from.empty() ? "…" : o.valid_from) + "〜" +
                       (o.valid_to.empty() ? "…" : o.valid_to) + "）は実行期間全体をカバーしていません"));
    }
  }
}

// Bills one way of buying the group (the capped schedule, or one offer).
Result<Estimate> Price(const std::vector<const StoredOffer*>& used, const Context& ctx) {
  const Offer& first = used.front()->offer;
  Estimate e;
  Describe(e, first, used);
  e.site = first.site;
  e.gpu_model = first.gpu_model;
  e.billing_rule = first.billing_rule;
  SetQuantity(e, first, ctx.request.gpus);

  Usage usage{ctx.period.start, ctx.period.end, e.billed_quantity, first.per, &ctx.calendar};
  Result<Charge> charge =
      Status::Error(estimate_reason::kUnsupportedBilling, "billing rule \"" + first.billing_rule + "\" is not known");
  if (first.billing_rule == "metered") {
    charge = estimate_internal::BillMetered(first, usage);
  } else if (first.billing_rule == "per-started-month") {
    charge = estimate_internal::BillPerStartedMonth(first, usage);
  } else if (first.billing_rule == "capped-schedule") {
    std::vector<const Offer*> tiers;
    for (const StoredOffer* so : used) tiers.push_back(&so->offer);
    charge = estimate_internal::BillCappedSchedule(tiers, usage);
  }
  if (!charge.ok()) return charge.status();
  Charge& c = charge.value();
  e.lines = std::move(c.lines);
  e.notes.insert(e.notes.end(), c.notes.begin(), c.notes.end());
  e.billed_unit = c.billed_unit;
  e.billed_count = c.billed_count;
  e.published_tax = first.tax;
  e.tax_assumed = first.tax == TaxFlag::kUnknown;

  // Tax once, on the exact total: included -> ex = total x 100/(100+r);
  // excluded or unknown -> inc = total x (100+r)/100.
  const Nano with = 100 + ctx.options.tax.rate_percent, without = 100;
  const bool included = first.tax == TaxFlag::kIncluded;
  const Nano ex_num = included ? without : 1, ex_den = included ? with : 1;
  const Nano inc_num = included ? 1 : with, inc_den = included ? 1 : without;
  // Effective per GPU-hour = total x 3600 / (N x seconds), with 3600 / 1e5
  // nano per minor reduced to 9 / 250 so the products stay small.
  const Nano gpu_seconds = static_cast<Nano>(ctx.request.gpus) * ctx.period.seconds();
  auto round = [&](Nano num_factor, Nano den_factor, bool per_gpu_hour) -> std::optional<int64_t> {
    auto num = estimate_internal::CheckedMul(c.total, num_factor * (per_gpu_hour ? 9 : 1));
    auto den = estimate_internal::CheckedMul(den_factor * (per_gpu_hour ? 250 : estimate_internal::kNanoPerMinor),
                                             per_gpu_hour ? gpu_seconds : 1);
    if (!num || !den) return std::nullopt;
    return estimate_internal::RoundToInt64(*num, *den);
  };
  const auto ex = round(ex_num, ex_den, false), inc = round(inc_num, inc_den, false);
  const auto ex_h = round(ex_num, ex_den, true), inc_h = round(inc_num, inc_den, true);
  if (!ex || !inc || !ex_h || !inc_h) {
    return Status::Error(estimate_reason::kAmountOutOfRange, "the total is too large to estimate exactly");
  }
  e.total_ex_minor = *ex;
  e.total_inc_minor = *inc;
  e.gpu_hour_ex_minor = *ex_h;
  e.gpu_hour_inc_minor = *inc_h;
  AddWarnings(e, used, ctx);
  return e;
}

int64_t SortTotal(const Estimate& e, TaxFlag basis) {
  return basis == TaxFlag::kIncluded ? e.total_inc_minor : e.total_ex_minor;
}

// One group -> its cheapest priced way to serve the request, or why none can.
std::variant<Estimate, Unserviceable> EvaluateGroup(const std::vector<const StoredOffer*>& group, const Context& ctx) {
  std::vector<const StoredOffer*> active, listed;
  for (const StoredOffer* so : group) {
    if (so->status == "withdrawn") continue;
    active.push_back(so);
    if (so->offer.price_status == PriceStatus::kListed) listed.push_back(so);
  }
  const Offer& rep = (listed.empty() ? (active.empty() ? group : active) : listed).front()->offer;
  auto fail = [&](const char* reason, std::string detail) {
    Unserviceable u;
    Describe(u, rep, group);
    u.reason = reason;
    u.detail = std::move(detail);
    return u;
  };
  if (active.empty()) return fail(estimate_reason::kWithdrawn, "every offer of this group is withdrawn");
  const int64_t domain = DomainGpus(rep);
  if (ctx.request.same_domain && ctx.request.gpus > domain) {
    return fail(estimate_reason::kTooFewGpusPerDomain, "needs " + Grouped(ctx.request.gpus) +
                                                           " GPUs in one NVLink domain; this offer's domain holds " +
                                                           Grouped(domain));
  }
  if (listed.empty()) return fail(estimate_reason::kQuoteOnly, "price on request (要問合せ)");

  // Ways to buy: the capped schedule as one, every other listed offer alone.
  std::vector<std::vector<const StoredOffer*>> ways;
  std::vector<const StoredOffer*> schedule;
  for (const StoredOffer* so : listed) {
    if (so->offer.billing_rule == "capped-schedule") {
      schedule.push_back(so);
    } else {
      ways.push_back({so});
    }
  }
  if (!schedule.empty()) ways.insert(ways.begin(), schedule);

  std::vector<Estimate> priced;
  Status first_error;
  for (const auto& way : ways) {
    auto e = Price(way, ctx);
    if (e.ok()) {
      priced.push_back(std::move(e).value());
    } else if (first_error.ok()) {
      first_error = e.status();
    }
  }
  if (priced.empty()) return fail(first_error.code().c_str(), first_error.message());
  const auto best = std::min_element(priced.begin(), priced.end(), [&](const Estimate& a, const Estimate& b) {
    return SortTotal(a, ctx.request.tax_basis) < SortTotal(b, ctx.request.tax_basis);
  });
  Estimate chosen = *best;
  for (auto it = priced.begin(); it != priced.end(); ++it) {
    if (it == best) continue;
    chosen.alternatives.push_back(
        EstimateAlternative{it->offer_ids, it->billing_rule, it->total_ex_minor, it->total_inc_minor});
  }
  return chosen;
}

std::vector<EstimateNote> Assumptions(const Context& ctx) {
  std::vector<EstimateNote> notes;
  const std::string zone = FormatBillingInstant(0, ctx.calendar.offset()).substr(19);
  notes.push_back(
      MakeNote("calendar", "calendar days and months are in UTC" + zone, "暦日・暦月は UTC" + zone + " で数える"));
  if (ctx.period.start_assumed) {
    const std::string start = FormatBillingInstant(ctx.period.start, ctx.calendar.offset());
    notes.push_back(MakeNote(
        "start_assumed",
        "no start given: the run is assumed to start at " + start + ", the first instant of the next calendar month",
        "開始日時の指定なし：翌月1日 0:00（" + start + "）開始と仮定"));
  }
  notes.push_back(MakeNote("rounding",
                           "charges are summed exactly; ex- and inc-tax totals and per-GPU-hour prices are each "
                           "rounded once to ¥0.0001, half away from zero",
                           "料金は正確に合算。税抜・税込合計と GPU 時間単価はそれぞれ一度だけ ¥0.0001 単位に四捨五入"));
  notes.push_back(MakeNote("effective_price", "effective ¥ per GPU-hour = total ÷ (GPUs requested × run hours)",
                           "実効 GPU 時間単価 = 合計 ÷（要求 GPU 数 × 実行時間）"));
  return notes;
}

}  // namespace

Result<EstimateResult> EstimateCost(const EstimateRequest& request, const std::vector<StoredOffer>& offers,
                                    const EstimateOptions& options) {
  if (request.gpu_model.empty()) return Status::Error("missing_gpu_model", "gpu model is required");
  if (request.gpus < 1 || request.gpus > kMaxEstimateGpus) {
    return Status::Error("bad_gpu_count", "gpus must be 1.." + std::to_string(kMaxEstimateGpus));
  }
  if (request.tax_basis == TaxFlag::kUnknown)
    return Status::Error("bad_tax_basis", "tax basis must be excluded or included");
  auto period = ResolvePeriod(request, options);
  if (!period.ok()) return period.status();

  EstimateResult result;
  result.request = request;
  result.period = period.value();
  const Calendar calendar(options.utc_offset_seconds);
  const Context ctx{result.request, result.period, options, calendar};
  result.assumptions = Assumptions(ctx);

  std::map<std::string, std::vector<const StoredOffer*>> groups;  // ordered: deterministic output
  for (const StoredOffer& so : offers) {
    if (so.offer.gpu_model != request.gpu_model || so.offer.gpus_per_unit <= 0) continue;
    groups[so.offer.group_id.empty() ? so.offer.id : so.offer.group_id].push_back(&so);
  }
  for (const auto& [id, members] : groups) {
    auto outcome = EvaluateGroup(members, ctx);
    if (auto* e = std::get_if<Estimate>(&outcome)) {
      result.estimates.push_back(std::move(*e));
    } else {
      result.excluded.push_back(std::get<Unserviceable>(std::move(outcome)));
    }
  }
  const TaxFlag basis = request.tax_basis;
  std::stable_sort(result.estimates.begin(), result.estimates.end(), [basis](const Estimate& a, const Estimate& b) {
    return std::forward_as_tuple(SortTotal(a, basis), a.provider, a.display_name, a.group_id) <
           std::forward_as_tuple(SortTotal(b, basis), b.provider, b.display_name, b.group_id);
  });
  std::stable_sort(result.excluded.begin(), result.excluded.end(), [](const Unserviceable& a, const Unserviceable& b) {
    return std::tie(a.reason, a.provider, a.display_name, a.group_id) <
           std::tie(b.reason, b.provider, b.display_name, b.group_id);
  });
  return result;
}

}  // namespace gpucat
