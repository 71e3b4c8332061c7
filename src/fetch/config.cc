// LoadConfig: gpucat's JSON configuration file, then environment overrides.
// The format is documented in docs/configuration.md; this file implements it.
//
// Layers, later winning: the config file, then GPUCAT_* variables. Within a
// provider, a key "k_file" names a secrets file whose content becomes "k";
// "k" and "k_file" are the same setting, so a later layer giving either one
// replaces an earlier layer's other (GPUCAT_SAKURA_DOK_PASSWORD beats the
// file's dok_password_file, and the file is then never opened).
//
// Secrets: values are never logged nor put in messages; only paths, key and
// variable names are. Secrets files must be mode 0600 or stricter, and a
// config file holding a secret inline must be too.
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "gpucat/fetch.h"

extern char** environ;  // POSIX: the process environment

namespace gpucat {
namespace {

constexpr int64_t kMaxConfigBytes = int64_t{1024} * 1024;
constexpr int64_t kMaxSecretBytes = int64_t{64} * 1024;
constexpr std::string_view kFileSuffix = "_file";
constexpr std::string_view kEnvPrefix = "GPUCAT_";
// The admin token's settings live in the layers under this name, which no
// provider can have (provider names are [a-z0-9]+).
const std::string kAdminSection = "(admin)";

// Concatenation without a temporary per '+' (clang-tidy's
// performance-inefficient-string-concatenation, inside loops).
std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) out.append(part);
  return out;
}

Status ConfigError(std::string message) { return Status::Error("config_error", std::move(message)); }

std::string ModeString(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Provider names are [a-z0-9]+: GPUCAT_<PROVIDER>_<KEY> splits at the first
// '_', so a provider name must not contain one.
bool IsProviderName(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

// Keys are lower-case [a-z0-9._-]+ so that the environment spelling
// (upper-case, '.'/'-' -> '_') can be mapped back to them.
bool IsKey(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
  });
}

// "dok.user" -> "DOK_USER": how a key is spelled in an environment variable.
std::string EnvSpelling(std::string_view key) {
  std::string out(key);
  for (char& c : out) {
    if (c == '.' || c == '-')
      c = '_';
    else if (c >= 'a' && c <= 'z')
      c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Keys whose values are credentials; they may sit inline only in a config file
// nobody else can read.
bool LooksSecret(std::string_view key) {
  const std::string k = Lower(key);
  for (std::string_view word : {"password", "secret", "token", "api_key", "apikey"}) {
    if (k.find(word) != std::string::npos) return true;
  }
  return false;
}

// Reads a whole file of at most `max_bytes` through an already opened fd.
Result<std::string> ReadFd(int fd, const std::string& path, int64_t max_bytes, const char* what) {
  std::string out;
  char buf[16 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ConfigError(std::string("cannot read ") + what + " " + path + ": " +
                         std::generic_category().message(errno));
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (static_cast<int64_t>(out.size()) > max_bytes) {
      return ConfigError(std::string(what) + " " + path + " is larger than " + std::to_string(max_bytes) + " bytes");
    }
  }
  return out;
}

struct OpenedFile {
  std::string bytes;
  mode_t mode = 0;
};

// Opens, fstat()s and reads one regular file. The mode comes from the same
// open file that is read, so a swap between check and read cannot fool it.
Result<OpenedFile> ReadRegularFile(const std::string& path, int64_t max_bytes, const char* what) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return ConfigError(std::string("cannot open ") + what + " " + path + ": " + std::generic_category().message(errno));
  }
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    return ConfigError(std::string("cannot stat ") + what + " " + path + ": " + std::generic_category().message(errno));
  }
  if (!S_ISREG(st.st_mode)) return ConfigError(std::string(what) + " " + path + " is not a regular file");
  OpenedFile out;
  out.mode = st.st_mode;
  Result<std::string> bytes = ReadFd(fd, path, max_bytes, what);
  if (!bytes.ok()) return bytes.status();
  out.bytes = std::move(bytes).value();
  return out;
}

// A secrets file: mode 0600 or stricter (no group/other bits), trailing
// newlines trimmed, not empty. Messages name the file, never its content.
Result<std::string> ReadSecretFile(const std::string& path) {
  Result<OpenedFile> file = ReadRegularFile(path, kMaxSecretBytes, "secrets file");
  if (!file.ok()) return file.status();
  if ((file.value().mode & 077) != 0) {
    return ConfigError("secrets file " + path + " has mode " + ModeString(file.value().mode) +
                       "; it must be 0600 or stricter (chmod 600 " + path + ")");
  }
  std::string secret = std::move(file.value().bytes);
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  if (secret.empty()) return ConfigError("secrets file " + path + " is empty");
  return secret;
}

// One provider setting as a layer gives it: a value, or a secrets file to read.
struct Setting {
  bool from_file = false;  // `value` is a secrets file path
  std::string value;
  std::string origin;  // for messages: "config file X key providers.p.k" or "GPUCAT_..."
};
// provider -> base key (without "_file") -> setting
using Layer = std::map<std::string, std::map<std::string, Setting>>;

