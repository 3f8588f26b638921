// Multimodal routing on drawn test worlds with hand-computed totals.
#include "corridor/route/router.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "corridor/core/error.h"
#include "corridor/route/dijkstra.h"
#include "support/world.h"

using namespace corridor;
using corridor::test::world;

namespace {

// A --road-- B ==rail 1520== C ==rail 1435, border== D ==rail 1435== E
// Transfer at B (3 h, $50), gauge change at C (6 h, $300), border C|D (0.5 h + 4 h dwell, $80 fee).
const char* kChain = R"(
node A AZ city
node B AZ station transfer=3/50
node C AZ station gauge=6/300
node D GE border_post
node E GE city
link AB A -- B road km=100 kmh=50
link BC B -- C rail km=200 kmh=50 g=1520
link CD C -- D rail km=1 h=0.5 dwell=4 fee=80 g=1435 border
link DE D -- E rail km=50 kmh=50 g=1435
profile teu vot=10 rail=0.5 road=1
)";

network::NodeIdx id(const network::Network& n, const char* s) { return *n.find_node(s); }

route::Options opts(int year = 2026) {
  route::Options o;
  o.profile = "teu";
  o.year = year;
  return o;
}

}  // namespace

TEST(Router, TransferGaugeChangeAndBorderHandComputed) {
  auto net = world(kChain);
  route::Router r(net);
  EXPECT_TRUE(r.check().empty());
  auto p = r.shortest(id(net, "A"), id(net, "E"), opts());
  ASSERT_TRUE(p);
  // road 2 h $100; transfer 3 h $50; rail 4 h $100; gauge 6 h $300; border 4.5 h $80.5; rail 1 h
  // $25
  EXPECT_DOUBLE_EQ(p->hours, 2 + 3 + 4 + 6 + 4.5 + 1);
  EXPECT_DOUBLE_EQ(p->usd, 100 + 50 + 100 + 300 + 80.5 + 25);
  EXPECT_DOUBLE_EQ(p->km, 351);
  EXPECT_DOUBLE_EQ(p->cost, 655.5 + 10 * 20.5);
  EXPECT_EQ(p->borders, 1);
  EXPECT_EQ(p->countries, (std::vector<std::string>{"AZ", "GE"}));
  ASSERT_EQ(p->steps.size(), 6u);
  EXPECT_EQ(p->steps[1].kind, route::StepKind::transfer);
  EXPECT_EQ(p->steps[3].kind, route::StepKind::gauge_change);
  EXPECT_EQ(p->steps[3].from_gauge, 1520);
  EXPECT_EQ(p->steps[3].gauge, 1435);
  EXPECT_TRUE(p->steps[4].border);
}

TEST(Router, NoTransferOrGaugeChangeWhereTheNodeOffersNone) {
  std::string w = kChain;
  w.replace(w.find("transfer=3/50"), 13, "");
  auto net = world(w);
  route::Router r(net);
  EXPECT_FALSE(r.shortest(id(net, "A"), id(net, "E"), opts()));
  EXPECT_TRUE(r.shortest(id(net, "B"), id(net, "E"), opts()));
  auto net2 = world(std::string(kChain).replace(std::string(kChain).find("gauge=6/300"), 11, ""));
  route::Router r2(net2);
  EXPECT_FALSE(r2.shortest(id(net2, "B"), id(net2, "E"), opts()));
}

TEST(Router, ClosedBorderHasNoRoute) {
  std::string w = kChain;
  w.replace(w.find("g=1435 border"), 13, "g=1435 border status=closed@1993");
  auto net = world(w);
  route::Router r(net);
  EXPECT_FALSE(r.shortest(id(net, "A"), id(net, "E"), opts()));
}

TEST(Router, YearOpensPlannedLinks) {
  std::string w = kChain;
  w.replace(w.find("g=1435 border"), 13, "g=1435 border status=planned@2028");
  auto net = world(w);
  route::Router r(net);
  EXPECT_FALSE(r.shortest(id(net, "A"), id(net, "E"), opts(2027)));
  auto p = r.shortest(id(net, "A"), id(net, "E"), opts(2028));
  ASSERT_TRUE(p);
  EXPECT_DOUBLE_EQ(p->hours, 20.5);
}

TEST(Router, ModesRestrictTheSearch) {
  auto net = world(kChain);
  route::Router r(net);
  auto o = opts();
  o.modes = 1u << static_cast<int>(network::Mode::rail);
  EXPECT_FALSE(r.shortest(id(net, "A"), id(net, "E"), o));
  auto p = r.shortest(id(net, "B"), id(net, "E"), o);
  ASSERT_TRUE(p);
  EXPECT_DOUBLE_EQ(p->hours, 4 + 6 + 4.5 + 1);
}

