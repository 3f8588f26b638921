// The phases of import_osm() (import_osm.cpp runs them in this order), each a function of plain
// data so that it can be tested on a drawn network without an OSM file:
//   1-2. read_osm(): three streaming passes over the file (relations; ways; nodes) collect
//        routable ways, boundary rings, stations, border posts and ferry terminals, keeping
//        coordinates only of the nodes those ways use. read_osm_full_index() is the previous
//        reader (relations; then nodes and ways with every node location in memory), kept to
//        compare against.
//   3.   split_ways(): ways split at shared nodes, ends and special nodes into nodes and links.
//   4.   assign_countries(): every node's country from the boundary rings.
//   5.   add_transfers(): links between rail and road at stations, and from off-road ferry
//        landings to the road.
//   6.   (import_osm) border flags, CSR order.
// Private to osm/.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "corridor/core/reporter.h"
#include "corridor/osm/flat_network.h"
#include "corridor/osm/import_osm.h"

namespace corridor::osm::detail {

// --- Tag values (osm_tags.cpp). ---
// Two ASCII letters (ISO 3166-1 alpha-2, any case): anything else in a tag is ignored.
bool is_alpha2(const char* c);
// km/h from a maxspeed tag: "50", "30 mph", "RU:urban" ...; nullopt if unusable.
std::optional<double> parse_maxspeed(const char* s);
// Seconds from a duration tag: "HH:MM", "HH:MM:SS", "MM" (minutes) or ISO-8601 "PT1H30M".
std::optional<double> parse_duration_s(const char* s);
// Default truck speed of a highway=* class (km/h), 0 for classes we do not import.
double road_kmh(std::string_view highway);

// --- What the passes over the file collect. ---
struct Pt {
  int64_t id;
  int32_t lat, lon;  // 1e-7 degrees
};

struct WayRec {
  int64_t id = 0;  // OSM way id
  Mode mode = Mode::road;
  int8_t oneway = 0;  // 1 forward only, -1 backward only
  uint8_t flags = 0;
  uint16_t gauge = 0;
  double kmh = 50;
  double duration_s = -1;        // ferry duration for the whole way
  uint32_t first = 0, last = 0;  // range in points
};

struct CountryRel {
  std::string code;
  std::vector<int64_t> ways;
};

struct Special {
  FlatNodeKind kind;
  int32_t lat, lon;
};

struct OsmData {
  std::vector<CountryRel> countries;  // admin_level=2 relations with their ways
  std::vector<Pt> pts;                // points of the routable ways, way by way
  std::vector<WayRec> ways;           // routable ways (ranges in pts)
  std::unordered_map<int64_t, std::pair<uint32_t, uint32_t>> boundary;  // way -> bpts range
  std::vector<Pt> bpts;                           // points of boundary member ways
  std::unordered_map<int64_t, Special> specials;  // border posts, stations, ferry terminals
  std::map<std::string, uint64_t> addr_country;   // addr:country values seen (fallback country)
  OsmImportStats stats;                           // ways by mode, boundary relations
};

double dist_m(const Pt& a, const Pt& b);

// Where the passes read from: a file (`path`), or bytes in memory in libosmium `format`.
struct OsmInput {
  std::string path;        // file; empty: `bytes`
  std::string_view bytes;  // in-memory input (must outlive the read)
  std::string format;      // libosmium format string of `bytes`: "pbf", "osm", "osm.gz" ...
  std::string name;        // shown in progress reports and errors
};

// Phases 1-2 (read_osm.cpp): relations, then ways (routable and boundary ways with their node
// ids), then nodes (coordinates of just the node ids those ways use). Memory is bounded by the
// kept ways and nodes, not by the file. Decodes PBF on `threads` pool threads (0: hardware
// concurrency). Throws corridor::Error(invalid_input) when libosmium cannot read the input.
OsmData read_osm(const OsmInput& in, const OsmImportConfig& cfg, Reporter& reporter);
// The previous reader (read_osm_full_index.cpp): every node location of the file in a FlexMem
// index, libosmium's default pool. Produces the same OsmData on files whose nodes come before
// their ways (every sorted extract); kept for the old/new comparison in tests and bench.
OsmData read_osm_full_index(const std::string& path, const std::string& name,
                            const OsmImportConfig& cfg, Reporter& reporter);

// --- Phase 3 (split_ways.cpp). ---
// Links under construction with their shapes, in creation order (finalize() sorts them).
struct LinkSet {
  std::vector<FlatLink> links;
  std::vector<uint32_t> shape_first{0};
  std::vector<ShapePoint> shape;
  std::vector<int64_t> way_id;  // per link (0: not from a way)
  // A link a -> b of `length_m` metres taking `secs` seconds (cost in deciseconds, clamped to
  // [1, 2^30 - 1]); nothing for a == b.
  void add(uint32_t a, uint32_t b, Mode mode, double length_m, double secs, uint8_t flags,
           uint16_t gauge_mm, const std::vector<ShapePoint>& between, int64_t way = 0);
};
// Node of an OSM node id in each layer (index: Layer).
struct LayerNodes {
  std::unordered_map<int64_t, uint32_t> of[2];
};
// Appends the nodes to `net` (coordinates, layer, border posts) and the links to `links`.
LayerNodes split_ways(const OsmData& d, FlatNetwork& net, LinkSet& links, OsmImportStats& st,
                      Reporter& reporter);

// --- Phase 4 (countries.cpp). ---
// Sets net.countries and every node's country: inside a closed boundary ring (even-odd per
// relation), else the nearest point of a partial boundary, else the fallback country (config,
// else the most common addr:country). Throws corridor::Error(usage) for a bad fallback code.
void assign_countries(const OsmData& d, const OsmImportConfig& cfg, FlatNetwork& net,
                      OsmImportStats& st, Reporter& reporter);

// --- Phase 5 (transfers.cpp). ---
// Marks stations (on their rail node, or the nearest rail node within station_rail_radius_m)
// and adds transfer links both ways to the nearest road node; connects ferry terminals that are
// off the road network to the nearest road node. Uses the modes of `links` built so far.
void add_transfers(const OsmData& d, const LayerNodes& nodes, const OsmImportConfig& cfg,
                   FlatNetwork& net, LinkSet& links, OsmImportStats& st);

}  // namespace corridor::osm::detail
