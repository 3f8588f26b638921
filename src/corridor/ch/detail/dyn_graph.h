// The parallel CH builder's working graph (build.cpp), in a header so that the unit tests can
// drive its block allocator and compaction directly.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include "corridor/ch/ch.h"
#include "corridor/core/error.h"

namespace corridor::ch::detail {

// The parallel builder's working graph: the live arcs of every uncontracted node, out-arcs and
// in-arcs side by side in one block of one arena (out-arcs from the block's front, in-arcs from
// its back), 8 bytes per arc plus a 1-byte hop count, 16 bytes of bookkeeping per node. A block
// that fills up moves to a bigger one (a freed block of a fitting size, else the arena's end);
// the arena is compacted in place when holes make up much of it. No per-node std::vector.
class DynGraph {
 public:
  // No `via`: the builder derives every arc's input arc or middle node once the hierarchy is
  // complete (ParallelBuilder::derive_vias), so the working graph holds 8 bytes per arc.
  struct Arc {
    uint32_t node;
    Weight weight;
  };
  struct Range {
    const Arc* first;
    const Arc* last;
    const Arc* begin() const { return first; }
    const Arc* end() const { return last; }
    uint32_t size() const { return static_cast<uint32_t>(last - first); }
  };

  DynGraph(const route::Graph& g, const Weight* weight) : n_(g.num_nodes()) {
    begin_.assign(n_, 0);
    cap_.assign(n_, 0);
    nout_.assign(n_, 0);
    nin_.assign(n_, 0);
    for (uint32_t u = 0; u < n_; ++u)
      for (uint32_t a = g.begin(u); a < g.end(u); ++a) {
        const uint32_t v = g.head[a];
        if (v == u || weight[a] == kInfWeight) continue;
        ++cap_[u];
        ++cap_[v];
      }
    uint64_t total = 0;
    for (uint32_t v = 0; v < n_; ++v) {
      begin_[v] = static_cast<uint32_t>(total);
      total += cap_[v];
    }
    if (total >= kInvalid) throw Error(Errc::invalid_input, "graph too large for the CH builder");
    // Room for growth is reserved, not touched: unused pages cost no memory.
    arcs_.reserve(3 * total + 64);
    hops_.reserve(3 * total + 64);
    arcs_.resize(total);
    hops_.resize(total);
    for (uint32_t u = 0; u < n_; ++u)
      for (uint32_t a = g.begin(u); a < g.end(u); ++a) {
        const uint32_t v = g.head[a];
        if (v == u || weight[a] == kInfWeight) continue;
        add_arc(u, v, weight[a], 1);
      }
  }

  Range out(uint32_t v) const {
    const Arc* b = arcs_.data() + begin_[v];
    return {b, b + nout_[v]};
  }
  Range in(uint32_t v) const {
    const Arc* e = arcs_.data() + begin_[v] + cap_[v];
    return {e - nin_[v], e};
  }
  uint32_t out_hops(uint32_t v, uint32_t i) const { return hops_[begin_[v] + i]; }
  uint32_t in_hops(uint32_t v, uint32_t i) const {
    return hops_[begin_[v] + cap_[v] - nin_[v] + i];
  }

  // Arc u->v of weight w: a new arc, or a cheaper replacement of the existing one.
  void add_arc(uint32_t u, uint32_t v, Weight w, uint32_t hops) {
    const uint8_t h = static_cast<uint8_t>(std::min<uint32_t>(hops, 0xff));
    for (uint32_t i = begin_[u], e = i + nout_[u]; i < e; ++i) {
      if (arcs_[i].node != v) continue;
      if (w < arcs_[i].weight) {
        arcs_[i] = {v, w};
        hops_[i] = h;
        const uint32_t vb = begin_[v] + cap_[v];
        for (uint32_t j = vb - nin_[v]; j < vb; ++j)
          if (arcs_[j].node == u) {
            arcs_[j] = {u, w};
            hops_[j] = h;
            break;
          }
      }
      return;
    }
    if (nout_[u] + nin_[u] == cap_[u]) grow(u);
    if (nout_[v] + nin_[v] == cap_[v]) grow(v);
    const uint32_t i = begin_[u] + nout_[u]++;
    arcs_[i] = {v, w};
    hops_[i] = h;
    const uint32_t j = begin_[v] + cap_[v] - ++nin_[v];
    arcs_[j] = {u, w};
    hops_[j] = h;
  }

