// Criticality on hand-drawn networks, with hand-computed Δ cost and unserved demand.
#include "corridor/critical/critical.h"

#include <gtest/gtest.h>

#include <map>

#include "corridor/core/error.h"
#include "corridor/route/router.h"
#include "support/world.h"

namespace corridor::critical {
namespace {

// Road tariff 1 USD/km, value of time 10 USD/h, so a link costs km + 10 h (+ fee).
//   AB: 100 + 10 = 110, BC: 110, AC: 300 + 20 = 320, CE (border, the only way to E): 10+10+50 = 70.
const char* kWorld = R"(
node A AZ city
node B AZ city
node C AZ city
node E GE city
link AB A -- B road km=100 h=1
link BC B -- C road km=100 h=1
link AC A -- C road km=300 h=2
link CE C -- E road km=10 h=1 border fee=50
profile teu vot=10 road=1
)";

struct Fixture : ::testing::Test {
  network::Network net = test::world(kWorld);
  route::Router router{net};
  route::Options ro{.profile = "teu",
                    .modes = network::kAllModes,
                    .avoid = {},
                    .year = 2026,
                    .max_borders = -1,
                    .banned = {}};
  std::vector<Od> ods;
  network::LinkIdx id(const char* s) { return *net.find_link(s); }
  void SetUp() override {
    ods = {{*net.find_node("A"), *net.find_node("C"), 2},
           {*net.find_node("A"), *net.find_node("E"), 1}};
  }
  std::vector<network::LinkIdx> all() { return select_links(net, "", ro.year); }
};

TEST_F(Fixture, BaseAonCostsAndVolumes) {
  AonBase b = assign_aon(router, ro, ods);
  EXPECT_DOUBLE_EQ(b.paths[0].cost, 220);
  EXPECT_DOUBLE_EQ(b.paths[1].cost, 290);
  EXPECT_DOUBLE_EQ(b.total_cost, 2 * 220 + 290);
  EXPECT_DOUBLE_EQ(b.volume[id("AB")], 3);
  EXPECT_DOUBLE_EQ(b.volume[id("AC")], 0);
  EXPECT_DOUBLE_EQ(b.volume[id("CE")], 1);
}

TEST_F(Fixture, RemovalDeltaCostAndUnservedByHand) {
  Analysis a = analyse(net, router, ro, ods, all(), {});
  ASSERT_EQ(a.impacts.size(), 4u);
  auto at = [&](const char* s) {
    for (const auto& im : a.impacts)
      if (im.link == id(s)) return im;
    ADD_FAILURE() << s;
    return Impact{};
  };
  // Without AB: A->C via AC (320 vs 220) x2 = 200; A->E 390 vs 290 x1 = 100.
  EXPECT_DOUBLE_EQ(at("AB").delta_cost, 300);
  EXPECT_DOUBLE_EQ(at("BC").delta_cost, 300);
  EXPECT_TRUE(at("AB").connected);
  EXPECT_DOUBLE_EQ(at("AC").delta_cost, 0);
  EXPECT_EQ(at("AC").ods_affected, 0);
  // CE is a bridge: E is cut off.
  EXPECT_DOUBLE_EQ(at("CE").unserved, 1);
  EXPECT_FALSE(at("CE").connected);
  EXPECT_DOUBLE_EQ(at("CE").delta_cost, 0);
}

// Emissions by hand, kg per unit over each link: AB 2, BC 3, AC 10, CE 1.
// Without AB: A->C (2 units) goes AC (10) instead of AB+BC (5): +10; A->E (1 unit) AC+CE (11)
// instead of AB+BC+CE (6): +5; total +15 kg/day. Without BC the same. AC is unused: 0. Without CE,
// A->E is stranded: its emissions are not counted as a saving: 0.
TEST_F(Fixture, DeltaEmissionByHand) {
  Options o;
  o.link_emission = network::IndexedVector<network::LinkIdx, double>(net.links.size(), 0.0);
  o.link_emission[id("AB")] = 2;
  o.link_emission[id("BC")] = 3;
  o.link_emission[id("AC")] = 10;
  o.link_emission[id("CE")] = 1;
  for (auto assignment : {Assignment::aon, Assignment::ue}) {
    o.assignment = assignment;
    o.ue_options.gap = 1e-9;
    Analysis a = analyse(net, router, ro, ods, all(), o);
    std::map<std::string, double> d;
    for (const auto& im : a.impacts) d[net.links[im.link].id] = im.delta_emission;
    EXPECT_NEAR(d["AB"], 15, 1e-6);
    EXPECT_NEAR(d["BC"], 15, 1e-6);
    EXPECT_NEAR(d["AC"], 0, 1e-6);
    EXPECT_NEAR(d["CE"], 0, 1e-6);
  }
  // Pairs: without AB and CE, A->C still moves to AC (+10) and A->E is stranded (not counted).
  o.assignment = Assignment::aon;
  Analyser an(net, router, ro, ods, o);
  EXPECT_NEAR(an.impact(Removal{id("AB"), id("CE")}).delta_emission, 10, 1e-9);
  // Without emissions nothing is reported.
  EXPECT_EQ(analyse(net, router, ro, ods, all(), {}).impacts[0].delta_emission, 0);
  o.link_emission = network::IndexedVector<network::LinkIdx, double>(2, 0.0);
  EXPECT_THROW(Analyser(net, router, ro, ods, o), Error);
}

TEST_F(Fixture, RankingIsStableOnTies) {
  Analysis a = analyse(net, router, ro, ods, all(), {});
  auto order = rank(net, a.impacts, Metric::cost);
  std::vector<std::string> ids;
  for (auto i : order) ids.push_back(net.links[a.impacts[i].link].id);
  EXPECT_EQ(ids, (std::vector<std::string>{"AB", "BC", "AC", "CE"}));
  order = rank(net, a.impacts, Metric::both);
  EXPECT_EQ(net.links[a.impacts[order[0]].link].id, "CE");
  EXPECT_EQ(net.links[a.impacts[order[1]].link].id, "AB");
}

TEST_F(Fixture, UeOnUncongestedNetworkEqualsAon) {
  Options o;
  o.assignment = Assignment::ue;
  o.ue_options.gap = 1e-6;
  Analysis ue = analyse(net, router, ro, ods, all(), o);
  Analysis aon = analyse(net, router, ro, ods, all(), {});
  EXPECT_NEAR(ue.base_cost, aon.base_cost, 1e-6);
  for (size_t i = 0; i < ue.impacts.size(); ++i) {
    EXPECT_NEAR(ue.impacts[i].delta_cost, aon.impacts[i].delta_cost, 1e-6) << i;
    EXPECT_NEAR(ue.impacts[i].unserved, aon.impacts[i].unserved, 1e-9) << i;
    EXPECT_EQ(ue.impacts[i].connected, aon.impacts[i].connected) << i;
  }
}

TEST_F(Fixture, ThreadCountDoesNotChangeResults) {
  Options one, two;
  one.threads = 1;
  two.threads = 2;
  Analysis a = analyse(net, router, ro, ods, all(), one);
  Analysis b = analyse(net, router, ro, ods, all(), two);
  ASSERT_EQ(a.impacts.size(), b.impacts.size());
  for (size_t i = 0; i < a.impacts.size(); ++i) {
    EXPECT_EQ(a.impacts[i].link, b.impacts[i].link);
    EXPECT_EQ(a.impacts[i].delta_cost, b.impacts[i].delta_cost);
    EXPECT_EQ(a.impacts[i].unserved, b.impacts[i].unserved);
  }
}

TEST_F(Fixture, CapacityCutNeedsUe) {
  Options o;
  o.capacity_fraction = 0.5;
  EXPECT_THROW(analyse(net, router, ro, ods, all(), o), Error);
}

TEST_F(Fixture, SelectLinkVolumesSumToLinkVolume) {
  AonBase b = assign_aon(router, ro, ods);
  for (const char* l : {"AB", "BC", "AC", "CE"}) {
    double sum = 0;
    for (const auto& s : select_link(b, id(l))) sum += s.units_per_day;
    EXPECT_DOUBLE_EQ(sum, b.volume[id(l)]) << l;
  }
  auto s = select_link(b, id("CE"));
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].od, 1u);
}

