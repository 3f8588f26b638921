// Lean Algorithm B (Dial 2006; issue 17): one acyclic bush per (class, origin) pair, stored
// compactly, flows moved inside a bush from the longest used path to the shortest path into each
// node by Newton steps on the two path segments since their divergence node, nodes visited in
// reverse topological order.
//
// Storage. A bush is its nodes in topological order, each with its bush in-arcs: one uint32 per
// node holding the in-arc when there is just one (the usual case), else an index to an extra
// record listing the in-arcs and their flows. Flows of single-in-arc nodes are not stored: they
// are the node's throughput (its demand plus its out-flows), rebuilt in reverse topological order
// into a per-thread node vector T. Memory is thus about 4 bytes per (bush, node) plus 12 per
// extra in-arc, instead of 9 per (bush, arc). The update and the flow shifts work on this form
// directly (positions, labels and T in per-thread node vectors; flows of nodes with several
// in-arcs changed in place); only a bush whose arcs change is written anew.
//
// Iteration:
//  1+2. Bush update, all bushes in parallel at the current costs (which the incremental flows of
//     the last shifts set); the same pass re-sums the class flows from the bushes (fixed blocks
//     of bushes, summed in block order), which removes the rounding drift of the incremental
//     updates before the gap is logged and the costs are recomputed. The update: shortest (L)
//     labels over the bush, drop unused arcs except the L tree, longest (U) labels over the rest,
//     add every arc (i, j) with U_i + c_ij < U_j (cannot close a cycle since costs are >= 0; a Kahn
//     sort, only when an added arc goes backwards in the current order, double-checks). The same
//     pass checks Bellman's condition L_i + c_ij >= L_j on every arc leaving the bush: where it
//     fails, a label-correcting search from the violated heads repairs the labels, so the bush's
//     SPTT, and the logged gap, are exact without a full shortest-path pass.
//  3. Flow shifts, sweeping over the bushes one after another (Gauss-Seidel, costs updated after
//     every shift), `inner_sweeps` + 1 sweeps; a sweep skips a bush whose own excess cost
//     (bush TSTT - bush SPTT) is below `sweep_skip_ratio` times the current relative gap times its
//     SPTT, i.e. far below the current gap.
// Every step's result is independent of the thread count: parallel steps write per-bush slots
// and sum in bush order; the flow shifts are sequential.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <vector>

#include "corridor/assign/detail/solver.h"
#include "corridor/core/error.h"

namespace corridor::assign::detail {

struct CompactBush {
  std::vector<uint32_t> rec;   // per non-root node, topological: its in-arc, or kMulti | p
  std::vector<uint32_t> marc;  // at p: the count, then the in-arcs
  std::vector<double> mflow;   // aligned with marc: the in-arcs' flows
};

// assign::WarmStart's state: the network's shape (to check that a warm start fits), the bushes
// keyed by (class, origin node) and the arc volumes.
struct WarmState {
  uint32_t n = 0;
  std::vector<uint32_t> tail, head;  // per arc
  std::vector<uint32_t> origin_node, cls;
  std::vector<CompactBush> bushes;
  std::vector<double> v;
};

namespace {

using Bush = CompactBush;

constexpr uint32_t kNone = route::kInvalid;
constexpr uint32_t kMulti = 0x80000000u;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kFlowEps = 1e-11;

// Per-thread workspace for one bush at a time.
struct Work {
  std::vector<uint32_t> order;     // nodes, topological, root first
  std::vector<uint32_t> in_first;  // per position + 1: range into in_arc
  std::vector<uint32_t> in_arc;
  std::vector<double> f;      // per arc: the bush's flow (0 outside the bush)
  std::vector<uint8_t> inb;   // per arc: in the bush
  std::vector<uint32_t> pos;  // per node: position in order, kNone outside
  std::vector<double> T, L, U, D;
  std::vector<uint32_t> lp, up, indeg;
  std::vector<uint32_t> lpe, upe, spos;  // shift pass: lp/up as flow slots; positions
  route::MinIdHeap<double> heap;
  std::vector<uint32_t> added, seg_min, seg_max, order2, add_first, add_next;
  std::vector<uint32_t> rec2, marc2;  // a bush being repacked
  std::vector<double> mflow2;

