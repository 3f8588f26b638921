// The api on imported networks (api/net.h): compare under an overlay == Dijkstra on the edited
// graph (drawn network, every pair; Liechtenstein's border crossings when the shared extract is
// there), and criticality on the drawn network against hand-computed figures.
#include "corridor/api/net.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "corridor/core/files.h"
#include "corridor/osm/import_osm.h"
#include "corridor/route/dijkstra.h"
#include "unit/osm/drawn_net.h"

namespace corridor::api {
namespace {

using namespace osm::drawn;
constexpr uint32_t kInf = route::Dijkstra<uint32_t>::kInf;

class Dir {
 public:
  Dir()
      : p_(std::filesystem::temp_directory_path() /
           ("corridor_net_" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(p_);
  }
  ~Dir() { std::filesystem::remove_all(p_); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream((p_ / name).string()) << text;
    return (p_ / name).string();
  }
  std::string file(const std::string& name) const { return (p_ / name).string(); }

 private:
  std::filesystem::path p_;
};

std::string id(uint32_t v) { return std::to_string(osm_id(v)); }

// Σ of w over a route's links (the oracle's unit: deciseconds).
uint64_t cost_of(const RouteOption& o, const std::vector<uint32_t>& w) {
  uint64_t c = 0;
  for (const auto& leg : o.legs)
    for (auto l : leg.links) c += w[l.v];
  return c;
}

// Both ways of routing a compare: Dijkstra per pair, and one CCH customization per scenario.
class NetCompareBoth : public ::testing::TestWithParam<bool> {};
INSTANTIATE_TEST_SUITE_P(DijkstraAndCch, NetCompareBoth, ::testing::Bool());

TEST_P(NetCompareBoth, ClosedCrossingEqualsDijkstraOnTheEditedGraph) {
  Dir dir;
  const osm::FlatNetwork net = two_crossings();
  osm::write_cnet(dir.file("d.cnet"), net);
  const std::string scen = dir.write("west_closed.toml", R"(description = "west crossing closed"
[[close]]
border_near = ["41.15,44.5"]
)");
  const NetSession s = open_net(dir.file("d.cnet"), "truck", /*customizable=*/GetParam());
  ASSERT_EQ(s.cch != nullptr, GetParam());
  CompareRequest req;
  req.base = "baseline";
  req.scenario = scen;
  for (uint32_t a = 0; a < 8; ++a)
    for (uint32_t b = 0; b < 8; ++b)
      if (a != b) req.pairs.push_back({id(a), id(b)});
  const CompareResult r = net_compare(s, req);
  EXPECT_EQ(r.base, "baseline");
  EXPECT_EQ(r.scenario, "west_closed");
  ASSERT_EQ(r.rows.size(), 56u);
  // The oracle: the graph with the west crossing's two links removed, by hand.
  std::vector<uint32_t> base_w(net.num_links()), edited(net.num_links());
  for (uint32_t a = 0; a < net.num_links(); ++a) {
    base_w[a] = net.links[a].cost;
    edited[a] = net.way_id[a] == 200 ? kInf : net.links[a].cost;
  }
  const route::Graph g = net.graph();
  route::Dijkstra<uint32_t> d(net.num_nodes());
  size_t k = 0;
  for (uint32_t a = 0; a < 8; ++a)
    for (uint32_t b = 0; b < 8; ++b) {
      if (a == b) continue;
      const CompareRow& row = r.rows[k++];
      for (auto [w, side] : {std::pair{&base_w, &row.base}, std::pair{&edited, &row.scenario}}) {
        d.reset();
        d.add_source(a);
        d.run(g, w->data(), b);
        ASSERT_TRUE(side->has_value()) << a << "->" << b;
        EXPECT_EQ(cost_of((*side)->best(), *w), d.dist(b)) << a << "->" << b;
        EXPECT_NEAR((*side)->best().total.hours, d.dist(b) / 36000.0, 1e-9);
      }
    }
  // A -> G by hand: west 2600 ds, east 3000 ds; one border each way.
  const CompareRow& ag = r.rows[5];  // pairs from A: B, C, D, E, F, G, H
  ASSERT_EQ(ag.from.id, id(A));
  ASSERT_EQ(ag.to.id, id(G));
  EXPECT_NEAR(ag.base->best().total.hours, 2600 / 36000.0, 1e-12);
  EXPECT_NEAR(ag.scenario->best().total.hours, 3000 / 36000.0, 1e-12);
  EXPECT_NEAR(ag.delta->hours, 400 / 36000.0, 1e-12);
  EXPECT_EQ(ag.base->best().total.borders, 1);
  EXPECT_EQ(ag.scenario->best().borders.at(0).id, "w201");
  EXPECT_EQ(ag.base->best().countries, (std::vector<std::string>{"GE", "AM"}));
  // Both crossings closed: no route across, the rows say so.
  req.scenario = dir.write("closed.toml",
                           "description = \"border closed\"\n[[close]]\ncountries = [\"GE\", "
                           "\"AM\"]\n");
  const CompareResult c = net_compare(s, req);
  EXPECT_TRUE(c.rows[5].base.has_value());
  EXPECT_FALSE(c.rows[5].scenario.has_value());
  EXPECT_FALSE(c.rows[5].delta.has_value());
}

TEST(NetRoute, AvoidAndScenario) {
  Dir dir;
  osm::write_cnet(dir.file("d.cnet"), two_crossings());
  const NetSession s = open_net(dir.file("d.cnet"), "truck");
  RouteRequest req;
  req.from = id(A);
  req.to = id(G);
  req.scenario = dir.write(
      "slow.toml", "description = \"west slow\"\n[[set]]\nways = [300]\nadd_minutes = 10\n");
  const RouteResult r = net_route(s, req);  // west 2600 + 6000 > east 3000
  EXPECT_EQ(r.scenario, "slow");
  EXPECT_NEAR(r.best().total.hours, 3000 / 36000.0, 1e-12);
  EXPECT_NEAR(r.best().total.km, 40, 1e-9);
  ASSERT_EQ(r.best().legs.size(), 3u);  // road, border road, road
  EXPECT_TRUE(r.best().legs[1].border);
  req.avoid = {"AM"};
  try {
    net_route(s, req);
    ADD_FAILURE() << "a route into an avoided country";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::no_route);
  }
  req.avoid = {};
  req.year = 2030;
  EXPECT_THROW(net_route(s, req), Error);
}

TEST(NetCritical, HandComputedOnTheDrawnNetwork) {
  Dir dir;
  osm::write_cnet(dir.file("d.cnet"), two_crossings());
  const NetSession s = open_net(dir.file("d.cnet"), "truck");
  CriticalRequest req;
  // A->G 10/day (west, 2600 ds), A->H 5/day (west, 3100 ds), B->F 2/day (east, 1200 ds).
  req.demand_file =
      dir.write("demand.csv", "origin,destination,volume\n" + id(A) + "," + id(G) + ",10\n" +
                                  id(A) + "," + id(H) + ",5\n" + id(B) + "," + id(F) + ",2\n");
  const CriticalResult r = net_critical(s, req);
  EXPECT_NEAR(r.base_cost, (10 * 2600 + 5 * 3100 + 2 * 1200) / 36000.0, 1e-12);
  EXPECT_DOUBLE_EQ(r.base_served_units, 17);
  EXPECT_EQ(r.candidates, 7u);  // every two-way segment that carries flow
  struct Want {
    std::string id;
    double delta_ds, unserved, base_units;
    int ods;
  };
  // B-C, C-E, E-G: A->G and A->H go east, +400 ds each: 15 x 400 = 6000 ds (ties by id).
  // B-D, D-F: B->F goes B-C-E-G-F, 2400 ds (+1200) x 2. A-B and G-H cut A and H off.
  const std::vector<Want> want = {
      {"w101:1001-1002", 6000, 0, 15, 2}, {"w200:1002-1004", 6000, 0, 15, 2},
      {"w300:1004-1006", 6000, 0, 15, 2}, {"w102:1001-1003", 2400, 0, 2, 1},
      {"w201:1003-1005", 2400, 0, 2, 1},  {"w100:1000-1001", 0, 15, 15, 2},
      {"w400:1006-1007", 0, 5, 5, 1}};
  ASSERT_EQ(r.rows.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(want[i].id);
    EXPECT_EQ(r.rows[i].rank, int(i + 1));
    EXPECT_EQ(r.rows[i].id, want[i].id);
    EXPECT_NEAR(r.rows[i].delta_cost, want[i].delta_ds / 36000.0, 1e-12);
    EXPECT_DOUBLE_EQ(r.rows[i].unserved_units, want[i].unserved);
    EXPECT_EQ(r.rows[i].connected, want[i].unserved == 0);
    EXPECT_DOUBLE_EQ(r.rows[i].base_units, want[i].base_units);
    EXPECT_EQ(r.rows[i].ods_affected, want[i].ods);
  }
  EXPECT_TRUE(r.rows[1].border);
  EXPECT_EQ(r.rows[1].name, "GE-AM");
  // By unserved demand, then id.
  req.metric = "unserved";
  req.top = 3;
  const CriticalResult u = net_critical(s, req);
  ASSERT_EQ(u.rows.size(), 3u);
  EXPECT_EQ(u.rows[0].id, "w100:1000-1001");
  EXPECT_EQ(u.rows[1].id, "w400:1006-1007");
  EXPECT_EQ(u.rows[2].id, "w101:1001-1002");
  // Border crossings only, under a scenario that closes the west one: the east crossing now
  // carries A->G and A->H too, and losing it strands all 17 units.
  req.metric = "cost";
  req.top = 0;
  req.links = "border";
  req.scenario = dir.write("west.toml", "description = \"w\"\n[[close]]\nways = [200]\n");
  const CriticalResult b = net_critical(s, req);
  ASSERT_EQ(b.rows.size(), 1u);
  EXPECT_EQ(b.rows[0].id, "w201:1003-1005");
  EXPECT_DOUBLE_EQ(b.rows[0].unserved_units, 17);
  EXPECT_FALSE(b.rows[0].connected);
  // Same answer on one thread and on many, and with every removal evaluated by re-customizing
  // a CCH instead of Dijkstra per OD.
  req.threads = 1;
  EXPECT_EQ(to_json(net_critical(s, req)).dump(), to_json(b).dump());
  const NetSession sc = open_net(dir.file("d.cnet"), "truck", /*customizable=*/true);
  EXPECT_EQ(to_json(net_critical(sc, req, /*cch_min_ods=*/1)).dump(), to_json(b).dump());
  // The command's policy (open_net if_large): a hierarchy only from kCchMinNodes nodes.
  EXPECT_EQ(open_net(dir.file("d.cnet"), "truck", NetHierarchy::if_large).cch, nullptr);
  const NetSession sl = open_net(dir.file("d.cnet"), "truck", NetHierarchy::if_large, 1);
  ASSERT_NE(sl.cch, nullptr);
  EXPECT_EQ(to_json(net_critical(sl, req, 1)).dump(), to_json(b).dump());
  req.links = "";
  req.scenario = "";
  EXPECT_EQ(to_json(net_critical(sc, req, 1)).dump(), to_json(net_critical(s, req)).dump());
  // A bad demand row points at its cell.
  req.demand_file = dir.write("bad.csv", "origin,destination,volume\n" + id(A) + ",999,1\n");
  try {
    net_critical(s, req);
    ADD_FAILURE() << "unknown place accepted";
  } catch (const Error& e) {
    ASSERT_FALSE(e.details().empty());
    EXPECT_EQ(e.details()[0].where.line, 2);
    EXPECT_NE(e.details()[0].message.find("999"), std::string::npos);
  }
}

TEST(NetAssign, HandComputedOnTheDrawnNetwork) {
  Dir dir;
  osm::write_cnet(dir.file("d.cnet"), two_crossings());
  const NetSession s = open_net(dir.file("d.cnet"), "truck");
  AssignRequest req;
  req.demand_file = dir.write("demand.csv", "origin,destination,volume,corridor\n" + id(A) + "," +
                                                id(G) + ",10,x\n" + id(A) + "," + id(H) + ",5,\n" +
                                                id(B) + "," + id(F) + ",2,\n");
  req.scenario = dir.write("west.toml", "description = \"w\"\n[[close]]\nways = [200]\n");
  req.base = "baseline";
  const AssignResult r = net_assign(s, req);
  EXPECT_EQ(r.scenario, "west");
  EXPECT_EQ(r.base, "baseline");
  EXPECT_DOUBLE_EQ(r.demand_units_per_day, 17);
  // West closed: A->G 3000, A->H 3500, B->F 1200 ds; open: 2600, 3100, 1200.
  EXPECT_NEAR(r.summary.tstt, (10 * 3000 + 5 * 3500 + 2 * 1200) / 36000.0, 1e-12);
  EXPECT_NEAR(r.base_summary->tstt, (10 * 2600 + 5 * 3100 + 2 * 1200) / 36000.0, 1e-12);
  EXPECT_DOUBLE_EQ(r.summary.relative_gap, 0);
  // Sections: the two crossings, the busiest under the scenario first.
  ASSERT_EQ(r.sections.size(), 2u);
  EXPECT_EQ(r.sections[0].id, "w201:1003-1005");
  EXPECT_DOUBLE_EQ(r.sections[0].scenario.units_per_day, 17);
  EXPECT_DOUBLE_EQ(r.sections[0].base->units_per_day, 2);
  EXPECT_EQ(r.sections[1].id, "w200:1002-1004");
  EXPECT_DOUBLE_EQ(r.sections[1].scenario.units_per_day, 0);
  EXPECT_DOUBLE_EQ(r.sections[1].base->units_per_day, 15);
  EXPECT_EQ(r.headline_section, "w201:1003-1005");
  // Corridors: "all" (the rows without one) and "x"; share via the east crossing.
  ASSERT_EQ(r.corridors.size(), 2u);
  EXPECT_EQ(r.corridors[0].corridor, "all");
  EXPECT_DOUBLE_EQ(r.corridors[0].demand_units_per_day, 7);
  EXPECT_DOUBLE_EQ(r.corridors[0].share_via[0].scenario, 1);
  EXPECT_NEAR(*r.corridors[0].share_via[0].base, 2 / 7.0, 1e-12);
  EXPECT_EQ(r.corridors[1].corridor, "x");
  EXPECT_DOUBLE_EQ(*r.corridors[1].share_via[0].base, 0);
  // Loaded segments under the scenario: A-B 15, B-D 17, D-F 17, F-G 15, G-H 5.
  std::map<std::string, double> flows;
  for (const auto& l : r.links) flows[l.id] = l.flow_ab + l.flow_ba;
  EXPECT_EQ(flows, (std::map<std::string, double>{{"w100:1000-1001", 15},
                                                  {"w102:1001-1003", 17},
                                                  {"w201:1003-1005", 17},
                                                  {"w301:1005-1006", 15},
                                                  {"w400:1006-1007", 5}}));
}

// Liechtenstein: close each border crossing in turn (border_near at one of its ends) and check
// 200 random pairs against Dijkstra on the graph without that way's border links.
TEST_P(NetCompareBoth, LiechtensteinCrossingsEqualDijkstra) {
  const std::string pbf = std::string(CORRIDOR_SHARED_DATA) + "/osm/liechtenstein.osm.pbf";
  if (!files::exists(pbf)) GTEST_SKIP() << "shared extract missing: " << pbf;
  Dir dir;
  NullReporter rep;
  const osm::FlatNetwork net = osm::import_osm(pbf, {}, rep);
  osm::write_cnet(dir.file("li.cnet"), net);
  const NetSession s = open_net(dir.file("li.cnet"), "truck", GetParam());
  const auto base_w = osm::arc_weights(net, osm::Profile::parse("truck"));
  std::vector<int64_t> crossing_ways;
  for (uint32_t a = 0; a < net.num_links(); ++a)
    if ((net.links[a].flags & osm::kBorder) && net.way_id[a] &&
        std::find(crossing_ways.begin(), crossing_ways.end(), net.way_id[a]) == crossing_ways.end())
      crossing_ways.push_back(net.way_id[a]);
  ASSERT_GE(crossing_ways.size(), 3u);
  std::vector<uint32_t> routable;
  for (uint32_t v = 0; v < net.num_nodes(); ++v)
    if (s.router->grid && net.first_out[v + 1] > net.first_out[v] &&
        base_w[net.first_out[v]] != kInf)
      routable.push_back(v);
  std::mt19937 rng(17);
  const route::Graph g = net.graph();
  route::Dijkstra<uint32_t> d(net.num_nodes());
  int changed = 0;
  for (int64_t way : crossing_ways) {
    SCOPED_TRACE("way " + std::to_string(way));
    const auto scen = dir.write("w" + std::to_string(way) + ".toml",
                                "description = \"crossing closed\"\n[[close]]\nways = [" +
                                    std::to_string(way) + "]\nborder = true\n");
    std::vector<uint32_t> edited = base_w;
    for (uint32_t a = 0; a < net.num_links(); ++a)
      if (net.way_id[a] == way && (net.links[a].flags & osm::kBorder)) edited[a] = kInf;
    CompareRequest req;
    req.base = "baseline";
    req.scenario = scen;
    std::vector<std::pair<uint32_t, uint32_t>> nodes;
    for (int i = 0; i < 200; ++i) {
      const uint32_t a = routable[rng() % routable.size()], b = routable[rng() % routable.size()];
      nodes.push_back({a, b});
      // Node ids resolve to the first node of that id with an allowed link: use what it says.
      req.pairs.push_back({std::to_string(net.input_id[a]), std::to_string(net.input_id[b])});
    }
    const CompareResult r = net_compare(s, req);
    for (size_t i = 0; i < nodes.size(); ++i) {
      const uint32_t a = r.rows[i].from.node.v, b = r.rows[i].to.node.v;
      for (auto [w, side] :
           {std::pair{&base_w, &r.rows[i].base},
            std::pair{static_cast<const std::vector<uint32_t>*>(&edited), &r.rows[i].scenario}}) {
        d.reset();
        d.add_source(a);
        d.run(g, w->data(), b);
        ASSERT_EQ(side->has_value(), d.reached(b));
        if (d.reached(b)) {
          EXPECT_EQ(cost_of((*side)->best(), *w), d.dist(b));
        }
      }
      changed += (r.rows[i].base.has_value() != r.rows[i].scenario.has_value()) ||
                 (r.rows[i].delta && r.rows[i].delta->hours != 0);
    }
  }
  EXPECT_GT(changed, 0) << "no closure changed any route: the test would prove nothing";
}

}  // namespace
}  // namespace corridor::api
