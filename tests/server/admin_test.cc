// Admin operations (docs/api.md "Admin operations"): disabled without a
// token; with one, bearer-token checked in constant time; the sync runs as a
// child process (the server's own catalog connections stay read-only); the
// pricing reload keeps the rules in force when it fails; the token never
// reaches a log line, an error message or the child's environment.
#include "server/admin.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "gpucat/sha256.h"
#include "server/state.h"
#include "server_fixture.h"

using namespace gpucat;
using namespace gpucat::testing;
using nlohmann::json;

namespace {

constexpr const char* kToken = "test-admin-token-7f3a9c2e5b1d";

httplib::Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

ServeOptions AdminOptions(std::vector<std::string> sync_command) {
  ServeOptions o;
  o.admin_token = kToken;
  o.sync_command = std::move(sync_command);
  return o;
}

// Polls GET /v1/admin/sync until the run is no longer running (bounded).
json WaitForSync(const TestServer& s) {
  for (int i = 0; i < 3000; ++i) {
    const Response r = s.Get("/v1/admin/sync", Bearer(kToken));
    REQUIRE(r.status == 200);
    const json run = r.json().at("sync");
    if (run.at("state") != "running") return run;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  FAIL("the admin sync did not finish");
  return {};
}

}  // namespace

TEST_CASE("Admin: without a token every admin operation is 403 admin_disabled", "[server][admin]") {
  Seeded s;
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"POST", "/v1/admin/sync"}, {"GET", "/v1/admin/sync"}, {"POST", "/v1/admin/pricing/reload"}}) {
    INFO(method << " " << path);
    const Response r = s.server->Send(method, path, "", Bearer(kToken));
    CHECK(r.status == 403);
    CHECK(r.json().at("error").at("code") == "admin_disabled");
    CHECK(r.header("Cache-Control") == "no-store");
  }
}

TEST_CASE("Admin: a configured token must be long and printable; a sync command is required", "[server][admin]") {
  TempDir dir;
  const std::string db = dir.file("c.db");
  SeedCatalog(db);
  auto create = [&](const std::string& token, std::vector<std::string> command) {
    ServeOptions o;
    o.db_path = db;
    o.admin_token = token;
    o.sync_command = std::move(command);
    return Server::Create(o);
  };
  for (const std::string& bad :
       std::vector<std::string>{"short-token", "a token with spaces in it", "tab\tseparated-token-1234",
                                std::string(4097, 'x'), "caf\xc3\xa9-token-0123456789"}) {
    auto r = create(bad, {"/bin/true"});
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "invalid_option");
    CHECK(r.status().message().find(bad) == std::string::npos);  // never the token itself
  }
  auto no_command = create(kToken, {});
  REQUIRE_FALSE(no_command.ok());
  CHECK(no_command.status().code() == "invalid_option");
  CHECK(create(kToken, {"/bin/true"}).ok());
}

