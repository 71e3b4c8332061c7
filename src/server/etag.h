// Strong ETags and conditional requests.
//
// ETag = "<catalog version>-<24 hex of SHA-256(normalized request, body)>",
// plus "-gzip" or "-br" when the response is sent content-coded. The hash
// covers the body actually sent, so two responses with one ETag are the same
// bytes (a strong validator, RFC 9110 8.8.1): a sync that changes nothing but
// "last seen" times, or an age crossing the stale TTL, changes the body and
// so the tag, even where the catalog version does not move. The coding suffix
// keeps gzip and identity representations apart, as strong tags must.
#pragma once

#include <cstdint>
#include <string>

#include "server/api.h"

namespace gpucat::server {

// "/v1/offers?gpu=h100&provider=a&provider=b": path, then every parameter
// sorted by name and value, so that parameter order does not matter.
std::string NormalizedRequest(const std::string& path, const QueryParams& params);

// The content coding cpp-httplib 0.11.4 applies to a response body: "br" if
// the first Accept-Encoding header contains "br", else "gzip" if it contains
// "gzip", for compressible content types only; "" otherwise. It mirrors
// httplib's detail::encoding_type (which ignores q-values); a test checks the
// two agree on the wire.
std::string ContentCodingFor(const std::string& accept_encoding, const std::string& content_type);

// version < 0: no catalog version prefix (documents that are not catalog data).
// MakeEtag(v, r, b, c) == EtagFromDigest(v, EtagDigest(r, b), c).
std::string MakeEtag(int64_t catalog_version, const std::string& normalized_request, const std::string& body,
                     const std::string& content_coding);
// The 24 hex digits of SHA-256(normalized request, NUL, body): what makes the
// tag strong. Kept with cached replies so that a hit hashes nothing.
std::string EtagDigest(const std::string& normalized_request, const std::string& body);
std::string EtagFromDigest(int64_t catalog_version, const std::string& digest, const std::string& content_coding);

// If-None-Match semantics (RFC 9110 13.1.2): "*" or any listed tag equal to
// `etag` under weak comparison (a W/ prefix is ignored).
bool IfNoneMatchMatches(const std::string& if_none_match, const std::string& etag);

}  // namespace gpucat::server
