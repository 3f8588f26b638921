// CH and customizable CH vs plain Dijkstra on a road graph: DIMACS (default USA-road-d.NY;
// override with CORRIDOR_BENCH_GRAPH=path, .gr/.gr.gz/.gr.xz) or an OSM extract (.osm.pbf,
// .osm, .osm.gz: imported, truck-profile travel times). Single-threaded. Each query benchmark walks
// the same random pairs and checks every answer against Dijkstra's (the 100 x 100 table: every
// cell, against 100 one-to-all Dijkstra runs); bench/ch_ratios.sh turns the JSON into ratios of the
// same run.
#include "corridor/ch/ch.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <random>

#include "corridor/ch/cch.h"
#include "corridor/core/reporter.h"
#include "corridor/osm/dimacs.h"
#include "corridor/osm/import_osm.h"
#include "corridor/route/dijkstra.h"

namespace {

using namespace corridor;

constexpr uint32_t kPairs = 300;
constexpr uint32_t kTable = 100;  // sources and targets of the table benchmark

struct World {
  std::string path;
  route::Graph g;
  std::vector<uint32_t> w;
  std::unique_ptr<ch::ContractionHierarchy> h, h_legacy;
  double build_seconds = 0;
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  std::vector<uint32_t> expected;  // Dijkstra's answers for `pairs`
  // The 100 x 100 table: sources pairs[i].first, targets pairs[j].second (i, j < 100), and
  // Dijkstra's answer for every cell (row-major).
  std::vector<uint32_t> table_src, table_dst, table_expected;
  // Customizable CH: the topology once, three metrics (see cch_metric()).
  std::unique_ptr<ch::Cch> cch;
  std::vector<std::vector<uint32_t>> cch_weights;
  std::vector<std::unique_ptr<ch::CchMetric>> cch_metrics;
};

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Metric k of three on the same topology: 0 = the graph's weights, 1 = every arc rescaled by a
// pseudo-random factor 1..4 (plus 0..2), 2 = rescaled and one arc in eight closed (kInfWeight).
std::vector<uint32_t> cch_metric(const std::vector<uint32_t>& base, int k) {
  std::vector<uint32_t> w = base;
  std::mt19937 rng(500 + k);
  for (auto& x : w) {
    if (x == ch::kInfWeight) continue;
    if (k >= 1) x = x * (1 + rng() % 4) + rng() % 3;
    if (k == 2 && rng() % 8 == 0) x = ch::kInfWeight;
  }
  return w;
}

World& world() {
  static World* w = [] {
    auto* x = new World;
    const char* env = std::getenv("CORRIDOR_BENCH_GRAPH");
    x->path = env ? env : std::string(CORRIDOR_SHARED_DATA) + "/dimacs/USA-road-d.NY.gr.gz";
    if (ends_with(x->path, ".osm.pbf") || ends_with(x->path, ".osm") ||
        ends_with(x->path, ".osm.gz")) {
      NullReporter rep;
      auto net = osm::import_osm(x->path, {}, rep);
      x->g = net.graph();
      x->w = osm::arc_weights(net, osm::Profile::parse("truck"));
    } else {
      auto d = osm::read_dimacs(x->path);
      x->g = osm::to_graph(d, x->w);
    }
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

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

// Today's builder (2 threads) and the legacy one, alternating (legacy, new, legacy, new, ...;
// CORRIDOR_BENCH_BUILD_RUNS pairs, default 3); counters hold the medians of wall and process CPU
// time. The last hierarchy of each is kept for the query benchmarks.
void BM_ChBuild(benchmark::State& state) {
  World& w = world();
  NullReporter rep;
  const char* env = std::getenv("CORRIDOR_BENCH_BUILD_RUNS");
  const int runs = env ? std::max(1, std::atoi(env)) : 3;
  std::vector<double> wall[2], cpu[2];
  for (auto _ : state) {
    for (int i = 0; i < 2 * runs; ++i) {
      const bool legacy = i % 2 == 0;
      ch::BuildOptions opt;
      opt.legacy = legacy;
      const auto t0 = std::chrono::steady_clock::now();
      const double c0 = process_cpu_seconds();
      auto h = std::make_unique<ch::ContractionHierarchy>(ch::build_ch(w.g, w.w.data(), rep, opt));
      cpu[legacy].push_back(process_cpu_seconds() - c0);
      wall[legacy].push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      (legacy ? w.h_legacy : w.h) = std::move(h);
    }
  }
  if (!ch::check(*w.h).empty() || !ch::check(*w.h_legacy).empty())
    state.SkipWithError("CH check failed");
  w.build_seconds = median(wall[0]);
  state.counters["runs"] = runs;
  state.counters["new_wall_s"] = median(wall[0]);
  state.counters["new_cpu_s"] = median(cpu[0]);
  state.counters["legacy_wall_s"] = median(wall[1]);
  state.counters["legacy_cpu_s"] = median(cpu[1]);
  state.counters["nodes"] = w.g.num_nodes();
  state.counters["input_arcs"] = w.g.num_arcs();
  state.counters["ch_arcs"] = double(w.h->up.arcs.size() + w.h->down.arcs.size());
  state.counters["legacy_ch_arcs"] =
      double(w.h_legacy->up.arcs.size() + w.h_legacy->down.arcs.size());
  state.counters["ch_MB"] = double(w.h->memory_bytes()) / 1e6;
  state.counters["net_MB"] =
      double(w.g.first_out.size() * 4 + w.g.head.size() * 4 + w.w.size() * 4) / 1e6;
  state.counters["peak_rss_MB"] = double(peak_rss_bytes()) / 1e6;
}
BENCHMARK(BM_ChBuild)->Iterations(1)->Unit(benchmark::kSecond);

// One build only, for peak memory under /usr/bin/time -v (CORRIDOR_BENCH_BUILDER = new, legacy
// or none: the graph alone, the baseline to subtract).
void BM_ChBuildOnly(benchmark::State& state) {
  World& w = world();
  NullReporter rep;
  const char* env = std::getenv("CORRIDOR_BENCH_BUILDER");
  if (!env) {
    state.SkipWithError("set CORRIDOR_BENCH_BUILDER=new|legacy|none (used by ch_ratios.sh)");
    return;
  }
  const std::string which = env;
  for (auto _ : state) {
    if (which == "none") continue;
    ch::BuildOptions opt;
    opt.legacy = which == "legacy";
    w.h = std::make_unique<ch::ContractionHierarchy>(ch::build_ch(w.g, w.w.data(), rep, opt));
  }
  state.counters["peak_rss_MB"] = double(peak_rss_bytes()) / 1e6;
  if (w.h) state.counters["ch_MB"] = double(w.h->memory_bytes()) / 1e6;
}
BENCHMARK(BM_ChBuildOnly)->Iterations(1)->Unit(benchmark::kSecond);

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

void ch_query(benchmark::State& state, bool legacy) {
  World& w = world();
  if (!w.h || !w.h_legacy) {
    state.SkipWithError("run BM_ChBuild first");
    return;
  }
  ch::ChQuery q(legacy ? *w.h_legacy : *w.h);
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
void BM_ChQuery(benchmark::State& state) { ch_query(state, false); }
void BM_ChQueryLegacyBuild(benchmark::State& state) { ch_query(state, true); }
BENCHMARK(BM_ChQuery)->Iterations(kPairs * 100)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ChQueryLegacyBuild)->Iterations(kPairs * 100)->Unit(benchmark::kMicrosecond);

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

// --- Customizable CH -------------------------------------------------------------------------

void BM_CchBuild(benchmark::State& state) {
  World& w = world();
  NullReporter rep;
  for (auto _ : state) w.cch = std::make_unique<ch::Cch>(ch::Cch::build(w.g, rep));
  if (!w.cch->check().empty()) state.SkipWithError("CCH check failed");
  state.counters["cch_arcs"] = w.cch->num_arcs();
  state.counters["etree_height"] = w.cch->etree_height();
  state.counters["cch_MB"] = double(w.cch->memory_bytes()) / 1e6;
}
BENCHMARK(BM_CchBuild)->Iterations(1)->Unit(benchmark::kSecond);

// One iteration per metric (three), each a full customization (basic + perfect).
void BM_CchCustomize(benchmark::State& state) {
  World& w = world();
  if (!w.cch) {
    state.SkipWithError("run BM_CchBuild first");
    return;
  }
  if (w.cch_weights.empty())
    for (int k = 0; k < 3; ++k) w.cch_weights.push_back(cch_metric(w.w, k));
  w.cch_metrics.clear();
  for (auto _ : state) {
    const auto& wk = w.cch_weights[w.cch_metrics.size() % 3];
    w.cch_metrics.push_back(std::make_unique<ch::CchMetric>(w.cch->customize(wk)));
  }
  state.counters["metric_MB"] = double(w.cch_metrics[0]->memory_bytes()) / 1e6;
}
BENCHMARK(BM_CchCustomize)->Iterations(3)->Unit(benchmark::kMillisecond);

// Basic customization only (for the record: what perfect customization costs on top).
void BM_CchCustomizeBasic(benchmark::State& state) {
  World& w = world();
  if (!w.cch || w.cch_weights.empty()) {
    state.SkipWithError("run BM_CchCustomize first");
    return;
  }
  for (auto _ : state) {
    auto m = w.cch->customize(w.cch_weights[0], {.perfect = false});
    benchmark::DoNotOptimize(m.up(0));
  }
}
BENCHMARK(BM_CchCustomizeBasic)->Iterations(3)->Unit(benchmark::kMillisecond);

// Distance queries on the same pairs as BM_ChQuery, metric 0 (the same weights as the CH).
void BM_CchQuery(benchmark::State& state) {
  World& w = world();
  if (w.cch_metrics.size() < 3) {
    state.SkipWithError("run BM_CchCustomize first");
    return;
  }
  ch::CchQuery q(*w.cch_metrics[0]);
  uint32_t i = 0;
  uint64_t visited = 0, wrong = 0;
  for (auto _ : state) {
    auto [s, t] = w.pairs[i];
    uint32_t d = q.distance(s, t);
    visited += q.visited();
    wrong += d != w.expected[i];
    benchmark::DoNotOptimize(d);
    i = (i + 1) % kPairs;
  }
  if (wrong) state.SkipWithError("CCH answer differs from Dijkstra");
  state.counters["visited"] =
      benchmark::Counter(double(visited), benchmark::Counter::kAvgIterations);
  state.counters["mismatches"] = double(wrong);
}
BENCHMARK(BM_CchQuery)->Iterations(kPairs * 30)->Unit(benchmark::kMicrosecond);

void BM_CchQueryWithPath(benchmark::State& state) {
  World& w = world();
  if (w.cch_metrics.size() < 3) {
    state.SkipWithError("run BM_CchCustomize first");
    return;
  }
  ch::CchQuery q(*w.cch_metrics[0]);
  uint32_t i = 0;
  for (auto _ : state) {
    auto [s, t] = w.pairs[i];
    ch::CchPath p = q.query(s, t);
    benchmark::DoNotOptimize(p.arcs.data());
    if (p.distance != w.expected[i]) state.SkipWithError("CCH answer differs from Dijkstra");
    i = (i + 1) % kPairs;
  }
}
BENCHMARK(BM_CchQueryWithPath)->Iterations(kPairs * 10)->Unit(benchmark::kMicrosecond);

// The oracle: 10,000 random pairs (100 sources x 100 targets, one-to-all Dijkstra per source)
// under each of the three metrics; every distance compared, every path checked to chain from s
// to t over open arcs and to sum to the distance. Timed only for the record.
void BM_CchOracle10k(benchmark::State& state) {
  World& w = world();
  if (w.cch_metrics.size() < 3) {
    state.SkipWithError("run BM_CchCustomize first");
    return;
  }
  const uint32_t n = w.g.num_nodes();
  uint64_t pairs = 0, wrong = 0, bad_paths = 0, unreachable = 0;
  for (auto _ : state) {
    route::Dijkstra<uint32_t> dij(n);
    for (int k = 0; k < 3; ++k) {
      const auto& wk = w.cch_weights[k];
      ch::CchQuery q(*w.cch_metrics[k]);
      std::mt19937 rng(9000 + k);
      std::uniform_int_distribution<uint32_t> pick(0, n - 1);
      for (uint32_t i = 0; i < 100; ++i) {
        const uint32_t s = pick(rng);
        dij.reset();
        dij.add_source(s);
        dij.run(w.g, wk.data());
        for (uint32_t j = 0; j < 100; ++j) {
          const uint32_t t = pick(rng);
          ch::CchPath p = q.query(s, t);
          ++pairs;
          if (p.distance != dij.dist(t)) {
            ++wrong;
            continue;
          }
          if (p.distance == ch::kInfWeight) {
            ++unreachable;
            continue;
          }
          uint64_t sum = 0;
          uint32_t at = s;
          bool chain = true;
          for (uint32_t a : p.arcs) {
            chain = chain && a < w.g.num_arcs() && a >= w.g.begin(at) && a < w.g.end(at) &&
                    wk[a] != ch::kInfWeight;
            if (!chain) break;
            sum += wk[a];
            at = w.g.head[a];
          }
          bad_paths += !(chain && at == t && sum == p.distance);
        }
      }
    }
  }
  if (wrong) state.SkipWithError("CCH distance differs from Dijkstra");
  if (bad_paths) state.SkipWithError("CCH path does not chain or sum to its distance");
  state.counters["pairs_checked"] = double(pairs);
  state.counters["unreachable"] = double(unreachable);
  state.counters["mismatches"] = double(wrong);
  state.counters["bad_paths"] = double(bad_paths);
}
BENCHMARK(BM_CchOracle10k)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
