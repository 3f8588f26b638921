// CH and customizable CH vs plain Dijkstra on road graphs, several in one run: DIMACS .gr/.gr.gz
// (default USA-road-d.NY and USA-road-d.BAY; override with CORRIDOR_BENCH_GRAPHS=path,path,... or
// CORRIDOR_BENCH_GRAPH=path) or OSM extracts (.osm.pbf, .osm, .osm.gz: imported, truck-profile
// travel times). Every benchmark is registered once per graph (BM_ChBuild/<graph>, ...). Each
// query benchmark walks the same random pairs and checks every answer against Dijkstra's (the
// 100 x 100 table: every cell, against 100 one-to-all Dijkstra runs); bench/ch_ratios.sh turns
// the JSON into ratios of the same run.
#include "corridor/ch/ch.h"

#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <sstream>

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
  bool loaded = false;
  route::Graph g;
  std::vector<uint32_t> w;
  std::unique_ptr<ch::ContractionHierarchy> h, h_legacy;
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

// Loads the graph on first use: pairs, Dijkstra's answers for them and the table's cells.
World& load(World& x) {
  if (x.loaded) return x;
  x.loaded = true;
  if (ends_with(x.path, ".osm.pbf") || ends_with(x.path, ".osm") || ends_with(x.path, ".osm.gz")) {
    NullReporter rep;
    auto net = osm::import_osm(x.path, {}, rep);
    x.g = net.graph();
    x.w = osm::arc_weights(net, osm::Profile::parse("truck"));
  } else {
    auto d = osm::read_dimacs(x.path);
    x.g = osm::to_graph(d, x.w);
  }
  std::mt19937 rng(2026);
  std::uniform_int_distribution<uint32_t> pick(0, x.g.num_nodes() - 1);
  for (uint32_t i = 0; i < kPairs; ++i) x.pairs.push_back({pick(rng), pick(rng)});
  x.expected.assign(kPairs, 0);
  route::Dijkstra<uint32_t> dij(x.g.num_nodes());
  for (uint32_t i = 0; i < kPairs; ++i) {
    dij.reset();
    dij.add_source(x.pairs[i].first);
    dij.run(x.g, x.w.data(), x.pairs[i].second);
    x.expected[i] = dij.dist(x.pairs[i].second);
  }
  for (uint32_t i = 0; i < kTable; ++i) {
    x.table_src.push_back(x.pairs[i].first);
    x.table_dst.push_back(x.pairs[i].second);
  }
  for (uint32_t i = 0; i < kTable; ++i) {  // one-to-all from each source
    dij.reset();
    dij.add_source(x.table_src[i]);
    dij.run(x.g, x.w.data());
    for (uint32_t j = 0; j < kTable; ++j) x.table_expected.push_back(dij.dist(x.table_dst[j]));
  }
  return x;
}

// What a benchmark needs before it can run (a hierarchy built, CCH metrics customized): false,
// with the benchmark marked as failed, when it is missing.
enum class Needs { graph, ch, cch, metrics };
bool ready(benchmark::State& state, World& w, Needs needs) {
  load(w);
  const char* missing = nullptr;
  if (needs == Needs::ch && (!w.h || !w.h_legacy)) missing = "run BM_ChBuild first";
  if (needs == Needs::cch && !w.cch) missing = "run BM_CchBuild first";
  if (needs == Needs::metrics && w.cch_metrics.size() < 3) missing = "run BM_CchCustomize first";
  if (missing) state.SkipWithError(missing);
  return !missing;
}

// Runs query(s, t, expected) for the benchmark pairs in turn, one per iteration; query returns
// false on a wrong answer. Returns the number of wrong answers.
template <typename Query>
uint64_t over_pairs(benchmark::State& state, const World& w, Query&& query) {
  uint32_t i = 0;
  uint64_t wrong = 0;
  for (auto _ : state) {
    wrong += !query(w.pairs[i].first, w.pairs[i].second, w.expected[i]);
    i = (i + 1) % kPairs;
  }
  return wrong;
}

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

// VmRSS or VmHWM of this process from /proc/self/status, in bytes (0 if unavailable).
uint64_t status_bytes(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) {
      std::istringstream is(line.substr(std::string(key).size() + 1));
      uint64_t kb = 0;
      is >> kb;
      return kb * 1024;
    }
  return 0;
}

// Peak memory of one phase: freed heap memory is returned to the system, the peak (VmHWM) is
// reset (Linux: "5" to /proc/self/clear_refs), and the phase's peak is measured above the
// resident memory at its start. ok is false where the peak cannot be reset.
struct PhaseMemory {
  uint64_t start = 0;
  bool ok = false;
  PhaseMemory() {
    malloc_trim(0);
    std::ofstream f("/proc/self/clear_refs");
    f << "5";
    f.flush();
    ok = bool(f);
    start = status_bytes("VmRSS:");
  }
  double extra_bytes() const {
    const uint64_t hwm = status_bytes("VmHWM:");
    return ok && hwm >= start ? double(hwm - start) : -1;
  }
};

