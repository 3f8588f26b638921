// Shared capacity (AssignProblem::share_group) and its use for dual-gauge track in the freight
// assignment (assign_freight, `corridor assign --demand`):
// * a group of links is one volume: the same equilibrium as the network with a single link;
// * the parameters of a group must agree (validated), b-old refuses groups;
// * a dual-gauge link (one state-graph arc per gauge and direction) carries exactly what the same
//   link carries on the single-gauge network, with the same delay, under BPR and queueing
//   delays, whichever gauge each OD needs beyond it (a split of the capacity between the gauges
//   would congest each gauge at half the capacity);
// * the same flows as the path-based UE of demand::solve_ue (forecast --equilibrium ue), an
//   independent solver that maps every gauge arc of a link direction onto one link;
// * threaded == single-threaded byte for byte.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "corridor/assign/assign.h"
#include "corridor/assign/freight.h"
#include "corridor/core/error.h"
#include "support/world.h"

namespace corridor::assign {
namespace {

struct Link {
  uint32_t tail, head;
  double fft, cap, b, power;
};

AssignProblem make(uint32_t n, const std::vector<Link>& links, std::vector<OdDemand> demand) {
  AssignProblem p;
  p.num_nodes = n;
  for (const auto& l : links) {
    p.tail.push_back(l.tail);
    p.head.push_back(l.head);
    p.free_flow_time.push_back(l.fft);
    p.capacity.push_back(l.cap);
    p.b.push_back(l.b);
    p.power.push_back(l.power);
  }
  p.demand = std::move(demand);
  return p;
}

AssignResult solve(const AssignProblem& p, const std::string& alg, double gap, int threads = 1) {
  AssignOptions opt;
  opt.algorithm = alg;
  opt.gap = gap;
  opt.max_iter = 20000;
  opt.threads = threads;
  NullReporter rep;
  return assign(p, opt, rep);
}

void expect_rel(double got, double want, double rel, const std::string& what) {
  EXPECT_NEAR(got, want, rel * std::max(1.0, std::fabs(want))) << what;
}

// 0 -> 3 through node 1 (link a, its own capacity) or node 2, whose approach is one physical
// link drawn as two parallel links s1, s2 (a group) in the shared problem and as one link s in
// the reference.
//   shared:    a: 0->1, 1->3;  s1, s2: 0->2 (one group);  2->3
//   reference: a: 0->1, 1->3;  s: 0->2;                    2->3
AssignProblem two_routes(bool shared) {
  std::vector<Link> links = {{0, 1, 10, 100, 0.15, 4}, {1, 3, 2, 1, 0, 0}, {2, 3, 1, 1, 0, 0}};
  links.push_back({0, 2, 8, 60, 1.0, 4});
  if (shared) links.push_back({0, 2, 8, 60, 1.0, 4});
  auto p = make(4, links, {{0, 3, 250}});
  if (shared) p.share_group = {0, 1, 2, 7, 7};
  return p;
}

class SharedAlgorithms : public ::testing::TestWithParam<std::string> {};
INSTANTIATE_TEST_SUITE_P(Assign, SharedAlgorithms, ::testing::Values("b", "fw", "cfw", "bfw"));

TEST_P(SharedAlgorithms, GroupOfParallelLinksEqualsOneLink) {
  const std::string alg = GetParam();
  const double gap = alg == "b" ? 1e-12 : alg == "fw" ? 1e-7 : 1e-9;
  const double tol = alg == "b" ? 1e-8 : 1e-4;
  auto ref = solve(two_routes(false), alg, gap);
  auto sh = solve(two_routes(true), alg, gap);
  ASSERT_TRUE(ref.summary.converged);
  ASSERT_TRUE(sh.summary.converged);
  EXPECT_GT(ref.flow[3], 10);  // both routes used: congestion matters
  EXPECT_GT(ref.flow[0], 10);
  expect_rel(sh.flow[0], ref.flow[0], tol, "link a");
  expect_rel(sh.flow[3] + sh.flow[4], ref.flow[3], tol, "the group carries the link's flow");
  // Both links of the group cost what the single link costs (at the group's total).
  expect_rel(sh.cost[3], ref.cost[3], tol, "cost s1");
  expect_rel(sh.cost[4], ref.cost[3], tol, "cost s2");
  expect_rel(sh.summary.beckmann, ref.summary.beckmann, tol, "Beckmann");
  expect_rel(sh.summary.tstt, ref.summary.tstt, tol, "TSTT");
  // The public helpers see the group too.
  expect_rel(beckmann_objective(two_routes(true), sh.flow),
             beckmann_objective(two_routes(false), ref.flow), tol, "beckmann_objective");
  auto c = link_costs(two_routes(true), sh.flow);
  expect_rel(c[3], ref.cost[3], tol, "link_costs");
  auto e = evaluate(two_routes(true), sh.flow);
  EXPECT_LT(e.relative_gap, alg == "b" ? 1e-10 : 1e-6);
}

TEST(ShareGroup, LinksOfAGroupMustShareTheirParameters) {
  auto p = two_routes(true);
  p.capacity[4] = 61;
  NullReporter rep;
  try {
    assign(p, AssignOptions{}, rep);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_input);
    EXPECT_NE(std::string(e.what()).find("link 4 shares capacity (share_group 7) with link 3"),
              std::string::npos)
        << e.what();
  }
  p = two_routes(true);
  p.share_group.pop_back();
  EXPECT_THROW(assign(p, AssignOptions{}, rep), Error);
  p = two_routes(true);
  AssignOptions old;
  old.algorithm = "b-old";
  try {
    assign(p, old, rep);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::usage);
  }
  // Linear costs may differ within a group.
  p = two_routes(true);
  p.linear_cost = {0, 0, 0, 0, 3};
  auto r = solve(p, "b", 1e-12);
  EXPECT_TRUE(r.summary.converged);
  EXPECT_NEAR(r.flow[4], 0, 1e-9);  // the dearer twin of the same capacity is unused
}

