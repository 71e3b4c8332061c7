// gpucat check: what a document would become, without touching the catalog.
// A partner runs it on a sheet before sending it.
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "cli/common.h"
#include "gpucat/sha256.h"
#include "gpucat/sync.h"
#include "gpucat/view.h"
#include "providers/check.h"

namespace gpucat::cli {

int RunCheck(const Argv& argv) {
  std::vector<OptionSpec> specs = {{"source", true, false, "source id (e.g. sakura.vrt.is1a) or parser name"},
                                   {"config", true, false, "configuration file"}};
  Args args;
  if (auto exit = ParseOrExit(argv, specs, "gpucat check --source SOURCE FILE",
                              "Parses FILE with SOURCE's parser and prints the offers and rejects it would produce "
                              "as JSON.\nExit status 1 when anything is rejected or the document is unreadable.",
                              args)) {
    return *exit;
  }
  if (!args.Has("source") || args.positional().size() != 1) {
    return Fail(Status::Error("usage", "gpucat check --source SOURCE FILE"), 2);
  }
  const std::string wanted = *args.Get("source");
  auto config = ResolveConfig(args);
  if (!config.ok()) return Fail(config.status());

  const std::string path = args.positional()[0];
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Status::Error("file_unreadable", "cannot read " + path));
  std::stringstream body;
  body << in.rdbuf();
  const auto adapters = AllAdapters();
  auto target = providers::FindCheckSource(adapters, wanted, body.str(), config.value().providers);
  if (!target.ok()) return Fail(target.status(), 2);
  const Adapter* adapter = target.value().adapter;
  const SourceSpec& spec = target.value().source;

  Document doc;
  doc.source = spec;
  doc.body = body.str();
  doc.provenance.kind = spec.kind;
  doc.provenance.source_id = spec.id;
  doc.provenance.url = spec.url;
  doc.provenance.file = path;
  doc.provenance.fetched_at = NowUtc();
  doc.provenance.sha256 = Sha256Hex(doc.body);
  auto checked = ParseAndNormalize(*adapter, doc);
  nlohmann::json out = {
      {"source", spec.id}, {"parser", spec.parser}, {"file", path}, {"sha256", doc.provenance.sha256}};
  if (!checked.ok()) {
    out["error"] = {{"code", checked.status().code()}, {"message", checked.status().message()}};
    std::printf("%s\n", out.dump(2).c_str());
    return 1;
  }
  out["offers"] = nlohmann::json::array();
  for (const auto& o : checked.value().offers) {
    StoredOffer so;
    so.offer = o;
    so.status = "checked";
    out["offers"].push_back(OfferToJson(so));
  }
  out["rejects"] = nlohmann::json::array();
  for (const auto& r : checked.value().rejects) out["rejects"].push_back(RejectToJson(StoredReject{0, 0, "", r}));
  out["skipped"] = checked.value().skipped;
  out["dropped"] = checked.value().dropped;
  std::printf("%s\n", out.dump(2).c_str());
  return checked.value().rejects.empty() ? 0 : 1;
}

}  // namespace gpucat::cli
