// ParseOffersQuery and CheckParams: pure, no server.
#include "server/params.h"

#include <catch2/catch.hpp>

#include "gpucat/utf8.h"

using namespace gpucat;
using namespace gpucat::server;

namespace {
std::string ErrorOf(const QueryParams& p) {
  auto r = ParseOffersQuery(p);
  return r.ok() ? "ok" : r.status().code();
}
}  // namespace

TEST_CASE("No parameters: the documented defaults", "[server][params]") {
  auto r = ParseOffersQuery({});
  REQUIRE(r.ok());
  const OfferQuery& q = r.value();
  CHECK_FALSE(q.gpu_model);
  CHECK(q.providers.empty());
  CHECK(q.tax_basis == TaxFlag::kExcluded);
  CHECK_FALSE(q.billing);
  CHECK(q.include_quote);
  CHECK(q.include_stale);
  CHECK_FALSE(q.include_withdrawn);
  CHECK(q.sort == OfferQuery::Sort::kPrice);
  CHECK(q.limit == 100);
  CHECK(q.cursor.empty());
}

TEST_CASE("Every filter is parsed into the query", "[server][params]") {
  auto r = ParseOffersQuery({{"gpu", "NVIDIA H200 SXM"},
                             {"provider", "sakura"},
                             {"provider", "gmo"},
                             {"provider", "sakura"},
                             {"product", "koukaryoku-phy"},
                             {"location", "北海道"},
                             {"min_gpus", "1"},
                             {"max_gpus", "8"},
                             {"min_gpu_memory_gb", "80"},
                             {"max_price", "454.5455"},
                             {"tax", "included"},
                             {"billing", "month"},
                             {"availability", "sold_out"},
                             {"availability", "available"},
                             {"include_quote", "false"},
                             {"include_stale", "false"},
                             {"sort", "-price"},
                             {"limit", "500"}});
  REQUIRE(r.ok());
  const OfferQuery& q = r.value();
  CHECK(q.gpu_model == std::optional<std::string>("h200-141gb"));
  CHECK(q.providers == std::vector<std::string>{"gmo", "sakura"});  // sorted, deduplicated
  CHECK(q.product == std::optional<std::string>("koukaryoku-phy"));
  CHECK(q.location == std::optional<std::string>("北海道"));
  CHECK(q.min_gpus == std::optional<int64_t>(1));
  CHECK(q.max_gpus == std::optional<int64_t>(8));
  CHECK(q.min_gpu_memory_gb == std::optional<int64_t>(80));
  CHECK(q.max_gpu_hour_minor == std::optional<int64_t>(4545455));
  CHECK(q.tax_basis == TaxFlag::kIncluded);
  CHECK(q.billing == std::optional<TimeUnit>(TimeUnit::kMonth));
  CHECK(q.availability == std::vector<Availability>{Availability::kAvailable, Availability::kSoldOut});
  CHECK_FALSE(q.include_quote);
  CHECK_FALSE(q.include_stale);
  CHECK(q.sort == OfferQuery::Sort::kPriceDesc);
  CHECK(q.limit == 500);
}

TEST_CASE("Each sort and billing value maps to its enum", "[server][params]") {
  CHECK(ParseOffersQuery({{"sort", "price"}}).value().sort == OfferQuery::Sort::kPrice);
  CHECK(ParseOffersQuery({{"sort", "gpus"}}).value().sort == OfferQuery::Sort::kGpus);
  CHECK(ParseOffersQuery({{"sort", "provider"}}).value().sort == OfferQuery::Sort::kProvider);
  CHECK_FALSE(ParseOffersQuery({{"billing", "any"}}).value().billing);
  CHECK(ParseOffersQuery({{"billing", "second"}}).value().billing == std::optional<TimeUnit>(TimeUnit::kSecond));
  CHECK(ParseOffersQuery({{"billing", "hour"}}).value().billing == std::optional<TimeUnit>(TimeUnit::kHour));
  CHECK(ParseOffersQuery({{"gpu", "h100"}}).value().gpu_model == std::optional<std::string>("h100-80gb"));
  CHECK(ParseOffersQuery({{"gpu", "h100-80gb"}}).value().gpu_model == std::optional<std::string>("h100-80gb"));
}

