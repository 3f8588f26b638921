// Logit SUE against independent solutions: a two-route network whose equilibrium is the root of
// a monotone scalar equation (solved by bisection here), symmetric routes, identical classes
// equal one class, and elastic demand on one link.
#include "corridor/demand/sue.h"

#include <gtest/gtest.h>

#include <cmath>

#include "corridor/demand/logit.h"

using namespace corridor::demand;

namespace {

// Two parallel links with c_a(x) = t_a (1 + (x / cap_a)^2) (+ per-class weight).
SueProblem two_routes(double demand, double theta) {
  SueProblem p;
  p.num_links = 2;
  p.pcu = {1.0};
  p.cost = [](uint32_t, uint32_t a, double x) {
    const double t = a == 0 ? 10.0 : 12.0, cap = a == 0 ? 50.0 : 80.0;
    return t * (1 + (x / cap) * (x / cap));
  };
  SueGroup g;
  g.demand = demand;
  g.theta = theta;
  g.routes = {{{0}, 0, 0.0}, {{1}, 0, 0.0}};
  p.groups.push_back(g);
  return p;
}

// x1 = D / (1 + exp(theta (c1(x1) - c2(D - x1)))): the right side falls as x1 grows, so the
// root of f(x1) = x1 - rhs(x1) is unique; bisection to machine precision.
double two_route_oracle(double d, double theta) {
  auto c1 = [](double x) { return 10.0 * (1 + (x / 50) * (x / 50)); };
  auto c2 = [](double x) { return 12.0 * (1 + (x / 80) * (x / 80)); };
  double lo = 0, hi = d;
  for (int i = 0; i < 200; ++i) {
    double m = 0.5 * (lo + hi);
    double f = m - d / (1 + std::exp(theta * (c1(m) - c2(d - m))));
    (f > 0 ? hi : lo) = m;
  }
  return 0.5 * (lo + hi);
}

}  // namespace

TEST(Sue, TwoRoutesMatchClosedFormFixedPoint) {
  for (double theta : {0.05, 0.5, 3.0}) {
    auto p = two_routes(100, theta);
    auto r = solve_sue(p);
    ASSERT_TRUE(r.converged) << theta;
    const double x1 = two_route_oracle(100, theta);
    EXPECT_NEAR(r.route_flow[0][0], x1, 1e-4) << "theta " << theta;
    EXPECT_NEAR(r.route_flow[0][1], 100 - x1, 1e-4) << "theta " << theta;
    EXPECT_NEAR(r.load[0], x1, 1e-4);
  }
}

TEST(Sue, IdenticalRoutesSplitEvenly) {
  SueProblem p;
  p.num_links = 2;
  p.pcu = {1.0};
  p.cost = [](uint32_t, uint32_t, double x) { return 5 + x * x / 100; };
  SueGroup g;
  g.demand = 40;
  g.theta = 1;
  g.routes = {{{0}, 0, 0.0}, {{1}, 0, 0.0}};
  p.groups.push_back(g);
  auto r = solve_sue(p);
  EXPECT_NEAR(r.route_flow[0][0], 20, 1e-9);
  EXPECT_NEAR(r.route_flow[0][1], 20, 1e-9);
}

TEST(Sue, IdenticalClassesEqualOneClass) {
  auto one = two_routes(100, 0.5);
  SueProblem two = one;
  two.pcu = {1.0, 1.0};
  two.groups[0].demand = 30;
  SueGroup g2 = two.groups[0];
  g2.cls = 1;
  g2.demand = 70;
  two.groups.push_back(g2);
  auto a = solve_sue(one), b = solve_sue(two);
  EXPECT_NEAR(b.route_flow[0][0] + b.route_flow[1][0], a.route_flow[0][0], 1e-4);
  EXPECT_NEAR(b.class_flow[0][0] / 30, b.class_flow[1][0] / 70, 1e-9);  // same shares
}

TEST(Sue, PcuWeightsSharedCapacity) {
  // A class with pcu 2 loads the link twice as much per unit: 50 units of it weigh like 100.
  auto one = two_routes(100, 0.5);
  SueProblem heavy = one;
  heavy.pcu = {2.0};
  heavy.groups[0].demand = 50;
  auto a = solve_sue(one), b = solve_sue(heavy);
  EXPECT_NEAR(b.load[0], a.load[0], 1e-3);
  EXPECT_NEAR(b.route_flow[0][0], a.route_flow[0][0] / 2, 1e-3);
}

TEST(Sue, ElasticDemandOnOneLinkReproducesArcElasticity) {
  // One uncongested link whose cost falls from 100 (base) to 80: T = T0 (80/100)^e.
  SueProblem p;
  p.num_links = 1;
  p.pcu = {1.0};
  p.cost = [](uint32_t, uint32_t, double) { return 80.0; };
  SueGroup g;
  g.demand = 500;
  g.theta = 0.02;
  g.elasticity = -0.7;
  g.base_composite = 100;
  g.routes = {{{0}, 0, 0.0}};
  p.groups.push_back(g);
  auto r = solve_sue(p);
  EXPECT_NEAR(arc_elasticity(500, r.demand[0], 100, 80), -0.7, 1e-9);
  EXPECT_NEAR(r.composite[0], 80, 1e-9);
}
