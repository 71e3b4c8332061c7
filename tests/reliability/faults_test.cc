// Storage faults: a full disk and a read-only catalog. `gpucat sync` must fail
// cleanly (exit 1, one clear line naming the cause) and leave the catalog
// exactly as it was: no offer, price, event or source changed, nothing
// half-written, and PRAGMA integrity_check "ok".
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "crash_state.h"
#include "process.h"

using namespace gpucat;
using namespace gpucat::testing;

namespace {

constexpr uid_t kNobody = 65534;

// Everything a reader could see, except the sync-run log (a failed sync may
// leave a "failed" run row: that records the failure, it is not partial
// data): every row of every other table, and the runs that did not fail.
std::string FullDigest(const std::string& db) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::string all;
  std::vector<std::string> tables;
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(h, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name", -1, &s, nullptr);
  while (sqlite3_step(s) == SQLITE_ROW) tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  sqlite3_finalize(s);
  for (const auto& t : tables) {
    const std::string sql = t == "sync_runs" ? "SELECT * FROM sync_runs WHERE status <> 'failed' ORDER BY id"
                            : t == "rejects" ? "SELECT COUNT(*) FROM rejects"
                                             : "SELECT * FROM \"" + t + "\" ORDER BY 1";
    REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
    all += "[" + t + "]";
    while (sqlite3_step(s) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(s); ++i) {
        const auto* v = sqlite3_column_text(s, i);
        all += v ? reinterpret_cast<const char*>(v) : "NULL";
        all += '\x1f';
      }
      all += '\n';
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(h);
  return Sha256Hex(all);
}

// One provider's part of the catalog: its offers, their history and events,
// its sources, and its sync runs that did not fail.
std::string ProviderDigest(const std::string& db, const std::string& provider) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::string all;
  for (const std::string sql :
       {"SELECT * FROM offers WHERE provider = ?1 ORDER BY offer_id",
        "SELECT * FROM price_history WHERE offer_id IN (SELECT offer_id FROM offers WHERE provider = ?1) ORDER BY id",
        "SELECT * FROM offer_events WHERE provider = ?1 ORDER BY seq",
        "SELECT * FROM sources WHERE provider = ?1 ORDER BY source_id",
        "SELECT * FROM sync_runs WHERE provider = ?1 AND status <> 'failed' ORDER BY id"}) {
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
    sqlite3_bind_text(s, 1, provider.c_str(), -1, SQLITE_TRANSIENT);
    all += "[" + sql + "]";
    while (sqlite3_step(s) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(s); ++i) {
        const auto* v = sqlite3_column_text(s, i);
        all += v ? reinterpret_cast<const char*>(v) : "NULL";
        all += '\x1f';
      }
      all += '\n';
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(h);
  return Sha256Hex(all);
}

std::string IntegrityCheck(const std::string& db) {
  sqlite3* h = nullptr;
  sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &s, nullptr);
  std::string out = sqlite3_step(s) == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(s, 0)) : "";
  sqlite3_finalize(s);
  sqlite3_close(h);
  return out;
}

int64_t PageCount(sqlite3* h) {
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(h, "PRAGMA page_count", -1, &s, nullptr);
  sqlite3_step(s);
  const int64_t n = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return n;
}

// A catalog synced once from the bundled snapshots by the real CLI, closed
// (checkpointed: no -wal file left).
void SeedWithCli(const std::string& db) {
  const ProcessResult r = RunProcess({GPUCAT_BIN, "sync", "--db", db});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
}

}  // namespace

