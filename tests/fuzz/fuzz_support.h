// Shared by the libFuzzer targets (tests/fuzz/README.md): an oracle that
// aborts with a message (libFuzzer saves the input as a crash artifact), and
// the parser-target driver that checks the adapter contract (gpucat/adapter.h)
// on every input, not only "did not crash".
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "gpucat/adapter.h"
#include "gpucat/gpu_models.h"
#include "gpucat/normalize.h"
#include "gpucat/sha256.h"
#include "gpucat/sync.h"

namespace gpucat::fuzz {

// A broken invariant: print it and abort, so libFuzzer reports a crash and
// keeps the input.
[[noreturn]] inline void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz invariant broken: %s: %s\n", what, detail.c_str());
  std::abort();
}
#define FUZZ_CHECK(cond, detail)                        \
  do {                                                  \
    if (!(cond)) ::gpucat::fuzz::Fail(#cond, (detail)); \
  } while (0)

inline bool OneOf(const std::string& code, std::initializer_list<const char*> codes) {
  for (const char* c : codes) {
    if (code == c) return true;
  }
  return false;
}

// The adapter named `provider`, built once.
inline const Adapter& AdapterNamed(const std::string& provider) {
  static const auto adapters = AllAdapters();
  for (const auto& a : adapters) {
    if (a->name() == provider) return *a;
  }
  Fail("adapter exists", provider);
}

// One document through the adapter and Normalize() (what `gpucat check` and
// the sync do), then the contract:
//  * a document-level error has one of the documented codes;
//  * otherwise every offer is valid: unique id, a known GPU model, a positive
//    GPU count, prices exactly when listed, and GPU-hour prices within the
//    normalization band; every reject carries a reason code.
inline void ParseDocument(const std::string& provider, const std::string& parser, const uint8_t* data, size_t size) {
  const Adapter& adapter = AdapterNamed(provider);
  Document doc;
  doc.source.id = provider + ".fuzz";
  doc.source.parser = parser;
  doc.source.url = "https://fuzz.invalid/" + parser;
  doc.body.assign(reinterpret_cast<const char*>(data), size);
  doc.provenance.source_id = doc.source.id;
  doc.provenance.url = doc.source.url;
  doc.provenance.fetched_at = "2026-11-22T00:00:00Z";
  doc.provenance.sha256 = Sha256Hex(doc.body);

  const NormalizeOptions options;
  auto checked = ParseAndNormalize(adapter, doc, options);
  if (!checked.ok()) {
    const Status error = checked.status();  // status() returns a copy: keep it
    FUZZ_CHECK(OneOf(error.code(), {"source_unparseable", "source_format_changed", "source_empty",
                                    "sheet_header_invalid", "sheet_provider_mismatch"}),
               error.ToString());
    FUZZ_CHECK(!error.message().empty(), error.code());
    return;
  }
  std::set<std::string> ids;
  for (const Offer& o : checked.value().offers) {
    FUZZ_CHECK(!o.id.empty(), o.plan);
    FUZZ_CHECK(ids.insert(o.id).second, o.id);
    FUZZ_CHECK(o.provider == provider, o.provider);
    FUZZ_CHECK(FindGpuModel(o.gpu_model) != nullptr, o.gpu_model);
    FUZZ_CHECK(o.gpus_per_unit > 0, o.id);
    if (o.price_status == PriceStatus::kListed) {
      FUZZ_CHECK(o.amount.has_value() && o.unit.has_value(), o.id);
      FUZZ_CHECK(o.gpu_hour_ex_minor && o.gpu_hour_inc_minor, o.id);
      FUZZ_CHECK(*o.gpu_hour_ex_minor >= options.min_gpu_hour_minor, o.id);
      FUZZ_CHECK(*o.gpu_hour_ex_minor <= options.max_gpu_hour_minor, o.id);
      FUZZ_CHECK(*o.gpu_hour_inc_minor >= *o.gpu_hour_ex_minor, o.id);
    } else {
      FUZZ_CHECK(!o.amount && !o.gpu_hour_ex_minor && !o.gpu_hour_inc_minor, o.id);
    }
  }
  for (const Reject& r : checked.value().rejects) FUZZ_CHECK(!r.reason_code.empty(), r.locator);
}

}  // namespace gpucat::fuzz
