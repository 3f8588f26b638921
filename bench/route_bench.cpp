// Routing on the bundled South Caucasus network. Every benchmark first checks its answers:
// Router::shortest must equal the cheapest member of the Pareto set (an independent
// multi-criteria label search) for every pair of nodes.
//   build/release/bench/corridor_route_bench
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "corridor/api/api.h"
#include "corridor/io/dataset.h"
#include "corridor/route/router.h"
#include "corridor/scenario/scenario.h"

using namespace corridor;

namespace {

struct Fixture {
  network::Network net;
  std::vector<std::pair<network::NodeIdx, network::NodeIdx>> pairs;
  Fixture() {
    std::string dir = std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus";
    auto base = io::load_dataset(dir);
    auto set = scenario::load_scenarios(dir + "/scenarios", base);
    net = scenario::apply(base, set, "tripp").net;
    std::mt19937 rng(7);
    for (int i = 0; i < 1000; ++i)
      pairs.push_back({static_cast<network::NodeIdx>(rng() % net.nodes.size()),
                       static_cast<network::NodeIdx>(rng() % net.nodes.size())});
  }
};

const Fixture& fx() {
  static Fixture f;
  return f;
}

void check_answers() {
  static bool done = false;
  if (done) return;
  const auto& f = fx();
  route::Router r(f.net);
  route::Options o;
  int checked = 0;
  for (network::NodeIdx s = 0; s < f.net.nodes.size(); ++s)
    for (network::NodeIdx t = 0; t < f.net.nodes.size(); t += 3) {
      if (s == t) continue;
      auto p = r.shortest(s, t, o);
      auto set = r.pareto(s, t, o);
      if (p.has_value() != !set.empty() || (p && std::abs(p->cost - set.front().cost) > 1e-6)) {
        std::fprintf(stderr, "MISMATCH %s -> %s\n", f.net.nodes[s].id.c_str(),
                     f.net.nodes[t].id.c_str());
        std::abort();
      }
      ++checked;
    }
  std::fprintf(stderr, "route_bench: %d shortest paths equal the Pareto minimum\n", checked);
  done = true;
}

void BM_RouterBuild(benchmark::State& st) {
  check_answers();
  for (auto _ : st) {
    route::Router r(fx().net);
    benchmark::DoNotOptimize(r.num_arcs());
  }
}
BENCHMARK(BM_RouterBuild)->Unit(benchmark::kMicrosecond);

void BM_ShortestRandomPairs(benchmark::State& st) {
  check_answers();
  route::Router r(fx().net);
  route::Options o;
  size_t i = 0;
  for (auto _ : st) {
    auto [s, t] = fx().pairs[i++ % fx().pairs.size()];
    benchmark::DoNotOptimize(r.shortest(s, t, o));
  }
  st.counters["states"] = r.num_states();
  st.counters["arcs"] = r.num_arcs();
}
BENCHMARK(BM_ShortestRandomPairs)->Unit(benchmark::kMicrosecond);

void BM_Alternatives3(benchmark::State& st) {
  route::Router r(fx().net);
  route::Options o;
  size_t i = 0;
  for (auto _ : st) {
    auto [s, t] = fx().pairs[i++ % fx().pairs.size()];
    benchmark::DoNotOptimize(r.alternatives(s, t, o, 3));
  }
}
BENCHMARK(BM_Alternatives3)->Unit(benchmark::kMicrosecond);

void BM_Pareto(benchmark::State& st) {
  route::Router r(fx().net);
  route::Options o;
  size_t i = 0;
  for (auto _ : st) {
    auto [s, t] = fx().pairs[i++ % fx().pairs.size()];
    benchmark::DoNotOptimize(r.pareto(s, t, o));
  }
}
BENCHMARK(BM_Pareto)->Unit(benchmark::kMicrosecond);

// The whole request as the CLI and the server run it: place lookup, routing, JSON.
void BM_ApiRouteBakuNakhchivan(benchmark::State& st) {
  static auto engine = api::load_engine(std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus");
  api::RouteRequest req;
  req.from = "Baku";
  req.to = "Naxçıvan";
  req.scenario = "tripp";
  for (auto _ : st) benchmark::DoNotOptimize(api::route(*engine, req).best().legs.size());
}
BENCHMARK(BM_ApiRouteBakuNakhchivan)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
