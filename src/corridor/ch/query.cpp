// CH queries: bidirectional upward Dijkstra with stall-on-demand, path unpacking, and bucket
// many-to-many.
#include <algorithm>

#include "corridor/ch/ch.h"
#include "corridor/core/error.h"

namespace corridor::ch {

void unpack_arc(const ContractionHierarchy& ch, bool upward, uint32_t arc,
                std::vector<uint32_t>& out) {
  struct Item {
    bool up;
    uint32_t arc, tail;  // tail = the node the arc is stored at
  };
  std::vector<Item> stack{{upward, arc, (upward ? ch.up : ch.down).tail(arc)}};
  while (!stack.empty()) {
    const Item it = stack.back();
    stack.pop_back();
    const SearchGraph& g = it.up ? ch.up : ch.down;
    const uint32_t via = g.via[it.arc];
    if (via & kInputArcBit) {
      out.push_back(via & ~kInputArcBit);
      continue;
    }
    const uint32_t m = via;
    // An up arc x->y stored at x: pieces x->m (down at m, head x) then m->y (up at m, head y).
    // A down arc stored at x with head y (input y->x): pieces y->m (down at m, head y) then
    // m->x (up at m, head x).
    const uint32_t x = it.tail;
    const uint32_t y = g.arcs[it.arc].head;
    const uint32_t first = ch.down.find(m, it.up ? x : y);
    const uint32_t second = ch.up.find(m, it.up ? y : x);
    CORRIDOR_ASSERT(first != kInvalid && second != kInvalid);
    stack.push_back({true, second, m});
    stack.push_back({false, first, m});
  }
}

void ChQuery::Side::push(uint32_t v, Weight key) {
  const uint32_t p = static_cast<uint32_t>(heap.size());
  heap.push_back({key, v});
  node[v].heap_pos = p;
  sift_up(p);
}

void ChQuery::Side::decrease(uint32_t v, Weight key) {
  const uint32_t p = node[v].heap_pos;
  heap[p].key = key;
  sift_up(p);
}

uint32_t ChQuery::Side::pop() {
  const uint32_t v = heap[0].node;
  node[v].heap_pos = kInvalid;
  const HeapEntry last = heap.back();
  heap.pop_back();
  if (!heap.empty()) {
    heap[0] = last;
    node[last.node].heap_pos = 0;
    sift_down(0);
  }
  return v;
}

void ChQuery::Side::sift_up(uint32_t p) {
  const HeapEntry e = heap[p];
  while (p > 0) {
    const uint32_t parent = (p - 1) / 4;
    if (!(e.key < heap[parent].key)) break;
    heap[p] = heap[parent];
    node[heap[p].node].heap_pos = p;
    p = parent;
  }
  heap[p] = e;
  node[e.node].heap_pos = p;
}

void ChQuery::Side::sift_down(uint32_t p) {
  const HeapEntry e = heap[p];
  const uint32_t n = static_cast<uint32_t>(heap.size());
  for (;;) {
    const uint32_t c = 4 * p + 1;
    if (c >= n) break;
    uint32_t best = c;
    const uint32_t end = c + 4 < n ? c + 4 : n;
    for (uint32_t k = c + 1; k < end; ++k)
      if (heap[k].key < heap[best].key) best = k;
    if (!(heap[best].key < e.key)) break;
    heap[p] = heap[best];
    node[heap[p].node].heap_pos = p;
    p = best;
  }
  heap[p] = e;
  node[e.node].heap_pos = p;
}

ChQuery::ChQuery(const ContractionHierarchy& ch) : ch_(ch) {
  const uint32_t n = ch.num_nodes();
  for (Side* s : {&fwd_, &bwd_}) s->node.assign(n, State{0, kInfWeight, kInvalid, kInvalid});
}

void ChQuery::reset() {
  fwd_.heap.clear();
  bwd_.heap.clear();
  settled_ = 0;
  best_ = kInfWeight;
  meet_ = kInvalid;
  if (++round_ == 0) {
    for (Side* s : {&fwd_, &bwd_})
      for (State& st : s->node) st.stamp = 0;
    round_ = 1;
  }
}

Weight ChQuery::distance(uint32_t s, uint32_t t) {
  CORRIDOR_ASSERT(s < ch_.num_nodes() && t < ch_.num_nodes());
  reset();
  const uint32_t rs = ch_.rank[s], rt = ch_.rank[t];
  fwd_.node[rs] = {round_, 0, kInvalid, kInvalid};
  fwd_.push(rs, 0);
  bwd_.node[rt] = {round_, 0, kInvalid, kInvalid};
  bwd_.push(rt, 0);
  if (rs == rt) {
    best_ = 0;
    meet_ = rs;
    return 0;
  }
  for (;;) {
    const bool f = !fwd_.empty() && fwd_.top_key() < best_;
    const bool b = !bwd_.empty() && bwd_.top_key() < best_;
    if (!f && !b) break;
    const bool forward = f && (!b || fwd_.top_key() <= bwd_.top_key());
    Side& side = forward ? fwd_ : bwd_;
    const Side& other = forward ? bwd_ : fwd_;
    const SearchGraph& g = forward ? ch_.up : ch_.down;
    const SearchGraph& sg = forward ? ch_.down : ch_.up;
    const uint32_t v = side.pop();
    ++settled_;
    const Weight dv = side.node[v].dist;
    if (other.node[v].stamp == round_) {
      const Weight c = dv + other.node[v].dist;
      if (c < best_) {
        best_ = c;
        meet_ = v;
      }
    }
    // Stall-on-demand: v is not reached on a shortest path if a higher node reaches it cheaper.
    bool stalled = false;
    for (uint32_t a = sg.begin(v), e = sg.end(v); a < e; ++a) {
      const State& y = side.node[sg.arcs[a].head];
      if (y.stamp == round_ && y.dist + sg.arcs[a].weight < dv) {
        stalled = true;
        break;
      }
    }
    if (!stalled) relax(side, g, v);
  }
  return best_;
}

void ChQuery::relax(Side& side, const SearchGraph& g, uint32_t v) {
  const Weight dv = side.node[v].dist;
  for (uint32_t a = g.begin(v), e = g.end(v); a < e; ++a) {
    const uint32_t y = g.arcs[a].head;
    const Weight nd = dv + g.arcs[a].weight;
    State& st = side.node[y];
    if (st.stamp != round_) {
      st = {round_, nd, a, kInvalid};
      side.push(y, nd);
    } else if (nd < st.dist) {
      // Upward searches are plain Dijkstra, so a node whose distance drops is still queued.
      st.dist = nd;
      st.parent = a;
      side.decrease(y, nd);
    }
  }
}

std::vector<uint32_t> ChQuery::path_arcs() const {
  std::vector<uint32_t> out;
  if (meet_ == kInvalid) return out;
  std::vector<uint32_t> fwd_arcs;
  for (uint32_t v = meet_; fwd_.node[v].parent != kInvalid;) {
    const uint32_t a = fwd_.node[v].parent;
    fwd_arcs.push_back(a);
    v = ch_.up.tail(a);
  }
  for (auto it = fwd_arcs.rbegin(); it != fwd_arcs.rend(); ++it) unpack_arc(ch_, true, *it, out);
  for (uint32_t v = meet_; bwd_.node[v].parent != kInvalid;) {
    const uint32_t a = bwd_.node[v].parent;
    unpack_arc(ch_, false, a, out);
    v = ch_.down.tail(a);
  }
  return out;
}

std::vector<uint32_t> ChQuery::path_nodes(const route::Graph& input) const {
  std::vector<uint32_t> nodes;
  if (meet_ == kInvalid) return nodes;
  uint32_t v = meet_;
  while (fwd_.node[v].parent != kInvalid) v = ch_.up.tail(fwd_.node[v].parent);
  nodes.push_back(ch_.order[v]);
  for (uint32_t a : path_arcs()) nodes.push_back(input.head[a]);
  return nodes;
}

ManyToMany::ManyToMany(const ContractionHierarchy& ch)
    : ch_(ch), node_(ch.num_nodes(), State{0, kInfWeight}), heap_(ch.num_nodes()) {}

template <typename Visit>
void ManyToMany::search(uint32_t r, const SearchGraph& g, const SearchGraph& stall_g,
                        Visit&& visit) {
  if (++round_ == 0) {
    for (State& st : node_) st.stamp = 0;
    round_ = 1;
  }
  heap_.clear();
  node_[r] = {round_, 0};
  heap_.push_or_decrease(r, 0);
  while (!heap_.empty()) {
    const uint32_t v = heap_.pop();
    const Weight dv = node_[v].dist;
    bool stalled = false;
    for (uint32_t a = stall_g.begin(v), e = stall_g.end(v); a < e; ++a) {
      const State& y = node_[stall_g.arcs[a].head];
      if (y.stamp == round_ && y.dist + stall_g.arcs[a].weight < dv) {
        stalled = true;
        break;
      }
    }
    if (stalled) continue;
    visit(v, dv);
    for (uint32_t a = g.begin(v), e = g.end(v); a < e; ++a) {
      const uint32_t y = g.arcs[a].head;
      const Weight nd = dv + g.arcs[a].weight;
      State& st = node_[y];
      if (st.stamp != round_) {
        st = {round_, nd};
        heap_.push_or_decrease(y, nd);
      } else if (nd < st.dist) {
        st.dist = nd;
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
    search(ch_.rank[targets[j]], ch_.down, ch_.up, [&](uint32_t v, Weight d) {
      entries.push_back({v, j, d});
    });
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.node < b.node; });
  // Index of the first entry of every node that has entries (sparse: binary search by node).
  std::vector<uint32_t> bucket_node;
  std::vector<uint32_t> bucket_first;
  for (uint32_t i = 0; i < entries.size(); ++i) {
    if (i == 0 || entries[i].node != entries[i - 1].node) {
      bucket_node.push_back(entries[i].node);
      bucket_first.push_back(i);
    }
  }
  bucket_first.push_back(static_cast<uint32_t>(entries.size()));
  std::vector<uint32_t> slot(n, kInvalid);
  for (uint32_t b = 0; b < bucket_node.size(); ++b) slot[bucket_node[b]] = b;
  const size_t cols = targets.size();
  for (size_t i = 0; i < sources.size(); ++i) {
    CORRIDOR_ASSERT(sources[i] < n);
    Weight* row = result.data() + i * cols;
    search(ch_.rank[sources[i]], ch_.up, ch_.down, [&](uint32_t v, Weight d) {
      const uint32_t b = slot[v];
      if (b == kInvalid) return;
      for (uint32_t k = bucket_first[b]; k < bucket_first[b + 1]; ++k) {
        const Weight c = d + entries[k].dist;
        if (c < row[entries[k].col]) row[entries[k].col] = c;
      }
    });
  }
  return result;
}

}  // namespace corridor::ch
