#include "corridor/geo/grid.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "corridor/core/error.h"

namespace corridor::geo {

uint64_t SpatialGrid::key(int64_t ix, int64_t iy) const {
  return (uint64_t(iy + (1 << 30)) << 32) | uint64_t(ix + (1 << 30));
}

SpatialGrid::SpatialGrid(const std::vector<double>& lat, const std::vector<double>& lon,
                         const std::vector<uint8_t>& keep, double cell_deg)
    : cell_(cell_deg), lat_(lat), lon_(lon) {
  CORRIDOR_ASSERT(lat.size() == lon.size() && cell_deg > 0);
  std::vector<std::pair<uint64_t, uint32_t>> items;
  for (uint32_t i = 0; i < lat.size(); ++i) {
    if (!keep.empty() && !keep[i]) continue;
    const int64_t ix = int64_t(std::floor(lon[i] / cell_)),
                  iy = int64_t(std::floor(lat[i] / cell_));
    if (items.empty()) {
      min_ix_ = max_ix_ = ix;
      min_iy_ = max_iy_ = iy;
    }
    min_ix_ = std::min(min_ix_, ix);
    max_ix_ = std::max(max_ix_, ix);
    min_iy_ = std::min(min_iy_, iy);
    max_iy_ = std::max(max_iy_, iy);
    items.push_back({key(ix, iy), i});
  }
  std::sort(items.begin(), items.end());
  for (auto& [k, i] : items) {
    keys_.push_back(k);
    ids_.push_back(i);
  }
}

uint32_t SpatialGrid::nearest(double lat, double lon, double max_m, double* dist_m) const {
  uint32_t best = UINT32_MAX;
  double best_d = std::numeric_limits<double>::infinity();
  if (ids_.empty() || !std::isfinite(lat) || !std::isfinite(lon)) return best;
  const int64_t cx = int64_t(std::floor(lon / cell_)), cy = int64_t(std::floor(lat / cell_));
  // Smallest extent of a cell in metres near this latitude (bounds the ring distance).
  const double max_abs_lat = std::min(89.0, std::abs(lat) + cell_ * 2);
  const double cell_m = cell_ * 111320.0 * std::max(0.01, std::cos(max_abs_lat * M_PI / 180));
  const int64_t max_ring =
      std::max({cx - min_ix_, max_ix_ - cx, cy - min_iy_, max_iy_ - cy, int64_t{0}});
  for (int64_t r = 0; r <= max_ring; ++r) {
    const double ring_min_m = (r - 1) * cell_m;
    if (r > 0 && (ring_min_m > best_d || ring_min_m > max_m)) break;
    for (int64_t iy = cy - r; iy <= cy + r; ++iy) {
      if (iy < min_iy_ || iy > max_iy_) continue;
      const bool edge_row = iy == cy - r || iy == cy + r;
      for (int64_t ix = cx - r; ix <= cx + r; ix += edge_row ? 1 : 2 * r) {
        if (ix >= min_ix_ && ix <= max_ix_) {
          const uint64_t k = key(ix, iy);
          auto it = std::lower_bound(keys_.begin(), keys_.end(), k);
          for (; it != keys_.end() && *it == k; ++it) {
            const uint32_t i = ids_[it - keys_.begin()];
            const double d = haversine_m(lat, lon, lat_[i], lon_[i]);
            if (d < best_d || (d == best_d && i < best)) {
              best_d = d;
              best = i;
            }
          }
        }
        if (r == 0) break;
      }
    }
  }
  if (best_d > max_m) return UINT32_MAX;
  if (dist_m) *dist_m = best_d;
  return best;
}

}  // namespace corridor::geo
