// The comparison a buyer asks for: "who sells GPU model X, and at what price?"
// One row per provider and product: its cheapest listed offer of that model,
// normalized per GPU-hour (both tax modes), with billing unit, minimum term,
// availability, and two derived figures from the GPU reference table:
//
//   per_gpu_memory_gb_hour  = GPU-hour price / GB of GPU memory
//                             (the offer's stated memory, else the nameplate);
//   per_fp8_pflops_hour     = GPU-hour price x 1000 / dense FP8 TFLOPS
//                             (what one PFLOP/s of dense FP8 costs for an hour);
//                             null where the reference has no FP8 figure.
//
// Rounding: both are computed with exact integer arithmetic from the
// normalized GPU-hour price (integer 1/10,000 JPY, itself rounded once from the
// published amount) and rounded ONCE more, half away from zero, to 1/10,000
// JPY. They are therefore within 1/10,000 JPY of the value of the published
// amount. No floating point is involved.
//
// Order: priced rows by GPU-hour price on the chosen tax basis (then provider,
// product); then quote-only rows (provider and product that publish no price
// for this model), by provider and product.
//
// Used by GET /v1/compare and `gpucat compare --gpu MODEL`; the GPU summary
// below by GET /v1/gpus. Thread-safety: pure functions, except ReadAllOffers
// and CompareGpu, which use the caller's Catalog.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gpucat/catalog.h"
#include "gpucat/gpu_models.h"

namespace gpucat {

struct CompareOptions {
  TaxFlag tax_basis = TaxFlag::kExcluded;  // which amount picks "cheapest" and sorts
  bool include_stale = true;               // offers not seen within the stale TTL
};

// GPU-hour price / memory_gb, rounded half away from zero. nullopt when the
// price is (a quote) or memory_gb <= 0.
std::optional<int64_t> PricePerGpuMemoryGbHour(std::optional<int64_t> gpu_hour_minor, int64_t memory_gb);
// GPU-hour price x 1000 / fp8_dense_tflops, rounded half away from zero.
// nullopt when the price or the FP8 figure is missing (or not positive).
std::optional<int64_t> PricePerFp8PflopsHour(std::optional<int64_t> gpu_hour_minor,
                                             std::optional<int64_t> fp8_dense_tflops);

// Pure: the comparison of `offers` (active offers of `model`; others are
// ignored) as JSON: {"gpu": {...}, "tax_basis", "rows": [...]}.
nlohmann::json CompareToJson(const GpuModel& model, const std::vector<StoredOffer>& offers,
                             const CompareOptions& options);

// Every offer matching `query` (whose limit and cursor are ignored), paging
// through the catalog inside one snapshot.
Result<std::vector<StoredOffer>> ReadAllOffers(Catalog& catalog, OfferQuery query, const std::string& now);

// Pure: the GPU reference table with, per model, counts of the given active
// offers and the cheapest per-GPU-hour price on `tax_basis`:
// {"tax_basis", "gpus": [{GpuModelToJson fields..., "offers": {...}, "cheapest": {...}|null}]}.
nlohmann::json GpuSummaryToJson(const std::vector<StoredOffer>& offers, TaxFlag tax_basis);

// Resolves `gpu` (canonical id or any alias ResolveGpuModel knows), reads its
// offers from `catalog` in one snapshot at clock `now` (RFC 3339 UTC) and
// returns CompareToJson plus "catalog_version" and "as_of" (= now).
// Errors: "unknown_gpu"; the catalog's read errors.
Result<nlohmann::json> CompareGpu(Catalog& catalog, std::string_view gpu, const CompareOptions& options,
                                  const std::string& now);

}  // namespace gpucat
