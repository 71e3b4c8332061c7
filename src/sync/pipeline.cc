#include <set>

#include "gpucat/sync.h"

namespace gpucat {

Result<CheckResult> ParseAndNormalize(const Adapter& adapter, const Document& document,
                                      const NormalizeOptions& options) {
  auto parsed = adapter.Parse(document);
  if (!parsed.ok()) return parsed.status();
  CheckResult out;
  out.rejects = std::move(parsed.value().rejects);
  out.skipped = parsed.value().skipped;
  out.dropped = parsed.value().dropped;
  Provenance provenance = document.provenance;
  provenance.adapter_version = adapter.version();
  if (provenance.as_of.empty()) provenance.as_of = parsed.value().as_of;
  out.provenance = provenance;
  std::set<std::string> ids;
  for (const OfferDraft& draft : parsed.value().drafts) {
    auto result = Normalize(draft, provenance, options);
    if (auto* reject = std::get_if<Reject>(&result)) {
      out.rejects.push_back(std::move(*reject));
      continue;
    }
    Offer& offer = std::get<Offer>(result);
    // Two records for the same plan, place and unit: keep the first, so the
    // price shown is the document's first statement, and say so.
    if (!ids.insert(offer.id).second) {
      out.rejects.push_back(Reject{draft.provider, provenance.source_id, draft.locator, "duplicate_offer",
                                   "a second record for plan \"" + draft.plan + "\" in zone \"" + draft.zone +
                                       "\" billed per " + draft.unit + "; the first one is kept",
                                   draft.record_text});
      continue;
    }
    out.offers.push_back(std::move(offer));
  }
  return out;
}

Result<SyncSummary> SyncProvider(Catalog& catalog, const Adapter& adapter, Fetcher& fetcher,
                                 const ProviderConfig& config, const NormalizeOptions& options) {
  SyncBatch batch;
  batch.provider = adapter.name();
  batch.started_at = NowUtc();
  std::set<std::string> ids;
  for (const SourceSpec& source : adapter.sources(config)) {
    ConditionalState previous;
    if (auto state = catalog.GetSource(source.id); state.ok() && state.value()) {
      previous.etag = state.value()->etag;
      previous.last_modified = state.value()->last_modified;
    }
    auto failed = [&](Status error) {
      batch.failed_sources.push_back({source.id, source.kind, source.url, std::move(error)});
    };
    auto fetched = fetcher.Fetch(adapter.name(), source, previous);
    if (!fetched.ok()) {
      failed(fetched.status());
      continue;
    }
    if (fetched.value().not_modified) {
      batch.unchanged_sources.push_back(source.id);
      continue;
    }
    const Document& doc = *fetched.value().document;
    auto checked = ParseAndNormalize(adapter, doc, options);
    if (!checked.ok()) {
      failed(checked.status());
      continue;
    }
    batch.parsed_sources.push_back(checked.value().provenance);
    batch.validators[source.id] = {fetched.value().etag, fetched.value().last_modified};
    for (Offer& offer : checked.value().offers) {
      // The same offer id from two sources of one provider: keep the first.
      if (!ids.insert(offer.id).second) {
        batch.rejects.push_back(Reject{offer.provider, source.id, "", "duplicate_offer",
                                       "offer " + offer.id + " (" + offer.plan + ") already came from another source",
                                       ""});
        continue;
      }
      batch.offers.push_back(std::move(offer));
    }
    for (Reject& r : checked.value().rejects) batch.rejects.push_back(std::move(r));
    batch.skipped += checked.value().skipped;
    batch.dropped += checked.value().dropped;
  }
  return catalog.ApplySync(batch, NowUtc());
}

}  // namespace gpucat
