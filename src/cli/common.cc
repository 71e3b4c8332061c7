#include "cli/common.h"

#include <cstdlib>

#include "cli/commands.h"

namespace gpucat::cli {

std::vector<OptionSpec> CatalogOptions() {
  return {{"db", true, false, "catalog file (default $GPUCAT_DB, the config's db, or ./gpucat.db)"},
          {"config", true, false, "configuration file (default $GPUCAT_CONFIG)"}};
}

Result<Config> ResolveConfig(const Args& args) {
  std::string path = args.Get("config").value_or("");
  if (path.empty()) {
    if (const char* env = std::getenv("GPUCAT_CONFIG")) path = env;
  }
  return LoadConfig(path);
}

std::string ResolveDbPath(const Args& args, const Config& config) {
  if (auto db = args.Get("db")) return *db;
  return config.db_path;
}

Result<std::unique_ptr<Catalog>> OpenCatalog(const Args& args, Catalog::Mode mode) {
  auto config = ResolveConfig(args);
  if (!config.ok()) return config.status();
  Catalog::Options options;
  options.mode = mode;
  options.stale_after_seconds = config.value().stale_after_seconds;
  return Catalog::Open(ResolveDbPath(args, config.value()), options);
}

int Fail(const Status& status, int exit_code) {
  std::fprintf(stderr, "gpucat: %s\n", status.ToString().c_str());
  return exit_code;
}

std::optional<int> ParseOrExit(const Argv& argv, const std::vector<OptionSpec>& specs, const std::string& usage,
                               const std::string& summary, Args& out) {
  for (const auto& a : argv) {
    if (a == "--help" || a == "-h") {
      std::fputs(HelpText(usage, summary, specs).c_str(), stdout);
      return 0;
    }
  }
  auto parsed = Args::Parse(argv, specs);
  if (!parsed.ok()) return Fail(parsed.status(), 2);
  out = std::move(parsed).value();
  return std::nullopt;
}

size_t DisplayWidth(const std::string& s) {
  size_t width = 0;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    uint32_t cp = c;
    size_t len = 1;
    if (c >= 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else if (c >= 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xC0) {
      len = 2;
      cp = c & 0x1F;
    }
    for (size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += len;
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6);
    width += wide ? 2 : 1;
  }
  return width;
}

void PrintTable(const std::vector<std::vector<std::string>>& rows, std::FILE* out) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(row[i]));
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - DisplayWidth(row[i]) + 2, ' ');
    }
    std::fprintf(out, "%s\n", line.c_str());
  }
}

void PrintCsv(const std::vector<std::vector<std::string>>& rows, std::FILE* out) {
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string& f = row[i];
      if (f.find_first_of(",\"\r\n") != std::string::npos) {
        line += '"';
        for (char c : f) line += c == '"' ? std::string("\"\"") : std::string(1, c);
        line += '"';
      } else {
        line += f;
      }
      if (i + 1 < row.size()) line += ',';
    }
    std::fprintf(out, "%s\r\n", line.c_str());
  }
}

std::string YenForDisplay(const std::optional<int64_t>& minor) {
  if (!minor) return "-";
  const int64_t cents = RoundHalfAwayFromZero(*minor, kMinorPerYen / 100);
  std::string frac = std::to_string((cents < 0 ? -cents : cents) % 100);
  if (frac.size() < 2) frac.insert(0, "0");
  return "¥" + FormatYenGrouped(cents / 100) + "." + frac;
}

std::string AgeForDisplay(int64_t seconds) {
  if (seconds < 120) return std::to_string(seconds) + "s";
  if (seconds < 7200) return std::to_string(seconds / 60) + "m";
  if (seconds < 172800) return std::to_string(seconds / 3600) + "h";
  return std::to_string(seconds / 86400) + "d";
}

Result<int64_t> YenTextToMinor(const std::string& text) {
  auto d = ParseDecimal(text);
  if (!d.ok()) return Status::Error("usage", "not a yen amount: \"" + text + "\"");
  if (d.value().scale > 4) return Status::Error("usage", "more than 4 decimals: \"" + text + "\"");
  int64_t minor = d.value().units;
  for (int i = d.value().scale; i < 4; ++i) {
    if (minor > INT64_MAX / 10 || minor < INT64_MIN / 10) return Status::Error("usage", "amount too large");
    minor *= 10;
  }
  return minor;
}

}  // namespace gpucat::cli
