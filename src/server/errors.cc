#include "server/errors.h"

#include <spdlog/spdlog.h>

namespace gpucat::server {

const std::vector<ErrorEntry>& ErrorTable() {
  static const std::vector<ErrorEntry> table = {
      // Request errors: the message says what to fix.
      {"bad_request", 400, "bad_request", true, "the request could not be parsed"},
      {"unknown_parameter", 400, "unknown_parameter", true, ""},
      {"duplicate_parameter", 400, "duplicate_parameter", true, ""},
      {"missing_parameter", 400, "missing_parameter", true, ""},
      {"invalid_parameter", 400, "invalid_parameter", true, ""},
      {"invalid_number", 400, "invalid_number", true, ""},
      {"invalid_enum", 400, "invalid_enum", true, ""},
      {"invalid_range", 400, "invalid_range", true, ""},
      {"limit_out_of_range", 400, "limit_out_of_range", true, ""},
      {"invalid_cursor", 400, "invalid_cursor", true, ""},
      // The estimate engine's own request errors (include/gpucat/estimate.h).
      {"missing_duration", 400, "missing_parameter", true, ""},
      {"missing_gpu_model", 400, "missing_parameter", true, ""},
      {"conflicting_duration", 400, "conflicting_parameters", true, ""},
      {"bad_duration", 400, "invalid_range", true, ""},
      {"bad_period", 400, "invalid_range", true, ""},
      {"bad_gpu_count", 400, "invalid_range", true, ""},
      {"bad_timestamp", 400, "invalid_parameter", true, ""},
      {"bad_boolean", 400, "invalid_enum", true, ""},
      {"bad_tax_basis", 400, "invalid_enum", true, ""},
      {"unknown_gpu_model", 404, "unknown_gpu", true, ""},
      {"too_many_parameters", 400, "too_many_parameters", true, ""},
      {"unexpected_body", 400, "unexpected_body", true, ""},
      {"unauthorized", 401, "unauthorized", true, ""},
      {"admin_disabled", 403, "admin_disabled", true, ""},
      {"not_found", 404, "not_found", true, "no such resource"},
      {"offer_not_found", 404, "offer_not_found", true, ""},
      {"unknown_gpu", 404, "unknown_gpu", true, ""},
      {"unknown_provider", 404, "unknown_provider", true, ""},
      {"method_not_allowed", 405, "method_not_allowed", true, "method not allowed"},
      {"request_timeout", 408, "request_timeout", true, "the request was not received in time"},
      {"sync_in_progress", 409, "sync_in_progress", true, ""},
      {"pricing_not_configured", 409, "pricing_not_configured", true, ""},
      {"payload_too_large", 413, "payload_too_large", true, "request body too large"},
      {"uri_too_long", 414, "uri_too_long", true, "request URI too long"},
      // A pricing rules reload that failed (admin only; the rules in force stay).
      {"rules_unreadable", 422, "rules_unreadable", true, ""},
      {"rules_invalid_json", 422, "rules_invalid_json", true, ""},
      {"rules_invalid", 422, "rules_invalid", true, ""},
      {"rules_ambiguous", 422, "rules_ambiguous", true, ""},
      {"headers_too_large", 431, "headers_too_large", true, "request headers too large"},
      // Server errors: never the underlying message (SQL, paths) in the body.
      {"internal_error", 500, "internal_error", false, "internal error; it has been logged"},
      {"catalog_read_failed", 500, "internal_error", false, "internal error; it has been logged"},
      {"catalog_busy", 503, "catalog_unavailable", false, "the catalog is busy; retry shortly"},
      {"catalog_open_failed", 503, "catalog_unavailable", false, "the catalog is unavailable; retry shortly"},
      {"catalog_not_migrated", 503, "catalog_unavailable", false, "the catalog is unavailable; retry shortly"},
      {"catalog_too_new", 503, "catalog_unavailable", false, "the catalog is unavailable; retry shortly"},
      {"catalog_unavailable", 503, "catalog_unavailable", false, "the catalog is unavailable; retry shortly"},
      {"not_ready", 503, "not_ready", true, "not ready"},
      {"storefront_unavailable", 503, "storefront_unavailable", true, "no pricing rules are loaded"},
      {"server_busy", 503, "server_busy", false, "too many open connections; retry shortly"},
      {"sync_unavailable", 503, "sync_unavailable", false, "the sync cannot be started; it has been logged"},
  };
  return table;
}

const ErrorEntry& LookupError(const std::string& code) {
  for (const auto& e : ErrorTable()) {
    if (code == e.code) return e;
  }
  return LookupError("internal_error");
}

const ErrorEntry& ErrorForHttpStatus(int http_status) {
  switch (http_status) {
    case 404:
      return LookupError("not_found");
    case 405:
      return LookupError("method_not_allowed");
    case 408:
      return LookupError("request_timeout");
    case 413:
      return LookupError("payload_too_large");
    case 414:
      return LookupError("uri_too_long");
    case 431:
      return LookupError("headers_too_large");
    default:
      break;
  }
  if (http_status >= 400 && http_status < 500) return LookupError("bad_request");
  return LookupError("internal_error");
}

Reply ErrorReply(const Status& error) {
  const ErrorEntry& e = LookupError(error.code());
  if (e.http_status >= 500) spdlog::error("{} -> {}: {}", error.code(), e.http_status, error.message());
  const std::string message =
      e.expose_message && !error.message().empty() ? error.message() : std::string(e.generic_message);
  Reply r = JsonReply({{"error", {{"code", e.public_code}, {"message", message}}}}, e.http_status);
  // A busy or unready catalog is transient; a server without pricing rules
  // stays so until it is reconfigured, so no Retry-After for that one.
  if (e.http_status == 503 && std::string_view(e.code) != "storefront_unavailable") {
    r.headers.emplace_back("Retry-After", "1");
  }
  if (e.http_status == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"gpucat-admin\"");
  return r;
}

}  // namespace gpucat::server
