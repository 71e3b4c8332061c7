#include "server/etag.h"

#include <algorithm>
#include <vector>

#include "gpucat/sha256.h"

namespace gpucat::server {

std::string NormalizedRequest(const std::string& path, const QueryParams& params) {
  std::vector<std::pair<std::string, std::string>> sorted(params.begin(), params.end());
  std::sort(sorted.begin(), sorted.end());
  std::string out = path;
  char sep = '?';
  for (const auto& [k, v] : sorted) {
    // Separators are control characters; a value containing them could make
    // two requests normalize alike, which is harmless: the ETag's strength
    // comes from the body hash, the request only keeps resources apart.
    out += sep;
    out += k;
    out += '\x1f';
    out += v;
    sep = '\x1e';
  }
  return out;
}

std::string ContentCodingFor(const std::string& accept_encoding, const std::string& content_type) {
  const bool compressible = (content_type.rfind("text/", 0) == 0 && content_type != "text/event-stream") ||
                            content_type == "image/svg+xml" || content_type == "application/javascript" ||
                            content_type == "application/json" || content_type == "application/xml" ||
                            content_type == "application/xhtml+xml";
  if (!compressible) return "";
  if (accept_encoding.find("br") != std::string::npos) return "br";
  if (accept_encoding.find("gzip") != std::string::npos) return "gzip";
  return "";
}

std::string EtagDigest(const std::string& normalized_request, const std::string& body) {
  std::string input;
  input.reserve(normalized_request.size() + 1 + body.size());
  input = normalized_request;
  input.push_back('\0');
  input += body;
  return Sha256Hex(input).substr(0, 24);
}

std::string EtagFromDigest(int64_t catalog_version, const std::string& digest, const std::string& content_coding) {
  std::string tag = "\"";
  if (catalog_version >= 0) tag += std::to_string(catalog_version) + "-";
  tag += digest;
  if (!content_coding.empty()) tag += "-" + content_coding;
  return tag + "\"";
}

std::string MakeEtag(int64_t catalog_version, const std::string& normalized_request, const std::string& body,
                     const std::string& content_coding) {
  return EtagFromDigest(catalog_version, EtagDigest(normalized_request, body), content_coding);
}

bool IfNoneMatchMatches(const std::string& header, const std::string& etag) {
  size_t i = 0;
  while (i < header.size()) {
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t' || header[i] == ',')) ++i;
    if (i >= header.size()) break;
    if (header[i] == '*') return true;
    if (header.compare(i, 2, "W/") == 0) i += 2;
    if (i >= header.size() || header[i] != '"') return false;  // malformed: no match
    const size_t end = header.find('"', i + 1);
    if (end == std::string::npos) return false;
    if (header.compare(i, end - i + 1, etag) == 0) return true;
    i = end + 1;
  }
  return false;
}

}  // namespace gpucat::server
