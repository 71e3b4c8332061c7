// LoadConfig: the JSON file, environment overrides, secrets files.
#include <catch2/catch.hpp>
#include <string>

#include "gpucat/fetch.h"
#include "test_support.h"

namespace gpucat {
namespace {

using testing::ScopedGpucatEnv;
using testing::TempDir;

constexpr char kExample[] = R"({
  "db": "/var/lib/gpucat/catalog.db",
  "stale_after_seconds": 7200,
  "providers": {
    "sakura": {"zones": "is1a,tk1a", "dok.user": "dok-user"},
    "gmo": {}
  }
})";

TEST_CASE("config: no file and no environment -> defaults", "[config]") {
  ScopedGpucatEnv env;
  auto r = LoadConfig("");
  REQUIRE(r.ok());
  CHECK(r.value().db_path == "gpucat.db");
  CHECK(r.value().stale_after_seconds == 86400);
  CHECK(r.value().providers.empty());
}

TEST_CASE("config: the file's values", "[config]") {
  ScopedGpucatEnv env;
  TempDir dir;
  auto r = LoadConfig(dir.Write("gpucat.json", kExample).string());
  REQUIRE(r.ok());
  const Config& c = r.value();
  CHECK(c.db_path == "/var/lib/gpucat/catalog.db");
  CHECK(c.stale_after_seconds == 7200);
  REQUIRE(c.providers.count("sakura") == 1);
  CHECK(c.providers.at("sakura").at("zones") == "is1a,tk1a");
  CHECK(c.providers.at("sakura").at("dok.user") == "dok-user");
  CHECK(c.providers.count("gmo") == 1);  // listed, no settings
  CHECK(c.providers.at("gmo").empty());
}

TEST_CASE("config: environment overrides", "[config]") {
  ScopedGpucatEnv env;
  TempDir dir;
  env.Set("GPUCAT_DB", "/tmp/other.db");
  env.Set("GPUCAT_STALE_AFTER_SECONDS", "60");
  env.Set("GPUCAT_SAKURA_ZONES", "is1b");
  env.Set("GPUCAT_SAKURA_DOK_USER", "env-user");      // maps back to the file's "dok.user"
  env.Set("GPUCAT_SAKURA_DOK_PASSWORD", "env-pass");  // a key the file lacks
  env.Set("GPUCAT_KDDI_SHEET_URL", "https://example.invalid/kddi.json");
  env.Set("GPUCAT_CONFIG", "/ignored/by/LoadConfig.json");
  env.Set("GPUCAT_NOKEY", "ignored with a warning");
  auto r = LoadConfig(dir.Write("gpucat.json", kExample).string());
  REQUIRE(r.ok());
  const Config& c = r.value();
  CHECK(c.db_path == "/tmp/other.db");
  CHECK(c.stale_after_seconds == 60);
  CHECK(c.providers.at("sakura").at("zones") == "is1b");
  CHECK(c.providers.at("sakura").at("dok.user") == "env-user");
  CHECK(c.providers.at("sakura").count("dok_user") == 0);
  CHECK(c.providers.at("sakura").at("dok_password") == "env-pass");
  CHECK(c.providers.at("kddi").at("sheet_url") == "https://example.invalid/kddi.json");
  CHECK(c.providers.count("config") == 0);
  CHECK(c.providers.count("nokey") == 0);

  // Environment only, no file.
  auto only_env = LoadConfig("");
  REQUIRE(only_env.ok());
  CHECK(only_env.value().providers.at("sakura").at("dok_user") == "env-user");
}

TEST_CASE("config: secrets files (mode 0600) land under the key without _file", "[config]") {
  ScopedGpucatEnv env;
  TempDir dir;
  dir.Write("dok.secret", "s3cret-pw\n", 0600);
  dir.Write("readonly.secret", "t0ken\r\n", 0400);
  dir.Write("gpucat.json", R"({"providers": {"sakura": {
      "dok_password_file": "dok.secret",
      "api_token_file": ")" + (dir.path() / "readonly.secret").string() +
                               R"("}}})");
  auto r = LoadConfig((dir.path() / "gpucat.json").string());
  REQUIRE(r.ok());
  const ProviderConfig& sakura = r.value().providers.at("sakura");
  CHECK(sakura.at("dok_password") == "s3cret-pw");  // relative to the config file, newline trimmed
  CHECK(sakura.at("api_token") == "t0ken");
  CHECK(sakura.count("dok_password_file") == 0);
  CHECK(sakura.count("api_token_file") == 0);

  // The same through the environment.
  dir.Write("env.secret", "from-env-file\n", 0600);
  env.Set("GPUCAT_GPUSOROBAN_LOGIN_PASSWORD_FILE", (dir.path() / "env.secret").string());
  auto e = LoadConfig("");
  REQUIRE(e.ok());
  CHECK(e.value().providers.at("gpusoroban").at("login_password") == "from-env-file");
}

