// Shared by the ch and osm tests: checks a CH against plain Dijkstra (the oracle) on random
// pairs, including unreachable ones, and checks unpacked paths and many-to-many tables.
#pragma once
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "corridor/ch/ch.h"
#include "corridor/route/dijkstra.h"

namespace corridor::testing {

// Sanitizer builds (ASan+UBSan, TSan) run the CH tests on smaller graphs: the same options,
// rules and oracles, with fewer nodes (a build is many times slower there). Release and Debug
// builds keep the full sizes.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kSanitizerBuild = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
inline constexpr bool kSanitizerBuild = true;
#else
inline constexpr bool kSanitizerBuild = false;
#endif
#else
inline constexpr bool kSanitizerBuild = false;
#endif

struct OracleStats {
  uint64_t pairs = 0, unreachable = 0, paths_checked = 0;
};

// `sources` random sources, `targets_per_source` random targets each (one-to-all Dijkstra per
// source, so 100 x 100 = 10,000 pairs cost 100 Dijkstra runs).
inline OracleStats expect_ch_equals_dijkstra(const route::Graph& g, const std::vector<uint32_t>& w,
                                             const ch::ContractionHierarchy& h, uint32_t sources,
                                             uint32_t targets_per_source, uint32_t seed = 42,
                                             uint32_t paths_every = 7) {
  OracleStats st;
  const uint32_t n = g.num_nodes();
  if (n == 0) return st;
  std::mt19937 rng(seed);
  std::uniform_int_distribution<uint32_t> pick(0, n - 1);
  route::Dijkstra<uint32_t> dij(n);
  ch::ChQuery q(h);
  uint32_t mismatches = 0;
  for (uint32_t i = 0; i < sources; ++i) {
    const uint32_t s = pick(rng);
    dij.reset();
    dij.add_source(s);
    dij.run(g, w.data());
    for (uint32_t j = 0; j < targets_per_source; ++j) {
      const uint32_t t = pick(rng);
      const uint32_t expected = dij.dist(t);
      const uint32_t got = q.distance(s, t);
      ++st.pairs;
      if (expected == route::Dijkstra<uint32_t>::kInf) ++st.unreachable;
      if (got != expected && ++mismatches <= 10)
        ADD_FAILURE() << "CH " << got << " != Dijkstra " << expected << " for " << s << " -> " << t;
      if (got == expected && expected != ch::kInfWeight && (j % paths_every) == 0) {
        std::vector<uint32_t> arcs = q.path_arcs();
        uint64_t sum = 0;
        uint32_t at = s;
        bool chain = true;
        for (uint32_t a : arcs) {
          sum += w[a];
          if (a < g.begin(at) || a >= g.end(at)) chain = false;
          at = g.head[a];
        }
        EXPECT_TRUE(chain && at == t) << "unpacked path does not chain " << s << " -> " << t;
        EXPECT_EQ(sum, expected) << "unpacked path cost for " << s << " -> " << t;
        ++st.paths_checked;
      }
    }
  }
  EXPECT_EQ(mismatches, 0u);
  return st;
}

// Many-to-many table against Dijkstra for k random sources and k random targets.
inline void expect_table_equals_dijkstra(const route::Graph& g, const std::vector<uint32_t>& w,
                                         const ch::ContractionHierarchy& h, uint32_t k,
                                         uint32_t seed = 7) {
  const uint32_t n = g.num_nodes();
  if (n == 0) return;
  std::mt19937 rng(seed);
  std::uniform_int_distribution<uint32_t> pick(0, n - 1);
  std::vector<uint32_t> src(k), dst(k);
  for (auto& s : src) s = pick(rng);
  for (auto& t : dst) t = pick(rng);
  ch::ManyToMany m(h);
  auto table = m.table(src, dst);
  route::Dijkstra<uint32_t> dij(n);
  uint32_t mismatches = 0;
  for (uint32_t i = 0; i < k; ++i) {
    dij.reset();
    dij.add_source(src[i]);
    dij.run(g, w.data());
    for (uint32_t j = 0; j < k; ++j)
      if (table[i * k + j] != dij.dist(dst[j]) && ++mismatches <= 10)
        ADD_FAILURE() << "table " << table[i * k + j] << " != Dijkstra " << dij.dist(dst[j]);
  }
  EXPECT_EQ(mismatches, 0u);
}

}  // namespace corridor::testing
