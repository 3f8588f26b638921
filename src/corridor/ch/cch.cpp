// Customizable CH: nested-dissection order (METIS), symbolic contraction, basic and perfect
// customization, elimination-tree queries. See cch.h.
#include "corridor/ch/cch.h"

#include <metis.h>

#include <algorithm>
#include <numeric>
#include <string>

#include "corridor/core/error.h"

namespace corridor::ch {
namespace {

// Orders the nodes of an undirected simple graph (CSR, no loops) by nested dissection:
// returns rank[v] (0 = eliminated first; the top separator gets the highest ranks).
std::vector<uint32_t> nested_dissection(uint32_t n, const std::vector<idx_t>& xadj,
                                        std::vector<idx_t>& adjncy, int seed) {
  std::vector<uint32_t> rank(n);
  if (adjncy.empty()) {  // METIS refuses a graph without edges; any order is perfect then
    std::iota(rank.begin(), rank.end(), 0u);
    return rank;
  }
  idx_t nv = static_cast<idx_t>(n);
  idx_t options[METIS_NOPTIONS];
  METIS_SetDefaultOptions(options);
  options[METIS_OPTION_NUMBERING] = 0;
  options[METIS_OPTION_SEED] = seed;
  std::vector<idx_t> perm(n), iperm(n);
  // METIS takes non-const pointers but does not modify the graph.
  const int rc = METIS_NodeND(&nv, const_cast<idx_t*>(xadj.data()), adjncy.data(), nullptr, options,
                              perm.data(), iperm.data());
  if (rc != METIS_OK)
    throw Error(Errc::internal, "METIS_NodeND failed with code " + std::to_string(rc));
  // Row i of the permuted matrix is row perm[i] of the original: iperm[v] = position of v.
  for (uint32_t v = 0; v < n; ++v) rank[v] = static_cast<uint32_t>(iperm[v]);
  return rank;
}

}  // namespace

Cch Cch::build(const route::Graph& g, Reporter& reporter, const CchBuildOptions& options) {
  const std::vector<uint32_t> tails = route::arc_tails(g);
  return build(g.num_nodes(), tails, g.head, reporter, options);
}

Cch Cch::build(uint32_t n, std::span<const uint32_t> tail, std::span<const uint32_t> head,
               Reporter& reporter, const CchBuildOptions& options) {
  if (tail.size() != head.size())
    throw Error(Errc::invalid_input, "CCH build: " + std::to_string(tail.size()) + " tails but " +
                                         std::to_string(head.size()) + " heads");
  if (tail.size() >= kInputArcBit)
    throw Error(Errc::invalid_input, "CCH build: more than 2^31 arcs");
  const uint32_t m = static_cast<uint32_t>(tail.size());
  for (uint32_t a = 0; a < m; ++a)
    if (tail[a] >= n || head[a] >= n)
      throw Error(Errc::invalid_input,
                  "CCH build: arc " + std::to_string(a) + " (" + std::to_string(tail[a]) + " -> " +
                      std::to_string(head[a]) + ") names a node >= " + std::to_string(n));
  // Undirected simple graph for METIS.
  std::vector<idx_t> xadj(size_t{n} + 1, 0);
  for (uint32_t a = 0; a < m; ++a)
    if (tail[a] != head[a]) {
      ++xadj[tail[a] + 1];
      ++xadj[head[a] + 1];
    }
  for (uint32_t v = 0; v < n; ++v) xadj[v + 1] += xadj[v];
  std::vector<idx_t> adjncy(static_cast<size_t>(xadj[n]));
  {
    std::vector<idx_t> fill(xadj.begin(), xadj.end() - 1);
    for (uint32_t a = 0; a < m; ++a)
      if (tail[a] != head[a]) {
        adjncy[fill[tail[a]]++] = static_cast<idx_t>(head[a]);
        adjncy[fill[head[a]]++] = static_cast<idx_t>(tail[a]);
      }
    // Sort and deduplicate each list, compacting in place.
    idx_t out = 0;
    for (uint32_t v = 0; v < n; ++v) {
      auto b = adjncy.begin() + xadj[v], e = adjncy.begin() + xadj[v + 1];
      std::sort(b, e);
      auto last = std::unique(b, e);
      const idx_t start = out;
      for (auto it = b; it != last; ++it) adjncy[out++] = *it;
      xadj[v] = start;
    }
    xadj[n] = out;
    adjncy.resize(static_cast<size_t>(out));
  }
  reporter.progress("cch order", 0, n);
  auto d = std::make_shared<Data>();
  d->rank = nested_dissection(n, xadj, adjncy, options.metis_seed);
  reporter.finish("cch order");
  d->order.assign(n, kInvalid);
  for (uint32_t v = 0; v < n; ++v) d->order[d->rank[v]] = v;

  // Symbolic contraction in rank space: eliminating x makes its higher neighbours a clique,
  // which is the same as handing them to its lowest higher neighbour (the etree parent).
  std::vector<std::vector<uint32_t>> up(n);
  for (uint32_t v = 0; v < n; ++v)
    for (idx_t i = xadj[v]; i < xadj[v + 1]; ++i) {
      const uint32_t a = d->rank[v], b = d->rank[static_cast<uint32_t>(adjncy[i])];
      if (a < b) up[a].push_back(b);
    }
  std::vector<idx_t>().swap(adjncy);
  std::vector<idx_t>().swap(xadj);
  d->parent.assign(n, kInvalid);
  d->first_out.assign(size_t{n} + 1, 0);
  for (uint32_t x = 0; x < n; ++x) {
    auto& u = up[x];
    std::sort(u.begin(), u.end());
    u.erase(std::unique(u.begin(), u.end()), u.end());
    u.shrink_to_fit();
    if (!u.empty()) {
      const uint32_t p = u[0];
      d->parent[x] = p;
      up[p].insert(up[p].end(), u.begin() + 1, u.end());
    }
    if (d->first_out[x] + u.size() >= kInputArcBit)
      throw Error(Errc::invalid_input, "CCH build: more than 2^31 hierarchy arcs");
    d->first_out[x + 1] = d->first_out[x] + static_cast<uint32_t>(u.size());
    if ((x & 0xffff) == 0) reporter.progress("cch contract", x, n);
  }
  reporter.finish("cch contract");
  d->head.reserve(d->first_out[n]);
  for (uint32_t x = 0; x < n; ++x) {
    d->head.insert(d->head.end(), up[x].begin(), up[x].end());
    std::vector<uint32_t>().swap(up[x]);
  }
  d->input_arc.assign(m, kInvalid);
  for (uint32_t a = 0; a < m; ++a) {
    if (tail[a] == head[a]) continue;
    const uint32_t rt = d->rank[tail[a]], rh = d->rank[head[a]];
    const uint32_t lo = std::min(rt, rh), hi = std::max(rt, rh);
    auto hb = d->head.begin() + d->first_out[lo], he = d->head.begin() + d->first_out[lo + 1];
    auto it = std::lower_bound(hb, he, hi);
    CORRIDOR_ASSERT(it != he && *it == hi);
    const uint32_t e = static_cast<uint32_t>(it - d->head.begin());
    d->input_arc[a] = e << 1 | (rt > rh ? 1u : 0u);
  }
  Cch c;
  c.d_ = std::move(d);
  return c;
}

uint32_t Cch::find_arc(uint32_t lo, uint32_t hi) const {
  auto b = d_->head.begin() + d_->first_out[lo], e = d_->head.begin() + d_->first_out[lo + 1];
  auto it = std::lower_bound(b, e, hi);
  return it != e && *it == hi ? static_cast<uint32_t>(it - d_->head.begin()) : kInvalid;
}

uint32_t Cch::etree_height() const {
  const uint32_t n = num_nodes();
  std::vector<uint32_t> depth(n, 1);
  uint32_t best = 0;
  for (uint32_t r = n; r-- > 0;) {
    if (d_->parent[r] != kInvalid) depth[r] = depth[d_->parent[r]] + 1;
    best = std::max(best, depth[r]);
  }
  return best;
}

uint64_t Cch::memory_bytes() const {
  auto bytes = [](const auto& v) { return uint64_t{v.size()} * sizeof(v[0]); };
  return bytes(d_->rank) + bytes(d_->order) + bytes(d_->parent) + bytes(d_->first_out) +
         bytes(d_->head) + bytes(d_->input_arc);
}

uint64_t CchMetric::memory_bytes() const {
  auto bytes = [](const auto& v) { return uint64_t{v.size()} * sizeof(v[0]); };
  return bytes(up_) + bytes(down_) + bytes(up_via_) + bytes(down_via_);
}

std::vector<std::string> Cch::check() const {
  std::vector<std::string> errors;
  const uint32_t n = num_nodes();
  if (d_->order.size() != n || d_->parent.size() != n || d_->first_out.size() != size_t{n} + 1 ||
      d_->first_out[0] != 0 || d_->first_out[n] != d_->head.size()) {
    errors.push_back("array sizes inconsistent");
    return errors;
  }
  for (uint32_t v = 0; v < n; ++v)
    if (d_->rank[v] >= n || d_->order[d_->rank[v]] != v) {
      errors.push_back("rank/order not inverse permutations at node " + std::to_string(v));
      return errors;
    }
  for (uint32_t x = 0; x < n; ++x) {
    for (uint32_t i = d_->first_out[x]; i < d_->first_out[x + 1]; ++i)
      if (d_->head[i] <= x || d_->head[i] >= n ||
          (i > d_->first_out[x] && d_->head[i - 1] >= d_->head[i])) {
        errors.push_back("arc " + std::to_string(i) + " not upward or out of order");
        return errors;
      }
    const uint32_t want =
        d_->first_out[x] < d_->first_out[x + 1] ? d_->head[d_->first_out[x]] : kInvalid;
    if (d_->parent[x] != want) {
      errors.push_back("etree parent of rank " + std::to_string(x) +
                       " is not its lowest higher "
                       "neighbour");
      return errors;
    }
    // Clique: every pair of higher neighbours is joined by an arc.
    for (uint32_t i = d_->first_out[x]; i < d_->first_out[x + 1]; ++i) {
      uint32_t p = d_->first_out[d_->head[i]];
      for (uint32_t j = i + 1; j < d_->first_out[x + 1]; ++j) {
        while (p < d_->first_out[d_->head[i] + 1] && d_->head[p] < d_->head[j]) ++p;
        if (p == d_->first_out[d_->head[i] + 1] || d_->head[p] != d_->head[j]) {
          errors.push_back("higher neighbours of rank " + std::to_string(x) + " are not a clique");
          return errors;
        }
      }
    }
  }
  for (uint32_t a = 0; a < d_->input_arc.size(); ++a) {
    if (d_->input_arc[a] == kInvalid) continue;
    if ((d_->input_arc[a] >> 1) >= d_->head.size()) {
      errors.push_back("input arc " + std::to_string(a) + " maps out of range");
      return errors;
    }
  }
  return errors;
}

CchMetric Cch::customize(std::span<const Weight> weight, const CustomizeOptions& options) const {
  const uint32_t m = num_input_arcs();
  if (weight.size() != m)
    throw Error(Errc::invalid_input, "CCH customize: " + std::to_string(weight.size()) +
                                         " weights for " + std::to_string(m) + " arcs");
  // Same 32-bit bound as build_ch: no shortest path may reach kInfWeight.
  uint64_t sum = 0, max_w = 0;
  for (Weight w : weight) {
    if (w == kInfWeight) continue;
    sum += w;
    max_w = std::max<uint64_t>(max_w, w);
  }
  const uint32_t n = num_nodes();
  const uint64_t bound = std::min(sum, uint64_t{n > 0 ? n - 1 : 0} * max_w);
  if (bound >= uint64_t{kInfWeight})
    throw Error(Errc::invalid_input,
                "CCH customize: arc weights too large: a path could cost up "
                "to " +
                    std::to_string(bound) + ", beyond the 32-bit limit; scale the weights down");
  CchMetric mt(*this);
  const uint32_t na = num_arcs();
  mt.up_.assign(na, kInfWeight);
  mt.down_.assign(na, kInfWeight);
  mt.up_via_.assign(na, kInvalid);
  mt.down_via_.assign(na, kInvalid);
  Weight* up = mt.up_.data();
  Weight* down = mt.down_.data();
  uint32_t* up_via = mt.up_via_.data();
  uint32_t* down_via = mt.down_via_.data();
  for (uint32_t a = 0; a < m; ++a) {
    const uint32_t code = d_->input_arc[a];
    if (code == kInvalid || weight[a] == kInfWeight) continue;
    const uint32_t e = code >> 1;
    Weight* w = (code & 1) ? down : up;
    uint32_t* via = (code & 1) ? down_via : up_via;
    if (weight[a] < w[e]) {
      w[e] = weight[a];
      via[e] = kInputArcBit | a;
    }
  }
  const uint32_t* fo = d_->first_out.data();
  const uint32_t* hd = d_->head.data();
  // Sums in 64 bits: an infinite piece never beats a finite weight.
  auto relax = [](Weight& w, uint32_t& via, Weight a, Weight b, uint32_t mid) {
    const uint64_t c = uint64_t{a} + b;
    if (c < w) {
      w = static_cast<Weight>(c);
      via = mid;
    }
  };
  // Basic: bottom-up over lower triangles z < x < y (arcs z-x = i, z-y = j, x-y = p).
  for (uint32_t z = 0; z < n; ++z) {
    const uint32_t b = fo[z], e = fo[z + 1];
    for (uint32_t i = b; i < e; ++i) {
      const uint32_t x = hd[i];
      if (up[i] == kInfWeight && down[i] == kInfWeight) continue;
      uint32_t p = fo[x];
      for (uint32_t j = i + 1; j < e; ++j) {
        const uint32_t y = hd[j];
        while (hd[p] < y) ++p;                           // y is a higher neighbour of x (clique)
        relax(up[p], up_via[p], down[i], up[j], z);      // x -> z -> y
        relax(down[p], down_via[p], down[j], up[i], z);  // y -> z -> x
      }
    }
  }
  if (options.perfect) {
    // Top-down over the same triangles, now x < y < z with x lowest: arcs x-y = i, x-z = j,
    // y-z = p are final above x, so the x arcs become exact distances.
    for (uint32_t x = n; x-- > 0;) {
      const uint32_t b = fo[x], e = fo[x + 1];
      for (uint32_t i = b; i < e; ++i) {
        const uint32_t y = hd[i];
        uint32_t p = fo[y];
        for (uint32_t j = i + 1; j < e; ++j) {
          const uint32_t z = hd[j];
          while (hd[p] < z) ++p;
          relax(up[i], up_via[i], up[j], down[p], z);        // x -> z -> y
          relax(down[i], down_via[i], up[p], down[j], z);    // y -> z -> x
          relax(up[j], up_via[j], up[i], up[p], y);          // x -> y -> z
          relax(down[j], down_via[j], down[p], down[i], y);  // z -> y -> x
        }
      }
    }
  }
  return mt;
}

void CchMetric::unpack(uint32_t e, bool upward, std::vector<uint32_t>& out) const {
  const Cch& c = cch_;
  // Travel from -> to over arc e; a via node splits it into from -> mid -> to.
  struct Item {
    uint32_t from, to, arc;
  };
  const uint32_t lo =
      static_cast<uint32_t>(std::upper_bound(c.d_->first_out.begin(), c.d_->first_out.end(), e) -
                            c.d_->first_out.begin() - 1);
  const uint32_t hi = c.d_->head[e];
  std::vector<Item> stack{upward ? Item{lo, hi, e} : Item{hi, lo, e}};
  // A decomposition never cycles (every split is a strict improvement at the time it was
  // recorded); the budget turns a bug into an assertion instead of a hang.
  uint64_t budget = 4 * (uint64_t{c.num_arcs()} + c.num_input_arcs()) + 16;
  while (!stack.empty()) {
    CORRIDOR_ASSERT(budget-- > 0);
    const Item it = stack.back();
    stack.pop_back();
    const uint32_t via = it.from < it.to ? up_via_[it.arc] : down_via_[it.arc];
    CORRIDOR_ASSERT(via != kInvalid);
    if (via & kInputArcBit) {
      out.push_back(via & ~kInputArcBit);
      continue;
    }
    const uint32_t second = c.find_arc(std::min(via, it.to), std::max(via, it.to));
    const uint32_t first = c.find_arc(std::min(it.from, via), std::max(it.from, via));
    CORRIDOR_ASSERT(first != kInvalid && second != kInvalid);
    stack.push_back({via, it.to, second});
    stack.push_back({it.from, via, first});
  }
}

CchPath CchMetric::query(uint32_t s, uint32_t t) const {
  CchQuery q(*this);
  return q.query(s, t);
}

CchQuery::CchQuery(const CchMetric& metric) : m_(&metric) {
  const uint32_t n = metric.cch().num_nodes();
  fwd_.assign(n, Label{kInfWeight, kInvalid, kInvalid});
  bwd_.assign(n, Label{kInfWeight, kInvalid, kInvalid});
}

void CchQuery::rebind(const CchMetric& metric) {
  if (metric.cch().d_ != m_->cch().d_) {
    *this = CchQuery(metric);
    return;
  }
  m_ = &metric;
}

void CchQuery::clear_path(std::vector<Label>& side, uint32_t from) {
  const auto& parent = m_->cch().d_->parent;
  for (uint32_t v = from; v != kInvalid; v = parent[v]) side[v] = {kInfWeight, kInvalid, kInvalid};
}

Weight CchQuery::distance(uint32_t s, uint32_t t) {
  const Cch& c = m_->cch();
  CORRIDOR_ASSERT(s < c.num_nodes() && t < c.num_nodes());
  if (s_ != kInvalid) {
    clear_path(fwd_, c.d_->rank[s_]);
    clear_path(bwd_, c.d_->rank[t_]);
  }
  s_ = s;
  t_ = t;
  best_ = kInfWeight;
  meet_ = kInvalid;
  visited_ = 0;
  const uint32_t* fo = c.d_->first_out.data();
  const uint32_t* hd = c.d_->head.data();
  const uint32_t* parent = c.d_->parent.data();
  const Weight* upw = m_->up_.data();
  const Weight* downw = m_->down_.data();
  auto scan = [&](std::vector<Label>& side, const Weight* w, uint32_t v) {
    const Weight dv = side[v].dist;
    ++visited_;
    for (uint32_t a = fo[v], e = fo[v + 1]; a < e; ++a) {
      const uint64_t nd = uint64_t{dv} + w[a];
      Label& l = side[hd[a]];
      if (nd < l.dist) l = {static_cast<Weight>(nd), v, a};
    }
  };
  uint32_t x = c.d_->rank[s], y = c.d_->rank[t];
  fwd_[x].dist = 0;
  bwd_[y].dist = 0;
  // Below the lowest common ancestor the two ancestor paths are disjoint: scan the lower end.
  while (x != y) {  // kInvalid (past a root) is above every rank
    if (x < y) {
      if (fwd_[x].dist != kInfWeight) scan(fwd_, upw, x);
      x = parent[x];
    } else {
      if (bwd_[y].dist != kInfWeight) scan(bwd_, downw, y);
      y = parent[y];
    }
  }
  for (uint32_t v = x; v != kInvalid; v = parent[v]) {
    const Weight df = fwd_[v].dist, db = bwd_[v].dist;
    if (uint64_t{df} + db < best_) {
      best_ = df + db;
      meet_ = v;
    }
    if (df < best_) scan(fwd_, upw, v);
    if (db < best_) scan(bwd_, downw, v);
  }
  return best_;
}

CchPath CchQuery::query(uint32_t s, uint32_t t) {
  CchPath p;
  p.distance = distance(s, t);
  p.arcs = path_arcs();
  return p;
}

std::vector<uint32_t> CchQuery::path_arcs() const {
  std::vector<uint32_t> out;
  if (meet_ == kInvalid) return out;
  std::vector<uint32_t> up_arcs;
  for (uint32_t v = meet_; fwd_[v].pred != kInvalid; v = fwd_[v].pred)
    up_arcs.push_back(fwd_[v].arc);
  for (auto it = up_arcs.rbegin(); it != up_arcs.rend(); ++it) m_->unpack(*it, true, out);
  for (uint32_t v = meet_; bwd_[v].pred != kInvalid; v = bwd_[v].pred)
    m_->unpack(bwd_[v].arc, false, out);
  return out;
}

}  // namespace corridor::ch
