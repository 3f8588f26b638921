// A hand-drawn imported network for overlay, compare and criticality tests (two countries, two
// border crossings, a dead-end bridge), with costs chosen so the tests' answers are computed by
// hand in their comments.
//
//            A (GE)                      costs in deciseconds, every link two-way:
//            | w100 1000                   A-B w100 1000   B-C w101 600   B-D w102 900
//            B (GE)                        C-E w200 300 (border, west)  D-F w201 300 (border, east)
//     w101 /   \ w102                      E-G w300 700    F-G w301 800   G-H w400 500
//      C (GE)   D (GE)
//   w200 |       | w201   <- GE|AM border
//      E (AM)   F (AM)                   A->G: west 2600, east 3000
//     w300 \   / w301
//            G (AM)
//            | w400
//            H (AM)
#pragma once
#include <string>
#include <vector>

#include "corridor/osm/flat_network.h"

namespace corridor::osm::drawn {

enum : uint32_t { A, B, C, D, E, F, G, H };
inline int64_t osm_id(uint32_t v) { return 1000 + v; }

inline FlatNetwork two_crossings() {
  FlatNetwork net;
  net.name = "drawn";
  net.source = "drawn";
  net.cost_unit = "ds";
  net.countries = {"", "GE", "AM"};
  const double lat[] = {41.70, 41.40, 41.20, 41.20, 41.10, 41.10, 40.80, 40.70};
  const double lon[] = {44.80, 44.80, 44.50, 45.00, 44.50, 45.00, 44.70, 44.70};
  for (uint32_t v = 0; v < 8; ++v) {
    FlatNode n;
    n.lat_e7 = static_cast<int32_t>(lat[v] * 1e7);
    n.lon_e7 = static_cast<int32_t>(lon[v] * 1e7);
    n.country = v <= D ? 1 : 2;
    if (v == E) n.kind = uint8_t(FlatNodeKind::border_post);
    net.nodes.push_back(n);
    net.input_id.push_back(osm_id(v));
  }
  struct Edge {
    uint32_t a, b, cost;
    int64_t way;
  };
  const Edge edges[] = {{A, B, 1000, 100}, {B, C, 600, 101}, {B, D, 900, 102}, {C, E, 300, 200},
                        {D, F, 300, 201},  {E, G, 700, 300}, {F, G, 800, 301}, {G, H, 500, 400}};
  for (const Edge& e : edges) {
    for (auto [t, h] : {std::pair{e.a, e.b}, std::pair{e.b, e.a}}) {
      FlatLink l;
      l.tail = t;
      l.head = h;
      l.cost = e.cost;
      l.length_m = 10000;
      l.mode = uint8_t(network::Mode::road);
      l.flags = kLengthKnown;
      if (net.nodes[t].country != net.nodes[h].country) l.flags |= kBorder;
      net.links.push_back(l);
      net.way_id.push_back(e.way);
    }
  }
  net.shape_first.assign(net.links.size() + 1, 0);
  net.finalize();
  return net;
}

// The link t -> h (there is exactly one).
inline uint32_t link(const FlatNetwork& net, uint32_t t, uint32_t h) {
  for (uint32_t a = net.first_out[t]; a < net.first_out[t + 1]; ++a)
    if (net.links[a].head == h) return a;
  return UINT32_MAX;
}

}  // namespace corridor::osm::drawn
