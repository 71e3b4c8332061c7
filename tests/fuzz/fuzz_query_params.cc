// libFuzzer target: the HTTP query-parameter parser (src/server/params.h), fed
// exactly as the server feeds it: the raw query text decoded by httplib's own
// parse_query_text, then validated against every route's parameters and
// turned into an OfferQuery.
//
// Invariants: every error has a code of the one error table with a 4xx status
// (bad input is never a 500), and its error body serializes (invalid UTF-8
// echoed in a message is replaced, not thrown about); an accepted query is in
// range and serializes; a cursor issued for it is accepted back for it.
#include <httplib.h>

#include <string>

#include "fuzz_support.h"
#include "server/errors.h"
#include "server/params.h"
#include "server/routes.h"

namespace {

using namespace gpucat;
using namespace gpucat::server;

void CheckError(const Status& st) {
  const ErrorEntry& e = LookupError(st.code());
  FUZZ_CHECK(e.code == st.code(), st.ToString());  // a code the table knows
  FUZZ_CHECK(e.http_status >= 400 && e.http_status < 500, st.ToString());
  const Reply r = ErrorReply(st);
  FUZZ_CHECK(r.status == e.http_status && !r.body.empty(), st.code());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  httplib::Params params;
  httplib::detail::parse_query_text(text, params);

  for (const Route& route : ApiRoutes()) {
    auto checked = CheckParams(route.params, params);
    if (!checked.ok()) CheckError(checked.status());
  }
  auto query = ParseOffersQuery(params);
  if (!query.ok()) {
    CheckError(query.status());
    return 0;
  }
  const OfferQuery& q = query.value();
  FUZZ_CHECK(q.limit >= 1 && q.limit <= kMaxLimit, std::to_string(q.limit));
  FUZZ_CHECK(!(q.min_gpus && q.max_gpus && *q.min_gpus > *q.max_gpus), text);
  (void)OfferQueryToJson(q).dump();
  // The cursor a page of this query hands out is accepted for the same query.
  httplib::Params next = params;
  next.erase("cursor");
  next.emplace("cursor", ClientCursor(q, "00ff"));
  auto replay = ParseOffersQuery(next);
  FUZZ_CHECK(replay.ok() && replay.value().cursor == "00ff", text);
  return 0;
}
