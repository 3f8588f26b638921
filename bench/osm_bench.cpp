// OSM import, CH build and queries on the largest shared extract (../shared/data/osm; override
// with CORRIDOR_BENCH_OSM=path). Every CH answer is checked against Dijkstra on the same pairs.
//
// Import throughput and memory are measured in forked children (each import gets its own peak
// memory counter), alternating the streaming reader (today's default) with the previous
// full-index reader (OsmImportConfig::full_node_index) in the same run:
//   BM_OsmImportNewVsOld  nodes/s, ways/s, CPU cores busy, peak MB (whole process and above the
//                         start) per million OSM nodes, ratios new/old; fails unless both give
//                         the same network.
//   BM_OsmImportPadded    the extract padded with CORRIDOR_BENCH_OSM_PAD (default 8,000,000)
//                         nodes no way uses: a country-size node count with the same network.
//                         Peak memory of each reader on both files: the streaming reader's must
//                         not grow with the unused nodes (fails if it grows > 8 MB).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>

#include "../tests/unit/osm/import_probe.h"
#include "corridor/ch/ch.h"
#include "corridor/core/reporter.h"
#include "corridor/osm/import_osm.h"
#include "corridor/route/dijkstra.h"

namespace {

using namespace corridor;
namespace fs = std::filesystem;

// CORRIDOR_BENCH_OSM, else the largest OSM file in the shared data.
std::string input() {
  if (const char* env = std::getenv("CORRIDOR_BENCH_OSM")) return env;
  const fs::path dir = fs::path(CORRIDOR_SHARED_DATA) / "osm";
  std::string best;
  uintmax_t best_size = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    const bool osm = name.find(".osm") != std::string::npos;
    if (osm && e.is_regular_file() && e.file_size() > best_size) {
      best_size = e.file_size();
      best = e.path().string();
    }
  }
  return best;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
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

// Alternating old/new imports, each in its own child; medians of 5 each.
void BM_OsmImportNewVsOld(benchmark::State& state) {
  const std::string file = input();
  if (file.empty()) return state.SkipWithError("no OSM extract in shared data");
  osm::OsmImportConfig fresh, old;
  old.full_node_index = true;
  constexpr int kRounds = 5;
  std::vector<osm::probe::Run> runs[2];
  for (auto _ : state) {
    for (int i = 0; i < kRounds; ++i)
      for (int k = 0; k < 2; ++k) {
        const int which = (i % 2) ^ k;  // alternate which goes first
        runs[which].push_back(osm::probe::import_in_child(file, which ? old : fresh));
        const auto& r = runs[which].back();
        state.SetIterationTime(r.wall_s);
        if (!r.ok) return state.SkipWithError(r.error);
      }
  }
  for (const auto& r : runs[1])
    if (r.hash != runs[0][0].hash) return state.SkipWithError("old and new networks differ");
  auto med = [&](int k, auto f) {
    std::vector<double> v;
    for (const auto& r : runs[k]) v.push_back(f(r));
    return median(v);
  };
  using R = osm::probe::Run;
  const double n = double(runs[0][0].osm_nodes) / 1e6, ways = double(runs[0][0].osm_ways);
  const double wall_new = med(0, [](const R&r) { return r.wall_s; }),
               wall_old = med(1, [](const R&r) { return r.wall_s; });
  const double cpu_new = med(0, [](const R&r) { return r.cpu_s; }),
               cpu_old = med(1, [](const R&r) { return r.cpu_s; });
  const double peak_new = med(0, [](const R&r) { return r.peak_rss / 1e6; }),
               peak_old = med(1, [](const R&r) { return r.peak_rss / 1e6; });
  const double own_new = med(0, [](const R&r) { return r.own_mb(); }),
               own_old = med(1, [](const R&r) { return r.own_mb(); });
  state.SetLabel(fs::path(file).filename().string());
  state.counters["osm_Mnodes"] = n;
  state.counters["new_nodes_per_s"] = n * 1e6 / wall_new;
  state.counters["old_nodes_per_s"] = n * 1e6 / wall_old;
  state.counters["new_ways_per_s"] = ways / wall_new;
  state.counters["new_cores_busy"] = cpu_new / wall_new;
  state.counters["old_cores_busy"] = cpu_old / wall_old;
  state.counters["new_peak_MB_per_Mnodes"] = peak_new / n;
  state.counters["old_peak_MB_per_Mnodes"] = peak_old / n;
  state.counters["new_own_MB_per_Mnodes"] = own_new / n;
  state.counters["old_own_MB_per_Mnodes"] = own_old / n;
  state.counters["ratio_wall_new_old"] = wall_new / wall_old;
  state.counters["ratio_cpu_new_old"] = cpu_new / cpu_old;
  state.counters["ratio_own_MB_new_old"] = own_old > 0 ? own_new / own_old : 0;
  state.counters["kept_node_share"] = double(runs[0][0].kept_node_ids) / (n * 1e6);
}
BENCHMARK(BM_OsmImportNewVsOld)->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_OsmImportPadded(benchmark::State& state) {
  const std::string file = input();
  if (file.empty()) return state.SkipWithError("no OSM extract in shared data");
  const char* env = std::getenv("CORRIDOR_BENCH_OSM_PAD");
  const uint64_t extra = env ? std::strtoull(env, nullptr, 10) : 8'000'000;
  const fs::path dir =
      fs::temp_directory_path() / ("corridor_osm_bench_" + std::to_string(getpid()));
  fs::create_directories(dir / "plain");  // the same file name (the network's name) in both
  fs::create_directories(dir / "padded");
  const std::string plain = (dir / "plain" / "x.osm.pbf").string(),
                    padded = (dir / "padded" / "x.osm.pbf").string();
  osm::probe::write_padded(file, plain, 0);
  osm::probe::write_padded(file, padded, extra);
  osm::OsmImportConfig fresh, old;
  old.full_node_index = true;
  osm::probe::Run r[4];
  for (auto _ : state) {
    r[0] = osm::probe::import_in_child(plain, fresh);
    r[1] = osm::probe::import_in_child(padded, fresh);
    r[2] = osm::probe::import_in_child(plain, old);
    r[3] = osm::probe::import_in_child(padded, old);
    state.SetIterationTime(r[1].wall_s);
  }
  fs::remove_all(dir);
  for (const auto& x : r)
    if (!x.ok) return state.SkipWithError(x.error);
  for (const auto& x : r)
    if (x.hash != r[0].hash) return state.SkipWithError("padding changed the network");
  const double n = double(r[1].osm_nodes) / 1e6;
  state.SetLabel(std::to_string(r[1].osm_nodes) + " nodes (" + std::to_string(extra) + " unused)");
  state.counters["new_nodes_per_s"] = r[1].nodes_per_s();
  state.counters["old_nodes_per_s"] = r[3].nodes_per_s();
  state.counters["ratio_wall_new_old"] = r[1].wall_s / r[3].wall_s;
  state.counters["new_cores_busy"] = r[1].cpu_s / r[1].wall_s;
  state.counters["new_own_MB_plain"] = r[0].own_mb();
  state.counters["new_own_MB_padded"] = r[1].own_mb();
  state.counters["old_own_MB_plain"] = r[2].own_mb();
  state.counters["old_own_MB_padded"] = r[3].own_mb();
  state.counters["new_peak_MB_per_Mnodes"] = r[1].peak_rss / 1e6 / n;
  state.counters["old_peak_MB_per_Mnodes"] = r[3].peak_rss / 1e6 / n;
  state.counters["ratio_own_MB_padded_new_old"] = r[1].own_mb() / r[3].own_mb();
  if (r[1].own_mb() - r[0].own_mb() > 8.0)
    state.SkipWithError("streaming import's peak grew with nodes no way uses");
}
BENCHMARK(BM_OsmImportPadded)->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_OsmImport(benchmark::State& state) {
  NullReporter rep;
  osm::OsmImportStats st;
  for (auto _ : state) world().net = osm::import_osm(input(), {}, rep, &st);
  World& w = world();
  state.counters["osm_nodes_per_s"] = benchmark::Counter(
      double(st.osm_nodes) * double(state.iterations()), benchmark::Counter::kIsRate);
  if (!osm::check(w.net).empty()) state.SkipWithError("imported network fails check()");
  w.g = w.net.graph();
  w.w = osm::arc_weights(w.net, osm::Profile::parse("truck"));
  state.counters["nodes"] = w.net.num_nodes();
  state.counters["links"] = w.net.num_links();
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
