// The offline fetcher: reads source documents from a directory of snapshots
// (the bundled data under providers/, or `gpucat sync --from DIR`).
//
// Layout: <root>/<provider>/snapshots/<file> when that directory exists, else
// <root>/<provider>/<file>. The directory's MANIFEST.json says, per file, which
// URL the bytes are a capture of and when ("captured_at" -> provenance.as_of).
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "fetch/fetch_internal.h"
#include "gpucat/fetch.h"
#include "gpucat/sha256.h"

namespace gpucat {
namespace {

namespace fs = std::filesystem;
using fetch_internal::kDefaultMaxBytes;

// A single path component: not empty, not "." or "..", no separator. The
// provider name and the snapshot file name both come from code, but the root
// comes from the command line; refusing anything else keeps every read inside
// <root>/<provider>/.
bool IsPlainName(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}

// A relative path of plain names ("is1a.json", "vrt/is1a.json").
bool IsSafeRelativePath(std::string_view path) {
  for (;;) {
    const size_t slash = path.find('/');
    if (!IsPlainName(path.substr(0, slash))) return false;
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

// Reads a whole regular file of at most `max_bytes`. Errors: snapshot_missing,
// snapshot_invalid (not a regular file, unreadable), fetch_too_large.
Result<std::string> ReadCapped(const fs::path& path, int64_t max_bytes) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (st.type() == fs::file_type::not_found) {
    return Status::Error("snapshot_missing", "no snapshot file " + path.string());
  }
  if (ec) {
    return Status::Error("snapshot_invalid", "cannot stat " + path.string() + ": " + ec.message());
  }
  if (st.type() != fs::file_type::regular) {
    return Status::Error("snapshot_invalid", path.string() + " is not a regular file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::Error("snapshot_invalid", "cannot open " + path.string());
  }
  // Read at most max_bytes + 1: the size is checked on what was actually read,
  // not on a stat() that a growing file could outrun.
  std::string bytes;
  char buf[64 * 1024];
  while (in) {
    in.read(buf, sizeof buf);
    bytes.append(buf, static_cast<size_t>(in.gcount()));
    if (static_cast<int64_t>(bytes.size()) > max_bytes) {
      return Status::Error("fetch_too_large",
                           path.string() + " is larger than " + std::to_string(max_bytes) + " bytes");
    }
  }
  if (in.bad()) {
    return Status::Error("snapshot_invalid", "error reading " + path.string());
  }
  return bytes;
}

struct ManifestEntry {
  std::string url, captured_at;
};

// The MANIFEST.json entry for `file` in `dir`: nullopt when the directory has
// no manifest or the manifest does not list the file (the caller falls back
// to the SourceSpec). A manifest that exists but is malformed is an error
// (snapshot_invalid): silently dropping it would lose provenance.
Result<std::optional<ManifestEntry>> ReadManifest(const fs::path& dir, const std::string& file) {
  const fs::path path = dir / "MANIFEST.json";
  Result<std::string> text = ReadCapped(path, kDefaultMaxBytes);
  if (!text.ok()) {
    if (text.status().code() == "snapshot_missing") return std::optional<ManifestEntry>();
    return Status::Error("snapshot_invalid", text.status().message());
  }
  const nlohmann::json doc = nlohmann::json::parse(text.value(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Status::Error("snapshot_invalid", path.string() + " is not a JSON object");
  }
  const auto files = doc.find("files");
  if (files == doc.end() || !files->is_object()) {
    return Status::Error("snapshot_invalid", path.string() + ": \"files\" must be an object");
  }
  const auto entry = files->find(file);
  if (entry == files->end()) return std::optional<ManifestEntry>();
  if (!entry->is_object()) {
    return Status::Error("snapshot_invalid", path.string() + ": entry \"" + file + "\" must be an object");
  }
  ManifestEntry out;
  for (const auto& [key, target] : {std::pair{"url", &out.url}, std::pair{"captured_at", &out.captured_at}}) {
    const auto field = entry->find(key);
    if (field == entry->end()) continue;
    if (!field->is_string()) {
      return Status::Error("snapshot_invalid", path.string() + ": \"" + file + "\"." + key + " must be a string");
    }
    *target = field->get<std::string>();
  }
  return std::optional<ManifestEntry>(std::move(out));
}

class SnapshotFetcher final : public Fetcher {
 public:
  explicit SnapshotFetcher(std::string root) : root_(std::move(root)) {}

  Result<FetchOutcome> Fetch(const std::string& provider, const SourceSpec& source,
                             const ConditionalState& /*previous: snapshots are always read*/) override {
    if (!IsPlainName(provider) || !IsSafeRelativePath(source.snapshot_file)) {
      return Status::Error("snapshot_invalid", "source " + source.id + ": provider \"" + provider +
                                                   "\" and snapshot file \"" + source.snapshot_file +
                                                   "\" must be relative paths of plain names");
    }
    const fs::path provider_dir = fs::path(root_) / provider;
    std::error_code ec;
    const fs::path dir = fs::is_directory(provider_dir / "snapshots", ec) ? provider_dir / "snapshots" : provider_dir;
    const fs::path path = dir / source.snapshot_file;

    Result<std::string> body = ReadCapped(path, kDefaultMaxBytes);
    if (!body.ok()) return body.status();
    Result<std::optional<ManifestEntry>> manifest = ReadManifest(dir, source.snapshot_file);
    if (!manifest.ok()) return manifest.status();

    Document doc;
    doc.source = fetch_internal::WithoutCredentials(source);
    doc.body = std::move(body).value();
    Provenance& p = doc.provenance;
    p.kind = source.kind;
    p.source_id = source.id;
    p.url = source.url;
    p.file = path.string();
    p.fetched_at = fetch_internal::NowRfc3339Utc();
    if (const auto& entry = manifest.value()) {
      if (!entry->url.empty()) p.url = entry->url;
      p.as_of = entry->captured_at;
    }
    p.sha256 = Sha256Hex(doc.body);

    FetchOutcome outcome;
    outcome.document = std::move(doc);
    return outcome;
  }

 private:
  std::string root_;
};

}  // namespace

std::unique_ptr<Fetcher> MakeSnapshotFetcher(const std::string& root) {
  return std::make_unique<SnapshotFetcher>(root);
}

}  // namespace gpucat
