#include "support.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <variant>

#include "gpucat/normalize.h"
#include "gpucat/sha256.h"
#include "gpucat/view.h"

namespace gpucat::testing_providers {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Snapshot(const std::string& provider, const std::string& file) {
  return ReadFile(std::string(GPUCAT_SOURCE_DIR) + "/providers/" + provider + "/snapshots/" + file);
}

Outcome Run(const std::string& source_id, const std::string& body) {
  const std::string provider = source_id.substr(0, source_id.find('.'));
  ProviderConfig config;
  if (source_id.rfind("sakura.vrt.", 0) == 0) config["zones"] = source_id.substr(11);
  Outcome out;
  for (const auto& adapter : AllAdapters()) {
    if (adapter->name() != provider) continue;
    for (const SourceSpec& s : adapter->sources(config)) {
      if (s.id != source_id) continue;
      Document doc;
      doc.source = s;
      doc.body = body;
      doc.provenance.kind = s.kind;
      doc.provenance.source_id = s.id;
      doc.provenance.url = s.url;
      doc.provenance.file = s.snapshot_file;
      doc.provenance.fetched_at = kFetchedAt;
      doc.provenance.sha256 = Sha256Hex(body);
      doc.provenance.adapter_version = adapter->version();
      Result<ParseResult> r = adapter->Parse(doc);
      if (!r.ok()) {
        out.error = r.status();
        return out;
      }
      out.parsed = std::move(r.value());
      if (!out.parsed.as_of.empty()) doc.provenance.as_of = out.parsed.as_of;
      out.rejects = out.parsed.rejects;
      for (const OfferDraft& d : out.parsed.drafts) {
        auto n = Normalize(d, doc.provenance);
        if (auto* o = std::get_if<Offer>(&n)) {
          out.offers.push_back(*o);
        } else {
          out.rejects.push_back(std::get<Reject>(n));
        }
      }
      return out;
    }
  }
  FAIL("no source " << source_id);
  return out;
}

nlohmann::json DraftJson(const OfferDraft& d) {
  auto opt = [](const std::optional<int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  return {{"provider", d.provider},
          {"product", d.product},
          {"plan", d.plan},
          {"display_name", d.display_name},
          {"zone", d.zone},
          {"site", d.site},
          {"prefecture", d.prefecture},
          {"gpu_name", d.gpu_name},
          {"gpus_per_unit", d.gpus_per_unit},
          {"gpu_memory_gb", opt(d.gpu_memory_gb)},
          {"vcpus", opt(d.vcpus)},
          {"ram_gb", opt(d.ram_gb)},
          {"storage", d.storage},
          {"nvlink_domain_gpus", opt(d.nvlink_domain_gpus)},
          {"fabric", d.fabric},
          {"fabric_gbps", opt(d.fabric_gbps)},
          {"price_status", d.price_status},
          {"amount", d.amount},
          {"currency", d.currency},
          {"tax", d.tax},
          {"unit", d.unit},
          {"per", d.per},
          {"min_billed_seconds", opt(d.min_billed_seconds)},
          {"min_term_months", opt(d.min_term_months)},
          {"billing_rule", d.billing_rule},
          {"availability", d.availability},
          {"units_free", opt(d.units_free)},
          {"availability_observed_at", d.availability_observed_at},
          {"valid_from", d.valid_from},
          {"valid_to", d.valid_to},
          {"notes", d.notes},
          {"locator", d.locator}};
}

nlohmann::json OutcomeJson(const Outcome& o) {
  nlohmann::json j;
  j["error"] = o.error.ok() ? nlohmann::json(nullptr) : nlohmann::json(o.error.code());
  j["as_of"] = o.parsed.as_of;
  j["skipped"] = o.parsed.skipped;
  j["dropped"] = o.parsed.dropped;
  j["drafts"] = nlohmann::json::array();
  for (const auto& d : o.parsed.drafts) j["drafts"].push_back(DraftJson(d));
  // Offers and rejects as `gpucat check` prints them (gpucat/view.h).
  j["offers"] = nlohmann::json::array();
  for (const auto& off : o.offers) {
    StoredOffer so;
    so.offer = off;
    so.status = "checked";
    j["offers"].push_back(OfferToJson(so));
  }
  j["rejects"] = nlohmann::json::array();
  for (const auto& r : o.rejects) j["rejects"].push_back(RejectToJson(StoredReject{0, 0, "", r}));
  return j;
}

void CheckGolden(const std::string& name, const nlohmann::json& actual) {
  const std::string path = std::string(GPUCAT_SOURCE_DIR) + "/tests/providers/golden/" + name + ".json";
  const char* update = std::getenv("GPUCAT_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual.dump(2) << "\n";
    WARN("golden rewritten: " << path << " (review it by hand)");
    return;
  }
  const nlohmann::json expected = nlohmann::json::parse(ReadFile(path));
  INFO("golden " << path << "; differences: " << nlohmann::json::diff(expected, actual).dump(1));
  CHECK(expected == actual);
}

void RunCases(const std::string& source_id, const std::vector<Case>& cases,
              const std::set<std::string>& known_amounts) {
  for (const Case& c : cases) {
    INFO("source " << source_id << ", case: " << c.name);
    const Outcome o = Run(source_id, c.body);
    if (!o.error.ok()) {
      INFO("document error: " << o.error.ToString());
      CHECK(o.error.code() == c.code);
      continue;
    }
    int matching = 0;
    std::string seen;
    for (const Reject& r : o.rejects) {
      seen += r.reason_code + "@" + r.locator + " (" + r.detail + "); ";
      if (r.reason_code == c.code && (c.locator.empty() || r.locator == c.locator)) ++matching;
    }
    INFO("rejects: " << seen);
    CHECK(matching == c.count);
    if (c.offers >= 0) CHECK(static_cast<int>(o.offers.size()) == c.offers);
    for (const Offer& off : o.offers) {
      if (!off.amount) continue;
      INFO("offer " << off.plan << " amount " << off.amount->ToString());
      CHECK(known_amounts.count(off.amount->ToString()) == 1);
    }
  }
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  const size_t at = s.find(from);
  REQUIRE(at != std::string::npos);
  s.replace(at, from.size(), to);
  return s;
}

}  // namespace gpucat::testing_providers
