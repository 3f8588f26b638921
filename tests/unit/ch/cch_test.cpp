// Customizable CH against plain Dijkstra (the oracle) after several customizations of one
// topology: random grids with one-way streets, parallel arcs, loops, zero weights, closed arcs
// and an unreachable island, and rome99 from the shared data.
#include "corridor/ch/cch.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "corridor/core/error.h"
#include "corridor/route/dijkstra.h"

namespace corridor::ch {
namespace {

struct Arcs {
  uint32_t n = 0;
  std::vector<uint32_t> tail, head, w;
};

Arcs random_grid(uint32_t w, uint32_t h, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<uint32_t> wt(0, 100), coin(0, 9);
  Arcs g;
  auto add = [&](uint32_t a, uint32_t b, uint32_t c) {
    g.tail.push_back(a);
    g.head.push_back(b);
    g.w.push_back(c);
  };
  auto id = [&](uint32_t x, uint32_t y) { return y * w + x; };
  for (uint32_t y = 0; y < h; ++y)
    for (uint32_t x = 0; x < w; ++x) {
      if (x + 1 < w) {
        const uint32_t c = coin(rng);
        if (c != 0) add(id(x, y), id(x + 1, y), wt(rng));
        if (c != 1) add(id(x + 1, y), id(x, y), wt(rng));
        if (c == 2) add(id(x, y), id(x + 1, y), wt(rng));  // parallel
      }
      if (y + 1 < h) {
        add(id(x, y), id(x, y + 1), wt(rng));
        add(id(x, y + 1), id(x, y), wt(rng));
      }
      if (coin(rng) == 3) add(id(x, y), id(x, y), 5);  // loop
      if (coin(rng) == 4 && x + 2 < w && y + 1 < h) add(id(x, y), id(x + 2, y + 1), wt(rng));
    }
  g.n = w * h + 5;
  for (uint32_t i = 0; i < 4; ++i) add(w * h + i, w * h + i + 1, 10);  // island
  return g;
}

// Metric k of three: 0 = the given weights, 1 = every arc rescaled by a pseudo-random factor,
// 2 = rescaled and one arc in eight closed.
std::vector<Weight> metric(const Arcs& g, int k) {
  std::vector<Weight> w = g.w;
  std::mt19937 rng(1000 + k);
  for (auto& x : w) {
    if (k >= 1) x = x * (1 + rng() % 4) + rng() % 3;
    if (k == 2 && rng() % 8 == 0) x = kInfWeight;
  }
  return w;
}

// Compares `pairs` random queries (targets_per_source per Dijkstra run) and checks paths.
void expect_equals_dijkstra(const Arcs& a, const Cch& cch, const CchMetric& m,
                            const std::vector<Weight>& w, uint32_t sources, uint32_t targets,
                            uint32_t seed) {
  std::vector<uint32_t> in;
  route::Graph g = route::build_graph(a.n, a.tail, a.head, &in);
  std::vector<Weight> gw(in.size());
  for (size_t i = 0; i < in.size(); ++i) gw[i] = w[in[i]];
  std::mt19937 rng(seed);
  std::uniform_int_distribution<uint32_t> pick(0, a.n - 1);
  route::Dijkstra<uint32_t> dij(a.n);
  CchQuery q(m);
  uint32_t mismatches = 0, unreachable = 0, paths = 0;
  for (uint32_t i = 0; i < sources; ++i) {
    const uint32_t s = pick(rng);
    dij.reset();
    dij.add_source(s);
    dij.run(g, gw.data());
    for (uint32_t j = 0; j < targets; ++j) {
      const uint32_t t = pick(rng);
      const Weight expected = dij.dist(t);
      CchPath p = q.query(s, t);
      if (expected == kInfWeight) ++unreachable;
      if (p.distance != expected) {
        if (++mismatches <= 10)
          ADD_FAILURE() << "CCH " << p.distance << " != Dijkstra " << expected << " for " << s
                        << " -> " << t;
        continue;
      }
      if (expected == kInfWeight || s == t) {
        EXPECT_TRUE(p.arcs.empty());
        continue;
      }
      uint64_t sum = 0;
      uint32_t at = s;
      bool chain = true;
      for (uint32_t arc : p.arcs) {
        ASSERT_LT(arc, a.tail.size());
        chain = chain && a.tail[arc] == at && w[arc] != kInfWeight;
        sum += w[arc];
        at = a.head[arc];
      }
      EXPECT_TRUE(chain && at == t) << "path does not chain " << s << " -> " << t;
      EXPECT_EQ(sum, expected) << "path cost " << s << " -> " << t;
      ++paths;
    }
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_GT(paths, 0u);
  (void)cch;
  (void)unreachable;
}

TEST(Cch, TinyByHand) {
  // 0 -> 1 -> 2 and a costlier 0 -> 2; 2 -> 0; node 3 isolated.
  std::vector<uint32_t> t{0, 1, 0, 2}, h{1, 2, 2, 0};
  NullReporter rep;
  Cch c = Cch::build(4, t, h, rep);
  EXPECT_TRUE(c.check().empty());
  std::vector<Weight> w{3, 4, 10, 1};
  CchMetric m = c.customize(w);
  CchQuery q(m);
  CchPath p = q.query(0, 2);
  EXPECT_EQ(p.distance, 7u);
  EXPECT_EQ(p.arcs, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(q.distance(2, 1), 4u);
  EXPECT_EQ(q.path_arcs(), (std::vector<uint32_t>{3, 0}));
  EXPECT_EQ(q.distance(0, 3), kInfWeight);
  EXPECT_TRUE(q.path_arcs().empty());
  EXPECT_EQ(q.distance(3, 3), 0u);
  // The metric shares the topology: moving the Cch away leaves it valid.
  Cch moved = std::move(c);
  EXPECT_EQ(m.query(0, 2).distance, 7u);
  EXPECT_EQ(m.cch().num_nodes(), 4u);
  c = moved;
  // Close 1 -> 2: the direct arc takes over; close it too: unreachable.
  w[1] = kInfWeight;
  CchMetric m2 = c.customize(w);
  q.rebind(m2);
  EXPECT_EQ(q.query(0, 2).arcs, (std::vector<uint32_t>{2}));
  w[2] = kInfWeight;
  CchMetric m3 = c.customize(w);
  q.rebind(m3);
  EXPECT_EQ(q.distance(0, 2), kInfWeight);
  EXPECT_EQ(q.distance(0, 1), 3u);
}

TEST(Cch, EqualsDijkstraOnRandomGridsUnderThreeMetrics) {
  NullReporter rep;
  for (uint32_t seed = 1; seed <= 3; ++seed) {
    Arcs a = random_grid(25 + seed * 7, 20, seed);
    Cch c = Cch::build(a.n, a.tail, a.head, rep);
    auto errors = c.check();
    ASSERT_TRUE(errors.empty()) << errors.front();
    for (int k = 0; k < 3; ++k) {
      const auto w = metric(a, k);
      for (bool perfect : {false, true}) {
        SCOPED_TRACE("seed " + std::to_string(seed) + " metric " + std::to_string(k) +
                     (perfect ? " perfect" : " basic"));
        CchMetric m = c.customize(w, {.perfect = perfect});
        expect_equals_dijkstra(a, c, m, w, 30, 40, seed * 10 + k);
      }
    }
  }
}

TEST(Cch, AllZeroWeightsStillUnpack) {
  NullReporter rep;
  Arcs a = random_grid(15, 15, 9);
  Cch c = Cch::build(a.n, a.tail, a.head, rep);
  std::vector<Weight> zero(a.tail.size(), 0);
  CchMetric m = c.customize(zero);
  expect_equals_dijkstra(a, c, m, zero, 20, 30, 5);
}

TEST(Cch, DeterministicAndRejectsBadInput) {
  NullReporter rep;
  Arcs a = random_grid(20, 20, 4);
  Cch c1 = Cch::build(a.n, a.tail, a.head, rep);
  Cch c2 = Cch::build(a.n, a.tail, a.head, rep);
  for (uint32_t v = 0; v < a.n; ++v) ASSERT_EQ(c1.rank(v), c2.rank(v));
  EXPECT_EQ(c1.num_arcs(), c2.num_arcs());
  EXPECT_GT(c1.etree_height(), 0u);
  EXPECT_THROW(c1.customize(std::vector<Weight>(3, 1)), Error);
  std::vector<Weight> huge(a.tail.size(), 0x7fffffff);
  EXPECT_THROW(c1.customize(huge), Error);
  std::vector<uint32_t> t{0, 5}, h{1, 1};
  EXPECT_THROW(Cch::build(3, t, h, rep), Error);
  std::vector<uint32_t> t1{0};
  EXPECT_THROW(Cch::build(3, t1, h, rep), Error);
  // No arcs at all, and no nodes.
  Cch empty = Cch::build(3, {}, {}, rep);
  CchMetric em = empty.customize({});
  CchQuery q(em);
  EXPECT_EQ(q.distance(0, 2), kInfWeight);
  EXPECT_EQ(q.distance(1, 1), 0u);
  Cch none = Cch::build(0, {}, {}, rep);
  EXPECT_EQ(none.num_nodes(), 0u);
}

TEST(Cch, Rome99UnderThreeMetrics) {
  const std::string path = std::string(CORRIDOR_SHARED_DATA) + "/dimacs/rome99.gr";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared data absent: " << path;
  // The ch module sits below osm (whose DIMACS reader the CH tests use), so a few lines read
  // the plain-text arcs here: "a tail head weight", 1-based nodes.
  Arcs a;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    char kind = 0;
    ls >> kind;
    if (kind == 'p') {
      std::string sp;
      uint64_t m = 0;
      ls >> sp >> a.n >> m;
    } else if (kind == 'a') {
      uint32_t u = 0, v = 0, c = 0;
      ASSERT_TRUE(ls >> u >> v >> c) << line;
      a.tail.push_back(u - 1);
      a.head.push_back(v - 1);
      a.w.push_back(c);
    }
  }
  ASSERT_EQ(a.n, 3353u);
  ASSERT_EQ(a.tail.size(), 8870u);
  NullReporter rep;
  Cch c = Cch::build(a.n, a.tail, a.head, rep);
  auto errors = c.check();
  ASSERT_TRUE(errors.empty()) << errors.front();
  for (int k = 0; k < 3; ++k) {
    SCOPED_TRACE("metric " + std::to_string(k));
    const auto w = metric(a, k);
    CchMetric m = c.customize(w);
    expect_equals_dijkstra(a, c, m, w, 100, 100, 77 + k);  // 10,000 pairs per metric
  }
}

}  // namespace
}  // namespace corridor::ch
