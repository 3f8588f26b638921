#include "corridor/assign/assign.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>

#include "corridor/assign/detail/network.h"
#include "corridor/assign/detail/solver.h"
#include "corridor/assign/tntp.h"
#include "corridor/core/error.h"

namespace corridor::assign {

void AssignOptions::validate() const {
  if (algorithm != "b" && algorithm != "fw" && algorithm != "cfw" && algorithm != "bfw" &&
      algorithm != "b-old")
    throw Error(Errc::usage,
                fmt::format("unknown assignment algorithm '{}' (use b, fw, cfw or bfw)", algorithm),
                {}, {"b", "fw", "cfw", "bfw"});
  if (!(gap >= 0) || !std::isfinite(gap))
    throw Error(Errc::usage, "the relative gap target must be a finite number >= 0");
  if (max_iter < 0) throw Error(Errc::usage, "max_iter must be >= 0");
  if (!(max_seconds >= 0)) throw Error(Errc::usage, "max_seconds must be >= 0");
  if (threads < 0) throw Error(Errc::usage, "threads must be >= 0");
  if (inner_sweeps < 0) throw Error(Errc::usage, "inner_sweeps must be >= 0");
  if (!(sweep_skip_ratio >= 0 && sweep_skip_ratio <= 1))
    throw Error(Errc::usage, "sweep_skip_ratio must be in [0, 1]");
  for (const auto& f : {toll_factor, distance_factor})
    if (f && !(*f >= 0 && std::isfinite(*f)))
      throw Error(Errc::usage, "toll and distance factors must be finite numbers >= 0");
}

namespace detail {

bool Solver::record(int iter, double tstt, double beckmann, double sptt) {
  LogRow row;
  row.iteration = iter;
  row.tstt = tstt;
  row.beckmann = beckmann;
  row.relative_gap = sptt > 0 ? tstt / sptt - 1 : 0;
  row.aec = net.total_demand > 0 ? (tstt - sptt) / net.total_demand : 0;
  row.seconds = seconds();
  last_sptt_ = sptt;
  log_.push_back(row);
  rep_.log(fmt::format("assign {} iter {:4d}  {:8.3f}s  gap {:.3e}  aec {:.3e}  beckmann {:.10g}",
                       opt.algorithm, iter, row.seconds, row.relative_gap, row.aec, row.beckmann));
  // Progress: how far the gap has come down from the first iteration to the target, on a log
  // scale (a bar on a terminal; nothing when stderr is piped).
  if (log_.size() >= 1 && log_.front().relative_gap > 0 && row.relative_gap > 0 && opt.gap > 0) {
    const double g0 = std::log10(log_.front().relative_gap), g = std::log10(row.relative_gap),
                 gt = std::log10(opt.gap);
    const double done = g0 > gt ? std::clamp((g0 - g) / (g0 - gt), 0.0, 1.0) : 1.0;
    rep_.progress(fmt::format("assign {} gap {:.1e}", opt.algorithm, row.relative_gap),
                  static_cast<uint64_t>(done * 1000), 1000);
  }
  if (row.relative_gap <= opt.gap) {
    stop_reason_ = "gap";
    return false;
  }
  if (iter >= opt.max_iter) {
    stop_reason_ = "max_iter";
    return false;
  }
  if (opt.max_seconds > 0 && row.seconds >= opt.max_seconds) {
    stop_reason_ = "max_seconds";
    return false;
  }
  if (cb_ && !cb_(row)) {
    stop_reason_ = "callback";
    return false;
  }
  return true;
}

}  // namespace detail

AssignResult assign(const AssignProblem& problem, const AssignOptions& options, Reporter& reporter,
                    const IterationCallback& on_iteration) {
  return assign(problem, options, reporter, nullptr, nullptr, on_iteration);
}

AssignResult assign(const AssignProblem& problem, const AssignOptions& options, Reporter& reporter,
                    const WarmStart* from, WarmStart* save, const IterationCallback& on_iteration) {
  options.validate();
  if (options.algorithm == "b-old" && !problem.share_group.empty())
    throw Error(Errc::usage, "algorithm b-old has no shared capacity (share_group)");
  const bool warm = (from && !from->empty()) || save;
  if (warm && options.algorithm != "b")
    throw Error(Errc::usage, "a warm start needs algorithm b, not '" + options.algorithm + "'");
  detail::Net net = detail::build_net(problem);
  detail::Solver solver(net, options, reporter, on_iteration);
  std::vector<double> X;
  if (options.algorithm == "b")
    detail::run_algorithm_b(solver, X, from ? from->state.get() : nullptr,
                            save ? &save->state : nullptr);
  else if (options.algorithm == "b-old")
    detail::run_algorithm_b_old(solver, X);
  else
    detail::run_frank_wolfe(solver, X);
  AssignResult r;
  const uint32_t m = problem.num_links(), na = net.num_arcs();
  std::vector<double> V;
  if (X.empty()) X.assign(static_cast<size_t>(net.num_classes()) * na, 0.0);
  detail::total_volume(net, X, V, false);
  std::vector<double> Vs = V;  // the volumes the costs see (the group's with share groups)
  net.share(Vs);
  r.flow.assign(m, 0.0);
  r.cost.assign(m, 0.0);
  for (uint32_t l = 0; l < m; ++l) {
    const uint32_t a = net.arc_of_link[l];
    r.flow[l] = V[a];
    r.cost[l] = net.cost(a, Vs[a]);
  }
  if (net.multi) {
    r.class_flow.assign(net.num_classes(), std::vector<double>(m, 0.0));
    for (uint32_t c = 0; c < net.num_classes(); ++c)
      for (uint32_t l = 0; l < m; ++l)
        r.class_flow[c][l] = X[static_cast<size_t>(c) * na + net.arc_of_link[l]];
  }
  r.log = solver.log();
  reporter.finish("assign");
  auto& s = r.summary;
  s.algorithm = options.algorithm;
  if (!r.log.empty()) {
    const auto& last = r.log.back();
    s.iterations = last.iteration;
    s.relative_gap = last.relative_gap;
    s.aec = last.aec;
    s.beckmann = last.beckmann;
    s.tstt = last.tstt;
    s.sptt = solver.last_sptt();
  }
  s.seconds = solver.seconds();
  s.stop_reason = solver.stop_reason();
  s.converged = s.stop_reason == "gap";
  reporter.finish("assign");
  return r;
}

AssignProblem to_problem(const TntpNetwork& net, const AssignOptions& options) {
  AssignProblem p;
  p.num_nodes = net.num_nodes;
  p.first_thru_node = net.first_thru_node > 0 ? net.first_thru_node - 1 : 0;
  const double tf = options.toll_factor.value_or(net.toll_factor.value_or(0.0));
  const double df = options.distance_factor.value_or(net.distance_factor.value_or(0.0));
  const size_t m = net.links.size();
  p.tail.reserve(m);
  p.head.reserve(m);
  for (const auto& l : net.links) {
    p.tail.push_back(l.init - 1);
    p.head.push_back(l.term - 1);
    p.free_flow_time.push_back(l.free_flow_time);
    p.capacity.push_back(l.capacity);
    p.b.push_back(l.b);
    p.power.push_back(l.power);
    p.linear_cost.push_back(tf * l.toll + df * l.length);
  }
  p.demand.reserve(net.demand.size());
  for (const auto& d : net.demand) p.demand.push_back({d.origin - 1, d.destination - 1, d.flow});
  return p;
}

namespace {
// Per-link flows -> per-arc own flows x and the volumes the costs see (group totals).
void arc_volumes(const detail::Net& net, const std::vector<double>& flow, std::vector<double>& x,
                 std::vector<double>& v) {
  x.assign(net.num_arcs(), 0.0);
  for (uint32_t l = 0; l < flow.size(); ++l) x[net.arc_of_link[l]] = flow[l];
  v = x;
  net.share(v);
}
// Beckmann value of own flows x at volumes v: each share group's time integral once. Summed in
// input-link order or in arc order (as each caller always has).
double beckmann_of(const detail::Net& net, const std::vector<double>& x,
                   const std::vector<double>& v, bool link_order) {
  double z = 0;
  for (uint32_t i = 0; i < net.num_arcs(); ++i) {
    const uint32_t a = link_order ? net.arc_of_link[i] : i;
    if (!net.share_next.empty()) {
      z += net.lin[a] * x[a] + (net.share_lead[a] ? net.time_integral(a, v[a]) : 0.0);
      continue;
    }
    z += net.integral(a, x[a]);
  }
  return z;
}
void check_flows(const AssignProblem& problem, const std::vector<double>& flow, const char* what) {
  if (flow.size() != problem.num_links())
    throw Error(Errc::invalid_input,
                fmt::format("{}: {} flows for {} links", what, flow.size(), problem.num_links()));
}
}  // namespace

std::vector<double> link_costs(const AssignProblem& problem, const std::vector<double>& flow) {
  detail::Net net = detail::build_net(problem);
  check_flows(problem, flow, "link_costs");
  std::vector<double> x, v, c(problem.num_links());
  arc_volumes(net, flow, x, v);
  for (uint32_t l = 0; l < problem.num_links(); ++l) {
    const uint32_t a = net.arc_of_link[l];
    c[l] = net.cost(a, v[a]);
  }
  return c;
}

double beckmann_objective(const AssignProblem& problem, const std::vector<double>& flow) {
  detail::Net net = detail::build_net(problem);
  check_flows(problem, flow, "beckmann_objective");
  std::vector<double> x, v;
  arc_volumes(net, flow, x, v);
  return beckmann_of(net, x, v, true);
}

Evaluation evaluate(const AssignProblem& problem, const std::vector<double>& flow, int threads) {
  detail::Net net = detail::build_net(problem);
  if (net.multi)
    throw Error(Errc::usage, "evaluate: give the class flows of a multi-class problem");
  check_flows(problem, flow, "evaluate");
  std::vector<double> x, v, c(net.num_arcs());
  arc_volumes(net, flow, x, v);
  for (uint32_t a = 0; a < net.num_arcs(); ++a) c[a] = net.cost(a, v[a]);
  Evaluation e;
  e.sptt = detail::all_or_nothing(net, c, threads, nullptr);
  for (uint32_t a = 0; a < net.num_arcs(); ++a) e.tstt += x[a] * c[a];
  e.beckmann = beckmann_of(net, x, v, false);
  e.total_demand = net.total_demand;
  e.relative_gap = e.sptt > 0 ? e.tstt / e.sptt - 1 : 0;
  e.aec = net.total_demand > 0 ? (e.tstt - e.sptt) / net.total_demand : 0;
  return e;
}

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double time_all_or_nothing(const AssignProblem& problem, int threads, std::vector<double>* flow,
                           double* cpu_seconds) {
  detail::Net net = detail::build_net(problem);
  std::vector<double> c, y, v(net.num_arcs(), 0.0);
  detail::class_costs(net, v, c);
  const double cpu0 = process_cpu_seconds();
  auto t0 = std::chrono::steady_clock::now();
  detail::all_or_nothing(net, c, threads, &y);
  double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  detail::total_volume(net, y, v, false);
  if (cpu_seconds) *cpu_seconds = process_cpu_seconds() - cpu0;
  if (flow) {
    flow->assign(problem.num_links(), 0.0);
    for (uint32_t l = 0; l < problem.num_links(); ++l) (*flow)[l] = v[net.arc_of_link[l]];
  }
  return sec;
}

}  // namespace corridor::assign
