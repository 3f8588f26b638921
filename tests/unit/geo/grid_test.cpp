// geo: haversine against known distances, SpatialGrid::nearest against a brute-force scan.
#include "corridor/geo/grid.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace corridor::geo {
namespace {

TEST(Haversine, KnownDistances) {
  EXPECT_DOUBLE_EQ(haversine_m(40, 49, 40, 49), 0);
  // One degree of latitude on the mean-radius sphere: R * pi / 180.
  EXPECT_NEAR(haversine_m(0, 0, 1, 0), 6371008.8 * M_PI / 180, 1e-6);
  // A quarter of the equator, and the poles (symmetric in its arguments).
  EXPECT_NEAR(haversine_m(0, 0, 0, 90), 6371008.8 * M_PI / 2, 1e-6);
  EXPECT_NEAR(haversine_m(90, 0, -90, 0), 6371008.8 * M_PI, 1e-6);
  EXPECT_DOUBLE_EQ(haversine_m(40.4, 49.9, 41.7, 44.8), haversine_m(41.7, 44.8, 40.4, 49.9));
  // Baku (40.4093 N, 49.8671 E) to Tbilisi (41.7151 N, 44.8271 E): about 448 km.
  EXPECT_NEAR(haversine_m(40.4093, 49.8671, 41.7151, 44.8271), 448e3, 3e3);
}

// The index of the nearest kept point within max_m (ties: lower index), by scanning them all.
uint32_t brute_nearest(const std::vector<double>& lat, const std::vector<double>& lon,
                       const std::vector<uint8_t>& keep, double la, double lo, double max_m) {
  uint32_t best = UINT32_MAX;
  double best_d = std::numeric_limits<double>::infinity();
  for (uint32_t i = 0; i < lat.size(); ++i) {
    if (!keep.empty() && !keep[i]) continue;
    const double d = haversine_m(la, lo, lat[i], lon[i]);
    if (d < best_d) best_d = d, best = i;
  }
  return best_d <= max_m ? best : UINT32_MAX;
}

TEST(SpatialGrid, NearestEqualsBruteForce) {
  std::mt19937 rng(9);
  std::uniform_real_distribution<double> la(38.0, 42.0), lo(44.0, 50.0), coin(0, 1);
  std::vector<double> lat(3000), lon(3000);
  std::vector<uint8_t> keep(3000);
  for (size_t i = 0; i < lat.size(); ++i) {
    lat[i] = la(rng);
    lon[i] = lo(rng);
    keep[i] = coin(rng) < 0.7;
  }
  // Clusters: many points in one cell, and duplicates (ties go to the lower index).
  for (size_t i = 0; i < 50; ++i) lat[i] = 40.0 + i * 1e-5, lon[i] = 47.0;
  lat[60] = lat[61] = 39.5, lon[60] = lon[61] = 45.5, keep[60] = keep[61] = 1;
  for (double cell : {0.01, 0.05, 0.5}) {
    SpatialGrid all(lat, lon, {}, cell), kept(lat, lon, keep, cell);
    EXPECT_EQ(all.size(), lat.size());
    uint32_t hits = 0, misses = 0;
    for (int q = 0; q < 400; ++q) {
      // Queries inside the cloud and up to a degree beyond it.
      const double qa = 37.0 + 6.0 * coin(rng), qo = 43.0 + 8.0 * coin(rng);
      for (double max_m : {std::numeric_limits<double>::infinity(), 5000.0}) {
        double d = -1;
        const uint32_t got = kept.nearest(qa, qo, max_m, &d);
        EXPECT_EQ(got, brute_nearest(lat, lon, keep, qa, qo, max_m))
            << qa << "," << qo << " cell " << cell << " max " << max_m;
        if (got != UINT32_MAX) {
          EXPECT_DOUBLE_EQ(d, haversine_m(qa, qo, lat[got], lon[got]));
          ++hits;
        } else {
          ++misses;
        }
        EXPECT_EQ(all.nearest(qa, qo, max_m), brute_nearest(lat, lon, {}, qa, qo, max_m));
      }
    }
    EXPECT_GT(hits, 400u);
    EXPECT_GT(misses, 0u) << "some queries have nothing within 5 km";
    EXPECT_EQ(kept.nearest(39.5, 45.5), 60u) << "tie: lower index";
  }
}

TEST(SpatialGrid, EmptyAndNonFinite) {
  SpatialGrid none({}, {});
  EXPECT_EQ(none.size(), 0u);
  EXPECT_EQ(none.nearest(40, 49), UINT32_MAX);
  SpatialGrid none_kept({40.0}, {49.0}, {0});
  EXPECT_EQ(none_kept.size(), 0u);
  EXPECT_EQ(none_kept.nearest(40, 49), UINT32_MAX);
  SpatialGrid one({40.0}, {49.0});
  EXPECT_EQ(one.nearest(40, 49), 0u);
  EXPECT_EQ(one.nearest(NAN, 49), UINT32_MAX);
  EXPECT_EQ(one.nearest(40, INFINITY), UINT32_MAX);
  EXPECT_EQ(one.nearest(40.1, 49, 1000), UINT32_MAX) << "11 km away, 1 km allowed";
  EXPECT_EQ(one.nearest(-40, -131), 0u) << "the far side of the Earth, no limit";
}

}  // namespace
}  // namespace corridor::geo
