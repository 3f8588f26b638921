// The facade the CLI and the HTTP server call. Requests are plain structs with defaults and
// validate(); both front ends only translate flags or JSON into them, so the same validation
// produces the same error (exit code or HTTP status via core/error.h) everywhere.
// Responses are JSON documents (nlohmann::json) whose layout is documented in docs/cli.md and
// docs/http-api.md. Everything here throws corridor::Error for expected failures.
#pragma once
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "corridor/core/error.h"

namespace corridor::api {

// A loaded dataset with its scenarios and profiles. Immutable after load_engine(); safe to share
// between threads (every query allocates its own workspace).
class Engine;
std::shared_ptr<const Engine> load_engine(const std::string& data_dir);
// The bundled dataset directory (data/caucasus in the source tree, or $CORRIDOR_DATA).
std::string default_data_dir();

struct Limits {
  int max_alternatives = 10;
  size_t max_table_cells = 10000;
  size_t max_pairs = 200;
  size_t max_pareto_labels = 200000;
};

struct RouteRequest {
  std::string from;  // place id, name or alias (required)
  std::string to;    // (required)
  std::string scenario = "baseline";
  std::string profile = "teu";
  std::vector<std::string> modes;  // empty = all; values rail, road, ferry
  std::vector<std::string> avoid;  // ISO alpha-2 countries never entered
  std::optional<int> year;         // links open by this year; default: scenario/base year
  std::optional<int> max_borders;
  int alternatives = 1;  // K >= 1 meaningfully different routes
  bool pareto = false;   // the non-dominated set over hours, USD, borders
  bool explain = false;  // add "sources": the citation behind every link, transfer and parameter
  void validate(const Limits& limits = {}) const;  // throws Error(usage)
};

struct CompareRequest {
  std::string base = "baseline";
  std::string scenario = "tripp";
  std::vector<std::pair<std::string, std::string>> pairs;  // empty: the dataset's pairs.csv
  std::string profile = "teu";
  std::vector<std::string> modes;
  std::vector<std::string> avoid;
  std::optional<int> year;
  void validate(const Limits& limits = {}) const;
};

struct TableRequest {
  std::vector<std::string> sources;
  std::vector<std::string> targets;  // empty = same as sources
  std::string scenario = "baseline";
  std::string profile = "teu";
  std::vector<std::string> modes;
  std::vector<std::string> avoid;
  std::optional<int> year;
  void validate(const Limits& limits = {}) const;
};

// Route JSON: {"from":{"id","name"},"to":{..},"scenario","profile","total":{"km","hours","usd",
// "cost"},"borders":[..],"countries":[..],"legs":[..]}; with alternatives > 1 or pareto the
// object also has "routes":[<route>...] (the first equals the top-level route).
nlohmann::json route(const Engine& engine, const RouteRequest& req, const Limits& limits = {});
nlohmann::json route_geojson(const Engine& engine, const RouteRequest& req,
                             const Limits& limits = {});
// {"base","scenario","profile","pairs":[{"from","to","base":<route|null>,"scenario":<route|null>}]}
nlohmann::json compare(const Engine& engine, const CompareRequest& req, const Limits& limits = {});
// {"scenario","profile","sources":[{id,name}],"targets":[..],"cost":[[..]],"hours":[[..]],
//  "usd":[[..]],"km":[[..]]} with null for unreachable cells.
nlohmann::json table(const Engine& engine, const TableRequest& req, const Limits& limits = {});
// Autocomplete: [{"id","name","country","kind","lat","lon"}], best matches first.
nlohmann::json places(const Engine& engine, const std::string& query, size_t limit = 10);
// GeoJSON FeatureCollection of nodes (Point) and links (LineString) with their attributes and
// source, under a scenario (status after the overlay, and "open" for the scenario's year).
nlohmann::json network_geojson(const Engine& engine, const std::string& scenario);
// [{"name","description","year"}]
nlohmann::json scenarios(const Engine& engine);
// {"name","nodes","links","border_links","countries":[..],"base_year"}
nlohmann::json dataset_info(const Engine& engine);

// Freight assignment on the dataset (assign/freight.h): annual OD freight to per-day flows,
// user equilibrium with capacities and congested borders, flows per link and border, and the
// dataset's named sections (sections.csv) under the scenario and, if given, a base scenario.
struct AssignRequest {
  std::string demand_file;  // origin,destination,volume,unit,corridor,source
  std::string scenario = "baseline";
  std::string base;  // "" = no comparison
  std::string profile = "teu";
  std::string algorithm = "b";
  double gap = 1e-4;
  int max_iter = 1000;
  int threads = 0;
  std::optional<int> year;
  void validate() const;
};
// {"scenario","base","profile","unit","demand_units_per_day","sections":[..],"corridors":[..],
//  "links":[..],"summary":{..},"base_summary":{..}}
nlohmann::json assign(const Engine& engine, const AssignRequest& req);
std::string render_assign_text(const nlohmann::json& result);
std::string render_assign_links_csv(const nlohmann::json& result);
// The loaded links of an assign result as RFC 7946 LineStrings (the dataset's geometry) with
// flows, tonnes per day, V/C and delay as properties.
nlohmann::json assign_links_geojson(const Engine& engine, const nlohmann::json& result);

// JSON -> request structs. Throw Error(usage) naming the bad field (wrong type, unknown field).
RouteRequest route_request_from_json(const nlohmann::json& j);
CompareRequest compare_request_from_json(const nlohmann::json& j);
TableRequest table_request_from_json(const nlohmann::json& j);

// A self-contained HTML report of a compare result: per pair an SVG map of both routes over
// country outlines (the dataset's outlines.geojson when present) and the network, and a chart
// of the deltas. No external resources.
std::string render_compare_html(const Engine& engine, const nlohmann::json& compare_result);

// {"error":{"code","message","details":[..],"suggestions":[..]}}
nlohmann::json error_json(const Error& e);

}  // namespace corridor::api
