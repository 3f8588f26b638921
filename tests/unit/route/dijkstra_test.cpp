// Dijkstra against an independent oracle (Bellman-Ford) on random graphs, and the O(1) reset.
#include "corridor/route/dijkstra.h"

#include <gtest/gtest.h>

#include <random>

using namespace corridor::route;

namespace {
std::vector<uint64_t> bellman_ford(uint32_t n, const std::vector<uint32_t>& tail,
                                   const std::vector<uint32_t>& head,
                                   const std::vector<uint32_t>& w, uint32_t s) {
  const uint64_t inf = UINT64_MAX;
  std::vector<uint64_t> d(n, inf);
  d[s] = 0;
  for (uint32_t it = 0; it < n; ++it) {
    bool changed = false;
    for (size_t a = 0; a < tail.size(); ++a)
      if (d[tail[a]] != inf && d[tail[a]] + w[a] < d[head[a]])
        d[head[a]] = d[tail[a]] + w[a], changed = true;
    if (!changed) break;
  }
  return d;
}
}  // namespace

TEST(Dijkstra, MatchesBellmanFordOnRandomGraphs) {
  std::mt19937 rng(42);
  for (int round = 0; round < 30; ++round) {
    uint32_t n = 2 + rng() % 60, m = rng() % (4 * n);
    std::vector<uint32_t> tail, head, w;
    for (uint32_t i = 0; i < m; ++i) {
      tail.push_back(rng() % n);
      head.push_back(rng() % n);
      w.push_back(rng() % 20);  // zero weights included
    }
    std::vector<uint32_t> input_of;
    Graph g = build_graph(n, tail, head, &input_of);
    std::vector<uint64_t> weight(g.num_arcs());
    for (uint32_t a = 0; a < g.num_arcs(); ++a) weight[a] = w[input_of[a]];
    Dijkstra<uint64_t> d(n);
    for (uint32_t s = 0; s < n; s += 7) {
      d.reset();
      d.add_source(s);
      d.run(g, weight.data());
      auto ref = bellman_ford(n, tail, head, w, s);
      for (uint32_t v = 0; v < n; ++v) {
        ASSERT_EQ(d.dist(v), ref[v] == UINT64_MAX ? Dijkstra<uint64_t>::kInf : ref[v])
            << "s=" << s << " v=" << v;
        if (d.reached(v)) {
          uint64_t sum = 0;
          for (uint32_t a : d.path_arcs(v)) sum += weight[a];
          ASSERT_EQ(sum, d.dist(v));
        }
      }
    }
  }
}

TEST(Dijkstra, TargetStopAndResetAreIndependentQueries) {
  // 0 -> 1 -> 2, 0 -> 2 (long)
  Graph g = build_graph(3, {0, 1, 0}, {1, 2, 2});
  std::vector<double> w = {1, 5, 1};  // CSR order: 0->1, 0->2, 1->2
  Dijkstra<double> d(3);
  d.add_source(0);
  d.run(g, w.data(), 2);
  EXPECT_EQ(d.dist(2), 2);
  EXPECT_EQ(d.path_arcs(2).size(), 2u);
  d.reset();
  EXPECT_FALSE(d.reached(2));
  d.add_source(1);
  d.run(g, w.data());
  EXPECT_EQ(d.dist(2), 1);
  EXPECT_FALSE(d.reached(0));
}

TEST(Dijkstra, InfiniteWeightDisablesArc) {
  Graph g = build_graph(2, {0}, {1});
  std::vector<double> w = {Dijkstra<double>::kInf};
  Dijkstra<double> d(2);
  d.add_source(0);
  d.run(g, w.data());
  EXPECT_FALSE(d.reached(1));
}

TEST(Graph, ReverseGraphMirrorsArcs) {
  Graph g = build_graph(3, {0, 0, 2}, {1, 2, 1});
  std::vector<uint32_t> fwd;
  Graph r = reverse_graph(g, &fwd);
  ASSERT_EQ(r.num_arcs(), 3u);
  auto tails = arc_tails(g);
  auto rtails = arc_tails(r);
  for (uint32_t a = 0; a < r.num_arcs(); ++a) {
    EXPECT_EQ(rtails[a], g.head[fwd[a]]);
    EXPECT_EQ(r.head[a], tails[fwd[a]]);
  }
}
