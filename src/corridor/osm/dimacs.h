// DIMACS 9th challenge shortest-path graphs: "p sp N M" then "a u v w" arcs (1-based ids),
// plain or gzip-compressed.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "corridor/route/graph.h"

namespace corridor::osm {

struct DimacsGraph {
  uint32_t num_nodes = 0;
  std::vector<uint32_t> tail, head, weight;  // 0-based node ids, input arc order
};

// Throws corridor::Error(invalid_input) with file:line on malformed input, io_error if unreadable.
DimacsGraph read_dimacs(const std::string& path);
DimacsGraph parse_dimacs(std::string_view text, const std::string& name = "<memory>");

// Reads a whole file, inflating it if it is gzip-compressed.
std::string read_maybe_gzip(const std::string& path);

// CSR graph and the arc weights in CSR order.
route::Graph to_graph(const DimacsGraph& d, std::vector<uint32_t>& weight);

}  // namespace corridor::osm