// Tuning knobs of the parallel builder for experiments (unset: the defaults, which is what the
// figures are).
ch::BuildOptions new_builder_options() {
  ch::BuildOptions opt;
  auto knob = [](const char* name, uint32_t& value) {
    if (const char* e = std::getenv(name)) value = static_cast<uint32_t>(std::atoi(e));
  };
  knob("CORRIDOR_BENCH_PAIR_LIMIT", opt.pair_settled_limit);
  knob("CORRIDOR_BENCH_SIM_LIMIT", opt.pair_simulate_limit);
  knob("CORRIDOR_BENCH_THREADS", opt.threads);
  knob("CORRIDOR_BENCH_LEVEL_W", opt.level_weight);
  knob("CORRIDOR_BENCH_ARC_W", opt.arc_quotient_weight);
  knob("CORRIDOR_BENCH_HOP_W", opt.hop_quotient_weight);
  knob("CORRIDOR_BENCH_DELETED_W", opt.deleted_neighbours_weight);
  knob("CORRIDOR_BENCH_SET_HOPS", opt.independent_set_hops);
  knob("CORRIDOR_BENCH_SET_QUANTILE", opt.set_quantile_percent);
  return opt;
}

// Today's builder (2 threads) and the legacy one, alternating (legacy, new, legacy, new, ...;
// CORRIDOR_BENCH_BUILD_RUNS pairs, default 3); counters hold the medians of wall time, process
// CPU time and the build's peak memory above what was resident before it (the graph is). The
// previous hierarchy of the same kind is freed before each build. The last hierarchy of each
// is kept for the query benchmarks.
void BM_ChBuild(benchmark::State& state, World* wp) {
  World& w = load(*wp);
  NullReporter rep;
  const char* env = std::getenv("CORRIDOR_BENCH_BUILD_RUNS");
  const int runs = env ? std::max(1, std::atoi(env)) : 3;
  std::vector<double> wall[2], cpu[2], mem[2];
  for (auto _ : state) {
    for (int i = 0; i < 2 * runs; ++i) {
      const bool legacy = i % 2 == 0;
      ch::BuildOptions opt = new_builder_options();
      opt.legacy = legacy;
      auto& slot = legacy ? w.h_legacy : w.h;
      slot.reset();
      const PhaseMemory phase;
      const auto t0 = std::chrono::steady_clock::now();
      const double c0 = process_cpu_seconds();
      slot = std::make_unique<ch::ContractionHierarchy>(ch::build_ch(w.g, w.w.data(), rep, opt));
      cpu[legacy].push_back(process_cpu_seconds() - c0);
      wall[legacy].push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      mem[legacy].push_back(phase.extra_bytes());
    }
  }
  if (!ch::check(*w.h).empty() || !ch::check(*w.h_legacy).empty())
    state.SkipWithError("CH check failed");
  state.counters["runs"] = runs;
  state.counters["new_wall_s"] = median(wall[0]);
  state.counters["new_cpu_s"] = median(cpu[0]);
  state.counters["legacy_wall_s"] = median(wall[1]);
  state.counters["legacy_cpu_s"] = median(cpu[1]);
  state.counters["new_build_MB"] = median(mem[0]) / 1e6;
  state.counters["legacy_build_MB"] = median(mem[1]) / 1e6;
  state.counters["nodes"] = w.g.num_nodes();
  state.counters["input_arcs"] = w.g.num_arcs();
  state.counters["ch_arcs"] = double(w.h->up.arcs.size() + w.h->down.arcs.size());
  state.counters["legacy_ch_arcs"] =
      double(w.h_legacy->up.arcs.size() + w.h_legacy->down.arcs.size());
  state.counters["ch_MB"] = double(w.h->memory_bytes()) / 1e6;
  state.counters["legacy_ch_MB"] = double(w.h_legacy->memory_bytes()) / 1e6;
  // The network: the graph's arrays and its weights.
  state.counters["net_MB"] =
      double(w.g.first_out.size() * 4 + w.g.head.size() * 4 + w.w.size() * 4) / 1e6;
  state.counters["peak_rss_MB"] = double(peak_rss_bytes()) / 1e6;
}

void BM_DijkstraQuery(benchmark::State& state, World* wp) {
  World& w = load(*wp);
  route::Dijkstra<uint32_t> dij(w.g.num_nodes());
  uint64_t settled = 0;
  const uint64_t wrong = over_pairs(state, w, [&](uint32_t s, uint32_t t, uint32_t expected) {
    dij.reset();
    dij.add_source(s);
    settled += dij.run(w.g, w.w.data(), t);
    benchmark::DoNotOptimize(dij.dist(t));
    return dij.dist(t) == expected;
  });
  if (wrong) state.SkipWithError("Dijkstra answer changed");
  state.counters["settled"] =
      benchmark::Counter(double(settled), benchmark::Counter::kAvgIterations);
}

