// report: turns the measurements run.sh collected (--in results.tsv) into
// the Markdown report (--out latest.md), appending --notes FILE if given.
//
// results.tsv lines:  m<TAB>metric<TAB>value      one per run (medians, min-max)
//                     meta<TAB>key<TAB>value      machine, date, parameters
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "bench.h"

namespace gpucat::bench {
namespace {

enum class Target { kNone, kBelow, kEquals, kRatioAtLeast };

struct Row {
  std::string what, measure, metric, unit, baseline, baseline_label;
  Target target = Target::kNone;
  double limit = 0;
};

// The table, in its order, each figure with its same-run baseline.
const std::vector<Row>& Rows() {
  static const std::vector<Row> rows = {
      {"sync 100,000 offers into an empty catalog", "wall time", "sync_empty_ms", "ms", "parse_only_ms",
       "fetch + parse + normalize only", Target::kBelow, 2000},
      {"", "peak RSS", "sync_empty_rss_mib", "MiB", "parse_only_rss_mib", "fetch + parse + normalize only",
       Target::kBelow, 200},
      {"", "store: SQLite floor", "floor_ms", "ms", "sync_empty_ms", "the sync above (ratio = floor / sync)",
       Target::kNone, 0},
      {"re-sync the same 100,000 offers", "wall time", "resync_same_ms", "ms", "parse_only_ms",
       "fetch + parse + normalize only", Target::kBelow, 1000},
      {"", "history rows written", "resync_same_history_rows", "rows", "", "", Target::kEquals, 0},
      {"", "rows written, all tables", "resync_same_rows_written", "rows", "", "", Target::kNone, 0},
      {"re-sync with 1% of prices changed", "wall time", "resync_1pct_ms", "ms", "parse_only_ms",
       "fetch + parse + normalize only", Target::kBelow, 1000},
      {"", "history rows written", "resync_1pct_history_rows", "rows", "", "", Target::kNone, 0},
      {"`GET /v1/offers?gpu=h200&sort=price&limit=100`, 1 connection", "p50", "offers_1c_p50_ms", "ms",
       "nginx_offers_1c_p50_ms", "nginx, same body, 1 connection", Target::kNone, 0},
      {"", "p99", "offers_1c_p99_ms", "ms", "nginx_offers_1c_p99_ms", "nginx, same body, 1 connection", Target::kBelow,
       5},
      {"the same, wrk 32 connections, uncached", "requests/s", "offers_32c_rps", "req/s", "nginx_offers_32c_rps",
       "nginx, same body, 32 connections", Target::kRatioAtLeast, 0.5},
      {"the same, wrk 32 connections, `If-None-Match` (304)", "requests/s", "offers_32c_304_rps", "req/s",
       "nginx_offers_32c_304_rps", "nginx 304, 32 connections", Target::kRatioAtLeast, 0.8},
      {"the same, rendered for every request (`--cache-mb 0`), 1 connection", "p50", "render_offers_1c_p50_ms", "ms",
       "nginx_offers_1c_p50_ms", "nginx, same body, 1 connection", Target::kNone, 0},
      {"", "p99", "render_offers_1c_p99_ms", "ms", "nginx_offers_1c_p99_ms", "nginx, same body, 1 connection",
       Target::kNone, 0},
      {"", "requests/s, 32 connections", "render_offers_32c_rps", "req/s", "nginx_offers_32c_rps",
       "nginx, same body, 32 connections", Target::kNone, 0},
      {"`GET /v1/compare?gpu=h200`, 100,000 offers + 10M history rows", "p50", "compare_1c_p50_ms", "ms",
       "nginx_compare_1c_p50_ms", "nginx, same body, 1 connection", Target::kNone, 0},
      {"", "p99", "compare_1c_p99_ms", "ms", "nginx_compare_1c_p99_ms", "nginx, same body, 1 connection",
       Target::kBelow, 10},
      {"", "p99, rendered for every request", "render_compare_1c_p99_ms", "ms", "nginx_compare_1c_p99_ms",
       "nginx, same body, 1 connection", Target::kNone, 0},
      {"`GET /v1/offers/{id}/history`, 10M history rows", "p50", "history_1c_p50_ms", "ms", "nginx_history_1c_p50_ms",
       "nginx, same body, 1 connection", Target::kNone, 0},
      {"", "p99", "history_1c_p99_ms", "ms", "nginx_history_1c_p99_ms", "nginx, same body, 1 connection",
       Target::kBelow, 5},
      {"", "p99, rendered for every request", "render_history_1c_p99_ms", "ms", "nginx_history_1c_p99_ms",
       "nginx, same body, 1 connection", Target::kNone, 0},
      {"server at rest with 100,000 offers", "RSS", "serve_rss_mib", "MiB", "serve_empty_rss_mib",
       "gpucat serve, empty catalog", Target::kBelow, 64},
      {"", "RSS after the load runs", "serve_rss_after_load_mib", "MiB", "serve_rss_mib", "the same server at rest",
       Target::kNone, 0},
      {"server start to first 200 on `/readyz`", "wall time", "startup_ms", "ms", "nginx_startup_ms",
       "nginx start to first 200", Target::kBelow, 200},
  };
  return rows;
}

struct Stats {
  double median = 0, min = 0, max = 0;
  size_t n = 0;
};

Stats Summarize(std::vector<double> v) {
  Stats s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.n = v.size();
  s.min = v.front();
  s.max = v.back();
  s.median = v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
  return s;
}

std::string Num(double v, const std::string& unit) {
  char buf[64];
  if (unit == "rows" || unit == "req/s") {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    std::string s = buf;  // thousands separators
    const size_t start = s[0] == '-' ? 1 : 0;
    for (int i = static_cast<int>(s.size()) - 3; i > static_cast<int>(start); i -= 3)
      s.insert(static_cast<size_t>(i), ",");
    return s;
  }
  if (v >= 100)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else if (v >= 10)
    std::snprintf(buf, sizeof buf, "%.1f", v);
  else
    std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string Cell(const Stats& s, const std::string& unit) {
  if (s.n == 0) return "n/a";
  std::string out = Num(s.median, unit) + " " + unit;
  if (s.n > 1) out += " (" + Num(s.min, unit) + "–" + Num(s.max, unit) + ")";
  return out;
}

}  // namespace

int Report(const Flags& f) {
  std::map<std::string, std::vector<double>> m;
  std::vector<std::pair<std::string, std::string>> meta;
  {
    std::istringstream in(ReadFile(f.Required("in")));
    std::string line;
    while (std::getline(in, line)) {
      std::vector<std::string> t;
      std::string cur;
      for (char c : line) {
        if (c == '\t') {
          t.push_back(cur);
          cur.clear();
        } else {
          cur.push_back(c);
        }
      }
      t.push_back(cur);
      if (t.size() != 3) continue;
      if (t[0] == "m") {
        try {
          m[t[1]].push_back(std::stod(t[2]));
        } catch (...) {
        }
      } else if (t[0] == "meta") {
        meta.emplace_back(t[1], t[2]);
      }
    }
  }
  std::ostringstream md;
  md << "# gpucat benchmarks: latest run\n\n";
  md << "Written by `bench/run.sh` (do not edit by hand; notes and before/after are in "
        "`bench/results/notes.md`, appended below). Every figure is the median over the runs, with min–max, next to "
        "a baseline measured in the same run; ratio = gpucat / baseline.\n\n";
  for (const auto& [k, v] : meta) md << "- **" << k << "**: " << v << "\n";
  md << "\n| what | measure | gpucat: median (min–max) | baseline | baseline: median (min–max) | ratio | target | met "
        "|\n";
  md << "|---|---|---|---|---|---|---|---|\n";
  int missed = 0;
  for (const Row& r : Rows()) {
    const Stats s = Summarize(m[r.metric]);
    const Stats b = r.baseline.empty() ? Stats{} : Summarize(m[r.baseline]);
    std::string ratio = "–";
    double rv = 0;
    if (s.n && b.n && b.median != 0) {
      rv = s.median / b.median;
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.2f×", rv);
      ratio = buf;
    }
    std::string target = "–", met = "";
    if (r.target == Target::kBelow) {
      target = "< " + Num(r.limit, r.unit) + " " + r.unit;
      met = s.n == 0 ? "not measured" : s.median < r.limit ? "yes" : "**no**";
    } else if (r.target == Target::kEquals) {
      target = Num(r.limit, r.unit) + " " + r.unit;
      met = s.n == 0 ? "not measured" : s.max == r.limit && s.min == r.limit ? "yes" : "**no**";
    } else if (r.target == Target::kRatioAtLeast) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "≥ %.1f× baseline", r.limit);
      target = buf;
      met = s.n == 0 || b.n == 0 ? "not measured" : rv >= r.limit ? "yes" : "**no**";
    }
    if (met == "**no**" || met == "not measured") ++missed;
    md << "| " << r.what << " | " << r.measure << " | " << Cell(s, r.unit) << " | " << r.baseline_label << " | "
       << (r.baseline.empty() ? "–" : Cell(b, r.unit)) << " | " << ratio << " | " << target << " | " << met << " |\n";
  }
  md << "\nTargets missed or not measured: " << missed << ".\n";

  // Every other metric collected, for the record.
  md << "\n<details><summary>All measurements (every run)</summary>\n\n| metric | runs |\n|---|---|\n";
  for (const auto& [k, v] : m) {
    md << "| " << k << " | ";
    for (size_t i = 0; i < v.size(); ++i)
      md << (i ? ", " : "") << Num(v[i], k.find("rps") != std::string::npos ? "req/s" : "");
    md << " |\n";
  }
  md << "\n</details>\n";
  const std::string notes = f.Get("notes", "");
  if (!notes.empty() && std::filesystem::exists(notes)) md << "\n" << ReadFile(notes);
  WriteFile(f.Required("out"), md.str());
  std::fputs(md.str().c_str(), stdout);
  return 0;
}

}  // namespace gpucat::bench
