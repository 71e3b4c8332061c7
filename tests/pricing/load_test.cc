// Loading rules: every error code, with the exact fragment of its message that
// tells a reseller where and what to fix.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "gpucat/pricing.h"
#include "pricing_support.h"
#include "support/testing.h"

using namespace gpucat;
using namespace gpucat::testing;

namespace {
// A valid rule; tests replace one piece of it.
std::string RoundingJson() { return R"("rounding": {"increment_yen": 10, "mode": "up"})"; }
std::string Rule(const std::string& body) { return "{" + body + "}"; }
std::string Default(const std::string& extra = "") {
  return Rule(R"("id": "default", "match": {}, "markup_percent": "15", )" + extra + RoundingJson());
}
}  // namespace

TEST_CASE("A valid document loads every field", "[pricing]") {
  const auto rules =
      MustParseRules(RulesDoc(Default() + "," + Rule(R"("id": "h100-hourly", "description": "H100 by the hour",
              "match": {"provider": "testprov", "product": "test-vrt", "gpu_model": "h100-80gb", "unit": "hour"},
              "margin_percent": "12.5", "fixed_yen": "0.5", "floor_yen": "1000",
              "rounding": {"increment_yen": 100, "mode": "nearest"})"),
                              R"("$schema": "../schema/pricing-rules.schema.json", "description": "test",)"));
  REQUIRE(rules.rules().size() == 2);
  const PricingRule& d = rules.rules()[0];
  CHECK(d.id == "default");
  CHECK(d.index == 0);
  CHECK(d.Specificity() == 0);
  CHECK(d.adjustment == Adjustment::kMarkup);
  CHECK(d.percent == Decimal{15, 0});
  CHECK(d.rounding.increment_yen == 10);
  CHECK(d.rounding.mode == RoundingMode::kUp);
  CHECK_FALSE(d.fixed_yen);
  CHECK_FALSE(d.floor_yen);
  const PricingRule& h = rules.rules()[1];
  CHECK(h.index == 1);
  CHECK(h.description == "H100 by the hour");
  CHECK(h.provider == "testprov");
  CHECK(h.product == "test-vrt");
  CHECK(h.gpu_model == "h100-80gb");
  CHECK(h.unit == TimeUnit::kHour);
  CHECK(h.Specificity() == 4);
  CHECK(h.adjustment == Adjustment::kMargin);
  CHECK(h.percent == Decimal{125, 1});
  CHECK(h.fixed_yen == Decimal{5, 1});
  CHECK(h.floor_yen == Decimal{1000, 0});
  CHECK(h.rounding.increment_yen == 100);
  CHECK(h.rounding.mode == RoundingMode::kNearest);
  CHECK(h.Label() == R"(/rules/1 (id "h100-hourly"))");
}

TEST_CASE("Top-level rounding is inherited and a rule's own rounding overrides it", "[pricing]") {
  const std::string top = R"("rounding": {"increment_yen": 100, "mode": "down"},)";
  const auto rules = MustParseRules(RulesDoc(
      R"({"id": "a", "match": {"provider": "x"}, "markup_percent": "1"},
         {"id": "b", "match": {"provider": "y"}, "markup_percent": "1",
          "rounding": {"increment_yen": 1, "mode": "up"}})",
      top));
  CHECK(rules.rules()[0].rounding.increment_yen == 100);
  CHECK(rules.rules()[0].rounding.mode == RoundingMode::kDown);
  CHECK(rules.rules()[1].rounding.increment_yen == 1);
  CHECK(rules.rules()[1].rounding.mode == RoundingMode::kUp);
}

TEST_CASE("Percent limits: markup up to 1000, margin below 100", "[pricing]") {
  CHECK(
      ParsePricingRules(RulesDoc(Rule(R"("id": "a", "match": {}, "markup_percent": "1000", )" + RoundingJson()))).ok());
  CHECK(ParsePricingRules(RulesDoc(Rule(R"("id": "a", "match": {}, "markup_percent": "0", )" + RoundingJson()))).ok());
  CHECK(ParsePricingRules(
            RulesDoc(Rule(R"("id": "a", "match": {}, "margin_percent": "99.999999999", )" + RoundingJson())))
            .ok());
  CHECK(ParsePricingRules(RulesDoc(Rule(R"("id": "a", "match": {}, "margin_percent": "0", )" + RoundingJson()))).ok());
}

