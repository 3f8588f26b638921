// The facade the CLI and the HTTP server call. Requests are plain structs with defaults and
// validate(); both front ends only bind flags or JSON fields to them, so the same validation
// produces the same error (exit code or HTTP status via core/error.h) everywhere.
// Every capability returns a typed result (results.h) with unrounded figures; JSON, GeoJSON,
// CSV, text and HTML are renderings of those results (render.h), whose layouts are documented
// in docs/cli.md and docs/http-api.md. Everything here throws corridor::Error for expected
// failures.
//
// Flow: front end -> request struct -> validate() -> api function -> typed result -> renderer.
#pragma once
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "corridor/api/render.h"  // to_json() and the other renderings of the results
#include "corridor/api/results.h"
#include "corridor/core/error.h"
#include "corridor/scenario/scenario.h"  // kBaseline

namespace corridor::api {

// A loaded dataset with its scenarios and profiles. Immutable after load_engine(); safe to share
// between threads.
class Engine;
std::shared_ptr<const Engine> load_engine(const std::string& data_dir);

// The dataset used when none is given: $CORRIDOR_DATA if set; else, found from the running
// binary (/proc/self/exe), <exe dir>/../share/corridor/caucasus when installed, or data/caucasus
// of the source tree the binary was built in (searched upwards from the binary's folder).
// "" when none is found (load_engine then says how to name one).
std::string default_data_dir();
// A file or folder shipped with Corridor (e.g. "web"), found like default_data_dir(); "" if none.
std::string find_shared_path(const std::string& name);

// Defaults a dataset declares in its config.csv (docs/file-formats.md); empty when not declared.
struct DatasetDefaults {
  std::string scenario = scenario::kBaseline;  // default_scenario (every dataset has one)
  std::string compare_scenario;                // default_compare_scenario
  std::string profile;           // default_profile (else the only profile, if just one)
  std::string headline_section;  // headline_section (else the first of sections.csv)
};
const DatasetDefaults& defaults(const Engine& engine);

struct Limits {
  int max_alternatives = 10;
  size_t max_table_cells = 10000;
  size_t max_pairs = 200;
  size_t max_pareto_labels = 200000;
};

// Empty scenario or profile = the dataset's default (DatasetDefaults).
struct RouteRequest {
  std::string from;  // place id, name or alias (required)
  std::string to;    // (required)
  std::string scenario;
  std::string profile;
  std::vector<std::string> modes;  // empty = all; values rail, road, ferry
  std::vector<std::string> avoid;  // ISO alpha-2 countries never entered (of the dataset)
  std::optional<int> year;         // links open by this year; default: the scenario's year
  std::optional<int> max_borders;
  int alternatives = 1;  // K >= 1 meaningfully different routes
  bool pareto = false;   // the non-dominated set over hours, USD, borders
  bool explain = false;  // add the citation behind every link, transfer and parameter
  void validate(const Limits& limits = {}) const;  // throws Error(usage)
};

// Both sides are evaluated at one year: `year` if given, else the scenario's year.
struct CompareRequest {
  std::string base;                                        // "" = default_scenario
  std::string scenario;                                    // "" = default_compare_scenario
  std::vector<std::pair<std::string, std::string>> pairs;  // empty: the dataset's pairs.csv
  std::string profile;
  std::vector<std::string> modes;
  std::vector<std::string> avoid;
  std::optional<int> year;
  void validate(const Limits& limits = {}) const;
};

struct TableRequest {
  std::vector<std::string> sources;
  std::vector<std::string> targets;  // empty = same as sources
  std::string scenario;
  std::string profile;
  std::vector<std::string> modes;
  std::vector<std::string> avoid;
  std::optional<int> year;
  void validate(const Limits& limits = {}) const;
};

RouteResult route(const Engine& engine, const RouteRequest& req, const Limits& limits = {});
CompareResult compare(const Engine& engine, const CompareRequest& req, const Limits& limits = {});
TableResult table(const Engine& engine, const TableRequest& req, const Limits& limits = {});
// Autocomplete, best matches first (at most 50).
PlacesResult places(const Engine& engine, const std::string& query, size_t limit = 10);
ScenarioList scenarios(const Engine& engine);
DatasetInfo dataset_info(const Engine& engine);
// GeoJSON FeatureCollection of nodes (Point) and links (LineString) with their attributes and
// source, under a scenario ("" = default): status after the overlay, "open" for its year.
nlohmann::json network_geojson(const Engine& engine, const std::string& scenario);
// The network of a scenario ("" = default) after its overlay (for exports such as GMNS).
const network::Network& scenario_network(const Engine& engine, const std::string& scenario);

// Freight assignment on the dataset (assign/freight.h): annual OD freight to per-day flows,
// user equilibrium with capacities and congested borders, flows per link and border, and the
// dataset's named sections (sections.csv) under the scenario and, if given, a base scenario
// evaluated at the scenario's year.
struct AssignRequest {
  std::string demand_file;  // origin,destination,volume,unit,corridor,source
  std::string scenario;     // "" = default_scenario
  std::string base;         // "" = no comparison
  std::string profile;      // "" = default_profile
  std::string algorithm = "b";
  double gap = 1e-4;
  int max_iter = 1000;
  int threads = 0;
  std::optional<int> year;
  void validate() const;
};
AssignResult assign(const Engine& engine, const AssignRequest& req);

// JSON -> request structs. Throw Error(usage) naming the bad field (wrong type, unknown field).
RouteRequest route_request_from_json(const nlohmann::json& j);
CompareRequest compare_request_from_json(const nlohmann::json& j);
TableRequest table_request_from_json(const nlohmann::json& j);

// {"error":{"code","message","details":[..],"suggestions":[..]}}
nlohmann::json error_json(const Error& e);

}  // namespace corridor::api