// One congested link, one path: the equilibrium flow is the demand, so the cost of a capacity cut
// follows from the volume-delay function alone. cost/unit = 100 (km) + 10 (vot) x 10 h x
// (1 + 0.15 (x / cap)^4); x = 100, cap 100 -> 215; cap 50 -> 100 + 100 (1 + 0.15 x 16) = 440.
TEST(CapacityCut, SinglePathMatchesTheVolumeDelayFunction) {
  auto net = test::world(R"(
node A AZ city
node B AZ city
link AB A -- B road km=100 h=10
profile teu vot=10 road=1
)");
  net.links[*net.find_link("AB")].capacity_tpd = 100;
  route::Router router(net);
  route::Options ro;
  ro.profile = "teu";
  std::vector<Od> ods = {{*net.find_node("A"), *net.find_node("B"), 100}};
  Options o;
  o.assignment = Assignment::ue;
  o.capacity_fraction = 0.5;
  o.ue_options.gap = 1e-9;
  Analysis a = analyse(net, router, ro, ods, {*net.find_link("AB")}, o);
  EXPECT_NEAR(a.base_cost, 100 * 215.0, 1e-6);
  ASSERT_EQ(a.impacts.size(), 1u);
  EXPECT_NEAR(a.impacts[0].delta_cost, 100 * (440.0 - 215.0), 1e-6);
  EXPECT_TRUE(a.impacts[0].connected);
  // Removal instead strands the demand; nothing is left to cost.
  o.capacity_fraction.reset();
  Analysis r = analyse(net, router, ro, ods, {*net.find_link("AB")}, o);
  EXPECT_DOUBLE_EQ(r.impacts[0].unserved, 100);
  EXPECT_FALSE(r.impacts[0].connected);
  EXPECT_NEAR(r.impacts[0].delta_cost, 0, 1e-9);
}