// ---- dual-gauge track in the freight assignment ----

// A -> C needs 1520 beyond B, A -> D needs 1435 (in the single-gauge world both lines are
// 1520); rail A -- B is congestible (line BPR, or a border with the queueing delay); a road
// alternative to C and D. A gauge change at B exists but costs far more than the road. The road
// to D is cheaper than the one to C (380 vs 420 USD/unit, rail 225 + delay), so at equilibrium
// only the D freight is split between rail and road, and every link flow is unique.
network::Network gauge_world(bool dual, bool border) {
  const std::string ab = dual ? "1435;1520" : "1520";
  const std::string bd = dual ? "1435" : "1520";
  const std::string far = border ? "GE" : "AZ";  // B, C and D
  const std::string cross = border ? " border" : "";
  auto net = test::world(R"(
node A AZ city transfer=1/10
node B )" + far + R"( station gauge=6/300 transfer=1/10
node C )" + far + R"( city transfer=1/10
node D )" + far + R"( city transfer=1/10
link ab A -- B rail km=100 h=10 g=)" +
                         ab + cross + R"(
link bc B -- C rail km=50 h=5 g=1520
link bd B -- D rail km=50 h=5 g=)" +
                         bd + R"(
link ac A -- C road km=200 h=22)" +
                         cross + R"(
link ad A -- D road km=200 h=18)" +
                         cross + R"(
profile teu vot=10 rail=0.5 road=1 ferry=0
)");
  net.links[*net.find_link("ab")].capacity_tpd = border ? 30000 : 100;
  return net;
}

struct GaugeRun {
  network::Network net;
  FreightResult r;
};

GaugeRun run_gauge(bool dual, bool border, int threads = 1, const std::string& alg = "b") {
  GaugeRun g{gauge_world(dual, border), {}};
  route::Router router(g.net);
  route::Options ro;
  ro.profile = "teu";
  const double scale = border ? 300 : 1;  // demand in proportion to the capacity
  std::vector<FreightOd> ods = {
      {*g.net.find_node("A"), *g.net.find_node("C"), (border ? 60 : 120) * scale, "c"},
      {*g.net.find_node("A"), *g.net.find_node("D"), 90 * scale, "d"}};
  AssignOptions ao;
  ao.algorithm = alg;
  ao.gap = alg == "b" ? 1e-12 : 1e-8;
  ao.max_iter = 20000;
  ao.threads = threads;
  NullReporter quiet;
  g.r = assign_freight(g.net, router, ro, ods, ao, FreightOptions{}, quiet);
  return g;
}

void expect_same_links(const GaugeRun& dual, const GaugeRun& single, double rel) {
  for (const char* id : {"ab", "bc", "bd", "ac", "ad"}) {
    const auto li = *single.net.find_link(id);
    expect_rel(dual.r.flow_ab[li], single.r.flow_ab[li], rel, std::string(id) + " flow");
    expect_rel(dual.r.flow_ba[li], single.r.flow_ba[li], rel, std::string(id) + " flow back");
    expect_rel(dual.r.delay_hours[li], single.r.delay_hours[li], rel, std::string(id) + " delay");
  }
  expect_rel(dual.r.summary.tstt, single.r.summary.tstt, rel, "TSTT");
}