TEST_CASE("Admin: the bearer token is required and checked exactly", "[server][admin]") {
  TempDir flags;
  const std::string release = flags.file("release");
  // A sync that runs until the test releases it: no timing involved.
  Seeded s(AdminOptions({"/bin/sh", "-c", "while [ ! -e '" + release + "' ]; do sleep 0.02; done; echo done"}));
  const std::string token = kToken;
  const std::vector<std::pair<std::string, httplib::Headers>> refused = {
      {"no Authorization", {}},
      {"empty", {{"Authorization", ""}}},
      {"scheme only", {{"Authorization", "Bearer"}}},
      {"scheme and a space", {{"Authorization", "Bearer "}}},
      {"Basic", {{"Authorization", "Basic " + token}}},
      {"no scheme", {{"Authorization", token}}},
      {"wrong token", Bearer("wrong-admin-token-000000000000")},
      {"a prefix of the token", Bearer(token.substr(0, token.size() - 1))},
      {"the token and more", Bearer(token + "x")},
      {"the token in upper case", Bearer("TEST-ADMIN-TOKEN-7F3A9C2E5B1D")},
      {"two headers, one right", {{"Authorization", "Bearer " + token}, {"Authorization", "Bearer wrong"}}},
  };
  for (const auto& [what, headers] : refused) {
    INFO(what);
    for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
             {"POST", "/v1/admin/sync"}, {"GET", "/v1/admin/sync"}, {"POST", "/v1/admin/pricing/reload"}}) {
      const Response r = s.server->Send(method, path, "", headers);
      CHECK(r.status == 401);
      CHECK(r.json().at("error").at("code") == "unauthorized");
      CHECK(r.header("WWW-Authenticate") == "Bearer realm=\"gpucat-admin\"");
      CHECK(r.body.find(token) == std::string::npos);
    }
  }
  // Values httplib's client would not send, as raw bytes.
  for (const std::string& value :
       std::vector<std::string>{"Bearer " + token + std::string(1, '\0') + "junk", "Bearer " + token + " extra",
                                "Bearer\t" + token, "Bearer " + token + "\x80", "Bearer \xff\xfe"}) {
    INFO(value);
    const std::string raw =
        RawRequest(s.server->port(), "POST /v1/admin/sync HTTP/1.1\r\nHost: x\r\nAuthorization: " + value +
                                         "\r\nContent-Length: 0\r\n\r\n");
    // A NUL anywhere in a request head is refused outright (400): httplib
    // would read the value only up to it.
    const bool nul = value.find('\0') != std::string::npos;
    CHECK(raw.rfind(nul ? "HTTP/1.1 400 " : "HTTP/1.1 401 ", 0) == 0);
    CHECK(raw.find(nul ? "\"bad_request\"" : "\"unauthorized\"") != std::string::npos);
  }
  // Nothing was started by the refused requests.
  CHECK(s.server->Get("/v1/admin/sync", Bearer(token)).json().at("sync").at("state") == "idle");

  // The scheme is case-insensitive (RFC 7235); the token is not.
  const Response started = s.server->Send("POST", "/v1/admin/sync", "", {{"Authorization", "bearer " + token}});
  REQUIRE(started.status == 202);
  CHECK(started.json().at("sync").at("state") == "running");
  CHECK(started.json().at("sync").at("run") == 1);
  CHECK(started.header("Cache-Control") == "no-store");
  // One sync at a time.
  const Response again = s.server->Send("POST", "/v1/admin/sync", "", Bearer(token));
  CHECK(again.status == 409);
  CHECK(again.json().at("error").at("code") == "sync_in_progress");
  WriteFile(release, "");
  const json run = WaitForSync(*s.server);
  CHECK(run.at("state") == "succeeded");
  CHECK(run.at("exit_code") == 0);
  CHECK(run.at("output") == "done\n");
  // Admin parameters are strict like every other route's.
  CHECK(s.server->Send("POST", "/v1/admin/sync?provider=x", "", Bearer(token)).status == 400);
}

TEST_CASE("Admin: read endpoints stay public whatever Authorization says", "[server][admin]") {
  Seeded s(AdminOptions({"/bin/true"}));
  CHECK(s.server->Get("/v1/offers").status == 200);
  CHECK(s.server->Get("/v1/offers", Bearer("wrong")).status == 200);
  CHECK(s.server->Get("/v1/providers", {{"Authorization", "Basic Zm9vOmJhcg=="}}).status == 200);
}

TEST_CASE("Admin: the sync run's outcome follows the child's exit status", "[server][admin]") {
  struct Expect {
    std::string script, state;
    std::optional<int> exit_code;
  };
  for (const Expect& e : std::vector<Expect>{{"exit 0", "succeeded", 0},
                                             {"echo some failed; exit 3", "partial", 3},
                                             {"echo broken >&2; exit 1", "failed", 1},
                                             {"kill -9 $$", "failed", std::nullopt}}) {
    INFO(e.script);
    Seeded s(AdminOptions({"/bin/sh", "-c", e.script}));
    REQUIRE(s.server->Send("POST", "/v1/admin/sync", "", Bearer(kToken)).status == 202);
    const json run = WaitForSync(*s.server);
    CHECK(run.at("state") == e.state);
    if (e.exit_code) {
      CHECK(run.at("exit_code") == *e.exit_code);
    } else {
      CHECK(run.at("exit_code").is_null());
      CHECK(run.at("detail") == "killed by signal 9");
    }
    CHECK_FALSE(run.at("finished_at").is_null());
  }
}

TEST_CASE("Admin: a command that cannot start is 503 sync_unavailable", "[server][admin]") {
  Seeded s(AdminOptions({"/nonexistent/gpucat", "sync"}));
  const Response r = s.server->Send("POST", "/v1/admin/sync", "", Bearer(kToken));
  CHECK(r.status == 503);
  CHECK(r.json().at("error").at("code") == "sync_unavailable");
  CHECK(s.server->Get("/v1/admin/sync", Bearer(kToken)).json().at("sync").at("state") == "idle");
}

