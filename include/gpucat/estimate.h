// Total-cost estimates that honour each provider's billing rules (issue 8).
//
// A buyer asks: "N GPUs of model X (optionally in one NVLink domain) for H
// hours, or from A to B: what does it cost at each provider, all in?" The
// engine answers from catalog offers (Catalog::QueryOffers hands them over) with
// one Estimate per offer group that can serve the request, sorted by total, and
// one Unserviceable entry, with a reason code, per group that cannot.
//
// The billing rules ("metered", "capped-schedule", "per-started-month"), the
// calendar, the start assumption and every rounding are specified in
// schema/README.md "Billing rules"; tests/estimate/ checks each boundary.
//
// Money: exact integers in 1/10,000 JPY (kMinorPerYen); no floating point.
// Every charge is summed exactly in the offers' published tax basis; the ex- and
// inc-tax totals and the effective GPU-hour prices are each derived from that
// exact sum and rounded ONCE, half away from zero.
//
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "gpucat/catalog.h"
#include "gpucat/money.h"
#include "gpucat/offer.h"
#include "gpucat/status.h"

namespace gpucat {

// Bounds that keep every intermediate product inside 128-bit integers.
inline constexpr int64_t kMaxEstimateGpus = 100000;
inline constexpr int64_t kMaxEstimateSeconds = 3660LL * 86400;  // ~10 years
// Japan Standard Time: the billing calendar of every provider gpucat knows.
inline constexpr int64_t kJstOffsetSeconds = 9 * 3600;

struct EstimateRequest {
  std::string gpu_model;  // canonical id ("h100-80gb"): resolve aliases first
  int64_t gpus = 1;       // N, 1..kMaxEstimateGpus
  // The run is [start, end). Give either a duration (optionally with `start`)
  // or both `start` and `end`. Instants: see ParseBillingInstant.
  std::optional<int64_t> duration_seconds;
  std::string start;
  std::string end;
  // All N GPUs in one NVLink domain.
  bool same_domain = false;
  // Which total sorts the estimates: kExcluded or kIncluded.
  TaxFlag tax_basis = TaxFlag::kExcluded;
};

struct EstimateOptions {
  // RFC 3339; used only when the request gives a duration without a start.
  std::string now;
  // The billing calendar's fixed offset from UTC (JST has no DST).
  int64_t utc_offset_seconds = kJstOffsetSeconds;
  TaxRule tax = kJapanStandardTax;
};

// The run actually estimated, in epoch seconds.
struct EstimatePeriod {
  int64_t start = 0, end = 0;  // [start, end), end > start
  // True when the request gave no start: the run is assumed to begin at the
  // first instant of the calendar month after `now` (the alignment that
  // month-based rules favour; stated in every result).
  bool start_assumed = false;
  int64_t utc_offset_seconds = kJstOffsetSeconds;
  int64_t seconds() const { return end - start; }
};

// One charge of a breakdown: quantity x count x unit_price.
struct EstimateLine {
  std::string offer_id;  // the offer whose published price this line uses
  std::string kind;      // "usage" (base rate) | "cap" (a period charged at its cap)
  TimeUnit unit = TimeUnit::kHour;
  int64_t quantity = 0;  // instances / nodes / racks, or GPUs when priced per GPU
  int64_t count = 0;     // billing units per quantity (e.g. 4 days)
  Decimal unit_price;    // as published, per `unit`, per one of `quantity`
  // quantity x count x unit_price in the PUBLISHED tax basis (Estimate::
  // published_tax). Exact unless the price has more than 4 decimals, in which
  // case this display figure alone is rounded; totals never sum rounded lines.
  int64_t amount_minor = 0;
  std::string en, ja;  // "8 instances × 4 days × ¥23,100 (daily cap)"
};

// A fact about how a total came about, or a warning.
struct EstimateNote {
  // Per estimate: "units" | "minimum_billed" | "rounded_up" | "minimum_term" |
  // "calendar" | "tax" | "tax_assumed" | "domain" | and warnings "stale" |
  // "sold_out" | "units_free" | "price_validity".
  // Per result (assumptions): "calendar" | "start_assumed" | "rounding" |
  // "effective_price".
  std::string code;
  std::string en, ja;
};

// Another priced way to buy the same group (e.g. the monthly plan when the
// hourly one is cheaper for this run).
struct EstimateAlternative {
  std::vector<std::string> offer_ids;
  std::string billing_rule;
  int64_t total_ex_minor = 0, total_inc_minor = 0;
};

// What one offer group costs for the request.
struct Estimate {
  std::string group_id;
  std::vector<std::string> offer_ids;  // offers whose prices the total uses
  std::string provider, product, plan, display_name, zone, site, gpu_model;
  std::string billing_rule;
  PricePer per = PricePer::kInstance;
  int64_t gpus_per_unit = 0;
  int64_t domain_gpus = 0;      // NVLink domain size used for same_domain
  int64_t units = 0;            // instances / nodes / racks to rent
  int64_t billed_quantity = 0;  // what prices are multiplied by (units, or N per GPU)
  int64_t gpus_billed = 0;      // GPUs paid for (>= N)
  // Billed duration after minimums and rounding, in the rule's finest unit.
  TimeUnit billed_unit = TimeUnit::kHour;
  int64_t billed_count = 0;
  TaxFlag published_tax = TaxFlag::kUnknown;
  bool tax_assumed = false;  // tax unknown: read as excluded
  int64_t total_ex_minor = 0, total_inc_minor = 0;
  // Effective JPY per GPU-hour actually paid: total / (N x run hours).
  int64_t gpu_hour_ex_minor = 0, gpu_hour_inc_minor = 0;
  std::vector<EstimateLine> lines;
  std::vector<EstimateNote> notes;
  std::vector<EstimateAlternative> alternatives;
  bool stale = false;
};

// Stable reason codes of an Unserviceable group (schema/README.md).
namespace estimate_reason {
inline constexpr const char* kTooFewGpusPerDomain = "too_few_gpus_per_domain";
inline constexpr const char* kQuoteOnly = "quote_only";
inline constexpr const char* kNoSchedule = "no_schedule";
inline constexpr const char* kUnsupportedBilling = "unsupported_billing";
inline constexpr const char* kWithdrawn = "withdrawn";
inline constexpr const char* kAmountOutOfRange = "amount_out_of_range";
}  // namespace estimate_reason

// An offer group that cannot serve the request, or has no price.
struct Unserviceable {
  std::string group_id;
  std::vector<std::string> offer_ids;
  std::string provider, product, plan, display_name, zone;
  std::string reason;  // estimate_reason::*
  std::string detail;  // human-readable, English
};

struct EstimateResult {
  EstimateRequest request;
  EstimatePeriod period;
  std::vector<EstimateNote> assumptions;  // calendar, start, rounding, tax
  std::vector<Estimate> estimates;        // by total on request.tax_basis, then provider, name, group
  std::vector<Unserviceable> excluded;    // by reason, provider, name, group
};

// Resolves the run of a request. Errors: "missing_duration", "conflicting_duration"
// (duration and end both given), "bad_duration" (<= 0 or > kMaxEstimateSeconds),
// "bad_timestamp" (start, end or now unparseable), "bad_period" (end <= start).
Result<EstimatePeriod> ResolvePeriod(const EstimateRequest& request, const EstimateOptions& options);

// Estimates `request` against `offers` (any mix; offers of other GPU models
// are ignored). Errors: those of ResolvePeriod, "missing_gpu_model",
// "bad_gpu_count", "bad_tax_basis".
Result<EstimateResult> EstimateCost(const EstimateRequest& request, const std::vector<StoredOffer>& offers,
                                    const EstimateOptions& options);

// Builds a request from query-style parameters, shared by the HTTP endpoint and
// the CLI: gpu (any spelling, resolved), gpus, hours (decimal, a whole number of
// seconds) or seconds, start, end, same_domain (true|false|1|0), tax
// (excluded|included|ex|inc; default excluded). Unknown keys are ignored.
// Errors: "missing_gpu_model", "unknown_gpu_model", "bad_gpu_count",
// "bad_duration", "conflicting_duration", "bad_boolean", "bad_tax_basis".
Result<EstimateRequest> ParseEstimateRequest(const std::map<std::string, std::string>& params);

// An instant for the billing calendar: "YYYY-MM-DD" (00:00 local) or
// "YYYY-MM-DDTHH:MM[:SS]" followed by "Z", "+HH:MM", "-HH:MM" or nothing
// (local time of the calendar). No fractional seconds, no leap second.
std::optional<int64_t> ParseBillingInstant(const std::string& text, int64_t utc_offset_seconds);
// "2026-01-01T00:00:00+09:00".
std::string FormatBillingInstant(int64_t epoch_seconds, int64_t utc_offset_seconds);

// JSON for the API: money as {"minor": int, "yen": "decimal"} (MoneyJson).
nlohmann::json EstimateResultToJson(const EstimateResult& result);
nlohmann::json EstimateToJson(const Estimate& estimate);

}  // namespace gpucat
