// Strict query-parameter parsing. Pure functions of their inputs (no I/O, no
// globals), so that the fuzzer (issue 7) can call them directly.
//
// Rules, applied in this order, first failure wins:
//  unknown name -> unknown_parameter; a non-repeatable name twice ->
//  duplicate_parameter; a required name absent -> missing_parameter; then each
//  value by its ParamType (api.h) -> invalid_parameter | invalid_number |
//  invalid_enum | <range_error> (limit: limit_out_of_range) | invalid_cursor.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gpucat/catalog.h"
#include "server/api.h"

namespace gpucat::server {

inline constexpr size_t kMaxParamBytes = 256;    // any value but a cursor
inline constexpr size_t kMaxCursorBytes = 1100;  // store cursors are hex, <= 1024
inline constexpr int64_t kMaxLimit = 500;

// Parameters that validated against their specs. Accessors return the typed
// value of a parameter that passed validation, or the spec's default.
class ValidParams {
 public:
  std::optional<std::string> Text(const std::string& name) const;
  std::vector<std::string> All(const std::string& name) const;
  std::optional<int64_t> Int(const std::string& name) const;
  // kEnum "true"/"false"; `fallback` when absent.
  bool Bool(const std::string& name, bool fallback) const;
  // kYen in 1/10,000 JPY.
  std::optional<int64_t> YenMinor(const std::string& name) const;

 private:
  friend Result<ValidParams> CheckParams(const std::vector<ParamSpec>&, const QueryParams&);
  QueryParams values_;
};

Result<ValidParams> CheckParams(const std::vector<ParamSpec>& specs, const QueryParams& params);

// Strict integer: optional '-', 1..18 ASCII digits, nothing else.
std::optional<int64_t> ParseStrictInt(const std::string& text);
// Decimal yen ("454", "454.5455"; >= 0, <= 4 decimals) to 1/10,000 JPY.
std::optional<int64_t> ParseYenToMinor(const std::string& text);

// The parameters of GET /v1/offers (also the OpenAPI document's).
const std::vector<ParamSpec>& OffersParams();

// The parameters of GET /v1/storefront/offers: those of /v1/offers except
// include_stale (the storefront never lists stale offers); max_price and the
// price sorts are on the SELL price per GPU-hour.
const std::vector<ParamSpec>& StorefrontOffersParams();

// GET /v1/offers parameters -> OfferQuery. Errors: as CheckParams, plus
// unknown_gpu (a gpu that is neither a canonical id nor a known alias),
// invalid_range (min_gpus > max_gpus) and invalid_cursor (a cursor issued for
// a different query). The returned query's cursor is the store's.
Result<OfferQuery> ParseOffersQuery(const QueryParams& params);

// The cursor a client receives for the page after `store_cursor` of `query`:
// the store's keyset cursor bound to a fingerprint of the query's filters and
// sort, so that a cursor replayed against another query is refused instead of
// silently skipping or repeating offers.
std::string ClientCursor(const OfferQuery& query, const std::string& store_cursor);

// The effective query, for echoing back to the client.
nlohmann::json OfferQueryToJson(const OfferQuery& query);

}  // namespace gpucat::server
