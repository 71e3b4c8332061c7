// HTML pages read with gumbo (a real HTML5 parser): tables are found by the
// heading that introduces them and read as rows of cell texts, never by
// character offsets. Whatever markup a page has, gumbo builds a tree, so a
// malformed page shows up as a missing heading or table, not a crash.
//
// Thread-safety: an HtmlPage is immutable after Parse(); pure otherwise.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gpucat/status.h"

struct GumboInternalOutput;

namespace gpucat::providers {

struct HtmlRow {
  std::vector<std::string> cells;            // text of each <td>/<th>, spaces collapsed
  std::vector<bool> header;                  // whether each cell is a <th>
  std::map<std::string, std::string> attrs;  // attributes of the <tr>
};

struct HtmlTable {
  std::vector<HtmlRow> rows;  // in document order (thead, tbody, tfoot)
};

class HtmlPage {
 public:
  // Errors: "source_empty" (blank body), "source_unparseable" (not UTF-8:
  // the message gives the byte offset; a page in another encoding would
  // otherwise be misread), "source_unparseable" (more than kMaxElements start
  // tags, or elements nested deeper than about kMaxDepth, which no pricing
  // page has: this bounds the parser's work, which grows with the square of
  // the nesting).
  static Result<std::shared_ptr<const HtmlPage>> Parse(std::string_view body);
  ~HtmlPage();
  HtmlPage(const HtmlPage&) = delete;
  HtmlPage& operator=(const HtmlPage&) = delete;

  static constexpr size_t kMaxElements = 100000;
  static constexpr size_t kMaxDepth = 512;

  // The first <table> after the first heading (h1-h6) whose text contains
  // `heading` (compared with FoldLabel), and before the next heading of the
  // same or a higher level. nullopt when there is no such heading or table.
  std::optional<HtmlTable> TableAfterHeading(std::string_view heading) const;

 private:
  explicit HtmlPage(std::string body) : body_(std::move(body)) {}
  std::string body_;  // gumbo's tree points into it: never moved after parsing
  GumboInternalOutput* output_ = nullptr;
};

}  // namespace gpucat::providers
