// The phases of the OSM import (osm/detail/import_phases.h) on drawn data, without an OSM file:
// tag parsing, splitting ways into links, countries from boundary rings, transfer links.
#include "corridor/osm/detail/import_phases.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "corridor/core/error.h"
#include "corridor/geo/distance.h"

namespace corridor::osm::detail {
namespace {

TEST(OsmTags, SpeedsDurationsAndCountryCodes) {
  EXPECT_EQ(parse_maxspeed("50"), 50.0);
  EXPECT_NEAR(*parse_maxspeed("30 mph"), 30 * 1.609344, 1e-9);
  EXPECT_EQ(parse_maxspeed("RU:urban"), 50.0);
  EXPECT_EQ(parse_maxspeed("AT:rural"), 90.0);
  EXPECT_FALSE(parse_maxspeed("none"));
  EXPECT_FALSE(parse_maxspeed("0"));
  EXPECT_FALSE(parse_maxspeed("999"));
  EXPECT_FALSE(parse_maxspeed(nullptr));
  EXPECT_EQ(parse_duration_s("01:30"), 5400.0);
  EXPECT_EQ(parse_duration_s("00:01:30"), 90.0);
  EXPECT_EQ(parse_duration_s("45"), 2700.0) << "a bare number is minutes";
  EXPECT_EQ(parse_duration_s("PT1H30M"), 5400.0);
  EXPECT_FALSE(parse_duration_s("soon"));
  EXPECT_FALSE(parse_duration_s("1:2:3:4"));
  EXPECT_FALSE(parse_duration_s("00:00"));
  EXPECT_EQ(road_kmh("motorway"), 110.0);
  EXPECT_EQ(road_kmh("footway"), 0.0);
  EXPECT_TRUE(is_alpha2("az"));
  EXPECT_FALSE(is_alpha2("AZE"));
  EXPECT_FALSE(is_alpha2("A1"));
  EXPECT_FALSE(is_alpha2(nullptr));
}

// Points are 1e-7 degrees; 0.01 degree of latitude is about 1.1 km.
Pt pt(int64_t id, double lat, double lon) {
  return {id, int32_t(std::lround(lat * 1e7)), int32_t(std::lround(lon * 1e7))};
}

void add_way(OsmData& d, Mode mode, std::vector<Pt> pts, int8_t oneway = 0, double kmh = 36,
             double duration_s = -1) {
  WayRec w;
  w.mode = mode;
  w.oneway = oneway;
  w.kmh = kmh;
  w.duration_s = duration_s;
  w.gauge = mode == Mode::rail ? 1520 : 0;
  w.first = static_cast<uint32_t>(d.pts.size());
  d.pts.insert(d.pts.end(), pts.begin(), pts.end());
  w.last = static_cast<uint32_t>(d.pts.size());
  d.ways.push_back(w);
}

struct Split {
  FlatNetwork net;
  LinkSet links;
  LayerNodes nodes;
  OsmImportStats st;
};

Split split(const OsmData& d) {
  Split s;
  NullReporter rep;
  s.nodes = split_ways(d, s.net, s.links, s.st, rep);
  return s;
}

// Links from OSM node `a` to OSM node `b` in one layer.
std::vector<FlatLink> between(const Split& s, int64_t a, int64_t b, Layer layer = Layer::road) {
  std::vector<FlatLink> out;
  const auto& of = s.nodes.of[int(layer)];
  if (!of.count(a) || !of.count(b)) return out;
  for (const FlatLink& l : s.links.links)
    if (l.tail == of.at(a) && l.head == of.at(b)) out.push_back(l);
  return out;
}

TEST(SplitWays, SplitsAtSharedNodesEndsAndSpecialsPerLayer) {
  OsmData d;
  // Road 1-2-3-4 (one way), road 5-3-6 crossing it at 3, rail 7-3-8 over the level crossing at
  // 3 (its own node in the rail layer; 3 is not shared within the rail layer), a border post at
  // 4 and a ferry 9-10 with a 10-minute duration.
  add_way(d, Mode::road, {pt(1, 40.00, 49), pt(2, 40.01, 49), pt(3, 40.02, 49), pt(4, 40.03, 49)},
          1);
  add_way(d, Mode::road, {pt(5, 40.02, 48.99), pt(3, 40.02, 49), pt(6, 40.02, 49.01)});
  add_way(d, Mode::rail, {pt(7, 40.02, 48.98), pt(3, 40.02, 49), pt(8, 40.02, 49.02)});
  add_way(d, Mode::ferry, {pt(9, 40.0, 50), pt(10, 40.1, 50)}, 0, 20, 600);
  d.specials[4] = {FlatNodeKind::border_post, 0, 0};
  Split s = split(d);
  EXPECT_EQ(s.net.num_nodes(), 9u) << "road 1,3,4,5,6,9,10 and rail 7,8";
  EXPECT_EQ(s.nodes.of[0].size(), 7u);
  EXPECT_EQ(s.nodes.of[1].size(), 2u);
  EXPECT_FALSE(s.nodes.of[1].count(3)) << "3 is a shape point of the rail way";
  EXPECT_EQ(s.links.links.size(), 2u + 4u + 2u + 2u);
  // The one-way road: 1 -> 3 with 2 as its shape point, 3 -> 4; never backwards.
  ASSERT_EQ(between(s, 1, 3).size(), 1u);
  EXPECT_TRUE(between(s, 3, 1).empty());
  EXPECT_EQ(between(s, 3, 4).size(), 1u);
  const FlatLink l13 = between(s, 1, 3)[0];
  const uint32_t a13 = uint32_t(
      std::find_if(s.links.links.begin(), s.links.links.end(),
                   [&](const FlatLink& l) { return l.tail == l13.tail && l.head == l13.head; }) -
      s.links.links.begin());
  ASSERT_EQ(s.links.shape_first[a13 + 1] - s.links.shape_first[a13], 1u);
  EXPECT_EQ(s.links.shape[s.links.shape_first[a13]].lat_e7, pt(2, 40.01, 49).lat);
  const double m13 =
      geo::haversine_m(40.00, 49, 40.01, 49) + geo::haversine_m(40.01, 49, 40.02, 49);
  EXPECT_NEAR(l13.length_m, m13, 0.01);
  EXPECT_EQ(l13.cost, std::lround(m13 / 10 * 10)) << "36 km/h = 10 m/s, cost in deciseconds";
  EXPECT_EQ(l13.link_mode(), Mode::road);
  EXPECT_TRUE(l13.flags & kLengthKnown);
  // The crossing road both ways; the rail way is one link each way, gauge kept.
  EXPECT_EQ(between(s, 5, 3).size() + between(s, 3, 5).size() + between(s, 3, 6).size() +
                between(s, 6, 3).size(),
            4u);
  auto rail = between(s, 7, 8, Layer::rail);
  ASSERT_EQ(rail.size(), 1u);
  EXPECT_EQ(rail[0].link_mode(), Mode::rail);
  EXPECT_EQ(rail[0].gauge_mm, 1520);
  EXPECT_EQ(between(s, 8, 7, Layer::rail).size(), 1u);
  // Special nodes.
  EXPECT_EQ(s.net.nodes[s.nodes.of[0].at(4)].kind, uint8_t(FlatNodeKind::border_post));
  EXPECT_EQ(s.st.border_posts, 1u);
  EXPECT_EQ(s.net.nodes[s.nodes.of[0].at(9)].kind, uint8_t(FlatNodeKind::ferry_terminal));
  EXPECT_EQ(s.net.nodes[s.nodes.of[0].at(10)].kind, uint8_t(FlatNodeKind::ferry_terminal));
  auto ferry = between(s, 9, 10);
  ASSERT_EQ(ferry.size(), 1u);
  EXPECT_EQ(ferry[0].cost, 6000u) << "the tagged duration, not the speed";
  EXPECT_EQ(ferry[0].link_mode(), Mode::ferry);
}

// A relation whose member ways close a ring around (40..41 N, 49..50 E).
void add_square(OsmData& d, const std::string& code, int64_t way_a, int64_t way_b, int64_t id0) {
  CountryRel c{code, {way_a, way_b}};
  d.countries.push_back(c);
  auto add = [&](int64_t way, std::vector<Pt> pts) {
    const uint32_t b = static_cast<uint32_t>(d.bpts.size());
    d.bpts.insert(d.bpts.end(), pts.begin(), pts.end());
    d.boundary[way] = {b, static_cast<uint32_t>(d.bpts.size())};
  };
  add(way_a, {pt(id0, 40, 49), pt(id0 + 1, 40, 50), pt(id0 + 2, 41, 50)});
  add(way_b, {pt(id0 + 2, 41, 50), pt(id0 + 3, 41, 49), pt(id0, 40, 49)});
}

void add_node(FlatNetwork& net, double lat, double lon) {
  FlatNode n;
  n.lat_e7 = int32_t(std::lround(lat * 1e7));
  n.lon_e7 = int32_t(std::lround(lon * 1e7));
  net.nodes.push_back(n);
  net.input_id.push_back(int64_t(net.nodes.size()));
}

std::string country_of(const FlatNetwork& net, uint32_t v) {
  return net.countries[net.nodes[v].country];
}

TEST(AssignCountries, ClosedRingsDecideAndTheFallbackTakesTheRest) {
  OsmData d;
  add_square(d, "AA", 100, 101, 1000);
  FlatNetwork net;
  add_node(net, 40.5, 49.5);  // inside
  add_node(net, 42.0, 49.5);  // outside: no partial boundary, so the fallback
  OsmImportConfig cfg;
  cfg.fallback_country = "bb";
  OsmImportStats st;
  NullReporter rep;
  assign_countries(d, cfg, net, st, rep);
  EXPECT_EQ(country_of(net, 0), "AA");
  EXPECT_EQ(country_of(net, 1), "BB");
  EXPECT_EQ(st.closed_rings, 1u);
  EXPECT_EQ(st.nodes_by_polygon, 1u);
  EXPECT_EQ(st.nodes_by_fallback, 1u);
  // Without a fallback, the most common addr:country; with neither, unknown (index 0).
  d.addr_country = {{"CC", 3}, {"DD", 5}};
  cfg.fallback_country.clear();
  assign_countries(d, cfg, net, st, rep);
  EXPECT_EQ(country_of(net, 1), "DD");
  d.addr_country.clear();
  assign_countries(d, cfg, net, st, rep);
  EXPECT_EQ(net.nodes[1].country, 0u);
  cfg.fallback_country = "B1";
  EXPECT_THROW(assign_countries(d, cfg, net, st, rep), Error);
}

TEST(AssignCountries, NearestPartialBoundaryOutsideEveryRing) {
  OsmData d;
  add_square(d, "AA", 100, 101, 1000);
  // "EE" has three ways of which the file holds one, east of AA: too little to close a ring, so
  // its points decide for nodes outside every closed ring.
  d.countries.push_back({"EE", {200, 201, 202}});
  const uint32_t b = static_cast<uint32_t>(d.bpts.size());
  d.bpts.push_back(pt(2000, 40.2, 52));
  d.bpts.push_back(pt(2001, 40.8, 52));
  d.boundary[200] = {b, b + 2};
  FlatNetwork net;
  add_node(net, 40.5, 49.5);  // inside AA
  add_node(net, 40.5, 51.9);  // outside AA, beside EE's boundary
  OsmImportConfig cfg;
  OsmImportStats st;
  NullReporter rep;
  assign_countries(d, cfg, net, st, rep);
  EXPECT_EQ(country_of(net, 0), "AA");
  EXPECT_EQ(country_of(net, 1), "EE");
  EXPECT_EQ(st.nodes_by_nearest_border, 1u);
}

TEST(AssignCountries, ParallelChunksGiveTheSameCountriesAsOneThread) {
  // 60,000 nodes (enough for several chunks) on a grid around AA's square, none on its edges;
  // the fallback BB takes every node outside it.
  OsmData d;
  add_square(d, "AA", 100, 101, 1000);
  FlatNetwork base;
  std::vector<std::string> expected;
  for (int i = 0; i < 200; ++i)
    for (int j = 0; j < 300; ++j) {
      const double lat = 39.5 + (i + 0.5) * 0.01, lon = 48.5 + (j + 0.5) * 0.01;
      add_node(base, lat, lon);
      expected.push_back(lat > 40 && lat < 41 && lon > 49 && lon < 50 ? "AA" : "BB");
    }
  NullReporter rep;
  for (unsigned threads : {1u, 2u, 3u}) {
    SCOPED_TRACE(threads);
    FlatNetwork net = base;
    OsmImportConfig cfg;
    cfg.threads = threads;
    cfg.fallback_country = "BB";
    OsmImportStats st;
    assign_countries(d, cfg, net, st, rep);
    size_t wrong = 0, aa = 0;
    for (uint32_t v = 0; v < net.num_nodes(); ++v) {
      wrong += country_of(net, v) != expected[v];
      aa += expected[v] == "AA";
    }
    EXPECT_EQ(wrong, 0u);
    EXPECT_EQ(st.nodes_by_polygon, aa);
    EXPECT_EQ(st.nodes_by_fallback, net.num_nodes() - aa);
  }
}

TEST(AddTransfers, StationsJoinRailToRoadAndOffRoadLandingsReachTheRoad) {
  // Road 0 - 1, rail 2 - 3 (a station tagged on OSM node 12 = rail node 2, 111 m north of road
  // node 0), and a ferry 4 - 5 whose landing 4 is 0.0045 degrees (~500 m) from road node 1.
  FlatNetwork net;
  add_node(net, 40.000, 49.000);
  add_node(net, 40.000, 49.010);
  add_node(net, 40.001, 49.000);
  add_node(net, 40.001, 49.020);
  add_node(net, 40.0045, 49.010);
  add_node(net, 40.1, 49.1);
  for (uint32_t v : {2u, 3u}) net.nodes[v].layer = uint8_t(Layer::rail);
  net.nodes[4].kind = net.nodes[5].kind = uint8_t(FlatNodeKind::ferry_terminal);
  LinkSet links;
  auto both = [&](uint32_t a, uint32_t b, Mode m) {
    links.add(a, b, m, 1000, 100, kLengthKnown, 0, {});
    links.add(b, a, m, 1000, 100, kLengthKnown, 0, {});
  };
  both(0, 1, Mode::road);
  both(2, 3, Mode::rail);
  both(4, 5, Mode::ferry);
  LayerNodes nodes;
  nodes.of[1][12] = 2;
  OsmData d;
  d.specials[12] = {FlatNodeKind::station, net.nodes[2].lat_e7, net.nodes[2].lon_e7};
  OsmImportConfig cfg;
  OsmImportStats st;
  add_transfers(d, nodes, cfg, net, links, st);
  EXPECT_EQ(net.nodes[2].kind, uint8_t(FlatNodeKind::station));
  EXPECT_EQ(st.stations, 1u);
  EXPECT_EQ(st.ferry_terminals, 2u);
  EXPECT_EQ(st.transfers, 2u) << "the station, and landing 4 (landing 5 is too far from a road)";
  ASSERT_EQ(links.links.size(), 6u + 4u);
  auto find = [&](uint32_t a, uint32_t b) -> const FlatLink* {
    for (const FlatLink& l : links.links)
      if (l.tail == a && l.head == b) return &l;
    return nullptr;
  };
  for (auto [a, b] : {std::pair{2u, 0u}, {0u, 2u}, {4u, 1u}, {1u, 4u}}) {
    const FlatLink* l = find(a, b);
    ASSERT_TRUE(l) << a << " -> " << b;
    EXPECT_TRUE(l->transfer());
    EXPECT_EQ(l->link_mode(), Mode::road);
  }
  const double m = geo::haversine_m(40.001, 49, 40, 49);
  EXPECT_EQ(find(2, 0)->cost, std::lround((cfg.transfer_minutes * 60 + m / (10 / 3.6)) * 10))
      << "handling time plus the access road at 10 km/h";
  const double f = geo::haversine_m(40.0045, 49.01, 40, 49.01);
  EXPECT_EQ(find(4, 1)->cost, std::lround(f / (10 / 3.6) * 10)) << "no handling at a landing";
}

}  // namespace
}  // namespace corridor::osm::detail
