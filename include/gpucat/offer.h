// The normalized offer, and the draft an adapter produces before validation.
//
// Data flow: an adapter turns a provider document into OfferDrafts (strings as
// the provider spells them) and Rejects; Normalize() (gpucat/normalize.h) turns
// each draft into an Offer or a Reject. Only Offers reach the store.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gpucat/money.h"

namespace gpucat {

enum class TaxFlag { kIncluded, kExcluded, kUnknown };
enum class TimeUnit { kSecond, kMinute, kHour, kDay, kMonth };
enum class PricePer { kGpu, kInstance, kNode, kRack };
enum class PriceStatus { kListed, kQuote };
enum class Availability { kAvailable, kLimited, kSoldOut, kOnRequest, kUnknown };
enum class SourceKind { kApi, kPage, kSheet };

// Stable spellings used in the catalog, the API and offer sheets.
std::string_view ToString(TaxFlag v);       // included | excluded | unknown
std::string_view ToString(TimeUnit v);      // second | minute | hour | day | month
std::string_view ToString(PricePer v);      // gpu | instance | node | rack
std::string_view ToString(PriceStatus v);   // listed | quote
std::string_view ToString(Availability v);  // available | limited | sold_out | on_request | unknown
std::string_view ToString(SourceKind v);    // api | page | sheet
// Parsers: nullopt for anything but the exact spellings above.
std::optional<TaxFlag> ParseTaxFlag(std::string_view s);
std::optional<TimeUnit> ParseTimeUnit(std::string_view s);
std::optional<PricePer> ParsePricePer(std::string_view s);
std::optional<PriceStatus> ParsePriceStatus(std::string_view s);
std::optional<Availability> ParseAvailability(std::string_view s);
std::optional<SourceKind> ParseSourceKind(std::string_view s);

// Where a document came from. One per fetched source document; every offer
// parsed from it shares it.
struct Provenance {
  SourceKind kind = SourceKind::kApi;
  std::string source_id;        // stable id of the source, e.g. "sakura.vrt.is1a"
  std::string url;              // the provider URL the document is (or mirrors)
  std::string file;             // snapshot file read, empty when fetched live
  std::string fetched_at;       // RFC 3339 UTC: when gpucat read the document
  std::string as_of;            // RFC 3339 or date: when the source says its data held
  std::string sha256;           // hex SHA-256 of the document bytes
  std::string adapter_version;  // e.g. "sakura/1"
};

// What an adapter extracts from one record. Strings are as the provider (or
// sheet) wrote them; validation and normalization happen in Normalize(), so an
// adapter never decides whether a price is sane.
struct OfferDraft {
  std::string provider;  // "sakura"
  std::string product;   // "koukaryoku-vrt"
  std::string plan;      // as the provider spells it
  std::string display_name;
  std::string zone;        // zone/region id as the provider spells it ("is1a")
  std::string site;        // data-centre site ("石狩第1")
  std::string prefecture;  // "北海道"
  std::string gpu_name;    // any spelling; resolved by ResolveGpuModel()
  int64_t gpus_per_unit = 0;
  std::optional<int64_t> gpu_memory_gb;  // as the provider states it
  std::optional<int64_t> vcpus;
  std::optional<int64_t> ram_gb;
  std::string storage;  // free text ("4 TB NVMe"), empty if unknown
  std::optional<int64_t> nvlink_domain_gpus;
  std::string fabric;  // scale-out fabric ("InfiniBand NDR")
  std::optional<int64_t> fabric_gbps;
  std::string price_status;  // "listed" | "quote"
  std::string amount;        // decimal text; empty for quote
  std::string currency;      // "JPY"
  std::string tax;           // "included" | "excluded" | "unknown"
  std::string unit;          // "second" | ... | "month"
  std::string per;           // "gpu" | "instance" | "node" | "rack"
  std::optional<int64_t> min_billed_seconds;
  std::optional<int64_t> min_term_months;
  std::string billing_rule;  // "" = "metered"; see normalize.h kBillingRules
  std::string availability = "unknown";
  std::optional<int64_t> units_free;
  std::string availability_observed_at;  // defaults to the document's fetched_at
  std::string valid_from;                // price validity window, when published
  std::string valid_to;
  std::string notes;        // doubts, caveats, confidence (kept visible)
  std::string record_text;  // the raw record, kept if it is rejected
  std::string locator;      // where in the document (JSON pointer, table/row)
};

// A validated, normalized offer. Normalized prices are in 1/10,000 JPY
// (kMinorPerYen); they are nullopt exactly when price_status is kQuote.
struct Offer {
  std::string id;        // stable: derived from provider|product|plan|zone|unit
  std::string group_id;  // same plan at the same place, any billing unit
  std::string provider, product, plan, display_name;
  std::string zone, site, prefecture;
  std::string gpu_model;  // canonical id, e.g. "h100-80gb"
  std::string gpu_name;   // as the provider spelled it
  int64_t gpus_per_unit = 0;
  std::optional<int64_t> gpu_memory_gb;
  std::optional<int64_t> vcpus, ram_gb;
  std::string storage;
  std::optional<int64_t> nvlink_domain_gpus;
  std::string fabric;
  std::optional<int64_t> fabric_gbps;

  PriceStatus price_status = PriceStatus::kQuote;
  std::optional<Decimal> amount;  // as published
  std::string currency = "JPY";
  TaxFlag tax = TaxFlag::kUnknown;
  // Billing unit; nullopt only for a quote whose billing period is unknown.
  std::optional<TimeUnit> unit;
  PricePer per = PricePer::kInstance;
  std::optional<int64_t> min_billed_seconds;
  std::optional<int64_t> min_term_months;
  // How the provider turns usage into a bill (schema/README.md "Billing rules"):
  // "metered" | "capped-schedule" | "per-started-month".
  std::string billing_rule = "metered";
  // True when tax is kUnknown and the normalized prices therefore assume the
  // amount is tax-excluded (the conservative reading: never understates cost).
  bool tax_assumed = false;

  std::optional<int64_t> unit_hour_ex_minor, unit_hour_inc_minor;
  std::optional<int64_t> gpu_hour_ex_minor, gpu_hour_inc_minor;

  Availability availability = Availability::kUnknown;
  std::optional<int64_t> units_free;
  std::string availability_observed_at;
  std::string valid_from, valid_to;
  std::string notes;

  Provenance provenance;

  // Equality of everything a buyer pays for: used to decide whether a
  // re-synced offer's price changed (a history row) or not.
  bool SamePriceAs(const Offer& o) const;
};

// A record that did not become an offer, kept for inspection.
struct Reject {
  std::string provider;
  std::string source_id;
  std::string locator;      // where in the document: JSON pointer, table/row, ...
  std::string reason_code;  // stable snake_case code (see schema/README.md)
  std::string detail;       // human-readable
  std::string record_text;  // the record as it was in the document
};

}  // namespace gpucat