  // Removes v from the graph: the arcs at its neighbours that point back to it, then its block.
  void remove_node(uint32_t v) {
    for (const Arc& a : out(v)) erase_in(a.node, v);
    for (const Arc& a : in(v)) erase_out(a.node, v);
    release(begin_[v], cap_[v]);
    begin_[v] = cap_[v] = nout_[v] = nin_[v] = 0;
  }

  uint64_t arena_entries() const { return arcs_.size(); }

  // Gives all memory back (the builder calls it once every node is contracted).
  void release_all() {
    std::vector<Arc>().swap(arcs_);
    std::vector<uint8_t>().swap(hops_);
    for (auto* v : {&begin_, &cap_, &nout_, &nin_}) std::vector<uint32_t>().swap(*v);
    std::vector<std::vector<uint32_t>>().swap(free_);
    n_ = 0;
    holes_ = 0;
  }

  // For the tests: empty if every out-arc u->v has exactly one in-arc at v from u with the same
  // weight, and the other way round; else the first difference.
  std::string check() const {
    auto count = [](Range r, const Arc& x) {
      uint32_t k = 0;
      for (const Arc& a : r) k += a.node == x.node && a.weight == x.weight;
      return k;
    };
    for (uint32_t u = 0; u < n_; ++u) {
      for (const Arc& a : out(u)) {
        if (a.node >= n_) return "out-arc of " + std::to_string(u) + " to a node out of range";
        if (count(out(u), a) != 1 || count(in(a.node), Arc{u, a.weight}) != 1)
          return "out-arc " + std::to_string(u) + "->" + std::to_string(a.node) +
                 " is not matched by exactly one in-arc";
      }
      for (const Arc& a : in(u)) {
        if (a.node >= n_) return "in-arc of " + std::to_string(u) + " from a node out of range";
        if (count(in(u), a) != 1 || count(out(a.node), Arc{u, a.weight}) != 1)
          return "in-arc " + std::to_string(a.node) + "->" + std::to_string(u) +
                 " is not matched by exactly one out-arc";
      }
    }
    return {};
  }

  // Moves every block to the left over the holes and forgets the free lists. Blocks move in
  // order of position and each block's entries in increasing address order (a block may move by
  // less than its own length, so its source and destination overlap: copying the in-arcs from
  // the back, as before, overwrote in-arcs not yet moved with copies of later ones; one node
  // then kept two in-arcs from the same tail and lost others, so a contracted node's arcs
  // survived at its neighbours and, with set_quantile_percent < 100, no node was ever a local
  // minimum again). Public for the unit tests; allocate() calls it when holes pile up.
  void compact() {
    std::vector<uint32_t> by_pos;
    for (uint32_t v = 0; v < n_; ++v)
      if (cap_[v] > 0) by_pos.push_back(v);
    std::sort(by_pos.begin(), by_pos.end(),
              [&](uint32_t a, uint32_t b) { return begin_[a] < begin_[b]; });
    uint32_t at = 0;
    for (uint32_t v : by_pos) {
      const uint32_t ob = begin_[v], c = cap_[v];
      for (uint32_t i = 0; i < nout_[v]; ++i) move(at + i, ob + i);
      for (uint32_t i = nin_[v]; i >= 1; --i) move(at + c - i, ob + c - i);
      begin_[v] = at;
      at += c;
    }
    arcs_.resize(at);
    hops_.resize(at);
    release_pages(arcs_);
    release_pages(hops_);
    free_.clear();
    holes_ = 0;
  }

 private:
  void erase_out(uint32_t u, uint32_t v) {
    const uint32_t b = begin_[u];
    for (uint32_t i = b, e = b + nout_[u]; i < e; ++i)
      if (arcs_[i].node == v) {
        move(i, e - 1);
        --nout_[u];
        return;
      }
  }
  void erase_in(uint32_t x, uint32_t v) {
    const uint32_t e = begin_[x] + cap_[x], b = e - nin_[x];
    for (uint32_t i = b; i < e; ++i)
      if (arcs_[i].node == v) {
        move(i, b);
        --nin_[x];
        return;
      }
  }
  void move(uint32_t to, uint32_t from) {
    arcs_[to] = arcs_[from];
    hops_[to] = hops_[from];
  }

