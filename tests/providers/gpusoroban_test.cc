// GPUSOROBAN pages (gumbo): tables found by heading and label, and malformed
// variants of both pages, each giving an exact document error or reject.
#include <catch2/catch.hpp>
#include <string>

#include "support.h"

using namespace gpucat;
using namespace gpucat::testing_providers;

namespace {

const std::string kTable = "table[AIスパコンクラウドの料金プラン]";
const std::string kSingle = kTable + "/column[シングルノード構成]";
const std::string kPriceRow = "/row[月額費用（税込み）]";
const std::string kGpuRow = "/row[GPU／ノード]";
const std::string kRow1 = "table[プランと料金]/row[1]";

const char* kA100Row = "<td>A100 80GB ×1</td><td></td><td></td><td></td><td>¥398</td><td></td>";

std::string Aispacon() { return Snapshot("gpusoroban", "aispacon.html"); }
std::string Instances() { return Snapshot("gpusoroban", "instances.html"); }

// The instance page with its one data row's cells replaced.
std::string Row(const std::string& cells) { return Replace(Instances(), kA100Row, cells); }

}  // namespace

TEST_CASE("AIスパコン: tables are found by heading, wherever the markup puts them", "[provider][gpusoroban]") {
  // Another table before the heading, attributes, a <br>, comments, no
  // <thead>, and full-width digits: same offers.
  const std::string page =
      "<html><body><table><tr><td>月額費用（税込み）</td><td>¥1</td></tr></table>"
      "<div class=x><h3 id=plans>AIスパコンクラウドの<br>料金プラン</h3><!-- c --><div><table class=price>"
      "<tr><th>構成</th><th>シングルノード構成</th><th>クラスタ構成</th></tr>"
      "<tr><th>月額費用<small>（税込み）</small></th><td><b>２，７８３，０００円</b></td><td>お問い合わせください</"
      "td></tr>"
      "<tr><th>GPU／ノード</th><td>NVIDIA H200 × 8</td><td>NVIDIA H200 × 8</td></tr>"
      "</table></div></div></body></html>";
  const Outcome o = Run("gpusoroban.aispacon", page);
  REQUIRE(o.error.ok());
  REQUIRE(o.offers.size() == 2);
  CHECK(o.offers[0].amount->ToString() == "2783000");
  CHECK(o.offers[0].tax == TaxFlag::kIncluded);
  CHECK(o.offers[1].price_status == PriceStatus::kQuote);
}

TEST_CASE("AIスパコン: a dash publishes no price (skipped, not rejected)", "[provider][gpusoroban]") {
  const Outcome o = Run("gpusoroban.aispacon", Replace(Aispacon(), "<td>¥2,783,000</td>", "<td>—</td>"));
  REQUIRE(o.error.ok());
  CHECK(o.offers.size() == 1);
  CHECK(o.rejects.empty());
  CHECK(o.parsed.skipped == 1);
}