TEST(FreightDualGauge, DualGaugeLineEqualsSingleGauge) {
  auto single = run_gauge(false, false), dual = run_gauge(true, false);
  ASSERT_TRUE(single.r.summary.converged);
  ASSERT_TRUE(dual.r.summary.converged);
  const auto ab = *single.net.find_link("ab");
  // A real equilibrium: the rail line is congested until the D freight is indifferent.
  EXPECT_GT(single.r.delay_hours[ab], 1);
  EXPECT_GT(single.r.flow_ab[*single.net.find_link("ad")], 1);
  EXPECT_NEAR(single.r.delay_hours[ab], 15.5, 1e-6);  // rail 225 + 10 d = road 380
  EXPECT_NEAR(single.r.delay_hours[ab], 10 * 0.15 * std::pow(single.r.flow_ab[ab] / 100, 4), 1e-9);
  expect_same_links(dual, single, 1e-6);
  // Both gauges of A -- B are used (the 1435 arc by A -> D, the 1520 one by A -> C).
  EXPECT_GT(dual.r.flow_ab[*dual.net.find_link("bd")], 1);
  EXPECT_GT(dual.r.flow_ab[*dual.net.find_link("bc")], 1);
}

TEST(FreightDualGauge, DualGaugeBorderQueueEqualsSingleGauge) {
  auto single = run_gauge(false, true), dual = run_gauge(true, true);
  ASSERT_TRUE(single.r.summary.converged);
  ASSERT_TRUE(dual.r.summary.converged);
  const auto ab = *single.net.find_link("ab");
  EXPECT_NEAR(single.r.delay_hours[ab], 15.5, 1e-6);
  EXPECT_GT(single.r.flow_ab[*single.net.find_link("ad")], 1);
  expect_same_links(dual, single, 1e-6);
}

TEST(FreightDualGauge, OtherAlgorithmsAgree) {
  auto single = run_gauge(false, false);
  for (const char* alg : {"bfw", "cfw"})
    expect_same_links(run_gauge(true, false, 1, alg), single, 1e-3);
}

TEST(FreightDualGauge, ThreadedEqualsSingleThreadedByteForByte) {
  auto one = run_gauge(true, false, 1), two = run_gauge(true, false, 2);
  for (auto li : one.net.links.ids()) {
    ASSERT_EQ(one.r.flow_ab[li], two.r.flow_ab[li]);
    ASSERT_EQ(one.r.flow_ba[li], two.r.flow_ba[li]);
    ASSERT_EQ(one.r.delay_hours[li], two.r.delay_hours[li]);
  }
  ASSERT_EQ(one.r.summary.tstt, two.r.summary.tstt);
}

// Oracle: the path-based UE of demand::solve_ue (assign_freight_classes, equilibrium "ue"),
// which maps every gauge arc of a link direction onto one solver link.
TEST(FreightDualGauge, EqualsPathBasedUe) {
  auto b = run_gauge(true, false);
  const auto& net = b.net;
  route::Router router(net);
  demand::CargoClass c;
  c.name = "one";
  c.unit = "tonnes";
  c.profile = "teu";
  c.tonnes_per_unit = c.capacity_tonnes_per_unit = net.profiles.at("teu").tonnes_per_unit;
  c.value_of_time = 10;
  c.cost_scale = 2;
  c.nest_scale = 1;
  const auto A = *net.find_node("A");
  std::vector<FreightClassOd> ods = {{A, *net.find_node("C"), 0, 120, "c", 0, 0, {}},
                                     {A, *net.find_node("D"), 0, 90, "d", 0, 0, {}}};
  FreightClassOptions opt;
  opt.equilibrium = "ue";
  opt.ue.gap = 1e-12;
  opt.ue.max_iter = 5000;
  auto u = assign_freight_classes(net, router, {c}, ods, opt);
  ASSERT_TRUE(u.converged);
  for (const char* id : {"ab", "bc", "bd", "ac", "ad"}) {
    const auto li = *net.find_link(id);
    expect_rel(u.class_ab[0][li], b.r.flow_ab[li], 1e-6, std::string(id) + " flow vs UE");
    expect_rel(u.delay_hours[li], b.r.delay_hours[li], 1e-6, std::string(id) + " delay vs UE");
  }
}

}  // namespace
}  // namespace corridor::assign