  static uint32_t free_list_of(uint32_t cap) {
    if (cap <= kExact) return cap;
    uint32_t k = 0;
    while ((uint64_t{1} << (k + 1)) <= cap) ++k;
    return kExact + k;  // blocks of at least 2^k
  }
  void release(uint32_t b, uint32_t cap) {
    if (cap == 0) return;
    const uint32_t l = free_list_of(cap);
    if (free_.size() <= l) free_.resize(l + 1);
    free_[l].push_back(b);
    holes_ += cap;
  }
  // A block of at least `cap` entries: a freed block of cap .. 1.25 cap entries (beyond the
  // exact lists: of the same power of two; surplus left unused), else new room at the arena's
  // end, after compacting if holes make up a sixteenth of the arena.
  uint32_t allocate(uint32_t cap, uint32_t& got) {
    const uint32_t lo = free_list_of(cap),
                   hi = cap <= kExact ? std::min(cap + cap / 4, kExact) : lo;
    for (uint32_t l = lo; l <= hi && l < free_.size(); ++l)
      if (!free_[l].empty()) {
        const uint32_t b = free_[l].back();
        free_[l].pop_back();
        got = l <= kExact ? l : cap;
        holes_ -= got;
        return b;
      }
    if (holes_ > arcs_.size() / 16 && arcs_.size() > 4096) compact();
    got = cap;
    const uint64_t b = arcs_.size();
    if (b + cap >= kInvalid) throw Error(Errc::invalid_input, "graph too large for the CH builder");
    arcs_.resize(b + cap);
    hops_.resize(b + cap);
    return static_cast<uint32_t>(b);
  }
  void grow(uint32_t v) {
    // 1.5 times bigger (small blocks find freed ones of about their size), powers of two beyond
    // the exact free lists.
    uint32_t cap = cap_[v] < 4 ? 4 : cap_[v] + (cap_[v] + 1) / 2;
    if (cap > kExact) {
      uint32_t p = 2 * kExact;
      while (p < cap) p *= 2;
      cap = p;
    }
    uint32_t got = 0;
    const uint32_t nb = allocate(cap, got);  // may compact: read begin_ after it
    const uint32_t ob = begin_[v], oc = cap_[v];
    for (uint32_t i = 0; i < nout_[v]; ++i) move(nb + i, ob + i);
    for (uint32_t i = 1; i <= nin_[v]; ++i) move(nb + got - i, ob + oc - i);
    release(ob, oc);
    begin_[v] = nb;
    cap_[v] = got;
  }

  // Gives the pages between size() and capacity() back to the system (they hold nothing; if
  // used again they come back zeroed and are written before read), so the arena's memory
  // follows the live arcs, not its high-water mark.
  template <typename T>
  static void release_pages(std::vector<T>& v) {
#ifdef __linux__
    const uintptr_t page = 4096;
    const uintptr_t from =
        (reinterpret_cast<uintptr_t>(v.data() + v.size()) + page - 1) & ~(page - 1);
    const uintptr_t to = reinterpret_cast<uintptr_t>(v.data() + v.capacity()) & ~(page - 1);
    if (to > from) madvise(reinterpret_cast<void*>(from), to - from, MADV_DONTNEED);
#else
    (void)v;
#endif
  }

  static constexpr uint32_t kExact = 64;  // free lists by exact size up to here, then by 2^k
  uint32_t n_;
  std::vector<Arc> arcs_;
  // Hop count of every arc (input arcs 1), saturating at 255: it only weighs the priority (a
  // shortcut of 255 input arcs or more is rare and counts as 255), 1 byte per arc.
  std::vector<uint8_t> hops_;
  std::vector<uint32_t> begin_, cap_, nout_, nin_;
  std::vector<std::vector<uint32_t>> free_;
  uint64_t holes_ = 0;
};

}  // namespace corridor::ch::detail
