// CH queries: bidirectional upward Dijkstra with stall-on-demand, path unpacking, and bucket
// many-to-many.
#include <algorithm>

#include "corridor/ch/ch.h"
#include "corridor/core/error.h"

namespace corridor::ch {

namespace {

uint32_t tail_of(const route::Graph& g, uint32_t arc) {
  auto it = std::upper_bound(g.first_out.begin(), g.first_out.end(), arc);
  return static_cast<uint32_t>(it - g.first_out.begin()) - 1;
}

uint32_t find_arc(const route::Graph& g, uint32_t at, uint32_t head) {
  for (uint32_t a = g.begin(at); a < g.end(at); ++a)
    if (g.head[a] == head) return a;
  CORRIDOR_ASSERT(false && "shortcut piece not found");
  return kInvalid;
}

}  // namespace

void unpack_arc(const ContractionHierarchy& ch, bool upward, uint32_t arc,
                std::vector<uint32_t>& out) {
  std::vector<std::pair<bool, uint32_t>> stack{{upward, arc}};
  while (!stack.empty()) {
    auto [up, a] = stack.back();
    stack.pop_back();
    const uint32_t via = up ? ch.up_via[a] : ch.down_via[a];
    if (via & kInputArcBit) {
      out.push_back(via & ~kInputArcBit);
      continue;
    }
    const uint32_t m = via;
    // An up arc x->y stored at x: pieces x->m (down at m, head x) then m->y (up at m, head y).
    // A down arc stored at x with head y (input y->x): pieces y->m (down at m, head y) then
    // m->x (up at m, head x).
    const uint32_t x = up ? tail_of(ch.up, a) : tail_of(ch.down, a);
    const uint32_t y = up ? ch.up.head[a] : ch.down.head[a];
    const uint32_t first = find_arc(ch.down, m, up ? x : y);
    const uint32_t second = find_arc(ch.up, m, up ? y : x);
    stack.push_back({true, second});
    stack.push_back({false, first});
  }
}

ChQuery::ChQuery(const ContractionHierarchy& ch) : ch_(ch) {
  const uint32_t n = ch.num_nodes();
  for (Side* s : {&fwd_, &bwd_}) {
    s->dist.assign(n, kInfWeight);
    s->parent.assign(n, kInvalid);
    s->stamp.assign(n, 0);
    s->heap.resize(n);
  }
}

void ChQuery::reset() {
  fwd_.heap.clear();
  bwd_.heap.clear();
  settled_ = 0;
  best_ = kInfWeight;
  meet_ = kInvalid;
  if (++round_ == 0) {
    for (Side* s : {&fwd_, &bwd_}) std::fill(s->stamp.begin(), s->stamp.end(), 0);
    round_ = 1;
  }
}

Weight ChQuery::distance(uint32_t s, uint32_t t) {
  CORRIDOR_ASSERT(s < ch_.num_nodes() && t < ch_.num_nodes());
  reset();
  const uint32_t rs = ch_.rank[s], rt = ch_.rank[t];
  fwd_.stamp[rs] = round_;
  fwd_.dist[rs] = 0;
  fwd_.parent[rs] = kInvalid;
  fwd_.heap.push_or_decrease(rs, 0);
  bwd_.stamp[rt] = round_;
  bwd_.dist[rt] = 0;
  bwd_.parent[rt] = kInvalid;
  bwd_.heap.push_or_decrease(rt, 0);
  if (rs == rt) {
    best_ = 0;
    meet_ = rs;
    return 0;
  }
  for (;;) {
    const bool f = !fwd_.heap.empty() && fwd_.heap.top_key() < best_;
    const bool b = !bwd_.heap.empty() && bwd_.heap.top_key() < best_;
    if (!f && !b) break;
    const bool forward = f && (!b || fwd_.heap.top_key() <= bwd_.heap.top_key());
    Side& side = forward ? fwd_ : bwd_;
    const Side& other = forward ? bwd_ : fwd_;
    const route::Graph& g = forward ? ch_.up : ch_.down;
    const std::vector<Weight>& w = forward ? ch_.up_weight : ch_.down_weight;
    const route::Graph& sg = forward ? ch_.down : ch_.up;
    const std::vector<Weight>& sw = forward ? ch_.down_weight : ch_.up_weight;
    const uint32_t v = side.heap.pop();
    ++settled_;
    const Weight dv = side.dist[v];
    if (reached(other, v)) {
      const Weight c = dv + other.dist[v];
      if (c < best_) {
        best_ = c;
        meet_ = v;
      }
    }
    // Stall-on-demand: v is not reached on a shortest path if a higher node reaches it cheaper.
    bool stalled = false;
    for (uint32_t a = sg.begin(v), e = sg.end(v); a < e; ++a) {
      const uint32_t y = sg.head[a];
      if (reached(side, y) && side.dist[y] + sw[a] < dv) {
        stalled = true;
        break;
      }
    }
    if (stalled) continue;
    relax(side, g, w, v);
  }
  return best_;
}

void ChQuery::relax(Side& side, const route::Graph& g, const std::vector<Weight>& w, uint32_t v) {
  const Weight dv = side.dist[v];
  for (uint32_t a = g.begin(v), e = g.end(v); a < e; ++a) {
    const uint32_t y = g.head[a];
    const Weight nd = dv + w[a];
    if (side.stamp[y] != round_) {
      side.stamp[y] = round_;
      side.dist[y] = nd;
      side.parent[y] = a;
      side.heap.push_or_decrease(y, nd);
    } else if (nd < side.dist[y]) {
      side.dist[y] = nd;
      side.parent[y] = a;
      side.heap.push_or_decrease(y, nd);
    }
  }
}

std::vector<uint32_t> ChQuery::path_arcs() const {
  std::vector<uint32_t> out;
  if (meet_ == kInvalid) return out;
  std::vector<uint32_t> fwd_arcs;
  for (uint32_t v = meet_; fwd_.parent[v] != kInvalid;) {
    const uint32_t a = fwd_.parent[v];
    fwd_arcs.push_back(a);
    v = tail_of(ch_.up, a);
  }
  for (auto it = fwd_arcs.rbegin(); it != fwd_arcs.rend(); ++it) unpack_arc(ch_, true, *it, out);
  for (uint32_t v = meet_; bwd_.parent[v] != kInvalid;) {
    const uint32_t a = bwd_.parent[v];
    unpack_arc(ch_, false, a, out);
    v = tail_of(ch_.down, a);
  }
  return out;
}

std::vector<uint32_t> ChQuery::path_nodes(const route::Graph& input) const {
  std::vector<uint32_t> nodes;
  if (meet_ == kInvalid) return nodes;
  uint32_t v = meet_;
  while (fwd_.parent[v] != kInvalid) v = tail_of(ch_.up, fwd_.parent[v]);
  nodes.push_back(ch_.order[v]);
  for (uint32_t a : path_arcs()) nodes.push_back(input.head[a]);
  return nodes;
}

ManyToMany::ManyToMany(const ContractionHierarchy& ch)
    : ch_(ch), dist_(ch.num_nodes(), kInfWeight), stamp_(ch.num_nodes(), 0), heap_(ch.num_nodes()) {}

template <typename Visit>
void ManyToMany::search(uint32_t r, const route::Graph& g, const std::vector<Weight>& w,
                        const route::Graph& stall_g, const std::vector<Weight>& stall_w,
                        Visit&& visit) {
  if (++round_ == 0) {
    std::fill(stamp_.begin(), stamp_.end(), 0);
    round_ = 1;
  }
  heap_.clear();
  stamp_[r] = round_;
  dist_[r] = 0;
  heap_.push_or_decrease(r, 0);
  while (!heap_.empty()) {
    const uint32_t v = heap_.pop();
    const Weight dv = dist_[v];
    bool stalled = false;
    for (uint32_t a = stall_g.begin(v), e = stall_g.end(v); a < e; ++a) {
      const uint32_t y = stall_g.head[a];
      if (stamp_[y] == round_ && dist_[y] + stall_w[a] < dv) {
        stalled = true;
        break;
      }
    }
    if (stalled) continue;
    visit(v, dv);
    for (uint32_t a = g.begin(v), e = g.end(v); a < e; ++a) {
      const uint32_t y = g.head[a];
      const Weight nd = dv + w[a];
      if (stamp_[y] != round_) {
        stamp_[y] = round_;
        dist_[y] = nd;
        heap_.push_or_decrease(y, nd);
      } else if (nd < dist_[y]) {
        dist_[y] = nd;
        heap_.push_or_decrease(y, nd);
      }
    }
  }
}

std::vector<Weight> ManyToMany::table(const std::vector<uint32_t>& sources,
                                      const std::vector<uint32_t>& targets) {
  const uint32_t n = ch_.num_nodes();
  std::vector<Weight> result(sources.size() * targets.size(), kInfWeight);
  // Buckets: for each node, (target column, distance to that target), grouped by node.
  struct Entry {
    uint32_t node, col;
    Weight dist;
  };
  std::vector<Entry> entries;
  for (uint32_t j = 0; j < targets.size(); ++j) {
    CORRIDOR_ASSERT(targets[j] < n);
    search(ch_.rank[targets[j]], ch_.down, ch_.down_weight, ch_.up, ch_.up_weight,
           [&](uint32_t v, Weight d) { entries.push_back({v, j, d}); });
  }
  std::vector<uint32_t> first(n + 1, 0);
  for (const Entry& e : entries) ++first[e.node + 1];
  for (uint32_t v = 0; v < n; ++v) first[v + 1] += first[v];
  std::vector<std::pair<uint32_t, Weight>> bucket(entries.size());
  {
    std::vector<uint32_t> pos(first.begin(), first.end() - 1);
    for (const Entry& e : entries) bucket[pos[e.node]++] = {e.col, e.dist};
  }
  const size_t cols = targets.size();
  for (size_t i = 0; i < sources.size(); ++i) {
    CORRIDOR_ASSERT(sources[i] < n);
    Weight* row = result.data() + i * cols;
    search(ch_.rank[sources[i]], ch_.up, ch_.up_weight, ch_.down, ch_.down_weight,
           [&](uint32_t v, Weight d) {
             for (uint32_t k = first[v]; k < first[v + 1]; ++k) {
               const Weight c = d + bucket[k].second;
               if (c < row[bucket[k].first]) row[bucket[k].first] = c;
             }
           });
  }
  return result;
}

}  // namespace corridor::ch
