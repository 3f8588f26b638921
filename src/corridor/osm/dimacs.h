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

// Bounds on what a gzip-compressed input may inflate to, so that a gzip bomb (deflate reaches
// about 1000:1, so a 1 MB file can claim 1 GB) is a clear error instead of memory exhaustion.
// A compressed file may inflate to at most min(max_bytes, max(ratio_floor, max_ratio x its
// compressed size)); the defaults admit the largest DIMACS graphs (USA-road-d.USA.gr.gz inflates
// about 4:1 to 1.3 GB) and stop a bomb at 64 MiB. Plain (uncompressed) files are not bounded
// here: their size is what is on disk.
struct GzipLimits {
  uint64_t max_bytes = uint64_t{4} << 30;     // 4 GiB in total
  uint64_t max_ratio = 100;                   // inflated bytes per compressed byte ...
  uint64_t ratio_floor = uint64_t{64} << 20;  // ... once past 64 MiB
  // The defaults, with max_bytes taken from the environment variable CORRIDOR_GZIP_MAX_BYTES
  // when it is set (a positive byte count; it also lifts the ratio bound up to that size).
  // Throws Error(usage) if the variable is set but not a positive integer.
  static GzipLimits defaults();
};

// Reads a whole file, inflating it if it is gzip-compressed. Throws Error(invalid_input) naming
// the file and the bound when the inflated size would pass `limits`, Error(io_error) if unreadable.
std::string read_maybe_gzip(const std::string& path,
                            const GzipLimits& limits = GzipLimits::defaults());

// CSR graph and the arc weights in CSR order.
route::Graph to_graph(const DimacsGraph& d, std::vector<uint32_t>& weight);

}  // namespace corridor::osm
