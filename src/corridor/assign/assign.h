// Static user-equilibrium traffic assignment with BPR link costs.
//
// The problem is generic so that TNTP files (tntp.h, to_problem()) and the corridor network can
// both fill it: 0-based nodes, link arrays, zones that may not be passed through, OD demand.
// Link cost (generalized, in time units):
//   c_a(x) = fft_a * (1 + b_a * (x / capacity_a)^power_a) + linear_cost_a
// where linear_cost_a = toll_factor * toll_a + distance_factor * length_a. power 0 means the
// constant fft*(1+b). The Beckmann objective is sum_a integral_0^x_a c_a(w) dw.
//
// Algorithms: "fw" Frank-Wolfe, "cfw" conjugate FW, "bfw" bi-conjugate FW (all with an exact line
// search by bisection on the Beckmann derivative) and "b", the bush-based Algorithm B
// (Dial 2006) with Newton flow shifts, for tight gaps: compact bushes (about 4 bytes per bush
// and node), bush updates and the gap from the bushes' labels in parallel over origins, flow
// shifts sequential. Shortest paths use route::Dijkstra.
// Results do not depend on the thread count (fixed-shape reductions, sequential flow shifts).
//
// Multi-class (AssignProblem::classes): Algorithm B keeps one bush per (class, origin); the FW
// family moves all classes along one direction with the line search on
// sum_k sum_a d_ak c_ak (conjugate directions use the diagonal of the Jacobian). The relative gap
// covers all classes: TSTT = sum_k sum_a x_ak c_ak, SPTT = sum_k sum_od d_k * min-cost_k.
// The reported `beckmann` is sum_a int_0^V_a t_a + sum_k sum_a x_ak linear_cost_ka * pcu_k /
// time_weight_k: the objective (divided by theta) when every class has time_weight = theta * pcu;
// otherwise the classes' costs have no potential and it is only a figure to watch.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "corridor/core/reporter.h"
#include "corridor/sim/queueing.h"

namespace corridor::assign {

struct TntpNetwork;

struct OdDemand {
  uint32_t origin = 0, destination = 0;  // 0-based node ids
  double flow = 0;
};

// One user class of a multi-class assignment (AssignProblem::classes). Every class has its own
// demand and its own link costs, and all classes share the links' capacity:
//   V_a  = sum_k pcu_k * x_ak                    (total link volume in PCU)
//   c_ak = time_weight_k * t_a(V_a) + linear_cost_ka
// where t_a(V) = fft_a * (1 + b_a * (V / capacity_a)^power_a) (or the queueing cost of a queue
// link) is the flow-dependent time including free-flow time, and linear_cost_ka is the class's
// flow-independent term. Flows x_ak are in class units (vehicles, trucks, ...).
struct AssignClass {
  std::string name;                 // for messages ("no path ... for class NAME")
  std::vector<OdDemand> demand;     // in class units; duplicates summed, o == d ignored
  double pcu = 1;                   // > 0: capacity units one class unit takes
  double time_weight = 1;           // > 0: weight of t_a (e.g. value of time / base value)
  std::vector<double> linear_cost;  // per link, >= 0; empty = the problem's linear_cost
  std::vector<uint8_t> allowed;     // per link, 0 = closed to this class; empty = all open
};

struct AssignProblem {
  uint32_t num_nodes = 0;
  // Nodes with id < first_thru_node are zones: paths may start or end there but never pass
  // through them (TNTP's FIRST THRU NODE minus one). 0 = every node may be passed through.
  uint32_t first_thru_node = 0;
  std::vector<uint32_t> tail, head;    // per link
  std::vector<double> free_flow_time;  // >= 0 (zero allowed)
  std::vector<double> capacity;        // > 0 where b > 0 and power > 0
  std::vector<double> b, power;        // BPR parameters, >= 0
  std::vector<double> linear_cost;     // >= 0, flow-independent term; empty = all zero
  std::vector<OdDemand> demand;        // duplicates are summed, o == d ignored
  // Optional queueing links (borders, yards, ferries): where queue_scale[l] > 0 the link cost is
  // fft + linear + queue_scale * sim::queue_delay(queue[l], x / capacity) instead of BPR (b must
  // be 0 there). Empty = none.
  std::vector<sim::QueueDelay> queue;
  std::vector<double> queue_scale;
  // Multi-class assignment: when non-empty, `demand` must be empty and each class carries its
  // own demand, cost weights and closures (see AssignClass). Empty = one class with `demand`,
  // pcu 1, time_weight 1 and `linear_cost`.
  std::vector<AssignClass> classes;
  // Per link, non-zero = closed to every class (carries no flow; e.g. a criticality removal that
  // keeps the link numbering, so a WarmStart of the open network applies). Empty = all open.
  std::vector<uint8_t> closed;
  // Optional shared capacity: links with the same share_group value (any number) load one
  // volume, and the flow-dependent time t of each is evaluated at the sum of the group's volumes
  // (e.g. the arcs of one physical track that a state graph splits by rail gauge, one per gauge:
  // V = the total over the gauges). The links of a group must have the same free_flow_time,
  // capacity, b, power and queueing parameters (validated), so the costs keep a potential: the
  // Beckmann objective counts each group's integral once. Linear costs and closures may differ.
  // Empty = every link alone. Not with algorithm "b-old".
  std::vector<uint32_t> share_group;