  void size(uint32_t n, uint32_t m) {
    if (pos.size() == n && f.size() == m) return;
    f.assign(m, 0.0);
    inb.assign(m, 0);
    pos.assign(n, kNone);
    T.assign(n, 0.0);
    L.assign(n, kInf);
    U.assign(n, -kInf);
    D.assign(n, kInf);
    heap.resize(n);
    lp.assign(n, kNone);
    lpe.assign(n, kNone);
    upe.assign(n, kNone);
    spos.assign(n, kNone);
    up.assign(n, kNone);
    indeg.assign(n, 0);
    add_first.assign(n, kNone);
  }
};

Work& thread_work(uint32_t n, uint32_t m) {
  thread_local Work w;
  w.size(n, m);
  return w;
}

class LeanB {
 public:
  LeanB(Solver& sv, std::vector<double>& x) : sv_(sv), net_(sv.net), x_(x) {
    n_ = net_.num_nodes();
    m_ = net_.num_arcs();
    no_ = net_.num_origins();
    nk_ = net_.num_classes();
    bushes_.resize(no_);
    sptt_.assign(no_, 0.0);
    excess_.assign(no_, 0.0);
    c_.resize(static_cast<size_t>(nk_) * m_);
    dc_.resize(static_cast<size_t>(nk_) * m_);
    v_.assign(m_, 0.0);
  }

  void run(const WarmState* from, std::shared_ptr<const WarmState>* save) {
    if (from)
      init_warm(*from);
    else
      init();
    sum_flows(false);  // the initial trees' flows
    refresh_costs();
    for (int iter = 0;; ++iter) {
      // Bush updates at the current costs; they also re-sum the class flows from the bushes
      // (removing the rounding drift of the incremental updates during the shifts).
      sum_flows(true);
      double sptt = 0;
      for (uint32_t o = 0; o < no_; ++o) sptt += sptt_[o];
      const double tstt = total_cost(net_, x_, c_), z = beckmann_value(net_, x_, v_);
      refresh_costs();
      if (!sv_.record(iter, tstt, z, sptt)) break;
      const double gap = sv_.last_gap();
      Work& w = thread_work(n_, m_);
      const double skip = sv_.opt.sweep_skip_ratio * gap;
      for (int k = 0; k <= sv_.opt.inner_sweeps; ++k)
        for (uint32_t o = 0; o < no_; ++o)
          if (excess_[o] >= skip * sptt_[o]) shift_pass(o, w);
    }
    if (save) {
      auto st = std::make_shared<WarmState>();
      st->n = n_;
      st->tail = net_.tail;
      st->head.assign(net_.fwd.head.begin(), net_.fwd.head.end());
      st->origin_node = net_.origin_node;
      st->cls = net_.cls;
      st->bushes = std::move(bushes_);
      st->v = v_;
      *save = std::move(st);
    }
  }

 private:
  size_t off(uint32_t o) const { return static_cast<size_t>(net_.cls[o]) * m_; }

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
  // Adds dx to the flow of class k on arc a and updates that arc's costs (and, with share
  // groups, the volume and costs of the other arcs of a's group: v_ is the group's total).
  void add_flow(uint32_t k, uint32_t a, double dx) {
    double& x = x_[static_cast<size_t>(k) * m_ + a];
    const double nx = x + dx < 0 ? 0 : x + dx;
    const double nv = v_[a] + net_.classes[k].pcu * (nx - x);
    x = nx;
    v_[a] = nv < 0 ? 0 : nv;
    arc_costs(a);
    if (!net_.share_next.empty())
      for (uint32_t b = net_.share_next[a]; b != a; b = net_.share_next[b]) {
        v_[b] = v_[a];
        arc_costs(b);
      }
  }

  // ---- compact bush <-> workspace ----

  // Loads bush o's structure (order, in-arcs, membership, stored flows) into w.
  void unpack(uint32_t o, Work& w) const {
    const Bush& b = bushes_[o];
    // Sized first (the workspace keeps its capacity, so this rarely fills), then written
    // through raw pointers.
    w.order.resize(b.rec.size() + 1);
    w.in_first.resize(b.rec.size() + 2);
    w.in_arc.resize(b.rec.size() + b.marc.size());
    uint32_t* order = w.order.data();
    uint32_t* first = w.in_first.data();
    uint32_t* in = w.in_arc.data();
    uint32_t* pos = w.pos.data();
    uint8_t* inb = w.inb.data();
    const uint32_t* head = net_.fwd.head.data();
    const uint32_t root = net_.root[o];
    pos[root] = 0;
    order[0] = root;
    first[0] = first[1] = 0;
    uint32_t k = 0, idx = 1;
    for (uint32_t r : b.rec) {
      uint32_t node;
      if (r & kMulti) {
        const uint32_t p = r & ~kMulti, cnt = b.marc[p];
        node = head[b.marc[p + 1]];
        for (uint32_t i = 1; i <= cnt; ++i) {
          const uint32_t a = b.marc[p + i];
          in[k++] = a;
          inb[a] = 1;
          w.f[a] = b.mflow[p + i];
        }
      } else {
        node = head[r];
        in[k++] = r;
        inb[r] = 1;
      }
      pos[node] = idx;
      order[idx++] = node;
      first[idx] = k;
    }
    w.in_arc.resize(k);
  }