namespace {
// Two ways from A to C: through Georgia (2 borders, cheap) or a long domestic road.
const char* kDetour = R"(
node A AZ city
node A1 AZ border_post
node X1 GE border_post
node X2 GE border_post
node C1 AZ border_post
node C AZ city
link a A -- A1 road km=10 kmh=50
link b A1 -- X1 road km=1 kmh=50 dwell=1 fee=10 border
link c X1 -- X2 road km=100 kmh=50
link d X2 -- C1 road km=1 kmh=50 dwell=1 fee=10 border
link e C1 -- C road km=10 kmh=50
link f A -- C road km=400 kmh=50
link h A -- C road km=500 kmh=50
profile teu vot=10 road=1
)";
}  // namespace

TEST(Router, CheapestCrossesGeorgia) {
  auto net = world(kDetour);
  route::Router r(net);
  auto p = r.shortest(id(net, "A"), id(net, "C"), opts());
  ASSERT_TRUE(p);
  EXPECT_NEAR(p->hours, 0.2 + 1.02 + 2 + 1.02 + 0.2, 1e-9);
  EXPECT_NEAR(p->usd, 10 + 11 + 100 + 11 + 10, 1e-9);
  EXPECT_NEAR(p->cost, 142 + 44.4, 1e-9);
  EXPECT_EQ(p->borders, 2);
  EXPECT_EQ(p->countries, (std::vector<std::string>{"AZ", "GE", "AZ"}));
}

TEST(Router, AvoidCountryForcesDomesticRoad) {
  auto net = world(kDetour);
  route::Router r(net);
  auto o = opts();
  o.avoid = {"GE"};
  auto p = r.shortest(id(net, "A"), id(net, "C"), o);
  ASSERT_TRUE(p);
  EXPECT_DOUBLE_EQ(p->hours, 8);
  EXPECT_DOUBLE_EQ(p->usd, 400);
  EXPECT_EQ(p->borders, 0);
  o.avoid = {"AZ"};  // origin itself avoided: nothing
  EXPECT_FALSE(r.shortest(id(net, "A"), id(net, "C"), o));
}

TEST(Router, MaxBordersLimitsCrossings) {
  auto net = world(kDetour);
  route::Router r(net);
  for (int mb : {0, 1}) {
    auto o = opts();
    o.max_borders = mb;
    auto p = r.shortest(id(net, "A"), id(net, "C"), o);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->borders, 0) << mb;
    EXPECT_DOUBLE_EQ(p->cost, 480) << mb;
  }
  auto o = opts();
  o.max_borders = 2;
  auto p = r.shortest(id(net, "A"), id(net, "C"), o);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->borders, 2);
}

TEST(Router, AlternativesDifferInTheirBorders) {
  auto net = world(kDetour);
  route::Router r(net);
  auto alts = r.alternatives(id(net, "A"), id(net, "C"), opts(), 3);
  // Only two distinct border sets exist: {b, d} and {}; the 500 km road shares {} and is not
  // listed.
  ASSERT_EQ(alts.size(), 2u);
  EXPECT_NEAR(alts[0].cost, 186.4, 1e-9);
  EXPECT_EQ(alts[0].borders, 2);
  EXPECT_DOUBLE_EQ(alts[1].cost, 480);
  EXPECT_EQ(alts[1].borders, 0);
}

TEST(Router, ParetoSetOverHoursUsdBorders) {
  auto net = world(kDetour);
  route::Router r(net);
  auto set = r.pareto(id(net, "A"), id(net, "C"), opts());
  // Through Georgia (4.44 h, $142, 2 borders) and the 400 km road (8 h, $400, 0 borders);
  // the 500 km road (10 h, $500, 0 borders) is dominated.
  ASSERT_EQ(set.size(), 2u);
  EXPECT_NEAR(set[0].hours, 4.44, 1e-9);
  EXPECT_EQ(set[0].borders, 2);
  EXPECT_DOUBLE_EQ(set[1].hours, 8);
  EXPECT_EQ(set[1].borders, 0);
  EXPECT_THROW(r.pareto(id(net, "A"), id(net, "C"), opts(), 3), Error);
}

TEST(Router, UnknownProfileSuggests) {
  auto net = world(kDetour);
  route::Router r(net);
  auto o = opts();
  o.profile = "teuu";
  try {
    r.shortest(id(net, "A"), id(net, "C"), o);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::usage);
    EXPECT_FALSE(e.suggestions().empty());
  }
}

TEST(Router, DirectedLinksAreOneWay) {
  auto net = world(R"(
node A AZ
node B AZ
link ab A -> B road km=10 kmh=10
)");
  route::Router r(net);
  EXPECT_TRUE(r.shortest(id(net, "A"), id(net, "B"), opts()));
  EXPECT_FALSE(r.shortest(id(net, "B"), id(net, "A"), opts()));
}

