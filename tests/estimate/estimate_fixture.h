// Offer builders for estimate tests: provider-like offers from
// shared/reference/providers.md, normalized through the real Normalize().
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "gpucat/estimate.h"
#include "support/testing.h"

namespace gpucat::testing {

struct OfferSpec {
  std::string provider = "testprov";
  std::string product = "test";
  std::string plan = "plan";
  std::string gpu = "H100";
  std::string amount;  // empty: a quote
  std::string unit = "hour";
  std::string per = "instance";
  std::string tax = "included";
  std::string rule = "";  // "" = metered
  int64_t gpus = 1;
  // Default initializers on every member keep designated initializers free of
  // -Wmissing-field-initializers.
  std::optional<int64_t> min_billed_seconds = std::nullopt;
  std::optional<int64_t> min_term_months = std::nullopt;
  std::optional<int64_t> nvlink_domain_gpus = std::nullopt;
};

inline Offer MakeOffer(const OfferSpec& s) {
  OfferDraft d = ListedDraft(s.plan, s.amount);
  d.provider = s.provider;
  d.product = s.product;
  d.display_name = s.provider + " " + s.plan;
  d.gpu_name = s.gpu;
  d.unit = s.unit;
  d.per = s.per;
  d.tax = s.tax;
  d.billing_rule = s.rule;
  d.gpus_per_unit = s.gpus;
  d.min_billed_seconds = s.min_billed_seconds;
  d.min_term_months = s.min_term_months;
  d.nvlink_domain_gpus = s.nvlink_domain_gpus;
  if (s.amount.empty()) d.price_status = "quote";
  return MustNormalize(d);
}

inline StoredOffer Stored(const Offer& o, const std::string& status = "active") {
  StoredOffer so;
  so.offer = o;
  so.status = status;
  so.first_seen = so.last_seen = "2026-11-22T00:00:00Z";
  return so;
}

inline std::vector<StoredOffer> Stored(const std::vector<Offer>& offers) {
  std::vector<StoredOffer> out;
  for (const auto& o : offers) out.push_back(Stored(o));
  return out;
}

// 高火力 DOK h100-80gb: ¥0.28/s tax-included, 60 s minimum [S].
inline Offer DokH100() {
  return MakeOffer({.provider = "sakura",
                    .product = "koukaryoku-dok",
                    .plan = "h100-80gb",
                    .amount = "0.28",
                    .unit = "second",
                    .min_billed_seconds = 60});
}
// 高火力 DOK h100-8gpu-80gb: ¥0.83/s per 8-GPU node, 60 s minimum [S].
inline Offer DokH100x8() {
  return MakeOffer({.provider = "sakura",
                    .product = "koukaryoku-dok",
                    .plan = "h100-8gpu-80gb",
                    .amount = "0.83",
                    .unit = "second",
                    .per = "node",
                    .gpus = 8,
                    .min_billed_seconds = 60,
                    .nvlink_domain_gpus = 8});
}
// 高火力 VRT H100x1: ¥990/h, ¥23,100/day, ¥385,000/month tax-included [S].
inline std::vector<Offer> VrtH100(const std::string& hour = "990", const std::string& day = "23100",
                                  const std::string& month = "385000") {
  std::vector<Offer> out;
  for (const auto& [unit, amount] : {std::pair{"hour", hour}, std::pair{"day", day}, std::pair{"month", month}}) {
    if (amount.empty()) continue;
    out.push_back(MakeOffer({.provider = "sakura",
                             .product = "koukaryoku-vrt",
                             .plan = "h100x1",
                             .amount = amount,
                             .unit = unit,
                             .rule = "capped-schedule"}));
  }
  return out;
}
// 高火力 PHY H100x8: ¥3,046,120/month per node, 2-month minimum [S]/[I].
inline Offer PhyH100() {
  return MakeOffer({.provider = "sakura",
                    .product = "koukaryoku-phy",
                    .plan = "h100x8",
                    .amount = "3046120",
                    .unit = "month",
                    .per = "node",
                    .rule = "per-started-month",
                    .gpus = 8,
                    .min_term_months = 2,
                    .nvlink_domain_gpus = 8});
}
// KDDI GB200 NVL72: one 72-GPU NVLink domain, price on request [U].
inline Offer KddiRack() {
  return MakeOffer({.provider = "kddi",
                    .product = "gpu-cloud",
                    .plan = "gb200-nvl72",
                    .gpu = "GB200",
                    .amount = "",
                    .unit = "",
                    .per = "rack",
                    .tax = "unknown",
                    .gpus = 72,
                    .nvlink_domain_gpus = 72});
}

inline EstimateOptions TestOptions() {
  EstimateOptions o;
  o.now = "2026-11-22T10:00:00Z";
  return o;
}

inline EstimateRequest Request(const std::string& gpu, int64_t gpus, std::optional<int64_t> seconds,
                               const std::string& start = "", const std::string& end = "") {
  EstimateRequest r;
  r.gpu_model = gpu;
  r.gpus = gpus;
  r.duration_seconds = seconds;
  r.start = start;
  r.end = end;
  return r;
}

inline EstimateResult MustEstimate(const EstimateRequest& r, const std::vector<StoredOffer>& offers,
                                   const EstimateOptions& options = TestOptions()) {
  auto result = EstimateCost(r, offers, options);
  if (!result.ok()) throw std::runtime_error(result.status().ToString());
  return std::move(result).value();
}

// The single estimate of a one-group run.
inline Estimate MustEstimateOne(const EstimateRequest& r, const std::vector<Offer>& offers) {
  EstimateResult result = MustEstimate(r, Stored(offers));
  if (result.estimates.size() != 1) {
    throw std::runtime_error("expected one estimate, got " + std::to_string(result.estimates.size()) +
                             (result.excluded.empty() ? "" : " (excluded: " + result.excluded[0].reason + ")"));
  }
  return result.estimates[0];
}

}  // namespace gpucat::testing