TEST_CASE("config: a secrets file readable by others -> config_error naming the file only", "[config]") {
  ScopedGpucatEnv env;
  TempDir dir;
  const auto secret = dir.Write("dok.secret", "s3cret-pw\n", 0644);
  dir.Write("gpucat.json", R"({"providers": {"sakura": {"dok_password_file": "dok.secret"}}})");
  auto r = LoadConfig((dir.path() / "gpucat.json").string());
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "config_error");
  CHECK_THAT(r.status().message(), Catch::Contains(secret.string()));
  CHECK_THAT(r.status().message(), Catch::Contains("0644"));
  CHECK_THAT(r.status().message(), !Catch::Contains("s3cret-pw"));

  // Group-readable (0640) is refused as well; through the environment too.
  ::chmod(secret.c_str(), 0640);
  ScopedGpucatEnv env2;
  env2.Set("GPUCAT_SAKURA_DOK_PASSWORD_FILE", secret.string());
  auto e = LoadConfig("");
  REQUIRE_FALSE(e.ok());
  CHECK(e.status().code() == "config_error");
  CHECK_THAT(e.status().message(), Catch::Contains("GPUCAT_SAKURA_DOK_PASSWORD_FILE"));
  CHECK_THAT(e.status().message(), !Catch::Contains("s3cret-pw"));
}

TEST_CASE("config: missing or empty secrets file -> config_error", "[config]") {
  ScopedGpucatEnv env;
  TempDir dir;
  dir.Write("empty.secret", "\n", 0600);
  for (const char* file : {"missing.secret", "empty.secret"}) {
    CAPTURE(file);
    dir.Write("gpucat.json", std::string(R"({"providers": {"sakura": {"dok_password_file": ")") + file + R"("}}})");
    auto r = LoadConfig((dir.path() / "gpucat.json").string());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "config_error");
    CHECK_THAT(r.status().message(), Catch::Contains(file));
  }
}

TEST_CASE("config: the environment's secret replaces the file's secrets file, unopened", "[config]") {
  ScopedGpucatEnv env;
  TempDir dir;
  dir.Write("gpucat.json", R"({"providers": {"sakura": {"dok_password_file": "/nonexistent/dok.secret"}}})");
  env.Set("GPUCAT_SAKURA_DOK_PASSWORD", "env-pass");
  auto r = LoadConfig((dir.path() / "gpucat.json").string());
  REQUIRE(r.ok());
  CHECK(r.value().providers.at("sakura").at("dok_password") == "env-pass");
}

TEST_CASE("config: missing file, bad JSON and bad values -> config_error", "[config]") {
  ScopedGpucatEnv env;
  TempDir dir;
  SECTION("missing file") {
    auto r = LoadConfig((dir.path() / "nope.json").string());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "config_error");
    CHECK_THAT(r.status().message(), Catch::Contains("nope.json"));
  }
  SECTION("bad JSON, without quoting the file") {
    auto r =
        LoadConfig(dir.Write("gpucat.json", R"({"providers": {"sakura": {"dok_password": hunter2}}})", 0600).string());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "config_error");
    CHECK_THAT(r.status().message(), Catch::Contains("not valid JSON"));
    CHECK_THAT(r.status().message(), !Catch::Contains("hunter2"));
  }
  const char* bad[] = {
      "[]",
      R"({"unknown": 1})",
      R"({"db": ""})",
      R"({"db": 5})",
      R"({"stale_after_seconds": "86400"})",
      R"({"stale_after_seconds": 0})",
      R"({"stale_after_seconds": 1.5})",
      R"({"providers": []})",
      R"({"providers": {"sakura": "is1a"}})",
      R"({"providers": {"sakura": {"zones": ["is1a"]}}})",
      R"({"providers": {"sakura": {"max_attempts": 3}}})",
      R"({"providers": {"Sakura": {}}})",
      R"({"providers": {"sa_kura": {}}})",
      R"({"providers": {"sakura": {"Zones": "is1a"}}})",
      R"({"providers": {"sakura": {"dok_password": "x", "dok_password_file": "y"}}})",
  };
  for (const char* text : bad) {
    CAPTURE(text);
    auto r = LoadConfig(dir.Write("bad.json", text, 0600).string());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "config_error");
  }
}

