// GPUSOROBAN instance table プランと料金 (reference §2, [S]).
//
// Columns are found by their header text (FoldLabel prefix match, so that a
// header "時間料金（税込）" still matches and states the tax of its column).
// Document-level errors: no heading/table, no GPU column or neither price
// column (source_format_changed), no data rows (source_empty).
// Per row: short_row, a GPU cell without a count (missing_gpu_count), an
// unknown GPU, unreadable prices (the yen_error codes, unit_mismatch,
// tax_conflict), or no price at all (missing_price) are rejects. The plan
// name is the GPU cell as written (the table has no plan-id column).
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

constexpr std::string_view kHeading = "プランと料金";

std::optional<size_t> Column(const HtmlRow& header, std::string_view name) {
  for (size_t c = 0; c < header.cells.size(); ++c) {
    if (FoldLabel(header.cells[c]).rfind(FoldLabel(name), 0) == 0) return c;
  }
  return std::nullopt;
}

std::string Join(const HtmlRow& row) {
  std::string out;
  for (size_t c = 0; c < row.cells.size(); ++c) out += (c ? " | " : "") + row.cells[c];
  return out;
}

}  // namespace

Result<ParseResult> ParseInstancesPage(const Document& document) {
  Result<std::shared_ptr<const HtmlPage>> page = HtmlPage::Parse(document.body);
  if (!page.ok()) return page.status();
  const std::optional<HtmlTable> table = page.value()->TableAfterHeading(kHeading);
  if (!table) return Status::Error("source_format_changed", "no table after the heading " + std::string(kHeading));
  if (table->rows.empty()) return Status::Error("source_format_changed", "the plan table has no rows");
  const HtmlRow& header = table->rows[0];
  const std::optional<size_t> gpu_col = Column(header, "GPU");
  const std::optional<size_t> vcpu_col = Column(header, "vCPU");
  const std::optional<size_t> mem_col = Column(header, "メモリ");
  const std::optional<size_t> ssd_col = Column(header, "ローカルSSD");
  const std::optional<size_t> hour_col = Column(header, "時間料金");
  const std::optional<size_t> month_col = Column(header, "月額固定料金");
  if (!gpu_col) return Status::Error("source_format_changed", "the plan table has no GPU column");
  if (!hour_col && !month_col) {
    return Status::Error("source_format_changed", "the plan table has neither 時間料金 nor 月額固定料金");
  }
  if (table->rows.size() < 2) return Status::Error("source_empty", "the plan table has no plans");

  struct PriceColumn {
    std::optional<size_t> col;
    const char* unit;
    std::vector<std::string_view> per;
  };
  const PriceColumn prices[] = {{hour_col, "hour", {"時間", "h", "hour", "hr", "時"}},
                                {month_col, "month", {"月", "month"}}};

  Collector out(kProvider, document.source.id);
  for (size_t r = 1; r < table->rows.size(); ++r) {
    const HtmlRow& row = table->rows[r];
    const std::string loc = "table[" + std::string(kHeading) + "]/row[" + std::to_string(r) + "]";
    const std::string record = Join(row);
    if (row.cells.size() < header.cells.size()) {
      out.Reject(loc, reason::kShortRow,
                 std::to_string(row.cells.size()) + " cells under " + std::to_string(header.cells.size()) + " columns",
                 record);
      continue;
    }
    const GpuCell gpu = ReadGpuCell(row.cells[*gpu_col]);
    if (!gpu.count) {
      out.Reject(loc + "/column[GPU]", reason::kMissingGpuCount, "no GPU count in \"" + row.cells[*gpu_col] + "\"",
                 record);
      continue;
    }
    OfferDraft base;
    base.provider = kProvider;
    base.product = "instances";
    base.plan = row.cells[*gpu_col];
    base.display_name = "GPUSOROBAN " + row.cells[*gpu_col];
    base.gpu_name = gpu.name;
    base.gpus_per_unit = *gpu.count;
    base.gpu_memory_gb = gpu.memory_gb;
    if (vcpu_col) base.vcpus = ParseCount(row.cells[*vcpu_col]);
    if (mem_col) base.ram_gb = ParseCount(row.cells[*mem_col], "gb");
    if (ssd_col) base.storage = row.cells[*ssd_col];
    base.per = "instance";
    base.record_text = record;
    if (auto n = row.attrs.find("data-gpucat-note"); n != row.attrs.end()) base.notes = n->second;
    if (!out.CheckGpu(base, loc + "/column[GPU]")) continue;

    std::vector<std::pair<OfferDraft, std::string>> drafts;
    bool rejected = false;
    for (const PriceColumn& pc : prices) {
      if (!pc.col) continue;
      const std::string cloc = loc + "/column[" + header.cells[*pc.col] + "]";
      std::variant<CellPrice, CellError> price =
          ReadPriceCell(row.cells[*pc.col], TaxOfLabel(header.cells[*pc.col]), pc.per);
      if (auto* e = std::get_if<CellError>(&price)) {
        out.Reject(cloc, e->code, e->detail, record);
        rejected = true;
        continue;
      }
      const CellPrice& p = std::get<CellPrice>(price);
      if (p.kind == CellPrice::Kind::kAbsent) continue;
      OfferDraft d = base;
      d.unit = pc.unit;
      if (p.kind == CellPrice::Kind::kQuote) {
        d.price_status = "quote";
      } else {
        d.price_status = "listed";
        d.amount = p.amount;
        d.currency = "JPY";
        d.tax = p.tax;
        if (p.tax == "unknown") {
          d.notes = "The page does not state whether this price includes tax." +
                    std::string(d.notes.empty() ? "" : " ") + d.notes;
        }
      }
      drafts.emplace_back(std::move(d), cloc);
    }
    if (drafts.empty() && !rejected) {
      out.Reject(loc, reason::kMissingPrice, "neither an hourly nor a monthly price", record);
      continue;
    }
    for (auto& [d, l] : drafts) out.Add(std::move(d), l);
  }
  return std::move(out).Finish();
}

}  // namespace gpucat::providers::gpusoroban
