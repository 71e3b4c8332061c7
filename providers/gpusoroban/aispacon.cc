// AIスパコンクラウド plan table (reference §2, structure [S]).
//
// Document-level errors: the heading or its table is missing, or the table
// lacks the シングルノード構成 / クラスタ構成 columns or the 月額費用 and
// GPU／ノード rows (source_format_changed): a page that changed shape is not
// read at all, rather than read wrongly.
// Per configuration column, a reject when its GPU cell or price cell cannot be
// read; "要問合せ" (or any on-request wording) makes a quote draft; an empty
// or dashed price cell publishes nothing (counted as skipped).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/cells.h"
#include "common/collect.h"
#include "common/html.h"
#include "common/reasons.h"
#include "common/text.h"
#include "gpucat/normalize.h"
#include "gpusoroban/soroban.h"

namespace gpucat::providers::gpusoroban {
namespace {

constexpr std::string_view kHeading = "AIスパコンクラウドの料金プラン";
constexpr std::string_view kColumns[] = {"シングルノード構成", "クラスタ構成"};

bool StartsWith(const std::string& s, std::string_view p) { return s.rfind(p, 0) == 0; }

// Rows whose folded label starts with `prefix`, in table order.
std::vector<const HtmlRow*> RowsLabelled(const HtmlTable& t, std::string_view prefix) {
  std::vector<const HtmlRow*> out;
  for (size_t i = 1; i < t.rows.size(); ++i) {
    if (!t.rows[i].cells.empty() && StartsWith(FoldLabel(t.rows[i].cells[0]), FoldLabel(prefix))) {
      out.push_back(&t.rows[i]);
    }
  }
  return out;
}

std::string Cell(const HtmlRow* row, size_t col) {
  return row && col < row->cells.size() ? row->cells[col] : std::string();
}

}  // namespace

Result<ParseResult> ParseAispaconPage(const Document& document) {
  Result<std::shared_ptr<const HtmlPage>> page = HtmlPage::Parse(document.body);
  if (!page.ok()) return page.status();
  const std::optional<HtmlTable> table = page.value()->TableAfterHeading(kHeading);
  if (!table) return Status::Error("source_format_changed", "no table after the heading " + std::string(kHeading));
  if (table->rows.empty()) return Status::Error("source_format_changed", "the plan table has no rows");
  const HtmlRow& header = table->rows[0];
  std::vector<size_t> cols;
  for (std::string_view want : kColumns) {
    std::optional<size_t> at;
    for (size_t c = 1; c < header.cells.size(); ++c) {
      if (FoldLabel(header.cells[c]) == FoldLabel(want)) at = c;
    }
    if (!at) return Status::Error("source_format_changed", "the plan table has no column " + std::string(want));
    cols.push_back(*at);
  }
  const std::vector<const HtmlRow*> price_rows = RowsLabelled(*table, "月額費用");
  const std::vector<const HtmlRow*> gpu_rows = RowsLabelled(*table, "GPU／ノード");
  if (price_rows.empty()) return Status::Error("source_format_changed", "the plan table has no 月額費用 row");
  if (gpu_rows.size() != 1) {
    return Status::Error("source_format_changed",
                         std::to_string(gpu_rows.size()) + " GPU／ノード rows in the plan table (expected 1)");
  }
  auto one_row = [&](std::string_view label) -> const HtmlRow* {
    const std::vector<const HtmlRow*> r = RowsLabelled(*table, label);
    return r.size() == 1 ? r[0] : nullptr;  // absent or repeated: not used
  };
  const HtmlRow* vcpu_row = one_row("vCPU／ノード");
  const HtmlRow* mem_row = one_row("システムメモリ／ノード");
  const HtmlRow* storage_row = one_row("ストレージ／ノード");

  Collector out(kProvider, document.source.id);
  for (size_t k = 0; k < cols.size(); ++k) {
    const size_t col = cols[k];
    const std::string plan = header.cells[col];
    const std::string base_loc = "table[" + std::string(kHeading) + "]/column[" + plan + "]";
    for (const HtmlRow* price_row : price_rows) {
      const std::string label = price_row->cells[0];
      const std::string loc = base_loc + "/row[" + label + "]";
      std::string record =
          plan + ": " + label + " = " + Cell(price_row, col) + "; GPU／ノード = " + Cell(gpu_rows[0], col);
      if (col >= price_row->cells.size() || col >= gpu_rows[0]->cells.size()) {
        out.Reject(loc, reason::kShortRow, "the row has no cell for column " + plan, record);
        continue;
      }
      std::variant<CellPrice, CellError> price =
          ReadPriceCell(price_row->cells[col], TaxOfLabel(label), {"月", "month"});
      if (auto* e = std::get_if<CellError>(&price)) {
        out.Reject(loc, e->code, e->detail, record);
        continue;
      }
      const CellPrice& p = std::get<CellPrice>(price);
      if (p.kind == CellPrice::Kind::kAbsent) {
        out.Skip();  // the page publishes no monthly price for this configuration
        continue;
      }
      const GpuCell gpu = ReadGpuCell(gpu_rows[0]->cells[col]);
      const std::string gpu_loc = base_loc + "/row[" + gpu_rows[0]->cells[0] + "]";
      if (!gpu.count) {
        out.Reject(gpu_loc, reason::kMissingGpuCount, "no GPU count in \"" + gpu_rows[0]->cells[col] + "\"", record);
        continue;
      }
      OfferDraft d;
      d.provider = kProvider;
      d.product = "aispacon";
      d.plan = plan;
      d.display_name = "AIスパコンクラウド " + plan;
      d.gpu_name = gpu.name;
      d.gpus_per_unit = *gpu.count;
      d.gpu_memory_gb = gpu.memory_gb;
      d.vcpus = ParseCount(Cell(vcpu_row, col));
      if (!d.vcpus) d.vcpus = ParseCount(Cell(vcpu_row, col), "vcpu");
      d.ram_gb = ParseCount(Cell(mem_row, col), "gb");
      d.storage = Cell(storage_row, col);
      d.unit = "month";
      d.per = "node";
      d.billing_rule = "per-started-month";
      d.record_text = record;
      if (p.kind == CellPrice::Kind::kQuote) {
        d.price_status = "quote";
        d.notes = "Price on request (" + price_row->cells[col] + ").";
      } else {
        d.price_status = "listed";
        d.amount = p.amount;
        d.currency = "JPY";
        d.tax = p.tax;
        if (p.tax == "unknown") d.notes = "The page does not state whether this price includes tax.";
      }
      if (auto n = price_row->attrs.find("data-gpucat-note"); n != price_row->attrs.end()) {
        d.notes += std::string(d.notes.empty() ? "" : " ") + n->second;  // reconstructions only
      }
      if (k == 1) {
        d.notes += std::string(d.notes.empty() ? "" : " ") +
                   "A cluster is several such nodes; GPUs per node as the page gives them.";
      }
      if (!out.CheckGpu(d, gpu_loc)) continue;
      out.Add(std::move(d), loc);
    }
  }
  return std::move(out).Finish();
}

}  // namespace gpucat::providers::gpusoroban
