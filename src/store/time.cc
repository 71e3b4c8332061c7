// Time helpers: RFC 3339 UTC text <-> epoch seconds, without the locale- and
// TZ-dependent parts of <ctime> (timegm is used; TZ never matters).
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>

#include "gpucat/catalog.h"

namespace gpucat {

std::string FormatTimestamp(int64_t epoch_seconds) {
  const std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string NowUtc() { return FormatTimestamp(static_cast<int64_t>(std::time(nullptr))); }

std::optional<int64_t> ParseTimestamp(const std::string& text) {
  // Accepts YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS with Z, +HH:MM / -HH:MM, or nothing (UTC).
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &consumed) != 3 || consumed != 10) return std::nullopt;
  std::string rest = text.substr(10);
  int64_t offset = 0;
  if (!rest.empty()) {
    if (rest[0] != 'T' && rest[0] != ' ') return std::nullopt;
    int n = 0;
    if (std::sscanf(rest.c_str() + 1, "%2d:%2d:%2d%n", &h, &mi, &s, &n) != 3 || n != 8) return std::nullopt;
    std::string zone = rest.substr(9);
    if (!zone.empty() && zone[0] == '.') {  // fractional seconds: ignored
      size_t i = 1;
      while (i < zone.size() && zone[i] >= '0' && zone[i] <= '9') ++i;
      zone = zone.substr(i);
    }
    if (zone == "Z" || zone.empty()) {
      offset = 0;
    } else if ((zone[0] == '+' || zone[0] == '-') && zone.size() == 6 && zone[3] == ':') {
      int oh = 0, om = 0;
      if (std::sscanf(zone.c_str() + 1, "%2d:%2d", &oh, &om) != 2) return std::nullopt;
      offset = (zone[0] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
    } else {
      return std::nullopt;
    }
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<int64_t>(timegm(&tm)) - offset;
}

}  // namespace gpucat
