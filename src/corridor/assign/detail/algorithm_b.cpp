// Algorithm B (Dial 2006): one acyclic bush per origin; flow is moved inside a bush from the
// longest used path to the shortest path into each node by Newton steps on the pair of path
// segments since their divergence node, nodes visited in reverse topological order.
//
// Bush update per origin: drop unused arcs (keeping the bush's shortest-path tree), then add
// every arc (i, j) with U_i + c_ij < U_j where U is the longest path over the bush. Because
// costs are >= 0 this can never close a cycle in exact arithmetic (zero-cost arcs included); a
// Kahn sort double-checks and undoes additions if rounding ever did.
//
// Bushes are processed one after another (Gauss-Seidel), so the result is independent of the
// thread count; threads are used for the initial trees, the flow sums and the gap's shortest
// paths.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "corridor/assign/detail/solver.h"
#include "corridor/core/error.h"

namespace corridor::assign::detail {
namespace {

constexpr uint32_t kNone = route::kInvalid;
constexpr double kInf = std::numeric_limits<double>::infinity();

class BushSolver {
 public:
  BushSolver(Solver& sv, std::vector<double>& x) : sv_(sv), net_(sv.net), x_(x) {
    n_ = net_.num_nodes();
    m_ = net_.num_arcs();
    no_ = net_.num_origins();
    nk_ = net_.num_classes();
    flow_.assign(static_cast<size_t>(no_) * m_, 0.0);
    in_.assign(static_cast<size_t>(no_) * m_, 0);
    order_.resize(no_);
    excess_.assign(no_, 0.0);
    pos_.assign(n_, kNone);
    lab_l_.assign(n_, kInf);
    lab_u_.assign(n_, -kInf);
    lpred_.assign(n_, kNone);
    upred_.assign(n_, kNone);
    indeg_.assign(n_, 0);
    c_.resize(static_cast<size_t>(nk_) * m_);
    dc_.resize(static_cast<size_t>(nk_) * m_);
  }

  void run() {
    init();
    for (int iter = 0;; ++iter) {
      sum_flows();
      refresh_costs();
      const double sptt = all_or_nothing(net_, c_, sv_.opt.threads, nullptr, &bounds_);
      if (!sv_.record(iter, total_cost(net_, x_, c_), beckmann_value(net_, x_, v_), sptt)) break;
      for (uint32_t o = 0; o < no_; ++o) {
        update_bush(o);
        shift_pass(o);
      }
      // Extra sweeps skip bushes that are already much closer to equilibrium than the worst.
      for (int k = 0; k < sv_.opt.inner_sweeps; ++k) {
        double worst = 0;
        for (uint32_t o = 0; o < no_; ++o) worst = std::max(worst, excess_[o]);
        for (uint32_t o = 0; o < no_; ++o)
          if (excess_[o] >= sv_.opt.sweep_skip_ratio * worst) shift_pass(o);
      }
    }
  }

 private:
  double* bf(uint32_t o) { return flow_.data() + static_cast<size_t>(o) * m_; }
  uint8_t* in(uint32_t o) { return in_.data() + static_cast<size_t>(o) * m_; }
  size_t off(uint32_t o) const { return static_cast<size_t>(net_.cls[o]) * m_; }

  // Costs and derivatives of every class on arc a from the volume v_[a].
  void arc_costs(uint32_t a) {
    const double t = net_.time(a, v_[a]), dt = net_.time_derivative(a, v_[a]);
    for (uint32_t k = 0; k < nk_; ++k) {
      const auto& cl = net_.classes[k];
      const size_t i = static_cast<size_t>(k) * m_ + a;
      c_[i] = cl.tw * t + cl.lin[a];
      dc_[i] = cl.tw * cl.pcu * dt;
    }
  }
  void refresh_costs() {
    for (uint32_t a = 0; a < m_; ++a) arc_costs(a);
  }
  // Adds dx to the flow of class k on arc a.
  void add_flow(uint32_t k, uint32_t a, double dx) {
    double& x = x_[static_cast<size_t>(k) * m_ + a];
    const double nx = x + dx < 0 ? 0 : x + dx;
    const double nv = v_[a] + net_.classes[k].pcu * (nx - x);
    x = nx;
    v_[a] = nv < 0 ? 0 : nv;
    arc_costs(a);
  }