TEST_CASE("Disk full (SQLite max_page_count): catalog_disk_full, nothing written", "[reliability][faults]") {
  TempDir dir;
  const std::string db = dir.file("c.db");
  {
    auto c = Catalog::Open(db);
    REQUIRE(c.ok());
    REQUIRE(c.value()->ApplySync(GenerationBatch(1), NowUtc()).ok());
  }
  const std::string before = FullDigest(db);
  const std::string before_offers = [&] {
    sqlite3* h = nullptr;
    sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
    std::string d = CatalogDigest(h);
    sqlite3_close(h);
    return d;
  }();
  {
    auto c = Catalog::Open(db);
    REQUIRE(c.ok());
    sqlite3* h = c.value()->handle();
    // The file may not grow by a single page: the next sync needs many.
    const std::string limit = "PRAGMA max_page_count = " + std::to_string(PageCount(h));
    REQUIRE(sqlite3_exec(h, limit.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    auto r = c.value()->ApplySync(GenerationBatch(2), NowUtc());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "catalog_disk_full");
    CHECK(r.status().message().find("full") != std::string::npos);
  }
  CHECK(IntegrityCheck(db) == "ok");
  CHECK(FullDigest(db) == before);
  sqlite3* h = nullptr;
  sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
  CHECK(CatalogDigest(h) == before_offers);
  sqlite3_close(h);
  // And with room again, the same sync applies in full.
  auto c = Catalog::Open(db);
  REQUIRE(c.ok());
  auto again = c.value()->ApplySync(GenerationBatch(2), NowUtc());
  REQUIRE(again.ok());
  CHECK(again.value().changed > 0);
}

TEST_CASE("Disk full on a real (tmpfs) filesystem: gpucat sync fails cleanly, catalog unchanged",
          "[reliability][faults]") {
  TempDir dir;
  const std::string seed = dir.file("seed.db");
  SeedWithCli(seed);
  const std::string before = FullDigest(seed);
  // left_kb: free space left after filling the disk. 0: not even room for
  // SQLite's -shm file (the open fails); 48: room to open (-shm is 32 KiB)
  // but not for the sync's write-ahead log (it fails mid-transaction).
  struct Scenario {
    int left_kb;
    std::string expected_error;
  };
  for (const Scenario& sc : {Scenario{0, "catalog_disk_full: no space left on the device of the catalog "},
                             Scenario{48, "catalog_disk_full: database or disk is full"}}) {
    INFO("free space left: " << sc.left_kb << " KiB");
    const std::string mnt = dir.file("mnt" + std::to_string(sc.left_kb));
    const std::string out = dir.file("out" + std::to_string(sc.left_kb));
    std::filesystem::create_directories(mnt);
    std::filesystem::create_directories(out);
    const auto size_kb = std::filesystem::file_size(seed) / 1024 + 256;
    // A private mount namespace: the tmpfs disappears with the shell,
    // whatever happens to this test. The catalog is copied in, the space
    // filled, the sync run, and what it left copied back out for inspection.
    const std::string script =
        "set -u\n"
        "mount -t tmpfs -o size=" +
        std::to_string(size_kb) + "k tmpfs '" + mnt +
        "' || exit 99\n"
        "cp '" +
        seed + "' '" + mnt +
        "/c.db' || exit 98\n"
        "dd if=/dev/zero of='" +
        mnt +
        "/fill' bs=4096 2>/dev/null\n"
        "truncate -s -" +
        std::to_string(sc.left_kb) + "K '" + mnt +
        "/fill' || exit 96\n"
        "'" GPUCAT_BIN "' sync --db '" +
        mnt + "/c.db' >'" + out + "/stdout' 2>'" + out +
        "/stderr'\n"
        "echo $? >'" +
        out +
        "/rc'\n"
        "cp '" +
        mnt + "'/c.db* '" + out + "/' || exit 97\n";
    const ProcessResult r =
        RunProcess({"/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", script});
    if (r.exit_code == 99 || r.exit_code == 127 || r.exit_code == 1) {
      WARN("skipped: cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN): " << r.err);
      return;
    }
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string stderr_text = ReadFile(out + "/stderr");
    INFO(stderr_text);
    CHECK(ReadFile(out + "/rc") == "1\n");
    CHECK(stderr_text.find(sc.expected_error) != std::string::npos);
    const std::string left = out + "/c.db";
    CHECK(IntegrityCheck(left) == "ok");
    if (sc.left_kb == 0) {
      CHECK(FullDigest(left) == before);  // nothing could even be opened for writing
      continue;
    }
    // Each provider is one transaction: a provider whose sync hit the full
    // disk is exactly as before; one whose sync fitted committed in full.
    int failed = 0;
    for (const std::string provider : {"sakura", "gpusoroban", "gmo", "kddi"}) {
      INFO(provider);
      const bool hit = stderr_text.find("gpucat: " + provider + ": catalog_disk_full: ") != std::string::npos;
      failed += hit ? 1 : 0;
      if (hit) CHECK(ProviderDigest(left, provider) == ProviderDigest(seed, provider));
    }
    CHECK(failed >= 1);
  }
}

TEST_CASE("A read-only catalog file: gpucat sync fails with catalog_readonly, catalog unchanged",
          "[reliability][faults]") {
  TempDir dir;
  const std::string db = dir.file("c.db");
  SeedWithCli(db);
  const std::string before = FullDigest(db);
  // Root ignores file modes: run the sync as nobody, in a directory nobody
  // may write (for the -wal file) but on a file nobody may not.
  const bool root = ::geteuid() == 0;
  std::filesystem::permissions(dir.path(), std::filesystem::perms(0755));
  if (root) REQUIRE(::chown(dir.path().c_str(), kNobody, kNobody) == 0);
  std::filesystem::permissions(db, std::filesystem::perms(0444));
  const ProcessResult r =
      RunProcess({GPUCAT_BIN, "sync", "--db", db}, root ? std::optional<uid_t>(kNobody) : std::nullopt);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err == "gpucat: catalog_readonly: cannot write the catalog " + db +
                     ": the file and its directory must be writable (SQLite keeps its -wal and -shm files next "
                     "to it): attempt to write a readonly database\n");
  CHECK(r.out.empty());
  std::filesystem::permissions(db, std::filesystem::perms(0644));
  CHECK(IntegrityCheck(db) == "ok");
  CHECK(FullDigest(db) == before);
}

TEST_CASE("A read-only directory: gpucat sync fails cleanly, catalog unchanged", "[reliability][faults]") {
  TempDir dir;
  const std::string sub = dir.file("ro");
  std::filesystem::create_directories(sub);
  const std::string db = sub + "/c.db";
  SeedWithCli(db);
  const std::string before = FullDigest(db);
  const bool root = ::geteuid() == 0;
  std::filesystem::permissions(dir.path(), std::filesystem::perms(0755));
  if (root) REQUIRE(::chown(db.c_str(), kNobody, kNobody) == 0);  // the file is writable, its directory not
  std::filesystem::permissions(sub, std::filesystem::perms(0555));
  const ProcessResult r =
      RunProcess({GPUCAT_BIN, "sync", "--db", db}, root ? std::optional<uid_t>(kNobody) : std::nullopt);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err == "gpucat: catalog_readonly: cannot write the catalog " + db +
                     ": the file and its directory must be writable (SQLite keeps its -wal and -shm files next "
                     "to it): attempt to write a readonly database\n");
  CHECK(r.out.empty());
  std::filesystem::permissions(sub, std::filesystem::perms(0755));
  CHECK(IntegrityCheck(db) == "ok");
  CHECK(FullDigest(db) == before);
}

TEST_CASE("A catalog path that cannot exist: catalog_open_failed, exit 1", "[reliability][faults]") {
  const ProcessResult r = RunProcess({GPUCAT_BIN, "sync", "--db", "/nonexistent-dir/sub/c.db"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.rfind("gpucat: catalog_open_failed: ", 0) == 0);
  CHECK(r.out.empty());
}
