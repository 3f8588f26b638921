// Distances on the Earth (WGS 84 coordinates in degrees).
#pragma once

namespace corridor::geo {

// Great-circle distance in metres (haversine, mean Earth radius 6,371,008.8 m).
double haversine_m(double lat1, double lon1, double lat2, double lon2);

}  // namespace corridor::geo
