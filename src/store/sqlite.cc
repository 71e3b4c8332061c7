#include "store/sqlite.h"

#include <utility>

namespace gpucat::sql {

Stmt::Stmt(sqlite3* db, std::string_view text) : db_(db) {
  rc_ = sqlite3_prepare_v3(db, text.data(), static_cast<int>(text.size()), SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc_ != SQLITE_OK) {
    error_ = sqlite3_errmsg(db);
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
  }
}

Stmt::~Stmt() { sqlite3_finalize(stmt_); }

Stmt::Stmt(Stmt&& o) noexcept
    : stmt_(std::exchange(o.stmt_, nullptr)), db_(o.db_), rc_(o.rc_), error_(std::move(o.error_)) {}

Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(o.stmt_, nullptr);
    db_ = o.db_;
    rc_ = o.rc_;
    error_ = std::move(o.error_);
  }
  return *this;
}

Stmt& Stmt::Bind(int i, std::string_view v) {
  sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::Bind(int i, int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}
Stmt& Stmt::Bind(int i, const std::optional<int64_t>& v) { return v ? Bind(i, *v) : BindNull(i); }
Stmt& Stmt::Bind(int i, const std::optional<std::string>& v) { return v ? Bind(i, std::string_view(*v)) : BindNull(i); }
Stmt& Stmt::BindNull(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

bool Stmt::Step() {
  rc_ = sqlite3_step(stmt_);
  if (rc_ == SQLITE_ROW) return true;
  if (rc_ != SQLITE_DONE) error_ = sqlite3_errmsg(db_);
  return false;
}

Status Stmt::Run(const char* code) {
  while (Step()) {
  }
  const int rc = rc_;
  Reset();
  if (rc != SQLITE_DONE) return Status::Error(CodeFor(rc, code), error_);
  return Status::Ok();
}

void Stmt::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Stmt::Int(int col) const { return sqlite3_column_int64(stmt_, col); }
std::optional<int64_t> Stmt::OptInt(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}
std::string Stmt::Text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col)) : std::string();
}
bool Stmt::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

Status Exec(sqlite3* db, const std::string& text, const char* code) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db, text.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string message = err ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  return Status::Error(CodeFor(rc, code), message);
}

std::string CodeFor(int rc, const char* fallback) {
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "catalog_busy";
    case SQLITE_READONLY:
      return "catalog_readonly";
    case SQLITE_FULL:
      return "catalog_disk_full";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return "catalog_corrupt";
    default:
      return fallback;
  }
}

}  // namespace gpucat::sql
