// Internal network for the solvers: a CSR graph in which every non-through zone z gets a
// "source copy" node that carries z's outgoing arcs, while z itself keeps only incoming arcs.
// Paths therefore start at the copy and can end at z but never pass through it, and the plain
// route::Dijkstra needs no special case. Arc arrays are in CSR order; link_of_arc maps back.
#pragma once
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "corridor/assign/assign.h"
#include "corridor/route/dijkstra.h"
#include "corridor/route/graph.h"

namespace corridor::assign::detail {

struct Net {
  uint32_t num_input_nodes = 0;
  route::Graph fwd;                   // over internal nodes
  std::vector<uint32_t> tail;         // per arc
  std::vector<uint32_t> link_of_arc;  // per arc -> input link
  std::vector<uint32_t> arc_of_link;  // per input link -> arc
  route::Graph rev;                   // reverse graph
  std::vector<uint32_t> rev_arc;      // reverse arc -> forward arc
  // Flow-dependent time t(V) = t0 + k * V^p (BPR: t0 = fft, k = fft * b / cap^p), or
  // t0 + queue delay on queueing arcs; lin = the problem's linear cost (0 if none).
  // Single-class cost: cost(a, x) = lin + t(x).
  std::vector<double> t0, lin, k, p;
  std::vector<uint8_t> p4;  // p == 4 (fast path)
  // Queueing arcs (AssignProblem::queue): qi[a] indexes qarc, -1 = BPR; empty = none.
  struct QueueArc {
    sim::QueueDelay q;
    double inv_cap = 0, scale = 0;
  };
  std::vector<int32_t> qi;
  std::vector<QueueArc> qarc;
  // Shared capacity (AssignProblem::share_group): per arc the next arc of its group, in a cycle
  // (itself when alone), and 1 on the first arc of each group (the one whose integral the
  // Beckmann value counts). Both empty when no group has two arcs. The solvers keep V_a as the
  // group's total volume on every arc of the group.
  std::vector<uint32_t> share_next;
  std::vector<uint8_t> share_lead;
  // Per-arc own volumes in V -> each arc's group total (fixed order); no-op without groups.
  void share(std::vector<double>& V) const {
    if (share_next.empty()) return;
    const uint32_t m = static_cast<uint32_t>(share_next.size());
    for (uint32_t a = 0; a < m; ++a) {
      if (!share_lead[a] || share_next[a] == a) continue;
      double s = V[a];
      for (uint32_t b = share_next[a]; b != a; b = share_next[b]) s += V[b];
      for (uint32_t b = share_next[a]; b != a; b = share_next[b]) V[b] = s;
      V[a] = s;
    }
  }

  // User classes (always >= 1; one class {pcu 1, tw 1, lin} when the problem has none).
  // Class cost c_k(a) = tw * t(V_a) + lin[a]; lin = +infinity closes the arc to the class.
  struct Class {
    std::string name;
    double pcu = 1, tw = 1;
    std::vector<double> lin;  // per arc
  };
  std::vector<Class> classes;
  bool multi = false;  // the problem had explicit classes

  // Demand by (class, origin) pair, class-major: origin_node[o] is the input node, root[o] the
  // internal source node, cls[o] the class; destinations of pair o are
  // dest[first_dest[o] .. first_dest[o+1]).
  std::vector<uint32_t> origin_node, root, cls;
  std::vector<uint32_t> first_dest{0};
  std::vector<uint32_t> dest;  // internal (= input) node ids
  std::vector<double> demand;
  double total_demand = 0;

  uint32_t num_nodes() const { return fwd.num_nodes(); }
  uint32_t num_arcs() const { return fwd.num_arcs(); }
  uint32_t num_origins() const { return static_cast<uint32_t>(origin_node.size()); }
  uint32_t num_classes() const { return static_cast<uint32_t>(classes.size()); }