// Adds `key` (as spelled, maybe ending in "_file") to a layer, refusing "k"
// and "k_file" together: which one would win is not obvious to a reader.
Status AddSetting(Layer& layer, const std::string& provider, const std::string& key, std::string value,
                  std::string origin) {
  Setting s;
  std::string base = key;
  if (EndsWith(key, kFileSuffix) && key.size() > kFileSuffix.size()) {
    s.from_file = true;
    base = key.substr(0, key.size() - kFileSuffix.size());
  }
  s.value = std::move(value);
  s.origin = std::move(origin);
  auto [it, inserted] = layer[provider].try_emplace(base, s);
  if (!inserted) {
    return ConfigError(s.origin + " and " + it->second.origin + " set the same setting; keep one");
  }
  return Status::Ok();
}

Status ParseConfigFile(const std::string& path, Config& config, Layer& layer) {
  Result<OpenedFile> file = ReadRegularFile(path, kMaxConfigBytes, "config file");
  if (!file.ok()) return file.status();
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(file.value().bytes);
  } catch (const nlohmann::json::parse_error& e) {
    // Not e.what(): its "last read" excerpt could quote a secret.
    return ConfigError("config file " + path + " is not valid JSON (error at byte " + std::to_string(e.byte) + ")");
  }
  if (!doc.is_object()) return ConfigError("config file " + path + ": the top level must be a JSON object");

  // Secrets files named in the config file are relative to its directory, so
  // a config and its secrets can move together.
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  const bool others_can_read = (file.value().mode & 077) != 0;

  for (const auto& [name, value] : doc.items()) {
    if (name == "db") {
      if (!value.is_string() || value.get<std::string>().empty()) {
        return ConfigError("config file " + path + ": \"db\" must be a non-empty string");
      }
      config.db_path = value.get<std::string>();
    } else if (name == "stale_after_seconds") {
      if (!value.is_number_integer() || value.get<int64_t>() <= 0) {
        return ConfigError("config file " + path + ": \"stale_after_seconds\" must be a positive integer");
      }
      config.stale_after_seconds = value.get<int64_t>();
    } else if (name == "pricing_rules") {
      if (!value.is_string() || value.get<std::string>().empty()) {
        return ConfigError("config file " + path + ": \"pricing_rules\" must be a non-empty string");
      }
      const std::filesystem::path rules(value.get<std::string>());
      config.pricing_rules_path = rules.is_relative() ? (dir / rules).string() : rules.string();
    } else if (name == "admin_token" || name == "admin_token_file") {
      if (!value.is_string() || value.get<std::string>().empty()) {
        return ConfigError(Cat({"config file ", path, ": \"", name, "\" must be a non-empty string"}));
      }
      std::string text = value.get<std::string>();
      const bool is_file = name == "admin_token_file";
      if (!is_file && others_can_read) {
        return ConfigError(Cat({"config file ", path, " admin_token is a secret, but ", path, " has mode ",
                                ModeString(file.value().mode), "; use admin_token_file (mode 0600) or ",
                                "GPUCAT_ADMIN_TOKEN, or chmod 600 ", path}));
      }
      if (is_file && std::filesystem::path(text).is_relative()) text = (dir / text).string();
      if (Status s = AddSetting(layer, kAdminSection, name, std::move(text), Cat({"config file ", path, " ", name}));
          !s.ok()) {
        return s;
      }
    } else if (name == "providers") {
      if (!value.is_object()) return ConfigError("config file " + path + ": \"providers\" must be an object");
      for (const auto& [provider, settings] : value.items()) {
        const std::string where = Cat({"config file ", path, " providers.", provider});
        if (!IsProviderName(provider)) return ConfigError(Cat({where, ": provider names are [a-z0-9]+"}));
        if (!settings.is_object()) return ConfigError(Cat({where, " must be an object"}));
        layer[provider];  // a provider listed with no settings still exists
        for (const auto& [key, v] : settings.items()) {
          const std::string origin = Cat({where, ".", key});
          if (!IsKey(key)) return ConfigError(Cat({origin, ": keys are lower-case [a-z0-9._-]+"}));
          if (!v.is_string()) return ConfigError(Cat({origin, " must be a string"}));
          std::string text = v.get<std::string>();
          const bool is_file = EndsWith(key, kFileSuffix);
          if (!is_file && LooksSecret(key) && others_can_read) {
            return ConfigError(Cat({origin, " is a secret, but ", path, " has mode ", ModeString(file.value().mode),
                                    "; use ", key, "_file (mode 0600) or GPUCAT_", EnvSpelling(provider), "_",
                                    EnvSpelling(key), ", or chmod 600 ", path}));
          }
          if (is_file && !text.empty() && std::filesystem::path(text).is_relative()) {
            text = (dir / text).string();
          }
          if (Status s = AddSetting(layer, provider, key, std::move(text), origin); !s.ok()) return s;
        }
      }
    } else {
      return ConfigError(Cat({"config file ", path, ": unknown key \"", name, "\""}));
    }
  }
  return Status::Ok();
}

