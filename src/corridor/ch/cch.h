// Customizable contraction hierarchies (CCH): a metric-independent hierarchy built once per
// topology, customized per metric in about a second, queried like a CH.
//
// Not to be confused with the `.cch` file (files.h), which stores a static, metric-dependent
// ContractionHierarchy; the names predate this class.
//
// Three phases:
//  1. Cch::build(num_nodes, tail, head) — order the nodes by nested dissection (METIS_NodeND on
//     the undirected simple graph: no coordinates needed, so it works on any graph, DIMACS,
//     TNTP or .cnet alike), then contract the topology once: the chordal supergraph of the
//     elimination (every node's higher neighbours form a clique). Depends only on the arcs,
//     never on weights. Deterministic (fixed METIS seed).
//  2. Cch::customize(weight) -> CchMetric — weight[a] per input arc a (the order of `tail` /
//     `head` given to build); kInfWeight closes the arc. Basic customization (lower triangles,
//     bottom-up) then, unless CustomizeOptions::perfect is false, perfect customization (upper
//     and intermediate triangles, top-down), after which every hierarchy arc weighs exactly the
//     shortest distance between its ends. Parallel arcs keep the cheapest (lowest index on a
//     tie). Throws Error(invalid_input) if weight has the wrong size or a path could exceed
//     2^32 - 2. The metric shares the Cch's topology (a Cch is a cheap handle: copying or
//     moving it never invalidates a metric).
//  3. CchQuery(metric).query(s, t) -> {distance, arcs}: elimination-tree query (both searches
//     walk the ancestors of s and t in the elimination tree, no priority queue), returning the
//     shortest distance (kInfWeight if unreachable) and the path as input arc indices in travel
//     order. A CchQuery is a reusable per-thread workspace (O(search space) reset); a Cch and
//     a CchMetric are immutable and may be shared between threads.
//
// Node ids and arc ids in the API are those of the input. Costs equal route::Dijkstra's on the
// same arcs and weights (tests/unit/ch and bench/ch_bench.cpp check this).
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "corridor/ch/ch.h"
#include "corridor/core/reporter.h"
#include "corridor/route/graph.h"

namespace corridor::ch {

struct CchBuildOptions {
  int metis_seed = 20261201;  // fixed: the order (and so everything after it) is reproducible
};

struct CustomizeOptions {
  // Perfect customization: every arc weight becomes the exact distance between its ends. Costs
  // about as much again as the basic one; queries settle the same nodes but prune more.
  bool perfect = true;
};

class CchMetric;

struct CchPath {
  Weight distance = kInfWeight;
  std::vector<uint32_t> arcs;  // input arcs in travel order; empty if s == t or unreachable
};

class Cch {
 public:
  // tail[a] -> head[a] for every input arc a; loops are ignored, parallel arcs allowed.
  static Cch build(uint32_t num_nodes, std::span<const uint32_t> tail,
                   std::span<const uint32_t> head, Reporter& reporter,
                   const CchBuildOptions& options = {});
  // Same over a CSR graph (input arc a = CSR arc a).
  static Cch build(const route::Graph& g, Reporter& reporter, const CchBuildOptions& options = {});

  CchMetric customize(std::span<const Weight> weight, const CustomizeOptions& options = {}) const;

  uint32_t num_nodes() const { return static_cast<uint32_t>(d_->rank.size()); }
  uint32_t num_input_arcs() const { return static_cast<uint32_t>(d_->input_arc.size()); }
  uint32_t num_arcs() const { return static_cast<uint32_t>(d_->head.size()); }  // hierarchy arcs
  uint32_t rank(uint32_t node) const { return d_->rank[node]; }
  uint32_t node_of_rank(uint32_t r) const { return d_->order[r]; }
  // Elimination-tree parent of rank r (its lowest higher neighbour), kInvalid at a root.
  uint32_t etree_parent(uint32_t r) const { return d_->parent[r]; }
  // Longest root path of the elimination tree (bounds the search space of one query side).
  uint32_t etree_height() const;
  uint64_t memory_bytes() const;
  // Invariants: permutation, CSR sorted and upward, higher neighbourhoods are cliques (the
  // property customization relies on), input arcs map onto an arc between their ends.
  std::vector<std::string> check() const;

 private:
  friend class CchMetric;
  friend class CchQuery;
  struct Data {
    std::vector<uint32_t> rank, order, parent;
    // Upward CSR in rank space: arcs lo -> hi (lo < hi) stored at lo, sorted by hi.
    std::vector<uint32_t> first_out{0}, head;
    // Input arc a -> hierarchy arc << 1 | 1 if it travels downward (hi -> lo); kInvalid for
    // loops.
    std::vector<uint32_t> input_arc;
  };
  uint32_t find_arc(uint32_t lo, uint32_t hi) const;  // arc lo-hi (ranks, lo < hi) or kInvalid

  std::shared_ptr<const Data> d_ = std::make_shared<const Data>();
};

// One metric on a Cch. For hierarchy arc e between ranks lo < hi: up(e) = cost lo -> hi,
// down(e) = cost hi -> lo, and how each is achieved (for path unpacking).
class CchMetric {
 public:
  const Cch& cch() const { return cch_; }
  // One-off query with a temporary workspace (O(n) to set up): use a CchQuery for many.
  CchPath query(uint32_t s, uint32_t t) const;
  Weight up(uint32_t e) const { return up_[e]; }
  Weight down(uint32_t e) const { return down_[e]; }
  uint64_t memory_bytes() const;

 private:
  friend class Cch;
  friend class CchQuery;
  explicit CchMetric(const Cch& c) : cch_(c) {}
  void unpack(uint32_t e, bool upward, std::vector<uint32_t>& out) const;

  Cch cch_;  // shares the topology
  std::vector<Weight> up_, down_;
  // kInputArcBit | input arc, or the middle rank z (lo -> z -> hi), or kInvalid (closed).
  std::vector<uint32_t> up_via_, down_via_;
};

// Elimination-tree query workspace; one per thread, bound to one metric (rebind() to another
// metric of the same Cch keeps the buffers).
class CchQuery {
 public:
  explicit CchQuery(const CchMetric& metric);
  void rebind(const CchMetric& metric);

  Weight distance(uint32_t s, uint32_t t);
  // distance() plus the path.
  CchPath query(uint32_t s, uint32_t t);
  // After distance(): the path's input arcs in travel order.
  std::vector<uint32_t> path_arcs() const;
  uint32_t visited() const { return visited_; }  // nodes scanned by the last query

 private:
  struct Label {
    Weight dist;
    uint32_t pred;  // rank the label came from (kInvalid at the source)
    uint32_t arc;   // hierarchy arc from pred
  };
  void clear_path(std::vector<Label>& side, uint32_t from);

  const CchMetric* m_;
  std::vector<Label> fwd_, bwd_;
  uint32_t s_ = kInvalid, t_ = kInvalid, meet_ = kInvalid, visited_ = 0;
  Weight best_ = kInfWeight;
};

}  // namespace corridor::ch
