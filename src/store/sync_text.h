// The JSON texts the sync writer stores (offer_events before/after) and hashes
// (fingerprints). Private to the store; built directly, byte for byte what
// nlohmann::json's dump() writes for the same objects (compact, keys sorted):
// tests/store/sync_text_test.cc holds them to that.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "gpucat/offer.h"

namespace gpucat {

// The fields that make a price; a change in any of them is a price change.
// From an Offer, or from an offers row (the "before" side of an event).
struct PriceFields {
  std::string_view price_status, tax, per, billing_rule;
  int64_t gpus_per_unit = 0;
  std::optional<std::string_view> amount, unit;  // nullopt: JSON null
  std::optional<int64_t> gpu_hour_ex_minor, gpu_hour_inc_minor, min_billed_seconds, min_term_months;
};

// {"amount","billing_rule","gpu_hour_ex_minor","gpu_hour_inc_minor","gpus_per_unit",
//  "min_billed_seconds","min_term_months","per","price_status","tax","unit"}, plus
// "availability" when given and "relisted": true when asked (a new offer's event).
std::string PriceJsonText(const PriceFields& p, std::optional<std::string_view> availability, bool relisted);
std::string PriceJsonText(const Offer& o, std::optional<std::string_view> availability, bool relisted);
// {"availability": "..."}
std::string AvailabilityJsonText(std::string_view availability);

}  // namespace gpucat