TEST_CASE("AIスパコン: malformed variants", "[provider][gpusoroban][malformed]") {
  const std::string s = Aispacon();
  const std::string price = "<td>¥2,783,000</td>";
  const std::string gpu = "<td>NVIDIA HGX H200 ×8</td><td>NVIDIA HGX H200 ×8</td>";
  RunCases(
      "gpusoroban.aispacon",
      {
          {"empty body", "", "source_empty"},
          {"garbage", "\x01\x02 not a page {}", "source_format_changed"},
          {"JSON instead of HTML", R"({"price": 2783000})", "source_format_changed"},
          {"invalid UTF-8 (Shift_JIS bytes)",
           Replace(s, "¥2,783,000",
                   "\x81\x8f"
                   "2,783,000"),
           "source_unparseable"},
          {"truncated in the table", s.substr(0, s.find("<tr><th>GPU")), "source_format_changed"},
          {"heading renamed", Replace(s, "<h2>AIスパコンクラウドの料金プラン</h2>", "<h2>料金</h2>"),
           "source_format_changed"},
          {"table gone", Replace(s, "<table>", "<div>"), "source_format_changed"},
          {"empty table", s.substr(0, s.find("<table>")) + "<table></table></section></main></body></html>",
           "source_format_changed"},
          {"column renamed", Replace(s, "<th>シングルノード構成</th>", "<th>単一ノード</th>"), "source_format_changed"},
          {"price row gone", Replace(s, "<th>月額費用（税込み）</th>", "<th>費用</th>"), "source_format_changed"},
          {"GPU row gone", Replace(s, "<th>GPU／ノード</th>", "<th>GPU</th>"), "source_format_changed"},
          {"short price row", Replace(s, price + "<td>要問合せ</td>", price), "short_row",
           kTable + "/column[クラスタ構成]" + kPriceRow, 1},
          {"price without a yen mark", Replace(s, price, "<td>2,783,000</td>"), "missing_currency_mark",
           kSingle + kPriceRow, 1},
          {"price says tax-excluded under a tax-included label", Replace(s, price, "<td>¥2,783,000（税抜）</td>"),
           "tax_conflict", kSingle + kPriceRow, 1},
          {"hourly price in the monthly row", Replace(s, price, "<td>¥2,783,000/時間</td>"), "unit_mismatch",
           kSingle + kPriceRow, 1},
          {"a range", Replace(s, price, "<td>¥2,783,000〜</td>"), "ambiguous_amount", kSingle + kPriceRow, 1},
          {"bad digit grouping", Replace(s, price, "<td>¥27,83,000</td>"), "bad_digit_grouping", kSingle + kPriceRow,
           1},
          {"huge price", Replace(s, price, "<td>¥99,999,999,999,999,999,999</td>"), "amount_too_large",
           kSingle + kPriceRow, 1},
          {"negative price", Replace(s, price, "<td>-¥2,783,000</td>"), "non_positive_price", kSingle + kPriceRow, 1},
          {"price below the sane band", Replace(s, price, "<td>¥1,000</td>"), "price_out_of_band", kSingle + kPriceRow,
           1},
          {"unknown GPU", Replace(s, gpu, "<td>NVIDIA HGX H900 ×8</td><td>NVIDIA HGX H900 ×8</td>"),
           "unknown_gpu_model", kSingle + kGpuRow, 0},
          {"GPU without a count", Replace(s, gpu, "<td>NVIDIA HGX H200</td><td>NVIDIA HGX H200 ×8</td>"),
           "missing_gpu_count", kSingle + kGpuRow, 1},
          {"zero GPUs", Replace(s, gpu, "<td>NVIDIA HGX H200 ×0</td><td>NVIDIA HGX H200 ×8</td>"), "bad_gpu_count",
           kSingle + kPriceRow, 1},
          {"duplicated price row, same price",
           Replace(s, "<tr><th>GPU／ノード</th>",
                   "<tr><th>月額費用（税込み）</th>" + price + "<td>要問合せ</td></tr><tr><th>GPU／ノード</th>"),
           "duplicate_offer", kSingle + kPriceRow, 2},
          {"duplicated price row, other price",
           Replace(s, "<tr><th>GPU／ノード</th>",
                   "<tr><th>月額費用（税込み）</th><td>¥2,000,000</td><td>要問合せ</td></tr><tr><th>GPU／ノード</th>"),
           "conflicting_duplicate", kSingle + kPriceRow, 1, 2},
      },
      {"2783000"});
}

TEST_CASE("instances: a compound price and an on-request cell", "[provider][gpusoroban]") {
  const Outcome o = Run("gpusoroban.instances", Row("<td>A100 80GB ×1</td><td>16</td><td>128GB</td><td>1.5TB NVMe</td>"
                                                    "<td>要問合せ</td><td>500円（税込990円）</td>"));
  REQUIRE(o.error.ok());
  REQUIRE(o.offers.size() == 2);
  CHECK(o.offers[0].price_status == PriceStatus::kQuote);
  CHECK(o.offers[1].amount->ToString() == "990");  // the amount whose tax status is stated
  CHECK(o.offers[1].tax == TaxFlag::kIncluded);
  CHECK(o.offers[1].vcpus == 16);
  CHECK(o.offers[1].ram_gb == 128);
  CHECK(o.offers[1].storage == "1.5TB NVMe");
}

