// Criticality and select-link analysis on a dataset (the api facade of src/corridor/critical).
//
// Flow: `corridor critical` / `corridor select-link` flags -> CriticalRequest / SelectLinkRequest
// -> validate() -> critical() / select_link() -> typed result -> to_json / render_*_text / _csv.
// The demand is a demand file (origin,destination,volume,unit,corridor,source; annual volumes,
// converted to units per day of the profile as in `corridor assign`); by default the dataset's
// own demand file (the last demand-*.csv of its folder, by name).
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "corridor/api/api.h"
#include "corridor/critical/critical.h"
#include "corridor/network/network.h"

namespace corridor::api {

struct CriticalRequest {
  std::string scenario;          // "" = default_scenario
  std::string profile;           // "" = default_profile
  std::string demand_file;       // "" = the dataset's demand file
  std::string metric = "cost";   // cost | unserved | both | interaction (k = 2): ranking key
  std::string mode = "removal";  // removal | capacity:F (0 <= F < 1, needs assign = ue)
  std::string assign = "aon";    // aon (fixed paths, fast) | ue (re-equilibrate)
  std::string links;             // filter (critical::select_links); "" = all open links
  int top = 0;                   // 0 = every candidate
  // 1: remove each candidate link alone; 2: every unordered pair of candidates, removed together
  // (n (n - 1) / 2 removals; refused above kMaxPairRemovals: narrow --links).
  int k = 1;
  int threads = 0;                                  // 0 = all cores
  std::optional<int> year;                          // default: the scenario's year
  void validate() const;                            // throws Error(usage)
  std::optional<double> capacity_fraction() const;  // of `mode`
};

inline constexpr size_t kMaxPairRemovals = 2'000'000;

struct CriticalRow {
  int rank = 0;  // 1-based
  network::LinkIdx link{};
  std::string id, name, from, to;
  network::Mode mode = network::Mode::road;
  bool border = false;
  double base_units = 0;                           // units/day on the link in the base assignment
  double delta_cost = 0;                           // USD/day (generalized)
  double unserved_units = 0, unserved_tonnes = 0;  // per day
  bool connected = true;
  int ods_affected = 0;  // AON only
  // k = 2: the pair's second link (the first is `link`).
  std::optional<network::LinkIdx> link2;
  std::string id2, name2, from2, to2;
  network::Mode mode2 = network::Mode::road;
  bool border2 = false;
  double base_units2 = 0;
  // Δ well-to-wheel emissions, t CO2e per day (over ODs still served), when the dataset has
  // emission factors (appraisal/emission-factors.csv).
  double delta_tco2e = 0;
  // k = 2: delta_cost - the two links' delta_cost when removed alone (USD/day); > 0 means the pair
  // costs more than its parts (parallel links, a link and its detour). Read it with care when a
  // removal strands demand (Δ cost counts served ODs only).
  double interaction = 0;
};

struct CriticalResult {
  std::string scenario, profile, demand_file, metric, mode, assign;
  int year = 0;
  double tonnes_per_unit = 1;
  double base_cost = 0, base_served_units = 0, base_unserved_units = 0;  // per day
  size_t candidates = 0;                                                 // candidate links
  int k = 1;                                                             // links per removal
  size_t removals = 0;            // removals evaluated (candidates, or their pairs for k = 2)
  bool emissions = false;         // delta_tco2e computed (the dataset has emission factors)
  std::vector<CriticalRow> rows;  // ranked, at most `top`
};

CriticalResult critical(const Engine& engine, const CriticalRequest& req);
// The same, with the candidates' impacts computed by `runner` (e.g. over MPI ranks): it is given
// the number of candidates and the impact of candidate i, and returns all impacts in order.
using ImpactRunner = std::function<std::vector<critical::Impact>(
    size_t count, const std::function<critical::Impact(size_t)>& impact_of)>;
CriticalResult critical(const Engine& engine, const CriticalRequest& req,
                        const ImpactRunner& runner);

// {"scenario","profile","demand_file","metric","mode","assign","year","base":{"cost_usd_per_day",
//  "served_units_per_day","unserved_units_per_day"},"candidates","links":[{"rank","id","name",
//  "mode","border","from","to","base_units_per_day","delta_cost_usd_per_day",
//  "unserved_units_per_day","unserved_tonnes_per_day","connected","ods_affected"}]}
// With k = 2 also "k": 2 and "removals" at the top, and per row the second link: "id2","name2",
// "mode2","border2","from2","to2","base_units2_per_day","interaction_usd_per_day". With emission
// factors, per row "delta_tco2e_per_day" (well-to-wheel, appraise::EmissionFactors).
nlohmann::json to_json(const CriticalResult& r);
// rank,link_id,mode,border,from,to,base_units_per_day,delta_cost_usd_per_day,
// unserved_units_per_day,unserved_tonnes_per_day,connected
// k = 2: rank,link_id,link_id2,mode,mode2,border,border2,from,to,from2,to2,base_units_per_day,
// base_units2_per_day,delta_cost_usd_per_day,unserved_units_per_day,unserved_tonnes_per_day,
// connected,interaction_usd_per_day
// With emission factors a last column delta_tco2e_per_day.
std::string render_critical_csv(const CriticalResult& r);
std::string render_critical_text(const CriticalResult& r);
// The ranked links as a GeoJSON FeatureCollection (LineStrings drawn from the links' geometry in
// the scenario's network, by link index), properties as in to_json's "links" (for map layers:
// width/colour by delta_cost_usd_per_day).
nlohmann::json to_geojson(const Engine& engine, const CriticalResult& r);
// A self-contained HTML report (inline SVG, no scripts or network): what was assumed, a map of
// the scenario's network with each listed link's width and colour by its Δ cost (five equal
// classes up to the largest; with k = 2, the worst listed pair containing the link), removals that
// strand demand dashed purple, a legend and a km scale bar, and the ranking table
// (render_html.cpp).
std::string render_critical_html(const Engine& engine, const CriticalResult& r);

// Select-link: the OD pairs whose all-or-nothing path (the same loading as `critical --assign
// aon`) uses a link or border crossing, with their volumes; they sum to the link's volume.
struct SelectLinkRequest {
  std::string link;  // link id (required)
  std::string scenario, profile, demand_file;
  std::optional<int> year;
  void validate() const;
};
struct SelectLinkRow {
  std::string origin, destination, corridor;
  double units = 0, tonnes = 0;  // per day
};
struct SelectLinkResult {
  std::string scenario, profile, demand_file, link, name;
  int year = 0;
  double link_units = 0, link_tonnes = 0;  // the link's assigned volume, per day
  std::vector<SelectLinkRow> rows;         // in demand-file order
};
SelectLinkResult select_link(const Engine& engine, const SelectLinkRequest& req);
nlohmann::json to_json(const SelectLinkResult& r);
// origin,destination,corridor,units_per_day,tonnes_per_day
std::string render_select_link_csv(const SelectLinkResult& r);
std::string render_select_link_text(const SelectLinkResult& r);

// ---- HTTP (corridor serve: POST /api/critical, POST /api/select-link) ----
// The JSON bodies of the two endpoints: {"scenario","profile","metric","links","top","year"} and
// {"link","scenario","profile","year"}; unknown fields, wrong types and bad values are usage
// errors (400). Over HTTP the analysis is the fixed-demand all-or-nothing fast path of single
// removals on the dataset's own demand (k = 1, one thread, a few ms on the bundled network): no
// demand file path is accepted from a client, and the UE and pair variants, which take seconds to
// hours, stay on the command line (corridor critical / corridor-mpi).
CriticalRequest critical_request_from_json(const nlohmann::json& j);
SelectLinkRequest select_link_request_from_json(const nlohmann::json& j);
// Request body -> response body, as above; "demand_file" is the file's name only (the server's
// folders are not shown to clients).
nlohmann::json critical_http(const Engine& engine, const nlohmann::json& body);
nlohmann::json select_link_http(const Engine& engine, const nlohmann::json& body);

// ---- shared with sweep.cpp ----
// The dataset's demand file ("" -> the last demand-*.csv of the dataset folder).
std::string demand_file_or_default(const Engine& engine, const std::string& demand_file);

}  // namespace corridor::api
