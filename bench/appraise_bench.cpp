// Monte Carlo of the bundled TRIPP appraisal: 1,000 draws, each a full evaluation (a corridor
// forecast at every forecast year from the opening year on, with the draw's value of time, border
// dwell and tariffs, then the CBA with its demand, capex and carbon factors), on 2 threads; prints
// draws/s, the speed-up over 1 thread measured in the same run, and the process CPU time per draw
// (independent of the load other programs put on the machine) next to the wall time.
// Before timing, the answers are checked: the same draws on 1 and 2 threads give identical
// results, and the central evaluation reproduces the appraisal's NPV.
//   build/release/bench/corridor_appraise_bench [--draws N]
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "corridor/api/api.h"
#include "corridor/api/appraise.h"

using namespace corridor;

namespace {

struct Fixture {
  std::shared_ptr<const api::Engine> engine;
  api::AppraiseResult setup;
  Fixture() {
    engine = api::load_engine(std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus");
    api::AppraiseRequest req;
    req.base = "baseline";
    req.scenario = "tripp";
    req.sensitivity = false;
    setup = api::appraise(*engine, req);
    setup.uncertainty = appraise::Uncertainty::load(setup.uncertainty_file);
  }
};

const Fixture& fx() {
  static Fixture f;
  return f;
}

appraise::DrawResult draw(const std::vector<double>& v) {
  const auto& f = fx();
  api::AppraiseFactors k;
  for (size_t i = 0; i < v.size(); ++i) {
    const auto& n = f.setup.uncertainty.names[i];
    (n == "demand"         ? k.demand
     : n == "vot"          ? k.vot
     : n == "border_dwell" ? k.border_dwell
     : n == "tariff"       ? k.tariff
     : n == "capex"        ? k.capex
                           : k.carbon) = v[i];
  }
  auto c = api::evaluate(*f.engine, f.setup, k);
  return {c.npv, c.bcr, c.headline_tonnes_final, c.eirr};
}

// CPU seconds (user + system) of this process so far, all threads.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

double seconds_of(size_t n, int threads, std::vector<appraise::DrawResult>* out,
                  double* cpu = nullptr) {
  const double c0 = cpu_seconds();
  auto t0 = std::chrono::steady_clock::now();
  auto r = appraise::run_draws(fx().setup.uncertainty, 1, n, threads, draw);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (cpu) *cpu = cpu_seconds() - c0;
  if (out) *out = std::move(r);
  return s;
}

void BM_OneEvaluation(benchmark::State& state) {
  std::vector<double> v(fx().setup.uncertainty.names.size(), 1.1);
  for (auto _ : state) benchmark::DoNotOptimize(draw(v).npv);
}
BENCHMARK(BM_OneEvaluation)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace

int main(int argc, char** argv) {
  size_t n = 1000;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--draws") == 0) n = std::strtoul(argv[i + 1], nullptr, 10);
  const auto& f = fx();
  // Answers first.
  api::AppraiseFactors one;
  if (std::abs(api::evaluate(*f.engine, f.setup, one).npv - f.setup.central.npv) > 1e-6) {
    std::fprintf(stderr, "FAIL: central evaluation differs from the appraisal\n");
    return 1;
  }
  std::vector<appraise::DrawResult> a, b;
  double cpu1 = 0;
  double s1 = seconds_of(std::min<size_t>(n, 100), 1, &a, &cpu1);
  seconds_of(std::min<size_t>(n, 100), 2, &b);
  for (size_t i = 0; i < a.size(); ++i)
    if (std::memcmp(&a[i].npv, &b[i].npv, sizeof(double)) != 0 ||
        std::memcmp(&a[i].headline, &b[i].headline, sizeof(double)) != 0) {
      std::fprintf(stderr, "FAIL: draw %zu differs between 1 and 2 threads\n", i);
      return 1;
    }
  std::printf("check: %zu draws identical on 1 and 2 threads; central NPV reproduced\n", a.size());
  std::vector<appraise::DrawResult> all;
  double cpu2 = 0;
  const double load0 = [] {
    double l[1] = {0};
    return getloadavg(l, 1) == 1 ? l[0] : -1;
  }();
  double s2 = seconds_of(n, 2, &all, &cpu2);
  auto m = appraise::summarise(all, 1);
  const double rate1 = static_cast<double>(a.size()) / s1, rate2 = static_cast<double>(n) / s2;
  std::printf("forecast years %zu (draws run those from the opening year %d on)\n",
              f.setup.forecast_years.size(), f.setup.params.opening_year);
  std::printf(
      "%zu draws on 2 threads: %.1f s wall, %.1f draws/s (1 thread: %.1f draws/s; speed-up "
      "%.2fx); load average at start %.1f\n",
      n, s2, rate2, rate1, rate2 / rate1, load0);
  const double cpu_per_draw = cpu2 / static_cast<double>(n);
  std::printf(
      "CPU time per draw: %.1f ms on 2 threads (%.1f ms on 1 thread); 1,000 draws = %.1f s of "
      "CPU, i.e. %.1f s wall on 2 otherwise idle cores (CPU / 2: %s a minute)\n",
      1e3 * cpu_per_draw, 1e3 * cpu1 / static_cast<double>(a.size()), 1000 * cpu_per_draw,
      1000 * cpu_per_draw / 2, 1000 * cpu_per_draw / 2 < 60 ? "under" : "OVER");
  std::printf("NPV P10/P50/P90 $%.1f / %.1f / %.1f m; P(NPV<0) %.3f; Meghri P50 %.0f t/yr\n",
              m.npv.p10 / 1e6, m.npv.p50 / 1e6, m.npv.p90 / 1e6, m.p_npv_negative, m.headline.p50);
  int bench_argc = 1;  // --draws is ours, not Google Benchmark's
  benchmark::Initialize(&bench_argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
