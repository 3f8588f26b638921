// Alternatives never visit a place twice (issue 10): a route that goes Agarak -> Meghri by road
// and back Meghri -> Agarak by rail to transfer is not a meaningful alternative.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "corridor/core/text.h"
#include "corridor/io/dataset.h"
#include "corridor/route/router.h"
#include "corridor/scenario/scenario.h"
#include "support/world.h"

using namespace corridor;
using corridor::test::world;
using network::NodeIdx;

namespace {

route::Options teu_options() {
  route::Options o;
  o.profile = "teu";
  return o;
}

NodeIdx id(const network::Network& n, const char* s) { return *n.find_node(s); }

// The backtracking shape. From O the cheapest way into Iran is the road border at Agarak (A-Y).
// By rail (border A-X) one must first transfer, and Agarak has no road/rail transfer: the only
// way is on to Meghri (M) by road, transfer there and come back to Agarak by rail, visiting
// Agarak twice. A second road border further north (O-Z) is dearest.
const char* kBacktrack = R"(
node O AM city
node A AM station
node M AM station transfer=1/10
node X IR border_post
node Y IR border_post
node Z IR border_post
node D IR city
link oa O -- A road km=50 kmh=50
link am A -- M road km=10 kmh=50
link ma M -- A rail km=10 kmh=50 g=1520
link ax A -- X rail km=5 kmh=50 g=1520 border fee=10
link xd X -- D rail km=50 kmh=50 g=1520
link ay A -- Y road km=5 kmh=50 border fee=10
link yd Y -- D road km=50 kmh=50
link oz O -- Z road km=200 kmh=50 border fee=10
link zd Z -- D road km=100 kmh=50
profile teu vot=10 rail=0.5 road=1
)";

route::Path make(std::vector<std::pair<const char*, const char*>> hops, const network::Network& n) {
  route::Path p;
  for (auto [a, b] : hops) {
    route::Step s;
    s.from = id(n, a);
    s.to = id(n, b);
    s.kind = s.from == s.to ? route::StepKind::transfer : route::StepKind::link;
    p.steps.push_back(s);
  }
  return p;
}

}  // namespace

TEST(VisitsAPlaceTwice, PlacesNotStates) {
  auto net = world(kBacktrack);
  EXPECT_FALSE(route::visits_a_place_twice(make({{"O", "A"}, {"A", "Y"}, {"Y", "D"}}, net)));
  // A transfer stays at one place: M, M(rail) is one visit.
  EXPECT_FALSE(route::visits_a_place_twice(make({{"O", "A"}, {"A", "M"}, {"M", "M"}}, net)));
  // Back to Agarak in another mode is the same place.
  EXPECT_TRUE(route::visits_a_place_twice(
      make({{"O", "A"}, {"A", "M"}, {"M", "M"}, {"M", "A"}, {"A", "X"}}, net)));
  // Back to the origin.
  EXPECT_TRUE(route::visits_a_place_twice(make({{"O", "A"}, {"A", "O"}}, net)));
  EXPECT_FALSE(route::visits_a_place_twice(route::Path{}));
}

TEST(Alternatives, NeverGoBackToAPlaceTheyLeft) {
  auto net = world(kBacktrack);
  route::Router r(net);
  const NodeIdx o = id(net, "O"), d = id(net, "D");
  // The backtracking route exists and is cheaper than the northern road: shortest() finds it once
  // the Agarak road border is closed, so it is what a border-diverse alternative would list.
  route::Options no_ay;
  no_ay.profile = "teu";
  no_ay.banned = {*net.find_link("ay")};
  auto back = r.shortest(o, d, no_ay);
  ASSERT_TRUE(back);
  EXPECT_TRUE(route::visits_a_place_twice(*back));
  auto alts = r.alternatives(o, d, teu_options(), 3);
  for (const auto& p : alts) EXPECT_FALSE(route::visits_a_place_twice(p));
  // What remains: the Agarak road border, then the northern road border.
  ASSERT_EQ(alts.size(), 2u);
  EXPECT_EQ(alts[0].steps[1].link, *net.find_link("ay"));
  EXPECT_NEAR(alts[0].hours, 1 + 0.1 + 1, 1e-9);
  EXPECT_EQ(alts[1].steps[0].link, *net.find_link("oz"));
  EXPECT_NEAR(alts[1].usd, 200 + 10 + 100, 1e-9);
  EXPECT_GT(alts[1].cost, back->cost);  // the rejected route was cheaper: it was really skipped
}

