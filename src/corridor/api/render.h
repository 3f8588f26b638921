// Renderings of the typed api results (results.h): JSON (render_json.cpp), GeoJSON
// (render_geojson.cpp), text and CSV (render_text.cpp), the HTML compare report
// (render_html.cpp). Figures are rounded here, once; nothing is parsed back.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "corridor/api/results.h"

namespace corridor::api {

class Engine;

// Rounded to `decimals` places, without "-0".
double round_to(double v, int decimals);
// "1,234.5"-style numbers.
std::string fmt_number(double v, int decimals);

// ---- JSON (layouts in docs/cli.md and docs/http-api.md) -------------------------------------
// Route: {"from":{"id","name","country"},"to":{..},"scenario","profile","year","total":{"km",
// "hours","usd","cost","borders"},"borders":[..],"countries":[..],"legs":[..]}; with
// alternatives or Pareto also "kind" and "routes":[<route>...] (the first equals the top level);
// with explain "sources".
nlohmann::json to_json(const RouteResult& r);
// With emission factors every route object also has "co2e":{"wtw_t","ttw_t","per":"profile
// unit","tonnes_per_unit","wtw_t_by_mode":{"rail","road","ferry"}} (t CO2e per TEU for the teu
// profile, per tonne for tonne) and every compare pair "delta_co2e" of the same form.
nlohmann::json co2_json(const RouteCo2& c);
// {"base","scenario","profile","year","pairs":[{"from","to","base":<route|null>,
// "scenario":<route|null>,"delta":{"km","hours","usd","cost","borders"}|null}]}
nlohmann::json to_json(const CompareResult& r);
// {"scenario","profile","year","sources":[{id,name,country}],"targets":[..],"cost":[[..]],
// "hours":[[..]],"usd":[[..]],"km":[[..]]} with null for unreachable cells.
nlohmann::json to_json(const TableResult& r);
// [{"id","name","country","kind","lat","lon","aliases"}]
nlohmann::json to_json(const PlacesResult& r);
// [{"name","description","year","base"}]
nlohmann::json to_json(const ScenarioList& r);
// {"name","nodes","links","border_links","countries","base_year","profiles","scenarios"}
nlohmann::json to_json(const DatasetInfo& r);
// {"scenario","profile","demand_file","base","year","demand_units_per_day","summary",
//  "base_summary","sections":[..],"corridors":[..],"links":[..]}
nlohmann::json to_json(const AssignResult& r);

// ---- GeoJSON (RFC 7946) ------------------------------------------------------------------------
// A route as a FeatureCollection, one feature per leg of the best route (LineString through its
// links' geometry in the scenario's network; a Point for a transfer or gauge change).
nlohmann::json to_geojson(const Engine& engine, const RouteResult& r);
// The loaded links of an assignment as LineStrings with flows, tonnes per day, V/C and delay.
nlohmann::json to_geojson(const Engine& engine, const AssignResult& r);

// ---- text and CSV ------------------------------------------------------------------------------
// A route as a table of legs and totals; alternatives or Pareto routes are printed in turn.
std::string render_route_text(const RouteResult& r);
// The side-by-side table with deltas.
std::string render_compare_text(const CompareResult& r);
// Tidy: one row per pair and side, units in the names (money and CO2e per profile unit).
// from,to,scenario,length_km,time_h,charges_usd,cost_usd,borders,countries,co2e_wtw_t,co2e_ttw_t
// (t CO2e; empty without emission factors), delta_length_km,delta_time_h,delta_charges_usd,
// delta_cost_usd,delta_borders (the delta, scenario - base, on the scenario's row; empty on the
// base row and where a side has no route).
std::string render_compare_csv(const CompareResult& r);
// from,to,cost_usd,time_h,charges_usd,length_km (per profile unit; cost = charges + value of
// time x hours)
std::string render_table_csv(const TableResult& r);
std::string render_places_text(const PlacesResult& r);
std::string render_scenarios_text(const ScenarioList& r);
std::string render_assign_text(const AssignResult& r);
// link_id,mode,from,to,border,flow_ab_units_per_day,flow_ba_units_per_day (profile units),
// tonnes_per_day,capacity_tonnes_per_day,vc_ratio,delay_h
std::string render_assign_links_csv(const AssignResult& r);
// A one-line header: "Corridor 0.1 · data: caucasus (54 nodes, ...) · scenario: ... · profile".
std::string render_banner(const DatasetInfo& info, const std::string& scenario,
                          const std::string& profile);

// ---- HTML
// ---------------------------------------------------------------------------------------- A
// self-contained report of a compare result: the summary table, a chart of the deltas and per pair
// an SVG map of both routes over country outlines (the dataset's outlines.geojson when present) and
// the network. No external resources.
std::string render_compare_html(const Engine& engine, const CompareResult& r);

}  // namespace corridor::api