  // Flows of single-in-arc nodes from the throughputs, in reverse topological order; the
  // rounding residue at a node with several in-arcs goes to its largest in-flow.
  void rebuild_flows(uint32_t o, Work& w) const {
    for (uint32_t v : w.order) w.T[v] = 0;
    for (uint32_t i = net_.first_dest[o]; i < net_.first_dest[o + 1]; ++i)
      w.T[net_.dest[i]] += net_.demand[i];
    for (size_t idx = w.order.size(); idx-- > 1;) {
      const uint32_t v = w.order[idx];
      const double t = w.T[v];
      const uint32_t b = w.in_first[idx], e = w.in_first[idx + 1];
      if (e - b == 1) {
        const uint32_t a = w.in_arc[b];
        w.f[a] = t;
        w.T[net_.tail[a]] += t;
        continue;
      }
      double s = 0;
      uint32_t big = w.in_arc[b];
      for (uint32_t i = b; i < e; ++i) {
        const uint32_t a = w.in_arc[i];
        s += w.f[a];
        if (w.f[a] > w.f[big]) big = a;
      }
      const double fb = w.f[big] + (t - s);
      w.f[big] = fb < 0 ? 0 : fb;
      for (uint32_t i = b; i < e; ++i) w.T[net_.tail[w.in_arc[i]]] += w.f[w.in_arc[i]];
    }
  }

  void clear(Work& w) const {
    for (uint32_t a : w.in_arc) {
      w.f[a] = 0;
      w.inb[a] = 0;
    }
    for (uint32_t v : w.order) w.pos[v] = kNone;
  }

  // ---- phases ----

  // Free-flow shortest-path trees as the initial bushes (in BFS order of the tree).
  void init() {
    std::vector<double> c0, v0(m_, 0.0);
    class_costs(net_, v0, c0);
    parallel_chunks(no_, 4, sv_.opt.threads, [&](uint32_t begin, uint32_t end) {
      auto& dij = thread_dijkstra(n_);
      std::vector<uint32_t> queue;
      for (uint32_t o = begin; o < end; ++o) {
        dij.reset();
        dij.add_source(net_.root[o]);
        dij.run(net_.fwd, c0.data() + off(o));
        for (uint32_t i = net_.first_dest[o]; i < net_.first_dest[o + 1]; ++i)
          if (!dij.reached(net_.dest[i])) no_path(net_, o, net_.dest[i], net_.demand[i]);
        Bush& b = bushes_[o];
        queue.assign(1, net_.root[o]);
        for (size_t q = 0; q < queue.size(); ++q)
          for (uint32_t a = net_.fwd.begin(queue[q]); a < net_.fwd.end(queue[q]); ++a)
            if (dij.pred_arc(net_.fwd.head[a]) == a) {
              b.rec.push_back(a);
              queue.push_back(net_.fwd.head[a]);
            }
      }
    });
  }

  // Shortest-path tree of pair o at class costs c (class-major) as its bush, in BFS order.
  void tree_bush(uint32_t o, const std::vector<double>& c, std::vector<uint32_t>& queue) {
    auto& dij = thread_dijkstra(n_);
    dij.reset();
    dij.add_source(net_.root[o]);
    dij.run(net_.fwd, c.data() + off(o));
    for (uint32_t i = net_.first_dest[o]; i < net_.first_dest[o + 1]; ++i)
      if (!dij.reached(net_.dest[i])) no_path(net_, o, net_.dest[i], net_.demand[i]);
    Bush& b = bushes_[o];
    b = Bush{};
    queue.assign(1, net_.root[o]);
    for (size_t q = 0; q < queue.size(); ++q)
      for (uint32_t a = net_.fwd.begin(queue[q]); a < net_.fwd.end(queue[q]); ++a)
        if (dij.pred_arc(net_.fwd.head[a]) == a) {
          b.rec.push_back(a);
          queue.push_back(net_.fwd.head[a]);
        }
  }

