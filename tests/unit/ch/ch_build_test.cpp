// The parallel builder's working graph and independent-set rounds: the compaction that once
// corrupted in-arcs (so that set_quantile_percent < 100 looped forever on rome99 with closed
// nodes), and builds with every set rule checked against Dijkstra with no round that found no
// independent set.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "corridor/ch/ch.h"
#include "corridor/ch/detail/dyn_graph.h"
#include "corridor/core/files.h"
#include "unit/ch/ch_oracle.h"

namespace corridor::ch {
namespace {

// Keeps what the builder logs: a build must log nothing (it logs only when a round found no
// independent set and fell back to contracting one node).
class LogRecorder final : public Reporter {
 public:
  void log(std::string_view m) override { logs.emplace_back(m); }
  void progress(std::string_view, uint64_t, uint64_t) override {}
  void finish(std::string_view) override {}
  std::vector<std::string> logs;
};

struct Net {
  route::Graph g;
  std::vector<uint32_t> w;
};

Net make_net(uint32_t n, const std::vector<std::array<uint32_t, 3>>& arcs) {
  std::vector<uint32_t> t, h, w0, in;
  for (const auto& a : arcs) t.push_back(a[0]), h.push_back(a[1]), w0.push_back(a[2]);
  Net net;
  net.g = route::build_graph(n, t, h, &in);
  for (uint32_t i : in) net.w.push_back(w0[i]);
  return net;
}

std::vector<uint32_t> sorted_nodes(detail::DynGraph::Range r) {
  std::vector<uint32_t> v;
  for (const auto& a : r) v.push_back(a.node);
  std::sort(v.begin(), v.end());
  return v;
}

// The cause, by hand: node 0's block (1 arc) is first in the arena, node 1's (in-arcs from 2, 3
// and 4) right after it. Removing node 0 leaves a 1-entry hole, so compaction moves node 1's
// block left by 1, less than its 3 in-arcs: source and destination overlap. Copied from the
// back, the in-arcs came out as {4, 4, 4}: node 1 lost 2 and 3 and kept two arcs from 4, and
// when 4 was contracted one of them survived, an arc to a contracted node.
TEST(ChDynGraph, CompactionKeepsOverlappingBlocksIntact) {
  auto net = make_net(6, {{{0, 5, 7}}, {{2, 1, 1}}, {{3, 1, 2}}, {{4, 1, 3}}, {{1, 5, 4}}});
  detail::DynGraph g(net.g, net.w.data());
  ASSERT_EQ(g.check(), "");
  g.remove_node(0);
  g.compact();
  EXPECT_EQ(g.check(), "");
  EXPECT_EQ(sorted_nodes(g.in(1)), (std::vector<uint32_t>{2, 3, 4}));
  EXPECT_EQ(sorted_nodes(g.out(1)), (std::vector<uint32_t>{5}));
  EXPECT_EQ(sorted_nodes(g.in(5)), (std::vector<uint32_t>{1}));
  for (uint32_t v : {2u, 3u, 4u}) EXPECT_EQ(sorted_nodes(g.out(v)), (std::vector<uint32_t>{1}));
  // Removing 4 now leaves no arc to it anywhere.
  g.remove_node(4);
  EXPECT_EQ(g.check(), "");
  EXPECT_EQ(sorted_nodes(g.in(1)), (std::vector<uint32_t>{2, 3}));
}

// Random removals, shortcut-like insertions (which grow blocks) and compactions: the out- and
// in-lists stay mirror images of each other and equal to a plain model.
TEST(ChDynGraph, RandomEditsAndCompactionsMatchAModel) {
  std::mt19937 rng32(17);
  auto rng = [&] { return static_cast<uint32_t>(rng32()); };
  const uint32_t n = 300;
  std::vector<std::array<uint32_t, 3>> arcs;
  for (uint32_t i = 0; i < 1200; ++i) arcs.push_back({rng() % n, rng() % n, 1 + rng() % 50});
  auto net = make_net(n, arcs);
  detail::DynGraph g(net.g, net.w.data());
  // The model: the cheapest arc per (tail, head), loops left out.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> model(n);
  auto model_add = [&](uint32_t u, uint32_t v, uint32_t w) {
    for (auto& [h, c] : model[u])
      if (h == v) {
        c = std::min(c, w);
        return;
      }
    model[u].push_back({v, w});
  };
  for (const auto& a : arcs)
    if (a[0] != a[1]) model_add(a[0], a[1], a[2]);
  std::vector<uint8_t> gone(n, 0);
  for (uint32_t step = 0; step < 250; ++step) {
    const uint32_t v = rng() % n;
    if (!gone[v]) {
      g.remove_node(v);
      gone[v] = 1;
      model[v].clear();
      for (auto& m : model)
        m.erase(std::remove_if(m.begin(), m.end(), [&](auto& p) { return p.first == v; }), m.end());
    }
    for (int k = 0; k < 6; ++k) {
      const uint32_t a = rng() % n, b = rng() % n, w = 1 + rng() % 80;
      if (a == b || gone[a] || gone[b]) continue;
      g.add_arc(a, b, w, 2);
      model_add(a, b, w);
    }
    if (step % 25 == 0) g.compact();
    ASSERT_EQ(g.check(), "") << "step " << step;
  }
  for (uint32_t u = 0; u < n; ++u) {
    std::vector<std::pair<uint32_t, uint32_t>> got;
    for (const auto& a : g.out(u)) got.push_back({a.node, a.weight});
    std::sort(got.begin(), got.end());
    std::sort(model[u].begin(), model[u].end());
    ASSERT_EQ(got, model[u]) << "node " << u;
  }
}

// A DIMACS .gr file (the ch tests do not link the osm module's reader).
bool read_gr(const std::string& path, Net& net) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  uint32_t n = 0;
  std::vector<std::array<uint32_t, 3>> arcs;
  while (std::getline(in, line)) {
    std::istringstream is(line);
    char kind = 0;
    is >> kind;
    if (kind == 'p') {
      std::string sp;
      uint64_t m = 0;
      is >> sp >> n >> m;
    } else if (kind == 'a') {
      uint32_t u = 0, v = 0, w = 0;
      is >> u >> v >> w;
      EXPECT_TRUE(is && u >= 1 && v >= 1 && u <= n && v <= n) << path << ": " << line;
      arcs.push_back({u - 1, v - 1, w});
    }
  }
  net = make_net(n, arcs);
  return n > 0;
}

void expect_build_ok(const Net& net, const BuildOptions& opt, uint32_t seed) {
  LogRecorder rep;
  auto h = build_ch(net.g, net.w.data(), rep, opt);
  EXPECT_TRUE(rep.logs.empty()) << rep.logs.front();
  auto errors = check(h);
  ASSERT_TRUE(errors.empty()) << errors.front();
  auto st = testing::expect_ch_equals_dijkstra(net.g, net.w, h, 30, 100, seed, 5);
  EXPECT_GT(st.unreachable, 0u);
  testing::expect_table_equals_dijkstra(net.g, net.w, h, 20, seed);
}

// rome99 with every arc into every 50th node closed (the graph that looped with the 20 % cut),
// with the set quantile at 20, 50 and 100 (sanitizer builds: 20), one and two threads.
TEST(ChBuild, Rome99WithClosedNodesAnySetQuantile) {
  const std::string path = std::string(CORRIDOR_SHARED_DATA) + "/dimacs/rome99.gr";
  if (!files::exists(path)) GTEST_SKIP() << "test data absent: " << path;
  Net net;
  ASSERT_TRUE(read_gr(path, net));
  ASSERT_EQ(net.g.num_nodes(), 3353u);
  for (uint32_t a = 0; a < net.g.num_arcs(); ++a)
    if (net.g.head[a] % 50 == 0) net.w[a] = kInfWeight;
  // Sanitizer builds: the quantile that looped (20), on 1 and 2 threads, only.
  const std::vector<uint32_t> quantiles =
      testing::kSanitizerBuild ? std::vector<uint32_t>{20} : std::vector<uint32_t>{20, 50, 100};
  for (uint32_t q : quantiles)
    for (uint32_t threads : {1u, 2u}) {
      SCOPED_TRACE("set_quantile_percent " + std::to_string(q) + ", " + std::to_string(threads) +
                   " threads");
      BuildOptions opt;
      opt.set_quantile_percent = q;
      opt.threads = threads;
      expect_build_ok(net, opt, q + threads);
    }
}

// A grid with closed nodes (no arc in: only out-arcs), sinks (no arc out), isolated nodes and
// a one-way chain, built with small quantiles and both set rules (40 x 40; 24 x 24 under
// sanitizers).
TEST(ChBuild, ClosedNodesSinksAndIsolatedNodesWithSmallQuantiles) {
  std::mt19937 rng32(5);
  auto rng = [&] { return static_cast<uint32_t>(rng32()); };
  const uint32_t side = testing::kSanitizerBuild ? 24 : 40, n = side * side + 10;
  std::vector<std::array<uint32_t, 3>> arcs;
  auto id = [&](uint32_t x, uint32_t y) { return y * side + x; };
  for (uint32_t y = 0; y < side; ++y)
    for (uint32_t x = 0; x < side; ++x) {
      const uint32_t v = id(x, y);
      auto add = [&](uint32_t a, uint32_t b) {
        if (b % 23 == 0) return;  // nothing enters a closed node
        if (a % 31 == 0) return;  // nothing leaves a sink
        arcs.push_back({a, b, 1 + static_cast<uint32_t>(rng() % 60)});
      };
      if (x + 1 < side) add(v, id(x + 1, y)), add(id(x + 1, y), v);
      if (y + 1 < side) add(v, id(x, y + 1)), add(id(x, y + 1), v);
    }
  for (uint32_t i = 0; i < 5; ++i) arcs.push_back({side * side + i, side * side + i + 1, 3});
  Net net = make_net(n, arcs);  // nodes side*side+6 .. +9 are isolated
  for (uint32_t q : {0u, 5u, 20u})
    for (uint32_t hops : {1u, 2u}) {
      SCOPED_TRACE("set_quantile_percent " + std::to_string(q) + ", independent_set_hops " +
                   std::to_string(hops));
      BuildOptions opt;
      opt.set_quantile_percent = q;
      opt.independent_set_hops = hops;
      expect_build_ok(net, opt, q * 3 + hops);
    }
}

}  // namespace
}  // namespace corridor::ch
