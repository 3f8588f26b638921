#include "corridor/geo/distance.h"

#include <algorithm>
#include <cmath>

namespace corridor::geo {

double haversine_m(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kR = 6371008.8, kRad = M_PI / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double a =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kR * std::asin(std::min(1.0, std::sqrt(a)));
}

}  // namespace corridor::geo
