#include "gpucat/catalog.h"

#include <sqlite3.h>

#include <cerrno>

#include "gpucat/gpu_models.h"
#include "store/catalog_impl.h"
#include "store/migrations.h"

namespace gpucat {

namespace {

Status ApplyMigrations(sqlite3* db, int from_version) {
  // All pending migrations in one transaction: a failure leaves the catalog
  // exactly at `from_version`.
  if (auto st = sql::Exec(db, "BEGIN IMMEDIATE", "migration_failed"); !st.ok()) return st;
  for (const auto& m : Migrations()) {
    if (m.version <= from_version) continue;
    auto st = sql::Exec(db, m.sql, "migration_failed");
    if (st.ok()) st = sql::Exec(db, "PRAGMA user_version = " + std::to_string(m.version), "migration_failed");
    if (!st.ok()) {
      sql::Exec(db, "ROLLBACK");
      return Status::Error("migration_failed", m.name + ": " + st.message());
    }
  }
  return sql::Exec(db, "COMMIT", "migration_failed");
}

// Keeps the gpu_models table equal to the binary's reference table.
Status SeedGpuModels(sqlite3* db) {
  sql::Stmt up(db,
               "INSERT INTO gpu_models(gpu_model,name,vendor,architecture,memory_gb,memory_type,"
               "memory_bandwidth_gbps,bf16_dense_tflops,fp8_dense_tflops,source,note) "
               "VALUES(?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(gpu_model) DO UPDATE SET name=excluded.name,"
               "vendor=excluded.vendor,architecture=excluded.architecture,memory_gb=excluded.memory_gb,"
               "memory_type=excluded.memory_type,memory_bandwidth_gbps=excluded.memory_bandwidth_gbps,"
               "bf16_dense_tflops=excluded.bf16_dense_tflops,fp8_dense_tflops=excluded.fp8_dense_tflops,"
               "source=excluded.source,note=excluded.note");
  if (!up.ok()) return Status::Error("catalog_write_failed", up.error());
  if (auto st = sql::Exec(db, "BEGIN IMMEDIATE"); !st.ok()) return st;
  for (const auto& m : GpuModels()) {
    up.Bind(1, m.id).Bind(2, m.name).Bind(3, m.vendor).Bind(4, m.architecture).Bind(5, m.memory_gb);
    up.Bind(6, m.memory_type).Bind(7, m.memory_bandwidth_gbps).Bind(8, m.bf16_dense_tflops);
    up.Bind(9, m.fp8_dense_tflops).Bind(10, m.source).Bind(11, m.note);
    if (auto st = up.Run(); !st.ok()) {
      sql::Exec(db, "ROLLBACK");
      return st;
    }
  }
  return sql::Exec(db, "COMMIT");
}

int ReadUserVersion(sqlite3* db) {
  sql::Stmt s(db, "PRAGMA user_version");
  return s.ok() && s.Step() ? static_cast<int>(s.Int(0)) : -1;
}

std::string DiskFullMessage(const std::string& path, const std::string& sqlite_message) {
  return "no space left on the device of the catalog " + path + " (" + sqlite_message +
         "); nothing was written: free some space and sync again";
}

// The message of a catalog that cannot be written: what to fix, then SQLite's words.
std::string ReadOnlyMessage(const std::string& path, const std::string& sqlite_message) {
  return "cannot write the catalog " + path +
         ": the file and its directory must be writable (SQLite keeps its -wal and -shm files next to it): " +
         sqlite_message;
}

}  // namespace

int Catalog::LatestSchemaVersion() { return Migrations().empty() ? 0 : Migrations().back().version; }

Catalog::Catalog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Catalog::~Catalog() = default;
sqlite3* Catalog::handle() { return impl_->db; }

Result<std::unique_ptr<Catalog>> Catalog::Open(const std::string& path, const Options& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  const bool read_only = options.mode == Mode::kReadOnly;
  const int flags =
      (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &impl->db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = impl->db ? sqlite3_errmsg(impl->db) : sqlite3_errstr(rc);
    return Status::Error("catalog_open_failed", "cannot open catalog " + path + ": " + msg);
  }
  sqlite3_busy_timeout(impl->db, options.busy_timeout_ms);
  sqlite3_extended_result_codes(impl->db, 1);

  const int version = ReadUserVersion(impl->db);
  if (version < 0) {
    const std::string why = sqlite3_errmsg(impl->db);
    if (!read_only && (sqlite3_extended_errcode(impl->db) & 0xff) == SQLITE_READONLY) {
      // A WAL catalog needs its -wal and -shm files next to it.
      return Status::Error("catalog_readonly", ReadOnlyMessage(path, why));
    }
    if ((sqlite3_extended_errcode(impl->db) & 0xff) == SQLITE_FULL || sqlite3_system_errno(impl->db) == ENOSPC) {
      // No room for the -shm / -wal files (SQLite reports an I/O error).
      return Status::Error("catalog_disk_full", DiskFullMessage(path, why));
    }
    return Status::Error("catalog_open_failed", path + " is not a readable SQLite catalog: " + why);
  }
  const int latest = LatestSchemaVersion();
  if (version > latest) {
    return Status::Error("catalog_too_new", path + " has schema version " + std::to_string(version) +
                                                " but this gpucat knows up to " + std::to_string(latest) +
                                                "; upgrade gpucat");
  }
  if (read_only) {
    if (version < latest) {
      return Status::Error("catalog_not_migrated", path + " has schema version " + std::to_string(version) +
                                                       ", expected " + std::to_string(latest) +
                                                       "; run `gpucat sync` (or `gpucat migrate`) first");
    }
    sql::Exec(impl->db, "PRAGMA query_only = ON");
    return std::unique_ptr<Catalog>(new Catalog(std::move(impl)));
  }
  // WAL: readers never block the writer and see a consistent snapshot.
  // synchronous=FULL: a committed sync survives power loss, not just a crash.
  // cache_size: a sync is one transaction over every page it touches; with
  // SQLite's default 2 MiB cache it re-reads evicted pages and spills dirty
  // ones to the WAL before the commit (measured: bench/results/notes.md).
  // 64 MiB is an upper bound, used only as pages are touched; read-only
  // connections (the server's pool) keep the default.
  for (const char* pragma : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON",
                             "PRAGMA cache_size = -65536"}) {
    if (auto st = sql::Exec(impl->db, pragma, "catalog_open_failed"); !st.ok()) {
      return Status::Error(st.code(), path + ": " + st.message());
    }
  }
  if (version < latest) {
    if (auto st = ApplyMigrations(impl->db, version); !st.ok()) return st;
  }
  if (auto st = SeedGpuModels(impl->db); !st.ok()) {
    if (st.code() == "catalog_readonly") return Status::Error(st.code(), ReadOnlyMessage(path, st.message()));
    return Status::Error(st.code(), "cannot write the GPU reference table to " + path + ": " + st.message());
  }
  return std::unique_ptr<Catalog>(new Catalog(std::move(impl)));
}

