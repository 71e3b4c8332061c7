// The live fetcher: one GET per source over HTTPS with cpp-httplib 0.11.4
// (Debian's compiled libcpp-httplib, built with OpenSSL).
//
// Per attempt: connect and read timeouts, a User-Agent naming gpucat, Basic
// auth and extra headers from the SourceSpec, a conditional GET from the
// caller's ConditionalState, and a body size cap enforced while streaming.
// Attempts repeat with exponential backoff on 5xx, timeouts, connection errors
// and cut-off bodies, up to max_attempts; 4xx and over-large bodies are final.
//
// Secrets: URLs with user info are refused (credentials belong in
// basic_user/basic_password); logs and Status messages name the source and
// URL, never headers, credentials or response bodies; the Document handed on
// carries the SourceSpec without credentials.
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "fetch/fetch_internal.h"
#include "gpucat/fetch.h"
#include "gpucat/sha256.h"

namespace gpucat {
namespace {

using Clock = std::chrono::steady_clock;

struct ParsedUrl {
  std::string scheme;     // "https" (or "http" when allowed)
  std::string authority;  // host[:port], IPv6 hosts in brackets
  std::string target;     // path?query, at least "/"
};

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
}

bool HasControlOrSpace(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7f; });
}

// scheme://host[:port][/path][?query][#fragment]. The fragment is dropped (it
// is never sent). Errors are config_error: a bad URL is a configuration (or
// adapter) mistake, not a network failure, and retrying cannot fix it.
Result<ParsedUrl> ParseUrl(const std::string& source_id, const std::string& url, bool allow_plain_http) {
  auto bad = [&](const std::string& why) {
    return Status::Error("config_error", "source " + source_id + ": URL " + why);
  };
  const size_t sep = url.find("://");
  if (sep == std::string::npos) return bad("\"" + url + "\" has no scheme");
  ParsedUrl out;
  out.scheme = url.substr(0, sep);
  std::transform(out.scheme.begin(), out.scheme.end(), out.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (out.scheme != "https" && !(out.scheme == "http" && allow_plain_http)) {
    return bad("\"" + url + "\" is not https");
  }
  std::string rest = url.substr(sep + 3);
  rest = rest.substr(0, rest.find('#'));
  const size_t end = rest.find_first_of("/?");
  out.authority = rest.substr(0, end);
  out.target = end == std::string::npos ? "/" : rest.substr(end);
  if (out.target.front() == '?') out.target.insert(0, "/");
  // Checked before anything that echoes the URL: user info is a credential.
  if (out.authority.find('@') != std::string::npos) {
    return bad("has user info; put credentials in the provider configuration, not the URL");
  }
  if (out.authority.empty() || HasControlOrSpace(out.authority) || HasControlOrSpace(out.target)) {
    return bad("\"" + url + "\" is malformed");
  }
  // The port, if any, follows the last ':' outside an IPv6 literal's brackets.
  const size_t bracket = out.authority.rfind(']');
  const size_t colon = out.authority.rfind(':');
  if (out.authority.front() == '[' && bracket == std::string::npos) return bad("\"" + url + "\" is malformed");
  if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket)) {
    const std::string port = out.authority.substr(colon + 1);
    if (!AllDigits(port) || port.size() > 5 || std::stoi(port) < 1 || std::stoi(port) > 65535) {
      return bad("\"" + url + "\" has a bad port");
    }
  }
  return out;
}

bool IEquals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

// What one attempt came to.
struct Attempt {
  enum class Kind { kOk, kNotModified, kHttpStatus, kTimeout, kTruncated, kTooLarge, kFailed, kBadUrl };
  Kind kind = Kind::kFailed;
  bool retryable = false;
  std::string detail;  // for logs and messages: never headers, bodies or credentials
  std::string body, etag, last_modified;
};

class HttpsFetcher final : public Fetcher {
 public:
  explicit HttpsFetcher(const HttpsOptions& options) : options_(options) {
    // Nonsensical options are clamped rather than refused: this factory cannot
    // return a Status, and every clamp errs on the side of still fetching.
    options_.max_attempts = std::max(1, options_.max_attempts);
    options_.connect_timeout_ms = std::max(1, options_.connect_timeout_ms);
    options_.read_timeout_ms = std::max(1, options_.read_timeout_ms);
    options_.initial_backoff_ms = std::max(0, options_.initial_backoff_ms);
  }

