#include "server/etag.h"

#include <catch2/catch.hpp>

using namespace gpucat::server;

TEST_CASE("The normalized request ignores parameter order", "[server][etag]") {
  const QueryParams a = {{"gpu", "h100"}, {"provider", "b"}, {"provider", "a"}};
  QueryParams b;
  b.emplace("provider", "a");
  b.emplace("provider", "b");
  b.emplace("gpu", "h100");
  CHECK(NormalizedRequest("/v1/offers", a) == NormalizedRequest("/v1/offers", b));
  CHECK(NormalizedRequest("/v1/offers", a) != NormalizedRequest("/v1/offers", {{"gpu", "h100"}}));
  CHECK(NormalizedRequest("/v1/offers", {}) == "/v1/offers");
}

TEST_CASE("ETags: strong, versioned, body-bound, coding-specific", "[server][etag]") {
  const std::string e = MakeEtag(7, "/v1/offers", "{}", "");
  CHECK(e.front() == '"');
  CHECK(e.back() == '"');
  CHECK(e.rfind("\"7-", 0) == 0);
  CHECK(e.size() == 2 + 2 + 24);
  CHECK(MakeEtag(7, "/v1/offers", "{}", "") == e);   // deterministic
  CHECK(MakeEtag(7, "/v1/offers", "{ }", "") != e);  // another body
  CHECK(MakeEtag(8, "/v1/offers", "{}", "") != e);   // another version
  CHECK(MakeEtag(7, "/v1/gpus", "{}", "") != e);     // another resource
  CHECK(MakeEtag(7, "/v1/offers", "{}", "gzip") == e.substr(0, e.size() - 1) + "-gzip\"");
  CHECK(MakeEtag(-1, "/openapi.json", "{}", "").rfind("\"-", 0) != 0);  // no version prefix
}

TEST_CASE("If-None-Match: lists, weak prefixes, star and junk", "[server][etag]") {
  const std::string e = "\"4-abc\"";
  CHECK(IfNoneMatchMatches("\"4-abc\"", e));
  CHECK(IfNoneMatchMatches("W/\"4-abc\"", e));
  CHECK(IfNoneMatchMatches("\"x\", \"4-abc\"", e));
  CHECK(IfNoneMatchMatches("*", e));
  CHECK_FALSE(IfNoneMatchMatches("", e));
  CHECK_FALSE(IfNoneMatchMatches("\"4-abd\"", e));
  CHECK_FALSE(IfNoneMatchMatches("4-abc", e));  // unquoted: malformed
  CHECK_FALSE(IfNoneMatchMatches("\"4-abc", e));
  CHECK_FALSE(IfNoneMatchMatches("\"4-abc-gzip\"", e));
}

TEST_CASE("Content coding mirrors httplib's choice", "[server][etag]") {
  CHECK(ContentCodingFor("gzip", "application/json") == "gzip");
  CHECK(ContentCodingFor("gzip, deflate, br", "application/json") == "br");
  CHECK(ContentCodingFor("identity", "application/json").empty());
  CHECK(ContentCodingFor("", "application/json").empty());
  CHECK(ContentCodingFor("gzip", "text/plain; version=0.0.4") == "gzip");
  CHECK(ContentCodingFor("gzip", "application/json; charset=utf-8").empty());  // httplib compares exactly
  CHECK(ContentCodingFor("gzip", "image/png").empty());
}
