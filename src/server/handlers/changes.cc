// GET /v1/changes: the append-only feed of offer events, for incremental sync.
#include "gpucat/view.h"
#include "server/handlers/handlers.h"
#include "server/params.h"

namespace gpucat::server::handlers {

using nlohmann::json;

Result<Reply> Changes(RequestContext& ctx) {
  // The cursor is an event sequence number. It is documented as opaque so
  // that its form may change; today any integer >= 0 is accepted.
  int64_t since = 0;
  if (const auto text = ctx.params.Text("since")) {
    const auto v = ParseStrictInt(*text);
    if (!v || *v < 0) return Status::Error("invalid_cursor", "since must be a next_since from this feed");
    since = *v;
  }
  const int64_t limit = ctx.params.Int("limit").value_or(100);
  auto events = ctx.catalog->Changes(since, limit + 1);  // one more: is there a next page?
  if (!events.ok()) return events.status();
  const bool has_more = static_cast<int64_t>(events.value().size()) > limit;
  if (has_more) events.value().pop_back();
  json rows = json::array();
  int64_t last = since;
  for (const auto& e : events.value()) {
    rows.push_back(ChangeToJson(e));
    last = e.seq;
  }
  return JsonReply({{"catalog_version", ctx.catalog_version},
                    {"events", rows},
                    {"next_since", std::to_string(last)},
                    {"has_more", has_more}});
}

}  // namespace gpucat::server::handlers
