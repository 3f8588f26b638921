// network::check() names every broken invariant; open_in() and tariffs follow the spec.
#include "corridor/network/network.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

using namespace corridor::network;

namespace {
Network two_nodes() {
  Network n;
  for (auto [id, country, lat, lon] :
       {std::tuple{"A", "AZ", 40.0, 49.0}, {"B", "GE", 41.0, 44.0}}) {
    Node node;
    node.id = node.name = id;
    node.country = country;
    node.lat = lat;
    node.lon = lon;
    node.source = "t";
    n.nodes.push_back(node);
  }
  Link l;
  l.id = "AB";
  l.from = NodeIdx{0};
  l.to = NodeIdx{1};
  l.mode = Mode::road;
  l.type = LinkType::border;
  l.length_km = 10;
  l.free_speed_kmh = 50;
  l.source = "t";
  n.links.push_back(l);
  n.reindex();
  return n;
}
bool has(const std::vector<std::string>& v, const std::string& part) {
  return std::any_of(v.begin(), v.end(),
                     [&](const auto& s) { return s.find(part) != std::string::npos; });
}
}  // namespace

TEST(Network, ValidNetworkPassesCheck) { EXPECT_TRUE(check(two_nodes()).empty()); }

TEST(Network, CheckNamesBrokenInvariants) {
  auto n = two_nodes();
  n.links[LinkIdx{0}].type = LinkType::line;
  EXPECT_TRUE(has(check(n), "road line link between two countries"));
  n = two_nodes();
  n.nodes[NodeIdx{1}].country = "AZ";
  EXPECT_TRUE(has(check(n), "border link within one country"));
  n = two_nodes();
  n.links[LinkIdx{0}].to = NodeIdx{0};
  EXPECT_TRUE(has(check(n), "joins a node to itself"));
  n = two_nodes();
  n.links[LinkIdx{0}].free_speed_kmh.reset();
  EXPECT_TRUE(has(check(n), "neither travel_hours nor a positive free_speed"));
  n = two_nodes();
  n.links[LinkIdx{0}].gauges = {1520};
  EXPECT_TRUE(has(check(n), "has a gauge but is not rail"));
  n = two_nodes();
  n.nodes[NodeIdx{0}].lat = 95;
  EXPECT_TRUE(has(check(n), "coordinates out of range"));
  n = two_nodes();
  n.nodes.push_back(n.nodes[NodeIdx{0}]);  // duplicate id, index not rebuilt
  EXPECT_TRUE(has(check(n), "not unique or not indexed"));
  n = two_nodes();
  n.links[LinkIdx{0}].to = NodeIdx{7};
  EXPECT_TRUE(has(check(n), "end out of range"));
}

TEST(Network, OpenInFollowsStatusAndYear) {
  Link l;
  l.status = Status::operating;
  EXPECT_TRUE(l.open_in(1900));
  l.status = Status::closed;
  l.status_year = 1993;
  EXPECT_FALSE(l.open_in(2100));
  l.status = Status::planned;
  l.status_year = 2028;
  EXPECT_FALSE(l.open_in(2027));
  EXPECT_TRUE(l.open_in(2028));
}

TEST(Network, HoursAddDwellAndPreferFixedTravelTime) {
  Link l;
  l.length_km = 100;
  l.free_speed_kmh = 50;
  l.dwell_hours = 3;
  EXPECT_DOUBLE_EQ(l.hours(), 5);
  l.travel_hours = 20;
  EXPECT_DOUBLE_EQ(l.hours(), 23);
}

TEST(Network, MostSpecificTariffWins) {
  Profile p;
  p.tariffs = {
      {Mode::rail, "", 0.4, "t"}, {Mode::rail, "GE", 0.34, "t"}, {Mode::road, "", 1.4, "t"}};
  EXPECT_DOUBLE_EQ(p.tariff_km(Mode::rail, "GE"), 0.34);
  EXPECT_DOUBLE_EQ(p.tariff_km(Mode::rail, "AZ"), 0.4);
  EXPECT_DOUBLE_EQ(p.tariff_km(Mode::ferry, "AZ"), 0);
}

TEST(Network, ParsersRoundTrip) {
  for (auto m : {Mode::rail, Mode::road, Mode::ferry}) EXPECT_EQ(*parse_mode(to_string(m)), m);
  for (auto s : {Status::operating, Status::construction, Status::planned, Status::closed})
    EXPECT_EQ(*parse_status(to_string(s)), s);
  EXPECT_FALSE(parse_mode("plane"));
  EXPECT_TRUE(is_known_country("AZ"));
  EXPECT_FALSE(is_known_country("XX"));
}

TEST(Network, CountryCodesAreTheIsoListNotTheDatasets) {
  // Countries far from the bundled region are valid: any dataset may use them.
  for (const char* c : {"BR", "ZA", "AU", "VN", "NZ", "XK"}) EXPECT_TRUE(is_known_country(c)) << c;
  // Not assigned, lower case, or not two letters.
  for (const char* c : {"ZZ", "AA", "az", "A", "AZE", ""}) EXPECT_FALSE(is_known_country(c)) << c;
}

TEST(Network, TransferRulesOverrideTheNodeDefault) {
  Node n;
  n.transfer_hours = 10;
  n.transfer_usd = 100;
  n.transfer_rules = {{Mode::rail, Mode::road, 12, 150},
                      {Mode::ferry, Mode::road, std::nullopt, 0}};
  EXPECT_EQ(n.transfer(Mode::road, Mode::rail), (std::pair<double, double>{12, 150}));
  EXPECT_FALSE(n.transfer(Mode::road, Mode::ferry));
  EXPECT_EQ(n.transfer(Mode::rail, Mode::ferry), (std::pair<double, double>{10, 100}));
  n.transfer_hours.reset();
  EXPECT_FALSE(n.transfer(Mode::rail, Mode::ferry));
  EXPECT_TRUE(n.transfer(Mode::rail, Mode::road));
}