TEST_CASE("rules_invalid_json names the position", "[pricing]") {
  const Status s = ParseError(R"({"version": 1, "rules": [)");
  CHECK(s.code() == "rules_invalid_json");
  CHECK_THAT(s.message(), Catch::StartsWith("not valid JSON: [json.exception.parse_error.101] parse error at line 1"));
  CHECK(ParseError("").code() == "rules_invalid_json");
  CHECK(ParseError("{} trailing").code() == "rules_invalid_json");
}

TEST_CASE("rules_invalid: every check, with the JSON pointer of the bad field", "[pricing]") {
  struct Row {
    std::string doc;
    std::string message;  // the whole message, or its start when it ends in "..."
  };
  const std::string r = RoundingJson();
  const Row rows[] = {
      // Document level.
      {"[]", "(root): must be a JSON object"},
      {R"({"rules": []})", "/version: missing"},
      {R"({"version": 2, "rules": []})", "/version: must be 1 (the only rules format this gpucat reads), got 2"},
      {R"({"version": "1", "rules": []})", "/version: must be 1 (the only rules format this gpucat reads), got \"1\""},
      {R"({"version": 1})", "/rules: missing"},
      {R"({"version": 1, "rules": {}})", "/rules: must be an array"},
      {R"({"version": 1, "rules": []})", "/rules: must not be empty (an empty rule set sells nothing)"},
      {R"({"version": 1, "rule": [], "rules": []})",
       "/rule: unknown key; expected one of: $schema, version, description, rounding, rules"},
      {RulesDoc(Default(), R"("description": 5,)"), "/description: must be a string"},
      // Duplicate keys, anywhere, with their pointer.
      {R"({"version": 1, "version": 1, "rules": []})",
       "/version: duplicate key (a repeated key would silently override the first)"},
      {RulesDoc(Default() + "," +
                Rule(R"("id": "b", "match": {"provider": "x", "provider": "y"}, "markup_percent": "1", )" + r)),
       "/rules/1/match/provider: duplicate key..."},
      {RulesDoc(Rule(R"("id": "a", "match": {}, "markup_percent": "15", "markup_percent": "20", )" + r)),
       "/rules/0/markup_percent: duplicate key..."},
      // Rule shape.
      {RulesDoc("5"), "/rules/0: must be a JSON object"},
      {RulesDoc(Default(R"("flor_yen": "100", )")),
       "/rules/0/flor_yen: unknown key; expected one of: id, description, match, markup_percent, margin_percent, "
       "fixed_yen, floor_yen, rounding"},
      {RulesDoc(Default(R"("a/b~": 1, )")), "/rules/0/a~1b~0: unknown key..."},
      {RulesDoc(Rule(R"("match": {}, "markup_percent": "15", )" + r)), "/rules/0/id: missing"},
      {RulesDoc(Rule(R"("id": "", "match": {}, "markup_percent": "15", )" + r)),
       "/rules/0/id: must be a non-empty string"},
      {RulesDoc(Rule(R"("id": 7, "match": {}, "markup_percent": "15", )" + r)),
       "/rules/0/id: must be a non-empty string"},
      {RulesDoc(Default() + "," + Rule(R"("id": "default", "match": {"provider": "x"}, "markup_percent": "15", )" + r)),
       "/rules/1/id: duplicate id \"default\" (also /rules/0/id)"},
      {RulesDoc(Default(R"("description": ["x"], )")), "/rules/0/description: must be a string"},
      // Match.
      {RulesDoc(Rule(R"("id": "a", "markup_percent": "15", )" + r)),
       "/rules/0/match: missing (use {} for a rule matching every offer)"},
      {RulesDoc(Rule(R"("id": "a", "match": "all", "markup_percent": "15", )" + r)),
       "/rules/0/match: must be a JSON object ({} matches every offer)"},
      {RulesDoc(Rule(R"("id": "a", "match": {"gpu": "h100-80gb"}, "markup_percent": "15", )" + r)),
       "/rules/0/match/gpu: unknown key; expected one of: provider, product, gpu_model, unit"},
      {RulesDoc(Rule(R"("id": "a", "match": {"provider": ""}, "markup_percent": "15", )" + r)),
       "/rules/0/match/provider: must be a non-empty string"},
      {RulesDoc(Rule(R"("id": "a", "match": {"product": null}, "markup_percent": "15", )" + r)),
       "/rules/0/match/product: must be a non-empty string"},
      {RulesDoc(Rule(R"("id": "a", "match": {"gpu_model": "NVIDIA H200"}, "markup_percent": "15", )" + r)),
       "/rules/0/match/gpu_model: unknown GPU model id \"NVIDIA H200\"; did you mean \"h200-141gb\"?"},
      {RulesDoc(Rule(R"("id": "a", "match": {"gpu_model": "tpu-v5"}, "markup_percent": "15", )" + r)),
       "/rules/0/match/gpu_model: unknown GPU model id \"tpu-v5\"; known ids: v100-32gb a100-80gb h100-80gb..."},
      {RulesDoc(Rule(R"("id": "a", "match": {"unit": "hours"}, "markup_percent": "15", )" + r)),
       "/rules/0/match/unit: must be second, minute, hour, day or month, got \"hours\""},
      // Markup / margin.
      {RulesDoc(Rule(R"("id": "a", "match": {}, )" + r)), "/rules/0: needs markup_percent or margin_percent"},
      {RulesDoc(Rule(R"("id": "a", "match": {}, "markup_percent": "1", "margin_percent": "1", )" + r)),
       "/rules/0: has both markup_percent and margin_percent; give exactly one"},
      {RulesDoc(Rule(R"("id": "a", "match": {}, "markup_percent": 15.5, )" + r)),
       "/rules/0/markup_percent: JSON number 15.5 is not allowed; write it as the decimal string \"15.5\" (rates and "
       "yen amounts are exact decimals, never binary floats)"},
      {RulesDoc(Rule(R"("id": "a", "match": {}, "margin_percent": 20, )" + r)),
       "/rules/0/margin_percent: JSON number 20 is not allowed; write it as the decimal string \"20\"..."},
      {RulesDoc(Rule(R"("id": "a", "match": {}, "markup_percent": true, )" + r)),
       "/rules/0/markup_percent: must be a decimal string such as \"15\" or \"12.5\""},
      {RulesDoc(Rule(R"("id": "a", "match": {}, "markup_percent": "15%", )" + r)),
       "/rules/0/markup_percent: not a plain decimal: \"15%\""},
      {RulesDoc(Rule(R"("id": "a", "match": {}, "markup_percent": "1e1", )" + r)),
       "/rules/0/markup_percent: not a plain decimal: \"1e1\""},
      {RulesDoc(Rule(R"("id": "a", "match": {}, "markup_percent": "", )" + r)),
       "/rules/0/markup_percent: amount is empty"},
      {RulesDoc(Rule(R"("id": "a", "match": {}, "markup_percent": "0.0000000001", )" + r)),
       "/rules/0/markup_percent: more than 9 decimals: \"0.0000000001\""},
      {RulesDoc(Rule(R"("id": "a", "match": {}, "markup_percent": "-5", )" + r)),
       "/rules/0/markup_percent: must not be negative, got \"-5\""},
      {RulesDoc(Rule(R"("id": "a", "match": {}, "markup_percent": "1000.000000001", )" + r)),
       "/rules/0/markup_percent: must be at most 1000, got \"1000.000000001\""},
      {RulesDoc(Rule(R"("id": "a", "match": {}, "margin_percent": "100", )" + r)),
       "/rules/0/margin_percent: must be below 100 (cost / (1 - m) has no value at m = 100%), got \"100\""},
      {RulesDoc(Rule(R"("id": "a", "match": {}, "margin_percent": "150", )" + r)),
       "/rules/0/margin_percent: must be below 100..."},
      // Fixed amount and floor.
      {RulesDoc(Default(R"("fixed_yen": "100", )")),
       "/rules/0/fixed_yen: needs match.unit: a yen amount per unit means nothing until the billing unit is fixed"},
      {RulesDoc(Default(R"("floor_yen": "100", )")), "/rules/0/floor_yen: needs match.unit..."},
      {RulesDoc(Rule(R"("id": "a", "match": {"unit": "hour"}, "markup_percent": "1", "fixed_yen": 100, )" + r)),
       "/rules/0/fixed_yen: JSON number 100 is not allowed..."},
      {RulesDoc(Rule(R"("id": "a", "match": {"unit": "hour"}, "markup_percent": "1", "fixed_yen": "-1", )" + r)),
       "/rules/0/fixed_yen: must not be negative, got \"-1\""},
      {RulesDoc(Rule(R"("id": "a", "match": {"unit": "hour"}, "markup_percent": "1", "floor_yen": "1005", )" + r)),
       "/rules/0/floor_yen: \"1005\" is not a whole multiple of the rounding increment 10 yen; rounding down would "
       "undercut it"},
      {RulesDoc(Rule(R"("id": "a", "match": {"unit": "hour"}, "markup_percent": "1", "floor_yen": "1000.5",
                     "rounding": {"increment_yen": 1, "mode": "down"})")),
       "/rules/0/floor_yen: \"1000.5\" is not a whole multiple of the rounding increment 1 yen..."},
      // Rounding.
      {RulesDoc(Rule(R"("id": "a", "match": {}, "markup_percent": "1")")),
       "/rules/0/rounding: missing, and there is no top-level rounding to inherit"},
      {RulesDoc(Default(), R"("rounding": {"increment_yen": 5, "mode": "up"},)"),
       "/rounding/increment_yen: must be the JSON integer 1, 10 or 100, got 5"},
      {RulesDoc(
           Rule(R"("id": "a", "match": {}, "markup_percent": "1", "rounding": {"increment_yen": "10", "mode": "up"})")),
       "/rules/0/rounding/increment_yen: must be the JSON integer 1, 10 or 100, got \"10\""},
      {RulesDoc(
           Rule(R"("id": "a", "match": {}, "markup_percent": "1", "rounding": {"increment_yen": 10.0, "mode": "up"})")),
       "/rules/0/rounding/increment_yen: must be the JSON integer 1, 10 or 100, got 10.0"},
      {RulesDoc(Rule(R"("id": "a", "match": {}, "markup_percent": "1", "rounding": {"mode": "up"})")),
       "/rules/0/rounding/increment_yen: missing"},
      {RulesDoc(Rule(R"("id": "a", "match": {}, "markup_percent": "1", "rounding": {"increment_yen": 1})")),
       "/rules/0/rounding/mode: missing"},
      {RulesDoc(
           Rule(R"("id": "a", "match": {}, "markup_percent": "1", "rounding": {"increment_yen": 1, "mode": "ceil"})")),
       "/rules/0/rounding/mode: must be \"up\", \"down\" or \"nearest\", got \"ceil\""},
      {RulesDoc(Rule(R"("id": "a", "match": {}, "markup_percent": "1", "rounding": 10)")),
       "/rules/0/rounding: must be a JSON object with increment_yen and mode"},
      {RulesDoc(Rule(
           R"("id": "a", "match": {}, "markup_percent": "1",
               "rounding": {"increment_yen": 1, "mode": "up", "to": 1})")),
       "/rules/0/rounding/to: unknown key; expected one of: increment_yen, mode"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.doc);
    const Status s = ParseError(row.doc);
    CHECK(s.code() == "rules_invalid");
    const bool prefix = row.message.size() > 3 && row.message.compare(row.message.size() - 3, 3, "...") == 0;
    if (prefix) {
      CHECK_THAT(s.message(), Catch::StartsWith(row.message.substr(0, row.message.size() - 3)));
    } else {
      CHECK(s.message() == row.message);
    }
  }
}

TEST_CASE("rules_unreadable names the path, and other errors from a file are prefixed with it", "[pricing]") {
  TempDir dir;
  const std::string missing = dir.file("nope.json");
  auto r = LoadPricingRules(missing);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "rules_unreadable");
  CHECK(r.status().message() == "cannot read pricing rules " + missing + ": no such file");

  r = LoadPricingRules(dir.path().string());
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "rules_unreadable");
  CHECK(r.status().message() == "cannot read pricing rules " + dir.path().string() + ": not a regular file");

  const std::string bad = dir.file("bad.json");
  WriteFile(bad, R"({"version": 1, "rules": []})");
  r = LoadPricingRules(bad);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "rules_invalid");
  CHECK(r.status().message() == bad + ": /rules: must not be empty (an empty rule set sells nothing)");

  WriteFile(bad, "{");
  r = LoadPricingRules(bad);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "rules_invalid_json");
  CHECK_THAT(r.status().message(), Catch::StartsWith(bad + ": not valid JSON: "));
}

