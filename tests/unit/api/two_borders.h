// The two-border test world of the freight assignment tests (freight_test, forecast_ue_test).
#pragma once
#include "support/world.h"

namespace corridor::test {

// A to B through border X (no fee) or border Y ($10 fee); both 10 h dwell, 100 t/day capacity
// (test worlds count 1 t per unit, so 100 units/day). VoT $10/h. C has no link (unroutable).
inline const char* kTwoBorders = R"(
node A AZ
node XA AZ border_post
node XB GE border_post
node YA AZ border_post
node YB GE border_post
node B GE
node C AM
link a1 A -- XA road km=0 h=0
link x XA -- XB road km=0 h=0 dwell=10 border
link b1 XB -- B road km=0 h=0
link a2 A -- YA road km=0 h=0
link y YA -- YB road km=0 h=0 dwell=10 fee=10 border
link b2 YB -- B road km=0 h=0
profile teu vot=10 road=0
)";

inline network::Network two_borders() {
  auto net = test::world(kTwoBorders);
  // The world syntax has no capacity column: set it on the two crossings.
  for (auto& l : net.links)
    if (l.id == "x" || l.id == "y") l.capacity_tpd = 100;  // 1 t per unit in test worlds
  return net;
}

}  // namespace corridor::test
