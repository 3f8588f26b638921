// Assignment benchmarks on the TNTP networks in shared/data (see docs/assignment.md).
//
//   AllOrNothing/<net>    one all-or-nothing pass at free-flow costs (the unit of comparison);
//                         checked first against an oracle in this file: flow is conserved at
//                         every node, and the total cost sum_a x_a c_a(0) equals the sum over OD
//                         pairs of demand x shortest-path cost from a plain Dijkstra that never
//                         passes through a zone; every timed pass must give the same flows.
//   OldVsNew/<net>        the lean Algorithm B ("b", issue 17) against the previous one ("b-old",
//                         kept for this) in the same process: runs alternate b-old (1 thread),
//                         b (1 thread), b (2 threads), ASSIGN_BENCH_REPS times (default 3), each
//                         to 1e-6 with the same checks as TimeToGap; reports median wall and CPU
//                         seconds, the ratios new/old, time in AoN passes (AoN passes timed in
//                         the same loop), and fails unless b gives byte-identical flows with 1
//                         and 2 threads.
//   TimeToGap/<net>/<alg> Algorithm <alg>, single-threaded, to relative gap 1e-6, reporting the
//   wall
//                         time to 1e-4 and 1e-6 (setup included, file reading excluded) both in
//                         seconds and as multiples of an AoN pass measured in the same process,
//                         plus the process's peak RSS; the same in process CPU time. Checks the
//                         Beckmann objective against the best-known one where it is published,
//                         and recomputes the final flows' gap with a fresh shortest-path pass.
//
// Run one network per process for a clean peak-memory figure: bench/assign_ratios.sh does that.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <queue>
#include <string>
#include <vector>

#include "corridor/assign/assign.h"
#include "corridor/assign/tntp.h"
#include "corridor/core/reporter.h"

