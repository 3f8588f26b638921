// The typed results of the api facade. Every figure is kept UNROUNDED here; the renderers
// (render.h: to_json, text, CSV, GeoJSON, HTML) round once, when printing. Node and link indices
// refer to the network of the result's scenario (Engine::view(scenario).applied.net), so a
// renderer that draws geometry never looks ids up by string.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "corridor/assign/assign.h"
#include "corridor/network/network.h"

namespace corridor::api {

struct Place {
  network::NodeIdx node{};
  std::string id, name, country;
};

struct Totals {
  double km = 0, hours = 0, usd = 0, cost = 0;
  int borders = 0;
};

// Scenario minus base, from unrounded totals.
Totals operator-(const Totals& scenario, const Totals& base);

enum class LegKind { link, transfer, gauge_change };

// One leg: consecutive same-mode, same-gauge line links merged; a border link, a transfer and a
// gauge change are legs of their own.
struct Leg {
  LegKind kind = LegKind::link;
  network::Mode mode = network::Mode::road;       // link legs; for a transfer: the mode entered
  network::Mode from_mode = network::Mode::road;  // transfer only
  int from_gauge = 0, to_gauge = 0;               // gauge change only
  std::optional<int> gauge;                       // rail legs and gauge changes: gauge used
  bool border = false;
  Place from, to;
  double km = 0, hours = 0, usd = 0;
  std::vector<network::LinkIdx> links;  // in travel order
  std::vector<std::string> link_ids;    // the same links' ids
};

struct BorderCrossing {
  network::LinkIdx link{};
  std::string id, name;
  network::Mode mode = network::Mode::road;
  std::string from_country, to_country;
  double hours = 0, usd = 0;
};

// Freight emissions of a route (appraise/emissions.h: cited WTW and TTW factors per mode and
// traction), in tonnes CO2e per unit of the result's profile (teu: per loaded TEU of
// tonnes_per_unit t; tonne: per tonne). Transfers emit nothing (no cited factor).
struct RouteCo2 {
  double wtw_t = 0, ttw_t = 0;
  double tonnes_per_unit = 1;
  std::array<double, network::kNumModes> wtw_t_by_mode{};  // indexed by network::Mode
};

struct RouteOption {
  Totals total;
  std::optional<RouteCo2> co2;  // when the dataset has appraisal/emission-factors.csv
  std::vector<BorderCrossing> borders;
  std::vector<std::string> countries;  // in the order entered
  std::vector<Leg> legs;
};

// What a figure rests on (route --explain).
struct SourceRef {
  std::string kind, id, what, source;
};

enum class RouteKind { single, alternatives, pareto };

struct RouteResult {
  Place from, to;
  std::string scenario, profile;
  int year = 0;
  RouteKind kind = RouteKind::single;
  std::vector<RouteOption> routes;  // never empty; routes[0] is the best route
  bool explained = false;
  std::vector<SourceRef> sources;  // of routes[0], when explained
  const RouteOption& best() const { return routes.front(); }
};

struct CompareRow {
  Place from, to;
  std::optional<RouteResult> base, scenario;  // nullopt: no route
  std::optional<Totals> delta;                // scenario - base, both routes present
  std::optional<RouteCo2> co2_delta;          // scenario - base, both routes with emissions
};

struct CompareResult {
  std::string base, scenario, profile;
  int year = 0;  // both sides are evaluated at this year
  std::vector<CompareRow> rows;
};

struct TableResult {
  std::string scenario, profile;
  int year = 0;
  std::vector<Place> sources, targets;
  std::vector<std::vector<std::optional<Totals>>> cells;  // [source][target]; nullopt: no route
};

struct PlaceMatch {
  Place place;
  network::NodeKind kind = network::NodeKind::city;
  double lat = 0, lon = 0;
  std::vector<std::string> aliases;
};
struct PlacesResult {
  std::vector<PlaceMatch> places;  // best first
};

struct ScenarioInfo {
  std::string name, description;
  int year = 0;
  std::optional<std::string> base;
};
struct ScenarioList {
  std::vector<ScenarioInfo> scenarios;
};

struct ProfileInfo {
  std::string name, description;
  double value_of_time = 0;
};
struct DatasetInfo {
  std::string name;
  size_t nodes = 0, links = 0, border_links = 0, scenarios = 0;
  std::vector<std::string> countries;  // sorted
  int base_year = 0;
  std::vector<ProfileInfo> profiles;
};

// ---- freight assignment ----------------------------------------------------------------------

struct SectionLoad {
  double units_per_day = 0, tonnes_per_day = 0;
  std::optional<double> capacity_tpd;  // summed over the section's links with a capacity
  std::optional<double> vc;            // of the busiest link, busier direction
};
struct SectionFlow {
  std::string id, name;
  SectionLoad scenario;
  std::optional<SectionLoad> base;
};
struct ShareVia {
  std::string section;
  double scenario = 0;
  std::optional<double> base;
};
struct CorridorFlow {
  std::string corridor;
  double demand_units_per_day = 0, unrouted_units_per_day = 0;
  std::vector<ShareVia> share_via;  // one per section, in sections.csv order
};
struct LinkFlow {
  network::LinkIdx link{};
  std::string id, from, to;
  network::Mode mode = network::Mode::road;
  bool border = false;
  double flow_ab = 0, flow_ba = 0, tonnes_per_day = 0, delay_hours = 0;
  std::optional<double> capacity_tpd, vc;
};
struct AssignResult {
  std::string scenario, profile, demand_file;
  std::optional<std::string> base;
  int year = 0;  // both runs use it
  double demand_units_per_day = 0;
  assign::AssignSummary summary;
  std::optional<assign::AssignSummary> base_summary;
  std::vector<SectionFlow> sections;
  std::vector<CorridorFlow> corridors;
  std::vector<LinkFlow> links;   // loaded links of the scenario's network
  std::string headline_section;  // config.csv headline_section, else the first section, else ""
};

}  // namespace corridor::api
