// Requests: query-style parameters -> EstimateRequest -> the run's period.
#include <string>

#include "estimate/calendar.h"
#include "gpucat/estimate.h"
#include "gpucat/gpu_models.h"

namespace gpucat {

namespace {

// Strict non-negative integer: ASCII digits only, at most 18 of them.
std::optional<int64_t> ParseCount(const std::string& s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

const std::string* Find(const std::map<std::string, std::string>& params, const char* key) {
  const auto it = params.find(key);
  return it == params.end() ? nullptr : &it->second;
}

Status BadDuration(const std::string& message) { return Status::Error("bad_duration", message); }

// "1.5" hours -> 5400 s; the hours must come to a whole number of seconds.
Result<int64_t> HoursToSeconds(const std::string& text) {
  auto hours = ParseDecimal(text);
  if (!hours.ok() || hours.value().units <= 0) return BadDuration("hours must be a positive decimal: \"" + text + "\"");
  __int128 den = 1;
  for (int i = 0; i < hours.value().scale; ++i) den *= 10;
  const __int128 num = static_cast<__int128>(hours.value().units) * 3600;
  if (num % den != 0) return BadDuration("hours must come to a whole number of seconds: \"" + text + "\"");
  if (num / den > kMaxEstimateSeconds) return BadDuration("hours exceed the ~10-year limit: \"" + text + "\"");
  return static_cast<int64_t>(num / den);
}

}  // namespace

Result<EstimateRequest> ParseEstimateRequest(const std::map<std::string, std::string>& params) {
  EstimateRequest r;
  const std::string* gpu = Find(params, "gpu");
  if (!gpu || gpu->empty()) return Status::Error("missing_gpu_model", "gpu is required (e.g. gpu=h100)");
  const auto model = ResolveGpuModel(*gpu);
  if (!model) return Status::Error("unknown_gpu_model", "unknown GPU model \"" + *gpu + "\"");
  r.gpu_model = *model;

  const std::string* gpus = Find(params, "gpus");
  const auto n = gpus ? ParseCount(*gpus) : std::nullopt;
  if (!n || *n < 1 || *n > kMaxEstimateGpus) {
    return Status::Error("bad_gpu_count", "gpus must be an integer 1.." + std::to_string(kMaxEstimateGpus));
  }
  r.gpus = *n;

  const std::string* hours = Find(params, "hours");
  const std::string* seconds = Find(params, "seconds");
  if (hours && seconds) return Status::Error("conflicting_duration", "give hours or seconds, not both");
  if (hours) {
    auto s = HoursToSeconds(*hours);
    if (!s.ok()) return s.status();
    r.duration_seconds = s.value();
  } else if (seconds) {
    const auto s = ParseCount(*seconds);
    if (!s || *s < 1) return BadDuration("seconds must be a positive integer: \"" + *seconds + "\"");
    r.duration_seconds = *s;
  }
  if (const std::string* start = Find(params, "start")) r.start = *start;
  if (const std::string* end = Find(params, "end")) r.end = *end;
  if (r.duration_seconds && !r.end.empty()) {
    return Status::Error("conflicting_duration", "give a duration or an end, not both");
  }

  if (const std::string* same = Find(params, "same_domain")) {
    if (*same == "true" || *same == "1") {
      r.same_domain = true;
    } else if (*same == "false" || *same == "0") {
      r.same_domain = false;
    } else {
      return Status::Error("bad_boolean", "same_domain must be true|false|1|0, got \"" + *same + "\"");
    }
  }
  if (const std::string* tax = Find(params, "tax")) {
    if (*tax == "excluded" || *tax == "ex") {
      r.tax_basis = TaxFlag::kExcluded;
    } else if (*tax == "included" || *tax == "inc") {
      r.tax_basis = TaxFlag::kIncluded;
    } else {
      return Status::Error("bad_tax_basis", "tax must be excluded|included|ex|inc, got \"" + *tax + "\"");
    }
  }
  return r;
}

Result<EstimatePeriod> ResolvePeriod(const EstimateRequest& request, const EstimateOptions& options) {
  EstimatePeriod p;
  p.utc_offset_seconds = options.utc_offset_seconds;
  const int64_t offset = options.utc_offset_seconds;
  auto instant = [&](const char* what, const std::string& text) -> Result<int64_t> {
    const auto t = ParseBillingInstant(text, offset);
    if (!t)
      return Status::Error("bad_timestamp",
                           std::string(what) + " is not an RFC 3339 instant or date: \"" + text + "\"");
    return *t;
  };
  if (request.duration_seconds) {
    if (!request.end.empty()) return Status::Error("conflicting_duration", "give a duration or an end, not both");
    const int64_t d = *request.duration_seconds;
    if (d <= 0 || d > kMaxEstimateSeconds) {
      return Status::Error("bad_duration", "duration must be 1.." + std::to_string(kMaxEstimateSeconds) + " s");
    }
    if (request.start.empty()) {
      // No start: the first instant of the calendar month after the one holding now.
      auto now = instant("now", options.now);
      if (!now.ok()) return now.status();
      const estimate_internal::Calendar cal(offset);
      p.start = cal.MonthStart(cal.MonthIndex(now.value()) + 1);
      p.start_assumed = true;
    } else {
      auto start = instant("start", request.start);
      if (!start.ok()) return start.status();
      p.start = start.value();
    }
    p.end = p.start + d;
    return p;
  }
  if (request.start.empty() || request.end.empty()) {
    return Status::Error("missing_duration", "give hours (or seconds), or both start and end");
  }
  auto start = instant("start", request.start);
  if (!start.ok()) return start.status();
  auto end = instant("end", request.end);
  if (!end.ok()) return end.status();
  p.start = start.value();
  p.end = end.value();
  if (p.end <= p.start) return Status::Error("bad_period", "end must be after start");
  if (p.seconds() > kMaxEstimateSeconds) return Status::Error("bad_duration", "the period exceeds the ~10-year limit");
  return p;
}

}  // namespace gpucat