  // Warm start: keeps every bush of `ws` whose (class, origin) still has demand, that reaches
  // all of its destinations and uses no closed arc (infinite class cost); the other pairs get
  // shortest-path trees at the costs of the warm start's volumes.
  void init_warm(const WarmState& ws) {
    if (ws.n != n_ || ws.tail != net_.tail ||
        !std::equal(ws.head.begin(), ws.head.end(), net_.fwd.head.begin(), net_.fwd.head.end()))
      throw Error(Errc::usage, "warm start: the problem's network differs from the warm start's");
    std::map<std::pair<uint32_t, uint32_t>, uint32_t> old;
    for (uint32_t i = 0; i < ws.origin_node.size(); ++i) old[{ws.cls[i], ws.origin_node[i]}] = i;
    std::vector<double> cw;
    class_costs(net_, ws.v, cw);
    kept_ = 0;
    std::vector<uint8_t> keep(no_, 0);
    parallel_chunks(no_, 4, sv_.opt.threads, [&](uint32_t begin, uint32_t end) {
      std::vector<uint32_t> queue;
      Work& w = thread_work(n_, m_);
      for (uint32_t o = begin; o < end; ++o) {
        auto it = old.find({net_.cls[o], net_.origin_node[o]});
        bool ok = it != old.end();
        if (ok) {
          bushes_[o] = ws.bushes[it->second];
          unpack(o, w);
          const auto& lin = net_.classes[net_.cls[o]].lin;
          for (uint32_t a : w.in_arc) ok = ok && std::isfinite(lin[a]);
          for (uint32_t i = net_.first_dest[o]; i < net_.first_dest[o + 1]; ++i)
            ok = ok && w.pos[net_.dest[i]] != kNone;
          clear(w);
        }
        keep[o] = ok;
        if (!ok) tree_bush(o, cw, queue);
      }
    });
    for (uint8_t k : keep) kept_ += k;
  }

 public:
  uint32_t kept_ = 0;  // bushes kept by the warm start

 private:
  // Class flows as the sum of the bushes' flows: fixed blocks of bushes, block sums added in
  // block order (independent of the thread count). With `update`, every bush is also updated
  // (at the costs of before the sum, which the flows of the sum reflect).
  void sum_flows(bool update) {
    const size_t km = static_cast<size_t>(nk_) * m_;
    const uint32_t per = std::max<uint32_t>(1, (no_ + 15) / 16);
    const uint32_t blocks = (no_ + per - 1) / per;
    block_sum_.resize(blocks);
    parallel_chunks(no_, per, sv_.opt.threads, [&](uint32_t begin, uint32_t end) {
      std::vector<double>& acc = block_sum_[begin / per];
      acc.assign(km, 0.0);
      Work& w = thread_work(n_, m_);
      for (uint32_t o = begin; o < end; ++o) {
        double* x = acc.data() + off(o);
        if (update) {
          update_bush(o, w, x);
          continue;
        }
        unpack(o, w);
        rebuild_flows(o, w);
        for (uint32_t a : w.in_arc) x[a] += w.f[a];
        clear(w);
      }
    });
    x_.assign(km, 0.0);
    parallel_chunks(static_cast<uint32_t>(km), 4096, sv_.opt.threads,
                    [&](uint32_t begin, uint32_t end) {
                      for (const auto& acc : block_sum_)
                        for (uint32_t i = begin; i < end; ++i) x_[i] += acc[i];
                    });
    total_volume(net_, x_, v_);
  }

