// The exception boundary of Adapter::Parse: the adapter contract says Parse
// never throws. Parsers return Status values for every expected problem; this
// catches what is left (std::bad_alloc, a bug surfacing as std::out_of_range)
// and reports it as the document-level error source_unparseable, so that one
// bad document can never take a sync down.
#pragma once

#include <exception>
#include <string>

#include "gpucat/adapter.h"
#include "gpucat/status.h"

namespace gpucat::providers {

template <class Fn>
Result<ParseResult> Guarded(Fn&& fn) noexcept {
  try {
    return fn();
  } catch (const std::exception& e) {
    return Status::Error("source_unparseable", std::string("parser failed: ") + e.what());
  } catch (...) {
    return Status::Error("source_unparseable", "parser failed");
  }
}

}  // namespace gpucat::providers
