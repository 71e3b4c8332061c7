#include "server/errors.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

using namespace gpucat;
using namespace gpucat::server;

TEST_CASE("One table maps every code to its HTTP status", "[server][errors]") {
  const std::map<std::string, int> expected = {
      {"unknown_parameter", 400},   {"duplicate_parameter", 400}, {"missing_parameter", 400},
      {"invalid_parameter", 400},   {"invalid_number", 400},      {"invalid_enum", 400},
      {"invalid_range", 400},       {"limit_out_of_range", 400},  {"invalid_cursor", 400},
      {"bad_request", 400},         {"not_found", 404},           {"offer_not_found", 404},
      {"unknown_gpu", 404},         {"unknown_provider", 404},    {"method_not_allowed", 405},
      {"payload_too_large", 413},   {"uri_too_long", 414},        {"internal_error", 500},
      {"catalog_unavailable", 503}, {"not_ready", 503},           {"storefront_unavailable", 503}};
  for (const auto& [code, status] : expected) {
    INFO(code);
    CHECK(LookupError(code).http_status == status);
    CHECK(std::string(LookupError(code).public_code) == code);
  }
  std::set<std::string> seen;
  for (const auto& e : ErrorTable()) CHECK(seen.insert(e.code).second);  // no code twice
}

TEST_CASE("Unknown and internal codes become 500 internal_error without their message", "[server][errors]") {
  Reply r = ErrorReply(Status::Error("sqlite_corrupt", "SELECT * FROM offers: database disk image is malformed"));
  CHECK(r.status == 500);
  const auto body = nlohmann::json::parse(r.body);
  CHECK(body.at("error").at("code") == "internal_error");
  CHECK(r.body.find("SELECT") == std::string::npos);
  CHECK(r.body.find("malformed") == std::string::npos);
  Reply read = ErrorReply(Status::Error("catalog_read_failed", "near \"FROM\": syntax error"));
  CHECK(read.status == 500);
  CHECK(read.body.find("syntax") == std::string::npos);
}

TEST_CASE("Catalog unavailability is 503 with Retry-After, details hidden", "[server][errors]") {
  Reply r = ErrorReply(Status::Error("catalog_busy", "database is locked (/srv/gpucat/catalog.db)"));
  CHECK(r.status == 503);
  CHECK(nlohmann::json::parse(r.body).at("error").at("code") == "catalog_unavailable");
  CHECK(r.body.find("/srv") == std::string::npos);
  CHECK(r.headers == std::vector<std::pair<std::string, std::string>>{{"Retry-After", "1"}});
}

TEST_CASE("Client errors carry their message, even with invalid UTF-8 in it", "[server][errors]") {
  Reply r = ErrorReply(Status::Error("unknown_parameter", "unknown parameter \"\xff\""));
  CHECK(r.status == 400);
  CHECK(r.content_type == "application/json");
  const auto body = nlohmann::json::parse(r.body);
  CHECK(body.at("error").at("message") == "unknown parameter \"\xEF\xBF\xBD\"");  // U+FFFD
}

TEST_CASE("httplib's own statuses map to the table", "[server][errors]") {
  CHECK(std::string(ErrorForHttpStatus(404).code) == "not_found");
  CHECK(std::string(ErrorForHttpStatus(413).code) == "payload_too_large");
  CHECK(std::string(ErrorForHttpStatus(414).code) == "uri_too_long");
  CHECK(std::string(ErrorForHttpStatus(400).code) == "bad_request");
  CHECK(std::string(ErrorForHttpStatus(416).code) == "bad_request");
  CHECK(std::string(ErrorForHttpStatus(500).code) == "internal_error");
}