// Two pairs of parallel links. P1/P2 (A-B) each cost 110 and have a detour A-C-B of 420; Q1/Q2
// (B-E) each cost 60 and have none. Any single removal leaves an equal parallel link: Δ 0 and
// connected. Removing P1 and P2 together sends A->B (2 units) and A->E (1 unit) round the detour:
// Δ = 2 x (420 - 110) + 1 x (480 - 170) = 930, connected. Removing Q1 and Q2 together cuts E off:
// 1 unit unserved, Δ 0 (A->B keeps its path).
const char* kParallel = R"(
node A AZ city
node B AZ city
node C AZ city
node E AZ city
link P1 A -- B road km=100 h=1
link P2 A -- B road km=100 h=1
link AC A -- C road km=200 h=1
link CB C -- B road km=200 h=1
link Q1 B -- E road km=50 h=1
link Q2 B -- E road km=50 h=1
profile teu vot=10 road=1
)";

struct Pairs : ::testing::Test {
  network::Network net = test::world(kParallel);
  route::Router router{net};
  route::Options ro{.profile = "teu",
                    .modes = network::kAllModes,
                    .avoid = {},
                    .year = 2026,
                    .max_borders = -1,
                    .banned = {}};
  std::vector<Od> ods;
  void SetUp() override {
    ods = {{*net.find_node("A"), *net.find_node("B"), 2},
           {*net.find_node("A"), *net.find_node("E"), 1}};
  }
  std::vector<network::LinkIdx> all() { return select_links(net, "", ro.year); }
  std::string name(const Impact& im) {
    return net.links[im.link].id + (im.link2 ? "+" + net.links[*im.link2].id : "");
  }
  const Impact& at(const Analysis& a, const char* x, const char* y) {
    for (const auto& im : a.impacts)
      if (net.links[im.link].id == x && im.link2 && net.links[*im.link2].id == y) return im;
    ADD_FAILURE() << x << "+" << y;
    return a.impacts.front();
  }
};

TEST_F(Pairs, PairsOfEnumeratesEachUnorderedPairOnce) {
  auto p = pairs_of(all());
  ASSERT_EQ(p.size(), 15u);  // C(6, 2)
  EXPECT_EQ(p[0].a, all()[0]);
  EXPECT_EQ(*p[0].b, all()[1]);
  EXPECT_EQ(p[14].a, all()[4]);
  EXPECT_EQ(*p[14].b, all()[5]);
  EXPECT_TRUE(pairs_of({all()[0]}).empty());
  EXPECT_TRUE(pairs_of({}).empty());
}

TEST_F(Pairs, ParallelLinksAreHarmlessAloneAndCriticalTogether) {
  Analysis singles = analyse(net, router, ro, ods, all(), {});
  for (const auto& im : singles.impacts) {
    EXPECT_DOUBLE_EQ(im.delta_cost, 0) << name(im);
    EXPECT_TRUE(im.connected) << name(im);
    EXPECT_FALSE(im.link2.has_value());
  }
  Analysis pairs = analyse(net, router, ro, ods, pairs_of(all()), {});
  ASSERT_EQ(pairs.impacts.size(), 15u);
  EXPECT_DOUBLE_EQ(pairs.base_cost, 2 * 110 + 170);
  const auto& p = at(pairs, "P1", "P2");
  EXPECT_DOUBLE_EQ(p.delta_cost, 930);
  EXPECT_TRUE(p.connected);
  EXPECT_EQ(p.ods_affected, 2);
  EXPECT_DOUBLE_EQ(p.base_volume + p.base_volume2, 3);  // the base uses one of the two
  const auto& q = at(pairs, "Q1", "Q2");
  EXPECT_DOUBLE_EQ(q.unserved, 1);
  EXPECT_FALSE(q.connected);
  EXPECT_DOUBLE_EQ(q.delta_cost, 0);
  // Every other pair leaves a parallel link on both crossings: nothing changes.
  for (const auto& im : pairs.impacts) {
    const std::string n = name(im);
    if (n == "P1+P2" || n == "Q1+Q2") continue;
    EXPECT_DOUBLE_EQ(im.delta_cost, 0) << n;
    EXPECT_DOUBLE_EQ(im.unserved, 0) << n;
  }
}