TEST(Router, OneToManyEqualsShortestForEachTarget) {
  // one_to_many (one search for all targets) equals shortest() for each target. The independent
  // oracle (Bellman-Ford) is in router_oracle_test.cpp.
  auto net = world(kChain);
  route::Router r(net);
  std::vector<network::NodeIdx> all;
  for (network::NodeIdx v : net.nodes.ids()) all.push_back(v);
  for (auto s : all) {
    auto row = r.one_to_many(s, all, opts());
    for (auto t : all) {
      auto p = r.shortest(s, t, opts());
      ASSERT_EQ(row[t.v].has_value(), p.has_value());
      if (p) {
        EXPECT_DOUBLE_EQ(row[t.v]->cost, p->cost);
      }
    }
  }
}

TEST(Router, ParetoSetIsSharedAcrossArrivalModes) {
  // Arriving by rail (fast, cheap) dominates arriving by road (slow, dear); both reach C.
  auto net = world(R"(
node A AZ city
node C AZ city
link rail A -- C rail km=100 kmh=100 g=1520
link road A -- C road km=100 kmh=50
profile teu vot=1 rail=0.5 road=1
)");
  route::Router r(net);
  auto set = r.pareto(id(net, "A"), id(net, "C"), opts());
  ASSERT_EQ(set.size(), 1u);
  EXPECT_EQ(set[0].steps[0].mode, network::Mode::rail);
  // Origin == destination: one empty route, not one per state.
  auto same = r.pareto(id(net, "A"), id(net, "A"), opts());
  ASSERT_EQ(same.size(), 1u);
  EXPECT_TRUE(same[0].steps.empty());
}

TEST(Router, ParetoMembersNeverDominateEachOther) {
  auto net = world(kDetour);
  route::Router r(net);
  for (network::NodeIdx s : net.nodes.ids())
    for (network::NodeIdx t : net.nodes.ids()) {
      auto set = r.pareto(s, t, opts());
      // Reachable pairs have a non-empty set whose cheapest member costs what shortest() costs.
      auto best = r.shortest(s, t, opts());
      ASSERT_EQ(set.empty(), !best) << s << "->" << t;
      if (best) {
        double min_cost = set[0].cost;
        for (const auto& m : set) min_cost = std::min(min_cost, m.cost);
        EXPECT_NEAR(min_cost, best->cost, 1e-6) << s << "->" << t;
      }
      for (size_t i = 0; i < set.size(); ++i)
        for (size_t j = 0; j < set.size(); ++j) {
          if (i == j) continue;
          bool dom = set[j].hours <= set[i].hours + 1e-9 && set[j].usd <= set[i].usd + 1e-9 &&
                     set[j].borders <= set[i].borders;
          EXPECT_FALSE(dom) << s << "->" << t << " route " << j << " dominates " << i;
        }
    }
}

TEST(Router, TransferCostsPerModePair) {
  // At the port P: ferry<->rail 6 h / $80 (rule), road<->ferry impossible (rule), rail<->road the
  // node default 3 h / $50.
  auto net = world(R"(
node S AZ city
node P AZ port transfer=3/50 transfers=ferry-rail:6/80;road-ferry:-
node R AZ city
node Q AZ city
link sea S -- P ferry km=100 h=10
link rail P -- R rail km=100 kmh=50 g=1520
link road P -- Q road km=100 kmh=50
profile teu vot=1 rail=0 road=0 ferry=0
)");
  route::Router r(net);
  auto p = r.shortest(id(net, "S"), id(net, "R"), opts());
  ASSERT_TRUE(p);
  EXPECT_DOUBLE_EQ(p->hours, 10 + 6 + 2);
  EXPECT_DOUBLE_EQ(p->usd, 80);
  // No ferry->road at P, and transfers do not chain (ferry->rail->road at P): the only way from
  // the sea to Q is out to R by rail and back, then rail->road.
  auto sq = r.shortest(id(net, "S"), id(net, "Q"), opts());
  ASSERT_TRUE(sq);
  EXPECT_DOUBLE_EQ(sq->hours, 10 + 6 + 2 + 2 + 3 + 2);
  for (size_t i = 1; i < sq->steps.size(); ++i)
    EXPECT_FALSE(sq->steps[i].kind == route::StepKind::transfer &&
                 sq->steps[i - 1].kind == route::StepKind::transfer);
  auto set = r.pareto(id(net, "S"), id(net, "Q"), opts());
  ASSERT_EQ(set.size(), 1u);
  EXPECT_DOUBLE_EQ(set[0].hours, 25);
  auto q = r.shortest(id(net, "R"), id(net, "Q"), opts());
  ASSERT_TRUE(q);
  EXPECT_DOUBLE_EQ(q->hours, 2 + 3 + 2);
  EXPECT_DOUBLE_EQ(q->usd, 50);
}
