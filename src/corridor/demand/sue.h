// Logit stochastic user equilibrium (SUE) over fixed route sets, several classes sharing link
// capacity, optionally with elastic demand (docs/demand.md).
//
// Each OD group belongs to a class k and has a route set; route r of the group has the cost
// c_r = fixed_r + sum_{a in r} cost(k, a, load_a), where load_a = sum_k pcu_k x_{a,k} is the
// capacity use of every class on link a. Route choice is a nested logit (nests = the route's
// nest index, e.g. its main mode) on V_r = -theta c_r with the group's nest scales and
// constants. With elasticity e < 0 and a base composite cost C0 > 0 the group's demand is
// T = T0 (C / C0)^e, C = -logsum / theta (logit.h). Solved by successive averages on route flows
// (Sheffi 1985): x <- x + (y(x) - x) / beta_n, with y the logit loading at the costs of x and the
// self-regulated step of Liu, Meng & Xu (2009): beta grows by sra_up when the residual grew, by
// sra_down otherwise (beta_n = n is the classic MSA); stops when the largest |y - x| is below tol
// times the group's demand, or after max_iter.
// Deterministic (fixed order, no threads).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace corridor::demand {

struct SueRoute {
  std::vector<uint32_t> links;  // link ids, each at most once
  int nest = 0;                 // index into the group's nest_scale / nest_asc
  double fixed_cost = 0;        // flow-independent part not on links (e.g. an OD-specific fee)
};

struct SueGroup {
  uint32_t cls = 0;   // class index (pcu, cost)
  double demand = 0;  // T0, units per period
  double theta = 1;   // utility per unit of cost, > 0
  std::vector<double> nest_scale{1.0}, nest_asc{0.0};
  double elasticity = 0;      // <= 0; 0 = fixed demand
  double base_composite = 0;  // C0 > 0 for elastic demand
  std::vector<SueRoute> routes;
};

struct SueProblem {
  uint32_t num_links = 0;
  std::vector<double> pcu;  // per class: capacity use of one unit
  // Cost of link a for one unit of class k when the link's load (capacity use) is `load`.
  std::function<double(uint32_t k, uint32_t a, double load)> cost;
  std::vector<SueGroup> groups;
};

struct SueOptions {
  int max_iter = 20000;
  double tol = 1e-7;
  double sra_up = 1.5, sra_down = 0.02;
};

struct SueResult {
  std::vector<std::vector<double>> route_flow, route_cost, route_prob;  // per group, per route
  std::vector<double> demand;                   // per group: total demand at equilibrium
  std::vector<double> logsum;                   // per group
  std::vector<double> composite;                // per group: -logsum / theta
  std::vector<double> load;                     // per link: sum over classes of pcu x
  std::vector<std::vector<double>> class_flow;  // per class, per link (units)
  int iterations = 0;
  double max_change = 0;  // largest |y - x| / demand at the last iteration
  bool converged = false;
};

SueResult solve_sue(const SueProblem& p, const SueOptions& o = {});

}  // namespace corridor::demand
