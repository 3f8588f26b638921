// Reusable query state: one Workspace reused across many queries with different filters answers
// exactly what a fresh workspace with freshly computed weights answers; the weight cache returns
// the weights a fresh computation gives, one entry per filter; one_to_many equals shortest().
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <thread>

#include "corridor/io/dataset.h"
#include "corridor/route/router.h"
#include "support/world.h"

using namespace corridor;
using network::LinkIdx;
using network::NodeIdx;

namespace {

route::Options teu_options() {
  route::Options o;
  o.profile = "teu";
  return o;
}

const network::Network& dataset() {
  static const network::Network net =
      io::load_dataset(std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus");
  return net;
}

std::vector<std::string> countries(const network::Network& net) {
  std::set<std::string> s;
  for (const auto& n : net.nodes) s.insert(n.country);
  return {s.begin(), s.end()};
}

// A random request filter: profile, modes, avoid, year, max borders and sometimes a banned link.
route::Options random_options(std::mt19937& rng, const network::Network& net) {
  static const auto cc = countries(net);
  route::Options o;
  o.profile = "teu";
  auto p = net.profiles.begin();
  std::advance(p, rng() % net.profiles.size());
  o.profile = p->first;
  o.modes = static_cast<uint8_t>(1 + rng() % 7);
  if (rng() % 4 == 0) o.modes = 0b111;
  for (int i = static_cast<int>(rng() % 3); i-- > 0;) o.avoid.push_back(cc[rng() % cc.size()]);
  o.year = 2024 + static_cast<int>(rng() % 8);
  o.max_borders = static_cast<int>(rng() % 5) - 1;
  if (rng() % 5 == 0) o.banned.push_back(LinkIdx(rng() % net.links.size()));
  return o;
}

void expect_same(const std::optional<route::Path>& a, const std::optional<route::Path>& b,
                 const std::string& what) {
  ASSERT_EQ(a.has_value(), b.has_value()) << what;
  if (!a) return;
  EXPECT_EQ(a->cost, b->cost) << what;  // bit-identical: same arcs summed in the same order
  EXPECT_EQ(a->hours, b->hours) << what;
  EXPECT_EQ(a->usd, b->usd) << what;
  EXPECT_EQ(a->borders, b->borders) << what;
  EXPECT_EQ(a->countries, b->countries) << what;
  ASSERT_EQ(a->steps.size(), b->steps.size()) << what;
  for (size_t i = 0; i < a->steps.size(); ++i) {
    EXPECT_EQ(a->steps[i].kind, b->steps[i].kind) << what;
    EXPECT_EQ(a->steps[i].link, b->steps[i].link) << what;
    EXPECT_EQ(a->steps[i].to, b->steps[i].to) << what;
  }
}

}  // namespace

TEST(Workspace, ReusedAcross1000RandomQueriesEqualsAFreshOne) {
  const auto& net = dataset();
  route::Router r(net);
  route::Workspace ws(r);
  route::Path reused_path;  // reused as well
  std::mt19937 rng(2026);
  int found = 0, none = 0, pareto_checked = 0;
  for (int i = 0; i < 1000; ++i) {
    auto o = random_options(rng, net);
    NodeIdx s(rng() % net.nodes.size()), t(rng() % net.nodes.size());
    std::string what = "query " + std::to_string(i) + " " + net.nodes[s].id + "->" +
                       net.nodes[t].id + " profile " + o.profile + " modes " +
                       std::to_string(o.modes) + " max_borders " + std::to_string(o.max_borders);
    // Reused workspace and reused output path, cached weights.
    auto w = r.weights(o);
    std::optional<route::Path> reused;
    if (r.shortest(ws, *w, s, t, o, reused_path)) reused = reused_path;
    // A fresh workspace and weights computed afresh.
    route::Workspace fresh(r);
    const route::Weights fw = r.compute_weights(o);
    route::Path fp;
    std::optional<route::Path> fresh_answer;
    if (r.shortest(fresh, fw, s, t, o, fp)) fresh_answer = fp;
    expect_same(reused, fresh_answer, what);
    // The overloads that look the weights up themselves give the same.
    expect_same(r.shortest(ws, s, t, o), reused, what);
    expect_same(r.shortest(s, t, o), reused, what);
    (reused ? found : none)++;
    // Every 10th query: the cost equals the cheapest member of the Pareto set (an independent
    // label search that applies the same filter, bans and border limit).
    if (i % 10 == 0) {
      auto set = r.pareto(s, t, o);
      ASSERT_EQ(set.empty(), !reused.has_value()) << what;
      if (reused) {
        double best = set.front().cost;
        for (const auto& p : set) best = std::min(best, p.cost);
        EXPECT_NEAR(reused->cost, best, 1e-6) << what;
      }
      ++pareto_checked;
    }
    // No banned link is ever used.
    if (reused) {
      for (const auto& st : reused->steps)
        for (LinkIdx b : o.banned) EXPECT_NE(st.link, b) << what;
    }
  }
  // The sample must exercise both outcomes, or it proves little.
  EXPECT_GT(found, 200);
  EXPECT_GT(none, 50);
  EXPECT_EQ(pareto_checked, 100);
}

TEST(Workspace, StopsGrowingAfterTheLargestQuery) {
  const auto& net = dataset();
  route::Router r(net);
  route::Workspace ws(r);
  route::Options o;
  o.profile = "teu";
  o.max_borders = 4;
  route::Path p;
  auto w = r.weights(o);
  std::mt19937 rng(1);
  std::vector<std::pair<NodeIdx, NodeIdx>> pairs;
  for (int i = 0; i < 200; ++i)
    pairs.push_back({NodeIdx(rng() % net.nodes.size()), NodeIdx(rng() % net.nodes.size())});
  int found = 0;
  for (auto [s, t] : pairs) found += r.shortest(ws, *w, s, t, o, p) ? 1 : 0;
  EXPECT_GT(found, 100);
  const size_t bytes = ws.capacity_bytes();
  const size_t path_steps = p.steps.capacity();
  EXPECT_GT(bytes, 0u);
  // The same queries again, in another order: nothing grows.
  std::shuffle(pairs.begin(), pairs.end(), rng);
  for (auto [s, t] : pairs) r.shortest(ws, *w, s, t, o, p);
  EXPECT_EQ(ws.capacity_bytes(), bytes);
  EXPECT_EQ(p.steps.capacity(), path_steps);
}

TEST(Workspace, HugeMaxBordersIsBoundedByTheBorderCount) {
  const auto& net = dataset();
  route::Router r(net);
  route::Options unlimited, huge;
  unlimited.profile = huge.profile = "teu";
  huge.max_borders = 1'000'000'000;  // would need 2e9 labels per state if not bounded
  std::mt19937 rng(5);
  for (int i = 0; i < 50; ++i) {
    NodeIdx s(rng() % net.nodes.size()), t(rng() % net.nodes.size());
    auto a = r.shortest(s, t, unlimited), b = r.shortest(s, t, huge);
    ASSERT_EQ(a.has_value(), b.has_value());
    if (a) {
      EXPECT_DOUBLE_EQ(a->cost, b->cost);
    }
  }
}

TEST(WeightCache, EqualsAFreshComputationForTheSameFilter) {
  const auto& net = dataset();
  route::Router r(net);
  std::mt19937 rng(11);
  for (int i = 0; i < 50; ++i) {
    auto o = random_options(rng, net);
    auto cached = r.weights(o);
    auto fresh = r.compute_weights(o);
    EXPECT_TRUE(cached->matches(o));
    EXPECT_EQ(cached->cost, fresh.cost);
    EXPECT_EQ(cached->usd, fresh.usd);
    EXPECT_EQ(cached->state_ok, fresh.state_ok);
    EXPECT_EQ(cached->prof, fresh.prof);
    // Asked again: the same entry, not a recomputation.
    EXPECT_EQ(r.weights(o).get(), r.weights(o).get());
  }
}

TEST(WeightCache, DifferentFiltersDoNotShareEntries) {
  const auto& net = dataset();
  route::Router r(net);
  route::Options base;
  base.profile = "teu";
  auto w0 = r.weights(base);
  std::vector<route::Options> others(5, base);
  others[0].modes = 0b001;
  others[1].avoid = {"GE"};
  others[2].year = 2030;
  others[3].profile = net.profiles.rbegin()->first;  // another profile than the default
  ASSERT_NE(others[3].profile, base.profile);
  others[4].avoid = {"GE", "TR"};
  std::set<const route::Weights*> seen = {w0.get()};
  for (const auto& o : others) {
    auto w = r.weights(o);
    EXPECT_TRUE(seen.insert(w.get()).second) << "filter shares an entry";
    EXPECT_FALSE(w->matches(base));
    EXPECT_FALSE(w0->matches(o));
  }
  EXPECT_EQ(r.cached_weights(), 6u);
  // The avoid list is a set: order and repeats do not make a new filter; max_borders and banned
  // links are applied by the search, not by the weights.
  auto same = base;
  same.avoid = {"TR", "GE", "TR"};
  EXPECT_EQ(r.weights(same).get(), r.weights(others[4]).get());
  same = base;
  same.max_borders = 2;
  same.banned = {LinkIdx(0)};
  EXPECT_EQ(r.weights(same).get(), w0.get());
  EXPECT_EQ(r.cached_weights(), 6u);
  // Filters that differ only in weights-relevant fields do give different weights.
  EXPECT_NE(r.weights(others[0])->cost, w0->cost);
  EXPECT_NE(r.weights(others[1])->cost, w0->cost);
}

TEST(WeightCache, IsBoundedAndEvictedEntriesStayValid) {
  const auto& net = dataset();
  route::Router r(net);
  route::Options o;
  o.profile = "teu";
  o.year = 1000;
  auto oldest = r.weights(o);
  const auto copy = oldest->cost;
  for (int y = 1001; y < 1001 + 2 * static_cast<int>(route::Router::kWeightCacheSize); ++y) {
    o.year = y;
    r.weights(o);
  }
  EXPECT_EQ(r.cached_weights(), route::Router::kWeightCacheSize);
  EXPECT_EQ(oldest->cost, copy);  // still readable after eviction
  o.year = 1000;
  EXPECT_NE(r.weights(o).get(), oldest.get());  // evicted: computed again
  EXPECT_EQ(r.weights(o)->cost, copy);
}

TEST(WeightCache, ConcurrentQueriesAgreeWithSerialOnes) {
  const auto& net = dataset();
  route::Router r(net);
  std::mt19937 rng(99);
  struct Q {
    route::Options o;
    NodeIdx s, t;
  };
  std::vector<Q> qs;
  for (int i = 0; i < 400; ++i) {
    auto o = random_options(rng, net);
    o.profile = "teu";
    qs.push_back({o, NodeIdx(rng() % net.nodes.size()), NodeIdx(rng() % net.nodes.size())});
  }
  std::vector<double> serial(qs.size(), -1), parallel(qs.size(), -1);
  {
    route::Router r2(net);
    for (size_t i = 0; i < qs.size(); ++i)
      if (auto p = r2.shortest(qs[i].s, qs[i].t, qs[i].o)) serial[i] = p->cost;
  }
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k)
    threads.emplace_back([&, k] {
      route::Workspace ws(r);
      for (size_t i = static_cast<size_t>(k); i < qs.size(); i += 4)
        if (auto p = r.shortest(ws, qs[i].s, qs[i].t, qs[i].o)) parallel[i] = p->cost;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(serial, parallel);
  EXPECT_LE(r.cached_weights(), route::Router::kWeightCacheSize);
}

TEST(OneToMany, EqualsShortestForEveryTargetUnderRandomFilters) {
  const auto& net = dataset();
  route::Router r(net);
  std::vector<NodeIdx> all;
  for (NodeIdx v : net.nodes.ids()) all.push_back(v);
  std::mt19937 rng(3);
  int reached = 0;
  for (int i = 0; i < 30; ++i) {
    auto o = random_options(rng, net);
    NodeIdx s(rng() % net.nodes.size());
    auto row = r.one_to_many(s, all, o);
    ASSERT_EQ(row.size(), all.size());
    for (NodeIdx t : all) {
      const std::string what = net.nodes[s].id + "->" + net.nodes[t].id;
      expect_same(row[t.v], r.shortest(s, t, o), what);
      reached += row[t.v] ? 1 : 0;
    }
  }
  EXPECT_GT(reached, 500);
  // One search: a label is settled at most once, however many targets there are, whereas a
  // search per target settles far more in total.
  route::Workspace ws(r);
  route::Options o;
  o.profile = "teu";
  for (NodeIdx s : {NodeIdx(0), NodeIdx(7), NodeIdx(20)}) {
    auto row = r.one_to_many(ws, s, all, o);
    const uint32_t one_search = ws.settled();
    EXPECT_GT(one_search, 0u);
    EXPECT_LE(one_search, 2 * r.num_states());  // unlimited borders: two labels per state
    uint64_t per_target = 0;
    for (NodeIdx t : all)
      if (t != s) {
        r.shortest(ws, s, t, o);
        per_target += ws.settled();
      }
    EXPECT_GT(per_target, 10 * uint64_t{one_search});
  }
  // Repeated and unordered targets are answered in the order asked.
  NodeIdx s(0);
  std::vector<NodeIdx> some = {NodeIdx(5), NodeIdx(2), NodeIdx(5), s};
  auto row = r.one_to_many(s, some, teu_options());
  ASSERT_EQ(row.size(), 4u);
  for (size_t i = 0; i < some.size(); ++i)
    expect_same(row[i], r.shortest(s, some[i], teu_options()), "repeat " + std::to_string(i));
}