// GPUCAT_DB, GPUCAT_STALE_AFTER_SECONDS, and GPUCAT_<PROVIDER>_<KEY> for
// everything else. GPUCAT_CONFIG (the config file's path) belongs to the CLI.
Status ReadEnvironment(Config& config, const Layer& file_layer, Layer& layer) {
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string_view entry(*e);
    const size_t eq = entry.find('=');
    if (eq == std::string_view::npos || entry.substr(0, kEnvPrefix.size()) != kEnvPrefix) continue;
    const std::string name(entry.substr(0, eq));
    std::string value(entry.substr(eq + 1));
    const std::string rest = name.substr(kEnvPrefix.size());

    if (rest == "CONFIG") continue;
    if (rest == "ADMIN_TOKEN" || rest == "ADMIN_TOKEN_FILE") {
      const bool is_file = rest == "ADMIN_TOKEN_FILE";
      if (value.empty()) return ConfigError(name + (is_file ? " must name a file" : " must not be empty"));
      if (Status s =
              AddSetting(layer, kAdminSection, is_file ? "admin_token_file" : "admin_token", std::move(value), name);
          !s.ok()) {
        return s;
      }
      continue;
    }
    if (rest == "DB") {
      if (value.empty()) return ConfigError(name + " must not be empty");
      config.db_path = std::move(value);
      continue;
    }
    if (rest == "PRICING_RULES") {
      if (value.empty()) return ConfigError(name + " must not be empty");
      config.pricing_rules_path = std::move(value);
      continue;
    }
    if (rest == "STALE_AFTER_SECONDS") {
      const bool digits = !value.empty() && value.size() <= 18 &&
                          std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (!digits || std::stoll(value) <= 0) return ConfigError(name + " must be a positive integer");
      config.stale_after_seconds = std::stoll(value);
      continue;
    }

    const size_t sep = rest.find('_');
    const std::string provider = Lower(rest.substr(0, sep));
    const std::string env_key = sep == std::string::npos ? "" : rest.substr(sep + 1);
    if (!IsProviderName(provider) || env_key.empty()) {
      // Not fatal: the GPUCAT_ prefix is shared with variables of other tools
      // and of gpucat's own scripts; a typo here is at least reported.
      spdlog::warn("config: ignoring {}: not GPUCAT_<PROVIDER>_<KEY>", name);
      continue;
    }
    // Map the variable back to the key as the config file spells it, if the
    // file has it ("dok.user" for DOK_USER), else to the lower-cased name.
    const bool is_file = EndsWith(env_key, "_FILE") && env_key.size() > kFileSuffix.size();
    const std::string env_base = is_file ? env_key.substr(0, env_key.size() - kFileSuffix.size()) : env_key;
    std::string base = Lower(env_base);
    if (auto p = file_layer.find(provider); p != file_layer.end()) {
      int matches = 0;
      for (const auto& [file_base, setting] : p->second) {
        if (EnvSpelling(file_base) == env_base) {
          base = file_base;
          ++matches;
        }
      }
      if (matches > 1) {
        return ConfigError(Cat({name, " matches more than one key of provider ", provider, " in the config file"}));
      }
    }
    const std::string key = is_file ? base + std::string(kFileSuffix) : base;
    if (is_file && value.empty()) return ConfigError(name + " must name a file");
    if (Status s = AddSetting(layer, provider, key, std::move(value), name); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> ReadSecretsFile(const std::string& path) { return ReadSecretFile(path); }

Result<Config> LoadConfig(const std::string& path) {
  Config config;
  Layer file_layer, env_layer;
  if (!path.empty()) {
    if (Status s = ParseConfigFile(path, config, file_layer); !s.ok()) return s;
  }
  if (Status s = ReadEnvironment(config, file_layer, env_layer); !s.ok()) return s;

  // The environment replaces whole settings (value or secrets file alike).
  Layer merged = std::move(file_layer);
  for (auto& [provider, settings] : env_layer) {
    for (auto& [base, setting] : settings) merged[provider][base] = std::move(setting);
  }
  // Only now are secrets files opened: those overridden above never are.
  for (auto& [provider, settings] : merged) {
    if (provider == kAdminSection) {
      for (auto& [base, setting] : settings) {
        if (!setting.from_file) {
          config.admin_token = std::move(setting.value);
          continue;
        }
        Result<std::string> secret = ReadSecretFile(setting.value);
        if (!secret.ok()) return ConfigError(setting.origin + ": " + secret.status().message());
        config.admin_token = std::move(secret).value();
      }
      continue;
    }
    ProviderConfig& out = config.providers[provider];
    for (auto& [base, setting] : settings) {
      if (!setting.from_file) {
        out[base] = std::move(setting.value);
        continue;
      }
      Result<std::string> secret = ReadSecretFile(setting.value);
      if (!secret.ok()) return ConfigError(setting.origin + ": " + secret.status().message());
      out[base] = std::move(secret).value();
    }
  }
  spdlog::debug("config: loaded {} with {} provider(s)", path.empty() ? "(no file)" : path, config.providers.size());
  return config;
}

}  // namespace gpucat
