// The HTTP edge: adapts Routes (api.h) to cpp-httplib and owns everything
// that is the same for every endpoint:
//  * parameter validation against the route's ParamSpecs (before the handler);
//  * one read snapshot per request on a pooled read-only Catalog;
//  * errors through the one table (errors.h), including the ones httplib
//    produces itself (404, 405, 413, 414, 400) and exceptions (500, logged,
//    never their text in the body);
//  * ETag / If-None-Match / Cache-Control / Vary / X-Catalog-Version;
//  * gzip or brotli through httplib (compressed when the client accepts it);
//  * the access log line and the request metrics.
#pragma once

#include <httplib.h>

#include <vector>

#include "server/api.h"
#include "server/state.h"

namespace gpucat::server {

// Registers `routes` on `http`. `state` must outlive `http`. Tests call this
// with their own routes (e.g. one that throws) to exercise the edge.
void InstallRoutes(httplib::Server& http, const std::vector<Route>& routes, ServerState& state);

// "^/v1/offers/([^/]+)$" for "/v1/offers/{id}", and the names in order.
std::string RoutePattern(const std::string& path_template, std::vector<std::string>* param_names);

}  // namespace gpucat::server