  double time(uint32_t a, double x) const {
    if (k[a] == 0) {
      if (qi.empty() || qi[a] < 0) return t0[a];
      const QueueArc& q = qarc[qi[a]];
      return t0[a] + q.scale * sim::queue_delay(q.q, x * q.inv_cap);
    }
    if (p4[a]) {
      double x2 = x * x;
      return t0[a] + k[a] * x2 * x2;
    }
    if (p[a] == 0) return t0[a] + k[a];
    return t0[a] + k[a] * std::pow(x, p[a]);
  }
  // dt/dV
  double time_derivative(uint32_t a, double x) const {
    if (k[a] == 0 && !qi.empty() && qi[a] >= 0) {
      const QueueArc& q = qarc[qi[a]];
      return q.scale * q.inv_cap * sim::queue_delay_derivative(q.q, x * q.inv_cap);
    }
    if (k[a] == 0 || p[a] == 0) return 0;
    if (p4[a]) return 4 * k[a] * x * x * x;
    if (p[a] == 1) return k[a];
    if (x <= 0) return 0;
    return k[a] * p[a] * std::pow(x, p[a] - 1);
  }
  // int_0^x t(w) dw
  double time_integral(uint32_t a, double x) const {
    if (k[a] == 0 && !qi.empty() && qi[a] >= 0) {
      const QueueArc& q = qarc[qi[a]];
      return t0[a] * x + q.scale / q.inv_cap * sim::queue_delay_integral(q.q, x * q.inv_cap);
    }
    if (k[a] == 0) return t0[a] * x;
    if (p[a] == 0) return (t0[a] + k[a]) * x;
    if (p4[a]) {
      double x2 = x * x;
      return t0[a] * x + k[a] * x2 * x2 * x / 5;
    }
    return t0[a] * x + k[a] * std::pow(x, p[a] + 1) / (p[a] + 1);
  }
  double cost(uint32_t a, double x) const { return lin[a] + time(a, x); }
  double derivative(uint32_t a, double x) const { return time_derivative(a, x); }
  double integral(uint32_t a, double x) const { return lin[a] * x + time_integral(a, x); }
  // Cost of arc a to class c at total volume V.
  double class_cost(uint32_t c, uint32_t a, double V) const {
    const Class& k_ = classes[c];
    return k_.tw * time(a, V) + k_.lin[a];
  }
};

// Class-major state of all classes: X[c * m + a] = flow of class c on arc a.
// Total volume V_a = sum_c pcu_c X[c*m + a]; with `shared` (and share groups), the total over
// the arc's group (Net::share), which is what the costs are evaluated at.
void total_volume(const Net& net, const std::vector<double>& X, std::vector<double>& V,
                  bool shared = true);
// Class costs C[c*m + a] at volumes V.
void class_costs(const Net& net, const std::vector<double>& V, std::vector<double>& C);
// TSTT = sum x c (closed arcs with zero flow skipped) and the reported Beckmann value (V as
// total_volume gives it: each share group's time integral counted once).
double total_cost(const Net& net, const std::vector<double>& X, const std::vector<double>& C);
double beckmann_value(const Net& net, const std::vector<double>& X, const std::vector<double>& V);

// Validates and builds. Throws invalid_input/no_route errors.
Net build_net(const AssignProblem& problem);

// Runs `fn(begin, end)` over [0, n) in fixed chunks on `threads` threads (0 = all).
void parallel_chunks(uint32_t n, uint32_t chunk, int threads,
                     const std::function<void(uint32_t, uint32_t)>& fn);

// All-or-nothing loading on `cost` (class-major, num_classes * num_arcs: pair o uses the costs of
// class cls[o]). Writes flows (class-major) into `out` and returns
// SPTT = sum of demand * shortest cost. Deterministic for any thread count. If `bounds` is given
// it holds, per origin, a guess of the farthest destination's distance from the previous call
// (0 = none): the search stops there when that suffices, and the new guesses are stored.
double all_or_nothing(const Net& net, const std::vector<double>& cost, int threads,
                      std::vector<double>* out, std::vector<double>* bounds = nullptr);

// Throws Errc::no_route for pair o and destination d (naming the class when multi-class).
[[noreturn]] void no_path(const Net& net, uint32_t o, uint32_t d, double q);

// Per-thread Dijkstra workspace.
route::Dijkstra<double>& thread_dijkstra(uint32_t num_nodes);

}  // namespace corridor::assign::detail
