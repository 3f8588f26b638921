// All-or-nothing loading of a fixed demand on an imported network, shared by net_critical.cpp and
// net_assign.cpp (api/net.h). Private to api/.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "corridor/api/net.h"

namespace corridor::api::detail {

struct NetOd {
  uint32_t origin = 0, destination = 0;
  double units = 0;      // per day
  std::string corridor;  // the optional `corridor` column ("" when absent)
};
// CSV origin,destination,volume[,corridor,...]: places are OSM node ids or "lat,lon"; volume in
// units per day. Problems are reported with file:line:column (Error(invalid_input)).
std::vector<NetOd> load_net_demand(const NetSession& s, const std::string& file,
                                   const std::string& command);

struct NetPath {
  bool routed = false;
  uint64_t cost = 0;            // in the network's unit
  std::vector<uint32_t> links;  // in travel order
};
struct NetAon {
  std::vector<NetPath> paths;  // per OD
  std::vector<double> volume;  // per link (directed), units/day
};
// One one-to-all Dijkstra per distinct origin.
NetAon net_aon(const NetSession& s, const std::vector<uint32_t>& w, const std::vector<NetOd>& ods);

// The reverse twin of link a (same way, same transfer flag, swapped ends), or route::kInvalid.
uint32_t twin(const osm::FlatNetwork& net, uint32_t a);
// Hours of a cost in the network's unit (deciseconds; DIMACS weights are taken as they are).
inline double hours_of(const osm::FlatNetwork& net, uint64_t c) {
  return net.cost_unit == "ds" ? c / 36000.0 : double(c);
}

}  // namespace corridor::api::detail
