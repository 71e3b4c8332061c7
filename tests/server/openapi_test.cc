// The OpenAPI conformance test: schema/openapi.json and the route registry
// describe the same API, both ways, and the running server agrees with both.
#include "server/openapi.h"

#include <catch2/catch.hpp>
#include <set>

#include "server/errors.h"
#include "server/http_edge.h"
#include "server/params.h"
#include "server/routes.h"
#include "server_fixture.h"

using namespace gpucat;
using namespace gpucat::server;
using namespace gpucat::testing;
using nlohmann::json;

namespace {

const json& Doc() {
  static const json doc = json::parse(OpenApiDocument());
  return doc;
}

// Follows a local "$ref" ("#/components/parameters/gpu").
const json& Resolve(const json& node) {
  if (!node.is_object() || !node.contains("$ref")) return node;
  const std::string ref = node.at("$ref").get<std::string>();
  REQUIRE(ref.rfind("#/", 0) == 0);
  return Doc().at(json::json_pointer(ref.substr(1)));
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

const json& Operation(const Route& r) { return Doc().at("paths").at(r.path).at(Lower(r.method)); }

std::vector<json> Parameters(const json& op, const std::string& in) {
  std::vector<json> out;
  for (const auto& p : op.value("parameters", json::array())) {
    const json& q = Resolve(p);
    if (q.at("in") == in) out.push_back(q);
  }
  return out;
}

std::string AsText(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// The documented success status: 202 for an operation that starts work, else 200.
std::string SuccessStatus(const json& op) { return op.at("responses").contains("202") ? "202" : "200"; }

constexpr const char* kAdminToken = "openapi-test-admin-token-0001";

// A request target for `route` built from the document's examples, with path
// parameters that exist in the seeded catalog.
std::string ExampleTarget(const Route& r, bool include_cursors) {
  std::string path = r.path;
  auto fill = [&](const std::string& name, const std::string& value) {
    const auto at = path.find("{" + name + "}");
    if (at != std::string::npos) path.replace(at, name.size() + 2, value);
  };
  fill("id", SeededId("aispacon-h200x8"));
  fill("name", "sakura");
  std::string query;
  for (const auto& p : Parameters(Operation(r), "query")) {
    const bool cursor = p.at("name") == "cursor";
    if (cursor && !include_cursors) continue;
    const json& ex = p.at("example");
    for (const auto& v : ex.is_array() ? ex : json::array({ex})) {
      query += (query.empty() ? "?" : "&") + p.at("name").get<std::string>() + "=" +
               httplib::detail::encode_query_param(AsText(v));
    }
  }
  return path + query;
}

}  // namespace

TEST_CASE("The served document is schema/openapi.json, embedded at build time", "[server][openapi]") {
  Seeded s;
  const Response r = s.server->Get("/openapi.json");
  REQUIRE(r.status == 200);
  CHECK(r.header("Content-Type") == "application/json");
  CHECK(r.body == OpenApiDocument());
  CHECK(r.body == ReadFile(std::string(GPUCAT_SOURCE_DIR) + "/schema/openapi.json"));
  CHECK(Doc().at("openapi") == "3.1.0");
}

TEST_CASE("Every route is documented and every documented operation is routed", "[server][openapi]") {
  std::set<std::pair<std::string, std::string>> routed, documented;
  for (const auto& r : ApiRoutes()) routed.insert({r.path, Lower(r.method)});
  for (const auto& [path, item] : Doc().at("paths").items()) {
    for (const auto& [method, op] : item.items()) documented.insert({path, method});
  }
  CHECK(routed == documented);
  for (const auto& r : ApiRoutes()) {
    INFO(r.path);
    CHECK(Operation(r).at("operationId") == r.operation_id);
  }
}

TEST_CASE("Documented parameters equal the router's, with types, enums, bounds and defaults", "[server][openapi]") {
  for (const auto& r : ApiRoutes()) {
    INFO(r.method << " " << r.path);
    const json& op = Operation(r);
    // Path parameters: those of the template.
    std::vector<std::string> names;
    RoutePattern(r.path, &names);
    std::set<std::string> path_doc;
    for (const auto& p : Parameters(op, "path")) {
      path_doc.insert(p.at("name").get<std::string>());
      CHECK(p.at("required") == true);
    }
    CHECK(path_doc == std::set<std::string>(names.begin(), names.end()));
    // Query parameters: exactly the route's ParamSpecs.
    std::map<std::string, json> doc;
    for (const auto& p : Parameters(op, "query")) doc[p.at("name").get<std::string>()] = p;
    std::set<std::string> spec_names, doc_names;
    for (const auto& spec : r.params) spec_names.insert(spec.name);
    for (const auto& [name, p] : doc) doc_names.insert(name);
    CHECK(spec_names == doc_names);
    for (const auto& spec : r.params) {
      if (!doc.count(spec.name)) continue;
      INFO("parameter " << spec.name);
      const json& p = doc.at(spec.name);
      CHECK(p.value("required", false) == spec.required);
      const json& schema = p.at("schema");
      CHECK((schema.value("type", "") == "array") == spec.repeatable);
      const json& item = spec.repeatable ? schema.at("items") : schema;
      switch (spec.type) {
        case ParamType::kEnum:
          CHECK(item.at("type") == "string");
          CHECK(item.at("enum").get<std::vector<std::string>>() == spec.values);
          break;
        case ParamType::kInteger:
          CHECK(item.at("type") == "integer");
          CHECK(item.at("minimum") == spec.min);
          CHECK(item.at("maximum") == spec.max);
          break;
        case ParamType::kString:
          CHECK(item.at("type") == "string");
          CHECK(item.at("maxLength") == kMaxParamBytes);
          break;
        case ParamType::kYen:
          CHECK(item.at("type") == "string");
          CHECK(item.contains("pattern"));
          break;
        case ParamType::kCursor:
          CHECK(item.at("type") == "string");
          CHECK(item.at("maxLength") == kMaxCursorBytes);
          break;
      }
      if (spec.default_value.empty()) {
        CHECK_FALSE(schema.contains("default"));
      } else {
        CHECK(AsText(schema.at("default")) == spec.default_value);
      }
      CHECK(p.contains("example"));
    }
  }
}

TEST_CASE("Documented responses follow the route's caching and error behaviour", "[server][openapi]") {
  for (const auto& r : ApiRoutes()) {
    INFO(r.path);
    const json& responses = Operation(r).at("responses");
    const std::string success = SuccessStatus(Operation(r));
    CHECK(responses.contains(success));
    // Admin operations, and only they, need the bearer token.
    CHECK(responses.contains("401") == r.admin);
    CHECK(responses.contains("403") == r.admin);
    CHECK(Operation(r).contains("security") == r.admin);
    CHECK(responses.contains("405"));
    CHECK(responses.contains("5XX"));
    CHECK(responses.contains("400"));  // unknown_parameter is possible everywhere
    const bool cached = r.cache == CachePolicy::kRevalidate;
    CHECK(responses.contains("304") == cached);
    CHECK(Resolve(responses.at(success)).at("headers").contains("ETag") == cached);
    CHECK(responses.contains("404") ==
          (r.path.find('{') != std::string::npos ||
           std::any_of(r.params.begin(), r.params.end(), [](const ParamSpec& p) { return p.name == "gpu"; })));
  }
}

TEST_CASE("The documented error codes are exactly the error table's", "[server][openapi]") {
  const json& codes = Doc()
                          .at("components")
                          .at("schemas")
                          .at("Error")
                          .at("properties")
                          .at("error")
                          .at("properties")
                          .at("code")
                          .at("enum");
  std::set<std::string> documented = codes.get<std::set<std::string>>();
  std::set<std::string> table;
  for (const auto& e : ErrorTable()) table.insert(e.public_code);
  CHECK(documented == table);
}

TEST_CASE("The server accepts every documented parameter and refuses undocumented ones", "[server][openapi]") {
  ServeOptions options;
  options.admin_token = kAdminToken;
  options.sync_command = {"/bin/true"};
  Seeded s(options);  // with the fixture's pricing rules: the reload has a file
  for (const auto& r : ApiRoutes()) {
    const std::string target = ExampleTarget(r, false);
    INFO(r.method << " " << target);
    const httplib::Headers auth =
        r.admin ? httplib::Headers{{"Authorization", std::string("Bearer ") + kAdminToken}} : httplib::Headers{};
    auto send = [&](const std::string& t) { return s.server->Send(r.method, t, "", auth); };
    const std::string success = SuccessStatus(Operation(r));
    const Response ok = send(target);
    // Every documented parameter at once: accepted, except that some routes
    // document alternatives that exclude each other (/v1/estimate: hours,
    // seconds or end). Those refuse the combination, never a parameter.
    const bool alternatives = ok.status == 400 && ok.json().at("error").at("code") == "conflicting_parameters";
    CHECK((ok.status == std::stoi(success) || alternatives));
    // The body carries what the document says is required.
    const json& content = Resolve(Operation(r).at("responses").at(success)).at("content");
    if (content.contains("application/json") && ok.status == std::stoi(success)) {
      const json& schema = Resolve(content.at("application/json").at("schema"));
      const json body = ok.json();
      for (const auto& key : schema.value("required", json::array())) {
        INFO("required " << key);
        CHECK(body.contains(key.get<std::string>()));
      }
    }
    // Cursors from the examples are not real: refused as cursors, not as unknown.
    if (ExampleTarget(r, true) != target) {
      const Response cursor = send(ExampleTarget(r, true));
      CHECK(cursor.status == 400);
      CHECK(cursor.json().at("error").at("code") == "invalid_cursor");
    }
    const std::string undocumented = target + (target.find('?') == std::string::npos ? "?" : "&") + "undocumented=1";
    const Response bad = send(undocumented);
    CHECK(bad.status == 400);
    CHECK(bad.json().at("error").at("code") == "unknown_parameter");
  }
}