TEST_CASE("config: an inline secret needs a config file nobody else can read", "[config]") {
  ScopedGpucatEnv env;
  TempDir dir;
  const std::string text = R"({"providers": {"sakura": {"dok_password": "inline-pw"}}})";
  auto open = LoadConfig(dir.Write("open.json", text, 0644).string());
  REQUIRE_FALSE(open.ok());
  CHECK(open.status().code() == "config_error");
  CHECK_THAT(open.status().message(), Catch::Contains("GPUCAT_SAKURA_DOK_PASSWORD"));
  CHECK_THAT(open.status().message(), !Catch::Contains("inline-pw"));

  auto closed = LoadConfig(dir.Write("closed.json", text, 0600).string());
  REQUIRE(closed.ok());
  CHECK(closed.value().providers.at("sakura").at("dok_password") == "inline-pw");
}

TEST_CASE("config: docs/gpucat.example.json loads", "[config]") {
  ScopedGpucatEnv env;
  // The example's secrets files do not exist here; the environment stands in
  // for them (and proves that they are then never opened).
  env.Set("GPUCAT_SAKURA_DOK_ACCESS_TOKEN", "env-token");
  env.Set("GPUCAT_SAKURA_DOK_ACCESS_TOKEN_SECRET", "env-secret");
  auto r = LoadConfig(GPUCAT_EXAMPLE_CONFIG);
  REQUIRE(r.ok());
  CHECK(r.value().db_path == "/var/lib/gpucat/gpucat.db");
  CHECK(r.value().stale_after_seconds == 86400);
  const ProviderConfig& sakura = r.value().providers.at("sakura");
  CHECK(sakura.at("zones") == "is1a,is1b,is1c,tk1a,tk1b");
  CHECK(sakura.at("dok_access_token") == "env-token");
  CHECK(sakura.at("dok_access_token_secret") == "env-secret");
  CHECK(sakura.size() == 3);
}

TEST_CASE("config: bad environment values -> config_error", "[config]") {
  for (const auto& [name, value] :
       {std::pair{"GPUCAT_STALE_AFTER_SECONDS", "soon"}, std::pair{"GPUCAT_STALE_AFTER_SECONDS", "0"},
        std::pair{"GPUCAT_STALE_AFTER_SECONDS", "-5"}, std::pair{"GPUCAT_DB", ""},
        std::pair{"GPUCAT_SAKURA_DOK_PASSWORD_FILE", ""}}) {
    CAPTURE(name, value);
    ScopedGpucatEnv env;
    env.Set(name, value);
    auto r = LoadConfig("");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "config_error");
  }
}

}  // namespace
}  // namespace gpucat

