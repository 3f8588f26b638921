// Contraction hierarchies over a route::Graph with uint32 arc weights.
//
// ContractionHierarchy is the immutable index (build once, share between threads); ChQuery and
// ManyToMany are reusable per-thread workspaces whose reset is O(1) (timestamps). Costs are
// exactly those of route::Dijkstra on the same graph and weights (the tests check this).
//
// Weights are uint32 and every shortest-path cost must stay below 2^32 - 1 (kInfWeight); the
// DIMACS reader and the OSM importer keep single arcs below 2^31.
// Node ids in the public API are the ids of the input graph. Inside, nodes are renumbered by
// contraction rank (rank 0 contracted first), so the upward searches touch memory near the top.
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "corridor/core/reporter.h"
#include "corridor/route/graph.h"
#include "corridor/route/heap.h"

namespace corridor::ch {

using Weight = uint32_t;
inline constexpr Weight kInfWeight = std::numeric_limits<Weight>::max();
inline constexpr uint32_t kInvalid = route::kInvalid;
// An arc's `via`: with this bit set, the arc is an input arc (low bits = its input arc index);
// otherwise it is a shortcut over the middle node `via` (in rank space).
inline constexpr uint32_t kInputArcBit = 0x80000000u;

struct BuildOptions {
  // The builder: by default contraction in rounds of independent sets on `threads` threads with
  // bidirectional pairwise witness searches (build.cpp, ParallelBuilder); `legacy` selects the
  // previous one-node-at-a-time builder (kept so bench/ch_bench.cpp measures both in one run).
  // Both give exact hierarchies; the parallel one gives the same bytes for any thread count.
  bool legacy = false;
  uint32_t threads = 2;
  uint32_t witness_settled_limit = 500;  // nodes a witness search may settle
  uint32_t witness_hop_limit = 16;       // arcs a witness path may have (legacy builder only)
  uint32_t simulate_settled_limit = 500;
  // Parallel builder: nodes one pairwise (bidirectional) witness search may settle, when
  // contracting and when simulating for the priority.
  uint32_t pair_settled_limit = 100, pair_simulate_limit = 40;
  // Weights of the node-ordering terms (see build.cpp); the parallel builder also counts each
  // node's contracted neighbours (deleted_neighbours_weight), the legacy one does not.
  uint32_t level_weight = 1000, arc_quotient_weight = 1000, hop_quotient_weight = 1000;
  uint32_t deleted_neighbours_weight = 0;
  // Parallel builder: a node joins a round's independent set when its priority is below every
  // node within this many arcs (1 or 2).
  uint32_t independent_set_hops = 2;
  // Parallel builder: only nodes whose priority is at most the set_quantile_percent-th
  // percentile of the uncontracted nodes' may join a round's set (100: any local minimum).
  // Default 20: an order closer to one-at-a-time contraction, so queries settle fewer nodes
  // at about the same build CPU (docs/osm-and-ch.md has the measurements).
  uint32_t set_quantile_percent = 20;
  // Parallel builder: the shortcuts of a round are computed and added for this many set nodes
  // at a time (in set order, so the result is the same for any thread count), which bounds the
  // memory of the pending shortcuts.
  uint32_t shortcut_slice = 4096;
};

// Head and weight side by side: the search reads both for every arc (one cache line).
struct ChArc {
  uint32_t head;
  Weight weight;
};
static_assert(sizeof(ChArc) == 8 && std::is_trivially_copyable_v<ChArc>);

// One upward search graph in CSR form (ranks as node ids), with the `via` of every arc.
struct SearchGraph {
  std::vector<uint32_t> first_out{0};
  std::vector<ChArc> arcs;
  std::vector<uint32_t> via;

  uint32_t begin(uint32_t v) const { return first_out[v]; }
  uint32_t end(uint32_t v) const { return first_out[v + 1]; }
  uint32_t num_arcs() const { return static_cast<uint32_t>(arcs.size()); }
  uint32_t tail(uint32_t arc) const;                // O(log n)
  uint32_t find(uint32_t at, uint32_t head) const;  // arc at->head, or kInvalid
};

struct ContractionHierarchy {
  std::vector<uint32_t> rank;   // input node -> rank
  std::vector<uint32_t> order;  // rank -> input node
  // Upward search graph of the forward search: arcs x->y (ranks) with x < y, stored at x.
  SearchGraph up;
  // Upward search graph of the backward search: input-direction arcs y->x with x < y, stored at
  // x with head y.
  SearchGraph down;
  uint32_t num_input_arcs = 0;