void ch_query(benchmark::State& state, World& w, bool legacy) {
  if (!ready(state, w, Needs::ch)) return;
  ch::ChQuery q(legacy ? *w.h_legacy : *w.h);
  uint64_t settled = 0;
  const uint64_t wrong = over_pairs(state, w, [&](uint32_t s, uint32_t t, uint32_t expected) {
    const uint32_t d = q.distance(s, t);
    settled += q.settled();
    benchmark::DoNotOptimize(d);
    return d == expected;
  });
  if (wrong) state.SkipWithError("CH answer differs from Dijkstra");
  state.counters["settled"] =
      benchmark::Counter(double(settled), benchmark::Counter::kAvgIterations);
  state.counters["mismatches"] = double(wrong);
}
void BM_ChQuery(benchmark::State& state, World* w) { ch_query(state, *w, false); }
void BM_ChQueryLegacyBuild(benchmark::State& state, World* w) { ch_query(state, *w, true); }

// Input arcs `arcs` chain from s to t over arcs open under `weight` and sum to d.
bool path_ok(const World& w, const std::vector<uint32_t>& weight, uint32_t s, uint32_t t,
             uint32_t d, const std::vector<uint32_t>& arcs) {
  uint64_t sum = 0;
  uint32_t at = s;
  for (uint32_t a : arcs) {
    if (a >= w.g.num_arcs() || a < w.g.begin(at) || a >= w.g.end(at) || weight[a] == ch::kInfWeight)
      return false;
    sum += weight[a];
    at = w.g.head[a];
  }
  return at == t && sum == d;
}

void BM_ChQueryWithPath(benchmark::State& state, World* wp) {
  World& w = *wp;
  if (!ready(state, w, Needs::ch)) return;
  ch::ChQuery q(*w.h);
  const uint64_t wrong = over_pairs(state, w, [&](uint32_t s, uint32_t t, uint32_t expected) {
    const uint32_t d = q.distance(s, t);
    auto arcs = q.path_arcs();
    benchmark::DoNotOptimize(arcs.data());
    return d == expected && (d == ch::kInfWeight || path_ok(w, w.w, s, t, d, arcs));
  });
  if (wrong) state.SkipWithError("bad path");
}

