// A loaded network ready for queries: the .cnet, the profile's arc weights, its contraction
// hierarchy (from NET.cch when it matches, else built in memory) and the snapping grid.
// Immutable after load; make one ch::ChQuery / ch::ManyToMany per thread.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corridor/ch/ch.h"
#include "corridor/core/reporter.h"
#include "corridor/geo/grid.h"
#include "corridor/osm/flat_network.h"

namespace corridor::osm {

// NET.cnet -> NET.cch
std::string cch_path_for(const std::string& cnet_path);

struct NetRouter {
  std::string path;
  FlatNetwork net;
  Profile profile;
  route::Graph graph;
  std::vector<uint32_t> weight;  // per arc (== link), ch::kInfWeight where the profile forbids
  ch::ContractionHierarchy ch;
  // Snapping grid: nodes with an allowed link, in a component with >= 5% of the largest one's
  // nodes (weakly connected under the profile).
  std::unique_ptr<geo::SpatialGrid> grid;
  bool ch_from_file = false;
  std::vector<std::pair<int64_t, uint32_t>> by_input_id;  // sorted (input id, node)

  // Loads NET.cnet and, when it exists and was built for this network and profile, NET.cch.
  // with_hierarchy = false: no `ch` (callers route with Dijkstra on their own weights).
  static std::unique_ptr<NetRouter> load(const std::string& cnet_path, const std::string& profile,
                                         Reporter& reporter, bool with_hierarchy = true);
  // "lat,lon" (or "lat lon") snaps to the nearest routable node; an integer is an input node id
  // (OSM or DIMACS id). Throws corridor::Error(unknown_place).
  uint32_t resolve(std::string_view place, double max_snap_m = 5000) const;
  // Cost in the network's unit to seconds (deciseconds) or as is (dimacs).
  double cost_value(ch::Weight w) const;
  std::string_view cost_name() const;  // "seconds" or "cost"
};

// One route through a loaded network.
struct NetRoute {
  bool found = false;
  ch::Weight cost = ch::kInfWeight;
  double km = 0;
  std::vector<uint32_t> links;  // in travel order
  struct Leg {
    Mode mode;              // of its links (road for transfer links)
    bool transfer = false;  // a run of transfer links
    uint32_t from, to;      // nodes
    double km = 0;
    ch::Weight cost = 0;
    uint32_t links = 0;
    std::string_view name() const { return transfer ? "transfer" : network::to_string(mode); }
  };
  std::vector<Leg> legs;  // maximal runs of one mode (transfers are runs of their own)
  uint32_t border_crossings = 0;
  std::vector<ShapePoint> geometry;  // every node and shape point in order
};
NetRoute route_between(const NetRouter& r, ch::ChQuery& q, uint32_t from, uint32_t to);

}  // namespace corridor::osm
