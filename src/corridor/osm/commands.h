// The `corridor` subcommands of this module, one function each, so that the CLI wires each with
// one call. Each returns the process exit code (0), writes its result to `out` (the CLI passes
// std::cout) and its log/progress to the Reporter, and throws corridor::Error on bad input.
#pragma once
#include <iosfwd>
#include <string>
#include <vector>

#include "corridor/core/reporter.h"
#include "corridor/osm/import_osm.h"

namespace corridor::osm {

// corridor import osm FILE.osm.pbf|.osm|.osm.gz -o NET.cnet
struct ImportOsmOptions {
  std::string input;
  std::string output;  // default: input stem + ".cnet"
  OsmImportConfig config;
};
int cmd_import_osm(const ImportOsmOptions& o, Reporter& reporter, std::ostream& out);

// corridor import dimacs FILE.gr[.gz] -o NET.cnet
struct ImportDimacsOptions {
  std::string input;
  std::string output;
};
int cmd_import_dimacs(const ImportDimacsOptions& o, Reporter& reporter, std::ostream& out);

// corridor info NET.cnet [--json]
struct InfoOptions {
  std::string net;
  bool json = false;
};
int cmd_info(const InfoOptions& o, Reporter& reporter, std::ostream& out);

// corridor build NET.cnet [--profile P] [-o NET.cch]
struct BuildOptions {
  std::string net;
  std::string output;             // default: NET.cch beside NET.cnet
  std::string profile = "truck";  // see Profile::parse
};
int cmd_build(const BuildOptions& o, Reporter& reporter, std::ostream& out);

// corridor table --net NET.cnet (--pairs FILE.csv | --sources A;B --targets C;D) [--json]
// Pairs CSV: header `from,to` (node ids, or "lat,lon" quoted) or `from_lat,from_lon,to_lat,to_lon`.
// --sources/--targets: ';'-separated places, or @FILE with one place per line.
struct TableOptions {
  std::string net;
  std::string pairs;
  std::string sources, targets;
  std::string profile = "truck";
  bool json = false;
  std::string output = "-";
};
int cmd_table(const TableOptions& o, Reporter& reporter, std::ostream& out);

// corridor route --net NET.cnet FROM TO [--profile P] [--json]: cost, km, legs by mode, border
// crossings and the geometry.
struct RouteNetOptions {
  std::string net;
  std::string from, to;
  std::string profile = "truck";
  bool json = false;
};
int cmd_route_net(const RouteNetOptions& o, Reporter& reporter, std::ostream& out);

}  // namespace corridor::osm
