// A thin RAII layer over sqlite3: prepared statements only (no SQL is ever
// built from user input), typed binds and column reads. Private to the store.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "gpucat/status.h"

namespace gpucat::sql {

// A prepared statement. Movable, not copyable; finalizes on destruction.
class Stmt {
 public:
  Stmt() = default;
  Stmt(sqlite3* db, std::string_view text);  // check ok() after
  ~Stmt();
  Stmt(Stmt&& o) noexcept;
  Stmt& operator=(Stmt&& o) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool ok() const { return stmt_ != nullptr; }
  const std::string& error() const { return error_; }

  // Binds are 1-based, like sqlite3_bind_*. Empty optionals bind NULL.
  Stmt& Bind(int i, std::string_view v);
  Stmt& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, int64_t v);
  Stmt& Bind(int i, const std::optional<int64_t>& v);
  Stmt& Bind(int i, const std::optional<std::string>& v);
  Stmt& BindNull(int i);

  // SQLITE_ROW -> true; SQLITE_DONE -> false; error -> false and last_rc() set.
  bool Step();
  int last_rc() const { return rc_; }
  // Runs to completion; returns a Status with `code` on failure.
  Status Run(const char* code = "catalog_write_failed");
  void Reset();

  int64_t Int(int col) const;
  std::optional<int64_t> OptInt(int col) const;
  std::string Text(int col) const;  // NULL -> ""
  bool IsNull(int col) const;
  int ColumnCount() const { return sqlite3_column_count(stmt_); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
  int rc_ = SQLITE_OK;
  std::string error_;
};

// Executes SQL text that contains no user input (migrations, BEGIN/COMMIT).
Status Exec(sqlite3* db, const std::string& text, const char* code = "catalog_write_failed");

// Maps an sqlite result code to gpucat's stable Status code.
std::string CodeFor(int rc, const char* fallback);

}  // namespace gpucat::sql
