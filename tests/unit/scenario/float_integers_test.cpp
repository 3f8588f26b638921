// Issue 15 fuzz finding (fuzz_scenario_toml, regression input
// fuzz/regressions/fuzz_scenario_toml/crash-64042fb5...): a float where an integer belongs
// (`year = 6.7e35`) made toml++'s float -> int64 conversion undefined behaviour. Integer fields
// of a scenario now accept TOML integers only; a float, even a whole one, is a located error.
#include <gtest/gtest.h>

#include "corridor/core/error.h"
#include "corridor/scenario/scenario.h"
#include "support/world.h"

using namespace corridor;

namespace {

const char* kWorld = R"(
node A AZ
node B AZ
link ab A -- B road km=100 kmh=50
)";

std::string first_error(const std::string& toml, const network::Network& net) {
  try {
    scenario::parse_scenario(toml, "s.toml", net);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_scenario);
    if (e.details().empty()) return std::string("no location: ") + e.what();
    return e.details().front().to_string();
  }
  return "(parsed without an error)";
}

TEST(ScenarioIntegers, FloatsWhereIntegersBelongAreLocatedErrors) {
  auto net = test::world(kWorld);
  for (const char* year : {"666666666666666666666666666666666663.8", "1e300", "2030.0", "nan"}) {
    EXPECT_EQ(first_error(std::string("description = \"x\"\nyear = ") + year + "\n", net),
              "s.toml:2:8: 'year': expected an integer year in [1900, 2200]")
        << year;
  }
  const std::string add =
      "description = \"x\"\n[[add]]\nlink_id = \"z\"\nmode = \"road\"\nlength = 3\n"
      "free_speed = 30\nsource = \"t\"\nfrom_node_id = \"A\"\nto_node_id = \"B\"\n";
  EXPECT_NE(first_error(add + "directed = 1e300\n", net).find("'directed': expected true/false"),
            std::string::npos);
  EXPECT_NE(
      first_error(add + "directed = false\nstatus = \"construction\"\nstatus_year = 1e300\n", net)
          .find("'status_year': expected an integer"),
      std::string::npos);
  const std::string gauge = first_error(add + "directed = false\ngauge_mm = 1e300\n", net);
  EXPECT_NE(gauge.find("'gauge_mm'"), std::string::npos) << gauge;
  // Integers still work.
  EXPECT_EQ(first_error("description = \"x\"\nyear = 2030\n", net), "(parsed without an error)");
}

}  // namespace
