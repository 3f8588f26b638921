#include "corridor/osm/router.h"

#include <algorithm>

#include "corridor/ch/files.h"
#include "corridor/core/error.h"
#include "corridor/core/files.h"
#include "corridor/core/text.h"

namespace corridor::osm {

std::string cch_path_for(const std::string& cnet_path) {
  const std::string ext = ".cnet";
  if (cnet_path.size() > ext.size() &&
      cnet_path.compare(cnet_path.size() - ext.size(), ext.size(), ext) == 0)
    return cnet_path.substr(0, cnet_path.size() - ext.size()) + ".cch";
  return cnet_path + ".cch";
}

std::unique_ptr<NetRouter> NetRouter::load(const std::string& cnet_path, const std::string& profile,
                                           Reporter& reporter, bool with_hierarchy) {
  auto r = std::make_unique<NetRouter>();
  r->path = cnet_path;
  r->net = read_cnet(cnet_path);
  r->profile = Profile::parse(profile);
  r->graph = r->net.graph();
  r->weight = arc_weights(r->net, r->profile);
  const std::string cch = cch_path_for(cnet_path);
  if (with_hierarchy && files::exists(cch)) {
    const uint64_t fp = cnet_fingerprint(cnet_path);
    try {
      auto loaded = ch::read_cch(cch, fp);
      if (loaded.profile == r->profile.to_string() && loaded.ch.num_nodes() == r->net.num_nodes() &&
          loaded.ch.num_input_arcs == r->net.num_links()) {
        r->ch = std::move(loaded.ch);
        r->ch_from_file = true;
      } else {
        reporter.log("note: " + cch + " is for profile '" + loaded.profile + "'; building '" +
                     r->profile.to_string() + "' in memory");
      }
    } catch (const Error& e) {
      reporter.log(std::string("note: ignoring ") + e.what() +
                   "; building the hierarchy in memory");
    }
  }
  if (with_hierarchy && !r->ch_from_file)
    r->ch = ch::build_ch(r->graph, r->weight.data(), reporter);
  // Snap only to nodes of components (weakly connected under the profile) with at least 5% of
  // the largest one's nodes, so a coordinate never lands on a fragment clipped at the extract's
  // edge or an isolated siding.
  const uint32_t n = r->net.num_nodes();
  std::vector<uint32_t> parent(n);
  for (uint32_t v = 0; v < n; ++v) parent[v] = v;
  auto find = [&](uint32_t v) {
    while (parent[v] != v) v = parent[v] = parent[parent[v]];
    return v;
  };
  std::vector<uint8_t> used(n, 0);
  for (uint32_t a = 0; a < r->net.num_links(); ++a) {
    if (r->weight[a] == ch::kInfWeight) continue;
    const FlatLink& l = r->net.links[a];
    used[l.tail] = used[l.head] = 1;
    parent[find(l.tail)] = find(l.head);
  }
  std::vector<uint32_t> size(n, 0);
  uint32_t largest = 0;
  for (uint32_t v = 0; v < n; ++v)
    if (used[v]) largest = std::max(largest, ++size[find(v)]);
  std::vector<uint8_t> keep(n, 0);
  for (uint32_t v = 0; v < n; ++v) keep[v] = used[v] && size[find(v)] * uint64_t{20} >= largest;
  r->by_input_id.reserve(r->net.num_nodes());
  for (uint32_t v = 0; v < r->net.num_nodes(); ++v)
    r->by_input_id.push_back({r->net.input_id[v], v});
  std::sort(r->by_input_id.begin(), r->by_input_id.end());
  if (r->net.has_coordinates) {
    std::vector<double> lat(r->net.num_nodes()), lon(r->net.num_nodes());
    for (uint32_t v = 0; v < r->net.num_nodes(); ++v) {
      lat[v] = r->net.nodes[v].lat();
      lon[v] = r->net.nodes[v].lon();
    }
    r->grid = std::make_unique<geo::SpatialGrid>(lat, lon, keep);
  }
  return r;
}

uint32_t NetRouter::resolve(std::string_view place, double max_snap_m) const {
  const std::string_view p = text::trim(place);
  const size_t sep = p.find_first_of(", ");
  if (sep != std::string_view::npos) {
    auto lat = text::parse_double(text::trim(p.substr(0, sep)));
    auto lon = text::parse_double(text::trim(p.substr(sep + 1)));
    if (!lat || !lon || *lat < -90 || *lat > 90 || *lon < -180 || *lon > 180)
      throw Error(Errc::usage, "bad coordinate '" + std::string(p) + "': expected 'lat,lon'");
    if (!grid) throw Error(Errc::usage, "this network has no coordinates; give node ids");
    double d = 0;
    uint32_t v = grid->nearest(*lat, *lon, max_snap_m, &d);
    if (v == UINT32_MAX)
      throw Error(Errc::unknown_place, "no routable node for profile '" + profile.to_string() +
                                           "' within " + std::to_string(int(max_snap_m)) +
                                           " m of " + std::string(p));
    return v;
  }
  auto id = text::parse_int(p);
  if (!id)
    throw Error(Errc::unknown_place,
                "unknown place '" + std::string(p) + "': expected a node id or 'lat,lon'");
  std::vector<uint32_t> cands;
  for (auto it = std::lower_bound(by_input_id.begin(), by_input_id.end(),
                                  std::make_pair(int64_t{*id}, 0u));
       it != by_input_id.end() && it->first == *id; ++it)
    cands.push_back(it->second);
  for (uint32_t v : cands)
    for (uint32_t a = net.first_out[v]; a < net.first_out[v + 1]; ++a)
      if (weight[a] != ch::kInfWeight) return v;
  if (!cands.empty()) return cands.front();
  throw Error(Errc::unknown_place, "no node with id " + std::string(p) + " in " + path);
}

double NetRouter::cost_value(ch::Weight w) const {
  return net.cost_unit == "ds" ? w / 10.0 : double(w);
}

NetRoute route_between(const NetRouter& r, ch::ChQuery& q, uint32_t from, uint32_t to) {
  NetRoute out;
  out.cost = q.distance(from, to);
  if (out.cost == ch::kInfWeight) return out;
  out.found = true;
  out.links = q.path_arcs();
  const FlatNetwork& net = r.net;
  auto add_point = [&](uint32_t v) {
    out.geometry.push_back({net.nodes[v].lat_e7, net.nodes[v].lon_e7});
  };
  add_point(from);
  for (uint32_t a : out.links) {
    const FlatLink& l = net.links[a];
    const double km = (l.flags & kLengthKnown) ? l.length_m / 1000.0 : 0;
    out.km += km;
    if (l.flags & kBorder) ++out.border_crossings;
    if (out.legs.empty() || out.legs.back().mode != l.link_mode() ||
        out.legs.back().transfer != l.transfer())
      out.legs.push_back({l.link_mode(), l.transfer(), l.tail, l.head, 0, 0, 0});
    auto& leg = out.legs.back();
    leg.to = l.head;
    leg.km += km;
    leg.cost += r.weight[a];
    ++leg.links;
    out.geometry.insert(out.geometry.end(), net.shape.begin() + net.shape_first[a],
                        net.shape.begin() + net.shape_first[a + 1]);
    add_point(l.head);
  }
  return out;
}

std::string_view NetRouter::cost_name() const { return net.cost_unit == "ds" ? "seconds" : "cost"; }

}  // namespace corridor::osm
