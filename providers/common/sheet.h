// The gpucat offer sheet: a JSON document for offerings with no
// machine-readable source (schema/offer-sheet.schema.json, documented in
// schema/README.md "Offer sheets"). Shared by every adapter that reads sheets.
//
// Document-level errors (the sheet as a whole is not used; the sync keeps the
// source's previous offers):
//   source_empty             empty body, or "offers": []
//   source_unparseable       not JSON (syntax, truncation, invalid UTF-8,
//                            duplicated key, nesting deeper than 64)
//   source_format_changed    JSON, but not an offer sheet: root not an object,
//                            "format" missing or not "gpucat-offer-sheet/1"
//   sheet_header_invalid     provider / source_url / as_of / source_note /
//                            offers missing or ill-typed, a bad as_of date, an
//                            unknown top-level property
//   sheet_provider_mismatch  "provider" is not the adapter reading the sheet
// Entry-level problems are Rejects whose locator is the JSON pointer of the
// offending value ("/offers/3/amount"); see ParseOfferSheet in sheet.cc for
// the checks and their order (the first failing check is reported).
// Thread-safety: pure.
#pragma once

#include <string_view>

#include "gpucat/adapter.h"
#include "gpucat/status.h"

namespace gpucat::providers {

inline constexpr std::string_view kSheetFormat = "gpucat-offer-sheet/1";

Result<ParseResult> ParseOfferSheet(const Document& document, std::string_view provider);

}  // namespace gpucat::providers
