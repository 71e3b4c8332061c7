#include <catch2/catch.hpp>

#include "server_fixture.h"

using namespace gpucat;
using namespace gpucat::testing;

TEST_CASE("smoke", "[server][api]") {
  Seeded s;
  auto r = s.server->Get("/v1/offers");
  INFO(r.body);
  CHECK(r.status == 200);
}