  uint32_t num_nodes() const { return static_cast<uint32_t>(rank.size()); }
  uint64_t memory_bytes() const;
};

// Builds the hierarchy. weight[a] is the cost of arc a of g; arcs with weight kInfWeight and
// loops are ignored; parallel arcs keep the cheapest. Reports progress as "contract".
// Deterministic: the same graph and options give the same hierarchy, whatever the thread count.
ContractionHierarchy build_ch(const route::Graph& g, const Weight* weight, Reporter& reporter,
                              const BuildOptions& options = {});

// Invariants of a built (or loaded) hierarchy: rank/order are inverse permutations, CSR arrays
// consistent, arcs go upward, via nodes lower than both ends, input arc ids in range. Returns one
// message per violation (empty = ok).
std::vector<std::string> check(const ContractionHierarchy& ch);

// One-to-one query workspace (bidirectional upward Dijkstra with stall-on-demand). One per
// thread; holds a reference to the hierarchy, which must outlive it.
class ChQuery {
 public:
  explicit ChQuery(const ContractionHierarchy& ch);

  // Shortest cost from s to t (input node ids); kInfWeight if t is unreachable.
  Weight distance(uint32_t s, uint32_t t);
  // After distance(): the input arcs of the shortest path in travel order (empty if s == t or
  // unreachable), and the input nodes it visits (s ... t).
  std::vector<uint32_t> path_arcs() const;
  std::vector<uint32_t> path_nodes(const route::Graph& input) const;
  uint32_t settled() const { return settled_; }

 private:
  // Everything the search touches per node in one 16-byte record (one cache miss).
  struct State {
    uint32_t stamp;
    Weight dist;
    uint32_t parent;    // arc index (in up or down) that reached the node
    uint32_t heap_pos;  // position in `heap`, kInvalid once settled
  };
  struct HeapEntry {
    Weight key;
    uint32_t node;
  };
  struct Side {
    std::vector<State> node;
    std::vector<HeapEntry> heap;  // 4-ary min-heap
    bool empty() const { return heap.empty(); }
    Weight top_key() const { return heap[0].key; }
    void push(uint32_t v, Weight key);
    void decrease(uint32_t v, Weight key);
    uint32_t pop();
    void sift_up(uint32_t p);
    void sift_down(uint32_t p);
  };
  bool reached(const Side& s, uint32_t v) const { return s.node[v].stamp == round_; }
  void reset();
  void relax(Side& side, const SearchGraph& g, uint32_t v);

  const ContractionHierarchy& ch_;
  Side fwd_, bwd_;
  uint32_t round_ = 0;
  uint32_t settled_ = 0;
  Weight best_ = kInfWeight;
  uint32_t meet_ = kInvalid;
};

// Appends to `out` the input arcs that CH arc `arc` (of up if `upward`, else of down) stands for,
// in travel order.
void unpack_arc(const ContractionHierarchy& ch, bool upward, uint32_t arc,
                std::vector<uint32_t>& out);

// Many-to-many cost matrices by bucket search. One per thread.
class ManyToMany {
 public:
  explicit ManyToMany(const ContractionHierarchy& ch);
  // Row-major |sources| x |targets| costs (input node ids); kInfWeight where unreachable.
  std::vector<Weight> table(const std::vector<uint32_t>& sources,
                            const std::vector<uint32_t>& targets);

 private:
  // Full upward search from rank r over g, calling visit(node, dist) for each settled,
  // non-stalled node.
  template <typename Visit>
  void search(uint32_t r, const SearchGraph& g, const SearchGraph& stall_g, Visit&& visit);

  const ContractionHierarchy& ch_;
  struct State {
    uint32_t stamp;
    Weight dist;
  };
  std::vector<State> node_;
  uint32_t round_ = 0;
  route::MinIdHeap<Weight> heap_;
};

}  // namespace corridor::ch
