#include "gpucat/view.h"

namespace gpucat {

using nlohmann::json;

namespace {
json Opt(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }
json OptText(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
}  // namespace

json MoneyJson(const std::optional<int64_t>& minor) {
  if (!minor) return nullptr;
  return json{{"minor", *minor}, {"yen", FormatMinorAsYen(*minor)}};
}

json OfferToJson(const StoredOffer& so) {
  const Offer& o = so.offer;
  const auto& p = o.provenance;
  json price = {
      {"status", ToString(o.price_status)},
      {"amount", o.amount ? json(o.amount->ToString()) : json(nullptr)},
      {"currency", o.currency},
      {"tax", ToString(o.tax)},
      {"unit", o.unit ? json(ToString(*o.unit)) : json(nullptr)},
      {"per", ToString(o.per)},
      {"min_billed_seconds", Opt(o.min_billed_seconds)},
      {"min_term_months", Opt(o.min_term_months)},
      {"billing_rule", o.billing_rule},
      {"valid_from", OptText(o.valid_from)},
      {"valid_to", OptText(o.valid_to)},
  };
  json normalized = {
      {"minor_unit", "1/10000 JPY"},
      {"tax_rate_percent", kJapanStandardTax.rate_percent},
      {"tax_assumed_excluded", o.tax_assumed},
      {"gpu_hour", {{"ex_tax", MoneyJson(o.gpu_hour_ex_minor)}, {"inc_tax", MoneyJson(o.gpu_hour_inc_minor)}}},
      {"unit_hour", {{"ex_tax", MoneyJson(o.unit_hour_ex_minor)}, {"inc_tax", MoneyJson(o.unit_hour_inc_minor)}}},
  };
  return json{
      {"id", o.id},
      {"group_id", o.group_id},
      {"provider", o.provider},
      {"product", o.product},
      {"plan", o.plan},
      {"display_name", o.display_name},
      {"location", {{"zone", o.zone}, {"site", o.site}, {"prefecture", o.prefecture}}},
      {"gpu",
       {{"model", o.gpu_model}, {"name", o.gpu_name}, {"count", o.gpus_per_unit}, {"memory_gb", Opt(o.gpu_memory_gb)}}},
      {"host", {{"vcpus", Opt(o.vcpus)}, {"ram_gb", Opt(o.ram_gb)}, {"storage", OptText(o.storage)}}},
      {"interconnect",
       {{"nvlink_domain_gpus", Opt(o.nvlink_domain_gpus)},
        {"fabric", OptText(o.fabric)},
        {"fabric_gbps", Opt(o.fabric_gbps)}}},
      {"price", price},
      {"normalized", normalized},
      {"availability",
       {{"status", ToString(o.availability)},
        {"units_free", Opt(o.units_free)},
        {"observed_at", OptText(o.availability_observed_at)}}},
      {"notes", OptText(o.notes)},
      {"provenance",
       {{"source_kind", ToString(p.kind)},
        {"source_id", p.source_id},
        {"url", OptText(p.url)},
        {"file", OptText(p.file)},
        {"fetched_at", OptText(p.fetched_at)},
        {"as_of", OptText(p.as_of)},
        {"sha256", p.sha256},
        {"adapter_version", p.adapter_version}}},
      {"status", so.status},
      {"first_seen", so.first_seen},
      {"last_seen", so.last_seen},
      {"withdrawn_at", OptText(so.withdrawn_at)},
      {"age_seconds", so.age_seconds},
      {"stale", so.stale},
  };
}

json HistoryToJson(const HistoryEntry& h) {
  return json{
      {"id", h.id},
      {"offer_id", h.offer_id},
      {"observed_at", h.observed_at},
      {"event", h.event},
      {"price_status", h.price_status},
      {"amount", h.amount ? json(h.amount->ToString()) : json(nullptr)},
      {"tax", h.tax},
      {"unit", OptText(h.unit)},
      {"per", h.per},
      {"gpu_hour", {{"ex_tax", MoneyJson(h.gpu_hour_ex_minor)}, {"inc_tax", MoneyJson(h.gpu_hour_inc_minor)}}},
      {"unit_hour", {{"ex_tax", MoneyJson(h.unit_hour_ex_minor)}, {"inc_tax", MoneyJson(h.unit_hour_inc_minor)}}},
      {"source_sha256", h.source_sha256},
      {"catalog_version", h.catalog_version}};
}

json ChangeToJson(const ChangeEvent& e) {
  auto parse = [](const std::string& s) { return json::parse(s, nullptr, false); };
  return json{{"seq", e.seq},
              {"offer_id", e.offer_id},
              {"provider", e.provider},
              {"kind", e.kind},
              {"at", e.at},
              {"catalog_version", e.catalog_version},
              {"before", parse(e.before_json)},
              {"after", parse(e.after_json)}};
}

json SyncRunToJson(const SyncRun& r) {
  return json{
      {"id", r.id},           {"provider", r.provider},    {"started_at", r.started_at}, {"finished_at", r.finished_at},
      {"status", r.status},   {"error", OptText(r.error)}, {"offers", r.offers},         {"new", r.new_offers},
      {"changed", r.changed}, {"withdrawn", r.withdrawn},  {"rejected", r.rejected},     {"dropped", r.dropped},
      {"skipped", r.skipped}};
}

json ProviderToJson(const ProviderStatus& p) {
  return json{{"provider", p.provider},
              {"status", p.last_run ? json(p.last_run->status) : json("never_synced")},
              {"last_sync", p.last_run ? SyncRunToJson(*p.last_run) : json(nullptr)},
              {"error", p.last_run ? OptText(p.last_run->error) : json(nullptr)},
              {"last_success_at", OptText(p.last_success_at)},
              {"age_seconds", Opt(p.age_seconds)},
              {"stale", p.stale},
              // Records the last sync could not turn into offers; inspect them
              // at /v1/providers/{name}/rejects.
              {"rejects", {{"last_sync", p.last_run ? p.last_run->rejected : 0}}},
              {"offers",
               {{"active", p.active_offers},
                {"listed", p.listed_offers},
                {"quote", p.quote_offers},
                {"stale", p.stale_offers},
                {"withdrawn", p.withdrawn_offers}}}};
}

json RejectToJson(const StoredReject& r) {
  return json{{"id", r.id},
              {"sync_run_id", r.run_id},
              {"at", r.at},
              {"provider", r.reject.provider},
              {"source_id", r.reject.source_id},
              {"locator", r.reject.locator},
              {"reason", r.reject.reason_code},
              {"detail", r.reject.detail},
              {"record", r.reject.record_text}};
}

json SyncSummaryToJson(const SyncSummary& s) {
  return json{{"run_id", s.run_id},
              {"provider", s.provider},
              {"status", s.status},
              {"offers", s.offers},
              {"new", s.new_offers},
              {"changed", s.changed},
              {"withdrawn", s.withdrawn},
              {"rejected", s.rejected},
              {"dropped", s.dropped},
              {"skipped", s.skipped},
              {"history_rows", s.history_rows},
              {"catalog_version", s.catalog_version},
              {"error", OptText(s.error)}};
}

json GpuModelToJson(const GpuModel& m) {
  return json{{"id", m.id},
              {"name", m.name},
              {"vendor", m.vendor},
              {"architecture", m.architecture},
              {"memory_gb", m.memory_gb},
              {"memory_type", m.memory_type},
              {"memory_bandwidth_gbps", Opt(m.memory_bandwidth_gbps)},
              {"bf16_dense_tflops", Opt(m.bf16_dense_tflops)},
              {"fp8_dense_tflops", Opt(m.fp8_dense_tflops)},
              {"source", m.source},
              {"note", OptText(m.note)}};
}

}  // namespace gpucat
