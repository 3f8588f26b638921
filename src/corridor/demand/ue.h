// Deterministic multi-class user equilibrium (Wardrop) over route sets grown by column
// generation, several classes sharing link capacity, optionally with elastic demand
// (docs/demand.md, "Deterministic UE").
//
// The problem is the SueProblem of sue.h (links, per-class capacity use pcu_k, the cost callback
// cost(k, a, load) with load_a = sum_k pcu_k x_ak, the groups with their class, demand and initial
// routes); the logit fields (theta, nest scales, constants, fixed_cost) are not used: a route's
// cost is the sum of its links' costs. Because every class's link cost depends on the link's
// total load only (and grows with it), the Jacobian in load is symmetric up to the classes'
// weights, and the equilibrium is the Wardrop condition per class and group: every used route
// costs the group's cheapest cost, no route (of the whole network, not only the set) is cheaper.
//
// Algorithm: path-based gradient projection (Jayakrishnan et al. 1994) with column generation.
// Each outer iteration finds every group's cheapest route on the whole network at the current
// costs (`shortest`, supplied by the caller, who knows the graph), adds it to the group's set if
// new, measures the relative gap, then sweeps the groups `inner_sweeps` times: in group order,
// flow moves from each route r to the set's cheapest route b by the Newton step
// (c_r - c_b) / sum_{a in r xor b} pcu_k dc_k/dload_a (capped at x_r), the derivative by a
// forward difference of `cost`. Loads are updated after every shift (Gauss-Seidel).
// Relative gap = sum_i sum_r x_r c_r / sum_i T_i c_min,i - 1 with c_min from `shortest`.
// Elastic demand (elasticity < 0 and base_composite > 0): T = T0 (c_min / C0)^elasticity, the
// deterministic limit of the logit model's composite cost; each sweep moves T halfway to that
// target (added to the cheapest route, removed from all routes in proportion). Converged when
// the gap <= `gap` and every group's |T - target| <= demand_tol * T0.
// Deterministic (fixed order, no threads).
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "corridor/demand/sue.h"

namespace corridor::demand {

struct UeOptions {
  double gap = 1e-4;
  int max_iter = 500;
  int inner_sweeps = 4;
  double demand_tol = 1e-6;
};

// The cheapest route of group `group` (its class, origin and destination are the caller's) at the
// per-class link costs link_cost[k][a]: its links (each at most once), and its cost in *cost.
// Empty = no route.
using ShortestRoute = std::function<std::vector<uint32_t>(
    size_t group, const std::vector<std::vector<double>>& link_cost, double* cost)>;

struct UeResult {
  std::vector<std::vector<std::vector<uint32_t>>> routes;   // per group: the final route set
  std::vector<std::vector<double>> route_flow, route_cost;  // per group, per route
  std::vector<double> demand;                               // per group at equilibrium
  std::vector<double> min_cost;                             // per group: the cheapest cost
  std::vector<double> load;                                 // per link
  std::vector<std::vector<double>> class_flow;              // per class, per link
  int iterations = 0;
  double relative_gap = 0;
  double demand_residual = 0;  // largest |T - target| / T0
  bool converged = false;
};

// Throws Error(internal) on an inconsistent problem (class or link out of range). Groups whose
// `shortest` finds no route carry no flow (demand 0).
UeResult solve_ue(const SueProblem& p, const ShortestRoute& shortest, const UeOptions& o = {});

}  // namespace corridor::demand
