// Collector: how an adapter accumulates one document's drafts, rejects and
// counts, and turns them into a ParseResult.
//
// Finish() applies the rule every adapter shares: one offer per
// (product, plan, zone, unit) per document. Copies with the same price keep
// the first (later ones: duplicate_offer); copies that disagree are all
// rejected (conflicting_duplicate), never resolved by guessing.
#pragma once

#include <string>
#include <vector>

#include "gpucat/adapter.h"
#include "gpucat/offer.h"

namespace gpucat::providers {

class Collector {
 public:
  Collector(std::string provider, std::string source_id)
      : provider_(std::move(provider)), source_id_(std::move(source_id)) {}

  // A draft, with where it came from (JSON pointer, table/row).
  void Add(OfferDraft draft, std::string locator);
  void Reject(std::string locator, std::string reason_code, std::string detail, std::string record_text);
  // Checks that draft.gpu_name names a known GPU model; on failure records a
  // reject (missing_gpu_model / unknown_gpu_model) and returns false.
  bool CheckGpu(const OfferDraft& draft, const std::string& locator);
  void Skip() { ++skipped_; }
  void Drop() { ++dropped_; }
  void SetAsOf(std::string as_of) { as_of_ = std::move(as_of); }

  ParseResult Finish() &&;

 private:
  struct Located {
    OfferDraft draft;
    std::string locator;
  };
  std::string provider_, source_id_, as_of_;
  std::vector<Located> drafts_;
  std::vector<gpucat::Reject> rejects_;
  int64_t skipped_ = 0, dropped_ = 0;
};

}  // namespace gpucat::providers
