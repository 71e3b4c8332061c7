// The sync pipeline: fetch -> adapter -> normalize + validate -> store.
//
// One provider at a time, each as one catalog transaction. A source that
// cannot be fetched or parsed keeps its previous offers (the failure is
// recorded in the sync run and on the source); other sources and providers
// sync normally.
// Thread-safety: uses the given Catalog and Fetcher from the calling thread.
#pragma once

#include <string>
#include <vector>

#include "gpucat/adapter.h"
#include "gpucat/catalog.h"
#include "gpucat/fetch.h"
#include "gpucat/normalize.h"

namespace gpucat {

struct ProviderSyncOutcome {
  std::string provider;
  Status status;        // ok unless the catalog write itself failed
  SyncSummary summary;  // valid when status.ok()
};

// Syncs one provider. Errors are the catalog's (see Catalog::ApplySync); fetch
// and parse failures are not errors here: they are in summary.status/error.
Result<SyncSummary> SyncProvider(Catalog& catalog, const Adapter& adapter, Fetcher& fetcher,
                                 const ProviderConfig& config, const NormalizeOptions& options = {});

// Parses + normalizes one document with one adapter, without a catalog:
// what `gpucat check` prints. Duplicate offer ids become "duplicate_offer" rejects.
struct CheckResult {
  Provenance provenance;  // the document's, with adapter_version and the as_of it states
  std::vector<Offer> offers;
  std::vector<Reject> rejects;
  int64_t skipped = 0, dropped = 0;
};
Result<CheckResult> ParseAndNormalize(const Adapter& adapter, const Document& document,
                                      const NormalizeOptions& options = {});

}  // namespace gpucat
