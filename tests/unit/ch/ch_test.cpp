#include "corridor/ch/ch.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <random>

#include "corridor/ch/files.h"
#include "corridor/core/error.h"
#include "corridor/core/files.h"
#include "unit/ch/ch_oracle.h"

namespace corridor::ch {
namespace {

struct TestGraph {
  route::Graph g;
  std::vector<uint32_t> w;
};

TestGraph make_graph(uint32_t n, const std::vector<std::array<uint32_t, 3>>& arcs) {
  std::vector<uint32_t> t, h, w0;
  for (auto& a : arcs) {
    t.push_back(a[0]);
    h.push_back(a[1]);
    w0.push_back(a[2]);
  }
  std::vector<uint32_t> in;
  TestGraph tg;
  tg.g = route::build_graph(n, t, h, &in);
  tg.w.resize(in.size());
  for (size_t a = 0; a < in.size(); ++a) tg.w[a] = w0[in[a]];
  return tg;
}

// A w x h grid with random weights (some zero), a few one-way streets, parallel arcs, loops and
// a detached island, so that unreachable pairs occur.
TestGraph random_grid(uint32_t w, uint32_t h, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<uint32_t> wt(0, 100);
  std::uniform_int_distribution<uint32_t> coin(0, 9);
  std::vector<std::array<uint32_t, 3>> arcs;
  auto id = [&](uint32_t x, uint32_t y) { return y * w + x; };
  for (uint32_t y = 0; y < h; ++y)
    for (uint32_t x = 0; x < w; ++x) {
      if (x + 1 < w) {
        uint32_t c = coin(rng);
        if (c != 0) arcs.push_back({id(x, y), id(x + 1, y), wt(rng)});
        if (c != 1) arcs.push_back({id(x + 1, y), id(x, y), wt(rng)});
        if (c == 2) arcs.push_back({id(x, y), id(x + 1, y), wt(rng)});  // parallel
      }
      if (y + 1 < h) {
        arcs.push_back({id(x, y), id(x, y + 1), wt(rng)});
        arcs.push_back({id(x, y + 1), id(x, y), wt(rng)});
      }
      if (coin(rng) == 3) arcs.push_back({id(x, y), id(x, y), 5});  // loop
    }
  const uint32_t n = w * h;
  // Island of 5 nodes.
  for (uint32_t i = 0; i < 4; ++i) arcs.push_back({n + i, n + i + 1, 10});
  return make_graph(n + 5, arcs);
}

TEST(Ch, TinyByHand) {
  // 0 -> 1 -> 2 and a costlier 0 -> 2; 3 unreachable.
  auto tg = make_graph(4, {{{0, 1, 3}}, {{1, 2, 4}}, {{0, 2, 10}}, {{2, 0, 1}}});
  NullReporter rep;
  auto h = build_ch(tg.g, tg.w.data(), rep);
  EXPECT_TRUE(check(h).empty());
  ChQuery q(h);
  EXPECT_EQ(q.distance(0, 2), 7u);
  EXPECT_EQ(q.path_arcs().size(), 2u);
  EXPECT_EQ(q.distance(2, 1), 4u);
  EXPECT_EQ(q.distance(0, 3), kInfWeight);
  EXPECT_TRUE(q.path_arcs().empty());
  EXPECT_EQ(q.distance(3, 3), 0u);
  auto nodes = (q.distance(2, 1), q.path_nodes(tg.g));
  EXPECT_EQ(nodes, (std::vector<uint32_t>{2, 0, 1}));
}

TEST(Ch, EqualsDijkstraOnRandomGrids) {
  NullReporter rep;
  for (bool legacy : {false, true})
    for (uint32_t seed = 1; seed <= 4; ++seed) {
      SCOPED_TRACE(std::string(legacy ? "legacy" : "parallel") + " builder, seed " +
                   std::to_string(seed));
      // Sanitizer builds: 14-23 x 12 grids instead of 35-50 x 25 (same options and oracles).
      auto tg = testing::kSanitizerBuild ? random_grid(11 + seed * 3, 12, seed)
                                         : random_grid(30 + seed * 5, 25, seed);
      BuildOptions opt;
      opt.legacy = legacy;
      if (seed == 2)  // many shortcuts
        opt.witness_settled_limit = opt.simulate_settled_limit = opt.pair_settled_limit =
            opt.pair_simulate_limit = 3;
      if (seed == 3) {
        opt.witness_hop_limit = 1;
        opt.independent_set_hops = 1;  // the 1-hop rule, any local minimum
        opt.set_quantile_percent = 100;
      }
      if (seed == 4) {
        opt.threads = 1;
        opt.set_quantile_percent = 30;
      }
      if (seed == 1) opt.deleted_neighbours_weight = 3000;
      auto h = build_ch(tg.g, tg.w.data(), rep, opt);
      auto errors = check(h);
      ASSERT_TRUE(errors.empty()) << errors.front();
      auto st = testing::expect_ch_equals_dijkstra(tg.g, tg.w, h, 40, 60, seed, 3);
      EXPECT_GT(st.unreachable, 0u);
      testing::expect_table_equals_dijkstra(tg.g, tg.w, h, 25, seed);
    }
}

TEST(Ch, ParallelBuildIsTheSameForAnyThreadCount) {
  NullReporter rep;
  // Large enough that the rounds really run on several threads (parallel_for goes serial below
  // 16 items; the first rounds' sets have hundreds of nodes even on the sanitizer builds'
  // 40 x 36 grid, the release builds' 90 x 80 one has thousands).
  auto tg = testing::kSanitizerBuild ? random_grid(40, 36, 11) : random_grid(90, 80, 11);
  BuildOptions one, two, four;
  one.threads = 1;
  two.threads = 2;
  four.threads = 4;
  auto a = build_ch(tg.g, tg.w.data(), rep, one);
  auto b = build_ch(tg.g, tg.w.data(), rep, two);
  auto c = build_ch(tg.g, tg.w.data(), rep, four);
  // Shortcuts collected and added in slices of 64 set nodes instead of 4096 (several slices per
  // round): also the same for any thread count.
  BuildOptions sliced_1 = one, sliced_2 = two;
  sliced_1.shortcut_slice = sliced_2.shortcut_slice = 64;
  auto s1 = build_ch(tg.g, tg.w.data(), rep, sliced_1);
  auto s2 = build_ch(tg.g, tg.w.data(), rep, sliced_2);
  EXPECT_EQ(s1.order, s2.order);
  EXPECT_EQ(s1.up.via, s2.up.via);
  EXPECT_EQ(s1.down.via, s2.down.via);
  ASSERT_EQ(s1.up.arcs.size(), s2.up.arcs.size());
  for (size_t i = 0; i < s1.up.arcs.size(); ++i) {
    ASSERT_EQ(s1.up.arcs[i].head, s2.up.arcs[i].head);
    ASSERT_EQ(s1.up.arcs[i].weight, s2.up.arcs[i].weight);
  }
  EXPECT_TRUE(check(s2).empty());
  testing::expect_ch_equals_dijkstra(tg.g, tg.w, s2, 10, 100, 4, 5);
  // The other set rule (1 hop, any local minimum), also the same for any thread count.
  BuildOptions one_hop_1 = one, one_hop_2 = two;
  one_hop_1.independent_set_hops = one_hop_2.independent_set_hops = 1;
  one_hop_1.set_quantile_percent = one_hop_2.set_quantile_percent = 100;
  auto d1 = build_ch(tg.g, tg.w.data(), rep, one_hop_1);
  auto d2 = build_ch(tg.g, tg.w.data(), rep, one_hop_2);
  EXPECT_EQ(d1.order, d2.order);
  EXPECT_EQ(d1.up.via, d2.up.via);
  EXPECT_EQ(d1.down.via, d2.down.via);
  EXPECT_EQ(a.order, b.order);
  EXPECT_EQ(a.order, c.order);
  EXPECT_EQ(a.up.via, b.up.via);
  EXPECT_EQ(a.down.via, c.down.via);
  EXPECT_EQ(a.up.first_out, c.up.first_out);
  EXPECT_EQ(a.down.first_out, b.down.first_out);
  ASSERT_EQ(a.up.arcs.size(), c.up.arcs.size());
  for (size_t i = 0; i < a.up.arcs.size(); ++i) {
    ASSERT_EQ(a.up.arcs[i].head, c.up.arcs[i].head);
    ASSERT_EQ(a.up.arcs[i].weight, c.up.arcs[i].weight);
  }
  testing::expect_ch_equals_dijkstra(tg.g, tg.w, b, 20, 100, 3, 5);
}

TEST(Ch, InfiniteWeightsAreSkipped) {
  auto tg = make_graph(3, {{{0, 1, kInfWeight}}, {{1, 2, 1}}, {{0, 2, 9}}});
  NullReporter rep;
  auto h = build_ch(tg.g, tg.w.data(), rep);
  ChQuery q(h);
  EXPECT_EQ(q.distance(0, 1), kInfWeight);
  EXPECT_EQ(q.distance(0, 2), 9u);
}

TEST(ChFile, RoundTripAndRejectsDamage) {
  auto tg = random_grid(20, 20, 9);
  NullReporter rep;
  auto h = build_ch(tg.g, tg.w.data(), rep);
  auto dir =
      std::filesystem::temp_directory_path() / ("corridor_ch_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "g.cch").string();
  write_cch(path, h, 1234, "test");
  auto loaded = read_cch(path, 1234);
  EXPECT_EQ(loaded.profile, "test");
  EXPECT_EQ(loaded.ch.up.via, h.up.via);
  EXPECT_EQ(loaded.ch.down.first_out, h.down.first_out);
  testing::expect_ch_equals_dijkstra(tg.g, tg.w, loaded.ch, 10, 50);
  // Stale fingerprint.
  EXPECT_THROW(read_cch(path, 999), Error);
  std::string image = files::read_all(path);
  auto expect_rejected = [&](std::string bytes, const char* needle) {
    files::write_atomic(path, bytes);
    try {
      read_cch(path);
      ADD_FAILURE() << "accepted a damaged file (" << needle << ")";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Errc::invalid_input);
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  expect_rejected(image.substr(0, image.size() / 2), "truncated");
  expect_rejected(image.substr(0, 20), "truncated");
  expect_rejected("", "not a .cch");
  std::string flipped = image;
  flipped[flipped.size() - 5] ^= 0x40;
  expect_rejected(flipped, "corrupt");
  std::string version = image;
  version[8] = 99;
  expect_rejected(version, "version 99");
  std::string magic = image;
  magic[0] = 'X';
  expect_rejected(magic, "not a .cch");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace corridor::ch