TEST(Alternatives, FindTheRouteWithoutTheLoopWhenTheCheapestHasOne) {
  // As above, but Agarak's road border is closed: the cheapest route now backtracks. A long rail
  // line from O to Agarak gives a dearer route into Iran by rail without the loop.
  std::string w = kBacktrack;
  auto edit = [&](const std::string& from, const std::string& to) {
    ASSERT_NE(w.find(from), std::string::npos) << from;
    w.replace(w.find(from), from.size(), to);
  };
  edit("border fee=10\nlink yd", "border fee=10 status=closed@1993\nlink yd");
  w += "link oar O -- A rail km=500 kmh=50 g=1520\n";
  auto net = world(w);
  route::Router r(net);
  const NodeIdx o = id(net, "O"), d = id(net, "D");
  auto best = r.shortest(o, d, teu_options());
  ASSERT_TRUE(best);
  ASSERT_TRUE(route::visits_a_place_twice(*best));
  auto alts = r.alternatives(o, d, teu_options(), 3);
  ASSERT_FALSE(alts.empty());
  for (const auto& p : alts) {
    EXPECT_FALSE(route::visits_a_place_twice(p));
    EXPECT_GT(p.cost, best->cost);
  }
  // The loop-free rail route (O -> Agarak by rail) is listed, besides the northern road.
  bool rail_from_o = false;
  for (const auto& p : alts)
    for (const auto& s : p.steps) rail_from_o |= s.link == *net.find_link("oar");
  EXPECT_TRUE(rail_from_o);
}

namespace {
std::string dataset_dir() { return std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus"; }

// pairs.csv's places by id, name or alias (case-insensitive, exact).
std::optional<NodeIdx> find_place(const network::Network& net, const std::string& name) {
  if (auto v = net.find_node(name)) return v;
  const std::string f = text::fold(name);
  for (NodeIdx v : net.nodes.ids()) {
    const auto& n = net.nodes[v];
    if (text::fold(n.name) == f) return v;
    for (const auto& a : n.aliases)
      if (text::fold(a) == f) return v;
  }
  return std::nullopt;
}
}  // namespace

TEST(Alternatives, NoAlternativeOfAnyBundledPairVisitsAPlaceTwice) {
  const auto base = io::load_dataset(dataset_dir());
  const auto set = scenario::load_scenarios(dataset_dir() + "/scenarios", base);
  std::ifstream in(dataset_dir() + "/pairs.csv");
  ASSERT_TRUE(in) << "pairs.csv missing";
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::pair<std::string, std::string>> pairs;
  while (std::getline(in, line)) {
    auto cols = text::split(line, ',');
    if (cols.size() >= 2) pairs.push_back({std::string(cols[0]), std::string(cols[1])});
  }
  ASSERT_GE(pairs.size(), 10u);
  size_t routes = 0;
  for (const auto& [name, sc] : set) {
    const auto applied = scenario::apply(base, set, name);
    const auto& net = applied.net;
    route::Router r(net);
    route::Options o;
    o.profile = "teu";
    o.year = applied.year;
    for (const auto& [a, b] : pairs) {
      auto from = find_place(net, a), to = find_place(net, b);
      ASSERT_TRUE(from && to) << "pairs.csv place not found: " << a << " or " << b;
      for (const auto* prof : {"teu", "tonne"}) {
        if (!net.profiles.count(prof)) continue;
        o.profile = prof;
        auto alts = r.alternatives(*from, *to, o, 5);
        for (size_t i = 0; i < alts.size(); ++i) {
          std::string places = net.nodes[*from].id;
          for (const auto& s : alts[i].steps)
            if (s.kind == route::StepKind::link) places += " > " + net.nodes[s.to].id;
          EXPECT_FALSE(route::visits_a_place_twice(alts[i]))
              << name << " " << prof << " " << a << " -> " << b << " alternative " << i << ": "
              << places;
        }
        routes += alts.size();
      }
    }
  }
  EXPECT_GT(routes, pairs.size() * set.size());  // most pairs have more than one alternative
}
