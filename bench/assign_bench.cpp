// Assignment benchmarks on the TNTP networks in shared/data (see docs/assignment.md).
//
//   AllOrNothing/<net>    one all-or-nothing pass at free-flow costs (the unit of comparison);
//                         checked first against an oracle in this file: flow is conserved at
//                         every node, and the total cost sum_a x_a c_a(0) equals the sum over OD
//                         pairs of demand x shortest-path cost from a plain Dijkstra that never
//                         passes through a zone; every timed pass must give the same flows.
//   TimeToGap/<net>       Algorithm B, single-threaded, to relative gap 1e-6, reporting the wall
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

void TimeToGap(benchmark::State& state, Net n) {
  if (!std::filesystem::exists(dir_of(n))) {
    state.SkipWithError("shared TNTP data not found; skipping");
    return;
  }
  double read_s = 0;
  AssignProblem p = load(n, &read_s);
  const auto [aon, aon_cpu] = median_aon_seconds(p, 5);
  AssignResult r;
  double t4 = NAN, cpu4 = NAN, cpu6 = NAN;
  for (auto _ : state) {
    AssignOptions opt;
    opt.algorithm = "b";
    opt.gap = 1e-6;
    opt.threads = 1;
    opt.max_seconds = 600;
    corridor::NullReporter rep;
    t4 = cpu4 = NAN;
    const double cpu0 = process_cpu_seconds();
    r = corridor::assign::assign(p, opt, rep, [&](const LogRow& row) {
      if (std::isnan(t4) && row.relative_gap <= 1e-4) {
        t4 = row.seconds;
        cpu4 = process_cpu_seconds() - cpu0;
      }
      return true;
    });
    cpu6 = process_cpu_seconds() - cpu0;
    if (std::isnan(t4)) t4 = r.summary.seconds, cpu4 = cpu6;  // both gaps in the same iteration
    state.SetIterationTime(r.summary.seconds);
  }
  const auto& s = r.summary;
  if (!s.converged) state.SkipWithError(("did not reach 1e-6: " + s.stop_reason).c_str());
  // The gap again, from the final flows alone (a fresh shortest-path pass), so a solver that
  // misreports its own gap cannot pass.
  if (const Evaluation e = evaluate(p, r.flow, 1); !(e.relative_gap <= 1e-6 * (1 + 1e-9)))
    state.SkipWithError("the final flows' relative gap, recomputed, is above 1e-6");
  if (n.best_beckmann &&
      std::fabs(s.beckmann - *n.best_beckmann) > s.relative_gap * s.sptt + 1e-9 * *n.best_beckmann)
    state.SkipWithError("Beckmann objective differs from the best-known one");
  state.counters["read_s"] = read_s;
  state.counters["aon_s"] = aon;
  state.counters["t_1e-4_s"] = t4;
  state.counters["t_1e-6_s"] = s.seconds;
  state.counters["x_aon_1e-4"] = t4 / aon;
  state.counters["x_aon_1e-6"] = s.seconds / aon;
  // The same in CPU time (robust on a machine shared with other jobs; single-threaded run).
  state.counters["aon_cpu_s"] = aon_cpu;
  state.counters["cpu_1e-4_s"] = cpu4;
  state.counters["cpu_1e-6_s"] = cpu6;
  state.counters["x_aon_cpu_1e-4"] = cpu4 / aon_cpu;
  state.counters["x_aon_cpu_1e-6"] = cpu6 / aon_cpu;
  state.counters["iterations"] = s.iterations;
  state.counters["gap"] = s.relative_gap;
  state.counters["beckmann"] = s.beckmann;
  state.counters["peak_rss_MiB"] =
      static_cast<double>(corridor::peak_rss_bytes()) / (1024.0 * 1024.0);
}

const Net kSioux{"SiouxFalls", 0, 0, 4231335.287107440};
const Net kAnaheim{"Anaheim", 0, 0, std::nullopt};
const Net kBarcelona{"Barcelona", 0, 0, 1265654.92203176};
const Net kChicago{"ChicagoSketch", 0.02, 0.04, 17313018.7387477};
const Net kBerlin{"Berlin-Center", 0, 0, std::nullopt};

#define ASSIGN_NETS(fn, ...)                                   \
  BENCHMARK_CAPTURE(fn, SiouxFalls, kSioux)->__VA_ARGS__;      \
  BENCHMARK_CAPTURE(fn, Anaheim, kAnaheim)->__VA_ARGS__;       \
  BENCHMARK_CAPTURE(fn, Barcelona, kBarcelona)->__VA_ARGS__;   \
  BENCHMARK_CAPTURE(fn, ChicagoSketch, kChicago)->__VA_ARGS__; \
  BENCHMARK_CAPTURE(fn, BerlinCenter, kBerlin)->__VA_ARGS__

ASSIGN_NETS(AllOrNothing, UseManualTime()->Unit(benchmark::kMillisecond));
ASSIGN_NETS(TimeToGap, UseManualTime()->Iterations(1)->Unit(benchmark::kSecond));

}  // namespace

BENCHMARK_MAIN();