TEST_CASE("The digest identifies the rules text, for the storefront ETag", "[pricing]") {
  const std::string a = RulesDoc(Default()), b = RulesDoc(Default()) + " ";
  CHECK(MustParseRules(a).digest().size() == 64);
  CHECK(MustParseRules(a).digest() == MustParseRules(a).digest());
  CHECK(MustParseRules(a).digest() != MustParseRules(b).digest());
}

TEST_CASE("The holder swaps rules on a good reload and keeps them on a bad one", "[pricing]") {
  TempDir dir;
  const std::string path = dir.file("rules.json");
  PricingRulesHolder holder;
  CHECK(holder.Get() == nullptr);
  WriteFile(path, RulesDoc(Default()));
  REQUIRE(holder.Reload(path).ok());
  const auto first = holder.Get();
  REQUIRE(first != nullptr);
  CHECK(first->rules()[0].id == "default");

  WriteFile(path, RulesDoc(Default() + "," + Default()));  // duplicate id
  const Status s = holder.Reload(path);
  CHECK(s.code() == "rules_invalid");
  CHECK(holder.Get() == first);  // still in force

  WriteFile(path, RulesDoc(Rule(R"("id": "cheap", "match": {}, "markup_percent": "1", )" + RoundingJson())));
  REQUIRE(holder.Reload(path).ok());
  CHECK(holder.Get()->rules()[0].id == "cheap");
  CHECK(first->rules()[0].id == "default");  // a reader holding the old set keeps it intact
}