void BM_ChTable100x100(benchmark::State& state, World* wp) {
  World& w = *wp;
  if (!ready(state, w, Needs::ch)) return;
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

// --- Customizable CH -------------------------------------------------------------------------

void BM_CchBuild(benchmark::State& state, World* wp) {
  World& w = load(*wp);
  NullReporter rep;
  for (auto _ : state) w.cch = std::make_unique<ch::Cch>(ch::Cch::build(w.g, rep));
  if (!w.cch->check().empty()) state.SkipWithError("CCH check failed");
  state.counters["cch_arcs"] = w.cch->num_arcs();
  state.counters["etree_height"] = w.cch->etree_height();
  state.counters["cch_MB"] = double(w.cch->memory_bytes()) / 1e6;
}

// One iteration per metric (three), each a full customization (basic + perfect).
void BM_CchCustomize(benchmark::State& state, World* wp) {
  World& w = *wp;
  if (!ready(state, w, Needs::cch)) return;
  if (w.cch_weights.empty())
    for (int k = 0; k < 3; ++k) w.cch_weights.push_back(cch_metric(w.w, k));
  w.cch_metrics.clear();
  for (auto _ : state) {
    const auto& wk = w.cch_weights[w.cch_metrics.size() % 3];
    w.cch_metrics.push_back(std::make_unique<ch::CchMetric>(w.cch->customize(wk)));
  }
  state.counters["metric_MB"] = double(w.cch_metrics[0]->memory_bytes()) / 1e6;
}

// Basic customization only (for the record: what perfect customization costs on top).
void BM_CchCustomizeBasic(benchmark::State& state, World* wp) {
  World& w = *wp;
  if (!ready(state, w, Needs::metrics)) return;
  for (auto _ : state) {
    auto m = w.cch->customize(w.cch_weights[0], {.perfect = false});
    benchmark::DoNotOptimize(m.up(0));
  }
}

// Distance queries on the same pairs as BM_ChQuery, metric 0 (the same weights as the CH).
void BM_CchQuery(benchmark::State& state, World* wp) {
  World& w = *wp;
  if (!ready(state, w, Needs::metrics)) return;
  ch::CchQuery q(*w.cch_metrics[0]);
  uint64_t visited = 0;
  const uint64_t wrong = over_pairs(state, w, [&](uint32_t s, uint32_t t, uint32_t expected) {
    const uint32_t d = q.distance(s, t);
    visited += q.visited();
    benchmark::DoNotOptimize(d);
    return d == expected;
  });
  if (wrong) state.SkipWithError("CCH answer differs from Dijkstra");
  state.counters["visited"] =
      benchmark::Counter(double(visited), benchmark::Counter::kAvgIterations);
  state.counters["mismatches"] = double(wrong);
}

void BM_CchQueryWithPath(benchmark::State& state, World* wp) {
  World& w = *wp;
  if (!ready(state, w, Needs::metrics)) return;
  ch::CchQuery q(*w.cch_metrics[0]);
  const uint64_t wrong = over_pairs(state, w, [&](uint32_t s, uint32_t t, uint32_t expected) {
    ch::CchPath p = q.query(s, t);
    benchmark::DoNotOptimize(p.arcs.data());
    return p.distance == expected &&
           (p.distance == ch::kInfWeight || path_ok(w, w.w, s, t, p.distance, p.arcs));
  });
  if (wrong) state.SkipWithError("CCH answer or path differs from Dijkstra");
}

// The oracle: 10,000 random pairs (100 sources x 100 targets, one-to-all Dijkstra per source)
// under each of the three metrics; every distance compared, every path checked to chain from s
// to t over open arcs and to sum to the distance. Timed only for the record.
void BM_CchOracle10k(benchmark::State& state, World* wp) {
  World& w = *wp;
  if (!ready(state, w, Needs::metrics)) return;
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
          } else if (p.distance == ch::kInfWeight) {
            ++unreachable;
          } else {
            bad_paths += !path_ok(w, wk, s, t, p.distance, p.arcs);
          }
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

// "USA-road-d.NY.gr.gz" -> "USA-road-d.NY": the graph's part of the benchmark names.
std::string graph_label(const std::string& path) {
  std::string s = path.substr(path.find_last_of('/') + 1);
  for (const char* ext : {".gz", ".xz", ".gr", ".pbf", ".osm"})
    if (ends_with(s, ext)) s.resize(s.size() - std::string(ext).size());
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  std::string list;
  if (const char* e = std::getenv("CORRIDOR_BENCH_GRAPHS"))
    list = e;
  else if (const char* e1 = std::getenv("CORRIDOR_BENCH_GRAPH"))
    list = e1;
  else
    list = std::string(CORRIDOR_SHARED_DATA) + "/dimacs/USA-road-d.NY.gr.gz," +
           CORRIDOR_SHARED_DATA + "/dimacs/USA-road-d.BAY.gr.gz";
  static std::vector<std::unique_ptr<World>> worlds;
  std::stringstream ss(list);
  for (std::string path; std::getline(ss, path, ',');)
    if (!path.empty()) {
      worlds.push_back(std::make_unique<World>());
      worlds.back()->path = path;
    }
  using Fn = void (*)(benchmark::State&, World*);
  struct Spec {
    const char* name;
    Fn fn;
    int64_t iterations;
    benchmark::TimeUnit unit;
  };
  const Spec specs[] = {
      {"BM_ChBuild", BM_ChBuild, 1, benchmark::kSecond},
      {"BM_DijkstraQuery", BM_DijkstraQuery, kPairs, benchmark::kMillisecond},
      {"BM_ChQuery", BM_ChQuery, kPairs * 100, benchmark::kMicrosecond},
      {"BM_ChQueryLegacyBuild", BM_ChQueryLegacyBuild, kPairs * 100, benchmark::kMicrosecond},
      {"BM_ChQueryWithPath", BM_ChQueryWithPath, kPairs * 10, benchmark::kMicrosecond},
      {"BM_ChTable100x100", BM_ChTable100x100, 20, benchmark::kMillisecond},
      {"BM_CchBuild", BM_CchBuild, 1, benchmark::kSecond},
      {"BM_CchCustomize", BM_CchCustomize, 3, benchmark::kMillisecond},
      {"BM_CchCustomizeBasic", BM_CchCustomizeBasic, 3, benchmark::kMillisecond},
      {"BM_CchQuery", BM_CchQuery, kPairs * 30, benchmark::kMicrosecond},
      {"BM_CchQueryWithPath", BM_CchQueryWithPath, kPairs * 10, benchmark::kMicrosecond},
      {"BM_CchOracle10k", BM_CchOracle10k, 1, benchmark::kSecond},
  };
  for (auto& w : worlds)
    for (const Spec& s : specs)
      benchmark::RegisterBenchmark((std::string(s.name) + "/" + graph_label(w->path)).c_str(), s.fn,
                                   w.get())
          ->Iterations(s.iterations)
          ->Unit(s.unit);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
