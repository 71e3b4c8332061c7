#include "common/collect.h"

#include <map>
#include <tuple>
#include <utility>

#include "common/reasons.h"
#include "gpucat/gpu_models.h"
#include "gpucat/normalize.h"

namespace gpucat::providers {
namespace {

// Everything a buyer pays for, as the draft states it.
auto PriceKey(const OfferDraft& d) {
  return std::tie(d.price_status, d.amount, d.currency, d.tax, d.unit, d.per, d.gpus_per_unit, d.min_billed_seconds,
                  d.min_term_months, d.valid_from, d.valid_to);
}

}  // namespace

void Collector::Add(OfferDraft draft, std::string locator) {
  draft.locator = locator;  // Normalize() copies it into any Reject it makes
  drafts_.push_back(Located{std::move(draft), std::move(locator)});
}

void Collector::Reject(std::string locator, std::string reason_code, std::string detail, std::string record_text) {
  gpucat::Reject r;
  r.provider = provider_;
  r.source_id = source_id_;
  r.locator = std::move(locator);
  r.reason_code = std::move(reason_code);
  r.detail = std::move(detail);
  r.record_text = std::move(record_text);
  rejects_.push_back(std::move(r));
}

bool Collector::CheckGpu(const OfferDraft& draft, const std::string& locator) {
  if (draft.gpu_name.empty()) {
    Reject(locator, gpucat::reason::kMissingGpuModel, "no GPU model named", draft.record_text);
    return false;
  }
  if (!ResolveGpuModel(draft.gpu_name)) {
    Reject(locator, gpucat::reason::kUnknownGpuModel, "unknown GPU model \"" + draft.gpu_name + "\"",
           draft.record_text);
    return false;
  }
  return true;
}

ParseResult Collector::Finish() && {
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<Key, std::vector<size_t>> groups;
  for (size_t i = 0; i < drafts_.size(); ++i) {
    const OfferDraft& d = drafts_[i].draft;
    groups[Key{d.product, d.plan, d.zone, d.unit}].push_back(i);
  }
  std::vector<bool> keep(drafts_.size(), true);
  for (const auto& [key, idx] : groups) {
    if (idx.size() < 2) continue;
    bool same = true;
    for (size_t k = 1; k < idx.size(); ++k) {
      same = same && PriceKey(drafts_[idx[k]].draft) == PriceKey(drafts_[idx[0]].draft);
    }
    const std::string first_loc = drafts_[idx[0]].locator;
    for (size_t k = same ? 1 : 0; k < idx.size(); ++k) {
      const Located& l = drafts_[idx[k]];
      keep[idx[k]] = false;
      if (same) {
        Reject(l.locator, reason::kDuplicateOffer,
               "same plan, zone and unit as " + first_loc + " (same price; first kept)", l.draft.record_text);
      } else {
        Reject(l.locator, reason::kConflictingDuplicate,
               "plan \"" + l.draft.plan + "\" (" + l.draft.unit + ") appears " + std::to_string(idx.size()) +
                   " times with different prices; none kept",
               l.draft.record_text);
      }
    }
  }
  ParseResult out;
  for (size_t i = 0; i < drafts_.size(); ++i) {
    if (keep[i]) out.drafts.push_back(std::move(drafts_[i].draft));
  }
  out.rejects = std::move(rejects_);
  out.skipped = skipped_;
  out.dropped = dropped_;
  out.as_of = std::move(as_of_);
  return out;
}

}  // namespace gpucat::providers
