// An addressable 4-ary min-heap over ids 0..n-1 with decrease-key, and O(1) clear() cost
// proportional to the number of ids touched since the last clear.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "corridor/route/graph.h"

namespace corridor::route {

template <typename Key>
class MinIdHeap {
 public:
  explicit MinIdHeap(uint32_t n = 0) : pos_(n, kInvalid) {}
  void resize(uint32_t n) {
    clear();
    pos_.assign(n, kInvalid);
  }
  bool empty() const { return heap_.empty(); }
  size_t capacity_bytes() const {
    return heap_.capacity() * sizeof(Entry) + pos_.capacity() * sizeof(uint32_t);
  }
  size_t size() const { return heap_.size(); }
  bool contains(uint32_t id) const { return pos_[id] != kInvalid; }
  Key key_of(uint32_t id) const { return heap_[pos_[id]].key; }
  uint32_t top() const { return heap_[0].id; }
  Key top_key() const { return heap_[0].key; }

  void clear() {
    for (auto& e : heap_) pos_[e.id] = kInvalid;
    heap_.clear();
  }
  // Inserts id or lowers its key; a higher key is ignored.
  void push_or_decrease(uint32_t id, Key key) {
    uint32_t p = pos_[id];
    if (p == kInvalid) {
      p = static_cast<uint32_t>(heap_.size());
      heap_.push_back({key, id});
      pos_[id] = p;
      sift_up(p);
    } else if (key < heap_[p].key) {
      heap_[p].key = key;
      sift_up(p);
    }
  }
  uint32_t pop() {
    uint32_t id = heap_[0].id;
    pos_[id] = kInvalid;
    Entry last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) {
      heap_[0] = last;
      pos_[last.id] = 0;
      sift_down(0);
    }
    return id;
  }

 private:
  struct Entry {
    Key key;
    uint32_t id;
  };
  void sift_up(uint32_t p) {
    Entry e = heap_[p];
    while (p > 0) {
      uint32_t parent = (p - 1) / 4;
      if (!(e.key < heap_[parent].key)) break;
      heap_[p] = heap_[parent];
      pos_[heap_[p].id] = p;
      p = parent;
    }
    heap_[p] = e;
    pos_[e.id] = p;
  }
  void sift_down(uint32_t p) {
    Entry e = heap_[p];
    const uint32_t n = static_cast<uint32_t>(heap_.size());
    for (;;) {
      uint32_t c = 4 * p + 1;
      if (c >= n) break;
      uint32_t best = c;
      uint32_t end = c + 4 < n ? c + 4 : n;
      for (uint32_t k = c + 1; k < end; ++k)
        if (heap_[k].key < heap_[best].key) best = k;
      if (!(heap_[best].key < e.key)) break;
      heap_[p] = heap_[best];
      pos_[heap_[p].id] = p;
      p = best;
    }
    heap_[p] = e;
    pos_[e.id] = p;
  }
  std::vector<Entry> heap_;
  std::vector<uint32_t> pos_;
};

}  // namespace corridor::route
