// Helpers shared by the CLI commands: catalog/config resolution and output.
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/args.h"
#include "gpucat/catalog.h"
#include "gpucat/fetch.h"

namespace gpucat::cli {

using Argv = std::vector<std::string>;

// Options every catalog-reading command accepts.
std::vector<OptionSpec> CatalogOptions();

// --config, else $GPUCAT_CONFIG, else defaults + environment.
Result<Config> ResolveConfig(const Args& args);
// --db, else $GPUCAT_DB (applied by LoadConfig), else the config's db.
std::string ResolveDbPath(const Args& args, const Config& config);
Result<std::unique_ptr<Catalog>> OpenCatalog(const Args& args, Catalog::Mode mode);

// Prints "gpucat: <message>" to stderr and returns `exit_code`.
int Fail(const Status& status, int exit_code = 1);
// Handles --help and parse errors uniformly; nullopt = keep going.
std::optional<int> ParseOrExit(const Argv& argv, const std::vector<OptionSpec>& specs, const std::string& usage,
                               const std::string& summary, Args& out);

// Display width of UTF-8 text in a terminal (East Asian wide = 2 columns).
size_t DisplayWidth(const std::string& s);
// Prints rows as an aligned table; the first row is the header.
void PrintTable(const std::vector<std::vector<std::string>>& rows, std::FILE* out = stdout);
// RFC 4180 CSV.
void PrintCsv(const std::vector<std::vector<std::string>>& rows, std::FILE* out = stdout);
// 1/10,000 JPY -> "¥1,234.57" (display only: 2 decimals, half away from zero).
std::string YenForDisplay(const std::optional<int64_t>& minor);
// Seconds -> "5m", "3h", "2d".
std::string AgeForDisplay(int64_t seconds);
// "YEN" decimal text -> 1/10,000 JPY (exact; more than 4 decimals is an error).
Result<int64_t> YenTextToMinor(const std::string& text);

}  // namespace gpucat::cli