TEST_F(Pairs, RankedWithBothIdsAndStableTies) {
  Analysis a = analyse(net, router, ro, ods, pairs_of(all()), {});
  std::vector<std::string> cost, both;
  for (auto i : rank(net, a.impacts, Metric::cost)) cost.push_back(name(a.impacts[i]));
  for (auto i : rank(net, a.impacts, Metric::both)) both.push_back(name(a.impacts[i]));
  // Cost: P1+P2 first, then the 14 zero-cost pairs by (first id, second id); a pair lists its
  // links in candidate (network file) order.
  EXPECT_EQ(cost, (std::vector<std::string>{"P1+P2", "AC+CB", "AC+Q1", "AC+Q2", "CB+Q1", "CB+Q2",
                                            "P1+AC", "P1+CB", "P1+Q1", "P1+Q2", "P2+AC", "P2+CB",
                                            "P2+Q1", "P2+Q2", "Q1+Q2"}));
  ASSERT_GE(both.size(), 2u);
  EXPECT_EQ(both[0], "Q1+Q2");
  EXPECT_EQ(both[1], "P1+P2");
  // A single removal ranks before a pair that starts with the same link when tied.
  ASSERT_EQ(name(a.impacts[1]), "P1+AC");
  std::vector<Impact> mixed = {a.impacts[1], Impact{a.impacts[1].link, {}, 0, 0, true, 0, 0, 0}};
  auto order = rank(net, mixed, Metric::cost);
  EXPECT_EQ(order, (std::vector<size_t>{1, 0}));
}

TEST_F(Pairs, InteractionIsPairMinusSinglesAndRanksParallelLinksFirst) {
  Analysis singles = analyse(net, router, ro, ods, all(), {});
  Analysis pairs = analyse(net, router, ro, ods, pairs_of(all()), {});
  pair_interactions(pairs.impacts, singles.impacts);
  EXPECT_DOUBLE_EQ(at(pairs, "P1", "P2").interaction, 930);  // 930 - 0 - 0
  EXPECT_DOUBLE_EQ(at(pairs, "Q1", "Q2").interaction, 0);
  auto order = rank(net, pairs.impacts, Metric::interaction);
  EXPECT_EQ(name(pairs.impacts[order[0]]), "P1+P2");
  // A pair whose link was never removed alone cannot be given an interaction.
  std::vector<Impact> none;
  EXPECT_THROW(pair_interactions(pairs.impacts, none), Error);
}

TEST_F(Pairs, UeOnUncongestedNetworkEqualsAonAndThreadsAgree) {
  Options ue;
  ue.assignment = Assignment::ue;
  ue.ue_options.gap = 1e-6;
  ue.threads = 2;
  Options one;
  one.threads = 1;
  Analysis u = analyse(net, router, ro, ods, pairs_of(all()), ue);
  Analysis a = analyse(net, router, ro, ods, pairs_of(all()), one);
  Options two;
  two.threads = 2;
  Analysis b = analyse(net, router, ro, ods, pairs_of(all()), two);
  ASSERT_EQ(u.impacts.size(), a.impacts.size());
  for (size_t i = 0; i < a.impacts.size(); ++i) {
    EXPECT_NEAR(u.impacts[i].delta_cost, a.impacts[i].delta_cost, 1e-6) << i;
    EXPECT_NEAR(u.impacts[i].unserved, a.impacts[i].unserved, 1e-9) << i;
    EXPECT_EQ(a.impacts[i].delta_cost, b.impacts[i].delta_cost) << i;
    EXPECT_EQ(a.impacts[i].link2, b.impacts[i].link2) << i;
  }
}

