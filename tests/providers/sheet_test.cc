// Offer sheets (sakura.phy.sheet, gmo.sheet, kddi.sheet): the same malformed
// variants against each, every one giving an exact document error, or a
// reject whose locator is the JSON pointer of the offending value.
#include <catch2/catch.hpp>
#include <functional>
#include <string>

#include "support.h"

using namespace gpucat;
using namespace gpucat::testing_providers;
using nlohmann::json;

namespace {

struct SheetSource {
  std::string source_id, provider, file;
  std::set<std::string> known;
};

const SheetSource kSheets[] = {
    {"sakura.phy.sheet", "sakura", "phy-offer-sheet.json", {"3046120"}},
    {"gmo.sheet", "gmo", "offer-sheet.json", {"3800000"}},
    {"kddi.sheet", "kddi", "offer-sheet.json", {}},
};

// A variant of the sheet made by editing its JSON.
std::string Edit(const std::string& sheet, const std::function<void(json&)>& edit) {
  json j = json::parse(sheet);
  edit(j);
  return j.dump(2);
}

// Makes offers[0] a complete listed offer (KDDI's sheet has only a quote).
void MakeListed(json& e) {
  e["price_status"] = "listed";
  e["amount"] = "100000";
  e["currency"] = "JPY";
  e["tax"] = "included";
  e["unit"] = "month";
  if (!e.contains("per")) e["per"] = "node";
}

std::vector<Case> Cases(const std::string& s, size_t n_offers) {
  const std::string o0 = "/offers/0";
  const int rest = static_cast<int>(n_offers) - 1;  // offers left when offers[0] is rejected
  auto set0 = [&](const char* key, json value) { return Edit(s, [&](json& j) { j["offers"][0][key] = value; }); };
  auto listed0 = [&](const char* key, json value) {
    return Edit(s, [&](json& j) {
      MakeListed(j["offers"][0]);
      j["offers"][0][key] = value;
    });
  };
  return {
      {"empty body", "", "source_empty"},
      {"not JSON", "price list: see attachment", "source_unparseable"},
      {"truncated", s.substr(0, s.size() / 3), "source_unparseable"},
      {"invalid UTF-8", Replace(s, "\"offers\"", "\"offers\xe2\x82\""), "source_unparseable"},
      {"duplicated key", Replace(s, "\"format\":", "\"as_of\": \"2026-11-22\", \"format\":"), "source_unparseable"},
      {"root is an array", "[]", "source_format_changed"},
      {"no format", Edit(s, [](json& j) { j.erase("format"); }), "source_format_changed"},
      {"newer format", Edit(s, [](json& j) { j["format"] = "gpucat-offer-sheet/2"; }), "source_format_changed"},
      {"other provider", Edit(s, [](json& j) { j["provider"] = "someone-else"; }), "sheet_provider_mismatch"},
      {"no source_url", Edit(s, [](json& j) { j.erase("source_url"); }), "sheet_header_invalid"},
      {"source_url not a URL", Edit(s, [](json& j) { j["source_url"] = "the price page"; }), "sheet_header_invalid"},
      {"bad as_of", Edit(s, [](json& j) { j["as_of"] = "last week"; }), "sheet_header_invalid"},
      {"unknown header property", Edit(s, [](json& j) { j["currency"] = "JPY"; }), "sheet_header_invalid"},
      {"offers is an object", Edit(s, [](json& j) { j["offers"] = json::object(); }), "sheet_header_invalid"},
      {"no offers", Edit(s, [](json& j) { j["offers"] = json::array(); }), "source_empty"},
      {"entry is a number", Edit(s, [](json& j) { j["offers"][0] = 42; }), "wrong_type", o0, rest},
      {"unknown property", set0("ammount", "1000"), "unknown_field", o0 + "/ammount", rest},
      {"amount as a JSON number", listed0("amount", 3046120), "amount_not_string", o0 + "/amount", rest},
      {"amount as a float", listed0("amount", 0.1), "amount_not_string", o0 + "/amount", rest},
      {"gpus_per_unit as a string", set0("gpus_per_unit", "8"), "wrong_type", o0 + "/gpus_per_unit", rest},
      {"gpus_per_unit fractional", Replace(set0("gpus_per_unit", 7), "\"gpus_per_unit\": 7", "\"gpus_per_unit\": 7.5"),
       "wrong_type", o0 + "/gpus_per_unit", rest},
      {"gpus_per_unit beyond 64 bits",
       Replace(set0("gpus_per_unit", 7), "\"gpus_per_unit\": 7", "\"gpus_per_unit\": 99999999999999999999"),
       "bad_number", o0 + "/gpus_per_unit", rest},
      {"negative GPU count", set0("gpus_per_unit", -8), "bad_gpu_count", o0 + "/gpus_per_unit", rest},
      {"zero GPU count", set0("gpus_per_unit", 0), "bad_gpu_count", o0 + "/gpus_per_unit", rest},
      {"negative memory", set0("gpu_memory_gb", -80), "bad_number", o0 + "/gpu_memory_gb", rest},
      {"plan missing", Edit(s, [](json& j) { j["offers"][0].erase("plan"); }), "missing_field", o0 + "/plan", rest},
      {"gpu missing", Edit(s, [](json& j) { j["offers"][0].erase("gpu"); }), "missing_field", o0 + "/gpu", rest},
      {"per missing", Edit(s, [](json& j) { j["offers"][0].erase("per"); }), "missing_field", o0 + "/per", rest},
      {"unknown GPU", set0("gpu", "NVIDIA Z900"), "unknown_gpu_model", o0 + "/gpu", rest},
      {"empty GPU", set0("gpu", ""), "missing_gpu_model", o0 + "/gpu", rest},
      {"unknown price_status", set0("price_status", "sold"), "unknown_enum_value", o0 + "/price_status", rest},
      {"unknown tax", listed0("tax", "incl"), "unknown_enum_value", o0 + "/tax", rest},
      {"unknown unit", listed0("unit", "week"), "unknown_enum_value", o0 + "/unit", rest},
      {"unknown billing rule", set0("billing_rule", "prepaid"), "unknown_enum_value", o0 + "/billing_rule", rest},
      {"unknown currency", listed0("currency", "USD"), "unknown_currency", o0 + "/currency", rest},
      {"listed without unit",
       Edit(s,
            [](json& j) {
              MakeListed(j["offers"][0]);
              j["offers"][0].erase("unit");
            }),
       "missing_field", o0 + "/unit", rest},
      {"quote with an amount",
       Edit(s,
            [](json& j) {
              MakeListed(j["offers"][0]);
              j["offers"][0]["price_status"] = "quote";
            }),
       "quote_with_amount", o0 + "/amount", rest},
      {"amount with a comma", listed0("amount", "1,000"), "non_numeric_price", o0 + "/amount", rest},
      {"amount with a yen sign", listed0("amount", "¥1000"), "non_numeric_price", o0 + "/amount", rest},
      {"negative amount", listed0("amount", "-1000"), "non_positive_price", o0 + "/amount", rest},
      {"amount over 18 digits", listed0("amount", "1234567890123456789"), "price_out_of_band", o0 + "/amount", rest},
      {"amount outside the sane band",
       Edit(s,
            [](json& j) {
              MakeListed(j["offers"][0]);
              j["offers"][0]["amount"] = "99999999999";
              j["offers"][0]["unit"] = "hour";
              j["offers"][0]["per"] = "gpu";
            }),
       "price_out_of_band", o0, rest},
      {"bad valid_from", set0("valid_from", "tomorrow"), "bad_date", o0 + "/valid_from", rest},
      {"duplicated offer", Edit(s, [](json& j) { j["offers"].push_back(j["offers"][0]); }), "duplicate_offer",
       "/offers/" + std::to_string(n_offers), static_cast<int>(n_offers)},
      {"duplicated offer, other price",
       Edit(s,
            [](json& j) {
              MakeListed(j["offers"][0]);
              json copy = j["offers"][0];
              copy["amount"] = "2000";
              j["offers"].push_back(copy);
            }),
       "conflicting_duplicate", "", rest, 2},
  };
}

}  // namespace

TEST_CASE("offer sheets: malformed variants", "[provider][sheet][malformed]") {
  for (const SheetSource& src : kSheets) {
    const std::string s = Snapshot(src.provider, src.file);
    const size_t n = json::parse(s)["offers"].size();
    std::set<std::string> known = src.known;
    known.insert("100000");  // MakeListed's amount, where the case leaves it valid
    RunCases(src.source_id, Cases(s, n), known);
  }
}

TEST_CASE("offer sheets: a sheet states its date and keeps its source note", "[provider][sheet]") {
  const Outcome o = Run("gmo.sheet", Snapshot("gmo", "offer-sheet.json"));
  REQUIRE(o.error.ok());
  CHECK(o.parsed.as_of == "2026-11-22");
  for (const Offer& off : o.offers) CHECK(off.notes.find("Sheet source: No capture") != std::string::npos);
}

TEST_CASE("offer sheets: a quote may omit its billing unit", "[provider][sheet]") {
  const Outcome o = Run("kddi.sheet", Snapshot("kddi", "offer-sheet.json"));
  REQUIRE(o.offers.size() == 1);
  CHECK_FALSE(o.offers[0].unit.has_value());
}
