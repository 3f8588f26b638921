// Simulation benchmarks (docs/simulation.md):
//   KernelEvents        one long M/G/1 border-post replication: events per second of the kernel
//                       (event queue, RNG streams, statistics); checks W_q against
//                       Pollaczek-Khinchine first.
//   MeghriYear100       the bundled data/caucasus/sim/tripp-meghri.toml: 365 measured days x 100
//                       replications on all hardware threads (target: under 10 s on 2 cores);
//                       checks that throughput equals the offered demand, stays under the
//                       deterministic section bound 1440 / (2 (t + t_c)) of the longest
//                       inter-loop section at the fastest speed, and that no deadlock occurred.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "corridor/sim/load.h"
#include "corridor/sim/queueing.h"
#include "corridor/sim/simulate.h"

namespace {

using namespace corridor::sim;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "sim_bench: answer check failed: %s\n", what);
  std::exit(1);
}

Model mg1() {
  Model m;
  ElementSpec e;
  e.kind = ElementSpec::Kind::border;
  e.id = "post";
  e.border.service[0] = e.border.service[1] = Distribution::uni(2, 10);
  m.elements.push_back(e);
  FlowSpec f;
  f.id = "trucks";
  f.arrivals.process = ArrivalSpec::Process::poisson;
  f.arrivals.per_day = 8 * 24;
  f.arrivals.unit = UnitKind::truck;
  f.route = {0};
  m.flows.push_back(f);
  return m;
}

void KernelEvents(benchmark::State& state) {
  const Model m = mg1();
  SimOptions o;
  o.days = 2000;
  o.warmup_days = 10;
  o.replications = 1;
  o.threads = 1;
  {
    SimResult r = simulate(m, o);
    const double exact = mg1_wait(8.0 / 60, 6, 64.0 / 12);
    if (std::abs(r.resources[0].wait_mean[0].mean - exact) > 0.05 * exact)
      fail("M/G/1 W_q off by more than 5 %");
  }
  uint64_t events = 0;
  for (auto _ : state) {
    SimResult r = simulate(m, o);
    events += r.events;
    benchmark::DoNotOptimize(r.events);
  }
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(KernelEvents)->Unit(benchmark::kMillisecond);

void MeghriYear100(benchmark::State& state) {
  const Model m =
      load_model(std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus/sim/tripp-meghri.toml");
  SimOptions o;
  o.days = 365;
  o.replications = 100;
  o.threads = 0;
  // Analytic bound from the file's own parameters.
  const ElementSpec* track = nullptr;
  for (const auto& e : m.elements)
    if (e.kind == ElementSpec::Kind::track) track = &e;
  if (!track) fail("no single track in tripp-meghri.toml");
  double longest = 0, prev = 0, vmax = 0;
  for (double km : track->track.loops_km) longest = std::max(longest, km - prev), prev = km;
  longest = std::max(longest, track->track.length_km - prev);
  for (const auto& [type, v] : track->track.speeds) vmax = std::max(vmax, v);
  // A train standing in a loop has cleared the block behind it: loop stops are not in the cycle.
  const double bound = 1440 / (2 * (longest / vmax * 60 + track->track.clearing));
  uint64_t events = 0;
  double seconds = 0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    SimResult r = simulate(m, o);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    events += r.events;
    for (const auto& d : r.directions) {
      if (d.per_day.mean > bound) fail("throughput above the section bound");
      if (std::abs(d.per_day.mean - d.offered_per_day) > 3 * d.per_day.half_width + 0.05)
        fail("throughput differs from the offered demand");
    }
    for (const auto& res : r.resources)
      if (res.deadlocks) fail("deadlock on the single track");
    state.counters["trains/day ab"] = r.directions[0].per_day.mean;
    state.counters["bound/day"] = bound;
  }
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["s per run"] = seconds / static_cast<double>(state.iterations());
}
BENCHMARK(MeghriYear100)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
