// Plain Dijkstra over a route::Graph with an external arc-weight array. This is the oracle every
// faster algorithm (CH, bidirectional, PHAST) is tested against, and the one-to-all workhorse of
// all-or-nothing loading in assignment.
//
// A Dijkstra object is a reusable query workspace: reset() is O(1) (timestamps), so one object per
// thread serves any number of queries on graphs of the size it was made for.
// Arcs whose weight is infinity() are skipped (that is how filters switch arcs off).
#pragma once
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "corridor/route/graph.h"
#include "corridor/route/heap.h"

namespace corridor::route {

template <typename W>
struct WeightTraits {
  static constexpr W infinity() { return std::numeric_limits<W>::max(); }
};
template <>
struct WeightTraits<double> {
  static constexpr double infinity() { return std::numeric_limits<double>::infinity(); }
};

template <typename W>
class Dijkstra {
 public:
  static constexpr W kInf = WeightTraits<W>::infinity();

  explicit Dijkstra(uint32_t num_nodes = 0) { resize(num_nodes); }

  void resize(uint32_t num_nodes) {
    dist_.assign(num_nodes, kInf);
    pred_arc_.assign(num_nodes, kInvalid);
    pred_node_.assign(num_nodes, kInvalid);
    stamp_.assign(num_nodes, 0);
    round_ = 1;
    heap_.resize(num_nodes);
  }
  uint32_t num_nodes() const { return static_cast<uint32_t>(dist_.size()); }

  // Forget the previous query. O(1) except every 2^32 rounds.
  void reset() {
    heap_.clear();
    settled_ = 0;
    if (++round_ == 0) {
      std::fill(stamp_.begin(), stamp_.end(), 0);
      round_ = 1;
    }
  }

  void add_source(uint32_t v, W d = W{}) {
    touch(v);
    if (d < dist_[v]) {
      dist_[v] = d;
      pred_arc_[v] = kInvalid;
      pred_node_[v] = kInvalid;
      heap_.push_or_decrease(v, d);
    }
  }

  // Runs until target is settled (target == kInvalid: until the queue is empty, i.e. one-to-all)
  // or until the next key would exceed `bound`. Returns the number of nodes settled.
  uint32_t run(const Graph& g, const W* weight, uint32_t target = kInvalid, W bound = kInf) {
    while (!heap_.empty()) {
      if (bound < heap_.top_key()) break;
      uint32_t v = heap_.pop();
      ++settled_;
      if (v == target) break;
      const W dv = dist_[v];
      for (uint32_t a = g.begin(v), e = g.end(v); a < e; ++a) {
        const W w = weight[a];
        if (w == kInf) continue;
        const uint32_t h = g.head[a];
        touch(h);
        const W nd = dv + w;
        if (nd < dist_[h]) {
          dist_[h] = nd;
          pred_arc_[h] = a;
          pred_node_[h] = v;
          heap_.push_or_decrease(h, nd);
        }
      }
    }
    return settled_;
  }

  bool reached(uint32_t v) const { return stamp_[v] == round_ && dist_[v] != kInf; }
  W dist(uint32_t v) const { return stamp_[v] == round_ ? dist_[v] : kInf; }
  uint32_t pred_arc(uint32_t v) const { return stamp_[v] == round_ ? pred_arc_[v] : kInvalid; }
  uint32_t pred_node(uint32_t v) const { return stamp_[v] == round_ ? pred_node_[v] : kInvalid; }
  uint32_t settled() const { return settled_; }

  // Arcs of the shortest path from a source to v, in travel order (empty if unreached or source).
  std::vector<uint32_t> path_arcs(uint32_t v) const {
    std::vector<uint32_t> arcs;
    if (!reached(v)) return arcs;
    while (pred_arc(v) != kInvalid) {
      arcs.push_back(pred_arc(v));
      v = pred_node(v);
    }
    return {arcs.rbegin(), arcs.rend()};
  }

 private:
  void touch(uint32_t v) {
    if (stamp_[v] != round_) {
      stamp_[v] = round_;
      dist_[v] = kInf;
      pred_arc_[v] = kInvalid;
      pred_node_[v] = kInvalid;
    }
  }
  std::vector<W> dist_;
  std::vector<uint32_t> pred_arc_, pred_node_, stamp_;
  uint32_t round_ = 1;
  uint32_t settled_ = 0;
  MinIdHeap<W> heap_;
};

}  // namespace corridor::route
