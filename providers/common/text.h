// Small text helpers shared by the adapters: trimming,
// label folding, counts written in cells, and RFC 3339 timestamps. (UTF-8
// validation and encoding are the core's: gpucat/utf8.h.)
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gpucat::providers {

// Removes ASCII white space, NBSP and U+3000 IDEOGRAPHIC SPACE at both ends,
// and collapses inner runs of them into one ASCII space.
std::string CollapseSpace(std::string_view s);

// A label folded for comparison: full-width ASCII (U+FF01..U+FF5E) becomes
// ASCII, ASCII letters lower-case, and every kind of space is removed.
// "月額費用（税込み）" -> "月額費用(税込み)", "GPU／ノード" -> "gpu/ノード".
std::string FoldLabel(std::string_view s);

// A non-negative integer written as ASCII or full-width digits, with optional
// thousands commas, optionally followed by `suffix` (compared after
// FoldLabel): ParseCount("1,760GB", "gb") == 1760. nullopt when the text is
// anything else or does not fit in int64.
std::optional<int64_t> ParseCount(std::string_view s, std::string_view suffix = "");

// Seconds since the epoch of "YYYY-MM-DD" (midnight UTC) or an RFC 3339
// timestamp with 'Z' or a numeric offset ("2026-06-13T00:06:55+09:00").
// nullopt for anything else, including impossible dates.
std::optional<int64_t> ParseRfc3339(std::string_view s);

}  // namespace gpucat::providers
