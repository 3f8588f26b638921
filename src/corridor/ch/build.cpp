// CH construction: one node at a time in priority order with lazy re-evaluation.
// priority = 1000*level + 1000*added/removed arcs + 1000*added/removed hops (RoutingKit's
// measure: edge quotient, hop quotient and level keep the hierarchy flat and the shortcuts few).
// Witness searches are bounded by settled nodes and hops; a missed witness only adds a
// superfluous shortcut, never a wrong cost.
#include <algorithm>
#include <atomic>
#include <queue>
#include <thread>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "corridor/ch/ch.h"
#include "corridor/ch/detail/dyn_graph.h"
#include "corridor/core/error.h"

namespace corridor::ch {
namespace {

using detail::DynGraph;

struct DArc {
  uint32_t node;
  Weight weight;
  uint32_t via;  // kInputArcBit|input arc, or middle node (input id during the build)
  uint32_t hops;
};

class Witness {
 public:
  explicit Witness(uint32_t n) : dist_(n, kInfWeight), hops_(n, 0), stamp_(n, 0), heap_(n) {}

  // Bounded Dijkstra from `source` over `out`, never entering `skip`. Stops when every node
  // marked as target (mark_target) is settled, the key exceeds `bound`, or `settle_limit` is hit.
  void run(const std::vector<std::vector<DArc>>& out, uint32_t source, uint32_t skip, Weight bound,
           uint32_t settle_limit, uint32_t hop_limit, uint32_t num_targets) {
    touch(source);
    dist_[source] = 0;
    hops_[source] = 0;
    heap_.push_or_decrease(source, 0);
    uint32_t settled = 0;
    while (!heap_.empty()) {
      if (heap_.top_key() > bound) break;
      uint32_t v = heap_.pop();
      if (is_target_[v] == target_round_) {
        if (--num_targets == 0) break;
      }
      if (++settled >= settle_limit) break;
      if (hops_[v] >= hop_limit) continue;
      const Weight dv = dist_[v];
      for (const DArc& a : out[v]) {
        if (a.node == skip) continue;
        const Weight nd = dv + a.weight;
        if (nd > bound) continue;
        touch(a.node);
        if (nd < dist_[a.node]) {
          dist_[a.node] = nd;
          hops_[a.node] = hops_[v] + 1;
          heap_.push_or_decrease(a.node, nd);
        }
      }
    }
    heap_.clear();
  }
  Weight dist(uint32_t v) const { return stamp_[v] == round_ ? dist_[v] : kInfWeight; }
  void next_round() {
    if (++round_ == 0) {
      std::fill(stamp_.begin(), stamp_.end(), 0);
      round_ = 1;
    }
  }
  void begin_targets() {
    if (is_target_.empty()) is_target_.assign(dist_.size(), 0);
    if (++target_round_ == 0) {
      std::fill(is_target_.begin(), is_target_.end(), 0);
      target_round_ = 1;
    }
  }
  void mark_target(uint32_t v) { is_target_[v] = target_round_; }

 private:
  void touch(uint32_t v) {
    if (stamp_[v] != round_) {
      stamp_[v] = round_;
      dist_[v] = kInfWeight;
    }
  }
  std::vector<Weight> dist_;
  std::vector<uint32_t> hops_, stamp_;
  std::vector<uint32_t> is_target_;
  uint32_t round_ = 1, target_round_ = 0;
  route::MinIdHeap<Weight> heap_;
};

// The search graph of the arcs of every rank (count[r] arcs of rank r, consecutive in `arcs`,
// heads and vias as input ids), heads and middle nodes renumbered to ranks, arcs of a node sorted
// by head.
void finish_graph(const std::vector<uint32_t>& rank, const std::vector<uint32_t>& count,
                  const std::vector<DArc>& arcs, SearchGraph& g) {
  const uint32_t n = static_cast<uint32_t>(rank.size());
  g.first_out.assign(n + 1, 0);
  for (uint32_t r = 0; r < n; ++r) g.first_out[r + 1] = g.first_out[r] + count[r];
  g.arcs.resize(arcs.size());
  g.via.resize(arcs.size());
  std::vector<std::pair<ChArc, uint32_t>> tmp;
  for (uint32_t r = 0; r < n; ++r) {
    // Each node's arcs sorted by head, so the search walks memory upward.
    tmp.clear();
    for (uint32_t i = g.first_out[r]; i < g.first_out[r + 1]; ++i) {
      const DArc& a = arcs[i];
      tmp.push_back({ChArc{rank[a.node], a.weight}, (a.via & kInputArcBit) ? a.via : rank[a.via]});
    }
    std::sort(tmp.begin(), tmp.end(),
              [](const auto& x, const auto& y) { return x.first.head < y.first.head; });
    for (uint32_t i = 0; i < tmp.size(); ++i) {
      g.arcs[g.first_out[r] + i] = tmp[i].first;
      g.via[g.first_out[r] + i] = tmp[i].second;
    }
  }
}

// The builder before issue 17: one node at a time, lazy re-evaluation on pop, one-to-many
// witness searches. Kept behind BuildOptions::legacy for the side-by-side benchmark.
class Builder {
 public:
  Builder(const route::Graph& g, const Weight* weight, const BuildOptions& opt)
      : n_(g.num_nodes()),
        opt_(opt),
        out_(n_),
        in_(n_),
        level_(n_, 0),
        prio_(n_, 0),
        contracted_(n_, 0),
        witness_(n_) {
    for (uint32_t u = 0; u < n_; ++u) {
      for (uint32_t a = g.begin(u); a < g.end(u); ++a) {
        uint32_t v = g.head[a];
        if (v == u || weight[a] == kInfWeight) continue;
        add_arc(u, v, weight[a], kInputArcBit | a, 1);
      }
    }
  }