TEST_CASE("Strict parameters: each failure has its code", "[server][params]") {
  CHECK(ErrorOf({{"gpus", "8"}}) == "unknown_parameter");
  CHECK(ErrorOf({{"GPU", "h100"}}) == "unknown_parameter");  // names are case-sensitive
  CHECK(ErrorOf({{"limit", "10"}, {"limit", "20"}}) == "duplicate_parameter");
  CHECK(ErrorOf({{"gpu", "h100"}, {"gpu", "h200"}}) == "duplicate_parameter");
  CHECK(ErrorOf({{"min_gpus", "eight"}}) == "invalid_number");
  CHECK(ErrorOf({{"min_gpus", "8.0"}}) == "invalid_number");
  CHECK(ErrorOf({{"min_gpus", "+8"}}) == "invalid_number");
  CHECK(ErrorOf({{"min_gpus", " 8"}}) == "invalid_number");
  CHECK(ErrorOf({{"min_gpus", ""}}) == "invalid_number");
  CHECK(ErrorOf({{"min_gpus", "-1"}}) == "invalid_number");
  CHECK(ErrorOf({{"min_gpus", "9999999999999999999"}}) == "invalid_number");
  CHECK(ErrorOf({{"max_price", "1e3"}}) == "invalid_number");
  CHECK(ErrorOf({{"max_price", "-5"}}) == "invalid_number");
  CHECK(ErrorOf({{"max_price", "1.23456"}}) == "invalid_number");  // below 1/10,000 yen
  CHECK(ErrorOf({{"max_price", "1,000"}}) == "invalid_number");
  CHECK(ErrorOf({{"tax", "inclusive"}}) == "invalid_enum");
  CHECK(ErrorOf({{"billing", "week"}}) == "invalid_enum");
  CHECK(ErrorOf({{"availability", "in_stock"}}) == "invalid_enum");
  CHECK(ErrorOf({{"include_quote", "yes"}}) == "invalid_enum");
  CHECK(ErrorOf({{"include_stale", "1"}}) == "invalid_enum");
  CHECK(ErrorOf({{"sort", "price desc"}}) == "invalid_enum");
  CHECK(ErrorOf({{"sort", "id; DROP TABLE offers"}}) == "invalid_enum");
  CHECK(ErrorOf({{"limit", "0"}}) == "limit_out_of_range");
  CHECK(ErrorOf({{"limit", "501"}}) == "limit_out_of_range");
  CHECK(ErrorOf({{"limit", "-1"}}) == "limit_out_of_range");
  CHECK(ErrorOf({{"limit", "ten"}}) == "invalid_number");
  CHECK(ErrorOf({{"gpu", "h100-40gb"}}) == "unknown_gpu");
  CHECK(ErrorOf({{"gpu", "tpu-v5"}}) == "unknown_gpu");
  CHECK(ErrorOf({{"gpu", ""}}) == "invalid_parameter");
  CHECK(ErrorOf({{"provider", std::string(300, 'a')}}) == "invalid_parameter");
  CHECK(ErrorOf({{"location", "\xff\xfe"}}) == "invalid_parameter");
  CHECK(ErrorOf({{"min_gpus", "8"}, {"max_gpus", "1"}}) == "invalid_range");
  CHECK(ErrorOf({{"cursor", ""}}) == "invalid_cursor");
  CHECK(ErrorOf({{"cursor", "abc"}}) == "invalid_cursor");
  CHECK(ErrorOf({{"cursor", std::string(2000, 'a')}}) == "invalid_cursor");
}

TEST_CASE("The first failure wins: unknown before duplicate before value", "[server][params]") {
  CHECK(ErrorOf({{"limit", "0"}, {"bogus", "1"}}) == "unknown_parameter");
  CHECK(ErrorOf({{"limit", "0"}, {"tax", "x"}, {"tax", "y"}}) == "duplicate_parameter");
}

