// The api facade on an imported network (.cnet, osm module): route, compare and criticality
// under scenario overlays (osm/overlay.h), returning the SAME typed results as on the dataset
// (results.h, critical.h), so every renderer (text, JSON, CSV) prints them unchanged.
//
// What differs from the dataset: places are OSM node ids or "lat,lon" (snapped to the nearest
// routable node); scenarios are TOML overlay files (--scenario FILE.toml, or "baseline" for
// none); the cost of a route is its travel time (Totals::cost == hours; usd is 0: a .cnet has no
// tariffs); links are named "w<OSM way id>" (transfer links "t<link index>"); there are no dated
// links, so `year` is 0 and --year is refused. Routes are computed by plain Dijkstra on the
// scenario's weights (the oracle every faster method is checked against).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "corridor/api/api.h"
#include "corridor/api/critical.h"
#include "corridor/core/reporter.h"
#include "corridor/osm/overlay.h"
#include "corridor/osm/router.h"

namespace corridor::api {

// A .cnet loaded for scenario work under one profile (no hierarchy is built).
struct NetSession {
  std::unique_ptr<osm::NetRouter> router;
  const osm::FlatNetwork& net() const { return router->net; }
};
// The profile for a .cnet from --profile and --modes (a mode list); "truck" when neither.
std::string net_profile(const std::string& profile, const std::vector<std::string>& modes);
NetSession open_net(const std::string& cnet_path, const std::string& profile);

// "" or "baseline": no overlay; else a TOML overlay file.
osm::NetScenario net_scenario(const NetSession& s, const std::string& scenario);

// Link id as printed: "w<way>" or "t<index>" for links without a way.
std::string net_link_id(const osm::FlatNetwork& net, uint32_t link);

// Request fields used: from, to, scenario (file), profile, modes (-> the profile's modes),
// avoid (countries never entered). Alternatives, Pareto, explain, year, max_borders: Error(usage).
RouteResult net_route(const NetSession& s, const RouteRequest& req);
// pairs are required (from,to places); base/scenario are overlay files or "baseline".
CompareResult net_compare(const NetSession& s, const CompareRequest& req);
// A DatasetInfo describing the network (for the text banner).
DatasetInfo net_info(const NetSession& s);

// Criticality on a .cnet (fixed demand, all-or-nothing; --mode removal only). A candidate is a
// link together with its reverse twin (same way, swapped ends): removing a road segment closes
// both directions. Demand CSV: origin,destination,volume (units per day; places as above; other
// columns ignored). Filters: border, rail, road, ferry, or globs on the link id (w123*), comma-
// separated; "" = every link that carries base flow. Cost is hours (CriticalRow::delta_cost =
// extra vehicle-hours per day).
CriticalResult net_critical(const NetSession& s, const CriticalRequest& req);

}  // namespace corridor::api
