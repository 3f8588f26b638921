#include "corridor/route/graph.h"

#include "corridor/core/error.h"

namespace corridor::route {

Graph build_graph(uint32_t num_nodes, const std::vector<uint32_t>& tails,
                  const std::vector<uint32_t>& heads, std::vector<uint32_t>* input_of_arc) {
  CORRIDOR_ASSERT(tails.size() == heads.size());
  Graph g;
  g.first_out.assign(num_nodes + 1, 0);
  for (uint32_t t : tails) {
    CORRIDOR_ASSERT(t < num_nodes);
    ++g.first_out[t + 1];
  }
  for (uint32_t v = 0; v < num_nodes; ++v) g.first_out[v + 1] += g.first_out[v];
  std::vector<uint32_t> pos(g.first_out.begin(), g.first_out.end() - 1);
  g.head.resize(heads.size());
  if (input_of_arc) input_of_arc->resize(heads.size());
  for (uint32_t i = 0; i < heads.size(); ++i) {
    CORRIDOR_ASSERT(heads[i] < num_nodes);
    uint32_t a = pos[tails[i]]++;
    g.head[a] = heads[i];
    if (input_of_arc) (*input_of_arc)[a] = i;
  }
  return g;
}

std::vector<uint32_t> arc_tails(const Graph& g) {
  std::vector<uint32_t> t(g.num_arcs());
  for (uint32_t v = 0; v < g.num_nodes(); ++v)
    for (uint32_t a = g.begin(v); a < g.end(v); ++a) t[a] = v;
  return t;
}

Graph reverse_graph(const Graph& g, std::vector<uint32_t>* forward_arc_of) {
  std::vector<uint32_t> tails = arc_tails(g);
  return build_graph(g.num_nodes(), g.head, tails, forward_arc_of);
}

}  // namespace corridor::route