  // Nodes of bush o in topological order into w.order (root first) and their positions into
  // `pos`; throughputs into T and, as rebuild_flows does, the rounding residue at a node with
  // several in-arcs moved to its largest in-flow (in place, in mflow). Afterwards the flow of
  // a node's single in-arc is T of the node. The first step of both update_bush (pos = w.pos) and
  // shift_pass (pos = w.spos).
  void throughputs(uint32_t o, Work& w, uint32_t* pos) {
    Bush& b = bushes_[o];
    const uint32_t* head = net_.fwd.head.data();
    const uint32_t* tail = net_.tail.data();
    const uint32_t* rec = b.rec.data();
    const uint32_t* marc = b.marc.data();
    double* mflow = b.mflow.data();
    double* T = w.T.data();
    const uint32_t root = net_.root[o];
    const size_t nn = b.rec.size() + 1;
    w.order.resize(nn);
    uint32_t* order = w.order.data();
    order[0] = root;
    pos[root] = 0;
    T[root] = 0;
    for (size_t idx = 1; idx < nn; ++idx) {
      const uint32_t r = rec[idx - 1];
      const uint32_t v = head[(r & kMulti) ? marc[(r & ~kMulti) + 1] : r];
      order[idx] = v;
      pos[v] = static_cast<uint32_t>(idx);
      T[v] = 0;
    }
    for (uint32_t i = net_.first_dest[o]; i < net_.first_dest[o + 1]; ++i)
      T[net_.dest[i]] += net_.demand[i];
    for (size_t idx = nn; idx-- > 1;) {
      const uint32_t r = rec[idx - 1];
      const double t = T[order[idx]];
      if (!(r & kMulti)) {
        T[tail[r]] += t;
        continue;
      }
      const uint32_t p = r & ~kMulti, e = p + 1 + marc[p];
      double s = 0;
      uint32_t big = p + 1;
      for (uint32_t i = p + 1; i < e; ++i) {
        s += mflow[i];
        if (mflow[i] > mflow[big]) big = i;
      }
      const double fb = mflow[big] + (t - s);
      mflow[big] = fb < 0 ? 0 : fb;
      for (uint32_t i = p + 1; i < e; ++i) T[tail[marc[i]]] += mflow[i];
    }
  }