TEST_CASE("Admin: the sync child gets neither the token nor the server's descriptors", "[server][admin]") {
  ::setenv("GPUCAT_ADMIN_TOKEN", kToken, 1);
  ::setenv("GPUCAT_ADMIN_TOKEN_FILE", "/run/secrets/admin", 1);
  Seeded s(AdminOptions({"/bin/sh", "-c", "env; echo FDS; ls /proc/self/fd"}));
  REQUIRE(s.server->Send("POST", "/v1/admin/sync", "", Bearer(kToken)).status == 202);
  const json run = WaitForSync(*s.server);
  ::unsetenv("GPUCAT_ADMIN_TOKEN");
  ::unsetenv("GPUCAT_ADMIN_TOKEN_FILE");
  const std::string output = run.at("output");
  CHECK(output.find(kToken) == std::string::npos);
  CHECK(output.find("GPUCAT_ADMIN_TOKEN") == std::string::npos);
  CHECK(output.find("PATH=") != std::string::npos);  // the rest of the environment is passed on
  // stdin, stdout, stderr and the one ls opens itself: nothing of the server's.
  REQUIRE(output.find("FDS\n") != std::string::npos);
  CHECK(output.substr(output.find("FDS\n") + 4) == "0\n1\n2\n3\n");
}

TEST_CASE("Admin: POST /v1/admin/sync runs the real gpucat sync on the served catalog", "[server][admin]") {
  TempDir dir;
  const std::string db = dir.file("catalog.db");
  SeedCatalog(db);
  TestServer server(db, AdminOptions({GPUCAT_BIN, "sync", "--db", db, "--format", "json"}));
  const int64_t before = std::stoll(server.Get("/v1/offers").header("X-Catalog-Version"));
  REQUIRE(server.Send("POST", "/v1/admin/sync", "", Bearer(kToken)).status == 202);
  const json run = WaitForSync(server);
  INFO(run.dump(2));
  CHECK(run.at("state") == "succeeded");
  const json summaries =
      json::parse(run.at("output").get<std::string>().substr(run.at("output").get<std::string>().find('[')));
  CHECK(summaries.size() == 4);  // sakura, gpusoroban, gmo, kddi
  // The server sees what the child wrote (its own connections only read).
  const Response offers = server.Get("/v1/offers");
  CHECK(std::stoll(offers.header("X-Catalog-Version")) > before);
  const json providers = server.Get("/v1/providers").json();
  bool gmo_synced = false;
  for (const auto& p : providers.at("providers")) {
    if (p.at("provider") == "gmo") gmo_synced = p.at("last_sync").at("status") == "ok";
  }
  CHECK(gmo_synced);
}

TEST_CASE("Admin: pricing reload swaps the rules, or keeps them and says why", "[server][admin]") {
  TempDir dir;
  const std::string rules_path = dir.file("rules.json");
  const std::string good = R"({"version": 1, "rounding": {"increment_yen": 10, "mode": "up"},
      "rules": [{"id": "all", "match": {}, "markup_percent": "10"}]})";
  WriteFile(rules_path, good);
  ServeOptions o = AdminOptions({"/bin/true"});
  o.pricing_rules_path = rules_path;
  Seeded s(o);
  // The rules in force, as the storefront feed names them.
  auto in_force = [&] {
    return s.server->Get("/v1/storefront/offers").json().at("pricing_rules").at("sha256").get<std::string>();
  };
  CHECK(in_force() == Sha256Hex(good));

  const std::string better = R"({"version": 1, "rounding": {"increment_yen": 10, "mode": "up"},
      "rules": [{"id": "all", "match": {}, "markup_percent": "12"}]})";
  WriteFile(rules_path, better);
  const Response ok = s.server->Send("POST", "/v1/admin/pricing/reload", "", Bearer(kToken));
  REQUIRE(ok.status == 200);
  CHECK(ok.json().at("pricing").at("digest") == Sha256Hex(better));
  CHECK(in_force() == Sha256Hex(better));

  WriteFile(rules_path, "{ not json");
  const Response bad = s.server->Send("POST", "/v1/admin/pricing/reload", "", Bearer(kToken));
  CHECK(bad.status == 422);
  CHECK(bad.json().at("error").at("code") == "rules_invalid_json");
  CHECK(in_force() == Sha256Hex(better));  // the rules in force stay

  std::filesystem::remove(rules_path);
  const Response gone = s.server->Send("POST", "/v1/admin/pricing/reload", "", Bearer(kToken));
  CHECK(gone.status == 422);
  CHECK(gone.json().at("error").at("code") == "rules_unreadable");
  CHECK(in_force() == Sha256Hex(better));
}