TEST_F(Pairs, SameLinkTwiceIsRefused) {
  Analyser an(net, router, ro, ods, {});
  auto l = *net.find_link("P1");
  EXPECT_THROW(an.impact(Removal{l, l}), Error);
}

TEST(Filter, TermsAndGlobs) {
  auto net = test::world(kWorld);
  EXPECT_EQ(select_links(net, "border", 2026).size(), 1u);
  EXPECT_EQ(select_links(net, "A*", 2026).size(), 2u);
  EXPECT_EQ(select_links(net, "A?,CE", 2026).size(), 3u);
  EXPECT_THROW(select_links(net, "nothing", 2026), Error);
  EXPECT_TRUE(glob_match("G*-*1", "GE-AZ-1"));
  EXPECT_FALSE(glob_match("G?", "GEO"));
}

}  // namespace
}  // namespace corridor::critical

namespace corridor::critical {
namespace {

// Full-UE criticality of a generic problem, by hand. Nodes 0..3 are zones (never passed through).
// 0->1: L0 c = 10 + 0.1 x and L1 c = 20 + 0.2 x (BPR, power 1, capacity 100), demand 100: the
// equilibrium puts everything on L0 at cost 20 (L1 would cost 20 too at zero flow): TSTT 2000.
// 0->2: L2 constant 5, demand 10: 50. A shortcut 0->3->2 (L3, L4: 1 each) passes through zone 3,
// so it is never used, and without L2 the OD 0->2 has no path.
assign::AssignProblem hand_problem() {
  assign::AssignProblem p;
  p.num_nodes = 4;
  p.first_thru_node = 4;
  p.tail = {0, 0, 0, 0, 3};
  p.head = {1, 1, 2, 3, 2};
  p.free_flow_time = {10, 20, 5, 1, 1};
  p.capacity = {100, 100, 1, 1, 1};
  p.b = {1, 1, 0, 0, 0};
  p.power = {1, 1, 0, 0, 0};
  p.demand = {{0, 1, 100}, {0, 2, 10}};
  return p;
}

// Cold (link deleted) and warm-started (link closed, from the base bushes) alike.
TEST(ProblemCriticality, HandComputedDeltaTsttUnservedAndZones) {
  for (bool warm : {false, true}) {
    SCOPED_TRACE(warm ? "warm" : "cold");
    assign::AssignOptions ao;
    ao.gap = 1e-10;
    auto a = analyse_problem(hand_problem(), {0, 1, 2, 3}, ao, 2, warm);
    EXPECT_NEAR(a.base.tstt, 2050, 1e-3);
    EXPECT_NEAR(a.base_flow[0], 100, 1e-3);
    ASSERT_EQ(a.impacts.size(), 4u);
    // Without L0: all 100 on L1 at 20 + 20 = 40 -> 4000 + 50.
    EXPECT_NEAR(a.impacts[0].delta_tstt, 2000, 1e-3);
    EXPECT_TRUE(a.impacts[0].connected);
    // L1 carries nothing at equilibrium: removing it changes nothing.
    EXPECT_NEAR(a.impacts[1].delta_tstt, 0, 1e-3);
    // Without L2, 0->2 can only pass through zone 3: stranded, and no saving is counted.
    EXPECT_DOUBLE_EQ(a.impacts[2].unserved, 10);
    EXPECT_FALSE(a.impacts[2].connected);
    EXPECT_NEAR(a.impacts[2].delta_tstt, 0, 1e-3);
    // L3 leads only into a zone nobody travels to.
    EXPECT_NEAR(a.impacts[3].delta_tstt, 0, 1e-3);
    EXPECT_TRUE(a.impacts[3].connected);
    for (const auto& im : a.impacts) EXPECT_TRUE(im.converged) << im.link;
    // Same answers on one thread.
    auto b = analyse_problem(hand_problem(), {0, 1, 2, 3}, ao, 1, warm);
    for (size_t i = 0; i < 4; ++i) EXPECT_EQ(a.impacts[i].delta_tstt, b.impacts[i].delta_tstt) << i;
  }
}

TEST(ProblemCriticality, WithoutLinkShortensEveryArray) {
  auto q = without_link(hand_problem(), 1);
  EXPECT_EQ(q.num_links(), 4u);
  EXPECT_EQ(q.free_flow_time, (std::vector<double>{10, 5, 1, 1}));
  EXPECT_EQ(q.capacity.size(), 4u);
  EXPECT_EQ(q.power.size(), 4u);
  EXPECT_THROW(without_link(hand_problem(), 5), Error);
}

}  // namespace
}  // namespace corridor::critical
