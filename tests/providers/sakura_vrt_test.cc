// Sakura 高火力 VRT (public price API): both envelopes, PHP escaping, and
// malformed variants each giving an exact document error or reject.
#include <catch2/catch.hpp>
#include <string>

#include "support.h"

using namespace gpucat;
using namespace gpucat::testing_providers;

namespace {

const std::set<std::string> kKnown = {"481", "11550", "231000", "990", "23100", "385000"};

std::string Is1a() { return Snapshot("sakura", "vrt-price-is1a.json"); }

// The is1a snapshot with ServiceClasses "2" (the H100 plan) replaced.
std::string WithH100(const std::string& record) {
  const std::string s = Is1a();
  const size_t start = s.find("\"2\": {");
  const size_t end = s.rfind("}\n  }");
  REQUIRE(start != std::string::npos);
  return s.substr(0, start) + "\"2\": " + record + s.substr(end + 1);
}

// Verbatim: shared/reference/samples/sakura-public-price-item-2016.json
// (sacloud/libsacloud test data, 2016).
const char* kItem2016 = R"json({
	"DisplayName": "\u30d7\u30e9\u30f311(\u30c7\u30a3\u30b9\u30af\u306a\u3057)",
	"IsPublic": true,
	"Price": {
		"Base": 0,
		"Daily": 3270,
		"Hourly": 326,
		"Monthly": 65397,
		"Zone": "is1b"
	},
	"ServiceClassID": 50060,
	"ServiceClassName": "plan\/11",
	"ServiceClassPath": "cloud\/plan\/11"
})json";

const char* kH100 = R"({"DisplayName": "高火力 VRT/24Core-240GB-H100x1", "IsPublic": true,
  "Price": {"Daily": 23100, "Hourly": 990, "Monthly": 385000, "Zone": "is1a"},
  "ServiceClassID": 51077, "ServiceClassName": "plan/24core-240gb-1gpu-nvidia_h100_80gbvram-g2"})";

}  // namespace

TEST_CASE("VRT: the SDK envelope (an array) reads like the keyed object", "[provider][sakura]") {
  const std::string body =
      std::string(R"({"Total": 2, "From": 0, "Count": 2, "ServiceClasses": [)") +
      R"j({"DisplayName": "プラン1(ディスクなし)", "IsPublic": true, "ServiceClassName": "plan/1",)j" +
      R"( "Price": {"Hourly": 11, "Daily": 110, "Monthly": 2179, "Zone": "is1a"}}, )" + kH100 + "]}";
  const Outcome o = Run("sakura.vrt.is1a", body);
  REQUIRE(o.error.ok());
  CHECK(o.offers.size() == 3);
  CHECK(o.parsed.skipped == 1);
  CHECK(o.rejects.empty());
  CHECK(o.parsed.drafts[0].locator == "/ServiceClasses/1/Price/Hourly");
}

TEST_CASE("VRT: PHP-style escaping and the 2016 sample item", "[provider][sakura]") {
  // The 2016 item (plan\/11, \u30d7...) is an ordinary plan: skipped. The GPU
  // plan is written with the same escaping and must read as usual.
  const std::string item = kItem2016;
  const std::string gpu =
      R"({"DisplayName": "\u9ad8\u706b\u529b VRT\/24Core-240GB-H100x1", "IsPublic": true,)"
      R"( "Price": {"Hourly": 990, "Zone": "is1b"}, "ServiceClassName": "plan\/24core-240gb-1gpu-nvidia_h100_80gbvram"})";
  const Outcome o = Run("sakura.vrt.is1b", R"({"ServiceClasses": {"0": )" + item + R"(, "1": )" + gpu + "}}");
  REQUIRE(o.error.ok());
  REQUIRE(o.offers.size() == 1);
  CHECK(o.offers[0].display_name == "高火力 VRT/24Core-240GB-H100x1");
  CHECK(o.offers[0].plan == "plan/24core-240gb-1gpu-nvidia_h100_80gbvram");
  CHECK(o.parsed.skipped == 1);
}

TEST_CASE("VRT: keyed objects are read in index order, not text order", "[provider][sakura]") {
  std::string body = R"({"ServiceClasses": {"10": )" + std::string(kH100) + R"(, "9": )" +
                     Replace(kH100, "\"Hourly\": 990", "\"Hourly\": 991") + "}}";
  const Outcome o = Run("sakura.vrt.is1a", body);
  REQUIRE(o.error.ok());
  // Both records are the same plan: hourly prices differ -> both rejected.
  CHECK(o.offers.size() == 2);
  REQUIRE(o.rejects.size() == 4);  // 2 conflicting hourly + 2 duplicates (day, month of "10")
  CHECK(o.rejects[0].locator == "/ServiceClasses/10/Price/Daily");
}

TEST_CASE("VRT: non-public and non-GPU classes are skipped, not rejected", "[provider][sakura]") {
  const std::string body = R"({"ServiceClasses": [)" + Replace(kH100, "\"IsPublic\": true", "\"IsPublic\": false") +
                           R"(, {"DisplayName": "ディスク", "ServiceClassName": "disk/ssd", "Price": []}]})";
  const Outcome o = Run("sakura.vrt.is1a", body);
  REQUIRE(o.error.ok());
  CHECK(o.offers.empty());
  CHECK(o.rejects.empty());
  CHECK(o.parsed.skipped == 2);
}

