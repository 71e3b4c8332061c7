#include "check.h"

#include <utility>

#include "common/json_exact.h"

namespace gpucat::providers {
namespace {

std::vector<SourceSpec> SourcesOf(const Adapter& a, const std::map<std::string, ProviderConfig>& configs) {
  const auto it = configs.find(a.name());
  return a.sources(it == configs.end() ? ProviderConfig{} : it->second);
}

std::string KnownSources(const std::vector<std::unique_ptr<Adapter>>& adapters,
                         const std::map<std::string, ProviderConfig>& configs) {
  std::string out;
  for (const auto& a : adapters) {
    for (const SourceSpec& s : SourcesOf(*a, configs)) out += (out.empty() ? "" : ", ") + s.id;
  }
  return out;
}

}  // namespace

Result<CheckTarget> FindCheckSource(const std::vector<std::unique_ptr<Adapter>>& adapters, std::string_view name,
                                    std::string_view body, const std::map<std::string, ProviderConfig>& configs) {
  const size_t dot = name.find('.');
  const std::string provider(name.substr(0, dot));
  const std::string rest = dot == std::string_view::npos ? "" : std::string(name.substr(dot + 1));
  // A source id, or <provider>.<parser>.
  for (const auto& a : adapters) {
    for (const SourceSpec& s : SourcesOf(*a, configs)) {
      if (s.id == name || (a->name() == provider && s.parser == rest)) return CheckTarget{a.get(), s};
    }
  }
  // A VRT zone that is not configured.
  if (provider == "sakura" && rest.rfind("vrt.", 0) == 0) {
    for (const auto& a : adapters) {
      if (a->name() != "sakura") continue;
      for (const SourceSpec& s : a->sources({{"zones", rest.substr(4)}})) {
        if (s.id == name) return CheckTarget{a.get(), s};
      }
    }
  }
  // "sheet": the document says whose it is.
  if (name == "sheet") {
    Result<Json> doc = ParseJsonExact(body);
    if (doc.ok() && doc.value().is_object() && doc.value().contains("provider") &&
        doc.value().at("provider").is_string()) {
      const std::string owner = doc.value().at("provider").get<std::string>();
      for (const auto& a : adapters) {
        if (a->name() != owner) continue;
        for (const SourceSpec& s : SourcesOf(*a, configs)) {
          if (s.parser == "sheet") return CheckTarget{a.get(), s};
        }
      }
    }
  }
  // A parser name one provider has, or a provider with a single source.
  std::vector<CheckTarget> found;
  for (const auto& a : adapters) {
    const std::vector<SourceSpec> sources = SourcesOf(*a, configs);
    for (const SourceSpec& s : sources) {
      if (s.parser == name) {
        found.push_back({a.get(), s});
        break;  // one per provider: the VRT zones share a parser
      }
    }
    if (a->name() == name && sources.size() == 1) found.push_back({a.get(), sources[0]});
  }
  if (found.size() == 1) return found[0];
  const std::string known = KnownSources(adapters, configs);
  if (found.size() > 1) {
    return Status::Error("ambiguous_source",
                         "\"" + std::string(name) + "\" names sources of several providers; use one of: " + known);
  }
  return Status::Error("unknown_source", "no source \"" + std::string(name) + "\"; known sources: " + known);
}

}  // namespace gpucat::providers
