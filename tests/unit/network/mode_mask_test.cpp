// network::ModeMask: the one mapping from modes to bits, used by the dataset router and the
// imported (osm/) networks alike.
#include <gtest/gtest.h>

#include "corridor/network/network.h"

using namespace corridor::network;

TEST(ModeMask, OneBitPerModeInEnumOrder) {
  EXPECT_EQ(mode_bit(Mode::rail), 1u);
  EXPECT_EQ(mode_bit(Mode::road), 2u);
  EXPECT_EQ(mode_bit(Mode::ferry), 4u);
  EXPECT_EQ(kAllModes, 7u);
  const ModeMask road_ferry = mode_bit(Mode::road) | mode_bit(Mode::ferry);
  EXPECT_TRUE(has_mode(road_ferry, Mode::road));
  EXPECT_TRUE(has_mode(road_ferry, Mode::ferry));
  EXPECT_FALSE(has_mode(road_ferry, Mode::rail));
  EXPECT_FALSE(has_mode(0, Mode::road));
  for (Mode m : {Mode::rail, Mode::road, Mode::ferry}) EXPECT_TRUE(has_mode(kAllModes, m));
}