namespace gpucat {
namespace {

using testing::ScopedGpucatEnv;
using testing::TempDir;

TEST_CASE("config: the admin token from a secrets file, inline, or the environment", "[config][admin]") {
  ScopedGpucatEnv env;
  TempDir dir;
  CHECK(LoadConfig("").value().admin_token.empty());  // none: admin disabled

  dir.Write("admin.token", "file-admin-token-0123456789\n", 0600);
  dir.Write("gpucat.json", R"({"admin_token_file": "admin.token"})", 0644);
  auto f = LoadConfig((dir.path() / "gpucat.json").string());
  REQUIRE(f.ok());
  CHECK(f.value().admin_token == "file-admin-token-0123456789");  // relative to the config, newline trimmed
  CHECK(f.value().providers.empty());

  dir.Write("inline.json", R"({"admin_token": "inline-admin-token-0123456789"})", 0600);
  auto i = LoadConfig((dir.path() / "inline.json").string());
  REQUIRE(i.ok());
  CHECK(i.value().admin_token == "inline-admin-token-0123456789");

  // The environment wins over the file, and is not a provider "admin".
  env.Set("GPUCAT_ADMIN_TOKEN", "env-admin-token-0123456789");
  auto e = LoadConfig((dir.path() / "gpucat.json").string());
  REQUIRE(e.ok());
  CHECK(e.value().admin_token == "env-admin-token-0123456789");
  CHECK(e.value().providers.count("admin") == 0);
}

TEST_CASE("config: GPUCAT_ADMIN_TOKEN_FILE is a secrets file", "[config][admin]") {
  ScopedGpucatEnv env;
  TempDir dir;
  const auto token = dir.Write("admin.token", "env-file-admin-token-0123\n", 0600);
  env.Set("GPUCAT_ADMIN_TOKEN_FILE", token.string());
  auto r = LoadConfig("");
  REQUIRE(r.ok());
  CHECK(r.value().admin_token == "env-file-admin-token-0123");
}

TEST_CASE("config: admin token errors name files and settings, never the token", "[config][admin]") {
  ScopedGpucatEnv env;
  TempDir dir;
  SECTION("a token file others can read") {
    const auto token = dir.Write("admin.token", "readable-admin-token-0123\n", 0644);
    dir.Write("gpucat.json", R"({"admin_token_file": "admin.token"})");
    auto r = LoadConfig((dir.path() / "gpucat.json").string());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "config_error");
    CHECK_THAT(r.status().message(), Catch::Contains(token.string()) && Catch::Contains("0644"));
    CHECK_THAT(r.status().message(), !Catch::Contains("readable-admin-token"));
  }
  SECTION("an inline token in a config file others can read") {
    dir.Write("gpucat.json", R"({"admin_token": "inline-readable-token-0123"})", 0644);
    auto r = LoadConfig((dir.path() / "gpucat.json").string());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "config_error");
    CHECK_THAT(r.status().message(), Catch::Contains("admin_token") && Catch::Contains("0644"));
    CHECK_THAT(r.status().message(), !Catch::Contains("inline-readable-token"));
  }
  SECTION("both forms in the file") {
    dir.Write("admin.token", "x-admin-token-0123456789\n", 0600);
    dir.Write("gpucat.json", R"({"admin_token": "inline-admin-token-0123", "admin_token_file": "admin.token"})", 0600);
    auto r = LoadConfig((dir.path() / "gpucat.json").string());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "config_error");
    CHECK_THAT(r.status().message(), !Catch::Contains("inline-admin-token"));
  }
  SECTION("both forms in the environment") {
    env.Set("GPUCAT_ADMIN_TOKEN", "env-admin-token-0123456789");
    env.Set("GPUCAT_ADMIN_TOKEN_FILE", "/nonexistent/admin.token");
    auto r = LoadConfig("");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "config_error");
    CHECK_THAT(r.status().message(), Catch::Contains("GPUCAT_ADMIN_TOKEN"));
    CHECK_THAT(r.status().message(), !Catch::Contains("env-admin-token"));
  }
  SECTION("an empty value") {
    dir.Write("gpucat.json", R"({"admin_token_file": ""})");
    auto r = LoadConfig((dir.path() / "gpucat.json").string());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message() ==
          "config file " + (dir.path() / "gpucat.json").string() + ": \"admin_token_file\" must be a non-empty string");
  }
}

TEST_CASE("ReadSecretsFile: the rules of secrets files, for the CLI's --admin-token-file", "[config][admin]") {
  TempDir dir;
  const auto ok = dir.Write("ok", "tok\r\n", 0400);
  const auto open = dir.Write("open", "tok\n", 0604);
  auto r = ReadSecretsFile(ok.string());
  REQUIRE(r.ok());
  CHECK(r.value() == "tok");
  auto bad = ReadSecretsFile(open.string());
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == "config_error");
  CHECK(bad.status().message() == "secrets file " + open.string() +
                                      " has mode 0604; it must be 0600 or stricter (chmod 600 " + open.string() + ")");
  CHECK(ReadSecretsFile((dir.path() / "missing").string()).status().code() == "config_error");
}

}  // namespace
}  // namespace gpucat