TEST_CASE("VRT: malformed variants", "[provider][sakura][malformed]") {
  const std::string s = Is1a();
  const std::string h = "/ServiceClasses/2";
  std::string deep(200, '[');
  RunCases(
      "sakura.vrt.is1a",
      {
          {"empty body", "", "source_empty"},
          {"not JSON", "<html><body>maintenance</body></html>", "source_unparseable"},
          {"truncated JSON", s.substr(0, s.size() / 2), "source_unparseable"},
          {"invalid UTF-8 in a string", Replace(s, "高火力 VRT/24Core", "\xff\xfe VRT/24Core"), "source_unparseable"},
          {"duplicated key", R"({"ServiceClasses": {"0": {}, "0": {}}})", "source_unparseable"},
          {"nesting too deep", R"({"ServiceClasses": )" + deep, "source_unparseable"},
          {"root is an array", "[1, 2]", "source_format_changed"},
          {"no ServiceClasses", R"({"Count": 0})", "source_format_changed"},
          {"ServiceClasses is a string", R"({"ServiceClasses": "none"})", "source_format_changed"},
          {"non-index key", Replace(s, "\"2\": {", "\"two\": {"), "source_format_changed"},
          {"empty ServiceClasses", R"({"Count": 0, "ServiceClasses": {}})", "source_empty"},
          {"record is not an object", WithH100("\"oops\""), "wrong_type", h, 3},
          {"Hourly is a string", Replace(s, "\"Hourly\": 990", "\"Hourly\": \"990\""), "wrong_type",
           h + "/Price/Hourly", 5},
          {"ServiceClassName is a number",
           WithH100(Replace(kH100, "\"plan/24core-240gb-1gpu-nvidia_h100_80gbvram-g2\"", "51077")), "wrong_type",
           h + "/ServiceClassName", 3},
          {"ServiceClassName missing",
           WithH100(Replace(kH100, ", \"ServiceClassName\": \"plan/24core-240gb-1gpu-nvidia_h100_80gbvram-g2\"", "")),
           "missing_field", h + "/ServiceClassName", 3},
          {"Price is []",
           WithH100(
               Replace(kH100, "{\"Daily\": 23100, \"Hourly\": 990, \"Monthly\": 385000, \"Zone\": \"is1a\"}", "[]")),
           "missing_price", h + "/Price", 3},
          {"Price without any term",
           WithH100(Replace(kH100, "\"Daily\": 23100, \"Hourly\": 990, \"Monthly\": 385000, ", "")), "missing_price",
           h + "/Price", 3},
          {"negative price", Replace(s, "\"Hourly\": 990", "\"Hourly\": -990"), "non_positive_price",
           h + "/Price/Hourly", 5},
          {"zero price", Replace(s, "\"Hourly\": 990", "\"Hourly\": 0"), "non_positive_price", h + "/Price/Hourly", 5},
          {"huge price beyond 64 bits", Replace(s, "\"Hourly\": 990", "\"Hourly\": 99999999999999999999999"),
           "bad_number", h + "/Price/Hourly", 5},
          {"huge price within 64 bits", Replace(s, "\"Hourly\": 990", "\"Hourly\": 9000000000000000000"),
           "price_out_of_band", h + "/Price/Hourly", 5},
          {"fractional price", Replace(s, "\"Hourly\": 990", "\"Hourly\": 990.5"), "bad_number", h + "/Price/Hourly",
           5},
          {"exponent price", Replace(s, "\"Hourly\": 990", "\"Hourly\": 1e3"), "bad_number", h + "/Price/Hourly", 5},
          {"unknown GPU",
           WithH100(Replace(Replace(kH100, "nvidia_h100_80gbvram", "nvidia_z900_48gbvram"), "H100x1", "Z900x1")),
           "unknown_gpu_model", h, 3},
          {"plan name off-pattern",
           WithH100(Replace(kH100, "plan/24core-240gb-1gpu-nvidia_h100_80gbvram-g2", "plan/gpu-special")),
           "unrecognized_plan", h + "/ServiceClassName", 3},
          {"DisplayName names another GPU", WithH100(Replace(kH100, "H100x1", "V100x1")), "inconsistent_record", h, 3},
          {"DisplayName has another GPU count", WithH100(Replace(kH100, "H100x1", "H100x2")), "inconsistent_record", h,
           3},
          {"zone differs",
           Replace(s, "\"Monthly\": 385000, \"Zone\": \"is1a\"", "\"Monthly\": 385000, \"Zone\": \"tk1a\""),
           "zone_mismatch", h + "/Price/Zone", 3},
          {"duplicated plan, same price", Replace(s, "\n  }\n}", ",\n    \"3\": " + std::string(kH100) + "\n  }\n}"),
           "duplicate_offer", "/ServiceClasses/3/Price/Hourly", 6},
          {"duplicated plan, other price",
           Replace(s, "\n  }\n}", ",\n    \"3\": " + Replace(kH100, "\"Hourly\": 990", "\"Hourly\": 900") + "\n  }\n}"),
           "conflicting_duplicate", "", 5, 2},
      },
      kKnown);
}
