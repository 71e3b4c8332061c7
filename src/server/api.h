// Internal vocabulary of the HTTP layer: routes, parameters, request context
// and replies. Handlers see only these types (never httplib), so they can be
// called from tests without a socket; the HTTP edge (http_edge.h) adapts them.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gpucat/catalog.h"
#include "gpucat/server.h"
#include "gpucat/status.h"

namespace gpucat::server {

// Decoded query parameters, in request order per name (httplib::Params is the
// same type, so the edge passes it through without copying).
using QueryParams = std::multimap<std::string, std::string>;
using PathParams = std::map<std::string, std::string>;

// What a parameter accepts. Validation (params.h) turns each kind's failures
// into one error code, documented in schema/openapi.json.
enum class ParamType {
  kString,   // non-empty, <= kMaxParamBytes, valid UTF-8       -> invalid_parameter
  kInteger,  // plain decimal digits, optional '-', in [min,max] -> invalid_number / range_error
  kEnum,     // one of `values` (booleans are {"true","false"})  -> invalid_enum
  kYen,      // decimal yen, >= 0, at most 4 decimals             -> invalid_number
  kCursor,   // opaque token from a previous response             -> invalid_cursor
};

struct ParamSpec {
  std::string name;
  ParamType type = ParamType::kString;
  std::string description;
  bool repeatable = false;                     // may appear more than once (any-of); else duplicate_parameter
  bool required = false;                       // missing_parameter when absent
  std::vector<std::string> values;             // kEnum
  int64_t min = 0, max = INT64_MAX;            // kInteger
  std::string range_error = "invalid_number";  // kInteger outside [min,max]
  std::string default_value;                   // documented default ("" = none)

  // Builders, so that a route's parameter list reads as a table.
  static ParamSpec String(std::string name, std::string description);
  static ParamSpec Integer(std::string name, std::string description, int64_t min, int64_t max);
  static ParamSpec Enum(std::string name, std::string description, std::vector<std::string> values);
  static ParamSpec Boolean(std::string name, std::string description);
  static ParamSpec Yen(std::string name, std::string description);
  static ParamSpec Cursor(std::string name, std::string description);
  ParamSpec Repeatable() const;
  ParamSpec Required() const;
  ParamSpec Default(std::string value) const;
  ParamSpec RangeError(std::string code) const;
};

// How a successful reply may be cached. Errors are always no-store.
enum class CachePolicy {
  kRevalidate,  // Cache-Control: no-cache + strong ETag; If-None-Match -> 304
  kNoStore,     // Cache-Control: no-store, no ETag (health, metrics)
};

struct ServerState;  // state.h: options, catalog pool, metrics
class ValidParams;   // params.h: the query after validation against the route

// Everything a handler may use. `catalog` is non-null only for routes that
// read the catalog; the edge has already opened a read snapshot on it, so every
// read a handler makes sees `catalog_version` and nothing newer.
struct RequestContext {
  const QueryParams& query;   // as received (decoded)
  const ValidParams& params;  // the same, validated against Route::params
  const PathParams& path;
  Catalog* catalog = nullptr;
  int64_t catalog_version = -1;
  // The request's clock (RFC 3339 UTC), rounded down to the age resolution:
  // ages and staleness in the reply are computed against it (docs/api.md).
  std::string now;
  ServerState* state = nullptr;
  // The request body (at most ServeOptions::max_body_bytes) and headers by
  // case-insensitive name ("" when absent), for routes that need them (admin
  // endpoints: Authorization). Empty/null in handler tests that do not.
  std::string body;
  std::function<std::string(const std::string& name)> header;
};

struct Reply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Folded into the ETag with the request and the body: what else the
  // representation depends on (the storefront: the pricing rules' digest).
  std::string etag_salt;
};

// A reply serialized from JSON. Invalid UTF-8 coming from a request (echoed
// in a message) is replaced, never thrown about.
Reply JsonReply(const nlohmann::json& body, int status = 200);
std::string DumpJson(const nlohmann::json& body);

using Handler = std::function<Result<Reply>(RequestContext&)>;

// One HTTP service. The registry of all of them is ApiRoutes() (routes.h); the
// OpenAPI conformance test walks it.
struct Route {
  std::string method = "GET";  // GET routes also answer HEAD
  std::string path;            // OpenAPI template: "/v1/offers/{id}"
  std::string operation_id;    // OpenAPI operationId
  std::vector<ParamSpec> params;
  bool reads_catalog = true;                     // the edge leases a Catalog and opens a snapshot
  CachePolicy cache = CachePolicy::kRevalidate;  // only GET replies are ever cached
  // Admin operation: the edge requires the admin bearer token (admin.h)
  // before anything else, and the reply is never cached.
  bool admin = false;
  Handler handler;
};

}  // namespace gpucat::server