  // Bush update at fixed costs (see the file comment); sets sptt_[o] and excess_[o]. Touches
  // only bush o and the workspace, so bushes can be updated in parallel. Works on the compact
  // bush directly (flows as in shift_pass); an in-arc dropped here is flagged in marc with
  // kMulti until the bush is repacked.
  void update_bush(uint32_t o, Work& w, double* x) {
    Bush& b = bushes_[o];
    uint32_t* pos = w.pos.data();
    throughputs(o, w, pos);
    const double* c = c_.data() + off(o);
    const uint32_t* tail = net_.tail.data();
    const uint32_t* head = net_.fwd.head.data();
    const uint32_t* rec = b.rec.data();
    uint32_t* marc = b.marc.data();
    const double* mflow = b.mflow.data();
    const double* T = w.T.data();
    double* L = w.L.data();
    double* U = w.U.data();
    double* D = w.D.data();
    uint8_t* inb = w.inb.data();
    const uint32_t* first = net_.fwd.first_out.data();
    const uint32_t root = net_.root[o];
    const size_t nn = w.order.size();
    const uint32_t* order = w.order.data();
    // One forward pass: the bush's TSTT and flows, L and U labels, unused arcs dropped.
    double tstt = 0;
    bool dropped = false;
    L[root] = U[root] = D[root] = 0;
    w.lp[root] = kNone;
    for (size_t idx = 1; idx < nn; ++idx) {
      const uint32_t v = order[idx], r = rec[idx - 1];
      if (!(r & kMulti)) {  // the usual case: one in-arc, which is the L tree's
        const uint32_t t = tail[r];
        const double fa = T[v], ca = c[r];
        tstt += fa * ca;
        x[r] += fa;
        inb[r] = 1;
        L[v] = D[v] = L[t] + ca;
        U[v] = U[t] + ca;
        w.lp[v] = r;
        continue;
      }
      const uint32_t p = r & ~kMulti, e = p + 1 + marc[p];
      double l = kInf, u = -kInf;
      uint32_t lp = kNone;
      for (uint32_t i = p + 1; i < e; ++i) {
        const uint32_t a = marc[i];
        tstt += mflow[i] * c[a];
        x[a] += mflow[i];
        const double cl = L[tail[a]] + c[a];
        if (cl < l) l = cl, lp = a;
      }
      for (uint32_t i = p + 1; i < e; ++i) {
        const uint32_t a = marc[i];
        if (a != lp && mflow[i] <= kFlowEps) {  // drop (its flow residue is re-summed away)
          marc[i] = a | kMulti;
          dropped = true;
          continue;
        }
        inb[a] = 1;
        u = std::max(u, U[tail[a]] + c[a]);
      }
      L[v] = D[v] = l;
      U[v] = u;
      w.lp[v] = lp;
    }
    // Arcs leaving the bush's nodes: arcs to add, and Bellman's condition L_i + c_ij >= L_j.
    // Where it fails, D (= L elsewhere) is repaired by a label-correcting search seeded with the
    // violated heads: every label is the length of a real path, so what is left once no arc
    // improves any label is the exact shortest-path distance, at the cost of the part of the
    // network whose distances changed rather than a full search.
    w.added.clear();
    w.heap.clear();
    for (size_t idx = 0; idx < nn; ++idx) {
      const uint32_t i = order[idx];
      const double li = L[i], ui = U[i];
      for (uint32_t a = first[i], ae = first[i + 1]; a < ae; ++a) {
        if (inb[a]) continue;
        const uint32_t j = head[a];
        if (j == root || pos[j] == kNone) continue;  // unreachable j: a is closed
        const double ca = c[a];
        if (li + ca < D[j]) {
          D[j] = li + ca;
          w.heap.push_or_decrease(j, D[j]);
        }
        const double uj = U[j];
        if (ui + ca < uj - 1e-13 * uj) w.added.push_back(a);
      }
    }
    while (!w.heap.empty()) {
      const uint32_t v = w.heap.pop();
      const double dv = D[v];
      for (uint32_t a = first[v], ae = first[v + 1]; a < ae; ++a) {
        const uint32_t j = head[a];
        if (j == root || pos[j] == kNone) continue;
        const double nd = dv + c[a];
        if (nd < D[j]) {
          D[j] = nd;
          w.heap.push_or_decrease(j, nd);
        }
      }
    }
    double sptt = 0;
    for (uint32_t i = net_.first_dest[o]; i < net_.first_dest[o + 1]; ++i)
      sptt += net_.demand[i] * D[net_.dest[i]];
    sptt_[o] = sptt;
    excess_[o] = tstt - sptt;
    if (w.added.empty()) {
      // Fallback: shortcuts of the bush's shortest paths that respect the current order.
      for (size_t idx = 0; idx < nn; ++idx) {
        const uint32_t i = order[idx];
        for (uint32_t a = first[i], ae = first[i + 1]; a < ae; ++a) {
          if (inb[a]) continue;
          const uint32_t j = head[a];
          if (j == root || pos[j] == kNone || pos[j] < idx) continue;
          if (L[i] + c[a] < L[j] - 1e-13 * L[j]) w.added.push_back(a);
        }
      }
    }
    if (w.added.empty() && !dropped) {  // same structure; the flows are already in place
      release(o, w);
      return;
    }
    bool resort = false;
    for (uint32_t a : w.added) {
      inb[a] = 2;  // added (possibly an arc just dropped): listed once
      if (pos[tail[a]] > pos[head[a]]) resort = true;
    }
    w.add_next.resize(w.added.size());
    if (resort && !topo_sort(o, w)) {  // a subset of the old bush: the old order holds
      for (uint32_t a : w.added) inb[a] = 0;
      w.added.clear();
    }
    for (uint32_t i = 0; i < w.added.size(); ++i) {
      const uint32_t j = head[w.added[i]];
      w.add_next[i] = w.add_first[j];
      w.add_first[j] = i;
    }
    // Repacked from the old records (in-arcs not flagged as dropped) and the added arcs, in
    // the (possibly new) order. A single in-arc's flow is T of its node.
    const std::vector<uint32_t>& norder = resort && !w.added.empty() ? w.order2 : w.order;
    w.rec2.clear();
    w.marc2.clear();
    w.mflow2.clear();
    for (size_t k = 1; k < norder.size(); ++k) {
      const uint32_t v = norder[k], r = rec[pos[v] - 1];
      uint32_t cnt = 0, only = kNone;
      uint32_t p = 0, e = 0;
      if (r & kMulti) {
        p = r & ~kMulti;
        e = p + 1 + marc[p];
        for (uint32_t i = p + 1; i < e; ++i)
          if (!(marc[i] & kMulti)) ++cnt, only = marc[i];
      } else {
        cnt = 1;
        only = r;
      }
      for (uint32_t i = w.add_first[v]; i != kNone; i = w.add_next[i]) ++cnt, only = w.added[i];
      if (cnt == 1) {
        w.rec2.push_back(only);
      } else {
        w.rec2.push_back(kMulti | static_cast<uint32_t>(w.marc2.size()));
        w.marc2.push_back(cnt);
        w.mflow2.push_back(0);
        if (r & kMulti) {
          for (uint32_t i = p + 1; i < e; ++i)
            if (!(marc[i] & kMulti)) {
              w.marc2.push_back(marc[i]);
              w.mflow2.push_back(mflow[i]);
            }
        } else {
          w.marc2.push_back(r);
          w.mflow2.push_back(T[v]);
        }
        for (uint32_t i = w.add_first[v]; i != kNone; i = w.add_next[i]) {
          w.marc2.push_back(w.added[i]);
          w.mflow2.push_back(0);
        }
      }
      w.add_first[v] = kNone;
    }
    release(o, w);
    b.rec.assign(w.rec2.begin(), w.rec2.end());
    b.marc.assign(w.marc2.begin(), w.marc2.end());
    b.mflow.assign(w.mflow2.begin(), w.mflow2.end());
  }

