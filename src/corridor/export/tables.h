// The api's typed results as export tables: GeoPackage layers (gpkg.h) and Excel workbooks
// (xlsx.h). Built from the same typed results the CLI renders; nothing is parsed back.
//
// A command adds --gpkg / --xlsx with: exporter::write_gpkg(path, <kind>_layers(engine, result))
// and exporter::write_xlsx(path, <kind>_workbook(engine, result)). A new kind (forecast,
// appraise) writes its own <kind>_workbook() from a Sheet per table plus
// dataset_assumptions() and its own assumptions.
#pragma once
#include <string>
#include <vector>

#include "corridor/api/api.h"
#include "corridor/api/appraise.h"
#include "corridor/api/critical.h"
#include "corridor/api/forecast.h"
#include "corridor/export/gpkg.h"
#include "corridor/export/xlsx.h"

namespace corridor::exporter {

// Layers "route_legs" (one LineString per line leg of the best route) and "route_transfers"
// (one Point per transfer or gauge change; may be empty).
std::vector<GeoLayer> route_layers(const api::Engine& e, const api::RouteResult& r);
// Layers "base_legs", "base_transfers", "scenario_legs", "scenario_transfers": the legs of each
// pair's route on each side, with the pair (pair_from, pair_to) and the route's totals.
std::vector<GeoLayer> compare_layers(const api::Engine& e, const api::CompareResult& r);
// Layer "link_flows": the loaded links with flows, tonnes per day, V/C and delay.
std::vector<GeoLayer> assign_layers(const api::Engine& e, const api::AssignResult& r);
// Layer "critical_links": the ranked links.
std::vector<GeoLayer> critical_layers(const api::Engine& e, const api::CriticalResult& r);
// Layers "forecast_links" (one LineString per link loaded in either run: tonnes and tonne-km per
// year, base / scenario / change) and "forecast_sections" (one MultiLineString per section of
// sections.csv and cargo class: tonnes per year by class, with the section's capacity and V/C).
std::vector<GeoLayer> forecast_layers(const api::Engine& e, const demand::ForecastResult& r);
// Layer "appraise_ods": one desire line (origin -> destination, LineString) per forecast year
// and OD of the appraisal's flows: units per year (base, scenario, generated), generalized cost
// per unit (the composite, logsum cost, USD) and the user benefit of that OD in that year before
// the ramp-up (rule of a half, USD per year; their sum over a year is the annual table's user
// benefit at full ramp-up).
std::vector<GeoLayer> appraise_layers(const api::Engine& e, const api::AppraiseResult& r);
// GMNS "node" and "link" layers of a scenario's network ("" = default scenario).
std::vector<GeoLayer> network_gmns_layers(const api::Engine& e, const std::string& scenario);

// Assumptions every workbook carries: dataset, year, scenarios with their descriptions, the
// profile (unit, tonnes per unit, value of time) and what USD, hours and cost mean.
std::vector<Assumption> dataset_assumptions(const api::Engine& e,
                                            const std::vector<std::string>& scenarios,
                                            const std::string& profile, int year);

// Sheet "Compare": per pair, base / scenario / delta (scenario - base) of km, hours, USD, cost
// and borders; empty cells where a side has no route.
Workbook compare_workbook(const api::Engine& e, const api::CompareResult& r);
// Sheets "Summary", "Sections", "Corridors", "Links".
Workbook assign_workbook(const api::Engine& e, const api::AssignResult& r);
// Sheets "By class", "By OD", "Sections" (volumes per year, costs per unit).
Workbook forecast_workbook(const api::Engine& e, const demand::ForecastResult& r);
// Sheets "Summary" (NPV, BCR, EIRR, ...), "Annual" (api::annual_table), "Tornado" (when the
// sensitivity ran), "Monte Carlo" (when drawn), "Capex".
Workbook appraise_workbook(const api::Engine& e, const api::AppraiseResult& r);

}  // namespace corridor::exporter
