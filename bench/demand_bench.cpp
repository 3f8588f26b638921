// Demand-model benchmarks (docs/demand.md):
//  * BundledForecast: `corridor forecast --base baseline --scenario tripp --year 2030` on the
//    bundled dataset (all classes, base + scenario multi-class logit SUE), answers checked
//    (both runs converged, per-class totals add up, TRIPP carries freight).
//  * BundledForecastUE: the same forecast with --equilibrium ue (see below).
//  * MultiClassUE/ChicagoSketch: deterministic multi-class UE (assign::assign with two classes:
//    cars 70 % of the trips at pcu 1, trucks 30 % at pcu 2.5 and time weight 1.5) to a relative
//    gap of 1e-4, reported as a multiple of one single-class all-or-nothing pass measured in the
//    same run (counters aon_multiple, wall, and aon_multiple_cpu, process CPU); answers checked
//    (converged, class flows add up to the link volume in PCU).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "corridor/api/api.h"
#include "corridor/api/forecast.h"
#include "corridor/assign/assign.h"
#include "corridor/assign/tntp.h"
#include "corridor/core/reporter.h"

namespace {

using namespace corridor;

void BundledForecast(benchmark::State& state) {
  auto engine = api::load_engine(std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus");
  api::ForecastRequest q;
  q.base = "baseline";
  q.scenario = "tripp";
  q.year = 2030;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    auto r = api::forecast(*engine, q);
    state.SetIterationTime(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    if (!r.converged) state.SkipWithError("forecast SUE did not converge");
    if (!(r.scenario_headline_tonnes > 0)) state.SkipWithError("no freight through Meghri");
    for (const auto& c : r.classes)
      if (std::fabs(c.scenario_units - c.base_units - c.generated_units) >
          1e-6 * std::max(1.0, c.base_units))
        state.SkipWithError("class totals do not add up");
    state.counters["ods"] = static_cast<double>(r.ods.size());
    state.counters["sue_iterations"] = r.base_iterations + r.scenario_iterations;
  }
}

// The same forecast with --equilibrium ue (deterministic multi-class UE on the corridor state
// graph, path-based with column generation, shared physical-link capacity) to a relative gap of
// 1e-4; its time also as a multiple of the SUE forecast measured in the same run (median of 3).
// Answers checked: converged, both gaps <= 1e-4, totals add up, TRIPP carries freight.
void BundledForecastUE(benchmark::State& state) {
  auto engine = api::load_engine(std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus");
  api::ForecastRequest q;
  q.base = "baseline";
  q.scenario = "tripp";
  q.year = 2030;
  std::vector<double> sue;
  for (int i = 0; i < 3; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    auto r = api::forecast(*engine, q);
    sue.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    benchmark::DoNotOptimize(r.converged);
  }
  std::sort(sue.begin(), sue.end());
  q.equilibrium = "ue";
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    auto r = api::forecast(*engine, q);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    state.SetIterationTime(s);
    if (!r.converged) state.SkipWithError("forecast UE did not converge");
    if (r.base_relative_gap > 1e-4 || r.scenario_relative_gap > 1e-4)
      state.SkipWithError("UE gap above 1e-4");
    if (!(r.scenario_headline_tonnes > 0)) state.SkipWithError("no freight through Meghri");
    for (const auto& c : r.classes)
      if (std::fabs(c.scenario_units - c.base_units - c.generated_units) >
          1e-6 * std::max(1.0, c.base_units))
        state.SkipWithError("class totals do not add up");
    state.counters["ue_iterations"] = r.base_iterations + r.scenario_iterations;
    state.counters["scenario_gap"] = r.scenario_relative_gap;
    state.counters["sue_forecast_ms"] = 1000 * sue[1];
    state.counters["sue_multiple"] = s / sue[1];
  }
}

void MultiClassUE(benchmark::State& state) {
  const std::string dir = std::string(CORRIDOR_SHARED_DATA) + "/tntp/ChicagoSketch";
  if (!std::filesystem::exists(dir)) {
    state.SkipWithError("shared TNTP data (ChicagoSketch) not found; skipping");
    return;
  }
  auto net = assign::read_tntp_network(dir);
  assign::AssignOptions opt;
  opt.toll_factor = 0.02;
  opt.distance_factor = 0.04;
  opt.gap = 1e-4;
  opt.threads = 1;
  assign::AssignProblem single = assign::to_problem(net, opt);
  // One single-class AoN pass (median of 5), the unit of the ratio.
  std::vector<double> aon, aon_cpu;
  for (int i = 0; i < 5; ++i) {
    double c = 0;
    aon.push_back(assign::time_all_or_nothing(single, 1, nullptr, &c));
    aon_cpu.push_back(c);
  }
  std::sort(aon.begin(), aon.end());
  std::sort(aon_cpu.begin(), aon_cpu.end());
  const double aon_s = aon[2], aon_cpu_s = aon_cpu[2];
  assign::AssignProblem p = single;
  assign::AssignClass car, truck;
  car.name = "car";
  truck.name = "truck";
  truck.pcu = 2.5;
  truck.time_weight = 1.5;
  for (const auto& od : single.demand) {
    car.demand.push_back({od.origin, od.destination, 0.7 * od.flow});
    truck.demand.push_back({od.origin, od.destination, 0.3 * od.flow / truck.pcu});
  }
  p.demand.clear();
  p.classes = {car, truck};
  NullReporter quiet;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    const double c0 = assign::process_cpu_seconds();
    auto r = assign::assign(p, opt, quiet);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double cpu = assign::process_cpu_seconds() - c0;
    state.SetIterationTime(s);
    if (!r.summary.converged) state.SkipWithError("multi-class UE did not reach 1e-4");
    if (r.class_flow.size() != 2) {
      state.SkipWithError("no per-class flows");
      break;
    }
    double worst = 0;
    for (size_t a = 0; a < r.flow.size(); ++a)
      worst = std::max(worst, std::fabs(r.class_flow[0][a] + 2.5 * r.class_flow[1][a] - r.flow[a]) /
                                  std::max(1.0, r.flow[a]));
    if (worst > 1e-6) state.SkipWithError("class flows do not add up to the link volume");
    state.counters["aon_seconds"] = aon_s;
    state.counters["aon_multiple"] = s / aon_s;
    state.counters["aon_multiple_cpu"] = cpu / aon_cpu_s;  // robust on a shared machine
    state.counters["iterations"] = r.summary.iterations;
    state.counters["gap"] = r.summary.relative_gap;
  }
}

}  // namespace

BENCHMARK(BundledForecast)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BundledForecastUE)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(MultiClassUE)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK_MAIN();
