// api::load_sweep on malformed numbers: floats where a year is expected, huge or fractional bounds
// of a random range. Each is an Error at the offending value's file:line:column (these used to
// dereference an empty toml optional: undefined behaviour).
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "corridor/api/sweep.h"
#include "corridor/core/error.h"

namespace corridor {
namespace {

std::string write_sweep(const std::string& name, const std::string& text) {
  std::string p =
      ::testing::TempDir() + "/corridor_sweep_" + name + "_" + std::to_string(::getpid()) + ".toml";
  std::ofstream(p) << text;
  return p;
}

// The message of the Error load_sweep throws ("" when it does not throw).
std::string error_of(const std::string& path) {
  try {
    api::load_sweep(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(SweepLoad, FloatYearIsAnErrorAtTheValue) {
  const auto p = write_sweep("year1e300", "[[run]]\nyear = 1e300\n");
  EXPECT_EQ(error_of(p), p + ":2:8: year: expected an integer year");
}

TEST(SweepLoad, FractionalOpeningYearBoundIsAnErrorAtTheBound) {
  const auto p = write_sweep("frac", "[random]\nruns = 3\nopening_year = [2020.5, 2030]\n");
  EXPECT_EQ(error_of(p), p + ":3:17: opening_year: expected an integer year");
}

TEST(SweepLoad, HugeYearBoundsAreErrorsNotOverflow) {
  const auto f = write_sweep("huge", "[random]\nruns = 3\nyear = [1e300, 1e301]\n");
  EXPECT_EQ(error_of(f), f + ":3:9: year: expected an integer year");
  const auto i = write_sweep(
      "int64", "[random]\nruns = 3\nyear = [-9223372036854775808, 9223372036854775807]\n");
  EXPECT_EQ(error_of(i), i + ":3:9: year: expected a year in [1900, 2200]");
  const auto g = write_sweep("grid", "[grid]\nopening_year = [2025, 2030.0]\n");
  EXPECT_EQ(error_of(g), g + ":2:23: opening_year: expected an integer year");
}

TEST(SweepLoad, MultiplierBoundsAreCheckedAtTheBound) {
  const auto p = write_sweep("mult", "[random]\nruns = 2\ntariff = [0.5, 1e300]\n");
  EXPECT_EQ(error_of(p), p + ":3:16: tariff: expected a multiplier in [0, 100]");
  const auto r = write_sweep("runs", "[random]\nruns = 2.5\ntariff = [0.5, 2]\n");
  EXPECT_EQ(error_of(r), r + ":2:8: runs: expected an integer");
}

TEST(SweepLoad, ValidRandomRangesDrawInRange) {
  const auto p = write_sweep(
      "ok", "[random]\nruns = 50\nseed = 7\nopening_year = [2025, 2030]\ntariff = [1, 2]\n");
  const auto s = api::load_sweep(p);
  ASSERT_EQ(s.runs.size(), 50u);
  for (const auto& r : s.runs) {
    ASSERT_TRUE(r.params.opening_year);
    EXPECT_GE(*r.params.opening_year, 2025);
    EXPECT_LE(*r.params.opening_year, 2030);
    EXPECT_GE(r.params.tariff, 1.0);
    EXPECT_LE(r.params.tariff, 2.0);
  }
}

}  // namespace
}  // namespace corridor