  // Class flows as the sum of bush flows in origin order (deterministic), and the volumes.
  void sum_flows() {
    x_.assign(static_cast<size_t>(nk_) * m_, 0.0);
    parallel_chunks(m_, 2048, sv_.opt.threads, [&](uint32_t begin, uint32_t end) {
      for (uint32_t o = 0; o < no_; ++o) {
        const double* f = flow_.data() + static_cast<size_t>(o) * m_;
        double* x = x_.data() + off(o);
        for (uint32_t a = begin; a < end; ++a) x[a] += f[a];
      }
    });
    total_volume(net_, x_, v_);
  }

  // Free-flow shortest-path trees as the initial bushes, loaded all-or-nothing.
  void init() {
    std::vector<double> c0, v0(m_, 0.0);
    class_costs(net_, v0, c0);
    parallel_chunks(no_, 8, sv_.opt.threads, [&](uint32_t begin, uint32_t end) {
      auto& dij = thread_dijkstra(n_);
      for (uint32_t o = begin; o < end; ++o) {
        dij.reset();
        dij.add_source(net_.root[o]);
        dij.run(net_.fwd, c0.data() + off(o));
        double* f = bf(o);
        uint8_t* b = in(o);
        for (uint32_t v = 0; v < n_; ++v) {
          const uint32_t a = dij.pred_arc(v);
          if (a != kNone) b[a] = 1;
        }
        for (uint32_t i = net_.first_dest[o]; i < net_.first_dest[o + 1]; ++i) {
          const uint32_t d = net_.dest[i];
          if (!dij.reached(d)) no_path(net_, o, d, net_.demand[i]);
          for (uint32_t v = d, a; (a = dij.pred_arc(v)) != kNone; v = net_.tail[a])
            f[a] += net_.demand[i];
        }
      }
    });
    for (uint32_t o = 0; o < no_; ++o)
      if (!topo_sort(o)) throw Error(Errc::internal, "initial bush is cyclic");
  }

  // Kahn's algorithm over the bush arcs; fills order_[o]. False if the bush has a cycle.
  bool topo_sort(uint32_t o) {
    const uint8_t* b = in(o);
    auto& order = order_[o];
    uint32_t expected = 1;
    for (uint32_t a = 0; a < m_; ++a)
      if (b[a] && indeg_[net_.fwd.head[a]]++ == 0) ++expected;
    order.clear();
    order.push_back(net_.root[o]);
    for (size_t i = 0; i < order.size(); ++i) {
      const uint32_t v = order[i];
      for (uint32_t a = net_.fwd.begin(v); a < net_.fwd.end(v); ++a)
        if (b[a] && --indeg_[net_.fwd.head[a]] == 0) order.push_back(net_.fwd.head[a]);
    }
    if (order.size() == expected) return true;
    std::fill(indeg_.begin(), indeg_.end(), 0);
    return false;
  }

