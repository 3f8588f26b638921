// Phases 1-2 of the OSM import: (1) relations: admin_level=2 boundaries and ferry routes;
// (2) nodes and ways with node locations: routable ways, stations, border posts, boundary member
// ways.
#include <cstring>
#include <memory>
#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>
#include <unordered_set>

#include "corridor/core/error.h"
#include "corridor/core/text.h"
#include "corridor/geo/distance.h"
#include "corridor/osm/detail/import_phases.h"

namespace corridor::osm::detail {
namespace {

bool eq(const char* a, const char* b) { return a && std::strcmp(a, b) == 0; }

class RelationPass : public osmium::handler::Handler {
 public:
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
};

class MainPass : public osmium::handler::Handler {
 public:
  MainPass(const OsmImportConfig& cfg, const std::unordered_set<int64_t>& ferry_members,
           const std::unordered_set<int64_t>& boundary_ways)
      : cfg_(cfg), ferry_members_(ferry_members), boundary_ways_(boundary_ways) {}

  std::vector<Pt> pts;
  std::vector<WayRec> ways;
  std::unordered_map<int64_t, std::pair<uint32_t, uint32_t>> boundary;  // way -> pts range
  std::vector<Pt> bpts;
  std::unordered_map<int64_t, Special> specials;  // border posts, stations, ferry terminals
  OsmImportStats stats;

  std::map<std::string, uint64_t> addr_country;  // addr:country values seen (fallback country)

  void count_addr_country(const osmium::TagList& t) {
    const char* c = t["addr:country"];
    if (is_alpha2(c)) {
      std::string code(c);
      for (char& ch : code) ch = char(std::toupper(static_cast<unsigned char>(ch)));
      ++addr_country[code];
    }
  }

  void node(const osmium::Node& n) {
    ++stats.osm_nodes;
    const auto& t = n.tags();
    if (t.empty() || !n.location().valid()) return;
    count_addr_country(t);
    FlatNodeKind k = FlatNodeKind::plain;
    if (eq(t["barrier"], "border_control"))
      k = FlatNodeKind::border_post;
    else if (eq(t["railway"], "station") || eq(t["railway"], "halt") || eq(t["railway"], "yard"))
      k = FlatNodeKind::station;
    else if (eq(t["amenity"], "ferry_terminal"))
      k = FlatNodeKind::ferry_terminal;
    if (k == FlatNodeKind::plain) return;
    specials[n.id()] = {k, n.location().y(), n.location().x()};
  }

