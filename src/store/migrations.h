// Schema migrations embedded from schema/NNN_*.sql (cmake/embed_sql.cmake).
// Private to the store.
#pragma once

#include <string>
#include <vector>

namespace gpucat {

struct Migration {
  int version;       // NNN of the file name; PRAGMA user_version after applying it
  std::string name;  // file name, for messages
  std::string sql;
};

// All migrations, ascending by version, versions 1..N without gaps.
const std::vector<Migration>& Migrations();

}  // namespace gpucat