TEST_CASE("instances: malformed variants", "[provider][gpusoroban][malformed]") {
  const std::string s = Instances();
  const std::string hour = kRow1 + "/column[時間料金]";
  const std::string a100 = "<td>A100 80GB ×1</td><td></td><td></td><td></td>";
  RunCases(
      "gpusoroban.instances",
      {
          {"empty body", "\n\n", "source_empty"},
          {"garbage", "%PDF-1.4 binary", "source_format_changed"},
          {"invalid UTF-8",
           Replace(s, "¥398",
                   "\xa5"
                   "398"),
           "source_unparseable"},
          {"heading gone", Replace(s, "<h2>プランと料金</h2>", "<h2>Pricing</h2>"), "source_format_changed"},
          {"no GPU column", Replace(s, "<th>GPU</th>", "<th>Accelerator</th>"), "source_format_changed"},
          {"no price columns",
           Replace(Replace(s, "<th>時間料金</th>", "<th>a</th>"), "<th>月額固定料金</th>", "<th>b</th>"),
           "source_format_changed"},
          {"no plans", Replace(s, std::string("<tr data-gpucat-note"), "<!-- <tr data-gpucat-note"), "source_empty"},
          {"truncated in a row", s.substr(0, s.find("<td></td><td>¥398")), "short_row", kRow1, 0},
          {"short row", Row("<td>A100 80GB ×1</td><td>¥398</td>"), "short_row", kRow1, 0},
          {"unknown GPU", Row("<td>Z900 48GB ×1</td><td></td><td></td><td></td><td>¥398</td><td></td>"),
           "unknown_gpu_model", kRow1 + "/column[GPU]", 0},
          {"GPU without a count", Row("<td>A100 80GB</td><td></td><td></td><td></td><td>¥398</td><td></td>"),
           "missing_gpu_count", kRow1 + "/column[GPU]", 0},
          {"GPU memory contradicts the model",
           Row("<td>A100 40GB ×1</td><td></td><td></td><td></td><td>¥398</td><td></td>"), "unknown_gpu_model",
           kRow1 + "/column[GPU]", 0},
          {"no yen mark", Row(a100 + "<td>398</td><td></td>"), "missing_currency_mark", hour, 0},
          {"monthly figure in the hourly column", Row(a100 + "<td>¥398/月</td><td></td>"), "unit_mismatch", hour, 0},
          {"foreign currency", Row(a100 + "<td>$2.99</td><td></td>"), "unknown_currency", hour, 0},
          {"negative price", Row(a100 + "<td>¥-398</td><td></td>"), "non_positive_price", hour, 0},
          {"huge price", Row(a100 + "<td>¥9,999,999,999</td><td></td>"), "price_out_of_band", hour, 0},
          {"bad digit grouping", Row(a100 + "<td>¥3,98</td><td></td>"), "bad_digit_grouping", hour, 0},
          {"two amounts, no tax word", Row(a100 + "<td>¥398 (¥362)</td><td></td>"), "ambiguous_amount", hour, 0},
          {"garbage in the price", Row(a100 + "<td>¥三百</td><td></td>"), "non_numeric_price", hour, 0},
          {"no price at all", Row(a100 + "<td></td><td>-</td>"), "missing_price", kRow1, 0},
          {"duplicated row, same price", Replace(s, "</tbody>", "<tr>" + a100 + "<td>¥398</td><td></td></tr></tbody>"),
           "duplicate_offer", "table[プランと料金]/row[2]/column[時間料金]", 1},
          {"duplicated row, other price", Replace(s, "</tbody>", "<tr>" + a100 + "<td>¥400</td><td></td></tr></tbody>"),
           "conflicting_duplicate", "", 0, 2},
      },
      {"398"});
}

TEST_CASE("pages: deep nesting and many elements are bounded, never a crash", "[provider][gpusoroban]") {
  auto nest = [](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += "<div><span>";
    return s;
  };
  // Unclosed <p>, <li>, <br>, comments and script text do not count as depth.
  std::string flat = "<script>" + nest(1000) + "</script><!-- " + nest(1000) + " -->";
  for (int i = 0; i < 5000; ++i) flat += "<p>a<li>b<br>";
  const Outcome ok = Run("gpusoroban.aispacon", nest(200) + flat + Aispacon());
  REQUIRE(ok.error.ok());  // the table is still found
  CHECK(ok.offers.size() == 2);
  const Outcome deep = Run("gpusoroban.aispacon", nest(49000) + Aispacon());
  CHECK(deep.error.code() == "source_unparseable");
  CHECK(deep.error.message().find("nested") != std::string::npos);
  std::string many;
  for (int i = 0; i < 100001; ++i) many += "<p>";
  const Outcome big = Run("gpusoroban.aispacon", many);
  CHECK(big.error.code() == "source_unparseable");
}