  void way(const osmium::Way& w) {
    ++stats.osm_ways;
    const auto& t = w.tags();
    count_addr_country(t);
    if (boundary_ways_.count(w.id())) {
      uint32_t b = static_cast<uint32_t>(bpts.size());
      for (const auto& nr : w.nodes())
        if (nr.location().valid()) bpts.push_back({nr.ref(), nr.location().y(), nr.location().x()});
      boundary[w.id()] = {b, static_cast<uint32_t>(bpts.size())};
    }
    WayRec r;
    r.id = w.id();
    const char* hw = t["highway"];
    if (hw && road_kmh(hw) > 0) {
      r.mode = Mode::road;
      double kmh = road_kmh(hw);
      if (auto m = parse_maxspeed(t["maxspeed"])) kmh = std::min(*m, kmh * 1.2);
      r.kmh = std::min(kmh, cfg_.truck_max_kmh);
      const char* ow = t["oneway"];
      if (eq(ow, "yes") || eq(ow, "true") || eq(ow, "1"))
        r.oneway = 1;
      else if (eq(ow, "-1") || eq(ow, "reverse"))
        r.oneway = -1;
      else if (!eq(ow, "no") &&
               (std::strncmp(hw, "motorway", 8) == 0 || eq(t["junction"], "roundabout")))
        r.oneway = 1;
      if (eq(t["hgv"], "no")) r.flags |= kNoHgv;
      ++stats.ways_road;
    } else if (eq(t["railway"], "rail")) {
      r.mode = Mode::rail;
      const char* usage = t["usage"];
      const char* service = t["service"];
      double kmh = eq(usage, "main") ? cfg_.rail_kmh_main : cfg_.rail_kmh_branch;
      if (service) {
        kmh = cfg_.rail_kmh_service;
        r.flags |= kService;
      } else if (eq(usage, "industrial") || eq(usage, "military")) {
        kmh = std::min(kmh, 40.0);
      }
      if (auto m = parse_maxspeed(t["maxspeed"])) kmh = std::min(*m, 120.0);
      r.kmh = kmh;
      if (const char* g = t["gauge"])
        r.gauge = static_cast<uint16_t>(std::clamp(std::atoi(g), 0, 9999));
      if (const char* e = t["electrified"]; e && !eq(e, "no")) r.flags |= kElectrified;
      ++stats.ways_rail;
    } else if (eq(t["route"], "ferry") || ferry_members_.count(w.id())) {
      r.mode = Mode::ferry;
      r.kmh = cfg_.ferry_kmh;
      if (auto d = parse_duration_s(t["duration"])) r.duration_s = *d;
      ++stats.ways_ferry;
    } else {
      return;
    }
    r.first = static_cast<uint32_t>(pts.size());
    for (const auto& nr : w.nodes()) {
      if (!nr.location().valid()) continue;  // node outside the extract
      if (!pts.empty() && pts.size() > r.first && pts.back().id == nr.ref()) continue;
      pts.push_back({nr.ref(), nr.location().y(), nr.location().x()});
    }
    r.last = static_cast<uint32_t>(pts.size());
    if (r.last - r.first < 2) {
      pts.resize(r.first);
      return;
    }
    ways.push_back(r);
  }

 private:
  const OsmImportConfig& cfg_;
  const std::unordered_set<int64_t>& ferry_members_;
  const std::unordered_set<int64_t>& boundary_ways_;
};

}  // namespace

double dist_m(const Pt& a, const Pt& b) {
  return geo::haversine_m(a.lat * 1e-7, a.lon * 1e-7, b.lat * 1e-7, b.lon * 1e-7);
}

OsmData read_osm(const std::string& path, const std::string& name, const OsmImportConfig& cfg,
                 Reporter& reporter) {
  RelationPass rel;
  std::unique_ptr<MainPass> main_pass;
  try {
    {
      osmium::io::Reader reader{path, osmium::osm_entity_bits::relation};
      osmium::apply(reader, rel);
      reader.close();
    }
    std::unordered_set<int64_t> boundary_ways;
    for (const auto& c : rel.countries) boundary_ways.insert(c.ways.begin(), c.ways.end());
    main_pass = std::make_unique<MainPass>(cfg, rel.ferry_member_ways, boundary_ways);
    using Index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
    Index index;
    osmium::handler::NodeLocationsForWays<Index> locations{index};
    locations.ignore_errors();
    osmium::io::Reader reader{path, osmium::osm_entity_bits::node | osmium::osm_entity_bits::way};
    const uint64_t size = reader.file_size();
    while (osmium::memory::Buffer buffer = reader.read()) {
      osmium::apply(buffer, locations, *main_pass);
      reporter.progress("read " + name, reader.offset(), size);
    }
    reader.close();
    reporter.finish("read " + name);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(Errc::invalid_input, "'" + path + "': cannot read OSM data: " + e.what());
  }
  MainPass& mp = *main_pass;
  OsmData d;
  d.countries = std::move(rel.countries);
  d.pts = std::move(mp.pts);
  d.ways = std::move(mp.ways);
  d.boundary = std::move(mp.boundary);
  d.bpts = std::move(mp.bpts);
  d.specials = std::move(mp.specials);
  d.addr_country = std::move(mp.addr_country);
  d.stats = mp.stats;
  d.stats.boundary_relations = d.countries.size();
  return d;
}

}  // namespace corridor::osm::detail
