// Phase 5 of the OSM import: transfer links between the rail and road layers at stations, and
// from ferry landings off the road network to the nearest road.
#include <set>

#include "corridor/geo/grid.h"
#include "corridor/osm/detail/import_phases.h"

namespace corridor::osm::detail {

void add_transfers(const OsmData& d, const LayerNodes& nodes, const OsmImportConfig& cfg,
                   FlatNetwork& net, LinkSet& links, OsmImportStats& st) {
  constexpr uint32_t kInvalidNode = UINT32_MAX;
  const uint32_t n = net.num_nodes();
  std::vector<network::ModeMask> modes(n, 0);
  for (const FlatLink& l : links.links) {
    modes[l.tail] |= network::mode_bit(l.link_mode());
    modes[l.head] |= network::mode_bit(l.link_mode());
  }
  std::vector<double> lat(n), lon(n);
  std::vector<uint8_t> is_road(n), is_rail(n);
  for (uint32_t v = 0; v < n; ++v) {
    lat[v] = net.nodes[v].lat();
    lon[v] = net.nodes[v].lon();
    is_road[v] = network::has_mode(modes[v], Mode::road);
    is_rail[v] = network::has_mode(modes[v], Mode::rail);
  }
  geo::SpatialGrid road_grid(lat, lon, is_road), rail_grid(lat, lon, is_rail);
  auto connect = [&](uint32_t a, uint32_t b, double handling_s) {
    const double dist = geo::haversine_m(lat[a], lon[a], lat[b], lon[b]);
    const double secs = handling_s + dist / (10 / 3.6);  // 10 km/h on the access road
    links.add(a, b, Mode::road, dist, secs, kLengthKnown | kTransfer, 0, {});
    links.add(b, a, Mode::road, dist, secs, kLengthKnown | kTransfer, 0, {});
    ++st.transfers;
  };
  std::set<std::pair<uint32_t, uint32_t>> transfer_pairs;
  for (const auto& [id, sp] : d.specials) {
    if (sp.kind != FlatNodeKind::station) continue;
    const double la = sp.lat * 1e-7, lo = sp.lon * 1e-7;
    uint32_t rv = kInvalidNode;
    if (auto it = nodes.of[1].find(id); it != nodes.of[1].end())
      rv = it->second;
    else
      rv = rail_grid.nearest(la, lo, cfg.station_rail_radius_m);
    if (rv == kInvalidNode) continue;
    ++st.stations;
    net.nodes[rv].kind = uint8_t(FlatNodeKind::station);
    const uint32_t road = road_grid.nearest(lat[rv], lon[rv], cfg.station_road_radius_m);
    if (road == kInvalidNode || !transfer_pairs.insert({rv, road}).second) continue;
    connect(rv, road, cfg.transfer_minutes * 60);
  }
  for (uint32_t v = 0; v < n; ++v) {
    if (net.nodes[v].kind != uint8_t(FlatNodeKind::ferry_terminal)) continue;
    ++st.ferry_terminals;
    if (is_road[v]) continue;  // the ferry lands on the road network
    const uint32_t road = road_grid.nearest(lat[v], lon[v], cfg.terminal_road_radius_m);
    if (road != kInvalidNode) connect(v, road, 0);
  }
}

}  // namespace corridor::osm::detail
