// Freight assignment on a drawn world: Wardrop equilibrium between two congested border
// crossings, flow conservation, and unreachable demand reported rather than dropped silently.
#include "corridor/assign/freight.h"

#include <gtest/gtest.h>

#include <cmath>

#include "two_borders.h"

using namespace corridor;

namespace {

route::Options teu_options() {
  route::Options o;
  o.profile = "teu";
  return o;
}

}  // namespace

TEST(Freight, WardropEquilibriumBetweenTwoCongestedBorders) {
  auto net = test::two_borders();
  route::Router router(net);
  route::Options ro;
  ro.profile = "teu";
  std::vector<assign::FreightOd> ods = {{*net.find_node("A"), *net.find_node("B"), 200, "test"}};
  assign::AssignOptions ao;
  ao.gap = 1e-10;
  NullReporter quiet;
  assign::FreightOptions bpr;
  bpr.queue_delay = false;  // the BPR border rule (the queueing default is tested below)
  auto r = assign::assign_freight(net, router, ro, ods, ao, bpr, quiet);
  double fx = r.flow_ab[*net.find_link("x")], fy = r.flow_ab[*net.find_link("y")];
  EXPECT_NEAR(fx + fy, 200, 1e-6);  // conservation
  EXPECT_GT(fx, fy);                // the free crossing takes more
  EXPECT_GT(fy, 1);                 // but congestion pushes some to the paid one
  // Wardrop: both used routes cost the same. cost = 10 * 10 * (1 + (f/100)^4) (+ 10 on Y).
  double cx = 100 * (1 + std::pow(fx / 100, 4)), cy = 100 * (1 + std::pow(fy / 100, 4)) + 10;
  EXPECT_NEAR(cx, cy, 1e-3 * cx);
  EXPECT_NEAR(r.delay_hours[*net.find_link("x")], 10 * std::pow(fx / 100, 4), 1e-6);
  EXPECT_NEAR(r.corridor_demand.at("test"), 200, 1e-9);
}

TEST(Freight, QueueingBordersEquilibrate) {
  // Default: the borders' congested term is sim::queue_delay (one 20 t truck per customer).
  auto net = test::two_borders();
  route::Router router(net);
  std::vector<assign::FreightOd> ods = {{*net.find_node("A"), *net.find_node("B"), 200, "test"}};
  assign::AssignOptions ao;
  ao.gap = 1e-10;
  NullReporter quiet;
  const assign::FreightOptions fo;
  auto r = assign::assign_freight(net, router, teu_options(), ods, ao, fo, quiet);
  const double fx = r.flow_ab[*net.find_link("x")], fy = r.flow_ab[*net.find_link("y")];
  EXPECT_NEAR(fx + fy, 200, 1e-6);
  // Both crossings carry more than their capacity (total demand is twice it), with a finite
  // delay of the time-dependent queue: 100 + 10 d(x) equal on both (+ $10 on Y).
  const sim::QueueDelay q{1, fo.truck_tonnes / (100.0 / 24), fo.queue_ca2, fo.queue_cs2,
                          fo.queue_period_hours};
  const double dx = sim::queue_delay(q, fx / 100), dy = sim::queue_delay(q, fy / 100);
  EXPECT_NEAR(100 + 10 * dx, 100 + 10 * dy + 10, 1e-3 * (100 + 10 * dx));
  EXPECT_NEAR(r.delay_hours[*net.find_link("x")], dx, 1e-6);
  EXPECT_TRUE(std::isfinite(dx));
  EXPECT_GT(fx, 100);
}

TEST(Freight, UnreachableDemandIsReported) {
  auto net = test::two_borders();
  route::Router router(net);
  std::vector<assign::FreightOd> ods = {{*net.find_node("A"), *net.find_node("C"), 50, "lost"},
                                        {*net.find_node("A"), *net.find_node("B"), 10, "ok"}};
  NullReporter quiet;
  auto r = assign::assign_freight(net, router, teu_options(), ods, assign::AssignOptions{},
                                  assign::FreightOptions{}, quiet);
  EXPECT_NEAR(r.unrouted.at("lost"), 50, 1e-9);
  EXPECT_NEAR(r.flow_ab[*net.find_link("x")] + r.flow_ab[*net.find_link("y")], 10, 1e-6);
}

TEST(Freight, ZonesAreNotPassedThroughAsFreeTransfers) {
  // A has road and rail but no transfer: freight from R (rail) to Q (road) via A must not use
  // A's zone connectors as a free mode change.
  auto net = test::world(R"(
node R AZ
node A AZ
node Q AZ
link ra R -- A rail km=10 kmh=10 g=1520
link aq A -- Q road km=10 kmh=10
profile teu vot=1 rail=1 road=1
)");
  route::Router router(net);
  std::vector<assign::FreightOd> ods = {{*net.find_node("R"), *net.find_node("Q"), 5, "x"},
                                        {*net.find_node("A"), *net.find_node("Q"), 1, "y"}};
  NullReporter quiet;
  auto r = assign::assign_freight(net, router, teu_options(), ods, assign::AssignOptions{},
                                  assign::FreightOptions{}, quiet);
  EXPECT_NEAR(r.unrouted.at("x"), 5, 1e-9);
  EXPECT_NEAR(r.flow_ab[*net.find_link("aq")], 1, 1e-9);
}

