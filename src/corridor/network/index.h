// Strong index types: a node index, a link index, a routing-graph arc or state index are each
// their own type, so one can never be passed where another is expected, and a raw integer becomes
// an index only where the code says so (`NodeIdx{3}`, `static_cast<LinkIdx>(i)`).
//
//   struct NodeTag;
//   using NodeIdx = Index<NodeTag>;
//   IndexedVector<NodeIdx, Node> nodes;       // nodes[NodeIdx] only, not nodes[LinkIdx] or [int]
//   for (NodeIdx v : nodes.ids()) ...          // every index in order
//
// An Index is a plain 32-bit value (trivially copyable, same size as uint32_t); `.v` is the raw
// value for the places that must talk to untyped code (CSR arrays, files, JSON).
#pragma once
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <ostream>
#include <span>
#include <vector>

namespace corridor::network {

template <class Tag>
struct Index {
  static constexpr uint32_t kInvalidValue = std::numeric_limits<uint32_t>::max();
  uint32_t v = 0;

  constexpr Index() = default;
  template <std::integral I>
  constexpr explicit Index(I x) : v(static_cast<uint32_t>(x)) {}

  static constexpr Index invalid() { return Index(kInvalidValue); }
  constexpr bool valid() const { return v != kInvalidValue; }
  constexpr uint32_t value() const { return v; }

  constexpr Index& operator++() {
    ++v;
    return *this;
  }
  constexpr Index operator++(int) {
    Index old = *this;
    ++v;
    return old;
  }
  friend constexpr auto operator<=>(Index, Index) = default;
  friend std::ostream& operator<<(std::ostream& os, Index i) { return os << i.v; }
};

// The indices 0 .. n-1 of one type, for range-for.
template <class Idx>
class IndexRange {
 public:
  struct iterator {
    Idx i;
    constexpr Idx operator*() const { return i; }
    constexpr iterator& operator++() {
      ++i;
      return *this;
    }
    friend constexpr bool operator==(iterator, iterator) = default;
  };
  constexpr IndexRange(Idx begin, Idx end) : b_(begin), e_(end) {}
  constexpr iterator begin() const { return {b_}; }
  constexpr iterator end() const { return {e_}; }
  constexpr size_t size() const { return e_.v - b_.v; }

 private:
  Idx b_, e_;
};

// A std::vector addressed by one index type only.
template <class Idx, class T>
class IndexedVector {
 public:
  using value_type = T;
  using iterator = typename std::vector<T>::iterator;
  using const_iterator = typename std::vector<T>::const_iterator;

  IndexedVector() = default;
  explicit IndexedVector(size_t n, const T& value = T()) : v_(n, value) {}
  IndexedVector(std::initializer_list<T> init) : v_(init) {}
  explicit IndexedVector(std::vector<T> v) : v_(std::move(v)) {}

  T& operator[](Idx i) { return v_[i.v]; }
  const T& operator[](Idx i) const { return v_[i.v]; }
  T& at(Idx i) { return v_.at(i.v); }
  const T& at(Idx i) const { return v_.at(i.v); }
  bool contains(Idx i) const { return i.v < v_.size(); }

  size_t size() const { return v_.size(); }
  bool empty() const { return v_.empty(); }
  // The index the next push_back will get (== size()).
  Idx next_index() const { return Idx(v_.size()); }
  IndexRange<Idx> ids() const { return {Idx(0), Idx(v_.size())}; }

  iterator begin() { return v_.begin(); }
  iterator end() { return v_.end(); }
  const_iterator begin() const { return v_.begin(); }
  const_iterator end() const { return v_.end(); }
  T& front() { return v_.front(); }
  const T& front() const { return v_.front(); }
  T& back() { return v_.back(); }
  const T& back() const { return v_.back(); }

  void push_back(const T& x) { v_.push_back(x); }
  void push_back(T&& x) { v_.push_back(std::move(x)); }
  template <class... A>
  T& emplace_back(A&&... a) {
    return v_.emplace_back(std::forward<A>(a)...);
  }
  void pop_back() { v_.pop_back(); }
  void reserve(size_t n) { v_.reserve(n); }
  void resize(size_t n) { v_.resize(n); }
  void resize(size_t n, const T& x) { v_.resize(n, x); }
  void assign(size_t n, const T& x) { v_.assign(n, x); }
  void clear() { v_.clear(); }
  size_t capacity() const { return v_.capacity(); }
  iterator erase(const_iterator it) { return v_.erase(it); }
  T* data() { return v_.data(); }
  const T* data() const { return v_.data(); }

  // The untyped view, for code that works on plain arrays (CSR algorithms, serialisation).
  std::span<T> span() { return v_; }
  std::span<const T> span() const { return v_; }
  std::vector<T>& vec() { return v_; }
  const std::vector<T>& vec() const { return v_; }

  friend bool operator==(const IndexedVector&, const IndexedVector&) = default;

 private:
  std::vector<T> v_;
};

}  // namespace corridor::network

template <class Tag>
struct std::hash<corridor::network::Index<Tag>> {
  size_t operator()(corridor::network::Index<Tag> i) const noexcept {
    return std::hash<uint32_t>()(i.v);
  }
};
