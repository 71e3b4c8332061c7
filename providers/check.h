// `gpucat check --source SOURCE FILE`: parse one document with one source's
// parser and normalize it, without touching a catalog: a partner checks an
// offer sheet before sending it; a developer checks a captured page.
//
// SOURCE may be (first match wins):
//   * a source id as sources() lists it with the default configuration
//     ("sakura.vrt.is1a", "gpusoroban.instances", "gmo.sheet");
//   * "<provider>.<parser>" ("sakura.dok-unit-prices", "kddi.sheet");
//   * a parser name that only one provider has ("vrt-price");
//   * "sheet": the sheet's own "provider" picks the adapter;
//   * a provider name with a single source ("gmo").
// Any other VRT zone is accepted as "sakura.vrt.<zone>".
// Thread-safety: pure (adapters are stateless).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "gpucat/adapter.h"
#include "gpucat/normalize.h"
#include "gpucat/status.h"

namespace gpucat::providers {

struct CheckTarget {
  const Adapter* adapter = nullptr;
  SourceSpec source;
};

// Errors: "unknown_source" (the message lists the known source ids),
// "ambiguous_source" (a parser name several providers have: name one).
Result<CheckTarget> FindCheckSource(const std::vector<std::unique_ptr<Adapter>>& adapters, std::string_view name,
                                    std::string_view body);

struct CheckInput {
  std::string source;      // SOURCE as above
  std::string body;        // the document's bytes
  std::string file;        // shown as provenance.file
  std::string fetched_at;  // RFC 3339; the caller's clock
  std::string sha256;      // of body (gpucat/sha256.h), for provenance
  NormalizeOptions options;
};

// {"source", "provider", "adapter_version", "as_of",
//  "error": null | {"code", "message"}   -- the document could not be read
//  "offers": [...], "rejects": [...], "skipped": n, "dropped": n,
//  "ok": true when there is no error and no reject (exit status 0)}.
// A Status error only for FindCheckSource's errors.
Result<nlohmann::json> CheckDocument(const CheckInput& input);

// JSON views used by check and the golden tests. Field names follow
// gpucat/view.h's OfferToJson, without the catalog's own fields.
nlohmann::json DraftJson(const OfferDraft& draft);
nlohmann::json OfferJson(const Offer& offer);
nlohmann::json RejectJson(const Reject& reject);

}  // namespace gpucat::providers
