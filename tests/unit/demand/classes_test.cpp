// classes.csv loader: the bundled file loads; bad cells are reported as file:line:column.
#include "corridor/demand/classes.h"

#include <gtest/gtest.h>

using namespace corridor;

namespace {
const char* kHeader =
    "class,unit,tonnes_per_unit,value_of_time,reliability_ratio,modes,profile,"
    "capacity_tonnes_per_unit,cost_scale,nest_scale,elasticity,source\n";
}

TEST(Classes, BundledFileLoads) {
  auto c = demand::load_classes(std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus/classes.csv");
  ASSERT_GE(c.size(), 4u);
  const auto* truck = demand::find_class(c, "general-truck");
  ASSERT_NE(truck, nullptr);
  EXPECT_FALSE(network::has_mode(truck->modes, network::Mode::rail));
  EXPECT_TRUE(network::has_mode(truck->modes, network::Mode::road));
  const auto* box = demand::find_class(c, "container");
  ASSERT_NE(box, nullptr);
  EXPECT_EQ(box->unit, "teu");
  EXPECT_DOUBLE_EQ(box->tonnes_per_unit, 14);
  for (const char* n : {"dry-bulk", "liquid-bulk"}) EXPECT_NE(demand::find_class(c, n), nullptr);
}

TEST(Classes, BadCellsNamedWithLineAndColumn) {
  std::string text = std::string(kHeader) +
                     "box,teu,14,4,0.8,rail;road,teu,14,2,0.4,-0.5,cited source\n"
                     "bulk,tonnes,1,0.02,0.3,rail;air,tonne,1,2,1.5,0.3,cited source\n"
                     "box,pallets,1,0.02,0.3,rail,tonne,1,2,0.5,-0.1,x\n";
  try {
    demand::parse_classes(text, "c.csv");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    std::string all = e.full_text();
    EXPECT_NE(all.find("c.csv:3:"), std::string::npos) << all;
    EXPECT_NE(all.find("found 'air'"), std::string::npos) << all;
    EXPECT_NE(all.find("(0, 1]"), std::string::npos) << all;
    EXPECT_NE(all.find("<= 0"), std::string::npos) << all;
    EXPECT_NE(all.find("duplicate class 'box'"), std::string::npos) << all;
    EXPECT_NE(all.find("found 'pallets'"), std::string::npos) << all;
    EXPECT_NE(all.find("c.csv:4:1"), std::string::npos) << all;
    EXPECT_EQ(e.code(), Errc::invalid_dataset);
  }
}

TEST(Classes, MissingColumnIsReported) {
  EXPECT_THROW(demand::parse_classes("class,unit\nbox,teu\n", "c.csv"), Error);
  EXPECT_EQ(demand::default_class_for_unit("teu"), "container");
  EXPECT_EQ(demand::default_class_for_unit("tonnes"), "general");
}