namespace {

using namespace corridor::assign;

struct Net {
  const char* name;
  double toll_factor, distance_factor;
  std::optional<double> best_beckmann;
};

std::string dir_of(const Net& n) { return std::string(CORRIDOR_SHARED_DATA) + "/tntp/" + n.name; }

AssignProblem load(const Net& n, double* read_seconds = nullptr) {
  auto t0 = std::chrono::steady_clock::now();
  TntpNetwork net = read_tntp_network(dir_of(n));
  AssignOptions opt;
  opt.toll_factor = n.toll_factor;
  opt.distance_factor = n.distance_factor;
  AssignProblem p = to_problem(net, opt);
  if (read_seconds)
    *read_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return p;
}

// Median wall and CPU seconds of `reps` single-threaded AoN passes.
std::pair<double, double> median_aon_seconds(const AssignProblem& p, int reps) {
  std::vector<double> wall, cpu;
  for (int i = 0; i < reps; ++i) {
    double c = 0;
    wall.push_back(time_all_or_nothing(p, 1, nullptr, &c));
    cpu.push_back(c);
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

// Shortest-path costs from `origin` at the given link costs; a zone other than the origin is
// never passed through (it may still be reached). Binary heap, lazy deletion.
std::vector<double> zone_aware_dijkstra(const AssignProblem& p, const std::vector<double>& cost,
                                        const std::vector<std::vector<uint32_t>>& out,
                                        uint32_t origin) {
  std::vector<double> dist(p.num_nodes, std::numeric_limits<double>::infinity());
  using Item = std::pair<double, uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
  dist[origin] = 0;
  heap.push({0, origin});
  while (!heap.empty()) {
    auto [d, v] = heap.top();
    heap.pop();
    if (d > dist[v]) continue;
    if (v != origin && v < p.first_thru_node) continue;  // a zone: paths end here
    for (uint32_t a : out[v])
      if (d + cost[a] < dist[p.head[a]]) {
        dist[p.head[a]] = d + cost[a];
        heap.push({dist[p.head[a]], p.head[a]});
      }
  }
  return dist;
}

// Empty if `flow` is an all-or-nothing assignment at free-flow costs, else what is wrong.
std::string check_aon(const AssignProblem& p, const std::vector<double>& flow) {
  if (flow.size() != p.num_links()) return "wrong number of link flows";
  const std::vector<double> cost = link_costs(p, std::vector<double>(p.num_links(), 0.0));
  std::vector<double> imbalance(p.num_nodes, 0.0);  // sent - received - (out - in)
  std::map<uint32_t, std::map<uint32_t, double>> od;
  double total = 0;
  for (const OdDemand& d : p.demand) {
    if (d.origin == d.destination || d.flow == 0) continue;
    od[d.origin][d.destination] += d.flow;
    imbalance[d.origin] += d.flow;
    imbalance[d.destination] -= d.flow;
    total += d.flow;
  }
  std::vector<std::vector<uint32_t>> out(p.num_nodes);
  double got = 0;
  for (uint32_t a = 0; a < p.num_links(); ++a) {
    out[p.tail[a]].push_back(a);
    imbalance[p.tail[a]] -= flow[a];
    imbalance[p.head[a]] += flow[a];
    got += flow[a] * cost[a];
  }
  for (uint32_t v = 0; v < p.num_nodes; ++v)
    if (std::fabs(imbalance[v]) > 1e-9 * total + 1e-9)
      return "flow is not conserved at node " + std::to_string(v + 1) + " (imbalance " +
             std::to_string(imbalance[v]) + ")";
  double expected = 0;
  for (const auto& [o, dests] : od) {
    const std::vector<double> dist = zone_aware_dijkstra(p, cost, out, o);
    for (const auto& [d, f] : dests) {
      if (!std::isfinite(dist[d])) return "no path for a demand pair";
      expected += f * dist[d];
    }
  }
  if (std::fabs(got - expected) > 1e-9 * std::max(1.0, expected))
    return "total cost " + std::to_string(got) + " != shortest paths' " + std::to_string(expected);
  return "";
}

void AllOrNothing(benchmark::State& state, Net n) {
  if (!std::filesystem::exists(dir_of(n))) {
    state.SkipWithError("shared TNTP data not found; skipping");
    return;
  }
  AssignProblem p = load(n);
  std::vector<double> checked;
  time_all_or_nothing(p, 1, &checked);
  if (std::string why = check_aon(p, checked); !why.empty()) {
    state.SkipWithError(("all-or-nothing answer is wrong: " + why).c_str());
    return;
  }
  for (auto _ : state) {
    std::vector<double> flow;
    double s = time_all_or_nothing(p, 1, &flow);
    state.SetIterationTime(s);
    benchmark::DoNotOptimize(flow.data());
    if (flow != checked) state.SkipWithError("all-or-nothing flows changed between passes");
  }
}

// One run to 1e-6: the result, wall seconds to 1e-4 (NaN if not logged) and process CPU seconds.
struct Run {
  AssignResult r;
  double t4 = NAN, cpu4 = NAN, cpu6 = NAN;
};

Run run_to_gap(const AssignProblem& p, const std::string& alg, int threads) {
  AssignOptions opt;
  opt.algorithm = alg;
  opt.gap = 1e-6;
  opt.threads = threads;
  opt.max_seconds = 900;
  corridor::NullReporter rep;
  Run run;
  const double cpu0 = process_cpu_seconds();
  run.r = corridor::assign::assign(p, opt, rep, [&](const LogRow& row) {
    if (std::isnan(run.t4) && row.relative_gap <= 1e-4) {
      run.t4 = row.seconds;
      run.cpu4 = process_cpu_seconds() - cpu0;
    }
    return true;
  });
  run.cpu6 = process_cpu_seconds() - cpu0;
  if (std::isnan(run.t4)) run.t4 = run.r.summary.seconds, run.cpu4 = run.cpu6;
  return run;
}

// Empty if the run reached 1e-6 (recomputed from its flows) with the best-known Beckmann value.
std::string check_run(const AssignProblem& p, const Net& n, const Run& run) {
  const auto& s = run.r.summary;
  if (!s.converged) return "did not reach 1e-6: " + s.stop_reason;
  // The gap again, from the final flows alone (a fresh shortest-path pass), so a solver that
  // misreports its own gap cannot pass.
  if (const Evaluation e = evaluate(p, run.r.flow, 1); !(e.relative_gap <= 1e-6 * (1 + 1e-9)))
    return "the final flows' relative gap, recomputed, is above 1e-6";
  if (n.best_beckmann &&
      std::fabs(s.beckmann - *n.best_beckmann) > s.relative_gap * s.sptt + 1e-9 * *n.best_beckmann)
    return "Beckmann objective differs from the best-known one";
  return "";
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

void TimeToGap(benchmark::State& state, Net n, std::string alg) {
  if (!std::filesystem::exists(dir_of(n))) {
    state.SkipWithError("shared TNTP data not found; skipping");
    return;
  }
  double read_s = 0;
  AssignProblem p = load(n, &read_s);
  const auto [aon, aon_cpu] = median_aon_seconds(p, 5);
  Run run;
  for (auto _ : state) {
    run = run_to_gap(p, alg, 1);
    state.SetIterationTime(run.r.summary.seconds);
  }
  const auto& s = run.r.summary;
  if (std::string why = check_run(p, n, run); !why.empty()) state.SkipWithError(why.c_str());
  state.counters["read_s"] = read_s;
  state.counters["aon_s"] = aon;
  state.counters["t_1e-4_s"] = run.t4;
  state.counters["t_1e-6_s"] = s.seconds;
  state.counters["x_aon_1e-4"] = run.t4 / aon;
  state.counters["x_aon_1e-6"] = s.seconds / aon;
  // The same in CPU time (robust on a machine shared with other jobs; single-threaded run).
  state.counters["aon_cpu_s"] = aon_cpu;
  state.counters["cpu_1e-4_s"] = run.cpu4;
  state.counters["cpu_1e-6_s"] = run.cpu6;
  state.counters["x_aon_cpu_1e-4"] = run.cpu4 / aon_cpu;
  state.counters["x_aon_cpu_1e-6"] = run.cpu6 / aon_cpu;
  state.counters["iterations"] = s.iterations;
  state.counters["gap"] = s.relative_gap;
  state.counters["beckmann"] = s.beckmann;
  state.counters["peak_rss_MiB"] =
      static_cast<double>(corridor::peak_rss_bytes()) / (1024.0 * 1024.0);
}

void OldVsNew(benchmark::State& state, Net n) {
  if (!std::filesystem::exists(dir_of(n))) {
    state.SkipWithError("shared TNTP data not found; skipping");
    return;
  }
  AssignProblem p = load(n);
  int reps = 3;
  if (const char* e = std::getenv("ASSIGN_BENCH_REPS")) reps = std::max(1, std::atoi(e));
  struct Series {
    const char* alg;
    int threads;
    std::vector<double> wall, cpu, wall4, cpu4, iters;
  };
  std::vector<Series> series = {
      {"b-old", 1, {}, {}, {}, {}, {}}, {"b", 1, {}, {}, {}, {}, {}}, {"b", 2, {}, {}, {}, {}, {}}};
  std::vector<double> aon_wall, aon_cpu;
  std::string error;
  for (auto _ : state) {
    for (int rep = 0; rep < reps; ++rep) {
      double c = 0;
      aon_wall.push_back(time_all_or_nothing(p, 1, nullptr, &c));
      aon_cpu.push_back(c);
      std::vector<double> flow1;
      for (Series& s : series) {
        const Run run = run_to_gap(p, s.alg, s.threads);
        if (std::string why = check_run(p, n, run); !why.empty() && error.empty())
          error = std::string(s.alg) + ": " + why;
        s.wall.push_back(run.r.summary.seconds);
        s.cpu.push_back(run.cpu6);
        s.wall4.push_back(run.t4);
        s.cpu4.push_back(run.cpu4);
        s.iters.push_back(run.r.summary.iterations);
        if (std::string(s.alg) == "b") {
          if (s.threads == 1)
            flow1 = run.r.flow;
          else if (run.r.flow != flow1 && error.empty())
            error = "b with 2 threads gave different flows than with 1 thread";
        }
      }
    }
    state.SetIterationTime(median(series[1].wall));
  }
  if (!error.empty()) state.SkipWithError(error.c_str());
  const double aw = median(aon_wall), ac = median(aon_cpu);
  state.counters["reps"] = reps;
  state.counters["aon_s"] = aw;
  state.counters["aon_cpu_s"] = ac;
  for (const Series& s : series) {
    const std::string k = std::string(s.alg) + (s.threads == 2 ? "_2t" : "");
    state.counters[k + "_s"] = median(s.wall);
    state.counters[k + "_cpu_s"] = median(s.cpu);
    state.counters[k + "_1e-4_s"] = median(s.wall4);
    state.counters[k + "_1e-4_cpu_s"] = median(s.cpu4);
    state.counters[k + "_1e-4_x_aon_cpu"] = median(s.cpu4) / ac;
    state.counters[k + "_x_aon"] = median(s.wall) / aw;
    state.counters[k + "_x_aon_cpu"] = median(s.cpu) / ac;
    state.counters[k + "_iters"] = median(s.iters);
  }
  state.counters["ratio_new_old"] = median(series[1].wall) / median(series[0].wall);
  state.counters["ratio_new_old_cpu"] = median(series[1].cpu) / median(series[0].cpu);
  state.counters["ratio_new2t_old"] = median(series[2].wall) / median(series[0].wall);
  state.counters["ratio_new_old_cpu_1e-4"] = median(series[1].cpu4) / median(series[0].cpu4);
  state.counters["speedup_2t_wall"] = median(series[1].wall) / median(series[2].wall);
}

const Net kSioux{"SiouxFalls", 0, 0, 4231335.287107440};
const Net kAnaheim{"Anaheim", 0, 0, std::nullopt};
const Net kBarcelona{"Barcelona", 0, 0, 1265654.92203176};
const Net kChicago{"ChicagoSketch", 0.02, 0.04, 17313018.7387477};
const Net kBerlin{"Berlin-Center", 0, 0, std::nullopt};

}  // namespace

int main(int argc, char** argv) {
  const std::pair<const char*, Net> nets[] = {{"SiouxFalls", kSioux},
                                              {"Anaheim", kAnaheim},
                                              {"Barcelona", kBarcelona},
                                              {"ChicagoSketch", kChicago},
                                              {"BerlinCenter", kBerlin}};
  for (const auto& [name, net] : nets)
    benchmark::RegisterBenchmark((std::string("AllOrNothing/") + name).c_str(), AllOrNothing, net)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
  for (const auto& [name, net] : nets)
    for (const char* alg : {"b", "b-old"})
      benchmark::RegisterBenchmark((std::string("TimeToGap/") + name + "/" + alg).c_str(),
                                   TimeToGap, net, std::string(alg))
          ->UseManualTime()
          ->Iterations(1)
          ->Unit(benchmark::kSecond);
  for (const auto& [name, net] : nets)
    benchmark::RegisterBenchmark((std::string("OldVsNew/") + name).c_str(), OldVsNew, net)
        ->UseManualTime()
        ->Iterations(1)
        ->Unit(benchmark::kSecond);
  // Issue 17 asks for Chicago Regional to 1e-4. Its trips file is not in the shared data
  // (tntp/SOURCE.md: network and best-known flows only), so there is no demand to assign and no
  // figure; the benchmark says so instead of inventing a demand matrix.
  benchmark::RegisterBenchmark("TimeToGap/ChicagoRegional/b", [](benchmark::State& state) {
    const std::string dir =
        std::filesystem::path(std::string(CORRIDOR_SHARED_DATA) + "/tntp/ChicagoRegional")
            .lexically_normal()
            .string();
    const std::string why =
        std::filesystem::exists(dir + "/ChicagoRegional_trips.tntp")
            ? "ChicagoRegional_trips.tntp is present now: add ChicagoRegional to the networks "
              "of bench/assign_bench.cpp"
            : "skipped: " + dir +
                  "/ChicagoRegional_trips.tntp is missing (the shared data has only the "
                  "network, nodes and best-known flows, see tntp/SOURCE.md), so there is no "
                  "demand to assign; no demand matrix is made up";
    for (auto _ : state) {
    }
    state.SkipWithError(why.c_str());
  })->Iterations(1);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