  // Shortest (L, over all bush arcs) and longest (U) labels in topological order. If used_only,
  // U is over arcs carrying bush flow, else over all bush arcs.
  void labels(uint32_t o, bool used_only) {
    const uint8_t* b = in(o);
    const double* c = c_.data() + off(o);
    const double* f = bf(o);
    const auto& order = order_[o];
    for (size_t i = 0; i < order.size(); ++i) {
      const uint32_t v = order[i];
      pos_[v] = static_cast<uint32_t>(i);
      double l = kInf, u = -kInf;
      uint32_t lp = kNone, up = kNone;
      if (i == 0) {
        l = 0;
        u = 0;
      } else {
        for (uint32_t r = net_.rev.begin(v); r < net_.rev.end(v); ++r) {
          const uint32_t a = net_.rev_arc[r];
          if (!b[a]) continue;
          const uint32_t t = net_.tail[a];
          const double ca = c[a];
          const double cl = lab_l_[t] + ca;
          if (cl < l) {
            l = cl;
            lp = a;
          }
          if (!used_only || f[a] > 0) {
            const double cu = lab_u_[t] + ca;
            if (cu > u) {
              u = cu;
              up = a;
            }
          }
        }
      }
      lab_l_[v] = l;
      lab_u_[v] = u;
      lpred_[v] = lp;
      upred_[v] = up;
    }
  }

  void clear_pos(uint32_t o) {
    for (uint32_t v : order_[o]) pos_[v] = kNone;
  }

  void update_bush(uint32_t o) {
    uint8_t* b = in(o);
    double* f = bf(o);
    const uint32_t k = net_.cls[o];
    const double* c = c_.data() + off(o);
    const auto& order = order_[o];
    // One pass in topological order: shortest-path labels over the bush, then drop the node's
    // unused in-arcs except its shortest-path tree arc, then longest-path labels over the rest.
    for (size_t idx = 0; idx < order.size(); ++idx) {
      const uint32_t v = order[idx];
      pos_[v] = static_cast<uint32_t>(idx);
      if (idx == 0) {
        lab_l_[v] = lab_u_[v] = 0;
        lpred_[v] = kNone;
        continue;
      }
      double l = kInf, u = -kInf;
      uint32_t lp = kNone;
      for (uint32_t r = net_.rev.begin(v); r < net_.rev.end(v); ++r) {
        const uint32_t a = net_.rev_arc[r];
        if (!b[a]) continue;
        const double cl = lab_l_[net_.tail[a]] + c[a];
        if (cl < l) l = cl, lp = a;
      }
      for (uint32_t r = net_.rev.begin(v); r < net_.rev.end(v); ++r) {
        const uint32_t a = net_.rev_arc[r];
        if (!b[a]) continue;
        if (a != lp && f[a] <= kFlowEps) {
          if (f[a] != 0) {
            add_flow(k, a, -f[a]);
            f[a] = 0;
          }
          b[a] = 0;
          continue;
        }
        u = std::max(u, lab_u_[net_.tail[a]] + c[a]);
      }
      lab_l_[v] = l;
      lab_u_[v] = u;
      lpred_[v] = lp;
    }
    added_.clear();
    const uint32_t root = net_.root[o];
    for (uint32_t i : order) {
      const double ui = lab_u_[i];
      for (uint32_t a = net_.fwd.begin(i); a < net_.fwd.end(i); ++a) {
        if (b[a]) continue;
        const uint32_t j = net_.fwd.head[a];
        if (j == root || pos_[j] == kNone) continue;
        const double uj = lab_u_[j];
        if (ui + c[a] < uj - 1e-13 * uj) added_.push_back(a);
      }
    }
    if (added_.empty()) {
      // Fallback: shortcuts of the bush's shortest paths that respect the current order.
      for (uint32_t i : order)
        for (uint32_t a = net_.fwd.begin(i); a < net_.fwd.end(i); ++a) {
          if (b[a]) continue;
          const uint32_t j = net_.fwd.head[a];
          if (j == root || pos_[j] == kNone || pos_[j] < pos_[i]) continue;
          if (lab_l_[i] + c[a] < lab_l_[j] - 1e-13 * lab_l_[j]) added_.push_back(a);
        }
    }
    // Removing arcs keeps the order valid, and so do added arcs that follow it.
    bool resort = false;
    for (uint32_t a : added_) {
      b[a] = 1;
      if (pos_[net_.tail[a]] > pos_[net_.fwd.head[a]]) resort = true;
    }
    clear_pos(o);
    if (resort && !topo_sort(o)) {
      for (uint32_t a : added_) b[a] = 0;
      if (!topo_sort(o)) throw Error(Errc::internal, "bush became cyclic");
    }
  }

