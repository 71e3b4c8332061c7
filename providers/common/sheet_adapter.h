// An adapter whose only source is one offer sheet (gmo, kddi): the sheet is
// the whole of what gpucat knows about the provider's offers.
//
// Configuration key `sheet_url`: where a live sheet is served. Unset, the
// sheet is read from the snapshot directory only (params["fetch"] =
// "snapshot") and `page_url`, the page the sheet stands for, is its URL of
// record (provenance), not something to fetch.
#pragma once

#include <memory>
#include <string>

#include "gpucat/adapter.h"

namespace gpucat::providers {

struct SheetAdapterSpec {
  std::string name;       // "gmo"
  std::string version;    // "gmo/1"
  std::string source_id;  // "gmo.sheet"
  std::string page_url;   // provenance when no sheet_url is configured
};

std::unique_ptr<Adapter> MakeSheetAdapter(SheetAdapterSpec spec);

}  // namespace gpucat::providers