TEST(Freight, DualGaugeLinksDoNotDoubleTheirCapacity) {
  // The same demand over one 1520 mm link and over a dual-gauge one: the equilibrium delay must
  // not fall because the dual-gauge link has two arcs.
  auto delay = [](const char* gauge) {
    std::string w = std::string(R"(
node A AZ
node B AZ
link ab A -- B rail km=0 h=0 dwell=10 g=)") +
                    gauge + "\nprofile teu vot=10\n";
    auto net = test::world(w);
    net.links[network::LinkIdx{0}].capacity_tpd = 100;
    route::Router router(net);
    std::vector<assign::FreightOd> ods = {{*net.find_node("A"), *net.find_node("B"), 200, "x"}};
    NullReporter quiet;
    auto r = assign::assign_freight(net, router, teu_options(), ods, assign::AssignOptions{},
                                    assign::FreightOptions{}, quiet);
    return r.delay_hours[network::LinkIdx{0}];
  };
  const double single = delay("1520");
  EXPECT_NEAR(single, 10 * 0.15 * std::pow(200.0 / 100, 4), 1e-6);
  // Dual gauge: 100 units on each of two arcs of capacity 50 -> the same V/C of 2.
  EXPECT_NEAR(delay("1435;1520"), single, 1e-6);
}

TEST(Freight, TransfersDoNotChainAtANode) {
  // At P: ferry->rail and rail->road allowed, ferry->road forbidden. Freight from the sea to Q
  // by road must not change ferry->rail->road at P for free of the rule.
  auto net = test::world(R"(
node S AZ city
node P AZ port transfer=1/0 transfers=road-ferry:-
node Q AZ city
link sea S -- P ferry km=100 h=10
link road P -- Q road km=100 kmh=50
link stub P -- X rail km=1 kmh=50 g=1520
node X AZ city
profile teu vot=1
)");
  route::Router router(net);
  std::vector<assign::FreightOd> ods = {{*net.find_node("S"), *net.find_node("Q"), 5, "x"}};
  NullReporter quiet;
  auto r = assign::assign_freight(net, router, teu_options(), ods, assign::AssignOptions{},
                                  assign::FreightOptions{}, quiet);
  // The only legal way is ferry->rail at P, out to X and back by rail, then rail->road.
  EXPECT_NEAR(r.flow_ab[*net.find_link("stub")], 5, 1e-9);
  EXPECT_NEAR(r.flow_ba[*net.find_link("stub")], 5, 1e-9);
  EXPECT_NEAR(r.flow_ab[*net.find_link("road")], 5, 1e-9);
}

// Container terminals (issue 11): road to a transfer node, then rail. N is the cheaper transfer
// node but has no container terminal; T has one. A container class must change mode at T only;
// general cargo may (and mostly does) change at N. Without the terminal flags the container also
// uses N, so the test can fail.
TEST(FreightClasses, ContainersTransferOnlyAtContainerTerminals) {
  auto net = test::world(R"(
node A AZ
node N AZ station transfer=1/10
node T AZ station transfer=1/10
node B AZ
link an A -- N road km=10 h=1
link nb N -- B rail km=100 h=2 g=1520
link at A -- T road km=30 h=3
link tb T -- B rail km=100 h=2 g=1520
profile teu vot=10 rail=0.5 road=1 ferry=0
)");
  route::Router router(net);
  const double tpu = net.profiles.at("teu").tonnes_per_unit;
  demand::CargoClass box, general;
  box.name = "container";
  box.unit = "teu";
  box.tonnes_per_unit = tpu;
  box.value_of_time = 10;
  box.profile = "teu";
  box.capacity_tonnes_per_unit = tpu;
  box.cost_scale = 2;
  box.nest_scale = 1;
  box.needs_container_terminal = true;
  general = box;
  general.name = "general";
  general.needs_container_terminal = false;
  const auto A = *net.find_node("A"), B = *net.find_node("B");
  std::vector<assign::FreightClassOd> ods = {{A, B, 0, 100, "x", 0, 0, {}},
                                             {A, B, 1, 100, "x", 0, 0, {}}};
  assign::FreightClassOptions opt;
  opt.container_terminal.assign(net.nodes.size(), 0);
  opt.container_terminal[net.find_node("T")->v] = 1;
  auto r = assign::assign_freight_classes(net, router, {box, general}, ods, opt);
  const auto nb = *net.find_link("nb"), tb = *net.find_link("tb");
  ASSERT_TRUE(r.ods[0].routed);
  EXPECT_EQ(r.class_ab[0][nb], 0.0);                // never at the non-terminal node
  EXPECT_NEAR(r.class_ab[0][tb], 100, 1e-6);        // all boxes change mode at T
  EXPECT_GT(r.class_ab[1][nb], r.class_ab[1][tb]);  // general cargo prefers the cheaper N
  for (const auto& route : r.ods[0].routes)
    for (auto li : route.links) EXPECT_NE(li, nb) << "a container route transfers at N";
  // Without terminals the container behaves like general cargo.
  opt.container_terminal.clear();
  auto free = assign::assign_freight_classes(net, router, {box, general}, ods, opt);
  EXPECT_NEAR(free.class_ab[0][nb], free.class_ab[1][nb], 1e-9);
  EXPECT_GT(free.class_ab[0][nb], 1);
}

TEST(FreightClasses, TerminalsFileIsValidated) {
  auto rows = demand::parse_terminals(
      "node_id,container,source\nX,yes,some cite\nY,no,estimate: why\n", "t.csv");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[0].container);
  EXPECT_FALSE(rows[1].container);
  try {
    demand::parse_terminals("node_id,container,source\nX,maybe,some cite\n", "t.csv");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(e.full_text().find("t.csv:2:"), std::string::npos) << e.full_text();
    EXPECT_NE(e.full_text().find("yes or no"), std::string::npos) << e.full_text();
  }
}