  // One pass of Newton flow shifts over the bush's nodes in reverse topological order.
  void shift_pass(uint32_t o) {
    labels(o, true);
    double excess = 0;
    double* f = bf(o);
    const uint32_t k = net_.cls[o];
    const double* c = c_.data() + off(o);
    const double* dc = dc_.data() + off(o);
    const auto& order = order_[o];
    for (size_t idx = order.size(); idx-- > 1;) {
      const uint32_t j = order[idx];
      if (upred_[j] == kNone || lpred_[j] == upred_[j]) continue;
      if (!(lab_u_[j] - lab_l_[j] > 1e-14 * lab_u_[j])) continue;
      excess = std::max(excess, lab_u_[j] - lab_l_[j]);
      // Walk back along both trees to the divergence node.
      seg_min_.clear();
      seg_max_.clear();
      uint32_t a_min = lpred_[j], a_max = upred_[j];
      seg_min_.push_back(a_min);
      seg_max_.push_back(a_max);
      uint32_t i_min = net_.tail[a_min], i_max = net_.tail[a_max];
      bool broken = false;
      while (i_min != i_max) {
        if (pos_[i_min] > pos_[i_max]) {
          a_min = lpred_[i_min];
          seg_min_.push_back(a_min);
          i_min = net_.tail[a_min];
        } else {
          a_max = upred_[i_max];
          if (a_max == kNone) {  // flow residue below kFlowEps upstream: nothing to move
            broken = true;
            break;
          }
          seg_max_.push_back(a_max);
          i_max = net_.tail[a_max];
        }
      }
      if (broken) continue;
      double cmin = 0, cmax = 0, dsum = 0, cap = kInf;
      for (uint32_t a : seg_min_) {
        cmin += c[a];
        dsum += dc[a];
      }
      for (uint32_t a : seg_max_) {
        cmax += c[a];
        dsum += dc[a];
        cap = std::min(cap, f[a]);
      }
      const double diff = cmax - cmin;
      if (!(diff > 1e-14 * cmax) || !(cap > 0)) continue;
      double delta = dsum > 0 ? diff / dsum : cap;
      if (!(delta < cap)) delta = cap;
      for (uint32_t a : seg_max_) {
        f[a] = f[a] - delta;
        if (f[a] < kFlowEps) f[a] = 0;  // exact zero on the limiting arc
        add_flow(k, a, -delta);
      }
      for (uint32_t a : seg_min_) {
        f[a] += delta;
        add_flow(k, a, delta);
      }
    }
    clear_pos(o);
    excess_[o] = excess;
  }

  static constexpr double kFlowEps = 1e-11;

  Solver& sv_;
  const Net& net_;
  std::vector<double>& x_;
  uint32_t n_ = 0, m_ = 0, no_ = 0, nk_ = 1;
  std::vector<double> flow_;  // bush flows, origin-major
  std::vector<uint8_t> in_;   // bush membership, origin-major
  std::vector<std::vector<uint32_t>> order_;
  std::vector<uint32_t> pos_, lpred_, upred_, indeg_;
  std::vector<double> v_;                                         // total volume per arc
  std::vector<double> lab_l_, lab_u_, c_, dc_, excess_, bounds_;  // c_, dc_: class-major
  std::vector<uint32_t> added_, seg_min_, seg_max_;
};

}  // namespace

void run_algorithm_b(Solver& sv, std::vector<double>& x) {
  BushSolver bs(sv, x);
  bs.run();
}

void run_algorithm_b_old(Solver& sv, std::vector<double>& x) { run_algorithm_b(sv, x); }

}  // namespace corridor::assign::detail
