// Sakura Internet 高火力 (Koukaryoku): the parsers behind the sakura adapter.
// Internal to providers/sakura. Spec: shared/reference/providers.md §1.
#pragma once

#include <string>
#include <string_view>

#include "gpucat/adapter.h"
#include "gpucat/status.h"

namespace gpucat::providers::sakura {

inline constexpr const char* kProvider = "sakura";

// Data-centre site and prefecture of a Sakura zone id (reference §1: is1a
// 石狩第1 ... tk1b 東京第2); empty strings for zones the reference does not
// name (tk1v is a sandbox).
struct ZoneSite {
  std::string site, prefecture;
};
ZoneSite SiteOfZone(std::string_view zone);

// 高火力 VRT from the public price API (parser "vrt-price"). Reads both
// envelopes: {"ServiceClasses": [...]} and {"ServiceClasses": {"0": ...}}.
// GPU plans -> one draft per published Hourly / Daily / Monthly figure;
// ordinary plans and non-public classes are skipped.
Result<ParseResult> ParseVrtPrice(const Document& document);

// 高火力 DOK from GET /unit_prices/ (parser "dok-unit-prices").
// is_overridden rows are dropped; rows not valid at the document's fetch time
// are skipped.
Result<ParseResult> ParseDokUnitPrices(const Document& document);

}  // namespace gpucat::providers::sakura
