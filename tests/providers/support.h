// Helpers of the adapter tests: run one document through an adapter and
// Normalize(), compare with golden files, and table-driven malformed cases.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gpucat/adapter.h"
#include "gpucat/offer.h"
#include "gpucat/status.h"

namespace gpucat::testing_providers {

// Every test document is "fetched" at this time (DOK validity windows use it).
inline constexpr const char* kFetchedAt = "2026-11-22T00:00:00Z";

std::string ReadFile(const std::string& path);
// providers/<provider>/snapshots/<file> under the source tree.
std::string Snapshot(const std::string& provider, const std::string& file);

struct Outcome {
  Status error;                 // the document-level error, if any
  ParseResult parsed;           // valid when error.ok()
  std::vector<Offer> offers;    // drafts that Normalize() accepted
  std::vector<Reject> rejects;  // the adapter's, then Normalize()'s
};

// Parses `body` as source `source_id` ("sakura.vrt.is1a", ...) and
// normalizes every draft with the document's provenance.
Outcome Run(const std::string& source_id, const std::string& body);

// A draft as JSON (golden files).
nlohmann::json DraftJson(const OfferDraft& draft);

// The golden view of an outcome: drafts, offers, rejects, counts, as_of.
nlohmann::json OutcomeJson(const Outcome& outcome);

// Compares with tests/providers/golden/<name>.json; with the environment
// variable GPUCAT_UPDATE_GOLDEN=1 it (re)writes the file instead, for review.
void CheckGolden(const std::string& name, const nlohmann::json& actual);

// A malformed variant of a document and what it must produce.
struct Case {
  Case(std::string n, std::string b, std::string c, std::string l = "", int o = -1, int k = 1)
      : name(std::move(n)), body(std::move(b)), code(std::move(c)), locator(std::move(l)), offers(o), count(k) {}
  std::string name;
  std::string body;
  std::string code;     // the document error code, or the reject reason code
  std::string locator;  // for a reject: its locator ("" = not checked)
  int offers = -1;      // expected number of offers (-1 = not checked)
  int count = 1;        // rejects expected with this code and locator
};

// Runs the cases: a document error must have exactly `code`; otherwise
// exactly `count` rejects must have `code` (and `locator`), and every offer's
// amount must be one of `known_amounts` (never a wrong price).
void RunCases(const std::string& source_id, const std::vector<Case>& cases, const std::set<std::string>& known_amounts);

// Replaces the first occurrence of `from` in `s` (which must occur).
std::string Replace(std::string s, const std::string& from, const std::string& to);

}  // namespace gpucat::testing_providers
