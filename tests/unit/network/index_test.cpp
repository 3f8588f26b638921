// Strong index types: no silent conversion from integers or between index kinds; comparison,
// hashing, iteration and IndexedVector addressing.
#include "corridor/network/index.h"

#include <gtest/gtest.h>

#include <type_traits>
#include <unordered_set>

#include "corridor/network/network.h"

using namespace corridor::network;

namespace {
template <class V, class I>
concept Subscriptable = requires(V v, I i) {
  v[i];
};
}  // namespace

// Compile-time: these would be bugs, so they must not compile.
static_assert(!std::is_convertible_v<uint32_t, NodeIdx>, "int -> NodeIdx must be explicit");
static_assert(!std::is_convertible_v<NodeIdx, uint32_t>, "NodeIdx -> int must be explicit");
static_assert(!std::is_convertible_v<NodeIdx, LinkIdx>, "NodeIdx -> LinkIdx must not convert");
static_assert(!std::is_constructible_v<LinkIdx, NodeIdx>, "no LinkIdx from a NodeIdx");
static_assert(!Subscriptable<IndexedVector<NodeIdx, Node>, LinkIdx>, "nodes[LinkIdx]");
static_assert(!Subscriptable<IndexedVector<NodeIdx, Node>, int>, "nodes[int]");
static_assert(Subscriptable<IndexedVector<NodeIdx, Node>, NodeIdx>);
static_assert(sizeof(NodeIdx) == sizeof(uint32_t) && std::is_trivially_copyable_v<NodeIdx>);

TEST(Index, ComparesHashesAndIterates) {
  NodeIdx a{3}, b{5};
  EXPECT_LT(a, b);
  EXPECT_EQ(a, NodeIdx{3});
  EXPECT_NE(a, b);
  EXPECT_FALSE(NodeIdx::invalid().valid());
  EXPECT_TRUE(a.valid());
  std::unordered_set<NodeIdx> set = {a, b, NodeIdx{3}};
  EXPECT_EQ(set.size(), 2u);
  IndexedVector<NodeIdx, int> v = {10, 20, 30};
  std::vector<uint32_t> seen;
  for (NodeIdx i : v.ids()) seen.push_back(i.v);
  EXPECT_EQ(seen, (std::vector<uint32_t>{0, 1, 2}));
  EXPECT_EQ(v[NodeIdx{1}], 20);
  EXPECT_EQ(v.next_index(), NodeIdx{3});
  EXPECT_TRUE(v.contains(NodeIdx{2}));
  EXPECT_FALSE(v.contains(NodeIdx{3}));
  EXPECT_FALSE(v.contains(NodeIdx::invalid()));
  EXPECT_EQ(v.span().size(), 3u);
}
