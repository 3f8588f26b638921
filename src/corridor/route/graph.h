// A static directed graph in CSR form: the arcs leaving v are first_out[v] .. first_out[v+1]-1
// and arc a ends at head[a]. Weights live outside the graph (one array per metric), so the same
// topology serves several cost functions (assignment updates costs every iteration).
#pragma once
#include <cstdint>
#include <limits>
#include <vector>

namespace corridor::route {

inline constexpr uint32_t kInvalid = std::numeric_limits<uint32_t>::max();

struct Graph {
  std::vector<uint32_t> first_out{0};  // size num_nodes()+1
  std::vector<uint32_t> head;          // size num_arcs()

  uint32_t num_nodes() const { return static_cast<uint32_t>(first_out.size() - 1); }
  uint32_t num_arcs() const { return static_cast<uint32_t>(head.size()); }
  uint32_t begin(uint32_t v) const { return first_out[v]; }
  uint32_t end(uint32_t v) const { return first_out[v + 1]; }
};

// Builds a CSR graph from an arc list (tail[i] -> head[i]). Arcs keep their input order within
// each tail (stable counting sort). If input_of_arc is given, it receives for every CSR arc the
// index of the input arc it came from. O(n + m).
Graph build_graph(uint32_t num_nodes, const std::vector<uint32_t>& tails,
                  const std::vector<uint32_t>& heads,
                  std::vector<uint32_t>* input_of_arc = nullptr);

// The tail of every arc (inverse of first_out), O(m).
std::vector<uint32_t> arc_tails(const Graph& g);

// The reverse graph; rev_arc_of[a'] = the forward arc that reverse arc a' mirrors.
Graph reverse_graph(const Graph& g, std::vector<uint32_t>* forward_arc_of = nullptr);

}  // namespace corridor::route
