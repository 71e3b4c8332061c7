// Catch2's main for test_fetch, in its own translation unit so the test files
// recompile quickly.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
