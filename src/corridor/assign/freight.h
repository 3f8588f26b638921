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

// Border crossings and ferries (arcs the router marks as crossing a border, and every ferry
// link) get, by default, a queueing delay instead of BPR (docs/simulation.md): cost = vot *
// (hours + d(x / cap)) with d = sim::queue_delay, a time-dependent single-server M/G/1 over
// `queue_period_hours` whose customer is one vehicle (truck, train or vessel load, tonnes
// below) so the service time is customer size / capacity. Finite at and above capacity (about
// T (x - 1) / 2 there), unlike BPR. queue_delay = false restores the BPR border rule.
struct FreightOptions {
  double line_b = 0.15, line_power = 4;
  double border_b = 1.0, border_power = 4;
  bool queue_delay = true;
  // estimate: one week of sustained demand above capacity before shippers reroute or operators
  // add vessels; ferries sail every few days (corridor-facts.md §3 "Frequency").
  double queue_period_hours = 168;
  double queue_ca2 = 1.0;  // random (Poisson) arrivals of vehicles
  double queue_cs2 = 0.5;  // estimate: service times less variable than exponential
  // Customer sizes in tonnes. Truck: 20 t, the CPMM reference load. Train: estimate, 40 wagons
  // of ~37 t net (BTK "one 40-wagon train/day", corridor-facts-3.md §3). Vessel: estimate,
  // between a Ro-Pax deck of 50 trucks (1,000 t) and 56 tank wagons (~3,000 t).
  double truck_tonnes = 20, train_tonnes = 1500, vessel_tonnes = 2000;
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
