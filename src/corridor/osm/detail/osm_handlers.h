// What both OSM readers (read_osm.cpp, read_osm_full_index.cpp) decide per OSM object: which
// relations are country boundaries or ferry routes, which ways are routable and how, which nodes
// are special. Private to osm/ (needs libosmium).
#pragma once
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <map>
#include <osmium/osm/node.hpp>
#include <osmium/osm/relation.hpp>
#include <osmium/osm/tag.hpp>
#include <osmium/osm/way.hpp>
#include <osmium/thread/pool.hpp>
#include <string>
#include <unordered_set>
#include <vector>

#include "corridor/core/error.h"
#include "corridor/core/text.h"
#include "corridor/osm/detail/import_phases.h"

namespace corridor::osm::detail {

// A libosmium pool of `threads` threads for decoding PBF blocks (read_osm.cpp): made on first
// use and kept for the process, so that many imports (a fuzzer, a server) do not each start one.
// Fork-safe: a forked child forgets the parent's pools and makes its own.
osmium::thread::Pool& decode_pool(unsigned threads);

inline bool eq(const char* a, const char* b) { return a && std::strcmp(a, b) == 0; }

// A node's location is either absent (deleted nodes of change files) or in range: a location
// with one coordinate, or one beyond +-90 / +-180 degrees (a crafted PBF can give any) is refused
// instead of being taken for a node outside the extract.
inline void check_node_location(const osmium::Node& n, const std::string& file) {
  const osmium::Location loc = n.location();
  if (loc.is_undefined() || loc.valid()) return;
  auto coord = [](int32_t v) {
    return v == osmium::Location::undefined_coordinate ? std::string("none")
                                                       : std::to_string(v / 1e7);
  };
  throw Error(Errc::invalid_input, "'" + file + "': node " + std::to_string(n.id()) + " has lat " +
                                       coord(loc.y()) + ", lon " + coord(loc.x()) +
                                       "; expected both, lat from -90 to 90 and lon from -180 "
                                       "to 180 degrees");
}

// Relations: admin_level=2 boundaries (with their member ways) and ferry route member ways.
struct RelationCollector {
  std::vector<CountryRel> countries;
  std::unordered_set<int64_t> ferry_member_ways;
  void relation(const osmium::Relation& r) {
    const auto& t = r.tags();
    if ((eq(t["boundary"], "administrative") || eq(t["boundary"], "land_area")) &&
        eq(t["admin_level"], "2")) {
      const char* code = t["ISO3166-1:alpha2"];
      if (!code) code = t["ISO3166-1"];
      if (!code) code = t["country_code"];
      if (!is_alpha2(code)) return;
      CountryRel c;
      c.code = text::to_lower_ascii(code);
      for (char& ch : c.code) ch = char(std::toupper(static_cast<unsigned char>(ch)));
      for (const auto& m : r.members())
        if (m.type() == osmium::item_type::way) c.ways.push_back(m.ref());
      countries.push_back(std::move(c));
    } else if (eq(t["route"], "ferry")) {
      for (const auto& m : r.members())
        if (m.type() == osmium::item_type::way) ferry_member_ways.insert(m.ref());
    }
  }
  std::unordered_set<int64_t> boundary_ways() const {
    std::unordered_set<int64_t> out;
    for (const auto& c : countries) out.insert(c.ways.begin(), c.ways.end());
    return out;
  }
};

inline void count_addr_country(const osmium::TagList& t, std::map<std::string, uint64_t>& out) {
  const char* c = t["addr:country"];
  if (is_alpha2(c)) {
    std::string code(c);
    for (char& ch : code) ch = char(std::toupper(static_cast<unsigned char>(ch)));
    ++out[code];
  }
}

// Border post, station or ferry terminal; plain for every other node.
inline FlatNodeKind special_kind(const osmium::TagList& t) {
  if (eq(t["barrier"], "border_control")) return FlatNodeKind::border_post;
  if (eq(t["railway"], "station") || eq(t["railway"], "halt") || eq(t["railway"], "yard"))
    return FlatNodeKind::station;
  if (eq(t["amenity"], "ferry_terminal")) return FlatNodeKind::ferry_terminal;
  return FlatNodeKind::plain;
}

// A routable way's record (mode, speed, one-way, flags; not its points), counted in `st`;
// false for ways the network does not use.
inline bool routable_way(const osmium::Way& w, const OsmImportConfig& cfg,
                         const std::unordered_set<int64_t>& ferry_members, WayRec& r,
                         OsmImportStats& st) {
  const auto& t = w.tags();
  r = WayRec{};
  r.id = w.id();
  const char* hw = t["highway"];
  if (hw && road_kmh(hw) > 0) {
    r.mode = Mode::road;
    double kmh = road_kmh(hw);
    if (auto m = parse_maxspeed(t["maxspeed"])) kmh = std::min(*m, kmh * 1.2);
    r.kmh = std::min(kmh, cfg.truck_max_kmh);
    const char* ow = t["oneway"];
    if (eq(ow, "yes") || eq(ow, "true") || eq(ow, "1"))
      r.oneway = 1;
    else if (eq(ow, "-1") || eq(ow, "reverse"))
      r.oneway = -1;
    else if (!eq(ow, "no") &&
             (std::strncmp(hw, "motorway", 8) == 0 || eq(t["junction"], "roundabout")))
      r.oneway = 1;
    if (eq(t["hgv"], "no")) r.flags |= kNoHgv;
    ++st.ways_road;
  } else if (eq(t["railway"], "rail")) {
    r.mode = Mode::rail;
    const char* usage = t["usage"];
    const char* service = t["service"];
    double kmh = eq(usage, "main") ? cfg.rail_kmh_main : cfg.rail_kmh_branch;
    if (service) {
      kmh = cfg.rail_kmh_service;
      r.flags |= kService;
    } else if (eq(usage, "industrial") || eq(usage, "military")) {
      kmh = std::min(kmh, 40.0);
    }
    if (auto m = parse_maxspeed(t["maxspeed"])) kmh = std::min(*m, 120.0);
    r.kmh = kmh;
    if (const char* g = t["gauge"])
      r.gauge = static_cast<uint16_t>(std::clamp(std::atoi(g), 0, 9999));
    if (const char* e = t["electrified"]; e && !eq(e, "no")) r.flags |= kElectrified;
    ++st.ways_rail;
  } else if (eq(t["route"], "ferry") || ferry_members.count(w.id())) {
    r.mode = Mode::ferry;
    r.kmh = cfg.ferry_kmh;
    if (auto d = parse_duration_s(t["duration"])) r.duration_s = *d;
    ++st.ways_ferry;
  } else {
    return false;
  }
  return true;
}

}  // namespace corridor::osm::detail