  Result<FetchOutcome> Fetch(const std::string& provider, const SourceSpec& source,
                             const ConditionalState& previous) override {
    Result<ParsedUrl> url = ParseUrl(source.id, source.url, options_.allow_plain_http);
    if (!url.ok()) return url.status();
    for (const auto& [name, value] : source.headers) {
      // A CR or LF would let a configured value inject headers or a request.
      // The value is never echoed: it may be a token.
      const bool bad_name = name.empty() || HasControlOrSpace(name) || name.find(':') != std::string::npos;
      if (bad_name || value.find_first_of(std::string("\r\n\0", 3)) != std::string::npos) {
        return Status::Error("config_error", "source " + source.id + ": malformed request header \"" +
                                                 (bad_name ? std::string("?") : name) + "\"");
      }
    }

    Attempt last;
    int attempts = 0;
    for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
      last = Once(url.value(), source, previous);
      attempts = attempt;
      const bool again = last.retryable && attempt < options_.max_attempts;
      const auto level = last.kind == Attempt::Kind::kOk || last.kind == Attempt::Kind::kNotModified
                             ? spdlog::level::info
                             : spdlog::level::warn;
      spdlog::log(level, "fetch {} {}: GET {} attempt {}/{}: {}{}", provider, source.id, source.url, attempt,
                  options_.max_attempts, last.detail, again ? ", retrying" : "");
      if (!again) break;
      // 0.5 s, 1 s, 2 s, ... by default; capped so a large max_attempts cannot
      // overflow or stall a sync for hours.
      const int64_t backoff =
          std::min<int64_t>(int64_t{options_.initial_backoff_ms} << std::min(attempt - 1, 20), 60'000);
      std::this_thread::sleep_for(std::chrono::milliseconds(backoff));
    }
    return Finish(source, previous, std::move(last), attempts);
  }

