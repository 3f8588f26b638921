// Freight assignment on the corridor network: user equilibrium of annual OD freight (converted
// to units per day) over the multimodal state graph of route::Router, with capacities on links
// and border crossings and border delay growing with volume over capacity (BPR on the time part
// of the generalized cost).
//
// For each arc of the state graph: cost(x) = usd + vot * hours * (1 + b * (x / cap)^power), with
// (b, power) = (line_b, line_power) for links with a capacity and (border_b, border_power) for
// border crossings; arcs without capacity are uncongested. The arcs of a dual-gauge link (one per
// gauge and direction) share its one capacity, as in the "ue" equilibrium below: x is the
// direction's total over the gauges (AssignProblem::share_group). As in route::Router, transfers
// and gauge changes never chain at a node. Zones are the network nodes that send
// or receive freight and are never passed through.
#pragma once
#include <array>
#include <map>
#include <string>
#include <vector>

#include "corridor/assign/assign.h"
#include "corridor/demand/classes.h"
#include "corridor/demand/sue.h"
#include "corridor/demand/ue.h"
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

// ---------------------------------------------------------------------------------------------
// Multi-class stochastic (logit) freight assignment (issue 11, docs/demand.md).
//
// Each cargo class (demand::CargoClass) sees its own generalized cost per unit on the router's
// state graph: money = the class profile's USD x (class tonnes per unit / profile tonnes per
// unit), time = value_of_time x (hours + (1 + reliability_ratio) x congested hours); arcs of modes
// the class may not use are closed (a truck class never rides rail). Classes share capacity:
// a link direction's load is sum_k capacity_tonnes_per_unit_k x units_k per day, and the
// congested hours follow FreightOptions (BPR on lines, queueing delay at borders and ferries).
// Route sets per class and OD: the shortest path under the class's modes, under each single
// main mode the class allows, and link-penalty alternatives (each found path's links cost
// `penalty` times more in the next search) until `max_routes` distinct paths. Choice: nested
// logit, nests = the route's main mode (most km), V = -theta c with theta = cost_scale / c_ref
// (c_ref: the OD's cheapest free-flow cost for the class, passed in for a scenario so that base
// and scenario share one scale), the class's nest scale and per-mode constants. Elastic demand
// from the logsum change against `base_composite`. Solved by demand::solve_sue.
struct FreightClassOd {
  network::NodeIdx origin{}, destination{};
  uint32_t cls = 0;           // index into the classes
  double units_per_day = 0;   // base demand T0 in the class's units
  std::string corridor;       // free label
  double ref_cost = 0;        // c_ref; 0 = this network's free-flow cheapest cost
  double base_composite = 0;  // > 0 turns elastic demand on (the class elasticity)
  // Routes that must be in the route set besides the ones this network's search finds, as
  // (link, travelled from -> to) sequences of this network: a scenario passes the base routes
  // so that adding links never drops a base alternative (which would raise the composite cost
  // through route-set noise alone). A seed is rebuilt by a search restricted to its links (the
  // cheapest transfers between them); seeds with a closed link are skipped. Not capped by
  // max_routes.
  std::vector<std::vector<std::pair<network::LinkIdx, bool>>> seed_routes;
};

struct FreightClassOptions {
  FreightOptions congestion;
  int max_routes = 8;
  double penalty = 1.5;
  int year = 2026;
  std::vector<std::array<double, 3>> mode_asc;  // per class, per network::Mode; empty = 0
  // Per network node: has a container terminal (terminals.csv). A class with
  // needs_container_terminal changes mode only at such nodes; empty = no restriction.
  std::vector<char> container_terminal;
  demand::SueOptions sue;
  // "sue" (default): the nested-logit SUE above. "ue": deterministic multi-class user
  // equilibrium (demand::solve_ue, path-based with column generation on the state graph): each
  // class's used routes cost its cheapest, no route of the network is cheaper. Capacity is shared
  // per physical link direction: the arcs of a dual-gauge link (one per gauge), and the arcs of
  // every class, load the same link, whose cost follows the total load. Nest constants and logit
  // scales are not used (theta is still reported); elastic demand uses the cheapest cost as the
  // composite (the deterministic limit of the logsum). Seed routes start the UE route sets.
  std::string equilibrium = "sue";
  demand::UeOptions ue;
};

struct FreightRoute {
  std::vector<network::LinkIdx> links;  // in travel order
  std::vector<char> forward;            // per link: travelled from -> to
  network::Mode main_mode = network::Mode::road;
  std::array<double, 3> km{};           // per network::Mode
  double hours = 0;                     // free-flow
  double flow = 0, cost = 0, prob = 0;  // units/day, USD per unit, share at equilibrium
};

struct FreightClassOdResult {
  double demand = 0;                 // units/day at equilibrium (elastic), T0 when fixed
  double ref_cost = 0;               // c_ref used
  double theta = 0;                  // utility per USD
  double logsum = 0, composite = 0;  // composite = -logsum / theta, USD per unit
  double mean_cost = 0;              // flow-weighted route cost, USD per unit
  std::vector<FreightRoute> routes;
  bool routed = false;  // false: no path for the class under the options
};

struct FreightClassResult {
  std::vector<FreightClassOdResult> ods;  // parallel to the input ODs
  // Per class, per link: units/day in each direction.
  std::vector<network::IndexedVector<network::LinkIdx, double>> class_ab, class_ba;
  // Per link: capacity load (tonnes of capacity per day) per direction, congested extra hours
  // (worst direction).
  network::IndexedVector<network::LinkIdx, double> load_ab, load_ba, delay_hours;
  int iterations = 0;
  double max_change = 0;    // SUE: largest |y - x| / demand at the end
  double relative_gap = 0;  // UE: sum x c / sum T c_min - 1 at the end (0 for the SUE)
  std::string equilibrium;  // "sue" or "ue"
  bool converged = false;
};

FreightClassResult assign_freight_classes(const network::Network& net, const route::Router& router,
                                          const std::vector<demand::CargoClass>& classes,
                                          const std::vector<FreightClassOd>& ods,
                                          const FreightClassOptions& options);

}  // namespace corridor::assign
