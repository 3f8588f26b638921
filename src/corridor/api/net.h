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
#include "corridor/ch/cch.h"
#include "corridor/core/reporter.h"
#include "corridor/osm/overlay.h"
#include "corridor/osm/router.h"

namespace corridor::api {

// A .cnet loaded for scenario work under one profile. With `customizable`, a metric-independent
// hierarchy (ch::Cch, nested dissection order) is built once, so that each scenario of a compare
// costs one customization instead of a hierarchy build; without it, routes are plain Dijkstra.
struct NetSession {
  std::unique_ptr<osm::NetRouter> router;
  std::unique_ptr<ch::Cch> cch;  // null unless opened with customizable = true
  const osm::FlatNetwork& net() const { return router->net; }
};
// The profile for a .cnet from --profile and --modes (a mode list); "truck" when neither.
std::string net_profile(const std::string& profile, const std::vector<std::string>& modes);
NetSession open_net(const std::string& cnet_path, const std::string& profile,
                    bool customizable = false);
// When to build the customizable hierarchy: never, always, or only for networks of at least
// `cch_min_nodes` nodes (criticality: there a removal that affects many ODs costs one
// customization instead of a Dijkstra per OD; on small networks the build is not worth it).
enum class NetHierarchy { none, customizable, if_large };
inline constexpr uint32_t kCchMinNodes = 100000;
NetSession open_net(const std::string& cnet_path, const std::string& profile, NetHierarchy h,
                    uint32_t cch_min_nodes = kCchMinNodes);

// "" or "baseline": no overlay; else a TOML overlay file.
osm::NetScenario net_scenario(const NetSession& s, const std::string& scenario);

// Link id as printed: "w<way>" or "t<index>" for links without a way.
std::string net_link_id(const osm::FlatNetwork& net, uint32_t link);
// A two-way segment's id (a way is split into many): "w<way>:<tail OSM node>-<head OSM node>"
// of the link that names it (criticality rows, assignment links and sections).
std::string net_segment_id(const osm::FlatNetwork& net, uint32_t link);

// Request fields used: from, to, scenario (file), profile, modes (-> the profile's modes),
// avoid (countries never entered). Alternatives, Pareto, explain, year, max_borders: Error(usage).
RouteResult net_route(const NetSession& s, const RouteRequest& req);
// pairs are required (from,to places); base/scenario are overlay files or "baseline". With a
// Cch in the session: one customization per side, then CCH queries (costs equal Dijkstra's).
CompareResult net_compare(const NetSession& s, const CompareRequest& req);
// A DatasetInfo describing the network (for the text banner).
DatasetInfo net_info(const NetSession& s);

// Freight assignment on a .cnet: a .cnet has no capacities, so the equilibrium is the
// all-or-nothing loading (summary: algorithm "aon (uncapacitated)", one pass, gap 0; tstt in
// vehicle-hours per day). Demand CSV as for net_critical, with an optional `corridor` column.
// Sections are the border crossings that carry flow (busiest first; the headline is the
// busiest), links the two-way segments that carry flow (flow_ab along the lower-index link).
// `base` (an overlay file or "baseline") is assigned too, for comparison; --year is refused.
AssignResult net_assign(const NetSession& s, const AssignRequest& req);

// Criticality on a .cnet (fixed demand, all-or-nothing; --mode removal only). A candidate is a
// link together with its reverse twin (same way, swapped ends): removing a road segment closes
// both directions. Demand CSV: origin,destination,volume (units per day; places as above; other
// columns ignored). Filters: border, rail, road, ferry, or globs on the link id (w123*), comma-
// separated; "" = every link that carries base flow. Cost is hours (CriticalRow::delta_cost =
// extra vehicle-hours per day).
// With a Cch in the session (large networks: the CLI opens one from 100,000 nodes), a removal
// that affects at least `cch_min_ods` ODs is evaluated by one customization without the segment
// and a CCH query per OD instead of a Dijkstra per OD (same distances, so the same result).
CriticalResult net_critical(const NetSession& s, const CriticalRequest& req,
                            size_t cch_min_ods = 64);

}  // namespace corridor::api
