// The nearest indexed point to a coordinate (snapping), via a uniform grid of sorted cell keys.
// Immutable after construction; nearest() is const and thread-safe.
#pragma once
#include <cstdint>
#include <limits>
#include <vector>

#include "corridor/geo/distance.h"

namespace corridor::geo {

class SpatialGrid {
 public:
  // Indexes point i (degrees) when keep is empty or keep[i] != 0. cell_deg: grid cell size.
  SpatialGrid(const std::vector<double>& lat, const std::vector<double>& lon,
              const std::vector<uint8_t>& keep = {}, double cell_deg = 0.01);
  // Nearest indexed point within max_m metres (ties: lower index), or UINT32_MAX.
  uint32_t nearest(double lat, double lon, double max_m = std::numeric_limits<double>::infinity(),
                   double* dist_m = nullptr) const;
  uint32_t size() const { return static_cast<uint32_t>(ids_.size()); }

 private:
  uint64_t key(int64_t ix, int64_t iy) const;
  double cell_;
  std::vector<double> lat_, lon_;
  std::vector<uint64_t> keys_;  // sorted cell keys, parallel to ids_
  std::vector<uint32_t> ids_;
  int64_t min_ix_ = 0, max_ix_ = -1, min_iy_ = 0, max_iy_ = -1;
};

}  // namespace corridor::geo