  ContractionHierarchy run(Reporter& reporter, uint32_t num_input_arcs) {
    ContractionHierarchy ch;
    ch.num_input_arcs = num_input_arcs;
    ch.rank.assign(n_, kInvalid);
    ch.order.reserve(n_);
    using Entry = std::pair<int64_t, uint32_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue;
    for (uint32_t v = 0; v < n_; ++v) {
      prio_[v] = priority(v);
      queue.push({prio_[v], v});
      if ((v & 0xfff) == 0) reporter.progress("order", v, n_);
    }
    reporter.finish("order");
    // Arcs of the result, in rank order of their tails; heads and vias are input ids for now.
    std::vector<uint32_t> up_count, down_count;
    up_count.reserve(n_);
    down_count.reserve(n_);
    std::vector<DArc> up_arcs, down_arcs;
    std::vector<uint32_t> neighbours;
    while (!queue.empty()) {
      auto [p, v] = queue.top();
      queue.pop();
      if (contracted_[v] || p != prio_[v]) continue;
      int64_t np = priority(v);
      prio_[v] = np;
      if (!queue.empty() && np > queue.top().first) {
        queue.push({np, v});
        continue;
      }
      // Contract v.
      contract(v);
      const uint32_t r = static_cast<uint32_t>(ch.order.size());
      ch.rank[v] = r;
      ch.order.push_back(v);
      contracted_[v] = 1;
      up_count.push_back(static_cast<uint32_t>(out_[v].size()));
      down_count.push_back(static_cast<uint32_t>(in_[v].size()));
      up_arcs.insert(up_arcs.end(), out_[v].begin(), out_[v].end());
      down_arcs.insert(down_arcs.end(), in_[v].begin(), in_[v].end());
      neighbours.clear();
      for (const DArc& a : out_[v]) {
        erase_arc(in_[a.node], v);
        neighbours.push_back(a.node);
      }
      for (const DArc& a : in_[v]) {
        erase_arc(out_[a.node], v);
        neighbours.push_back(a.node);
      }
      std::vector<DArc>().swap(out_[v]);
      std::vector<DArc>().swap(in_[v]);
      std::sort(neighbours.begin(), neighbours.end());
      neighbours.erase(std::unique(neighbours.begin(), neighbours.end()), neighbours.end());
      for (uint32_t x : neighbours) {
        level_[x] = std::max(level_[x], level_[v] + 1);
        int64_t q = priority(x);
        if (q != prio_[x]) {
          prio_[x] = q;
          queue.push({q, x});
        }
      }
      if ((r & 0xfff) == 0) reporter.progress("contract", r, n_);
    }
    reporter.finish("contract");
    CORRIDOR_ASSERT(ch.order.size() == n_);
    finish_graph(ch.rank, up_count, up_arcs, ch.up);
    finish_graph(ch.rank, down_count, down_arcs, ch.down);
    return ch;
  }

 private:
  void add_arc(uint32_t u, uint32_t v, Weight w, uint32_t via, uint32_t hops) {
    for (DArc& a : out_[u]) {
      if (a.node != v) continue;
      if (w < a.weight) {
        a.weight = w;
        a.via = via;
        a.hops = hops;
        for (DArc& b : in_[v]) {
          if (b.node == u) {
            b.weight = w;
            b.via = via;
            b.hops = hops;
            break;
          }
        }
      }
      return;
    }
    out_[u].push_back({v, w, via, hops});
    in_[v].push_back({u, w, via, hops});
  }
  static void erase_arc(std::vector<DArc>& arcs, uint32_t node) {
    for (size_t i = 0; i < arcs.size(); ++i) {
      if (arcs[i].node == node) {
        arcs[i] = arcs.back();
        arcs.pop_back();
        return;
      }
    }
  }

  // Runs the witness searches of contracting v; with kApply adds the shortcuts, else counts them.
  template <bool kApply>
  void shortcuts(uint32_t v, uint32_t settle_limit, uint32_t& added, uint32_t& added_hops) {
    added = added_hops = 0;
    const auto& outs = out_[v];
    if (outs.empty()) return;
    // Copy: adding shortcuts may reallocate in_[x] lists, but never in_[v]/out_[v] (no loops).
    for (size_t i = 0; i < in_[v].size(); ++i) {
      const DArc ua = in_[v][i];
      const uint32_t u = ua.node;
      Weight bound = 0;
      uint32_t targets = 0;
      witness_.begin_targets();
      for (const DArc& xa : outs) {
        if (xa.node == u) continue;
        bound = std::max(bound, ua.weight + xa.weight);
        witness_.mark_target(xa.node);
        ++targets;
      }
      if (targets == 0) continue;
      witness_.next_round();
      witness_.run(out_, u, v, bound, settle_limit, opt_.witness_hop_limit, targets);
      for (size_t j = 0; j < out_[v].size(); ++j) {
        const DArc xa = out_[v][j];
        if (xa.node == u) continue;
        const Weight w = ua.weight + xa.weight;
        if (witness_.dist(xa.node) <= w) continue;
        if constexpr (kApply) {
          add_arc(u, xa.node, w, v, ua.hops + xa.hops);
        } else {
          ++added;
          added_hops += ua.hops + xa.hops;
        }
      }
    }
  }

