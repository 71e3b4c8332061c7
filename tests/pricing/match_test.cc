// Rule matching: wildcards, most-specific-wins, and ties rejected at load.
#include <catch2/catch.hpp>

#include "gpucat/pricing.h"
#include "pricing_support.h"

using namespace gpucat;
using namespace gpucat::testing;

namespace {
std::string Rule(const std::string& id, const std::string& match) {
  return R"({"id": ")" + id + R"(", "match": )" + match +
         R"(, "markup_percent": "10", "rounding": {"increment_yen": 1, "mode": "nearest"}})";
}
std::string MatchedId(const PricingRules& rules, const Offer& offer) {
  const PricingRule* r = rules.Match(offer);
  return r ? r->id : "(none)";
}
}  // namespace

TEST_CASE("The most specific matching rule wins", "[pricing]") {
  // Specificities 0, 1, 2 and 4, listed least specific first: order does not matter.
  const auto rules = MustParseRules(RulesDoc(
      Rule("default", "{}") + "," + Rule("prov", R"({"provider": "testprov"})") + "," +
      Rule("prov-h100", R"({"provider": "testprov", "gpu_model": "h100-80gb"})") + "," +
      Rule("exact", R"({"provider": "testprov", "product": "test-vrt", "gpu_model": "h100-80gb", "unit": "hour"})")));
  REQUIRE(rules.rules()[3].Specificity() == 4);

  Offer o = PricedOffer("1000");  // testprov / test-vrt / h100-80gb / hour
  CHECK(MatchedId(rules, o) == "exact");
  o.unit = TimeUnit::kMonth;  // the exact rule names "hour"
  CHECK(MatchedId(rules, o) == "prov-h100");
  o.gpu_model = "h200-141gb";
  CHECK(MatchedId(rules, o) == "prov");
  o.provider = "other";
  CHECK(MatchedId(rules, o) == "default");
  // Price() reports the rule it used.
  CHECK(rules.Price(PricedOffer("1000")).rule_id == "exact");
}

TEST_CASE("Match fields are exact and case-sensitive, and each one can exclude", "[pricing]") {
  const auto rules = MustParseRules(RulesDoc(
      Rule("r", R"({"provider": "testprov", "product": "test-vrt", "gpu_model": "h100-80gb", "unit": "hour"})")));
  const Offer base = PricedOffer("1000");
  CHECK(MatchedId(rules, base) == "r");
  Offer o = base;
  o.provider = "Testprov";
  CHECK(MatchedId(rules, o) == "(none)");
  o = base;
  o.product = "test-vrt2";
  CHECK(MatchedId(rules, o) == "(none)");
  o = base;
  o.gpu_model = "h200-141gb";
  CHECK(MatchedId(rules, o) == "(none)");
  o = base;
  o.unit = TimeUnit::kDay;
  CHECK(MatchedId(rules, o) == "(none)");
}

TEST_CASE("A rule naming a unit never matches an offer whose unit is unknown", "[pricing]") {
  const Offer quote = QuoteOffer("");  // a quote with no billing period
  REQUIRE_FALSE(quote.unit);
  CHECK(MatchedId(MustParseRules(RulesDoc(Rule("hourly", R"({"unit": "hour"})"))), quote) == "(none)");
  CHECK(MatchedId(MustParseRules(RulesDoc(Rule("any", "{}"))), quote) == "any");
}

TEST_CASE("Equal specificity that can match one offer is rules_ambiguous, naming both rules", "[pricing]") {
  // provider=testprov and gpu_model=h100-80gb are both specificity 1; a testprov H100 matches both.
  Status s = ParseError(RulesDoc(Rule("by-provider", R"({"provider": "testprov"})") + "," + Rule("default", "{}") +
                                 "," + Rule("by-gpu", R"({"gpu_model": "h100-80gb"})")));
  CHECK(s.code() == "rules_ambiguous");
  CHECK(s.message() ==
        R"(/rules/0 (id "by-provider") and /rules/2 (id "by-gpu") both have specificity 1 and both match an offer )"
        R"(with provider=testprov, gpu_model=h100-80gb; make one more specific or merge them)");

  // Two defaults.
  s = ParseError(RulesDoc(Rule("a", "{}") + "," + Rule("b", "{}")));
  CHECK(s.code() == "rules_ambiguous");
  CHECK(s.message() == R"(/rules/0 (id "a") and /rules/1 (id "b") both have specificity 0 and both match every )"
                       R"(offer; make one more specific or merge them)");

  // Same fields, same values.
  s = ParseError(RulesDoc(Rule("a", R"({"provider": "p", "unit": "hour"})") + "," +
                          Rule("b", R"({"unit": "hour", "provider": "p"})")));
  CHECK(s.code() == "rules_ambiguous");
  CHECK_THAT(s.message(), Catch::Contains("both match an offer with provider=p, unit=hour;"));

  // Different fields of equal count: provider+unit vs product+unit overlap on unit.
  s = ParseError(RulesDoc(Rule("a", R"({"provider": "p", "unit": "hour"})") + "," +
                          Rule("b", R"({"product": "x", "unit": "hour"})")));
  CHECK(s.code() == "rules_ambiguous");
  CHECK_THAT(s.message(), Catch::Contains("both match an offer with provider=p, product=x, unit=hour;"));

  // Every tie is listed, not just the first.
  s = ParseError(RulesDoc(Rule("a", "{}") + "," + Rule("b", "{}") + "," + Rule("c", R"({"provider": "p"})") + "," +
                          Rule("d", R"({"unit": "day"})")));
  CHECK(s.code() == "rules_ambiguous");
  CHECK_THAT(s.message(), Catch::Contains(R"((id "a") and /rules/1 (id "b"))") &&
                              Catch::Contains(R"((id "c") and /rules/3 (id "d"))"));
}

TEST_CASE("Equal specificity that cannot match one offer, or different specificity, is fine", "[pricing]") {
  // Disjoint: different providers; different units; different models.
  CHECK(ParsePricingRules(RulesDoc(Rule("a", R"({"provider": "p"})") + "," + Rule("b", R"({"provider": "q"})"))).ok());
  CHECK(ParsePricingRules(RulesDoc(Rule("a", R"({"provider": "p", "unit": "hour"})") + "," +
                                   Rule("b", R"({"provider": "p", "unit": "month"})")))
            .ok());
  CHECK(ParsePricingRules(RulesDoc(Rule("a", R"({"provider": "p", "gpu_model": "h100-80gb"})") + "," +
                                   Rule("b", R"({"unit": "hour", "gpu_model": "h200-141gb"})")))
            .ok());
  // Overlapping but nested: the more specific one wins, no tie.
  CHECK(ParsePricingRules(RulesDoc(Rule("a", R"({"provider": "p"})") + "," +
                                   Rule("b", R"({"provider": "p", "gpu_model": "h100-80gb"})")))
            .ok());
}
