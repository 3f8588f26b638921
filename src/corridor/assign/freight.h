// Freight assignment on the corridor network: user equilibrium of annual OD freight (converted
// to units per day) over the multimodal state graph of route::Router, with capacities on links
// and border crossings and border delay growing with volume over capacity (BPR on the time part
// of the generalized cost).
//
// For each arc of the state graph: cost(x) = usd + vot * hours * (1 + b * (x / cap)^power), with
// (b, power) = (line_b, line_power) for links with a capacity and (border_b, border_power) for
// border crossings; arcs without capacity are uncongested. The arcs of a dual-gauge link share its
// capacity equally (one arc per gauge and direction). As in route::Router, transfers and gauge
// changes never chain at a node. Zones are the network nodes that send
// or receive freight and are never passed through.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "corridor/assign/assign.h"
#include "corridor/network/network.h"
#include "corridor/route/router.h"

namespace corridor::assign {

struct FreightOd {
  network::NodeIdx origin{}, destination{};
  double units_per_day = 0;  // in the profile's units (TEU or tonnes)
  std::string corridor;      // free label to group results
};

struct FreightOptions {
  double line_b = 0.15, line_power = 4;
  double border_b = 1.0, border_power = 4;
};

struct FreightResult {
  AssignSummary summary;
  // Per network link, units per day in each direction (ab = from -> to).
  network::IndexedVector<network::LinkIdx, double> flow_ab, flow_ba;
  // Per network link, the congested extra hours per unit (worst direction) at equilibrium.
  network::IndexedVector<network::LinkIdx, double> delay_hours;
  // Per corridor label: total demand, and per link the flow of that corridor's demand when it is
  // loaded all-or-nothing on the equilibrium costs (select-link style attribution).
  std::map<std::string, double> corridor_demand;
  std::map<std::string, network::IndexedVector<network::LinkIdx, double>> corridor_link_flow;
  // Demand with no path under the options (units/day), by corridor.
  std::map<std::string, double> unrouted;
};

FreightResult assign_freight(const network::Network& net, const route::Router& router,
                             const route::Options& route_options, const std::vector<FreightOd>& ods,
                             const AssignOptions& options, const FreightOptions& freight,
                             Reporter& reporter);

}  // namespace corridor::assign
