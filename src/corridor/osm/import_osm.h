// OpenStreetMap import (libosmium): roads, railways and ferries into one FlatNetwork.
#pragma once
#include <string>
#include <string_view>

#include "corridor/core/reporter.h"
#include "corridor/osm/flat_network.h"

namespace corridor::osm {

struct OsmImportConfig {
  // Country of nodes no admin_level=2 boundary in the file decides (ISO alpha-2); empty: the
  // most common addr:country in the file, else unknown.
  std::string fallback_country;
  double transfer_minutes = 30;          // rail <-> road handling at a station
  double station_rail_radius_m = 300;    // a station node may sit beside its track
  double station_road_radius_m = 1000;   // road access of a station
  double terminal_road_radius_m = 1000;  // road access of a ferry landing off the road network
  double ferry_kmh = 20;                 // ferries without a duration tag
  double rail_kmh_main = 100, rail_kmh_branch = 80, rail_kmh_service = 20;
  double truck_max_kmh = 80;  // trucks never go faster, whatever the road's speed
  // How the file is read (never changes the output):
  // Threads decoding PBF blocks (libosmium's pool); 0 = the machine's hardware concurrency.
  unsigned threads = 0;
  // The previous reader, kept to compare against (bench/osm_bench.cpp, tests): one pass over
  // nodes and ways with every node location of the file in memory (libosmium FlexMem index) and
  // libosmium's default pool. The default streaming reader keeps only what the routable ways and
  // boundaries use (docs/osm-and-ch.md "Streaming and memory").
  bool full_node_index = false;
};

struct OsmImportStats {
  uint64_t osm_nodes = 0, osm_ways = 0;  // read from the file (all of them, for throughput)
  uint64_t ways_road = 0, ways_rail = 0, ways_ferry = 0;
  uint64_t stations = 0, transfers = 0, border_posts = 0, ferry_terminals = 0;
  uint64_t boundary_relations = 0, closed_rings = 0, approximate_rings = 0;
  uint64_t nodes_by_polygon = 0, nodes_by_nearest_border = 0, nodes_by_fallback = 0;
  // What the streaming reader kept: node references of routable and boundary ways, distinct
  // node ids among them (the only nodes whose coordinates are stored), and the pool size used.
  uint64_t kept_refs = 0, kept_node_ids = 0;
  unsigned threads = 0;
  double read_seconds = 0, build_seconds = 0;  // wall time: the passes over the file; the rest
};

// Reads FILE.osm.pbf, .osm or .osm.gz. Throws corridor::Error(invalid_input/io_error).
FlatNetwork import_osm(const std::string& path, const OsmImportConfig& config, Reporter& reporter,
                       OsmImportStats* stats = nullptr);

// The same import from bytes in memory (no file, no temporary file): `format` is libosmium's
// format string ("pbf", "osm" for XML, "osm.gz", "osm.bz2"), `name` the file name recorded as
// the network's source. The result equals import_osm() of a file with these bytes and that
// name. Throws corridor::Error(invalid_input).
FlatNetwork import_osm_bytes(std::string_view bytes, const std::string& format,
                             const std::string& name, const OsmImportConfig& config,
                             Reporter& reporter, OsmImportStats* stats = nullptr);

}  // namespace corridor::osm
