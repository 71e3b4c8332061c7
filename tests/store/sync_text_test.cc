// The sync writer's JSON texts are stored (events) and hashed (fingerprints):
// they must stay byte for byte what nlohmann::json's dump() wrote for the same
// objects, or every offer of an existing catalog would look changed.
#include "store/sync_text.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace gpucat;
using nlohmann::json;

namespace {

// The writer's former construction, kept here as the reference.
json PriceJson(const PriceFields& p) {
  json j = {{"price_status", p.price_status}, {"tax", p.tax}, {"per", p.per}, {"gpus_per_unit", p.gpus_per_unit}};
  j["amount"] = p.amount ? json(*p.amount) : json(nullptr);
  j["unit"] = p.unit ? json(*p.unit) : json(nullptr);
  j["gpu_hour_ex_minor"] = p.gpu_hour_ex_minor ? json(*p.gpu_hour_ex_minor) : json(nullptr);
  j["gpu_hour_inc_minor"] = p.gpu_hour_inc_minor ? json(*p.gpu_hour_inc_minor) : json(nullptr);
  j["min_billed_seconds"] = p.min_billed_seconds ? json(*p.min_billed_seconds) : json(nullptr);
  j["min_term_months"] = p.min_term_months ? json(*p.min_term_months) : json(nullptr);
  j["billing_rule"] = p.billing_rule;
  return j;
}

}  // namespace

TEST_CASE("Price JSON text is nlohmann's dump of the same object", "[store][sync]") {
  PriceFields listed;
  listed.price_status = "listed";
  listed.tax = "excluded";
  listed.per = "instance";
  listed.billing_rule = "metered";
  listed.gpus_per_unit = 8;
  listed.amount = "12345.678";
  listed.unit = "hour";
  listed.gpu_hour_ex_minor = 15432098;
  listed.gpu_hour_inc_minor = 16975308;
  listed.min_billed_seconds = 60;
  listed.min_term_months = 12;
  PriceFields quote;
  quote.price_status = "quote";
  quote.tax = "unknown";
  quote.per = "rack";
  quote.billing_rule = "per-started-month";
  quote.gpus_per_unit = 72;
  PriceFields odd = listed;  // strings no writer produces today, escaped alike
  odd.billing_rule = "a\"b\\c\nd\te\x01f\x1f";
  odd.tax = "税込";
  odd.gpu_hour_ex_minor = -5;
  for (const PriceFields* p : {&listed, &quote, &odd}) {
    CHECK(PriceJsonText(*p, std::nullopt, false) == PriceJson(*p).dump());
    json a = PriceJson(*p);
    a["availability"] = "sold_out";
    CHECK(PriceJsonText(*p, "sold_out", false) == a.dump());
    a["relisted"] = true;
    CHECK(PriceJsonText(*p, "sold_out", true) == a.dump());
  }
  CHECK(AvailabilityJsonText("limited") == json{{"availability", "limited"}}.dump());
}

TEST_CASE("Price JSON text refuses text that is not UTF-8, as dump() did", "[store][sync]") {
  PriceFields p;
  p.price_status = "listed";
  p.tax = "excluded";
  p.per = "instance";
  p.billing_rule = "bad \xff byte";
  // nlohmann's strict error handler: type_error 316, nothing stored or hashed.
  CHECK_THROWS_AS(PriceJsonText(p, std::nullopt, false), json::type_error);
  CHECK_THROWS_AS(AvailabilityJsonText("\xc3\x28"), json::type_error);
}

TEST_CASE("Price JSON text of an Offer reads its price fields", "[store][sync]") {
  Offer o;
  o.price_status = PriceStatus::kListed;
  o.amount = Decimal{990, 0};
  o.tax = TaxFlag::kIncluded;
  o.unit = TimeUnit::kMonth;
  o.per = PricePer::kGpu;
  o.gpus_per_unit = 4;
  o.gpu_hour_ex_minor = 12345;
  o.gpu_hour_inc_minor = 13580;
  o.billing_rule = "capped-schedule";
  PriceFields p;
  p.price_status = "listed";
  p.amount = "990";
  p.tax = "included";
  p.unit = "month";
  p.per = "gpu";
  p.gpus_per_unit = 4;
  p.gpu_hour_ex_minor = 12345;
  p.gpu_hour_inc_minor = 13580;
  p.billing_rule = "capped-schedule";
  CHECK(PriceJsonText(o, std::nullopt, false) == PriceJson(p).dump());
  CHECK(PriceJsonText(o, "available", true) == PriceJsonText(p, "available", true));
}
