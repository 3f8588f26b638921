// The previous reader of the OSM import, kept to compare against (tests, bench/osm_bench.cpp):
// (1) relations: admin_level=2 boundaries and ferry routes; (2) nodes and ways with node
// locations from a FlexMem index of every node of the file, so its memory grows with the file.
// Uses a pool of libosmium's default size (hardware concurrency - 2, at least 1: on 2 cores one
// thread; the default pool itself is not fork-safe). See read_osm.cpp for the streaming reader.
#include <memory>
#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>
#include <thread>
#include <unordered_set>

#include "corridor/core/error.h"
#include "corridor/osm/detail/import_phases.h"
#include "corridor/osm/detail/osm_handlers.h"

namespace corridor::osm::detail {
namespace {

class RelationPass : public osmium::handler::Handler, public RelationCollector {
 public:
  using RelationCollector::relation;
};

class MainPass : public osmium::handler::Handler {
 public:
  MainPass(const OsmImportConfig& cfg, const std::unordered_set<int64_t>& ferry_members,
           const std::unordered_set<int64_t>& boundary_ways, std::string file_name)
      : file(std::move(file_name)),
        cfg_(cfg),
        ferry_members_(ferry_members),
        boundary_ways_(boundary_ways) {}

  std::string file;  // named in errors

  std::vector<Pt> pts;
  std::vector<WayRec> ways;
  std::unordered_map<int64_t, std::pair<uint32_t, uint32_t>> boundary;  // way -> pts range
  std::vector<Pt> bpts;
  std::unordered_map<int64_t, Special> specials;  // border posts, stations, ferry terminals
  OsmImportStats stats;
  std::map<std::string, uint64_t> addr_country;  // addr:country values seen (fallback country)

  void node(const osmium::Node& n) {
    ++stats.osm_nodes;
    check_node_location(n, file);
    const auto& t = n.tags();
    if (t.empty() || !n.location().valid()) return;
    count_addr_country(t, addr_country);
    const FlatNodeKind k = special_kind(t);
    if (k == FlatNodeKind::plain) return;
    specials[n.id()] = {k, n.location().y(), n.location().x()};
  }

  void way(const osmium::Way& w) {
    ++stats.osm_ways;
    count_addr_country(w.tags(), addr_country);
    if (boundary_ways_.count(w.id())) {
      uint32_t b = static_cast<uint32_t>(bpts.size());
      for (const auto& nr : w.nodes())
        if (nr.location().valid()) bpts.push_back({nr.ref(), nr.location().y(), nr.location().x()});
      boundary[w.id()] = {b, static_cast<uint32_t>(bpts.size())};
    }
    WayRec r;
    if (!routable_way(w, cfg_, ferry_members_, r, stats)) return;
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

OsmData read_osm_full_index(const std::string& path, const std::string& name,
                            const OsmImportConfig& cfg, Reporter& reporter) {
  RelationPass rel;
  std::unique_ptr<MainPass> main_pass;
  try {
    osmium::thread::Pool& pool =
        decode_pool(static_cast<unsigned>(osmium::thread::detail::get_pool_size(
            0, osmium::config::get_pool_threads(), std::thread::hardware_concurrency())));
    {
      osmium::io::Reader reader{path, osmium::osm_entity_bits::relation, pool};
      osmium::apply(reader, rel);
      reader.close();
    }
    const std::unordered_set<int64_t> boundary_ways = rel.boundary_ways();
    main_pass = std::make_unique<MainPass>(cfg, rel.ferry_member_ways, boundary_ways, path);
    using Index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
    Index index;
    osmium::handler::NodeLocationsForWays<Index> locations{index};
    locations.ignore_errors();
    osmium::io::Reader reader{path, osmium::osm_entity_bits::node | osmium::osm_entity_bits::way,
                              pool};
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
