#include "common/html.h"

#include <gumbo.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "common/text.h"
#include "gpucat/utf8.h"

namespace gpucat::providers {
namespace {

int HeadingLevel(const GumboNode* n) {
  if (n->type != GUMBO_NODE_ELEMENT) return 0;
  switch (n->v.element.tag) {
    case GUMBO_TAG_H1:
      return 1;
    case GUMBO_TAG_H2:
      return 2;
    case GUMBO_TAG_H3:
      return 3;
    case GUMBO_TAG_H4:
      return 4;
    case GUMBO_TAG_H5:
      return 5;
    case GUMBO_TAG_H6:
      return 6;
    default:
      return 0;
  }
}

bool IsTag(const GumboNode* n, GumboTag tag) { return n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == tag; }

const GumboVector* Children(const GumboNode* n) {
  if (n->type == GUMBO_NODE_ELEMENT) return &n->v.element.children;
  if (n->type == GUMBO_NODE_DOCUMENT) return &n->v.document.children;
  return nullptr;
}

// All nodes in document order, iteratively (pages may nest deeply).
std::vector<const GumboNode*> Preorder(const GumboNode* root) {
  std::vector<const GumboNode*> out, stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    out.push_back(n);
    if (const GumboVector* c = Children(n)) {
      for (unsigned k = c->length; k > 0; --k) stack.push_back(static_cast<const GumboNode*>(c->data[k - 1]));
    }
  }
  return out;
}

// The visible text of a node: text nodes, <br> as a space; not <script>,
// <style> or comments. Spaces collapsed.
std::string TextOf(const GumboNode* root) {
  std::string raw;
  for (const GumboNode* n : Preorder(root)) {
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
      // Skip text inside <script>/<style>: their parent is the element.
      const GumboNode* p = n->parent;
      if (p && (IsTag(p, GUMBO_TAG_SCRIPT) || IsTag(p, GUMBO_TAG_STYLE))) continue;
      raw += n->v.text.text;
    } else if (IsTag(n, GUMBO_TAG_BR)) {
      raw += ' ';
    }
  }
  return CollapseSpace(raw);
}

