#include "server_fixture.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>
#include <stdexcept>

#include "gpucat/normalize.h"

namespace gpucat::testing {

void QuietLogs() {
  static std::once_flag once;
  std::call_once(once, [] { spdlog::set_level(spdlog::level::warn); });
}

SyncBatch ProviderBatch(const std::string& provider, const std::vector<OfferDraft>& drafts, const std::string& sha) {
  SyncBatch b;
  b.provider = provider;
  b.started_at = kSyncTime;
  Provenance p = TestProvenance(provider + ".src");
  p.sha256 = sha;
  b.parsed_sources.push_back(p);
  for (const auto& d : drafts) b.offers.push_back(MustNormalize(d, p));
  return b;
}

OfferDraft Draft(const std::string& provider, const std::string& product, const std::string& plan,
                 const std::string& amount) {
  OfferDraft d = ListedDraft(plan, amount);
  d.provider = provider;
  d.product = product;
  d.display_name = provider + " " + plan;
  return d;
}

namespace {

OfferDraft Node(OfferDraft d, const std::string& gpu, int64_t gpus, const std::string& per) {
  d.gpu_name = gpu;
  d.gpus_per_unit = gpus;
  d.per = per;
  d.gpu_memory_gb = std::nullopt;
  return d;
}

OfferDraft Quote(OfferDraft d) {
  d.price_status = "quote";
  d.amount = "";
  d.tax = "unknown";
  return d;
}

}  // namespace

std::vector<SyncBatch> SeedBatches() {
  OfferDraft vrt = Draft("sakura", "koukaryoku-vrt", "vrt-h100", "990");
  vrt.billing_rule = "capped-schedule";
  OfferDraft dok = Draft("sakura", "koukaryoku-dok", "dok-h100", "0.28");
  dok.unit = "second";
  dok.min_billed_seconds = 60;
  OfferDraft phy = Node(Draft("sakura", "koukaryoku-phy", "phy-h100x8", "3046120"), "H100", 8, "node");
  phy.unit = "month";
  phy.min_term_months = 2;
  phy.availability = "sold_out";
  phy.billing_rule = "per-started-month";
  OfferDraft phy200 = Quote(Node(Draft("sakura", "koukaryoku-phy", "phy-h200x8", ""), "H200", 8, "node"));
  phy200.unit = "month";
  phy200.availability = "on_request";

  OfferDraft aispacon = Node(Draft("highreso", "aispacon", "aispacon-h200x8", "2783000"), "NVIDIA H200", 8, "node");
  aispacon.unit = "month";
  aispacon.zone = "";
  aispacon.site = "高松";
  aispacon.prefecture = "香川県";
  aispacon.gpu_memory_gb = 141;
  aispacon.billing_rule = "per-started-month";

  OfferDraft dedicated = Node(Draft("gmo", "gpucloud-dedicated", "dedicated-h200x8", "3800000"), "H200", 8, "node");
  dedicated.unit = "month";
  dedicated.tax = "excluded";
  dedicated.zone = "";
  dedicated.site = "";
  dedicated.prefecture = "東京都";
  dedicated.billing_rule = "per-started-month";
  OfferDraft shared = Node(Draft("gmo", "gpucloud-shared", "shared-h200", "6000"), "H200", 1, "gpu");
  shared.tax = "unknown";
  shared.zone = "";
  shared.site = "";
  shared.prefecture = "東京都";
  shared.availability = "limited";

  OfferDraft rack = Quote(Node(Draft("kddi", "gpu-cloud", "gb200-nvl72", ""), "GB200", 72, "rack"));
  rack.unit = "month";
  rack.zone = "";
  rack.site = "堺";
  rack.prefecture = "大阪府";
  rack.nvlink_domain_gpus = 72;

  return {ProviderBatch("sakura", {vrt, dok, phy, phy200}), ProviderBatch("highreso", {aispacon}),
          ProviderBatch("gmo", {dedicated, shared}), ProviderBatch("kddi", {rack})};
}

void SeedCatalog(const std::string& path) {
  auto c = Catalog::Open(path);
  if (!c.ok()) throw std::runtime_error(c.status().ToString());
  for (const auto& b : SeedBatches()) {
    auto r = c.value()->ApplySync(b, kSyncTime);
    if (!r.ok()) throw std::runtime_error(r.status().ToString());
  }
}

std::string Response::header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

nlohmann::json Response::json() const { return nlohmann::json::parse(body); }

TestServer::TestServer(const std::string& db_path, ServeOptions options) {
  QuietLogs();
  options.db_path = db_path;
  options.port = 0;
  if (!options.clock) options.clock = [] { return std::string(kClock); };
  // Every route answers, the storefront's too: the documented example rules
  // unless a test names others ("-": none, to test a server without them).
  if (options.pricing_rules_path.empty()) {
    options.pricing_rules_path = std::string(GPUCAT_SOURCE_DIR) + "/docs/pricing-rules.example.json";
  } else if (options.pricing_rules_path == "-") {
    options.pricing_rules_path.clear();
  }
  auto s = Server::Create(options);
  if (!s.ok()) throw std::runtime_error(s.status().ToString());
  server_ = std::move(s).value();
  port_ = server_->BindToAnyPort();
  if (port_ <= 0) throw std::runtime_error("cannot bind a loopback port");
  // The socket listens from BindToAnyPort on: requests made before Run has
  // started wait in the backlog, so no readiness wait is needed.
  thread_ = std::thread([this] { server_->Run(); });
}

TestServer::~TestServer() {
  server_->Stop();
  thread_.join();
}

Response SendTo(int port, const std::string& method, const std::string& target, const std::string& body,
                const httplib::Headers& headers) {
  httplib::Client cli("127.0.0.1", port);
  cli.set_decompress(false);  // tests see the bytes on the wire
  httplib::Headers h = headers;
  if (h.find("Accept-Encoding") == h.end()) h.emplace("Accept-Encoding", "identity");
  httplib::Result r = method == "GET"      ? cli.Get(target, h)
                      : method == "HEAD"   ? cli.Head(target, h)
                      : method == "POST"   ? cli.Post(target, h, body, "application/json")
                      : method == "PUT"    ? cli.Put(target, h, body, "application/json")
                      : method == "DELETE" ? cli.Delete(target, h)
                      : method == "PATCH"  ? cli.Patch(target, h, body, "application/json")
                                           : cli.Options(target, h);
  if (!r) throw std::runtime_error("HTTP " + method + " " + target + " failed: " + httplib::to_string(r.error()));
  return Response{r->status, r->headers, r->body};
}

Response TestServer::Send(const std::string& method, const std::string& target, const std::string& body,
                          const httplib::Headers& headers) const {
  return SendTo(port_, method, target, body, headers);
}

Response TestServer::Get(const std::string& target, const httplib::Headers& headers) const {
  return Send("GET", target, "", headers);
}

Seeded::Seeded(ServeOptions options) {
  SeedCatalog(db);
  server = std::make_unique<TestServer>(db, std::move(options));
}

std::vector<std::string> OfferIds(const nlohmann::json& body) {
  std::vector<std::string> out;
  for (const auto& o : body.at("offers")) out.push_back(o.at("id").get<std::string>());
  return out;
}

std::vector<std::string> Plans(const nlohmann::json& body) {
  std::vector<std::string> out;
  for (const auto& o : body.at("offers")) out.push_back(o.at("plan").get<std::string>());
  return out;
}

std::string SeededId(const std::string& plan) {
  for (const auto& b : SeedBatches()) {
    for (const auto& o : b.offers) {
      if (o.plan == plan) return o.id;
    }
  }
  throw std::runtime_error("no seeded plan " + plan);
}

LogCapture::LogCapture() {
  QuietLogs();  // now, so that it never lowers the capture's level later
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(1000);
  sink->set_pattern("%l %v");
  previous_ = spdlog::default_logger();
  auto logger = std::make_shared<spdlog::logger>("capture", sink);
  logger->set_level(spdlog::level::info);
  spdlog::set_default_logger(logger);
  sink_ = sink;
}

LogCapture::~LogCapture() {
  auto previous = std::static_pointer_cast<spdlog::logger>(previous_);
  spdlog::set_default_logger(previous);
  spdlog::set_level(spdlog::level::warn);
}

std::vector<std::string> LogCapture::lines() const {
  auto lines = std::static_pointer_cast<spdlog::sinks::ringbuffer_sink_mt>(sink_)->last_formatted();
  for (auto& l : lines) {
    while (!l.empty() && (l.back() == '\n' || l.back() == '\r')) l.pop_back();
  }
  return lines;
}

std::string RawRequest(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect failed");
  }
  size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer and close before reading everything
    sent += static_cast<size_t>(n);
  }
  // Read one response: headers, then Content-Length bytes (the server may
  // keep the connection open, so end-of-stream cannot be relied on).
  std::string out;
  char buf[4096];
  size_t need = std::string::npos;
  while (need == std::string::npos || out.size() < need) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    const size_t end = out.find("\r\n\r\n");
    if (need == std::string::npos && end != std::string::npos) {
      size_t length = 0;
      const size_t cl = out.find("Content-Length: ");
      if (cl != std::string::npos && cl < end) length = std::stoul(out.substr(cl + 16));
      need = end + 4 + length;
    }
  }
  ::close(fd);
  return out;
}

}  // namespace gpucat::testing
