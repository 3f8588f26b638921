// Deterministic multi-class UE (demand::solve_ue) against independent answers: a two-route
// network whose Wardrop split solves c1(x) = c2(D - x) (bisection here), two classes with
// different weights and capacity use meeting the equilibrium conditions per class, identical
// classes equal one class, elastic demand reproducing its demand function at equilibrium, and
// column generation finding a route that is not in the initial set.
#include "corridor/demand/ue.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace corridor::demand;

namespace {

double c_of(uint32_t a, double load) {
  const double t = a == 0 ? 10.0 : a == 1 ? 12.0 : 15.0, cap = a == 0 ? 50.0 : a == 1 ? 80.0 : 60.0;
  return t * (1 + (load / cap) * (load / cap));
}

// Class k pays weight[k] x the link's time (a function of the total load).
SueProblem parallel(std::vector<double> pcu, std::vector<double> weight, uint32_t links = 2) {
  SueProblem p;
  p.num_links = links;
  p.pcu = std::move(pcu);
  p.cost = [weight](uint32_t k, uint32_t a, double load) { return weight[k] * c_of(a, load); };
  return p;
}

// Column generation on parallel links: the group's class's cheapest single link.
ShortestRoute cheapest_of(const SueProblem& p) {
  return [&p](size_t g, const std::vector<std::vector<double>>& cost, double* c) {
    const auto& lc = cost[p.groups[g].cls];
    uint32_t best = 0;
    for (uint32_t a = 1; a < p.num_links; ++a)
      if (lc[a] < lc[best]) best = a;
    *c = lc[best];
    return std::vector<uint32_t>{best};
  };
}

SueGroup group(uint32_t cls, double demand) {
  SueGroup g;
  g.cls = cls;
  g.demand = demand;
  return g;
}

}  // namespace

TEST(Ue, TwoRoutesMatchWardropSplit) {
  auto p = parallel({1.0}, {1.0});
  p.groups.push_back(group(0, 100));
  UeOptions o;
  o.gap = 1e-12;
  auto r = solve_ue(p, cheapest_of(p), o);
  ASSERT_TRUE(r.converged);
  // Oracle: 10 (1 + (x/50)^2) = 12 (1 + ((100 - x)/80)^2), bisection.
  double lo = 0, hi = 100;
  for (int i = 0; i < 200; ++i) {
    const double m = 0.5 * (lo + hi);
    (c_of(0, m) - c_of(1, 100 - m) > 0 ? hi : lo) = m;
  }
  EXPECT_NEAR(r.load[0], 0.5 * (lo + hi), 1e-5);
  EXPECT_NEAR(r.load[1], 100 - 0.5 * (lo + hi), 1e-5);
  ASSERT_EQ(r.routes[0].size(), 2u);  // the second link entered by column generation
  EXPECT_NEAR(r.route_cost[0][0], r.route_cost[0][1], 1e-6);
  EXPECT_NEAR(r.min_cost[0], r.route_cost[0][0], 1e-6);
}

TEST(Ue, TwoClassesMeetWardropConditionsPerClass) {
  // Trucks weigh time 3x and use 2.5 capacity units; cars 1x. Three parallel links.
  auto p = parallel({1.0, 2.5}, {1.0, 3.0}, 3);
  p.groups.push_back(group(0, 90));
  p.groups.push_back(group(1, 20));
  UeOptions o;
  o.gap = 1e-10;
  auto r = solve_ue(p, cheapest_of(p), o);
  ASSERT_TRUE(r.converged);
  for (size_t g = 0; g < 2; ++g) {
    double used = 0;
    for (size_t i = 0; i < r.routes[g].size(); ++i) {
      if (r.route_flow[g][i] > 1e-6) {
        EXPECT_NEAR(r.route_cost[g][i], r.min_cost[g], 1e-5 * r.min_cost[g]) << g << " " << i;
      }
      EXPECT_GE(r.route_cost[g][i], r.min_cost[g] * (1 - 1e-9));
      used += r.route_flow[g][i];
    }
    EXPECT_NEAR(used, p.groups[g].demand, 1e-9);
  }
  // Unused links are not cheaper than the used ones: the cheapest link over all three equals
  // min_cost (column generation searched every link).
  for (uint32_t a = 0; a < 3; ++a)
    for (size_t g = 0; g < 2; ++g)
      EXPECT_GE((g == 0 ? 1.0 : 3.0) * c_of(a, r.load[a]), r.min_cost[g] * (1 - 1e-9));
  // Shared capacity: load = cars + 2.5 trucks.
  for (uint32_t a = 0; a < 3; ++a)
    EXPECT_NEAR(r.load[a], r.class_flow[0][a] + 2.5 * r.class_flow[1][a], 1e-9);
}

TEST(Ue, IdenticalClassesEqualOneClass) {
  auto one = parallel({1.0}, {1.0}, 3);
  one.groups.push_back(group(0, 120));
  auto two = parallel({1.0, 1.0}, {1.0, 1.0}, 3);
  two.groups.push_back(group(0, 70));
  two.groups.push_back(group(1, 50));
  UeOptions o;
  o.gap = 1e-12;
  auto r1 = solve_ue(one, cheapest_of(one), o);
  auto r2 = solve_ue(two, cheapest_of(two), o);
  ASSERT_TRUE(r1.converged && r2.converged);
  for (uint32_t a = 0; a < 3; ++a) EXPECT_NEAR(r1.load[a], r2.load[a], 1e-5) << a;
  EXPECT_NEAR(r1.min_cost[0], r2.min_cost[0], 1e-6);
  EXPECT_NEAR(r2.min_cost[0], r2.min_cost[1], 1e-6);
}

TEST(Ue, ElasticDemandFollowsItsDemandFunction) {
  auto p = parallel({1.0}, {1.0}, 1);
  auto g = group(0, 100);
  g.elasticity = -0.5;
  g.base_composite = 10;  // the free-flow cost: demand falls as the link congests
  p.groups.push_back(g);
  UeOptions o;
  o.gap = 1e-12;
  o.demand_tol = 1e-10;
  auto r = solve_ue(p, cheapest_of(p), o);
  ASSERT_TRUE(r.converged);
  const double t = r.demand[0];
  EXPECT_LT(t, 100);
  EXPECT_NEAR(t, 100 * std::pow(c_of(0, t) / 10, -0.5), 1e-6);
}

TEST(Ue, GroupWithoutRouteCarriesNothing) {
  auto p = parallel({1.0}, {1.0});
  p.groups.push_back(group(0, 10));
  auto none = [](size_t, const std::vector<std::vector<double>>&, double*) {
    return std::vector<uint32_t>{};
  };
  auto r = solve_ue(p, none);
  EXPECT_EQ(r.demand[0], 0);
  EXPECT_EQ(r.load[0] + r.load[1], 0);
}
