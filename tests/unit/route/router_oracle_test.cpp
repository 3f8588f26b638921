// Router::shortest against an independent oracle on random multimodal worlds: Bellman-Ford over
// the expanded graph (state, borders used, arrived by a transfer) built here from export_graph(),
// under random filters (modes, avoid, max borders, banned links). Also checks one_to_many and a
// reused Workspace against the same oracle.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <sstream>

#include "corridor/route/router.h"
#include "support/world.h"

using namespace corridor;
using network::LinkIdx;
using network::NodeIdx;

namespace {

std::string random_world(std::mt19937& rng) {
  const char* cc[] = {"AZ", "GE", "AM"};
  const int n = 4 + static_cast<int>(rng() % 6);
  std::vector<std::string> country(n);
  std::ostringstream w;
  for (int i = 0; i < n; ++i) {
    country[i] = cc[rng() % 3];
    w << "node N" << i << " " << country[i] << " city";
    if (rng() % 2) w << " transfer=" << rng() % 5 << "/" << rng() % 100;
    if (rng() % 3 == 0) w << " gauge=" << rng() % 8 << "/" << rng() % 200;
    w << "\n";
  }
  const int m = n + static_cast<int>(rng() % (2 * n));
  for (int k = 0; k < m; ++k) {
    int a = static_cast<int>(rng() % n), b = static_cast<int>(rng() % n);
    if (a == b) continue;
    const char* modes[] = {"rail", "road", "ferry"};
    const char* mode = modes[rng() % 3];
    w << "link L" << k << " N" << a << (rng() % 4 == 0 ? " -> " : " -- ") << "N" << b << " " << mode
      << " km=" << 1 + rng() % 300 << " kmh=" << 20 + rng() % 60;
    if (std::string(mode) == "rail") {
      const char* g[] = {"1520", "1435", "1435;1520"};
      w << " g=" << g[rng() % 3];
    }
    if (country[a] != country[b]) w << " border dwell=" << rng() % 6 << " fee=" << rng() % 90;
    if (rng() % 8 == 0) w << " status=planned@" << 2026 + rng() % 6;
    w << "\n";
  }
  w << "profile teu vot=" << rng() % 20 << " rail=0.4 road=1 ferry=0.7\n";
  return w.str();
}

// The cheapest cost from `from` to any state of `to` over the expanded graph, by Bellman-Ford.
double oracle(const route::Router::Export& g, const network::Network& net, NodeIdx from, NodeIdx to,
              int max_borders) {
  const size_t S = g.state_node.size();
  const size_t L = max_borders < 0 ? 1 : static_cast<size_t>(max_borders) + 1;
  auto id = [&](size_t s, size_t b, size_t at) { return (b * 2 + at) * S + s; };
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> d(S * L * 2, inf);
  for (size_t s = 0; s < S; ++s)
    if (g.state_node[s] == from) d[id(s, 0, 0)] = 0;
  for (size_t round = 0; round < d.size(); ++round) {
    bool changed = false;
    for (size_t a = 0; a < g.tail.size(); ++a) {
      if (!std::isfinite(g.cost[a])) continue;
      const bool transfer = g.kind[a] == route::StepKind::transfer;
      for (size_t b = 0; b < L; ++b)
        for (size_t at = 0; at < 2; ++at) {
          const double dx = d[id(g.tail[a], b, at)];
          if (dx == inf || (transfer && at)) continue;
          const size_t nb = b + (max_borders >= 0 && g.border[a] ? 1 : 0);
          if (nb >= L) continue;
          double& dy = d[id(g.head[a], nb, transfer ? 1 : 0)];
          if (dx + g.cost[a] < dy) dy = dx + g.cost[a], changed = true;
        }
    }
    if (!changed) break;
  }
  double best = inf;
  for (size_t s = 0; s < S; ++s)
    if (g.state_node[s] == to)
      for (size_t x = 0; x < L * 2; ++x) best = std::min(best, d[x * S + s]);
  (void)net;
  return best;
}

}  // namespace

TEST(RouterOracle, ShortestEqualsBellmanFordOnRandomWorlds) {
  std::mt19937 rng(17);
  int compared = 0, reachable = 0;
  for (int round = 0; round < 60; ++round) {
    const auto net = test::world(random_world(rng));
    route::Router r(net);
    ASSERT_TRUE(r.check().empty());
    route::Workspace ws(r);
    for (int q = 0; q < 8; ++q) {
      route::Options o;
      o.profile = "teu";
      o.modes = static_cast<uint8_t>(1 + rng() % 7);
      if (rng() % 3 == 0) o.avoid = {rng() % 2 ? "GE" : "AM"};
      o.year = 2026 + static_cast<int>(rng() % 6);
      o.max_borders = static_cast<int>(rng() % 4) - 1;
      if (rng() % 3 == 0) o.banned = {LinkIdx(rng() % net.links.size())};
      const auto g = r.export_graph(o);
      std::vector<NodeIdx> all;
      for (NodeIdx v : net.nodes.ids()) all.push_back(v);
      for (NodeIdx s : net.nodes.ids()) {
        auto row = r.one_to_many(ws, s, all, o);
        for (NodeIdx t : net.nodes.ids()) {
          if (s == t) continue;
          const double want = oracle(g, net, s, t, o.max_borders);
          auto p = r.shortest(ws, s, t, o);
          const std::string what =
              "round " + std::to_string(round) + " " + net.nodes[s].id + "->" + net.nodes[t].id;
          ASSERT_EQ(p.has_value(), std::isfinite(want)) << what;
          ASSERT_EQ(row[t.v].has_value(), p.has_value()) << what;
          if (p) {
            EXPECT_NEAR(p->cost, want, 1e-6 * (1 + want)) << what;
            EXPECT_NEAR(row[t.v]->cost, want, 1e-6 * (1 + want)) << what;
            if (o.max_borders >= 0) {
              EXPECT_LE(p->borders, o.max_borders) << what;
            }
            ++reachable;
          }
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 5000);
  EXPECT_GT(reachable, 1000);
}