int Catalog::SchemaVersion() { return ReadUserVersion(impl_->db); }

int64_t Catalog::Impl::ReadCatalogVersion() {
  sql::Stmt s(db, "SELECT CAST(value AS INTEGER) FROM catalog_meta WHERE key = 'catalog_version'");
  return s.ok() && s.Step() ? s.Int(0) : 0;
}

std::string Catalog::Impl::StaleCutoff(const std::string& now) const {
  const auto t = ParseTimestamp(now);
  return FormatTimestamp((t ? *t : 0) - options.stale_after_seconds);
}

int64_t Catalog::CatalogVersion() { return impl_->ReadCatalogVersion(); }

bool Catalog::ChangedSinceLastCheck() {
  if (!impl_->data_version.ok()) impl_->data_version = sql::Stmt(impl_->db, "PRAGMA data_version");
  sql::Stmt& s = impl_->data_version;
  if (!s.ok() || !s.Step()) {
    if (s.ok()) s.Reset();
    impl_->last_data_version.reset();
    return true;
  }
  const int64_t v = s.Int(0);
  s.Reset();
  const bool changed = !impl_->last_data_version || *impl_->last_data_version != v;
  impl_->last_data_version = v;
  return changed;
}

Status Catalog::ReadSnapshot(const std::function<Status()>& fn) {
  // Re-entrant: inside an open transaction, fn simply joins it, so reads that
  // use ReadSnapshot themselves compose into one snapshot.
  if (sqlite3_get_autocommit(impl_->db) == 0) return fn();
  // A deferred transaction turns into a read snapshot at the first SELECT and
  // holds it until COMMIT: every read in fn sees the same catalog version.
  if (auto st = sql::Exec(impl_->db, "BEGIN", "catalog_read_failed"); !st.ok()) return st;
  struct EndTransaction {  // also when fn throws
    sqlite3* db;
    ~EndTransaction() { sql::Exec(db, "COMMIT", "catalog_read_failed"); }
  } end{impl_->db};
  return fn();
}

}  // namespace gpucat
