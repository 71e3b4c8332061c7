#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "store_fixture.h"

using namespace gpucat;
using namespace gpucat::testing;

TEST_CASE("A new catalog is migrated from empty to the latest schema", "[store][migrations]") {
  TempDir dir;
  auto c = OpenOrDie(dir.file("c.db"));
  CHECK(c->SchemaVersion() == Catalog::LatestSchemaVersion());
  CHECK(Catalog::LatestSchemaVersion() >= 1);
  CHECK(c->CatalogVersion() == 0);
  CHECK(Count(*c, "SELECT COUNT(*) FROM gpu_models") >= 7);
  CHECK(Count(*c, "SELECT COUNT(*) FROM gpu_models WHERE source = ''") == 0);
  // WAL mode, so readers never block the writer.
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(c->handle(), "PRAGMA journal_mode", -1, &s, nullptr);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))) == "wal");
  sqlite3_finalize(s);
}

TEST_CASE("Re-opening a migrated catalog is a no-op", "[store][migrations]") {
  TempDir dir;
  { OpenOrDie(dir.file("c.db"))->ApplySync(Batch({ListedDraft()}), "2026-11-22T00:00:00Z"); }
  auto c = OpenOrDie(dir.file("c.db"));
  CHECK(Count(*c, "SELECT COUNT(*) FROM offers") == 1);
  CHECK(c->CatalogVersion() == 1);
}

TEST_CASE("A catalog newer than the binary is refused", "[store][migrations]") {
  TempDir dir;
  { OpenOrDie(dir.file("c.db")); }
  sqlite3* db = nullptr;
  sqlite3_open(dir.file("c.db").c_str(), &db);
  sqlite3_exec(db, ("PRAGMA user_version = " + std::to_string(Catalog::LatestSchemaVersion() + 1)).c_str(), nullptr,
               nullptr, nullptr);
  sqlite3_close(db);
  auto c = Catalog::Open(dir.file("c.db"));
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().code() == "catalog_too_new");
  CHECK(c.status().message().find("upgrade gpucat") != std::string::npos);
}

TEST_CASE("Read-only opening refuses unmigrated or missing catalogs", "[store][migrations]") {
  TempDir dir;
  Catalog::Options ro;
  ro.mode = Catalog::Mode::kReadOnly;
  auto missing = Catalog::Open(dir.file("nope.db"), ro);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == "catalog_open_failed");

  sqlite3* db = nullptr;
  sqlite3_open(dir.file("empty.db").c_str(), &db);
  sqlite3_exec(db, "CREATE TABLE x(y)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto empty = Catalog::Open(dir.file("empty.db"), ro);
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.status().code() == "catalog_not_migrated");
}

TEST_CASE("A file that is not SQLite is refused", "[store][migrations]") {
  TempDir dir;
  WriteFile(dir.file("junk.db"), std::string(4096, 'x'));
  auto c = Catalog::Open(dir.file("junk.db"));
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().code() == "catalog_open_failed");
}

TEST_CASE("A read-only server connection cannot write", "[store]") {
  TempDir dir;
  { OpenOrDie(dir.file("c.db")); }
  Catalog::Options ro;
  ro.mode = Catalog::Mode::kReadOnly;
  auto c = OpenOrDie(dir.file("c.db"), ro);
  auto r = c->ApplySync(Batch({ListedDraft()}), "2026-11-22T00:00:00Z");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "catalog_readonly");
}

TEST_CASE("ReadSnapshot nests and pins one version across reads", "[store]") {
  TempDir dir;
  auto writer = OpenOrDie(dir.file("c.db"));
  REQUIRE(writer->ApplySync(Batch({ListedDraft("a", "500")}), "2026-11-22T00:00:00Z").ok());
  Catalog::Options ro;
  ro.mode = Catalog::Mode::kReadOnly;
  auto reader = OpenOrDie(dir.file("c.db"), ro);
  int64_t before = -1, after = -1;
  size_t offers_after = 0;
  Status st = reader->ReadSnapshot([&]() -> Status {
    before = reader->CatalogVersion();
    // A sync commits in another connection while the snapshot is open.
    auto w = writer->ApplySync(Batch({ListedDraft("a", "500"), ListedDraft("b", "600")}), "2026-11-22T01:00:00Z");
    if (!w.ok()) return w.status();
    auto page = reader->QueryOffers(OfferQuery{}, "2026-11-22T01:00:00Z");  // nests
    if (!page.ok()) return page.status();
    offers_after = page.value().offers.size();
    after = page.value().catalog_version;
    return Status::Ok();
  });
  REQUIRE(st.ok());
  CHECK(before == 1);
  CHECK(after == 1);
  CHECK(offers_after == 1);
  // The snapshot ended: the next read sees the sync.
  CHECK(reader->CatalogVersion() == 2);
}

TEST_CASE("ReadSnapshot ends its transaction when the reader throws", "[store]") {
  TempDir dir;
  auto writer = OpenOrDie(dir.file("c.db"));
  REQUIRE(writer->ApplySync(Batch({ListedDraft("a", "500")}), "2026-11-22T00:00:00Z").ok());
  CHECK_THROWS(writer->ReadSnapshot([&]() -> Status {
    writer->CatalogVersion();
    throw std::runtime_error("reader bug");
  }));
  CHECK(sqlite3_get_autocommit(writer->handle()) != 0);
}
