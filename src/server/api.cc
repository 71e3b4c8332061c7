#include "server/api.h"

namespace gpucat::server {

std::string DumpJson(const nlohmann::json& body) {
  // error_handler_t::replace: a request can put invalid UTF-8 into a message
  // (an unknown parameter name, an unknown id); it becomes U+FFFD instead of
  // an exception and a 500.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Reply JsonReply(const nlohmann::json& body, int status) {
  Reply r;
  r.status = status;
  // Exactly "application/json": JSON is UTF-8 by definition (RFC 8259), and
  // cpp-httplib only compresses this exact content type.
  r.content_type = "application/json";
  r.body = DumpJson(body);
  r.body.push_back('\n');
  return r;
}

}  // namespace gpucat::server