  // Clears the workspace flags of bush o's update: arc flags (its records' arcs, dropped or
  // not, and the added arcs) and node positions.
  void release(uint32_t o, Work& w) {
    const Bush& b = bushes_[o];
    for (size_t idx = 1; idx < w.order.size(); ++idx) {
      const uint32_t r = b.rec[idx - 1];
      if (!(r & kMulti)) {
        w.inb[r] = 0;
        continue;
      }
      const uint32_t p = r & ~kMulti, e = p + 1 + b.marc[p];
      for (uint32_t i = p + 1; i < e; ++i) w.inb[b.marc[i] & ~kMulti] = 0;
    }
    for (uint32_t a : w.added) w.inb[a] = 0;
    for (uint32_t v : w.order) w.pos[v] = kNone;
  }

  // Kahn's algorithm over the bush arcs (flagged in w.inb: kept 1, added 2) into w.order2.
  // False if the bush has a cycle.
  bool topo_sort(uint32_t o, Work& w) {
    const Bush& b = bushes_[o];
    const uint32_t* head = net_.fwd.head.data();
    const size_t nn = w.order.size();
    for (size_t idx = 1; idx < nn; ++idx) {
      const uint32_t v = w.order[idx], r = b.rec[idx - 1];
      if (!(r & kMulti)) {
        w.indeg[v] = 1;
        continue;
      }
      const uint32_t p = r & ~kMulti, e = p + 1 + b.marc[p];
      uint32_t d = 0;
      for (uint32_t i = p + 1; i < e; ++i) d += !(b.marc[i] & kMulti);
      w.indeg[v] = d;
    }
    for (uint32_t a : w.added) ++w.indeg[head[a]];
    // A node enters the queue once, when its last in-arc is seen, so nn slots suffice.
    w.order2.resize(nn);
    uint32_t* q = w.order2.data();
    uint32_t* indeg = w.indeg.data();
    const uint8_t* inb = w.inb.data();
    const uint32_t* first = net_.fwd.first_out.data();
    q[0] = net_.root[o];
    size_t qn = 1;
    for (size_t i = 0; i < qn; ++i) {
      const uint32_t v = q[i];
      for (uint32_t a = first[v], e = first[v + 1]; a < e; ++a)
        if (inb[a] && --indeg[head[a]] == 0) q[qn++] = head[a];
    }
    const bool ok = qn == nn;
    for (size_t idx = 0; idx < nn; ++idx) w.indeg[w.order[idx]] = 0;
    return ok;
  }

