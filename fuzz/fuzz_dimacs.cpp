// DIMACS shortest-path graphs (`corridor import dimacs`): parse, then build the routing graph.
#include "corridor/osm/dimacs.h"
#include "fuzz_common.h"

using namespace corridor;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::expect_clean([&] {
    auto g = osm::parse_dimacs(std::string_view(reinterpret_cast<const char*>(data), size), "f.gr");
    std::vector<uint32_t> weight;
    osm::to_graph(g, weight);
  });
  return 0;
}
