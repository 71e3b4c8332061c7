// End-to-end fixture: a real catalog file in a temp dir, synced through
// Catalog::ApplySync with offers shaped like the four providers', and a
// gpucat::Server on a free loopback port, served on a background thread.
#pragma once

#include <httplib.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "gpucat/catalog.h"
#include "gpucat/server.h"
#include "support/testing.h"

namespace gpucat::testing {

inline constexpr const char* kSyncTime = "2026-11-22T00:00:00Z";
inline constexpr const char* kClock = "2026-11-22T01:00:30Z";  // served as_of 01:00:00 (60 s resolution)

// One provider's batch from one source.
SyncBatch ProviderBatch(const std::string& provider, const std::vector<OfferDraft>& drafts,
                        const std::string& sha = std::string(64, 'b'));

// Draft of `provider`/`product` with the ListedDraft defaults otherwise.
OfferDraft Draft(const std::string& provider, const std::string& product, const std::string& plan,
                 const std::string& amount);

// The seeded catalog's batches (see server_fixture.cc for the exact offers):
//  sakura:   vrt-h100 (¥990/h incl., is1a), dok-h100 (¥0.28/s incl., 60 s min),
//            phy-h100x8 (¥3,046,120/month incl., 2-month term, sold_out, 石狩),
//            phy-h200x8 (quote)
//  highreso: aispacon-h200x8 (¥2,783,000/month incl., node of 8, 香川県)
//  gmo:      dedicated-h200x8 (¥3,800,000/month excl.), shared-h200 (¥6,000/h, tax unknown: assumed excl.)
//  kddi:     gb200-nvl72 (quote, rack of 72, 大阪府)
std::vector<SyncBatch> SeedBatches();
// Writes SeedBatches() into a new catalog at `path`.
void SeedCatalog(const std::string& path);

struct Response {
  int status = 0;
  httplib::Headers headers;
  std::string body;
  std::string header(const std::string& name) const;
  nlohmann::json json() const;
};

// Access-log lines for every request of every test would drown the output:
// from the first server on, tests see warnings and errors only (unless they
// capture the log). Idempotent.
void QuietLogs();

// One request on a fresh connection to 127.0.0.1:port, with
// "Accept-Encoding: identity" unless `headers` names an encoding. The body is
// returned as sent (not decompressed).
Response SendTo(int port, const std::string& method, const std::string& target, const std::string& body = "",
                const httplib::Headers& headers = {});

class TestServer {
 public:
  // Serves the catalog at `db_path` with `options` (db_path, port, clock filled
  // in; pricing_rules_path: "" = docs/pricing-rules.example.json, "-" = none).
  explicit TestServer(const std::string& db_path, ServeOptions options = {});
  ~TestServer();
  int port() const { return port_; }
  Server& server() { return *server_; }
  // GET with "Accept-Encoding: identity" unless `headers` says otherwise.
  Response Get(const std::string& target, const httplib::Headers& headers = {}) const;
  Response Send(const std::string& method, const std::string& target, const std::string& body = "",
                const httplib::Headers& headers = {}) const;

 private:
  std::unique_ptr<Server> server_;
  int port_ = 0;
  std::thread thread_;
};

// A fresh seeded catalog and a server on it.
struct Seeded {
  TempDir dir;
  std::string db = dir.file("catalog.db");
  std::unique_ptr<TestServer> server;
  explicit Seeded(ServeOptions options = {});
};

// The ids of the offers in a /v1/offers-like body.
std::vector<std::string> OfferIds(const nlohmann::json& body);
// Plan names, in order.
std::vector<std::string> Plans(const nlohmann::json& body);
// The id DeriveOfferId gives the seeded offer `plan` of `provider`.
std::string SeededId(const std::string& plan);

// Captures spdlog's default logger output ("<level> <message>" lines) while
// alive. Server log lines are written after the response is sent, so read
// them after the server has stopped.
class LogCapture {
 public:
  LogCapture();
  ~LogCapture();
  std::vector<std::string> lines() const;

 private:
  std::shared_ptr<void> sink_;
  std::shared_ptr<void> previous_;
};

// Raw HTTP/1.1 over a socket, for requests httplib's client will not send
// (over-long request lines, odd methods). Returns the full response text.
std::string RawRequest(int port, const std::string& request);

}  // namespace gpucat::testing
