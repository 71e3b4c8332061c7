// The offline fetcher: layout, MANIFEST.json provenance, and its errors.
#include <catch2/catch.hpp>
#include <string>

#include "gpucat/fetch.h"
#include "test_support.h"

namespace gpucat {
namespace {

using testing::TempDir;

SourceSpec Spec(const std::string& file) {
  SourceSpec s;
  s.id = "sakura.vrt.is1a";
  s.kind = SourceKind::kApi;
  s.parser = "vrt_price";
  s.url = "https://example.invalid/spec-url";
  s.snapshot_file = file;
  return s;
}

// "YYYY-MM-DDTHH:MM:SSZ". (Checked by hand: std::regex trips GCC 12's
// -Wmaybe-uninitialized under the sanitizer build.)
bool IsRfc3339UtcSeconds(const std::string& s) {
  const std::string shape = "dddd-dd-ddTdd:dd:ddZ";
  if (s.size() != shape.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i]) return false;
  }
  return true;
}

constexpr char kAbcSha256[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

TEST_CASE("snapshot: reads <root>/<provider>/snapshots/<file> with MANIFEST provenance", "[fetch]") {
  TempDir root;
  root.Write("sakura/snapshots/price-is1a.json", "abc");
  root.Write("sakura/snapshots/MANIFEST.json", R"({"files": {"price-is1a.json": {
      "url": "https://secure.sakura.ad.jp/cloud/zone/is1a/api/cloud/1.1/public/price",
      "captured_at": "2026-06-01T00:00:00Z"}}})");
  // A file of the same name beside snapshots/ must not be read.
  root.Write("sakura/price-is1a.json", "wrong");

  auto fetcher = MakeSnapshotFetcher(root.path().string());
  SourceSpec spec = Spec("price-is1a.json");
  spec.kind = SourceKind::kPage;
  spec.basic_user = "user";
  spec.basic_password = "hunter2";
  spec.headers["X-Token"] = "t0ken";
  auto r = fetcher->Fetch("sakura", spec, ConditionalState{"\"etag\"", "yesterday"});
  REQUIRE(r.ok());
  const FetchOutcome& out = r.value();
  CHECK_FALSE(out.not_modified);
  REQUIRE(out.document.has_value());
  const Document& doc = *out.document;
  CHECK(doc.body == "abc");
  CHECK(doc.provenance.kind == SourceKind::kPage);
  CHECK(doc.provenance.source_id == "sakura.vrt.is1a");
  CHECK(doc.provenance.url == "https://secure.sakura.ad.jp/cloud/zone/is1a/api/cloud/1.1/public/price");
  CHECK(doc.provenance.as_of == "2026-06-01T00:00:00Z");
  CHECK(doc.provenance.file == (root.path() / "sakura/snapshots/price-is1a.json").string());
  CHECK(doc.provenance.sha256 == kAbcSha256);
  CHECK(IsRfc3339UtcSeconds(doc.provenance.fetched_at));
  // Credentials never travel on with the document.
  CHECK(doc.source.id == spec.id);
  CHECK(doc.source.basic_user.empty());
  CHECK(doc.source.basic_password.empty());
  CHECK(doc.source.headers.empty());
}

TEST_CASE("snapshot: without snapshots/ reads <root>/<provider>/<file>, no manifest means the SourceSpec url",
          "[fetch]") {
  TempDir root;
  root.Write("gmo/offers.json", "{}");
  auto r = MakeSnapshotFetcher(root.path().string())->Fetch("gmo", Spec("offers.json"), {});
  REQUIRE(r.ok());
  const Document& doc = *r.value().document;
  CHECK(doc.body == "{}");
  CHECK(doc.provenance.url == "https://example.invalid/spec-url");
  CHECK(doc.provenance.as_of.empty());
  CHECK(doc.provenance.file == (root.path() / "gmo/offers.json").string());
}

