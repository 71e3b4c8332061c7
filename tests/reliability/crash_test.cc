// Kill -9 of a sync at random points: afterwards the catalog passes
// integrity_check and equals the state before or after that sync, and a reader
// that read throughout never saw an error or a mix.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <thread>

#include "crash_state.h"

using namespace gpucat;
using namespace gpucat::testing;

namespace {

// Runs the child; kills it `kill_after_us` after it says "ready" (or lets it
// finish when negative). Returns the child's wait status.
int RunChild(const std::string& db, int generation, int64_t kill_after_us) {
  int out[2];
  REQUIRE(pipe(out) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    execl(CRASH_CHILD, CRASH_CHILD, db.c_str(), std::to_string(generation).c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  char buf[6] = {};
  REQUIRE(read(out[0], buf, 6) == 6);  // "ready\n"
  if (kill_after_us >= 0) {
    std::this_thread::sleep_for(std::chrono::microseconds(kill_after_us));
    kill(pid, SIGKILL);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  close(out[0]);
  return status;
}

std::string Digest(const std::string& db) {
  sqlite3* h = nullptr;
  sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
  std::string d = CatalogDigest(h);
  sqlite3_close(h);
  return d;
}

std::string IntegrityCheck(const std::string& db) {
  sqlite3* h = nullptr;
  sqlite3_open(db.c_str(), &h);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &s, nullptr);
  std::string out = sqlite3_step(s) == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(s, 0)) : "?";
  sqlite3_finalize(s);
  sqlite3_close(h);
  return out;
}

}  // namespace

TEST_CASE("kill -9 at random points of a sync loses nothing and mixes nothing", "[reliability][crash]") {
  TempDir dir;
  const std::string db = dir.file("c.db");
  // Reference states: the digest of every generation, built once to completion.
  std::map<int, std::string> digest_after;  // generation -> digest after applying 0..generation
  constexpr int kIterations = 50;
  {
    TempDir ref;
    const std::string refdb = ref.file("r.db");
    const auto t0 = std::chrono::steady_clock::now();
    REQUIRE(WIFEXITED(RunChild(refdb, 0, -1)));
    const auto full_sync = std::chrono::steady_clock::now() - t0;
    INFO("one full sync of " << kCrashOffers << " offers took "
                             << std::chrono::duration_cast<std::chrono::milliseconds>(full_sync).count() << " ms");
    digest_after[0] = Digest(refdb);
  }
  REQUIRE(WIFEXITED(RunChild(db, 0, -1)));
  REQUIRE(Digest(db) == digest_after[0]);

  // A reader that reads throughout, in one read transaction per look, and
  // checks that each snapshot is internally consistent: the number of active
  // offers equals what the version says (every generation has kCrashOffers).
  std::atomic<bool> stop{false};
  std::atomic<int> reader_errors{0}, reads{0};
  std::thread reader([&] {
    Catalog::Options ro;
    ro.mode = Catalog::Mode::kReadOnly;
    auto c = Catalog::Open(db, ro);
    if (!c.ok()) {
      ++reader_errors;
      return;
    }
    while (!stop) {
      OfferQuery q;
      q.limit = 1;
      int64_t active = -1;
      Status st = c.value()->ReadSnapshot([&]() -> Status {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(c.value()->handle(), "SELECT COUNT(*) FROM offers WHERE status='active'", -1, &s, nullptr);
        if (sqlite3_step(s) == SQLITE_ROW) active = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
        return c.value()->QueryOffers(q, NowUtc()).status();
      });
      if (!st.ok() || active != kCrashOffers) ++reader_errors;
      ++reads;
    }
  });

  std::mt19937 rng(20261122);
  int committed = 0, killed_before_commit = 0;
  std::string expected_before = digest_after[0];
  int generation = 0;
  int64_t sync_us = 0;
  for (int i = 0; i < kIterations; ++i) {
    const int next = generation + 1;
    // The digest after `next`, computed on a copy run to completion.
    std::string expected_after;
    {
      const std::string copy = dir.file("copy.db");
      std::filesystem::remove(copy);
      std::filesystem::remove(copy + "-wal");
      {
        sqlite3* src = nullptr;
        sqlite3* dst = nullptr;
        sqlite3_open(db.c_str(), &src);
        sqlite3_open(copy.c_str(), &dst);
        sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
        sqlite3_backup_step(b, -1);
        sqlite3_backup_finish(b);
        sqlite3_close(dst);
        sqlite3_close(src);
      }
      const auto t0 = std::chrono::steady_clock::now();
      REQUIRE(WIFEXITED(RunChild(copy, next, -1)));
      sync_us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
      expected_after = Digest(copy);
    }
    // Kill somewhere in 0..1.25 x the time the same sync just took: mostly
    // inside the write transaction, sometimes after the commit.
    std::uniform_int_distribution<int64_t> when(0, sync_us + sync_us / 4);
    RunChild(db, next, when(rng));
    REQUIRE(IntegrityCheck(db) == "ok");
    const std::string now = Digest(db);
    const bool before = now == expected_before, after = now == expected_after;
    CAPTURE(i);
    REQUIRE((before || after));
    if (after) {
      ++committed;
      generation = next;
      expected_before = expected_after;
    } else {
      ++killed_before_commit;
    }
  }
  stop = true;
  reader.join();
  INFO("committed " << committed << ", killed before commit " << killed_before_commit << ", reads " << reads);
  CHECK(reader_errors == 0);
  CHECK(reads > 0);
  // The random kill times must actually exercise both outcomes.
  CHECK(committed > 0);
  CHECK(killed_before_commit > 0);
}