TEST_CASE("The bundled example loads and the schema is a 2020-12 JSON Schema", "[pricing]") {
  const std::string root = GPUCAT_SOURCE_DIR;
  auto example = LoadPricingRules(root + "/docs/pricing-rules.example.json");
  REQUIRE(example.ok());
  const PricingRules& rules = example.value();
  CHECK(rules.rules().size() == 4);
  // default: included ¥990/hour -> cost 900 x 1.15 = 1,035 -> up to 10: 1,040; inc 1,144.
  SellPrice s = rules.Price(PricedOffer("990", TaxFlag::kIncluded));
  CHECK(s.rule_id == "default");
  CHECK(s.ex_yen == 1040);
  CHECK(s.inc_yen == 1144);
  // h200-hourly: 10,000 / 0.8 + 50 = 12,550 (already on the 10-yen grid); inc 13,805.
  Offer h200 = PricedOffer("10000");
  h200.gpu_model = "h200-141gb";
  s = rules.Price(h200);
  CHECK(s.rule_id == "h200-hourly");
  CHECK(s.ex_yen == 12550);
  CHECK(s.inc_yen == 13805);
  // ... and its floor: 500 / 0.8 + 50 = 675 < 1,000.
  h200.amount = Decimal{500, 0};
  CHECK(rules.Price(h200).ex_yen == 1000);
  // sakura-monthly: 2,783,000 x 1.125 = 3,130,875 -> nearest 100: 3,130,900.
  Offer phy = PricedOffer("2783000", TaxFlag::kExcluded, TimeUnit::kMonth, PricePer::kNode, 8);
  phy.provider = "sakura";
  s = rules.Price(phy);
  CHECK(s.rule_id == "sakura-monthly");
  CHECK(s.ex_yen == 3130900);
  const auto schema = nlohmann::json::parse(ReadFile(root + "/schema/pricing-rules.schema.json"));
  CHECK(schema.at("$schema") == "https://json-schema.org/draft/2020-12/schema");
}