TEST_CASE("A cursor is bound to its query's filters and sort", "[server][params]") {
  OfferQuery q = ParseOffersQuery({{"gpu", "h100"}, {"limit", "2"}}).value();
  const std::string cursor = ClientCursor(q, "70726963657e317e61");
  CHECK(ClientCursor(q, "").empty());
  // The same filters (any limit, any alias of the same GPU) accept it.
  auto same = ParseOffersQuery({{"gpu", "H100 SXM"}, {"limit", "5"}, {"cursor", cursor}});
  REQUIRE(same.ok());
  CHECK(same.value().cursor == "70726963657e317e61");
  // Another filter, sort or tax basis refuses it.
  CHECK(ErrorOf({{"gpu", "h200"}, {"cursor", cursor}}) == "invalid_cursor");
  CHECK(ErrorOf({{"gpu", "h100"}, {"sort", "-price"}, {"cursor", cursor}}) == "invalid_cursor");
  CHECK(ErrorOf({{"gpu", "h100"}, {"tax", "included"}, {"cursor", cursor}}) == "invalid_cursor");
  CHECK(ErrorOf({{"cursor", cursor}}) == "invalid_cursor");
}

TEST_CASE("Strict integers and yen amounts", "[server][params]") {
  CHECK(ParseStrictInt("0") == std::optional<int64_t>(0));
  CHECK(ParseStrictInt("-12") == std::optional<int64_t>(-12));
  CHECK(ParseStrictInt("999999999999999999") == std::optional<int64_t>(999999999999999999));
  CHECK_FALSE(ParseStrictInt("-"));
  CHECK_FALSE(ParseStrictInt("1_000"));
  CHECK_FALSE(ParseStrictInt("0x10"));
  CHECK(ParseYenToMinor("454") == std::optional<int64_t>(4540000));
  CHECK(ParseYenToMinor("0.0001") == std::optional<int64_t>(1));
  CHECK(ParseYenToMinor("900.5") == std::optional<int64_t>(9005000));
  CHECK_FALSE(ParseYenToMinor("999999999999999999"));  // overflows int64 minor units
  CHECK_FALSE(ParseYenToMinor("¥900"));
}

TEST_CASE("UTF-8 validation rejects malformed, overlong and surrogate sequences", "[server][params]") {
  CHECK(IsValidUtf8("石狩第1"));
  CHECK(IsValidUtf8("plain"));
  CHECK(IsValidUtf8("\xf0\x9f\x98\x80"));        // U+1F600
  CHECK_FALSE(IsValidUtf8("\xe7\x9f"));          // truncated
  CHECK_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  CHECK_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // beyond U+10FFFF
  CHECK_FALSE(IsValidUtf8("\x80"));
}

TEST_CASE("CheckParams enforces required parameters and accessors read typed values", "[server][params]") {
  const std::vector<ParamSpec> specs = {ParamSpec::String("gpu", "").Required(),
                                        ParamSpec::Integer("n", "", 1, 10).Default("3"),
                                        ParamSpec::Boolean("flag", "")};
  auto missing = CheckParams(specs, {{"n", "2"}});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == "missing_parameter");
  auto ok = CheckParams(specs, {{"gpu", "h100"}, {"n", "7"}, {"flag", "false"}});
  REQUIRE(ok.ok());
  CHECK(ok.value().Text("gpu") == std::optional<std::string>("h100"));
  CHECK(ok.value().Int("n") == std::optional<int64_t>(7));
  CHECK_FALSE(ok.value().Bool("flag", true));
  CHECK(ok.value().Bool("absent", true));
  auto range = CheckParams(specs, {{"gpu", "h100"}, {"n", "11"}});
  CHECK(range.status().code() == "invalid_number");
  CHECK(CheckParams({}, {{"x", "1"}}).status().message() == "unknown parameter \"x\"; this endpoint takes none");
}
