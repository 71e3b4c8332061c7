// Reject reason codes produced by the adapters themselves (before
// Normalize()). Stable snake_case, documented in schema/README.md next to the
// codes of gpucat/normalize.h (reason::*), which adapters reuse where the
// meaning is the same (missing_field, unknown_gpu_model, bad_number, ...).
// Price-text codes come from ParseYenText (gpucat/yen.h, yen_error::*).
#pragma once

namespace gpucat::providers::reason {
// A field has the wrong JSON type ("990" where a number is expected).
inline constexpr const char* kWrongType = "wrong_type";
// An offer-sheet entry has a property the schema does not define (a typo).
inline constexpr const char* kUnknownField = "unknown_field";
// An offer-sheet amount written as a JSON number: amounts are decimal
// strings, because a JSON number goes through binary floating point in most
// tools that write or read it.
inline constexpr const char* kAmountNotString = "amount_not_string";
// A record publishes no price at all (Sakura `Price: []` on a GPU plan).
inline constexpr const char* kMissingPrice = "missing_price";
// A record's zone differs from the zone the document was requested for.
inline constexpr const char* kZoneMismatch = "zone_mismatch";
// Two fields of one record disagree (plan name says H100, display name V100).
inline constexpr const char* kInconsistentRecord = "inconsistent_record";
// A plan identifier that does not follow the provider's documented pattern.
inline constexpr const char* kUnrecognizedPlan = "unrecognized_plan";
// A GPU named without a count where the count is needed ("A100 80GB" alone).
inline constexpr const char* kMissingGpuCount = "missing_gpu_count";
// A date or timestamp that is not RFC 3339 (or YYYY-MM-DD where allowed).
inline constexpr const char* kBadDate = "bad_date";
// A price whose written unit contradicts its column ("¥2,000/月" as hourly).
inline constexpr const char* kUnitMismatch = "unit_mismatch";
// A price cell's tax word contradicts its row or column label.
inline constexpr const char* kTaxConflict = "tax_conflict";
// The same offer (product, plan, zone, unit) twice with the same price: the
// later copies are rejected, the first is kept.
inline constexpr const char* kDuplicateOffer = "duplicate_offer";
// The same offer twice with different prices: every copy is rejected, since
// gpucat cannot know which one is right.
inline constexpr const char* kConflictingDuplicate = "conflicting_duplicate";
// A table row with fewer cells than the table's header.
inline constexpr const char* kShortRow = "short_row";
}  // namespace gpucat::providers::reason
