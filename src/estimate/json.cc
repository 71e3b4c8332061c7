// JSON rendering of estimates for the HTTP API and the CLI's --format json.
// Money is always MoneyJson: {"minor": int (1/10,000 JPY), "yen": "decimal"}.
#include "gpucat/estimate.h"
#include "gpucat/view.h"

namespace gpucat {

using nlohmann::json;

namespace {

json Money(int64_t minor) { return MoneyJson(minor); }

json NotesJson(const std::vector<EstimateNote>& notes) {
  json out = json::array();
  for (const auto& n : notes) out.push_back({{"code", n.code}, {"en", n.en}, {"ja", n.ja}});
  return out;
}

json LineJson(const EstimateLine& l, TaxFlag tax) {
  return json{{"offer_id", l.offer_id},
              {"kind", l.kind},
              {"unit", ToString(l.unit)},
              {"quantity", l.quantity},
              {"count", l.count},
              {"unit_price", l.unit_price.ToString()},
              {"amount", Money(l.amount_minor)},
              {"tax", ToString(tax)},
              {"en", l.en},
              {"ja", l.ja}};
}

}  // namespace

json EstimateToJson(const Estimate& e) {
  json lines = json::array();
  for (const auto& l : e.lines) lines.push_back(LineJson(l, e.published_tax));
  json alternatives = json::array();
  for (const auto& a : e.alternatives) {
    alternatives.push_back({{"offer_ids", a.offer_ids},
                            {"billing_rule", a.billing_rule},
                            {"total", {{"ex_tax", Money(a.total_ex_minor)}, {"inc_tax", Money(a.total_inc_minor)}}}});
  }
  return json{
      {"group_id", e.group_id},
      {"offer_ids", e.offer_ids},
      {"provider", e.provider},
      {"product", e.product},
      {"plan", e.plan},
      {"display_name", e.display_name},
      {"location", {{"zone", e.zone}, {"site", e.site}}},
      {"gpu_model", e.gpu_model},
      {"billing_rule", e.billing_rule},
      {"units",
       {{"count", e.units},
        {"per", ToString(e.per)},
        {"gpus_per_unit", e.gpus_per_unit},
        {"domain_gpus", e.domain_gpus},
        {"billed_quantity", e.billed_quantity},
        {"gpus_billed", e.gpus_billed}}},
      {"billed_duration", {{"unit", ToString(e.billed_unit)}, {"count", e.billed_count}}},
      {"published_tax", ToString(e.published_tax)},
      {"tax_assumed_excluded", e.tax_assumed},
      {"total", {{"ex_tax", Money(e.total_ex_minor)}, {"inc_tax", Money(e.total_inc_minor)}}},
      {"gpu_hour", {{"ex_tax", Money(e.gpu_hour_ex_minor)}, {"inc_tax", Money(e.gpu_hour_inc_minor)}}},
      {"lines", lines},
      {"notes", NotesJson(e.notes)},
      {"alternatives", alternatives},
      {"stale", e.stale},
  };
}

json EstimateResultToJson(const EstimateResult& r) {
  json estimates = json::array();
  for (const auto& e : r.estimates) estimates.push_back(EstimateToJson(e));
  json excluded = json::array();
  for (const auto& u : r.excluded) {
    excluded.push_back({{"group_id", u.group_id},
                        {"offer_ids", u.offer_ids},
                        {"provider", u.provider},
                        {"product", u.product},
                        {"plan", u.plan},
                        {"display_name", u.display_name},
                        {"location", {{"zone", u.zone}}},
                        {"reason", u.reason},
                        {"detail", u.detail}});
  }
  const int64_t offset = r.period.utc_offset_seconds;
  return json{
      {"request",
       {{"gpu", r.request.gpu_model},
        {"gpus", r.request.gpus},
        {"same_domain", r.request.same_domain},
        {"tax_basis", ToString(r.request.tax_basis)}}},
      {"period",
       {{"start", FormatBillingInstant(r.period.start, offset)},
        {"end", FormatBillingInstant(r.period.end, offset)},
        {"seconds", r.period.seconds()},
        {"start_assumed", r.period.start_assumed},
        {"calendar_utc_offset", FormatBillingInstant(0, offset).substr(19)}}},
      {"minor_unit", "1/10000 JPY"},
      {"assumptions", NotesJson(r.assumptions)},
      {"estimates", estimates},
      {"excluded", excluded},
  };
}

}  // namespace gpucat
