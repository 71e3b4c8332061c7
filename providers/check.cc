#include "check.h"

#include <utility>
#include <variant>

#include "common/json_exact.h"

namespace gpucat::providers {
namespace {

using nlohmann::json;

json Opt(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }
json OptText(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
json Money(const std::optional<int64_t>& minor) {
  if (!minor) return nullptr;
  return json{{"minor", *minor}, {"yen", FormatMinorAsYen(*minor)}};
}

std::string SplitProvider(std::string_view name, std::string& rest) {
  const size_t dot = name.find('.');
  if (dot == std::string_view::npos) {
    rest.clear();
    return std::string(name);
  }
  rest = std::string(name.substr(dot + 1));
  return std::string(name.substr(0, dot));
}

std::string KnownSources(const std::vector<std::unique_ptr<Adapter>>& adapters) {
  std::string out;
  for (const auto& a : adapters) {
    for (const SourceSpec& s : a->sources({})) out += (out.empty() ? "" : ", ") + s.id;
  }
  return out;
}

}  // namespace

Result<CheckTarget> FindCheckSource(const std::vector<std::unique_ptr<Adapter>>& adapters, std::string_view name,
                                    std::string_view body) {
  // 1. An exact source id; 2. <provider>.<parser>.
  std::string rest;
  const std::string provider = SplitProvider(name, rest);
  for (const auto& a : adapters) {
    for (const SourceSpec& s : a->sources({})) {
      if (s.id == name || (a->name() == provider && s.parser == rest)) return CheckTarget{a.get(), s};
    }
  }
  // A VRT zone that is not in the default list.
  if (provider == "sakura" && rest.rfind("vrt.", 0) == 0) {
    ProviderConfig config{{"zones", rest.substr(4)}};
    for (const auto& a : adapters) {
      if (a->name() != "sakura") continue;
      for (const SourceSpec& s : a->sources(config)) {
        if (s.id == name) return CheckTarget{a.get(), s};
      }
    }
  }
  // 3. "sheet": the document says whose it is.
  if (name == "sheet") {
    Result<Json> doc = ParseJsonExact(body);
    if (doc.ok() && doc.value().is_object() && doc.value().contains("provider") &&
        doc.value().at("provider").is_string()) {
      const std::string owner = doc.value().at("provider").get<std::string>();
      for (const auto& a : adapters) {
        if (a->name() != owner) continue;
        for (const SourceSpec& s : a->sources({})) {
          if (s.parser == "sheet") return CheckTarget{a.get(), s};
        }
      }
    }
  }
  // 4. A parser name one provider has; 5. a provider with one source.
  std::vector<CheckTarget> found;
  for (const auto& a : adapters) {
    const std::vector<SourceSpec> sources = a->sources({});
    for (const SourceSpec& s : sources) {
      if (s.parser == name) {
        found.push_back({a.get(), s});
        break;  // one per provider: zones share the parser
      }
    }
    if (a->name() == name && sources.size() == 1) found.push_back({a.get(), sources[0]});
  }
  if (found.size() == 1) return found[0];
  if (found.size() > 1) {
    return Status::Error("ambiguous_source", "\"" + std::string(name) + "\" names sources of several providers; " +
                                                 "use one of: " + KnownSources(adapters));
  }
  return Status::Error("unknown_source",
                       "no source \"" + std::string(name) + "\"; known sources: " + KnownSources(adapters));
}

Result<json> CheckDocument(const CheckInput& input) {
  const std::vector<std::unique_ptr<Adapter>> adapters = AllAdapters();
  Result<CheckTarget> target = FindCheckSource(adapters, input.source, input.body);
  if (!target.ok()) return target.status();
  const Adapter& adapter = *target.value().adapter;
  Document doc;
  doc.source = target.value().source;
  doc.body = input.body;
  doc.provenance.kind = doc.source.kind;
  doc.provenance.source_id = doc.source.id;
  doc.provenance.url = doc.source.url;
  doc.provenance.file = input.file;
  doc.provenance.fetched_at = input.fetched_at;
  doc.provenance.sha256 = input.sha256;
  doc.provenance.adapter_version = adapter.version();

  json out = {{"source", doc.source.id},
              {"provider", adapter.name()},
              {"adapter_version", adapter.version()},
              {"as_of", nullptr},
              {"error", nullptr},
              {"offers", json::array()},
              {"rejects", json::array()},
              {"skipped", 0},
              {"dropped", 0}};
  Result<ParseResult> parsed = adapter.Parse(doc);
  if (!parsed.ok()) {
    out["error"] = {{"code", parsed.status().code()}, {"message", parsed.status().message()}};
    out["ok"] = false;
    return out;
  }
  ParseResult& r = parsed.value();
  if (!r.as_of.empty()) {
    out["as_of"] = r.as_of;
    doc.provenance.as_of = r.as_of;
  }
  for (const Reject& rej : r.rejects) out["rejects"].push_back(RejectJson(rej));
  for (const OfferDraft& d : r.drafts) {
    std::variant<Offer, Reject> n = Normalize(d, doc.provenance, input.options);
    if (auto* o = std::get_if<Offer>(&n)) {
      out["offers"].push_back(OfferJson(*o));
    } else {
      out["rejects"].push_back(RejectJson(std::get<Reject>(n)));
    }
  }
  out["skipped"] = r.skipped;
  out["dropped"] = r.dropped;
  out["ok"] = out["rejects"].empty();
  return out;
}

json DraftJson(const OfferDraft& d) {
  return json{{"provider", d.provider},
              {"product", d.product},
              {"plan", d.plan},
              {"display_name", d.display_name},
              {"zone", d.zone},
              {"site", d.site},
              {"prefecture", d.prefecture},
              {"gpu_name", d.gpu_name},
              {"gpus_per_unit", d.gpus_per_unit},
              {"gpu_memory_gb", Opt(d.gpu_memory_gb)},
              {"vcpus", Opt(d.vcpus)},
              {"ram_gb", Opt(d.ram_gb)},
              {"storage", d.storage},
              {"nvlink_domain_gpus", Opt(d.nvlink_domain_gpus)},
              {"fabric", d.fabric},
              {"fabric_gbps", Opt(d.fabric_gbps)},
              {"price_status", d.price_status},
              {"amount", d.amount},
              {"currency", d.currency},
              {"tax", d.tax},
              {"unit", d.unit},
              {"per", d.per},
              {"min_billed_seconds", Opt(d.min_billed_seconds)},
              {"min_term_months", Opt(d.min_term_months)},
              {"billing_rule", d.billing_rule},
              {"availability", d.availability},
              {"units_free", Opt(d.units_free)},
              {"availability_observed_at", d.availability_observed_at},
              {"valid_from", d.valid_from},
              {"valid_to", d.valid_to},
              {"notes", d.notes},
              {"locator", d.locator}};
}

json OfferJson(const Offer& o) {
  const Provenance& p = o.provenance;
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
      {"price",
       {{"status", ToString(o.price_status)},
        {"amount", o.amount ? json(o.amount->ToString()) : json(nullptr)},
        {"currency", o.currency},
        {"tax", ToString(o.tax)},
        {"unit", o.unit ? json(ToString(*o.unit)) : json(nullptr)},
        {"per", ToString(o.per)},
        {"min_billed_seconds", Opt(o.min_billed_seconds)},
        {"min_term_months", Opt(o.min_term_months)},
        {"billing_rule", o.billing_rule},
        {"valid_from", OptText(o.valid_from)},
        {"valid_to", OptText(o.valid_to)}}},
      {"normalized",
       {{"minor_unit", "1/10000 JPY"},
        {"tax_assumed_excluded", o.tax_assumed},
        {"gpu_hour", {{"ex_tax", Money(o.gpu_hour_ex_minor)}, {"inc_tax", Money(o.gpu_hour_inc_minor)}}},
        {"unit_hour", {{"ex_tax", Money(o.unit_hour_ex_minor)}, {"inc_tax", Money(o.unit_hour_inc_minor)}}}}},
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
  };
}

json RejectJson(const Reject& r) {
  return json{{"provider", r.provider},       {"source_id", r.source_id}, {"locator", r.locator},
              {"reason_code", r.reason_code}, {"detail", r.detail},       {"record_text", r.record_text}};
}

}  // namespace gpucat::providers