 private:
  // One GET. Never throws; every failure is described in the Attempt.
  Attempt Once(const ParsedUrl& url, const SourceSpec& source, const ConditionalState& previous) const {
    Attempt a;
    httplib::Client cli(url.scheme + "://" + url.authority);
    if (!cli.is_valid()) {
      // httplib's own URL grammar is narrower than ParseUrl's (e.g. IPv6
      // literals with hex letters).
      a.kind = Attempt::Kind::kBadUrl;
      a.detail = "host not supported by the HTTP client";
      return a;
    }
    cli.set_connection_timeout(std::chrono::milliseconds(options_.connect_timeout_ms));
    cli.set_read_timeout(std::chrono::milliseconds(options_.read_timeout_ms));
    cli.set_write_timeout(std::chrono::milliseconds(options_.read_timeout_ms));
    // Redirects are not followed: a redirect to another host would carry the
    // Basic credentials with it. A source whose URL moved needs a config fix.
    cli.set_follow_location(false);
    cli.set_keep_alive(false);
    if (url.scheme == "https") cli.enable_server_certificate_verification(true);
    if (!source.basic_user.empty() || !source.basic_password.empty()) {
      cli.set_basic_auth(source.basic_user, source.basic_password);
    }

    httplib::Headers headers;
    for (const auto& [name, value] : source.headers) {
      // gpucat's own User-Agent and validators win over configured ones.
      if (IEquals(name, "User-Agent") || IEquals(name, "If-None-Match") || IEquals(name, "If-Modified-Since")) {
        continue;
      }
      headers.emplace(name, value);
    }
    headers.emplace("User-Agent", options_.user_agent);
    headers.emplace("Accept", "*/*");
    if (!previous.etag.empty()) headers.emplace("If-None-Match", previous.etag);
    if (!previous.last_modified.empty()) headers.emplace("If-Modified-Since", previous.last_modified);

    const int64_t cap = options_.max_body_bytes;
    bool got_headers = false, too_large = false;
    int status = 0;
    std::string declared_length;  // Content-Length as sent, for messages
    Clock::time_point last_activity = Clock::now();

    // Called once the status line and headers are in, before the body.
    auto on_response = [&](const httplib::Response& r) {
      got_headers = true;
      status = r.status;
      last_activity = Clock::now();
      a.etag = r.get_header_value("ETag");
      a.last_modified = r.get_header_value("Last-Modified");
      declared_length = r.get_header_value("Content-Length");
      // Anything but 2xx: the status is all we need, so stop here. This also
      // matters for 304, which has no body: httplib 0.11.4 waits for one until
      // the read timeout when the server sends no Content-Length (common).
      if (r.status < 200 || r.status > 299) return false;
      // A declared length over the cap is refused before reading a byte.
      // (Compressed bodies are only counted as they decompress, below.)
      if (!r.has_header("Content-Encoding") && AllDigits(declared_length)) {
        if (declared_length.size() > 18 || std::stoll(declared_length) > cap) {
          too_large = true;
          return false;
        }
      }
      return true;
    };
    auto on_data = [&](const char* data, size_t n) {
      last_activity = Clock::now();
      if (static_cast<int64_t>(a.body.size() + n) > cap) {
        too_large = true;
        return false;
      }
      a.body.append(data, n);
      return true;
    };

    httplib::Error error = httplib::Error::Unknown;
    int final_status = 0;
    try {
      httplib::Result res = cli.Get(url.target, headers, on_response, on_data);
      error = res.error();
      if (res) final_status = res->status;
    } catch (const std::exception& e) {
      // Only allocation failure or a library bug gets here; not worth a retry.
      a.detail = std::string("internal error: ") + e.what();
      return a;
    }

    if (error == httplib::Error::Success) status = final_status;
    if (error == httplib::Error::Success || (got_headers && (status < 200 || status > 299))) {
      if (status >= 200 && status <= 299) {
        a.kind = Attempt::Kind::kOk;
        a.detail = std::to_string(status) + " (" + std::to_string(a.body.size()) + " bytes)";
      } else if (status == 304) {
        a.kind = Attempt::Kind::kNotModified;
        a.detail = "304 not modified";
        if (previous.etag.empty() && previous.last_modified.empty()) {
          // A 304 to an unconditional request is a server bug; it leaves
          // nothing to keep, so it is an error, not "unchanged".
          a.kind = Attempt::Kind::kHttpStatus;
          a.detail = "304 to an unconditional request";
        }
      } else {
        a.kind = Attempt::Kind::kHttpStatus;
        a.retryable = status >= 500;
        a.detail = "HTTP " + std::to_string(status);
      }
      return a;
    }
    const size_t received = a.body.size();  // for the message; the bytes are dropped
    a.body.clear();
    if (too_large) {
      a.kind = Attempt::Kind::kTooLarge;
      a.detail = "body larger than " + std::to_string(cap) + " bytes";
      return a;
    }
    switch (error) {
      case httplib::Error::ConnectionTimeout:
        a.kind = Attempt::Kind::kTimeout;
        a.retryable = true;
        a.detail = "connect timeout after " + std::to_string(options_.connect_timeout_ms) + " ms";
        return a;
      case httplib::Error::Read: {
        // httplib reports a read timeout, a connection closed before the
        // response, and a body cut short all as Error::Read. They are told
        // apart by how long the socket had been silent (a timeout waited for
        // the whole read timeout) and whether the headers had arrived.
        const auto silent = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - last_activity).count();
        a.retryable = true;
        if (silent * 10 >= int64_t{options_.read_timeout_ms} * 9) {
          a.kind = Attempt::Kind::kTimeout;
          a.detail = "read timeout after " + std::to_string(options_.read_timeout_ms) + " ms" +
                     (got_headers ? " in the body" : "");
        } else if (got_headers) {
          a.kind = Attempt::Kind::kTruncated;
          a.detail = "body cut off after " + std::to_string(received) + " bytes" +
                     (declared_length.empty() ? "" : " of " + declared_length);
        } else {
          a.kind = Attempt::Kind::kFailed;
          a.detail = "connection closed before a response";
        }
        return a;
      }
      case httplib::Error::SSLServerVerification:
      case httplib::Error::SSLLoadingCerts:
        // Certificates do not fix themselves between attempts.
        a.kind = Attempt::Kind::kFailed;
        a.detail = "TLS: " + httplib::to_string(error);
        return a;
      default:
        // Connection (DNS, refused), SSLConnection, Write, ...: transient.
        a.kind = Attempt::Kind::kFailed;
        a.retryable = true;
        a.detail = httplib::to_string(error);
        return a;
    }
  }

  // Turns the last attempt into the Fetch() contract.
  Result<FetchOutcome> Finish(const SourceSpec& source, const ConditionalState& previous, Attempt a,
                              int attempts) const {
    const std::string what = "GET " + source.url + ": " + a.detail +
                             (attempts > 1 ? " (after " + std::to_string(attempts) + " attempts)" : "");
    switch (a.kind) {
      case Attempt::Kind::kOk: {
        FetchOutcome outcome;
        outcome.etag = std::move(a.etag);
        outcome.last_modified = std::move(a.last_modified);
        Document doc;
        doc.source = fetch_internal::WithoutCredentials(source);
        doc.body = std::move(a.body);
        Provenance& p = doc.provenance;
        p.kind = source.kind;
        p.source_id = source.id;
        p.url = source.url;
        p.fetched_at = fetch_internal::NowRfc3339Utc();
        // as_of stays empty: a live response does not state when its data
        // held; the adapter sets it when the document does (ParseResult.as_of).
        p.sha256 = Sha256Hex(doc.body);
        outcome.document = std::move(doc);
        return outcome;
      }
      case Attempt::Kind::kNotModified: {
        FetchOutcome outcome;
        outcome.not_modified = true;
        // Keep remembering the old validators when the 304 does not repeat them.
        outcome.etag = a.etag.empty() ? previous.etag : a.etag;
        outcome.last_modified = a.last_modified.empty() ? previous.last_modified : a.last_modified;
        return outcome;
      }
      case Attempt::Kind::kHttpStatus:
        return Status::Error("fetch_http_status", what);
      case Attempt::Kind::kTimeout:
        return Status::Error("fetch_timeout", what);
      case Attempt::Kind::kTruncated:
        return Status::Error("fetch_truncated", what);
      case Attempt::Kind::kTooLarge:
        return Status::Error("fetch_too_large", what);
      case Attempt::Kind::kBadUrl:
        return Status::Error("config_error", what);
      case Attempt::Kind::kFailed:
        break;
    }
    return Status::Error("fetch_failed", what);
  }

  HttpsOptions options_;
};

}  // namespace

std::unique_ptr<Fetcher> MakeHttpsFetcher(const HttpsOptions& options) {
  return std::make_unique<HttpsFetcher>(options);
}

}  // namespace gpucat