  uint32_t num_links() const { return static_cast<uint32_t>(tail.size()); }
  // Throws corridor::Error(invalid_input) naming the first bad link or OD pair.
  void validate() const;
};

struct AssignOptions {
  // "b" | "fw" | "cfw" | "bfw"; "b-old" = the dense Algorithm B of before issue 17, kept so
  // that bench/assign_bench.cpp can compare the lean one against it in the same run.
  std::string algorithm = "b";
  double gap = 1e-4;  // stop when the relative gap is <= gap
  int max_iter = 10000;
  double max_seconds = 0;  // 0 = no time limit
  int threads = 0;         // 0 = all hardware threads; results identical for any value
  // Generalized-cost weights for TNTP networks (to_problem); unset = the file's <TOLL FACTOR> /
  // <DISTANCE FACTOR> metadata, else 0.
  std::optional<double> toll_factor, distance_factor;
  // Algorithm B tuning: inner_sweeps extra flow-shift sweeps over the bushes after each round of
  // bush updates; a sweep skips a bush whose excess cost (bush TSTT - bush SPTT) is below
  // sweep_skip_ratio * current relative gap * the bush's SPTT. ("b-old": skips bushes whose
  // largest path-cost difference is below sweep_skip_ratio times the largest over all bushes.)
  int inner_sweeps = 6;
  double sweep_skip_ratio = 0.05;

  void validate() const;  // throws corridor::Error(usage)
};

struct LogRow {
  int iteration = 0;
  double seconds = 0;       // wall time since the start of assign() (setup included)
  double relative_gap = 0;  // TSTT / SPTT - 1
  double aec = 0;           // average excess cost (TSTT - SPTT) / total demand
  double beckmann = 0;
  double tstt = 0;  // total system travel (generalized) cost sum_a x_a c_a(x_a)
};

struct AssignSummary {
  int iterations = 0;
  double relative_gap = 0, aec = 0, beckmann = 0, tstt = 0, sptt = 0, seconds = 0;
  std::string algorithm;
  bool converged = false;   // relative gap target reached
  std::string stop_reason;  // "gap" | "max_iter" | "max_seconds"
};

struct AssignResult {
  // Per input link at the final iterate: flow = total volume V_a (sum_k pcu_k x_ak; with no
  // classes simply the flow) and cost = t_a(V_a) + linear_cost_a (the problem's linear cost,
  // i.e. the cost of a class with time_weight 1 and no own linear cost). With share_group, flow
  // is the link's own volume and t_a is evaluated at its group's total.
  std::vector<double> flow, cost;
  // Multi-class only (problem.classes non-empty): class_flow[k][l] = x_kl in class k's units.
  std::vector<std::vector<double>> class_flow;
  std::vector<LogRow> log;  // one row per iteration (row 0 = initial AoN)
  AssignSummary summary;
};

// Called after every iteration; return false to stop early.
using IterationCallback = std::function<bool(const LogRow&)>;

AssignResult assign(const AssignProblem& problem, const AssignOptions& options, Reporter& reporter,
                    const IterationCallback& on_iteration = {});

namespace detail {
struct WarmState;
}
// Algorithm B warm start (algorithm "b" only): the final bushes (one per (class, origin)) and link
// volumes of a solved problem. Opaque; cheap to copy (shared, immutable).
struct WarmStart {
  std::shared_ptr<const detail::WarmState> state;
  bool empty() const { return !state; }
};
// As assign(); with `from` (non-empty) the solve starts from from's bushes instead of free-flow
// trees: `problem` must have the same nodes and links as the warm start's (e.g. the same problem
// with links closed via `closed`, or other demand). Bushes that contain a closed link, or miss a
// destination of the new demand, or whose (class, origin) is new, are rebuilt as shortest-path
// trees at the costs of the warm start's volumes; the others are kept with their flows. With
// `save`, the final state is stored there. Results are independent of the thread count.
// Throws Error(usage) for another algorithm or a different network.
AssignResult assign(const AssignProblem& problem, const AssignOptions& options, Reporter& reporter,
                    const WarmStart* from, WarmStart* save,
                    const IterationCallback& on_iteration = {});

// Builds the generic problem from a TNTP network (1-based ids -> 0-based; linear_cost from the
// toll and distance weights of `options`, else the file's metadata).
AssignProblem to_problem(const TntpNetwork& net, const AssignOptions& options = {});

// Link cost and Beckmann objective of given flows (per input link).
std::vector<double> link_costs(const AssignProblem& problem, const std::vector<double>& flow);
double beckmann_objective(const AssignProblem& problem, const std::vector<double>& flow);

// Gap of arbitrary link flows (e.g. best-known ones): runs one shortest-path pass.
struct Evaluation {
  double tstt = 0, sptt = 0, relative_gap = 0, aec = 0, beckmann = 0, total_demand = 0;
};
Evaluation evaluate(const AssignProblem& problem, const std::vector<double>& flow, int threads = 1);

// One all-or-nothing pass at free-flow (zero-flow) costs: the unit the benchmarks measure
// time-to-gap in. Returns the wall seconds it took (setup excluded); the process CPU seconds via
// `cpu_seconds` and the AoN flows via `flow`.
double time_all_or_nothing(const AssignProblem& problem, int threads,
                           std::vector<double>* flow = nullptr, double* cpu_seconds = nullptr);

// CPU time of this process in seconds (CLOCK_PROCESS_CPUTIME_ID), for benchmarks on shared
// machines.
double process_cpu_seconds();

}  // namespace corridor::assign
