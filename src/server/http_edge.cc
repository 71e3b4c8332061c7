#include "server/http_edge.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "server/admin.h"
#include "server/errors.h"
#include "server/etag.h"
#include "server/guarded_http.h"
#include "server/params.h"

namespace gpucat::server {

namespace {

using Clock = std::chrono::steady_clock;

// Per-request bookkeeping between httplib's hooks. A worker thread serves one
// request at a time from pre-routing to the logger, so thread_local is exact;
// the logger resets it.
// `route` points at a Route's path (alive as long as the handlers) or a
// literal: nothing here allocates, so the thread_local cannot throw.
struct RequestTrace {
  std::optional<Clock::time_point> start;
  const char* route = "unmatched";
  int64_t body_bytes = -1;  // a body httplib writes from a content provider (res.body is then empty)
};
thread_local RequestTrace t_trace;

constexpr const char* kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};

std::string AllowHeader(const std::set<std::string>& methods) {
  std::string out;
  for (const char* m : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    const bool allowed = methods.count(m) > 0 || (std::string(m) == "HEAD" && methods.count("GET") > 0);
    if (allowed) out += (out.empty() ? "" : ", ") + std::string(m);
  }
  return out;
}

// For the access log: printable ASCII kept, everything else \xNN, bounded.
std::string LogSafe(const std::string& s) {
  std::string out;
  for (unsigned char c : s.substr(0, 512)) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  if (s.size() > 512) out += "...";
  return out;
}

void Apply(Reply&& reply, httplib::Response& res) {
  res.status = reply.status;
  for (const auto& [k, v] : reply.headers) res.set_header(k, v);
  if (!reply.body.empty()) {
    // What httplib's set_content does, without copying a body that is ours to give.
    res.body = std::move(reply.body);
    res.headers.erase("Content-Type");
    res.set_header("Content-Type", reply.content_type);
  }
}

void ApplyError(const Status& error, httplib::Response& res) {
  Reply r = ErrorReply(error);
  r.headers.emplace_back("Cache-Control", "no-store");
  Apply(std::move(r), res);
}

std::string JoinedHeader(const httplib::Request& req, const char* name) {
  std::string out;
  for (size_t i = 0; i < req.get_header_value_count(name); ++i) {
    out += (i ? ", " : "") + req.get_header_value(name, i);
  }
  return out;
}

// Runs the route's handler: validation, then (for catalog routes) a leased
// connection and one snapshot around everything the handler reads. A catalog
// route's 200 is kept in the response cache (response_cache.h, whose
// soundness depends on the order of the steps here) and served from it while
// the catalog is unchanged. The reply comes back shared and read-only, with
// its ETag digest when the cache knows it, so that a hit copies nothing.
using Rendered = ResponseCache::Entry;

// What the ETag digest covers besides the body: the normalized request and the
// reply's salt (the storefront's pricing-rules digest), so that the same body
// under other rules, or another request, never shares a validator.
std::string EtagRequest(std::string normalized, const Reply& reply) {
  if (!reply.etag_salt.empty()) normalized += '\x1d' + reply.etag_salt;
  return normalized;
}

Result<std::shared_ptr<const Rendered>> Run(const Route& route, ServerState& state, const httplib::Request& req,
                                            const PathParams& path, int64_t* version) {
  auto rendered = [](Reply reply) {
    auto r = std::make_shared<Rendered>();
    r->reply = std::move(reply);
    return std::shared_ptr<const Rendered>(std::move(r));
  };
  auto checked = CheckParams(route.params, req.params);
  if (!checked.ok()) return checked.status();
  RequestContext ctx{req.params,
                     checked.value(),
                     path,
                     nullptr,
                     -1,
                     state.RequestNow(),
                     &state,
                     req.body,
                     [&req](const std::string& name) { return req.get_header_value(name); }};
  if (!route.reads_catalog) {
    auto out = route.handler(ctx);
    if (!out.ok()) return out.status();
    return rendered(std::move(out).value());
  }
  auto lease = state.pool.Acquire();
  if (!lease.ok()) return lease.status();
  Catalog& catalog = *lease.value();
  ResponseCache& cache = state.cache;
  const bool cacheable = cache.enabled() && route.cache == CachePolicy::kRevalidate && route.method == "GET";
  uint64_t generation = 0;
  std::string normalized, key;
  if (cacheable) {
    generation = cache.generation();                                       // 1. before the check and the snapshot
    if (catalog.ChangedSinceLastCheck()) generation = cache.Invalidate();  // 2.
    normalized = NormalizedRequest(req.path, req.params);
    key = normalized;
    key.push_back('\0');
    key += ctx.now;
    if (auto hit = cache.Find(key, generation)) {
      *version = hit->catalog_version;
      return hit;
    }
  }
  std::optional<Result<Reply>> out;
  Status st = catalog.ReadSnapshot([&]() -> Status {  // 3. the snapshot
    ctx.catalog = &catalog;
    ctx.catalog_version = catalog.CatalogVersion();
    *version = ctx.catalog_version;
    out = route.handler(ctx);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (!out->ok()) return out->status();
  auto entry = std::make_shared<Rendered>();
  entry->catalog_version = *version;
  entry->reply = std::move(*out).value();
  if (cacheable && entry->reply.status == 200) {
    entry->digest = EtagDigest(EtagRequest(normalized, entry->reply), entry->reply.body);
    cache.Store(key, generation, entry);
  }
  return std::shared_ptr<const Rendered>(std::move(entry));
}

void Serve(const Route& route, const std::vector<std::string>& names, ServerState& state, const httplib::Request& req,
           httplib::Response& res) {
  t_trace.route = route.path.c_str();
  PathParams path;
  for (size_t i = 0; i < names.size() && i + 1 < req.matches.size(); ++i) path[names[i]] = req.matches[i + 1];
  if (route.admin) {
    std::vector<std::string> authorization;
    for (size_t i = 0; i < req.get_header_value_count("Authorization"); ++i) {
      authorization.push_back(req.get_header_value("Authorization", i));
    }
    if (Status st = CheckAdminAuthorization(state.options.admin_token, authorization); !st.ok()) {
      return ApplyError(st, res);
    }
  }
  int64_t version = -1;
  auto result = Run(route, state, req, path, &version);
  if (version >= 0) res.set_header("X-Catalog-Version", std::to_string(version));
  if (!result.ok()) return ApplyError(result.status(), res);
  std::shared_ptr<const Rendered> rendered = std::move(result).value();
  const Reply& reply = rendered->reply;
  std::vector<std::pair<std::string, std::string>> headers;
  const std::string coding = ContentCodingFor(req.get_header_value("Accept-Encoding"), reply.content_type);
  if (!ContentCodingFor("gzip", reply.content_type).empty()) headers.emplace_back("Vary", "Accept-Encoding");
  int status = reply.status;
  if (route.cache == CachePolicy::kNoStore || reply.status != 200 || route.method != "GET") {
    headers.emplace_back("Cache-Control", "no-store");
  } else {
    const std::string digest = rendered->digest.empty()
                                   ? EtagDigest(EtagRequest(NormalizedRequest(req.path, req.params), reply), reply.body)
                                   : rendered->digest;
    const std::string etag = EtagFromDigest(version, digest, coding);
    headers.emplace_back("ETag", etag);
    headers.emplace_back("Cache-Control", "no-cache");
    if (IfNoneMatchMatches(JoinedHeader(req, "If-None-Match"), etag)) status = 304;
  }
  res.status = status;
  for (const auto& [k, v] : reply.headers) res.set_header(k, v);
  for (const auto& [k, v] : headers) res.set_header(k, v);
  if (status == 304 || reply.body.empty()) return;
  if (coding.empty()) {
    // Sent as it is: written from the shared reply, not copied into the
    // response (httplib compresses only a body it holds, and `coding` says
    // it would not compress this one).
    const size_t size = reply.body.size();
    t_trace.body_bytes = static_cast<int64_t>(size);
    res.set_content_provider(size, reply.content_type,
                             [rendered](size_t offset, size_t length, httplib::DataSink& sink) {
                               return sink.write(rendered->reply.body.data() + offset, length);
                             });
  } else {
    res.body = reply.body;
    res.headers.erase("Content-Type");
    res.set_header("Content-Type", reply.content_type);
  }
}

void MethodNotAllowed(const std::set<std::string>& allowed, httplib::Response& res) {
  ApplyError(Status::Error("method_not_allowed", "allowed: " + AllowHeader(allowed)), res);
  res.set_header("Allow", AllowHeader(allowed));
}

}  // namespace

std::string RoutePattern(const std::string& tmpl, std::vector<std::string>* names) {
  std::string re = "^";
  for (size_t i = 0; i < tmpl.size(); ++i) {
    const char c = tmpl[i];
    if (c == '{') {
      const size_t end = tmpl.find('}', i);
      if (names) names->push_back(tmpl.substr(i + 1, end - i - 1));
      re += "([^/]+)";
      i = end;
    } else if (std::string("\\^$.|?*+()[]{}").find(c) != std::string::npos) {
      re += '\\';
      re += c;
    } else {
      re += c;
    }
  }
  return re + "$";
}

void InstallRoutes(httplib::Server& http, const std::vector<Route>& routes, ServerState& state) {
  // Methods per path template, for 405 and Allow.
  std::map<std::string, std::set<std::string>> methods;
  for (const auto& r : routes) methods[r.path].insert(r.method);

  for (const auto& route : routes) {
    std::vector<std::string> names;
    const std::string pattern = RoutePattern(route.path, &names);
    auto handler = [route, names, &state](const httplib::Request& req, httplib::Response& res) {
      Serve(route, names, state, req, res);
    };
    if (route.method == "GET")
      http.Get(pattern, handler);
    else if (route.method == "POST")
      http.Post(pattern, handler);
    else if (route.method == "PUT")
      http.Put(pattern, handler);
    else if (route.method == "PATCH")
      http.Patch(pattern, handler);
    else if (route.method == "DELETE")
      http.Delete(pattern, handler);
    else if (route.method == "OPTIONS")
      http.Options(pattern, handler);
  }
  // Every other method on a known path: 405 with Allow. (HEAD follows GET in
  // httplib, so a path without GET answers HEAD with 405 too.)
  for (const auto& [path, allowed] : methods) {
    const std::string pattern = RoutePattern(path, nullptr);
    auto not_allowed = [allowed = allowed, path = path](const httplib::Request&, httplib::Response& res) {
      t_trace.route = path.c_str();
      MethodNotAllowed(allowed, res);
    };
    for (const char* m : kMethods) {
      if (allowed.count(m)) continue;
      const std::string method = m;
      if (method == "GET")
        http.Get(pattern, not_allowed);
      else if (method == "POST")
        http.Post(pattern, not_allowed);
      else if (method == "PUT")
        http.Put(pattern, not_allowed);
      else if (method == "PATCH")
        http.Patch(pattern, not_allowed);
      else if (method == "DELETE")
        http.Delete(pattern, not_allowed);
      else if (method == "OPTIONS")
        http.Options(pattern, not_allowed);
    }
  }

  http.set_pre_routing_handler([methods, &state](const httplib::Request& req, httplib::Response& res) {
    t_trace.start = Clock::now();
    t_trace.route = "unmatched";
    // Framing: httplib reads a body only for POST, PUT, PATCH and DELETE, by
    // the first Content-Length. A body on any other method, or a length that
    // is ambiguous, would stay in the connection and be read as the next
    // request: refuse it, and close the connection after the answer.
    const size_t lengths = req.get_header_value_count("Content-Length");
    const bool chunked = req.has_header("Transfer-Encoding");
    if (lengths > 1 || (lengths == 1 && chunked)) {
      CloseConnectionAfterResponse();
      ApplyError(Status::Error("bad_request", "conflicting Content-Length / Transfer-Encoding headers"), res);
      res.set_header("Connection", "close");
      return httplib::Server::HandlerResponse::Handled;
    }
    const bool reads_body =
        req.method == "POST" || req.method == "PUT" || req.method == "PATCH" || req.method == "DELETE";
    if (!reads_body && (chunked || (lengths == 1 && req.get_header_value("Content-Length") != "0"))) {
      CloseConnectionAfterResponse();
      ApplyError(Status::Error("unexpected_body", "a " + LogSafe(req.method) + " request must not have a body"), res);
      res.set_header("Connection", "close");
      return httplib::Server::HandlerResponse::Handled;
    }
    // An announced body over the limit: answered now. httplib would first
    // read and discard all of it (up to the request timeout) to answer 413.
    if (reads_body && lengths == 1) {
      const std::string& length = req.get_header_value("Content-Length");
      const bool digits =
          !length.empty() && std::all_of(length.begin(), length.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (digits && (length.size() > 18 || std::stoull(length) > state.options.max_body_bytes)) {
        CloseConnectionAfterResponse();
        ApplyError(Status::Error("payload_too_large", "the request body is larger than " +
                                                          std::to_string(state.options.max_body_bytes) + " bytes"),
                   res);
        res.set_header("Connection", "close");
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    if (req.params.size() > state.options.max_query_params) {
      ApplyError(Status::Error("too_many_parameters",
                               "more than " + std::to_string(state.options.max_query_params) + " query parameters"),
                 res);
      return httplib::Server::HandlerResponse::Handled;
    }
    // The API's representations are not range-addressable: httplib would
    // slice the body (under our 200 and ETag). RFC 9110 lets a server ignore
    // Range, so drop it. `req` is httplib's own non-const Request, passed as
    // const; clearing the parsed ranges is the only change made to it.
    const_cast<httplib::Request&>(req).ranges.clear();
    // Methods httplib never routes (TRACE, CONNECT, PRI, and any other word):
    // answer 405 on known paths, 404 elsewhere, instead of httplib's bare 400.
    if (std::find(std::begin(kMethods), std::end(kMethods), req.method) == std::end(kMethods) && req.method != "HEAD") {
      for (const auto& [path, allowed] : methods) {
        if (std::regex_match(req.path, std::regex(RoutePattern(path, nullptr)))) {
          t_trace.route = path.c_str();
          MethodNotAllowed(allowed, res);
          return httplib::Server::HandlerResponse::Handled;
        }
      }
      ApplyError(Status::Error("not_found", "no such resource"), res);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // Errors httplib decided itself (unrouted 404, 413, 414, unparseable 400)
  // arrive with an empty body: give them the API's error body.
  http.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
    // A head that GuardedServer cut short reaches httplib as a truncated
    // request (its bare 400); give it its cause. A request line over the
    // limit stays 414.
    const HeadVerdict verdict = TakeHeadVerdict();
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    if (verdict == HeadVerdict::kTimeout) res.status = 408;
    if ((verdict == HeadVerdict::kTooLarge || verdict == HeadVerdict::kTooManyHeaders) && res.status != 414) {
      res.status = 431;
    }
    if (verdict == HeadVerdict::kInvalid) res.status = 400;
    if (res.status == 400 || res.status == 408 || res.status == 413 || res.status == 414 || res.status == 431) {
      // What is left of that request (a head cut short, a body not read) is
      // still in the connection: close it after this answer.
      CloseConnectionAfterResponse();
      res.set_header("Connection", "close");
    }
    const ErrorEntry& e = ErrorForHttpStatus(res.status);
    const int status = res.status;
    ApplyError(Status::Error(e.code, e.generic_message), res);
    res.status = status;  // keep httplib's status (e.g. 416) even if the table groups it
    return httplib::Server::HandlerResponse::Handled;
  }));

  http.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      std::rethrow_exception(std::move(ep));
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    spdlog::error("unhandled exception serving {} {}: {}", req.method, LogSafe(req.path), LogSafe(what));
    res.headers.clear();
    res.body.clear();
    ApplyError(Status::Error("internal_error", "unhandled exception"), res);
  });

  // A file from the web root (ServeOptions::web_root) was served.
  http.set_file_request_handler([](const httplib::Request&, httplib::Response&) { t_trace.route = "static"; });

  http.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
    if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-store");
  });

  http.set_logger([&state](const httplib::Request& req, const httplib::Response& res) {
    const int64_t micros =
        t_trace.start ? std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - *t_trace.start).count()
                      : 0;
    const std::string method = req.method.empty() ? "-" : req.method;
    state.metrics.Observe(t_trace.route, method, res.status, micros);
    if (state.options.access_log) {
      spdlog::info("{} {} {} {} {}us", LogSafe(method), LogSafe(req.target.empty() ? "-" : req.target), res.status,
                   t_trace.body_bytes >= 0 ? static_cast<size_t>(t_trace.body_bytes) : res.body.size(), micros);
    }
    t_trace = RequestTrace{};
  });
}

}  // namespace gpucat::server