  // One pass of Newton flow shifts over bush o's nodes in reverse topological order; updates
  // excess_[o] (bush TSTT - bush SPTT over the bush). Works on the compact bush itself, not on
  // an unpacked copy: the flow of a node's single in-arc is the node's throughput T (rebuilt
  // first by throughputs(), in reverse topological order, as in rebuild_flows), the flows of nodes
  // with several in-arcs are shifted in place in `mflow`. Same arithmetic, in the same order, as
  // unpacking, shifting and storing back.
  void shift_pass(uint32_t o, Work& w) {
    Bush& b = bushes_[o];
    const uint32_t k = net_.cls[o];
    const double* c = c_.data() + off(o);
    const double* dc = dc_.data() + off(o);
    const uint32_t* tail = net_.tail.data();
    const uint32_t* rec = b.rec.data();
    const uint32_t* marc = b.marc.data();
    double* mflow = b.mflow.data();
    double* T = w.T.data();
    double* L = w.L.data();
    double* U = w.U.data();
    uint32_t* lp = w.lp.data();
    uint32_t* up = w.up.data();
    uint32_t* lpe = w.lpe.data();
    uint32_t* upe = w.upe.data();
    uint32_t* pos = w.spos.data();
    const uint32_t root = net_.root[o];
    throughputs(o, w, pos);
    const size_t nn = w.order.size();
    const uint32_t* order = w.order.data();
    // L over all bush arcs, U over arcs carrying flow; lpe/upe: the flow slot in mflow of the
    // chosen in-arc, kNone for a single in-arc (whose flow is T of its head).
    double tstt = 0;
    L[root] = U[root] = 0;
    lp[root] = up[root] = kNone;
    for (size_t idx = 1; idx < nn; ++idx) {
      const uint32_t v = order[idx], r = rec[idx - 1];
      double l = kInf, u = -kInf;
      uint32_t lpa = kNone, upa = kNone, lps = kNone, ups = kNone;
      if (!(r & kMulti)) {
        const uint32_t t = tail[r];
        const double ca = c[r];
        const double cl = L[t] + ca;
        if (cl < l) l = cl, lpa = r;
        const double f = T[v];
        if (f > 0) {
          tstt += f * ca;
          const double cu = U[t] + ca;
          if (cu > u) u = cu, upa = r;
        }
      } else {
        const uint32_t p = r & ~kMulti, e = p + 1 + marc[p];
        for (uint32_t i = p + 1; i < e; ++i) {
          const uint32_t a = marc[i], t = tail[a];
          const double ca = c[a];
          const double cl = L[t] + ca;
          if (cl < l) l = cl, lpa = a, lps = i;
          const double f = mflow[i];
          if (f > 0) {
            tstt += f * ca;
            const double cu = U[t] + ca;
            if (cu > u) u = cu, upa = a, ups = i;
          }
        }
      }
      L[v] = l;
      U[v] = u;
      lp[v] = lpa;
      up[v] = upa;
      lpe[v] = lps;
      upe[v] = ups;
    }
    double lsum = 0;
    for (uint32_t i = net_.first_dest[o]; i < net_.first_dest[o + 1]; ++i)
      lsum += net_.demand[i] * L[net_.dest[i]];
    excess_[o] = tstt - lsum;
    // The segments hold the heads of their arcs (the arc is lp/up of its head).
    auto flow = [&](uint32_t slot, uint32_t v) -> double& {
      return slot == kNone ? T[v] : mflow[slot];
    };
    for (size_t idx = nn; idx-- > 1;) {
      const uint32_t j = order[idx];
      if (up[j] == kNone || lp[j] == up[j]) continue;
      if (!(U[j] - L[j] > 1e-14 * U[j])) continue;
      w.seg_min.clear();
      w.seg_max.clear();
      w.seg_min.push_back(j);
      w.seg_max.push_back(j);
      uint32_t i_min = tail[lp[j]], i_max = tail[up[j]];
      bool broken = false;
      while (i_min != i_max) {
        if (pos[i_min] > pos[i_max]) {
          w.seg_min.push_back(i_min);
          i_min = tail[lp[i_min]];
        } else {
          if (up[i_max] == kNone) {  // flow residue below kFlowEps upstream: nothing to move
            broken = true;
            break;
          }
          w.seg_max.push_back(i_max);
          i_max = tail[up[i_max]];
        }
      }
      if (broken) continue;
      double cmin = 0, cmax = 0, dsum = 0, cap = kInf;
      for (uint32_t v : w.seg_min) {
        cmin += c[lp[v]];
        dsum += dc[lp[v]];
      }
      for (uint32_t v : w.seg_max) {
        cmax += c[up[v]];
        dsum += dc[up[v]];
        cap = std::min(cap, flow(upe[v], v));
      }
      const double diff = cmax - cmin;
      if (!(diff > 1e-14 * cmax) || !(cap > 0)) continue;
      double delta = dsum > 0 ? diff / dsum : cap;
      if (!(delta < cap)) delta = cap;
      for (uint32_t v : w.seg_max) {
        double& f = flow(upe[v], v);
        f -= delta;
        if (f < kFlowEps) f = 0;  // exact zero on the limiting arc
        add_flow(k, up[v], -delta);
      }
      for (uint32_t v : w.seg_min) {
        flow(lpe[v], v) += delta;
        add_flow(k, lp[v], delta);
      }
    }
  }

  Solver& sv_;
  const Net& net_;
  std::vector<double>& x_;  // class-major class flows
  uint32_t n_ = 0, m_ = 0, no_ = 0, nk_ = 1;
  std::vector<Bush> bushes_;
  std::vector<double> v_, c_, dc_;  // volume per arc; class-major costs and derivatives
  std::vector<double> sptt_, excess_;
  std::vector<std::vector<double>> block_sum_;
};

}  // namespace

void run_algorithm_b(Solver& sv, std::vector<double>& x, const WarmState* from,
                     std::shared_ptr<const WarmState>* save) {
  LeanB b(sv, x);
  b.run(from, save);
}

}  // namespace corridor::assign::detail