HtmlTable ReadTable(const GumboNode* table) {
  HtmlTable out;
  std::vector<const GumboNode*> trs;
  const GumboVector& sections = table->v.element.children;
  for (unsigned i = 0; i < sections.length; ++i) {
    const auto* s = static_cast<const GumboNode*>(sections.data[i]);
    if (IsTag(s, GUMBO_TAG_TR)) trs.push_back(s);
    if (IsTag(s, GUMBO_TAG_THEAD) || IsTag(s, GUMBO_TAG_TBODY) || IsTag(s, GUMBO_TAG_TFOOT)) {
      for (unsigned j = 0; j < s->v.element.children.length; ++j) {
        const auto* tr = static_cast<const GumboNode*>(s->v.element.children.data[j]);
        if (IsTag(tr, GUMBO_TAG_TR)) trs.push_back(tr);
      }
    }
  }
  for (const GumboNode* tr : trs) {
    HtmlRow row;
    const GumboVector& attrs = tr->v.element.attributes;
    for (unsigned a = 0; a < attrs.length; ++a) {
      const auto* at = static_cast<const GumboAttribute*>(attrs.data[a]);
      row.attrs[at->name] = at->value;
    }
    const GumboVector& cells = tr->v.element.children;
    for (unsigned c = 0; c < cells.length; ++c) {
      const auto* cell = static_cast<const GumboNode*>(cells.data[c]);
      if (!IsTag(cell, GUMBO_TAG_TD) && !IsTag(cell, GUMBO_TAG_TH)) continue;
      // colspan repeats the cell so that columns stay aligned (capped).
      int span = 1;
      if (const GumboAttribute* cs = gumbo_get_attribute(&cell->v.element.attributes, "colspan")) {
        if (std::optional<int64_t> n = ParseCount(cs->value)) span = static_cast<int>(std::clamp<int64_t>(*n, 1, 32));
      }
      const std::string text = TextOf(cell);
      for (int k = 0; k < span; ++k) {
        row.cells.push_back(text);
        row.header.push_back(IsTag(cell, GUMBO_TAG_TH));
      }
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

// An upper estimate of the page's element nesting, from the tags alone:
// elements that are void or whose end tag is optional (br, p, li, td, ...)
// are not counted, script/style content and comments are skipped. gumbo's
// work grows with the square of the nesting, so a page nested absurdly deep
// (no pricing page is nested 100 levels) is refused before parsing.
size_t EstimateDepth(std::string_view b) {
  static const std::string_view kNotCounted[] = {
      "area",     "base", "br", "col", "embed", "hr",       "img",     "input", "link",  "meta",  "source", "track",
      "wbr",      "p",    "li", "dt",  "dd",    "tr",       "td",      "th",    "thead", "tbody", "tfoot",  "option",
      "optgroup", "rb",   "rt", "rtc", "rp",    "colgroup", "caption", "html",  "head",  "body"};
  auto lower_name = [&](size_t i) {
    std::string n;
    while (i < b.size() &&
           ((b[i] >= 'a' && b[i] <= 'z') || (b[i] >= 'A' && b[i] <= 'Z') || (b[i] >= '0' && b[i] <= '9'))) {
      n.push_back(static_cast<char>(b[i] >= 'A' && b[i] <= 'Z' ? b[i] + 32 : b[i]));
      ++i;
    }
    return n;
  };
  auto counted = [&](const std::string& n) {
    for (std::string_view x : kNotCounted) {
      if (x == n) return false;
    }
    return true;
  };
  size_t depth = 0, max_depth = 0;
  for (size_t i = 0; i + 1 < b.size(); ++i) {
    if (b[i] != '<') continue;
    if (b.compare(i, 4, "<!--") == 0) {
      const size_t end = b.find("-->", i + 4);
      if (end == std::string_view::npos) break;
      i = end + 2;
    } else if (b[i + 1] == '/') {
      const std::string n = lower_name(i + 2);
      if (!n.empty() && counted(n) && depth > 0) --depth;
    } else {
      const std::string n = lower_name(i + 1);
      if (n.empty()) continue;
      const size_t close = b.find('>', i);
      if (close == std::string_view::npos) break;
      if (n == "script" || n == "style") {
        const size_t end = b.find("</", close);
        i = end == std::string_view::npos ? b.size() : end - 1;
        continue;
      }
      if (b[close - 1] == '/' || !counted(n)) continue;
      max_depth = std::max(max_depth, ++depth);
    }
  }
  return max_depth;
}

}  // namespace

HtmlPage::~HtmlPage() {
  if (output_) gumbo_destroy_output(&kGumboDefaultOptions, output_);
}

Result<std::shared_ptr<const HtmlPage>> HtmlPage::Parse(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Status::Error("source_empty", "the page is empty");
  }
  size_t bad = 0;
  if (!IsValidUtf8(body, &bad)) {
    return Status::Error("source_unparseable", "the page is not UTF-8 (byte " + std::to_string(bad) + ")");
  }
  size_t tags = 0;
  for (size_t i = 0; i + 1 < body.size(); ++i) {
    const char c = body[i + 1];
    if (body[i] == '<' && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) ++tags;
  }
  if (tags > kMaxElements) {
    return Status::Error("source_unparseable", "more than " + std::to_string(kMaxElements) + " elements");
  }
  if (const size_t depth = EstimateDepth(body); depth > kMaxDepth) {
    return Status::Error("source_unparseable", "elements nested about " + std::to_string(depth) + " deep (more than " +
                                                   std::to_string(kMaxDepth) + ")");
  }
  std::shared_ptr<HtmlPage> page(new HtmlPage(std::string(body)));
  page->output_ = gumbo_parse_with_options(&kGumboDefaultOptions, page->body_.data(), page->body_.size());
  if (!page->output_) return Status::Error("source_unparseable", "the HTML parser failed");
  return std::shared_ptr<const HtmlPage>(std::move(page));
}

std::optional<HtmlTable> HtmlPage::TableAfterHeading(std::string_view heading) const {
  const std::string want = FoldLabel(heading);
  const std::vector<const GumboNode*> nodes = Preorder(output_->document);
  int level = 0;
  for (const GumboNode* n : nodes) {
    const int l = HeadingLevel(n);
    if (level == 0) {
      if (l > 0 && FoldLabel(TextOf(n)).find(want) != std::string::npos) level = l;
      continue;
    }
    if (l > 0 && l <= level) return std::nullopt;  // the next section began
    if (IsTag(n, GUMBO_TAG_TABLE)) return ReadTable(n);
  }
  return std::nullopt;
}

}  // namespace gpucat::providers