TEST_CASE("snapshot: a manifest that does not list the file falls back to the SourceSpec", "[fetch]") {
  TempDir root;
  root.Write("kddi/snapshots/sheet.json", "{}");
  root.Write("kddi/snapshots/MANIFEST.json", R"({"files": {"other.json": {"url": "https://x.invalid/"}}})");
  auto r = MakeSnapshotFetcher(root.path().string())->Fetch("kddi", Spec("sheet.json"), {});
  REQUIRE(r.ok());
  CHECK(r.value().document->provenance.url == "https://example.invalid/spec-url");
  CHECK(r.value().document->provenance.as_of.empty());
}

TEST_CASE("snapshot: an empty file is a document (the adapter reports source_empty)", "[fetch]") {
  TempDir root;
  root.Write("gmo/empty.json", "");
  auto r = MakeSnapshotFetcher(root.path().string())->Fetch("gmo", Spec("empty.json"), {});
  REQUIRE(r.ok());
  CHECK(r.value().document->body.empty());
  CHECK(r.value().document->provenance.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("snapshot: missing file -> snapshot_missing naming the path", "[fetch]") {
  TempDir root;
  root.Write("sakura/snapshots/MANIFEST.json", R"({"files": {}})");
  auto r = MakeSnapshotFetcher(root.path().string())->Fetch("sakura", Spec("nope.json"), {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "snapshot_missing");
  CHECK_THAT(r.status().message(), Catch::Contains((root.path() / "sakura/snapshots/nope.json").string()));

  // A provider directory that does not exist at all is the same error.
  auto r2 = MakeSnapshotFetcher(root.path().string())->Fetch("gpusoroban", Spec("plans.html"), {});
  REQUIRE_FALSE(r2.ok());
  CHECK(r2.status().code() == "snapshot_missing");
}

TEST_CASE("snapshot: malformed MANIFEST.json -> snapshot_invalid", "[fetch]") {
  const char* manifests[] = {
      "not json",
      "[]",
      R"({"nofiles": {}})",
      R"({"files": []})",
      R"({"files": {"a.json": "https://x.invalid/"}})",
      R"({"files": {"a.json": {"url": 42}}})",
      R"({"files": {"a.json": {"captured_at": null}}})",
  };
  for (const char* manifest : manifests) {
    CAPTURE(manifest);
    TempDir root;
    root.Write("p/snapshots/a.json", "{}");
    root.Write("p/snapshots/MANIFEST.json", manifest);
    auto r = MakeSnapshotFetcher(root.path().string())->Fetch("p", Spec("a.json"), {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "snapshot_invalid");
  }
}

TEST_CASE("snapshot: names that would leave <root>/<provider>/ -> snapshot_invalid", "[fetch]") {
  TempDir root;
  root.Write("secret.txt", "x");
  root.Write("p/a.json", "{}");
  auto fetcher = MakeSnapshotFetcher(root.path().string());
  for (const std::string file :
       {"../secret.txt", "", "..", "sub/../../secret.txt", "/etc/passwd", "a//b", "./a.json"}) {
    CAPTURE(file);
    auto r = fetcher->Fetch("p", Spec(file), {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "snapshot_invalid");
  }
  auto r = fetcher->Fetch("..", Spec("secret.txt"), {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "snapshot_invalid");
}

TEST_CASE("snapshot: a file name may be a relative path below the snapshot directory", "[fetch]") {
  TempDir root;
  root.Write("sakura/snapshots/vrt/is1b.json", "[]");
  root.Write("sakura/snapshots/MANIFEST.json", R"({"files": {"vrt/is1b.json": {"captured_at": "2026-06-02"}}})");
  auto r = MakeSnapshotFetcher(root.path().string())->Fetch("sakura", Spec("vrt/is1b.json"), {});
  REQUIRE(r.ok());
  CHECK(r.value().document->body == "[]");
  CHECK(r.value().document->provenance.as_of == "2026-06-02");
}

TEST_CASE("snapshot: a directory where the file should be -> snapshot_invalid", "[fetch]") {
  TempDir root;
  root.Write("p/a.json/inner", "x");
  auto r = MakeSnapshotFetcher(root.path().string())->Fetch("p", Spec("a.json"), {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "snapshot_invalid");
}

TEST_CASE("snapshot: files over 8 MiB -> fetch_too_large, exactly 8 MiB is read", "[fetch]") {
  TempDir root;
  const std::string limit(size_t{8} * 1024 * 1024, 'x');
  root.Write("p/ok.json", limit);
  root.Write("p/big.json", limit + "x");
  auto fetcher = MakeSnapshotFetcher(root.path().string());
  auto ok = fetcher->Fetch("p", Spec("ok.json"), {});
  REQUIRE(ok.ok());
  CHECK(ok.value().document->body.size() == limit.size());
  auto big = fetcher->Fetch("p", Spec("big.json"), {});
  REQUIRE_FALSE(big.ok());
  CHECK(big.status().code() == "fetch_too_large");
}

}  // namespace
}  // namespace gpucat
