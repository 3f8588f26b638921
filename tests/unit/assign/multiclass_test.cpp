// Multi-class assignment (AssignProblem::classes): shared capacity in PCU, class cost
// time_weight * t(V) + linear cost, closed links per class, and the gap over all classes.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "corridor/assign/assign.h"
#include "corridor/assign/tntp.h"
#include "corridor/core/error.h"
#include "corridor/core/reporter.h"

namespace corridor::assign {
namespace {

AssignResult solve(const AssignProblem& p, const std::string& alg, double gap, int threads = 1) {
  AssignOptions opt;
  opt.algorithm = alg;
  opt.gap = gap;
  opt.max_iter = 20000;
  opt.threads = threads;
  NullReporter rep;
  return assign(p, opt, rep);
}

// Two parallel links 0 -> 1:  a: t = 1 + V  (fft 1, b 1, cap 1, power 1),
//                             b: t = 2 + V/2 (fft 2, b 0.25, cap 1, power 1).
AssignProblem two_routes() {
  AssignProblem p;
  p.num_nodes = 2;
  p.tail = {0, 0};
  p.head = {1, 1};
  p.free_flow_time = {1, 2};
  p.capacity = {1, 1};
  p.b = {1, 0.25};
  p.power = {1, 1};
  return p;
}

class MultiClass : public ::testing::TestWithParam<std::string> {
 protected:
  double gap() const { return GetParam() == "fw" ? 1e-7 : 1e-10; }
  double tol() const { return GetParam() == "fw" ? 1e-3 : 1e-6; }
};
INSTANTIATE_TEST_SUITE_P(Assign, MultiClass, ::testing::Values("b", "b-old", "fw", "bfw"));

// Cars (pcu 1, time weight 1, demand 4) and trucks (pcu 2, time weight 2, demand 1, linear cost
// 3 on link a). Trucks on b, cars split: 1 + xa = 2 + (xb + 2)/2 with xa + xb = 4, so
// xa = 8/3, xb = 4/3, V = (8/3, 10/3); both car routes cost 11/3, trucks pay 22/3 on b and
// 22/3 + 3 on a.
TEST_P(MultiClass, TwoClassesTwoRoutesByHand) {
  AssignProblem p = two_routes();
  p.classes.push_back({"car", {{0, 1, 4}}, 1, 1, {}, {}});
  p.classes.push_back({"truck", {{0, 1, 1}}, 2, 2, {3, 0}, {}});
  const AssignResult r = solve(p, GetParam(), gap());
  EXPECT_TRUE(r.summary.converged) << r.summary.stop_reason;
  ASSERT_EQ(r.class_flow.size(), 2u);
  EXPECT_NEAR(r.class_flow[0][0], 8.0 / 3, tol());
  EXPECT_NEAR(r.class_flow[0][1], 4.0 / 3, tol());
  EXPECT_NEAR(r.class_flow[1][0], 0, tol());
  EXPECT_NEAR(r.class_flow[1][1], 1, tol());
  EXPECT_NEAR(r.flow[0], 8.0 / 3, tol());
  EXPECT_NEAR(r.flow[1], 10.0 / 3, tol());
  EXPECT_NEAR(r.cost[0], 11.0 / 3, tol());  // t + the problem's linear cost (none)
  EXPECT_NEAR(r.cost[1], 11.0 / 3, tol());
  // TSTT = 4 * 11/3 + 1 * 22/3; SPTT equal at equilibrium.
  EXPECT_NEAR(r.summary.tstt, 66.0 / 3, 1e-3);
  EXPECT_NEAR(r.summary.sptt, 66.0 / 3, 1e-3);
  EXPECT_LE(r.summary.relative_gap, gap());
}

// A link closed to a class is never used by it, even when it is the cheaper route; the other
// class still uses it, and the closed class's demand is still served.
TEST_P(MultiClass, ClosedLinkIsNeverUsed) {
  AssignProblem p = two_routes();
  p.classes.push_back({"car", {{0, 1, 1}}, 1, 1, {}, {}});
  p.classes.push_back({"truck", {{0, 1, 5}}, 1, 1, {}, {0, 1}});
  const AssignResult r = solve(p, GetParam(), gap());
  EXPECT_TRUE(r.summary.converged) << r.summary.stop_reason;
  EXPECT_EQ(r.class_flow[1][0], 0.0);  // exactly zero
  EXPECT_NEAR(r.class_flow[1][1], 5, 1e-9);
  // Cars: a costs 1 + xa, b costs 2 + (5 + xb)/2 >= 4.5, so all cars take a.
  EXPECT_NEAR(r.class_flow[0][0], 1, tol());
  EXPECT_NEAR(r.flow[1], 5, tol());
}

TEST_P(MultiClass, ClassWithoutAnOpenRouteIsNoRoute) {
  AssignProblem p = two_routes();
  p.classes.push_back({"car", {{0, 1, 1}}, 1, 1, {}, {}});
  p.classes.push_back({"barge", {{0, 1, 5}}, 1, 1, {}, {0, 0}});
  try {
    solve(p, GetParam(), gap());
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::no_route);
    EXPECT_NE(std::string(e.what()).find("class 'barge'"), std::string::npos) << e.what();
  }
}

std::string sioux_dir() { return std::string(CORRIDOR_SHARED_DATA) + "/tntp/SiouxFalls"; }

// Identical classes (pcu 1, time weight 1, the problem's linear cost) splitting the demand 70/30
// give the single-class equilibrium: same link volumes, Beckmann value and gap definition.
TEST_P(MultiClass, IdenticalClassesEqualSingleClass) {
  if (!std::filesystem::exists(sioux_dir()))
    GTEST_SKIP() << "shared TNTP data not found at " << sioux_dir() << "; skipping";
  const AssignProblem single = to_problem(read_tntp_network(sioux_dir()));
  AssignProblem multi = single;
  multi.demand.clear();
  multi.classes.resize(2);
  multi.classes[0].name = "a";
  multi.classes[1].name = "b";
  for (const OdDemand& d : single.demand) {
    multi.classes[0].demand.push_back({d.origin, d.destination, 0.7 * d.flow});
    multi.classes[1].demand.push_back({d.origin, d.destination, 0.3 * d.flow});
  }
  const bool fw = GetParam() == "fw" || GetParam() == "bfw";
  const double g = fw ? 1e-4 : 1e-8;
  // The single-class reference: Algorithm B to 1e-10 (link flows are unique; Frank-Wolfe would
  // take thousands of iterations to get there).
  const AssignResult rs = solve(single, "b", 1e-10);
  const AssignResult rm = solve(multi, GetParam(), g, 2);
  EXPECT_TRUE(rm.summary.converged) << rm.summary.stop_reason;
  ASSERT_EQ(rm.class_flow.size(), 2u);
  double dev = 0;
  for (size_t l = 0; l < rs.flow.size(); ++l) {
    dev = std::max(dev, std::fabs(rm.flow[l] - rs.flow[l]));
    EXPECT_NEAR(rm.flow[l], rm.class_flow[0][l] + rm.class_flow[1][l], 1e-9 * (1 + rm.flow[l]));
  }
  std::printf("%s: max |V_multi - V_single| = %.3e at gap %.1e\n", GetParam().c_str(), dev,
              rm.summary.relative_gap);
  EXPECT_LT(dev, fw ? 100 : 0.1) << "max |V_multi - V_single|";
  // Beckmann(x) - Beckmann* <= gap * SPTT.
  EXPECT_NEAR(rm.summary.beckmann, rs.summary.beckmann,
              rm.summary.relative_gap * rm.summary.sptt + 1e-9 * rs.summary.beckmann);
}

TEST(MultiClassProblem, ValidateChecksClasses) {
  AssignProblem p = two_routes();
  p.classes.push_back({"car", {{0, 1, 1}}, 1, 1, {}, {}});
  EXPECT_NO_THROW(p.validate());
  auto expect_bad = [](const AssignProblem& q, const char* what) {
    try {
      q.validate();
      ADD_FAILURE() << "accepted: " << what;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Errc::invalid_input);
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  AssignProblem q = p;
  q.classes[0].allowed = {1};
  expect_bad(q, "allowed has 1 entries but there are 2 links");
  q = p;
  q.classes[0].linear_cost = {1, 2, 3};
  expect_bad(q, "linear_cost has 3 entries");
  q = p;
  q.classes[0].linear_cost = {1, -2};
  expect_bad(q, "linear_cost of link 1");
  q = p;
  q.classes[0].pcu = 0;
  expect_bad(q, "pcu must be");
  q = p;
  q.classes[0].time_weight = NAN;
  expect_bad(q, "time_weight must be");
  q = p;
  q.classes[0].demand.push_back({0, 9, 1});
  expect_bad(q, "class 0 ('car'): OD pair 1");
  q = p;
  q.demand.push_back({0, 1, 1});
  expect_bad(q, "`demand` must be empty");
}

}  // namespace
}  // namespace corridor::assign
