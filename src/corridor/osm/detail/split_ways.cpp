// Phase 3 of the OSM import: ways split into links at shared nodes, ends and special nodes. A
// node is one OSM node in one layer (road: roads and ferries; rail), so a level crossing is two
// nodes.
#include <algorithm>
#include <cmath>

#include "corridor/osm/detail/import_phases.h"

namespace corridor::osm::detail {

void LinkSet::add(uint32_t a, uint32_t b, Mode mode, double length_m, double secs, uint8_t flags,
                  uint16_t gauge_mm, const std::vector<ShapePoint>& between, int64_t way) {
  if (a == b) return;
  FlatLink l;
  l.tail = a;
  l.head = b;
  l.mode = uint8_t(mode);
  l.length_m = static_cast<float>(length_m);
  l.cost = static_cast<uint32_t>(std::clamp(std::llround(secs * 10), 1LL, 0x3fffffffLL));
  l.flags = flags;
  l.gauge_mm = mode == Mode::rail ? gauge_mm : 0;
  links.push_back(l);
  way_id.push_back(way);
  shape.insert(shape.end(), between.begin(), between.end());
  shape_first.push_back(static_cast<uint32_t>(shape.size()));
}

LayerNodes split_ways(const OsmData& d, FlatNetwork& net, LinkSet& links, OsmImportStats& st,
                      Reporter& reporter) {
  std::unordered_map<int64_t, uint32_t> use[2];
  auto layer_of = [](Mode m) { return m == Mode::rail ? 1 : 0; };
  for (const WayRec& w : d.ways) {
    auto& u = use[layer_of(w.mode)];
    for (uint32_t i = w.first; i < w.last; ++i)
      u[d.pts[i].id] += (i == w.first || i + 1 == w.last) ? 2 : 1;
  }
  LayerNodes ids;
  auto& vid = ids.of;
  auto vertex = [&](int layer, const Pt& p) {
    auto [it, fresh] = vid[layer].try_emplace(p.id, net.num_nodes());
    if (fresh) {
      FlatNode n;
      n.lat_e7 = p.lat;
      n.lon_e7 = p.lon;
      n.layer = uint8_t(layer);
      auto sp = d.specials.find(p.id);
      if (sp != d.specials.end() && sp->second.kind == FlatNodeKind::border_post) {
        n.kind = uint8_t(FlatNodeKind::border_post);
        ++st.border_posts;
      }
      net.nodes.push_back(n);
      net.input_id.push_back(p.id);
    }
    return it->second;
  };
  std::vector<ShapePoint> between, rbetween;
  uint64_t done = 0;
  for (const WayRec& w : d.ways) {
    const int layer = layer_of(w.mode);
    double way_len = 0;
    for (uint32_t i = w.first + 1; i < w.last; ++i) way_len += dist_m(d.pts[i - 1], d.pts[i]);
    uint32_t start = w.first;
    double len = 0;
    between.clear();
    for (uint32_t i = w.first + 1; i < w.last; ++i) {
      len += dist_m(d.pts[i - 1], d.pts[i]);
      const Pt& p = d.pts[i];
      const bool split = i + 1 == w.last || use[layer][p.id] >= 2 || d.specials.count(p.id);
      if (!split) {
        between.push_back({p.lat, p.lon});
        continue;
      }
      const uint32_t a = vertex(layer, d.pts[start]), b = vertex(layer, p);
      double secs =
          w.duration_s > 0 && way_len > 0 ? w.duration_s * len / way_len : len / (w.kmh / 3.6);
      const uint8_t flags = kLengthKnown | w.flags;
      if (w.oneway >= 0) links.add(a, b, w.mode, len, secs, flags, w.gauge, between, w.id);
      if (w.oneway <= 0) {
        rbetween.assign(between.rbegin(), between.rend());
        links.add(b, a, w.mode, len, secs, flags, w.gauge, rbetween, w.id);
      }
      if (w.mode == Mode::ferry) {
        if (start == w.first) net.nodes[a].kind = uint8_t(FlatNodeKind::ferry_terminal);
        if (i + 1 == w.last) net.nodes[b].kind = uint8_t(FlatNodeKind::ferry_terminal);
      }
      start = i;
      len = 0;
      between.clear();
    }
    if ((++done & 0x3ff) == 0) reporter.progress("links", done, d.ways.size());
  }
  reporter.finish("links");
  return ids;
}

}  // namespace corridor::osm::detail
