// The one table from error code to HTTP status. Every error the API returns
// goes through ErrorReply, so the body is always
//   {"error": {"code": "...", "message": "..."}}
// and the code is one of the table's public codes (schema/openapi.json lists
// them; a test checks both ways).
#pragma once

#include <string>
#include <vector>

#include "gpucat/status.h"
#include "server/api.h"

namespace gpucat::server {

struct ErrorEntry {
  const char* code;  // a Status code from the server or the layers below
  int http_status;
  const char* public_code;  // what the client sees (internal detail stays in the log)
  // False: the client gets `generic_message`; the Status message (which may
  // hold SQL text, paths or a stack of causes) is only logged.
  bool expose_message;
  const char* generic_message;
};

const std::vector<ErrorEntry>& ErrorTable();
// The entry for `code`; codes not in the table are internal errors (500).
const ErrorEntry& LookupError(const std::string& code);
// The entry the edge uses for a status httplib produced itself (404 unrouted,
// 413, 414, 400 unparseable request, 500).
const ErrorEntry& ErrorForHttpStatus(int http_status);

// The error reply for `error`: status from the table, JSON body, no-store.
// 5xx are logged here with the full message.
Reply ErrorReply(const Status& error);

}  // namespace gpucat::server
