// The provider adapter contract.
//
// An adapter knows one provider's native formats and nothing else: it never
// sees the store, HTTP or the network. It lists the sources it reads (given the
// provider's configuration) and parses one fetched Document at a time into
// drafts and rejects. All adapters are registered in providers/registry.cc.
//
// Contract of Parse():
//  * ok: every record of the document is accounted for: a draft, a reject (with
//    a precise reason code and a locator), a silent skip (records that are not
//    GPU offers, counted in `skipped`) or a deliberate drop (records that must
//    never be published, e.g. DOK's is_overridden rows, counted in `dropped`).
//  * error Status: the document as a whole cannot be read (not JSON, not HTML
//    with the expected table, wrong envelope). The sync then keeps the source's
//    previous offers. Codes: "source_unparseable", "source_format_changed",
//    "source_empty".
//  * never throws for any input; never invents a price (a price it cannot read
//    is a reject; a price the provider does not publish is a quote draft).
// Thread-safety: Parse() is const and re-entrant.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gpucat/offer.h"
#include "gpucat/status.h"

namespace gpucat {

// One document an adapter reads.
struct SourceSpec {
  std::string id;  // stable, unique across providers: "sakura.vrt.is1a"
  SourceKind kind = SourceKind::kApi;
  std::string parser;                         // which of the adapter's parsers reads it
  std::string url;                            // live URL (also recorded as provenance offline)
  std::string snapshot_file;                  // file name under the provider's snapshot dir
  std::map<std::string, std::string> params;  // e.g. {"zone": "is1a"}
  // Live fetching only: extra request headers and Basic-auth credentials.
  // Credentials are never logged nor stored.
  std::map<std::string, std::string> headers;
  std::string basic_user, basic_password;
};

// A fetched document, with the provenance of its bytes.
struct Document {
  SourceSpec source;
  std::string body;
  Provenance provenance;  // kind, source_id, url, file, fetched_at, as_of, sha256
};

struct ParseResult {
  std::vector<OfferDraft> drafts;
  std::vector<Reject> rejects;
  int64_t skipped = 0;  // records that are not offers gpucat carries (non-GPU plans)
  int64_t dropped = 0;  // records that must never be published (account-specific)
  std::string as_of;    // set when the document itself states its date
};

// Provider configuration: "key" -> value, from the config file with
// environment overrides applied (see README "Configuration").
using ProviderConfig = std::map<std::string, std::string>;

class Adapter {
 public:
  virtual ~Adapter() = default;
  // Provider name as used in ids and the API: "sakura", "gpusoroban", ...
  virtual std::string name() const = 0;
  // "<name>/<integer>", bumped whenever parsing output changes.
  virtual std::string version() const = 0;
  // The documents this provider's offers come from, for this configuration.
  virtual std::vector<SourceSpec> sources(const ProviderConfig& config) const = 0;
  // See the contract above.
  virtual Result<ParseResult> Parse(const Document& document) const = 0;
};

// All registered adapters, in a stable order (providers/registry.cc).
std::vector<std::unique_ptr<Adapter>> AllAdapters();

}  // namespace gpucat
