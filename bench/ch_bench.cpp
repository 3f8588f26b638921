// CH vs plain Dijkstra on a DIMACS road graph (default USA-road-d.NY; override with
// CORRIDOR_BENCH_GRAPH=path). Single-threaded. Each query benchmark walks the same random pairs
// and checks every answer against Dijkstra's (the 100 x 100 table: every cell, against 100
// one-to-all Dijkstra runs); bench/ch_ratios.sh turns the JSON into ratios of the same run.
#include "corridor/ch/ch.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <random>

#include "corridor/core/reporter.h"
#include "corridor/osm/dimacs.h"
#include "corridor/route/dijkstra.h"

namespace {

using namespace corridor;

constexpr uint32_t kPairs = 300;
constexpr uint32_t kTable = 100;  // sources and targets of the table benchmark

struct World {
  std::string path;
  route::Graph g;
  std::vector<uint32_t> w;
  std::unique_ptr<ch::ContractionHierarchy> h;
  double build_seconds = 0;
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  std::vector<uint32_t> expected;  // Dijkstra's answers for `pairs`
  // The 100 x 100 table: sources pairs[i].first, targets pairs[j].second (i, j < 100), and
  // Dijkstra's answer for every cell (row-major).
  std::vector<uint32_t> table_src, table_dst, table_expected;
};

World& world() {
  static World* w = [] {
    auto* x = new World;
    const char* env = std::getenv("CORRIDOR_BENCH_GRAPH");
    x->path = env ? env : std::string(CORRIDOR_SHARED_DATA) + "/dimacs/USA-road-d.NY.gr.gz";
    auto d = osm::read_dimacs(x->path);
    x->g = osm::to_graph(d, x->w);
    std::mt19937 rng(2026);
    std::uniform_int_distribution<uint32_t> pick(0, x->g.num_nodes() - 1);
    for (uint32_t i = 0; i < kPairs; ++i) x->pairs.push_back({pick(rng), pick(rng)});
    x->expected.assign(kPairs, 0);
    route::Dijkstra<uint32_t> dij(x->g.num_nodes());
    for (uint32_t i = 0; i < kPairs; ++i) {
      dij.reset();
      dij.add_source(x->pairs[i].first);
      dij.run(x->g, x->w.data(), x->pairs[i].second);
      x->expected[i] = dij.dist(x->pairs[i].second);
    }
    for (uint32_t i = 0; i < kTable; ++i) {
      x->table_src.push_back(x->pairs[i].first);
      x->table_dst.push_back(x->pairs[i].second);
    }
    for (uint32_t i = 0; i < kTable; ++i) {  // one-to-all from each source
      dij.reset();
      dij.add_source(x->table_src[i]);
      dij.run(x->g, x->w.data());
      for (uint32_t j = 0; j < kTable; ++j) x->table_expected.push_back(dij.dist(x->table_dst[j]));
    }
    return x;
  }();
  return *w;
}

void BM_ChBuild(benchmark::State& state) {
  World& w = world();
  NullReporter rep;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    w.h = std::make_unique<ch::ContractionHierarchy>(ch::build_ch(w.g, w.w.data(), rep));
    w.build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  if (!ch::check(*w.h).empty()) state.SkipWithError("CH check failed");
  state.counters["nodes"] = w.g.num_nodes();
  state.counters["input_arcs"] = w.g.num_arcs();
  state.counters["ch_arcs"] = double(w.h->up.arcs.size() + w.h->down.arcs.size());
  state.counters["ch_MB"] = double(w.h->memory_bytes()) / 1e6;
  state.counters["peak_rss_MB"] = double(peak_rss_bytes()) / 1e6;
}
BENCHMARK(BM_ChBuild)->Iterations(1)->Unit(benchmark::kSecond);

void BM_DijkstraQuery(benchmark::State& state) {
  World& w = world();
  route::Dijkstra<uint32_t> dij(w.g.num_nodes());
  uint32_t i = 0;
  uint64_t settled = 0;
  for (auto _ : state) {
    auto [s, t] = w.pairs[i];
    dij.reset();
    dij.add_source(s);
    settled += dij.run(w.g, w.w.data(), t);
    if (dij.dist(t) != w.expected[i]) state.SkipWithError("Dijkstra answer changed");
    benchmark::DoNotOptimize(dij.dist(t));
    i = (i + 1) % kPairs;
  }
  state.counters["settled"] =
      benchmark::Counter(double(settled), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_DijkstraQuery)->Iterations(kPairs)->Unit(benchmark::kMillisecond);

void BM_ChQuery(benchmark::State& state) {
  World& w = world();
  if (!w.h) {
    state.SkipWithError("run BM_ChBuild first");
    return;
  }
  ch::ChQuery q(*w.h);
  uint32_t i = 0;
  uint64_t settled = 0, wrong = 0;
  for (auto _ : state) {
    auto [s, t] = w.pairs[i];
    uint32_t d = q.distance(s, t);
    settled += q.settled();
    wrong += d != w.expected[i];
    benchmark::DoNotOptimize(d);
    i = (i + 1) % kPairs;
  }
  if (wrong) state.SkipWithError("CH answer differs from Dijkstra");
  state.counters["settled"] =
      benchmark::Counter(double(settled), benchmark::Counter::kAvgIterations);
  state.counters["mismatches"] = double(wrong);
}
BENCHMARK(BM_ChQuery)->Iterations(kPairs * 100)->Unit(benchmark::kMicrosecond);

void BM_ChQueryWithPath(benchmark::State& state) {
  World& w = world();
  if (!w.h) {
    state.SkipWithError("run BM_ChBuild first");
    return;
  }
  ch::ChQuery q(*w.h);
  uint32_t i = 0;
  for (auto _ : state) {
    auto [s, t] = w.pairs[i];
    uint32_t d = q.distance(s, t);
    auto arcs = q.path_arcs();
    uint64_t sum = 0;
    uint32_t at = s;
    bool chain = true;
    for (uint32_t a : arcs) {
      sum += w.w[a];
      chain = chain && a >= w.g.begin(at) && a < w.g.end(at);
      at = w.g.head[a];
    }
    if (d != w.expected[i] || (d != ch::kInfWeight && (sum != d || !chain || at != t)))
      state.SkipWithError("bad path");
    benchmark::DoNotOptimize(arcs.data());
    i = (i + 1) % kPairs;
  }
}
BENCHMARK(BM_ChQueryWithPath)->Iterations(kPairs * 10)->Unit(benchmark::kMicrosecond);

void BM_ChTable100x100(benchmark::State& state) {
  World& w = world();
  if (!w.h) {
    state.SkipWithError("run BM_ChBuild first");
    return;
  }
  ch::ManyToMany m(*w.h);
  uint64_t wrong = 0, cells = 0;
  for (auto _ : state) {
    auto table = m.table(w.table_src, w.table_dst);
    benchmark::DoNotOptimize(table.data());
    state.PauseTiming();  // every cell against Dijkstra, outside the timed region
    if (table.size() != w.table_expected.size()) {
      state.SkipWithError("table has the wrong size");
      break;
    }
    for (size_t c = 0; c < table.size(); ++c) wrong += table[c] != w.table_expected[c];
    cells += table.size();
    state.ResumeTiming();
  }
  if (wrong) state.SkipWithError("table differs from Dijkstra");
  state.counters["cells_checked"] = double(cells);
  state.counters["mismatches"] = double(wrong);
}
BENCHMARK(BM_ChTable100x100)->Iterations(20)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
