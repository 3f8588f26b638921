// Scenario overlays on an imported network (.cnet): TOML files that close or reweight links
// selected by OSM way id, by border crossing, by bounding box or by country pair
// (docs/osm-and-ch.md, "Scenarios on imported networks"). An overlay never changes the network;
// it yields the arc weights of a profile under the scenario (closed links: ch::kInfWeight), so
// the same topology (and one metric-independent hierarchy) serves every scenario.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "corridor/core/error.h"
#include "corridor/osm/flat_network.h"

namespace corridor::osm {

struct NetEdit {
  enum class Kind { close, set } kind = Kind::close;
  // A link is selected when it matches EVERY selector given (at least one is required).
  std::vector<int64_t> ways;                       // OSM way ids
  std::vector<int64_t> border_posts;               // OSM node ids: the links touching that node
  std::vector<std::array<double, 2>> border_near;  // lat,lon: the nearest border crossing's way
  std::optional<std::array<double, 4>> bbox;       // min_lon, min_lat, max_lon, max_lat
  std::vector<std::string> countries;  // one: border links touching it; two: between the pair
  network::ModeMask modes = network::kAllModes;  // `modes` filter
  bool border_only = false;                      // `border = true`
  // [[set]]: new speed (km/h, links of known length), then x factor, then + minutes.
  std::optional<double> kmh;
  double factor = 1, add_minutes = 0;
  SourceLocation where;
  std::vector<uint32_t> selected;  // the links it selects, ascending (resolved at load)
};

struct NetScenario {
  std::string name, description, file;
  std::vector<NetEdit> edits;  // of the base chain first (base = "name" -> name.toml beside it)
};

// Loads FILE.toml and its base chain and resolves every edit against `net`. Every problem
// (TOML syntax, unknown key, wrong type, unknown way/node id, country not in the network, a
// selector that selects no link, a base cycle) is collected with file:line:column and thrown
// as Error(invalid_scenario).
NetScenario load_net_scenario(const std::string& path, const FlatNetwork& net);
// The same from TOML text (`file` names it in diagnostics; a base is looked up beside it).
NetScenario parse_net_scenario(const std::string& toml_text, const std::string& file,
                               const FlatNetwork& net);

// The profile's arc weights under the scenario: arc_weights(net, p), then every edit in order
// (close: infinite; set: speed, factor, minutes; weights stay in [1, 2^30 - 1]).
std::vector<uint32_t> scenario_weights(const FlatNetwork& net, const Profile& p,
                                       const NetScenario& s);

}  // namespace corridor::osm