TEST_CASE("Admin: without a pricing rules file, 409 pricing_not_configured", "[server][admin]") {
  ServeOptions o = AdminOptions({"/bin/true"});
  o.pricing_rules_path = "-";  // the fixture's "none"
  Seeded s(o);
  const Response r = s.server->Send("POST", "/v1/admin/pricing/reload", "", Bearer(kToken));
  CHECK(r.status == 409);
  CHECK(r.json().at("error").at("code") == "pricing_not_configured");
}

TEST_CASE("Admin: the token never appears in the log", "[server][admin]") {
  const std::string wrong = "wrong-but-secret-looking-token-42";
  std::vector<std::string> lines;
  {
    LogCapture capture;
    {
      ServeOptions o = AdminOptions({"/bin/sh", "-c", "echo synced"});
      o.access_log = true;
      Seeded s(o);
      CHECK(s.server->Send("POST", "/v1/admin/sync", "", Bearer(wrong)).status == 401);
      CHECK(s.server->Send("POST", "/v1/admin/sync", "", {{"Authorization", wrong}}).status == 401);
      CHECK(s.server->Send("POST", "/v1/admin/sync", "", Bearer(kToken)).status == 202);
      WaitForSync(*s.server);
      CHECK(s.server->Send("POST", "/v1/admin/pricing/reload", "", Bearer(kToken)).status == 200);
      CHECK(s.server->Get("/v1/offers", Bearer(kToken)).status == 200);
    }  // stopped: every access-log line is written
    lines = capture.lines();
  }
  REQUIRE(lines.size() >= 6);
  bool logged_sync = false;
  for (const auto& line : lines) {
    INFO(line);
    CHECK(line.find(kToken) == std::string::npos);
    CHECK(line.find(wrong) == std::string::npos);
    logged_sync = logged_sync || line.find("POST /v1/admin/sync 202") != std::string::npos;
  }
  CHECK(logged_sync);
}

TEST_CASE("Admin: ConstantTimeEquals and CheckAdminAuthorization", "[server][admin]") {
  using server::CheckAdminAuthorization;
  using server::ConstantTimeEquals;
  CHECK(ConstantTimeEquals("", ""));
  CHECK(ConstantTimeEquals(kToken, kToken));
  CHECK_FALSE(ConstantTimeEquals(kToken, std::string(kToken) + " "));
  CHECK_FALSE(ConstantTimeEquals("a", "b"));
  CHECK_FALSE(ConstantTimeEquals("", "a"));
  CHECK(CheckAdminAuthorization("", {"Bearer x"}).code() == "admin_disabled");
  CHECK(CheckAdminAuthorization(kToken, {}).code() == "unauthorized");
  CHECK(CheckAdminAuthorization(kToken, {std::string("Bearer  ") + kToken + "  "}).ok());
  CHECK(CheckAdminAuthorization(kToken, {std::string("BEARER ") + kToken}).ok());
  CHECK(CheckAdminAuthorization(kToken, {std::string("Bearer\t") + kToken}).code() == "unauthorized");
}

TEST_CASE("The server's catalog connections are read-only, down to the file descriptor", "[server][admin]") {
  TempDir dir;
  const std::string db = dir.file("catalog.db");
  SeedCatalog(db);
  ServeOptions o;
  o.db_path = db;
  server::ServerState state(o);
  auto lease = state.pool.Acquire();
  REQUIRE(lease.ok());
  sqlite3* h = lease.value()->handle();
  CHECK(sqlite3_db_readonly(h, "main") == 1);
  char* err = nullptr;
  const int rc = sqlite3_exec(h, "DELETE FROM offers", nullptr, nullptr, &err);
  sqlite3_free(err);
  CHECK((rc & 0xff) == SQLITE_READONLY);
  // Every descriptor this process holds on the catalog file is O_RDONLY.
  int on_catalog = 0;
  for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    const auto target = std::filesystem::read_symlink(fd.path(), ec);
    if (ec || target != std::filesystem::path(db)) continue;
    ++on_catalog;
    const int flags = ::fcntl(std::stoi(fd.path().filename().string()), F_GETFL);
    CHECK((flags & O_ACCMODE) == O_RDONLY);
  }
  CHECK(on_catalog >= 1);
}