  int64_t priority(uint32_t v) {
    uint32_t added = 0, added_hops = 0;
    shortcuts<false>(v, opt_.simulate_settled_limit, added, added_hops);
    uint64_t removed = out_[v].size() + in_[v].size();
    uint64_t removed_hops = 0;
    for (const DArc& a : out_[v]) removed_hops += a.hops;
    for (const DArc& a : in_[v]) removed_hops += a.hops;
    int64_t p = 1 + int64_t{opt_.level_weight} * level_[v];
    if (removed > 0)
      p += static_cast<int64_t>(opt_.arc_quotient_weight * uint64_t{added} / removed);
    if (removed_hops > 0)
      p += static_cast<int64_t>(opt_.hop_quotient_weight * uint64_t{added_hops} / removed_hops);
    return p;
  }

  void contract(uint32_t v) {
    uint32_t a = 0, h = 0;
    shortcuts<true>(v, opt_.witness_settled_limit, a, h);
  }

  uint32_t n_;
  BuildOptions opt_;
  std::vector<std::vector<DArc>> out_, in_;
  std::vector<uint32_t> level_;
  std::vector<int64_t> prio_;
  std::vector<uint8_t> contracted_;
  Witness witness_;
};

// Returns the heap's free pages to the system. glibc keeps freed blocks that are not at the top
// of the heap (and, once large blocks were freed, serves even large ones from the heap instead
// of mmap), so the working state freed before the final arrays are finished would otherwise
// stay resident and count towards the build's peak.
void give_back_free_memory() {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

// Runs fn(i, worker) for i in [0, count) on `threads` threads (dynamic chunks). Results must go
// to per-item slots, so the outcome does not depend on the schedule.
template <typename Fn>
void parallel_for(uint32_t count, uint32_t threads, Fn&& fn) {
  if (threads <= 1 || count < 16) {
    for (uint32_t i = 0; i < count; ++i) fn(i, 0u);
    return;
  }
  // Small chunks for small counts (the late rounds' sets are small), so both threads get work.
  const uint32_t chunk = std::clamp<uint32_t>(count / (8 * threads), 1, 64);
  std::atomic<uint32_t> next{0};
  auto work = [&](uint32_t worker) {
    for (;;) {
      const uint32_t b = next.fetch_add(chunk);
      if (b >= count) return;
      const uint32_t e = std::min(count, b + chunk);
      for (uint32_t i = b; i < e; ++i) fn(i, worker);
    }
  };
  std::vector<std::thread> pool;
  for (uint32_t t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& t : pool) t.join();
}

// Bidirectional Dijkstra between one pair (u, x), never entering a node `blocked` says is
// blocked: is there a path of cost <= bound? Stops at the first witness found (a node reached
// from both sides within the bound), when the two keys add up to more than the bound, when a
// side runs dry, or after `limit` settled nodes (then: no witness, a superfluous shortcut).
// The workspace is a small hash table of the nodes reached (reset by a round stamp) and two
// binary heaps with lazy deletion: its size follows the search, not the graph.
class PairWitness {
 public:
  PairWitness() { rehash(10); }

  template <typename Blocked>
  bool run(const DynGraph& g, uint32_t u, uint32_t x, Weight bound, uint32_t limit,
           const Blocked& blocked) {
    if (++round_ == 0) {
      for (Slot& s : table_) s.stamp = 0;
      round_ = 1;
    }
    used_ = 0;
    fwd_.clear();
    bwd_.clear();
    slot(u).df = 0;
    slot(x).db = 0;
    fwd_.push_back({0, u});
    bwd_.push_back({0, x});
    uint32_t settled = 0;
    for (;;) {
      if (fwd_.empty() || bwd_.empty()) return false;
      // A stale top (its node was settled at a lower key) is still a lower bound of its heap.
      const Weight kf = fwd_.front().key, kb = bwd_.front().key;
      if (uint64_t{kf} + kb > bound) return false;
      const bool forward = kf <= kb;
      std::vector<Entry>& heap = forward ? fwd_ : bwd_;
      std::pop_heap(heap.begin(), heap.end(), later);
      const Entry e = heap.back();
      heap.pop_back();
      {
        const Slot& s = *find(e.node);
        if ((forward ? s.df : s.db) != e.key) continue;  // stale
      }
      if (settled++ >= limit) return false;
      for (const DynGraph::Arc& a : forward ? g.out(e.node) : g.in(e.node)) {
        const uint64_t nd = uint64_t{e.key} + a.weight;
        if (nd > bound || blocked(a.node)) continue;
        Slot& s = slot(a.node);
        Weight& mine = forward ? s.df : s.db;
        if (mine <= nd) continue;
        mine = static_cast<Weight>(nd);
        if (uint64_t{forward ? s.db : s.df} + nd <= bound) return true;
        heap.push_back({static_cast<Weight>(nd), a.node});
        std::push_heap(heap.begin(), heap.end(), later);
      }
    }
  }

 private:
  struct Slot {
    uint32_t node, stamp;
    Weight df, db;
  };
  struct Entry {
    Weight key;
    uint32_t node;
  };
  static bool later(const Entry& a, const Entry& b) { return a.key > b.key; }

  uint32_t hash(uint32_t v) const { return (v * 2654435769u) >> (32 - bits_); }
  Slot* find(uint32_t v) {
    for (uint32_t i = hash(v);; i = (i + 1) & mask_) {
      Slot& s = table_[i];
      if (s.stamp != round_) return nullptr;
      if (s.node == v) return &s;
    }
  }
  // The node's slot, created (unreached both ways) if new. Invalidates earlier references when
  // the table grows.
  Slot& slot(uint32_t v) {
    for (uint32_t i = hash(v);; i = (i + 1) & mask_) {
      Slot& s = table_[i];
      if (s.stamp == round_) {
        if (s.node == v) return s;
        continue;
      }
      if (2 * (used_ + 1) > table_.size()) {
        rehash(bits_ + 1);
        return slot(v);
      }
      ++used_;
      s = {v, round_, kInfWeight, kInfWeight};
      return s;
    }
  }
  void rehash(uint32_t bits) {
    std::vector<Slot> old;
    old.swap(table_);
    bits_ = bits;
    mask_ = (1u << bits) - 1;
    table_.assign(size_t{1} << bits, Slot{0, 0, kInfWeight, kInfWeight});
    const uint32_t round = round_;
    for (const Slot& s : old)
      if (s.stamp == round) {
        for (uint32_t i = hash(s.node);; i = (i + 1) & mask_)
          if (table_[i].stamp != round_) {
            table_[i] = s;
            break;
          }
      }
  }

  std::vector<Slot> table_;
  uint32_t bits_ = 0, mask_ = 0, round_ = 0, used_ = 0;
  std::vector<Entry> fwd_, bwd_;
};

// Contraction in rounds. Each round contracts an independent set (nodes whose priority is below
// every neighbour's, ties by id) on all threads at once: the witness searches of a round read
// the graph and never enter any node of the set, so the shortcuts of the set are computed
// independently (and correctly: a witness never runs through a node removed in the same round).
// Shortcuts are added in set order (computed and added in slices of shortcut_slice set nodes),
// the set's arcs are appended to the hierarchy's arrays (its ranks follow (priority, id) within
// the round) and only the set's neighbours get new priorities. Memory: the working graph
// (DynGraph) holds only the live arcs, without `via`; contracted nodes' arcs go straight into
// the final CSR arrays (input ids first, renumbered to ranks and sorted in place at the end,
// when every arc's `via` is derived), and witness workspaces are sized by the searches, not by
// the graph.
class ParallelBuilder {
 public:
  ParallelBuilder(const route::Graph& g, const Weight* weight, const BuildOptions& opt)
      : n_(g.num_nodes()),
        opt_(opt),
        threads_(std::max(1u, opt.threads)),
        input_(g),
        weight_(weight),
        graph_(g, weight),
        level_(n_, 0),
        deleted_(opt.deleted_neighbours_weight > 0 ? n_ : 0, 0),
        prio_(n_, 0),
        state_(n_, kAlive),
        witness_(threads_),
        pending_(threads_) {}

  ContractionHierarchy run(Reporter& reporter, uint32_t num_input_arcs) {
    ContractionHierarchy ch;
    ch.num_input_arcs = num_input_arcs;
    ch.order.reserve(n_);
    for (SearchGraph* sg : {&ch.up, &ch.down}) {
      sg->first_out.reserve(size_t{n_} + 1);
      // Reserved, not touched (pages cost memory only once written); grows if a graph needs
      // more, which road networks do not. `via` comes at the end (derive_vias).
      const size_t guess = graph_.arena_entries() / 2 + graph_.arena_entries() / 4 + 64;
      sg->arcs.reserve(guess);
    }
    parallel_for(n_, threads_, [&](uint32_t i, uint32_t t) { prio_[i] = priority(i, t); });
    reporter.finish("order");
    // Memory at the build's peak (the first rounds): no list of the uncontracted nodes while
    // they are more than a quarter of all (the rounds walk state_), no copy of their priorities
    // for the quantile (a histogram), each neighbour listed once (a mark in state_), and the
    // shortcuts of a round collected and added in slices of the set.
    std::vector<uint32_t> set, neighbours, alive, histogram;
    bool alive_listed = false;
    auto for_each_alive = [&](auto&& fn) {
      if (alive_listed) {
        for (uint32_t v : alive) fn(v);
      } else {
        for (uint32_t v = 0; v < n_; ++v)
          if (state_[v] == kAlive) fn(v);
      }
    };
    uint64_t empty_set_rounds = 0;
    while (ch.order.size() < n_) {
      const uint32_t remaining = n_ - static_cast<uint32_t>(ch.order.size());
      if (!alive_listed && remaining <= n_ / 4) {
        for (uint32_t v = 0; v < n_; ++v)
          if (state_[v] == kAlive) alive.push_back(v);
        alive_listed = true;
      }
      // The independent set: local minima of (priority, id).
      set.clear();
      // Only nodes whose priority is among the lowest set_quantile_percent of the remaining
      // ones (closer to the one-at-a-time order: a local minimum of high priority waits).
      uint32_t threshold = 0xffffffffu;
      if (opt_.set_quantile_percent < 100)
        threshold = kth_priority(size_t{remaining} * opt_.set_quantile_percent / 100,
                                 for_each_alive, histogram);
      for_each_alive([&](uint32_t v) {
        if (prio_[v] <= threshold && is_local_min(v)) set.push_back(v);
      });
      if (set.empty()) {
        // Cannot happen while the working graph is consistent: the alive node of lowest
        // (priority, id) is below the threshold and below all its neighbours, which are alive.
        // An empty set means an arc to a contracted node survived; rather than loop forever,
        // contract that lowest node alone and say so (the tests assert this never happens,
        // and ch::check() rejects the arc to the contracted node if it is in the result).
        uint32_t best = kInvalid;
        for_each_alive([&](uint32_t v) {
          if (best == kInvalid || prio_[v] < prio_[best] || (prio_[v] == prio_[best] && v < best))
            best = v;
        });
        set.push_back(best);
        ++empty_set_rounds;
      }
      std::sort(set.begin(), set.end(), [&](uint32_t a, uint32_t b) {
        return prio_[a] != prio_[b] ? prio_[a] < prio_[b] : a < b;
      });
      for (uint32_t v : set) state_[v] = kInSet;
      // A set node's own arcs never change within the round (shortcuts join its neighbours,
      // which are not in the set), and the searches never enter a set node, so a slice may
      // use the shortcuts of earlier slices; slices in set order keep the result the same for
      // any thread count, and the pending shortcuts few.
      const uint32_t slice = std::max(1u, opt_.shortcut_slice);
      for (uint32_t b = 0; b < set.size(); b += slice) {
        const uint32_t e = std::min<uint32_t>(static_cast<uint32_t>(set.size()), b + slice);
        for (auto& p : pending_) p.clear();
        parallel_for(e - b, threads_,
                     [&](uint32_t i, uint32_t t) { shortcuts(set[b + i], b + i, t); });
        apply_pending();
      }
      neighbours.clear();
      for (uint32_t v : set) {
        ch.order.push_back(v);
        state_[v] = kContracted;
        append(ch.up, graph_.out(v));
        append(ch.down, graph_.in(v));
        for (const DynGraph::Arc& a : graph_.out(v)) touch_neighbour(v, a.node, neighbours);
        for (const DynGraph::Arc& a : graph_.in(v)) touch_neighbour(v, a.node, neighbours);
        graph_.remove_node(v);
      }
      for (uint32_t y : neighbours) state_[y] = kAlive;  // clears the mark
      parallel_for(static_cast<uint32_t>(neighbours.size()), threads_, [&](uint32_t i, uint32_t t) {
        prio_[neighbours[i]] = priority(neighbours[i], t);
      });
      if (alive_listed)
        alive.erase(std::remove_if(alive.begin(), alive.end(),
                                   [&](uint32_t v) { return state_[v] == kContracted; }),
                    alive.end());
      reporter.progress("contract", ch.order.size(), n_);
    }
    reporter.finish("contract");
    if (empty_set_rounds > 0)
      reporter.log("ch: internal inconsistency: " + std::to_string(empty_set_rounds) +
                   " contraction rounds found no independent set (an arc to a contracted node "
                   "survived) and contracted their lowest-priority node alone");
    CORRIDOR_ASSERT(ch.order.size() == n_);
    // The working state goes before the final arrays are finished and `via` is allocated.
    graph_.release_all();
    std::vector<uint16_t>().swap(level_);
    std::vector<uint16_t>().swap(deleted_);
    std::vector<uint32_t>().swap(prio_);
    std::vector<uint8_t>().swap(state_);
    std::vector<PairWitness>().swap(witness_);
    std::vector<std::vector<Pending>>().swap(pending_);
    for (auto* v : {&alive, &set, &neighbours, &histogram}) std::vector<uint32_t>().swap(*v);
    give_back_free_memory();
    // rank is not needed during the contraction (state_ is), so it costs nothing at the peak.
    ch.rank.assign(n_, kInvalid);
    for (uint32_t r = 0; r < n_; ++r) ch.rank[ch.order[r]] = r;
    finish_in_place(ch.rank, ch.up);
    finish_in_place(ch.rank, ch.down);
    derive_vias(ch);
    return ch;
  }

 private:
  enum : uint8_t { kAlive, kInSet, kContracted, kTouched };

  // The k-th smallest priority (0-based) of the uncontracted nodes, as std::nth_element would
  // give it, from two counting passes (high, then low 16 bits) instead of a copy of them all.
  template <typename ForEachAlive>
  uint32_t kth_priority(size_t k, const ForEachAlive& for_each_alive,
                        std::vector<uint32_t>& histogram) const {
    histogram.assign(size_t{1} << 16, 0);
    for_each_alive([&](uint32_t v) { ++histogram[prio_[v] >> 16]; });
    uint32_t high = 0;
    while (k >= histogram[high]) k -= histogram[high++];
    histogram.assign(size_t{1} << 16, 0);
    for_each_alive([&](uint32_t v) {
      if ((prio_[v] >> 16) == high) ++histogram[prio_[v] & 0xffff];
    });
    uint32_t low = 0;
    while (k >= histogram[low]) k -= histogram[low++];
    return high << 16 | low;
  }
  struct Pending {
    uint32_t item;  // index in the set
    uint32_t from, to;
    Weight weight;
    uint32_t hops;
  };

  // v's (priority, id) is below that of every node within independent_set_hops (1 or 2) arcs
  // (either direction). With 2, no two nodes of a round share a neighbour, so each one is
  // contracted in a neighbourhood no other contraction of the round changed.
  bool is_local_min(uint32_t v) const {
    auto below = [&](uint32_t y) { return prio_[v] != prio_[y] ? prio_[v] < prio_[y] : v < y; };
    for (const DynGraph::Range r : {graph_.out(v), graph_.in(v)})
      for (const DynGraph::Arc& a : r)
        if (!below(a.node)) return false;
    if (opt_.independent_set_hops < 2) return true;
    for (const DynGraph::Range r : {graph_.out(v), graph_.in(v)})
      for (const DynGraph::Arc& a : r)
        for (const DynGraph::Range r2 : {graph_.out(a.node), graph_.in(a.node)})
          for (const DynGraph::Arc& b : r2)
            if (b.node != v && !below(b.node)) return false;
    return true;
  }

  // Counts y's contracted neighbour and lists y once per round (marked kTouched until the
  // round's priorities are recomputed).
  void touch_neighbour(uint32_t v, uint32_t y, std::vector<uint32_t>& neighbours) {
    if (state_[y] != kTouched) {
      state_[y] = kTouched;
      neighbours.push_back(y);
    }
    if (!deleted_.empty() && deleted_[y] < 0xffff) ++deleted_[y];
    if (level_[v] < 0xffff) level_[y] = std::max<uint16_t>(level_[y], level_[v] + 1);
  }

  // A contracted node's arcs, heads as input ids; `via` is filled in at the end (derive_vias).
  static void append(SearchGraph& sg, DynGraph::Range arcs) {
    for (const DynGraph::Arc& a : arcs) sg.arcs.push_back({a.node, a.weight});
    sg.first_out.push_back(static_cast<uint32_t>(sg.arcs.size()));
  }

  // Heads from input ids to ranks, each node's arcs sorted by head: in place.
  static void finish_in_place(const std::vector<uint32_t>& rank, SearchGraph& g) {
    const uint32_t n = static_cast<uint32_t>(rank.size());
    for (uint32_t r = 0; r < n; ++r) {
      ChArc* b = g.arcs.data() + g.first_out[r];
      ChArc* e = g.arcs.data() + g.first_out[r + 1];
      for (ChArc* a = b; a != e; ++a) a->head = rank[a->head];
      std::sort(b, e, [](const ChArc& x, const ChArc& y) { return x.head < y.head; });
    }
  }

  // Every arc's `via`, from the finished hierarchy (rank space) and the input graph, so that the
  // working graph and the arrays built during the contraction need not carry it (4 bytes per
  // arc at the build's peak). An arc x->y of weight w is an input arc if the input graph has an
  // arc order[x]->order[y] of weight w (the first such one). Otherwise it is a shortcut: it was
  // last set when some node m was contracted, from m's arcs x->m and m->y as they were then,
  // which are m's final down and up arcs (a node's arcs do not change once it is contracted);
  // so some m below x and y has down(m)->x and up(m)->y adding up to w. The lowest such m is
  // taken: any one unpacks into a path of cost w (the middle nodes of its halves are lower
  // still, so unpacking ends). Deterministic: depends only on the hierarchy and the input.
  void derive_vias(ContractionHierarchy& ch) const {
    const uint32_t n = n_;
    for (SearchGraph* sg : {&ch.up, &ch.down}) {
      const bool up = sg == &ch.up;
      sg->via.assign(sg->arcs.size(), kInvalid);
      for (uint32_t x = 0; x < n; ++x)
        for (uint32_t i = sg->begin(x); i < sg->end(x); ++i) {
          // up: arc x->y; down: input-direction arc y->x.
          const uint32_t y = sg->arcs[i].head;
          const uint32_t from = ch.order[up ? x : y], to = ch.order[up ? y : x];
          for (uint32_t a = input_.begin(from); a < input_.end(from); ++a)
            if (input_.head[a] == to && weight_[a] == sg->arcs[i].weight) {
              sg->via[i] = kInputArcBit | a;
              break;
            }
        }
    }
    // Input-direction path a -> m -> b: down(m) has head a, up(m) has head b; the shortcut a->b
    // is up(a)->b if a < b, else down(b)->a.
    for (uint32_t m = 0; m < n; ++m)
      for (uint32_t i = ch.down.begin(m); i < ch.down.end(m); ++i) {
        const uint32_t a = ch.down.arcs[i].head;
        const uint64_t w1 = ch.down.arcs[i].weight;
        for (uint32_t j = ch.up.begin(m); j < ch.up.end(m); ++j) {
          const uint32_t b = ch.up.arcs[j].head;
          if (a == b) continue;
          SearchGraph& sg = a < b ? ch.up : ch.down;
          const uint32_t k = a < b ? sg.find(a, b) : sg.find(b, a);
          if (k != kInvalid && sg.via[k] == kInvalid &&
              w1 + ch.up.arcs[j].weight == sg.arcs[k].weight)
            sg.via[k] = m;
        }
      }
    for (const SearchGraph* sg : {&ch.up, &ch.down})
      for (uint32_t v : sg->via)
        if (v == kInvalid)
          throw Error(Errc::internal, "CH build: an arc is neither an input arc nor a shortcut");
  }

  // Every thread's pending shortcuts are in increasing item order (parallel_for hands out
  // increasing chunks); merging them by item adds the shortcuts in set order, whatever the
  // thread count.
  void apply_pending() {
    std::vector<size_t> at(pending_.size(), 0);
    for (;;) {
      size_t best = pending_.size();
      for (size_t t = 0; t < pending_.size(); ++t)
        if (at[t] < pending_[t].size() &&
            (best == pending_.size() || pending_[t][at[t]].item < pending_[best][at[best]].item))
          best = t;
      if (best == pending_.size()) break;
      const Pending& p = pending_[best][at[best]++];
      graph_.add_arc(p.from, p.to, p.weight, p.hops);
    }
  }

  // The shortcuts contracting v needs (witness searches avoid every node of the current set).
  void shortcuts(uint32_t v, uint32_t item, uint32_t t) {
    PairWitness& w = witness_[t];
    auto blocked = [&](uint32_t y) { return state_[y] != kAlive; };
    const DynGraph::Range ins = graph_.in(v), outs = graph_.out(v);
    for (uint32_t i = 0; i < ins.size(); ++i) {
      const DynGraph::Arc& ua = ins.first[i];
      for (uint32_t j = 0; j < outs.size(); ++j) {
        const DynGraph::Arc& xa = outs.first[j];
        if (xa.node == ua.node) continue;
        const Weight sw = ua.weight + xa.weight;
        if (!w.run(graph_, ua.node, xa.node, sw, opt_.pair_settled_limit, blocked))
          pending_[t].push_back(
              {item, ua.node, xa.node, sw, graph_.in_hops(v, i) + graph_.out_hops(v, j)});
      }
    }
  }

  // RoutingKit's measure (level, added/removed arcs and hops) plus the contracted neighbours
  // (Geisberger et al.'s uniformity term), where the added arcs come from simulated (cheaper)
  // witness searches that only avoid v.
  uint32_t priority(uint32_t v, uint32_t t) {
    uint64_t added = 0, added_hops = 0;
    PairWitness& w = witness_[t];
    auto blocked = [&](uint32_t y) { return y == v; };
    const DynGraph::Range ins = graph_.in(v), outs = graph_.out(v);
    for (uint32_t i = 0; i < ins.size(); ++i) {
      const DynGraph::Arc& ua = ins.first[i];
      for (uint32_t j = 0; j < outs.size(); ++j) {
        const DynGraph::Arc& xa = outs.first[j];
        if (xa.node == ua.node) continue;
        if (!w.run(graph_, ua.node, xa.node, ua.weight + xa.weight, opt_.pair_simulate_limit,
                   blocked)) {
          ++added;
          added_hops += graph_.in_hops(v, i) + graph_.out_hops(v, j);
        }
      }
    }
    const uint64_t removed = ins.size() + outs.size();
    uint64_t removed_hops = 0;
    for (uint32_t i = 0; i < ins.size(); ++i) removed_hops += graph_.in_hops(v, i);
    for (uint32_t j = 0; j < outs.size(); ++j) removed_hops += graph_.out_hops(v, j);
    uint64_t p = 1 + uint64_t{opt_.level_weight} * level_[v] +
                 (deleted_.empty() ? 0 : uint64_t{opt_.deleted_neighbours_weight} * deleted_[v]);
    if (removed > 0) p += opt_.arc_quotient_weight * added / removed;
    if (removed_hops > 0) p += opt_.hop_quotient_weight * added_hops / removed_hops;
    return static_cast<uint32_t>(std::min<uint64_t>(p, 0xfffffffeu));
  }

  uint32_t n_;
  BuildOptions opt_;
  uint32_t threads_;
  const route::Graph& input_;
  const Weight* weight_;
  DynGraph graph_;
  std::vector<uint16_t> level_, deleted_;  // saturating; deleted_ only if its weight is not 0
  std::vector<uint32_t> prio_;
  std::vector<uint8_t> state_;
  std::vector<PairWitness> witness_;
  std::vector<std::vector<Pending>> pending_;
};
}  // namespace

ContractionHierarchy build_ch(const route::Graph& g, const Weight* weight, Reporter& reporter,
                              const BuildOptions& options) {
  // Path costs (and shortcut weights, which are shortest-path costs) are 32-bit: refuse a graph
  // on which one could wrap. A shortest path uses each arc at most once and has at most n-1 arcs,
  // so min(sum of weights, (n-1) x max weight) bounds every cost.
  uint64_t sum = 0, max_w = 0;
  for (uint32_t a = 0; a < g.num_arcs(); ++a) {
    if (weight[a] == kInfWeight) continue;
    sum += weight[a];
    max_w = std::max<uint64_t>(max_w, weight[a]);
  }
  const uint64_t bound = std::min(sum, uint64_t{g.num_nodes() > 0 ? g.num_nodes() - 1 : 0} * max_w);
  if (bound >= uint64_t{kInfWeight})
    throw Error(Errc::invalid_input, "arc weights too large: a path could cost up to " +
                                         std::to_string(bound) + ", beyond the 32-bit limit " +
                                         std::to_string(kInfWeight - 1) +
                                         "; scale the weights down");
  ContractionHierarchy ch;
  if (options.legacy) {
    Builder b(g, weight, options);
    ch = b.run(reporter, g.num_arcs());
  } else {
    ParallelBuilder b(g, weight, options);
    ch = b.run(reporter, g.num_arcs());
  }
#ifdef CORRIDOR_DEBUG_CHECKS
  CORRIDOR_ASSERT(check(ch).empty());
#endif
  return ch;
}

uint64_t ContractionHierarchy::memory_bytes() const {
  auto bytes = [](const auto& v) { return uint64_t{v.size()} * sizeof(v[0]); };
  return bytes(rank) + bytes(order) + bytes(up.first_out) + bytes(up.arcs) + bytes(up.via) +
         bytes(down.first_out) + bytes(down.arcs) + bytes(down.via);
}

uint32_t SearchGraph::tail(uint32_t arc) const {
  auto it = std::upper_bound(first_out.begin(), first_out.end(), arc);
  return static_cast<uint32_t>(it - first_out.begin()) - 1;
}

uint32_t SearchGraph::find(uint32_t at, uint32_t head) const {
  // Arcs of a node are sorted by head.
  auto b = arcs.begin() + first_out[at], e = arcs.begin() + first_out[at + 1];
  auto it = std::lower_bound(b, e, head, [](const ChArc& a, uint32_t h) { return a.head < h; });
  return it != e && it->head == head ? static_cast<uint32_t>(it - arcs.begin()) : kInvalid;
}

std::vector<std::string> check(const ContractionHierarchy& ch) {
  std::vector<std::string> errors;
  const uint32_t n = static_cast<uint32_t>(ch.rank.size());
  if (ch.order.size() != n) {
    errors.push_back("rank and order differ in size");
    return errors;
  }
  for (uint32_t v = 0; v < n; ++v) {
    if (ch.rank[v] >= n || ch.order[ch.rank[v]] != v) {
      errors.push_back("rank/order not inverse permutations at node " + std::to_string(v));
      return errors;
    }
  }
  auto check_graph = [&](const char* name, const SearchGraph& g) {
    const auto& via = g.via;
    if (g.first_out.size() != size_t{n} + 1 || g.first_out[0] != 0 ||
        g.first_out[n] != g.arcs.size() || via.size() != g.arcs.size()) {
      errors.push_back(std::string(name) + ": CSR arrays inconsistent");
      return;
    }
    for (uint32_t r = 0; r < n; ++r) {
      if (g.first_out[r] > g.first_out[r + 1]) {
        errors.push_back(std::string(name) + ": first_out not monotone at " + std::to_string(r));
        return;
      }
      for (uint32_t a = g.begin(r); a < g.end(r); ++a) {
        const uint32_t h = g.arcs[a].head;
        if (h >= n || h <= r || (a > g.begin(r) && g.arcs[a - 1].head >= h)) {
          errors.push_back(std::string(name) + ": arc " + std::to_string(a) +
                           " does not go up or is out of order");
          return;
        }
        if (g.arcs[a].weight == kInfWeight) {
          errors.push_back(std::string(name) + ": arc " + std::to_string(a) +
                           " has infinite weight");
          return;
        }
        if (via[a] & kInputArcBit) {
          if ((via[a] & ~kInputArcBit) >= ch.num_input_arcs) {
            errors.push_back(std::string(name) + ": arc " + std::to_string(a) +
                             " names input arc out of range");
            return;
          }
        } else if (via[a] >= r) {
          errors.push_back(std::string(name) + ": shortcut " + std::to_string(a) +
                           " has a middle node not below its ends");
          return;
        }
      }
    }
  };
  check_graph("up", ch.up);
  check_graph("down", ch.down);
  if (!errors.empty()) return errors;
  // Every shortcut unpacks: its two halves exist at the middle node and add up to its weight
  // (query.cpp's unpacking relies on it; a damaged file must be rejected here, not abort there).
  for (int up = 1; up >= 0 && errors.empty(); --up) {
    const SearchGraph& g = up ? ch.up : ch.down;
    for (uint32_t x = 0; x < n && errors.empty(); ++x) {
      for (uint32_t a = g.begin(x); a < g.end(x); ++a) {
        if (g.via[a] & kInputArcBit) continue;
        const uint32_t m = g.via[a], y = g.arcs[a].head;
        const uint32_t first = ch.down.find(m, up ? x : y);
        const uint32_t second = ch.up.find(m, up ? y : x);
        if (first == kInvalid || second == kInvalid ||
            uint64_t{ch.down.arcs[first].weight} + ch.up.arcs[second].weight != g.arcs[a].weight) {
          errors.push_back(std::string(up ? "up" : "down") + ": shortcut " + std::to_string(a) +
                           " does not unpack into two arcs of matching weight");
          break;
        }
      }
    }
  }
  return errors;
}

}  // namespace corridor::ch
