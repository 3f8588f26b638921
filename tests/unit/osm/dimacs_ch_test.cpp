// CH == Dijkstra on the DIMACS road graphs. rome99 always; NY and BAY in optimised builds only
// (their CH builds take seconds in Release but minutes under ASan).
#include <gtest/gtest.h>

#include <chrono>

#include "corridor/ch/ch.h"
#include "corridor/core/error.h"
#include "corridor/core/files.h"
#include "corridor/osm/dimacs.h"
#include "unit/ch/ch_oracle.h"

namespace corridor::osm {
namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(CORRIDOR_DEBUG_CHECKS)
constexpr bool kSlowBuild = true;
#else
constexpr bool kSlowBuild = false;
#endif

std::string data(const std::string& rel) { return std::string(CORRIDOR_SHARED_DATA) + "/" + rel; }

void check_dimacs(const std::string& rel, uint32_t sources, uint32_t per_source) {
  const std::string path = data(rel);
  if (!files::exists(path)) GTEST_SKIP() << "test data absent: " << path;
  auto d = read_dimacs(path);
  std::vector<uint32_t> w;
  auto g = to_graph(d, w);
  NullReporter rep;
  auto t0 = std::chrono::steady_clock::now();
  auto h = ch::build_ch(g, w.data(), rep);
  auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto errors = ch::check(h);
  ASSERT_TRUE(errors.empty()) << errors.front();
  auto st = testing::expect_ch_equals_dijkstra(g, w, h, sources, per_source);
  EXPECT_EQ(st.pairs, uint64_t{sources} * per_source);
  EXPECT_GT(st.paths_checked, 0u) << "no unpacked path was checked";
  testing::expect_table_equals_dijkstra(g, w, h, 20);
  std::printf(
      "%s: %u nodes, %u arcs, CH %zu up + %zu down arcs built in %.1f s; %llu pairs "
      "(%llu unreachable), %llu paths unpacked\n",
      rel.c_str(), g.num_nodes(), g.num_arcs(), h.up.arcs.size(), h.down.arcs.size(), secs,
      (unsigned long long)st.pairs, (unsigned long long)st.unreachable,
      (unsigned long long)st.paths_checked);
}

TEST(DimacsCh, Rome99) { check_dimacs("dimacs/rome99.gr", 100, 100); }

// The DIMACS graphs are strongly connected; close every arc into 2% of rome99's nodes so that
// unreachable pairs are part of the comparison too.
TEST(DimacsCh, Rome99WithUnreachableNodes) {
  const std::string path = data("dimacs/rome99.gr");
  if (!files::exists(path)) GTEST_SKIP() << "test data absent: " << path;
  auto d = read_dimacs(path);
  std::vector<uint32_t> w;
  auto g = to_graph(d, w);
  std::vector<uint8_t> closed(g.num_nodes(), 0);
  for (uint32_t v = 0; v < g.num_nodes(); v += 50) closed[v] = 1;
  for (uint32_t a = 0; a < g.num_arcs(); ++a)
    if (closed[g.head[a]]) w[a] = ch::kInfWeight;
  NullReporter rep;
  auto h = ch::build_ch(g, w.data(), rep);
  ASSERT_TRUE(ch::check(h).empty());
  auto st = testing::expect_ch_equals_dijkstra(g, w, h, 100, 100);
  EXPECT_GT(st.unreachable, 100u);
  testing::expect_table_equals_dijkstra(g, w, h, 30);
}

TEST(DimacsCh, NewYork) {
  if (kSlowBuild) GTEST_SKIP() << "NY CH equality runs in Release builds only (rome99 covers ASan)";
  check_dimacs("dimacs/USA-road-d.NY.gr.gz", 100, 100);
}

TEST(DimacsCh, BayArea) {
  if (kSlowBuild)
    GTEST_SKIP() << "BAY CH equality runs in Release builds only (rome99 covers ASan)";
  check_dimacs("dimacs/USA-road-d.BAY.gr.gz", 100, 100);
}

TEST(Dimacs, RejectsMalformedInput) {
  EXPECT_THROW(parse_dimacs("a 1 2 3\n"), Error);
  EXPECT_THROW(parse_dimacs("p sp 2 1\na 1 3 4\n"), Error);
  EXPECT_THROW(parse_dimacs("p sp 2 2\na 1 2 4\n"), Error);
  EXPECT_THROW(parse_dimacs("p sp 2 1\na 1 2 x\n"), Error);
  EXPECT_THROW(parse_dimacs("hello\n"), Error);
  auto g = parse_dimacs("c comment\np sp 3 2\na 1 2 4\na 2 3 5\n");
  EXPECT_EQ(g.num_nodes, 3u);
  EXPECT_EQ(g.head, (std::vector<uint32_t>{1, 2}));
  try {
    parse_dimacs("p sp 2 1\na 1 9 4\n", "x.gr");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.full_text().find("x.gr:2"), std::string::npos) << e.full_text();
  }
  // Headers cannot make us allocate for a graph the file cannot hold; weights stay 30-bit.
  EXPECT_THROW(parse_dimacs("p sp 100000000 0\n"), Error);
  // A huge arc count only reserves what the file can hold, then fails as truncated.
  EXPECT_THROW(parse_dimacs("p sp 3 4294967295\na 1 2 4\n"), Error);
  EXPECT_THROW(parse_dimacs("p sp 2 1\na 1 2 2000000000\n"), Error);
}

TEST(Ch, RefusesGraphsWhosePathCostsCouldWrap) {
  // Six arcs of 2^30 - 1 in a chain: a path could cost about 6.4e9 > 2^32.
  std::vector<uint32_t> tails, heads;
  for (uint32_t v = 0; v < 6; ++v) tails.push_back(v), heads.push_back(v + 1);
  route::Graph g = route::build_graph(7, tails, heads);
  std::vector<uint32_t> w(6, 0x3fffffff);
  NullReporter quiet;
  try {
    ch::build_ch(g, w.data(), quiet, {});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_input);
    EXPECT_NE(std::string(e.what()).find("scale the weights down"), std::string::npos);
  }
  w.assign(6, 1000);
  EXPECT_NO_THROW(ch::build_ch(g, w.data(), quiet, {}));
}

}  // namespace
}  // namespace corridor::osm
