// JSON views of catalog records: the one place that decides field names, so
// the HTTP API, the CLI's --format json and the storefront agree.
// Money appears twice: as integers in 1/10,000 JPY ("*_minor") for machines,
// and as exact decimal strings in yen ("*_yen") for people. Never as floats.
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "gpucat/catalog.h"
#include "gpucat/gpu_models.h"

namespace gpucat {

nlohmann::json OfferToJson(const StoredOffer& offer);
nlohmann::json HistoryToJson(const HistoryEntry& entry);
nlohmann::json ChangeToJson(const ChangeEvent& event);
nlohmann::json SyncRunToJson(const SyncRun& run);
nlohmann::json ProviderToJson(const ProviderStatus& provider);
nlohmann::json RejectToJson(const StoredReject& reject);
nlohmann::json SyncSummaryToJson(const SyncSummary& summary);
// A GPU reference-table row; figures nullopt in the table are null.
nlohmann::json GpuModelToJson(const GpuModel& model);
// {"minor": 9000000, "yen": "900.0000"} or null.
nlohmann::json MoneyJson(const std::optional<int64_t>& minor);

}  // namespace gpucat
