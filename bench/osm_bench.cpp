// OSM import, CH build and queries on the shared extracts (monaco by default; override with
// CORRIDOR_BENCH_OSM=path). Single-threaded apart from libosmium's PBF decoding threads. Every
// CH answer is checked against Dijkstra on the same pairs.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <random>

#include "corridor/ch/ch.h"
#include "corridor/core/reporter.h"
#include "corridor/osm/import_osm.h"
#include "corridor/route/dijkstra.h"

namespace {

using namespace corridor;

std::string input() {
  const char* env = std::getenv("CORRIDOR_BENCH_OSM");
  return env ? env : std::string(CORRIDOR_SHARED_DATA) + "/osm/monaco.osm.pbf";
}

struct World {
  osm::FlatNetwork net;
  route::Graph g;
  std::vector<uint32_t> w;
  std::unique_ptr<ch::ContractionHierarchy> h;
};

World& world() {
  static World w;
  return w;
}

void BM_OsmImport(benchmark::State& state) {
  NullReporter rep;
  osm::OsmImportStats st;
  for (auto _ : state) world().net = osm::import_osm(input(), {}, rep, &st);
  World& w = world();
  // Throughput: OSM nodes of the file per second of import (the rate over all iterations), and
  // the process's peak memory per million OSM nodes.
  state.counters["osm_nodes"] = double(st.osm_nodes);
  state.counters["osm_nodes_per_s"] = benchmark::Counter(
      double(st.osm_nodes) * double(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["peak_MB_per_M_nodes"] =
      st.osm_nodes ? double(peak_rss_bytes()) / 1e6 / (double(st.osm_nodes) / 1e6) : 0;
  if (!osm::check(w.net).empty()) state.SkipWithError("imported network fails check()");
  w.g = w.net.graph();
  w.w = osm::arc_weights(w.net, osm::Profile::parse("truck"));
  state.counters["nodes"] = w.net.num_nodes();
  state.counters["links"] = w.net.num_links();
  state.counters["peak_rss_MB"] = double(peak_rss_bytes()) / 1e6;
}
BENCHMARK(BM_OsmImport)->Iterations(3)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_OsmChBuild(benchmark::State& state) {
  World& w = world();
  NullReporter rep;
  for (auto _ : state)
    w.h = std::make_unique<ch::ContractionHierarchy>(ch::build_ch(w.g, w.w.data(), rep));
  if (!ch::check(*w.h).empty()) state.SkipWithError("CH check failed");
}
BENCHMARK(BM_OsmChBuild)->Iterations(3)->Unit(benchmark::kMillisecond);

void BM_OsmQueries(benchmark::State& state) {
  World& w = world();
  if (!w.h || w.g.num_nodes() == 0) {
    state.SkipWithError("run BM_OsmImport and BM_OsmChBuild first");
    return;
  }
  std::mt19937 rng(5);
  std::uniform_int_distribution<uint32_t> pick(0, w.g.num_nodes() - 1);
  std::vector<std::pair<uint32_t, uint32_t>> pairs(200);
  std::vector<uint32_t> expected;
  route::Dijkstra<uint32_t> dij(w.g.num_nodes());
  for (auto& p : pairs) {
    p = {pick(rng), pick(rng)};
    dij.reset();
    dij.add_source(p.first);
    dij.run(w.g, w.w.data(), p.second);
    expected.push_back(dij.dist(p.second));
  }
  ch::ChQuery q(*w.h);
  size_t i = 0, wrong = 0;
  for (auto _ : state) {
    wrong += q.distance(pairs[i].first, pairs[i].second) != expected[i];
    i = (i + 1) % pairs.size();
  }
  if (wrong) state.SkipWithError("CH differs from Dijkstra");
}
BENCHMARK(BM_OsmQueries)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
