// OSM import on the shared extracts: counts by mode, countries and border links, .cnet round
// trip, CH == Dijkstra on every extract and profile, routes that take the ferry or the railway.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "corridor/core/error.h"
#include "corridor/core/files.h"
#include "corridor/osm/commands.h"
#include "corridor/osm/import_osm.h"
#include "corridor/osm/router.h"
#include "unit/ch/ch_oracle.h"
#include "unit/osm/extracts.h"

namespace corridor::osm {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr uint32_t kSources = 30, kTargets = 50;
#else
constexpr uint32_t kSources = 100, kTargets = 100;  // 10,000 pairs
#endif

struct Counts {
  std::map<std::string, uint64_t> by_mode;  // by kind_name(): road, rail, ferry, transfer
  uint64_t border = 0;
  std::set<std::string> countries;
  std::map<FlatNodeKind, uint64_t> kinds;
};

Counts count(const FlatNetwork& net) {
  Counts c;
  for (const FlatLink& l : net.links) {
    ++c.by_mode[std::string(kind_name(l))];
    if (l.flags & kBorder) ++c.border;
  }
  for (const FlatNode& n : net.nodes) {
    if (n.country) c.countries.insert(net.countries[n.country]);
    ++c.kinds[FlatNodeKind(n.kind)];
  }
  return c;
}

const FlatNetwork& imported(const std::string& file) {
  static std::map<std::string, FlatNetwork> cache;
  auto it = cache.find(file);
  if (it == cache.end()) {
    NullReporter rep;
    it = cache.emplace(file, import_osm(data(file), OsmImportConfig{}, rep)).first;
  }
  return it->second;
}

void expect_ch_equals_dijkstra_all_profiles(const FlatNetwork& net) {
  route::Graph g = net.graph();
  uint64_t unreachable = 0;
  for (const char* profile : {"truck", "road", "rail", "road,ferry"}) {
    SCOPED_TRACE(profile);
    auto w = arc_weights(net, Profile::parse(profile));
    NullReporter rep;
    auto h = ch::build_ch(g, w.data(), rep);
    ASSERT_TRUE(ch::check(h).empty());
    auto st = testing::expect_ch_equals_dijkstra(g, w, h, kSources, kTargets, 11, 3);
    unreachable += st.unreachable;
    testing::expect_table_equals_dijkstra(g, w, h, 15);
  }
  EXPECT_GT(unreachable, 0u) << "the pairs include some a profile cannot connect";
}

TEST(OsmImport, Monaco) {
  REQUIRE_EXTRACT("monaco.osm.pbf");
  const FlatNetwork& net = imported("monaco.osm.pbf");
  auto errors = check(net);
  ASSERT_TRUE(errors.empty()) << errors.front();
  Counts c = count(net);
  EXPECT_GT(c.by_mode["road"], 500u);
  EXPECT_GT(c.by_mode["rail"], 50u);
  EXPECT_EQ(c.by_mode["ferry"], 2u);  // one harbour ferry, both ways
  EXPECT_GT(c.by_mode["transfer"], 0u);
  EXPECT_GE(c.kinds[FlatNodeKind::station], 3u);
  EXPECT_EQ(c.kinds[FlatNodeKind::ferry_terminal], 2u);
  EXPECT_TRUE(c.countries.count("MC") && c.countries.count("FR"));
  EXPECT_GT(c.border, 10u) << "roads and the railway cross the MC-FR border";
  // Every border link joins MC and FR.
  for (const FlatLink& l : net.links)
    if (l.flags & kBorder) {
      std::set<std::string> ends{net.countries[net.nodes[l.tail].country],
                                 net.countries[net.nodes[l.head].country]};
      EXPECT_EQ(ends, (std::set<std::string>{"FR", "MC"}));
    }
  // Monte-Carlo casino square is in Monaco, Roquebrune-Cap-Martin in France.
  TempDir dir;
  write_cnet(dir.file("m.cnet"), net);
  NullReporter rep;
  auto r = NetRouter::load(dir.file("m.cnet"), "road", rep);
  EXPECT_EQ(r->net.countries[r->net.nodes[r->resolve("43.7395,7.4280")].country], "MC");
  EXPECT_EQ(r->net.countries[r->net.nodes[r->resolve("43.7600,7.4700")].country], "FR");
}

TEST(OsmImport, MonacoRoutesUseFerryAndRail) {
  REQUIRE_EXTRACT("monaco.osm.pbf");
  TempDir dir;
  write_cnet(dir.file("m.cnet"), imported("monaco.osm.pbf"));
  NullReporter rep;
  // Ferry: from one landing to the other the boat beats the road round the harbour.
  {
    auto r = NetRouter::load(dir.file("m.cnet"), "truck", rep);
    const FlatNetwork& net = r->net;
    std::vector<uint32_t> terminals;
    for (uint32_t v = 0; v < net.num_nodes(); ++v)
      if (net.nodes[v].kind == uint8_t(FlatNodeKind::ferry_terminal)) terminals.push_back(v);
    ASSERT_EQ(terminals.size(), 2u);
    ch::ChQuery q(r->ch);
    NetRoute route = route_between(*r, q, terminals[0], terminals[1]);
    ASSERT_TRUE(route.found);
    ASSERT_EQ(route.legs.size(), 1u);
    EXPECT_EQ(route.legs[0].mode, Mode::ferry);
    EXPECT_FALSE(route.legs[0].transfer);
    // Without ferries the landings are reached only through their road connectors, round the
    // harbour, which takes longer.
    auto road = NetRouter::load(dir.file("m.cnet"), "road,car", rep);
    ch::ChQuery q2(road->ch);
    EXPECT_EQ(q2.distance(terminals[0], terminals[1]), ch::kInfWeight) << "landings are not roads";
  }
  // Rail: Cap-d'Ail (FR) to Roquebrune (FR) through Monaco by train.
  {
    auto r = NetRouter::load(dir.file("m.cnet"), "rail", rep);
    const uint32_t from = r->resolve("43.72218,7.35680"), to = r->resolve("43.76197,7.48152");
    ch::ChQuery q(r->ch);
    NetRoute route = route_between(*r, q, from, to);
    ASSERT_TRUE(route.found);
    ASSERT_FALSE(route.legs.empty());
    for (const auto& leg : route.legs) EXPECT_EQ(leg.name(), "rail");
    EXPECT_GT(route.km, 8.0);
    EXPECT_EQ(route.border_crossings, 2u) << "FR -> MC -> FR";
  }
  // Multimodal between two rail nodes stays on the railway (the rail layer has no road access
  // except through a station transfer).
  {
    auto r = NetRouter::load(dir.file("m.cnet"), "truck", rep);
    const FlatNetwork& net = r->net;
    uint32_t from = ch::kInvalid, to = ch::kInvalid;
    for (uint32_t v = 0; v < net.num_nodes(); ++v)
      if (net.nodes[v].layer == uint8_t(Layer::rail) &&
          net.nodes[v].kind == uint8_t(FlatNodeKind::station)) {
        if (from == ch::kInvalid && net.nodes[v].lon() < 7.37) from = v;
        if (net.nodes[v].lon() > 7.48) to = v;
      }
    ASSERT_NE(from, ch::kInvalid);
    ASSERT_NE(to, ch::kInvalid);
    ch::ChQuery q(r->ch);
    NetRoute route = route_between(*r, q, from, to);
    ASSERT_TRUE(route.found);
    bool any_rail = false;
    for (const auto& leg : route.legs) any_rail |= leg.name() == "rail";
    EXPECT_TRUE(any_rail);
  }
}

TEST(OsmImport, LiechtensteinBorderPosts) {
  REQUIRE_EXTRACT("liechtenstein.osm.pbf");
  const FlatNetwork& net = imported("liechtenstein.osm.pbf");
  ASSERT_TRUE(check(net).empty());
  Counts c = count(net);
  EXPECT_GE(c.kinds[FlatNodeKind::border_post], 2u);
  EXPECT_GT(c.by_mode["road"], 300u);
  EXPECT_GT(c.by_mode["rail"], 20u);
  EXPECT_TRUE(c.countries.count("LI") && c.countries.count("CH") && c.countries.count("AT"));
  EXPECT_GT(c.border, 4u);
  // Vaduz is in Liechtenstein.
  TempDir dir;
  write_cnet(dir.file("li.cnet"), net);
  NullReporter rep;
  auto r = NetRouter::load(dir.file("li.cnet"), "road", rep);
  EXPECT_EQ(r->net.countries[r->net.nodes[r->resolve("47.1410,9.5209")].country], "LI");
  // A road route from Vaduz to Austria (Feldkirch side) crosses a border.
  ch::ChQuery q(r->ch);
  uint32_t at = ch::kInvalid;
  for (uint32_t v = 0; v < r->net.num_nodes(); ++v)
    if (r->net.countries[r->net.nodes[v].country] == "AT" && r->grid) {
      at = v;
      break;
    }
  ASSERT_NE(at, ch::kInvalid);
  NetRoute route = route_between(*r, q, r->resolve("47.1410,9.5209"), at);
  ASSERT_TRUE(route.found);
  EXPECT_GE(route.border_crossings, 1u);
}

TEST(OsmImport, KremsAndAndorra) {
  REQUIRE_EXTRACT("krems.osm.gz");
  REQUIRE_EXTRACT("andorra.osm.pbf");
  const FlatNetwork& krems = imported("krems.osm.gz");
  ASSERT_TRUE(check(krems).empty());
  Counts k = count(krems);
  EXPECT_GT(k.by_mode["road"], 100u);
  EXPECT_GT(k.by_mode["rail"], 100u);
  EXPECT_EQ(k.countries, std::set<std::string>{"AT"});  // no boundary: addr:country fallback
  const FlatNetwork& andorra = imported("andorra.osm.pbf");
  ASSERT_TRUE(check(andorra).empty());
  Counts a = count(andorra);
  EXPECT_GT(a.by_mode["road"], 500u);
  EXPECT_EQ(a.by_mode["rail"], 0u);
  EXPECT_TRUE(a.countries.count("AD"));
}

TEST(OsmImport, ChEqualsDijkstraOnEveryExtract) {
  int ran = 0;
  for (const char* f :
       {"monaco.osm.pbf", "liechtenstein.osm.pbf", "andorra.osm.pbf", "krems.osm.gz"}) {
    if (!files::exists(data(f))) continue;
    SCOPED_TRACE(f);
    expect_ch_equals_dijkstra_all_profiles(imported(f));
    ++ran;
  }
  if (ran == 0) GTEST_SKIP() << "no OSM extracts under " << data("");
}

// .cnet links carry network::Mode numbers (the dataset network's), transfers a flag of their own.
TEST(Cnet, LinksUseTheNetworkModeNumbers) {
  REQUIRE_EXTRACT("monaco.osm.pbf");
  const FlatNetwork& net = imported("monaco.osm.pbf");
  uint64_t rail = 0, transfers = 0;
  for (const FlatLink& l : net.links) {
    if (l.transfer()) {
      ++transfers;
      EXPECT_EQ(l.link_mode(), Mode::road) << "a transfer is costed as an access road";
      const bool joins_layers = net.nodes[l.tail].layer != net.nodes[l.head].layer;
      const bool at_terminal = net.nodes[l.tail].kind == uint8_t(FlatNodeKind::ferry_terminal) ||
                               net.nodes[l.head].kind == uint8_t(FlatNodeKind::ferry_terminal);
      EXPECT_TRUE(joins_layers || at_terminal);
    } else if (l.link_mode() == Mode::rail) {
      ++rail;
      EXPECT_EQ(net.nodes[l.tail].layer, uint8_t(Layer::rail));
      EXPECT_EQ(l.mode, 0) << "network::Mode::rail is 0 on disk too";
    }
  }
  EXPECT_GT(rail, 50u);
  EXPECT_GT(transfers, 0u);
  // check() refuses modes outside network::Mode and transfers that are not road.
  FlatNetwork bad = net;
  bad.links[0].mode = network::kNumModes;
  EXPECT_FALSE(check(bad).empty());
  bad = net;
  for (FlatLink& l : bad.links)
    if (l.transfer()) {
      l.mode = uint8_t(Mode::ferry);
      break;
    }
  EXPECT_FALSE(check(bad).empty());
}

TEST(Profile, ParsesModesIntoOneMask) {
  using network::mode_bit;
  EXPECT_EQ(Profile::parse("truck").modes, network::kAllModes);
  EXPECT_EQ(Profile::parse("rail").modes, mode_bit(Mode::rail));
  EXPECT_EQ(Profile::parse("road,ferry").modes, mode_bit(Mode::road) | mode_bit(Mode::ferry));
  EXPECT_EQ(Profile::parse("car").modes, mode_bit(Mode::road) | mode_bit(Mode::ferry));
  EXPECT_FALSE(Profile::parse("car").truck);
  EXPECT_THROW(Profile::parse("plane"), Error);
  FlatLink road, rail, transfer;
  road.mode = uint8_t(Mode::road);
  road.flags = kNoHgv;
  rail.mode = uint8_t(Mode::rail);
  transfer.mode = uint8_t(Mode::road);
  transfer.flags = kTransfer;
  const Profile truck = Profile::parse("truck"), rails = Profile::parse("rail"),
                roads = Profile::parse("road"), car = Profile::parse("road,car");
  EXPECT_FALSE(truck.allows(road)) << "hgv=no";
  EXPECT_TRUE(car.allows(road));
  EXPECT_TRUE(truck.allows(rail) && truck.allows(transfer));
  EXPECT_TRUE(rails.allows(rail));
  EXPECT_FALSE(rails.allows(transfer)) << "rail alone has no road to transfer to";
  EXPECT_FALSE(roads.allows(rail) || roads.allows(transfer));
}

TEST(Cnet, RoundTripAndRejectsDamage) {
  REQUIRE_EXTRACT("liechtenstein.osm.pbf");
  const FlatNetwork& net = imported("liechtenstein.osm.pbf");
  TempDir dir;
  const std::string path = dir.file("li.cnet");
  write_cnet(path, net);
  FlatNetwork back = read_cnet(path);
  EXPECT_EQ(back.num_nodes(), net.num_nodes());
  EXPECT_EQ(back.num_links(), net.num_links());
  EXPECT_EQ(back.countries, net.countries);
  EXPECT_EQ(back.input_hash, net.input_hash);
  EXPECT_EQ(std::memcmp(back.links.data(), net.links.data(), net.links.size() * sizeof(FlatLink)),
            0);
  const std::string image = files::read_all(path);
  auto expect_rejected = [&](const std::string& bytes, const char* needle) {
    files::write_atomic(path, bytes);
    try {
      read_cnet(path);
      ADD_FAILURE() << "accepted a damaged .cnet (" << needle << ")";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Errc::invalid_input);
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  expect_rejected(image.substr(0, image.size() - 100), "truncated");
  expect_rejected(image.substr(0, 30), "truncated");
  std::string corrupt = image;
  corrupt[image.size() / 2] ^= 0x10;
  expect_rejected(corrupt, "corrupt");
  std::string version = image;
  version[8] = 7;
  expect_rejected(version, "version 7");
  // Version 1 numbered modes road=0, rail=1 (not network::Mode's): refused, not misread.
  version[8] = 1;
  expect_rejected(version, "version 1, but this build reads version 3; re-create the file");
  expect_rejected("hello, world", "not a .cnet");
  // Offsets that pass the size checks but decrease would index out of bounds later.
  FlatNetwork bad = net;
  ASSERT_GT(bad.shape_first.size(), 3u);
  bad.shape_first[1] = 0xFFFFFF;
  EXPECT_FALSE(check(bad).empty());
  bad = net;
  bad.first_out[1] = bad.first_out.back() + 5;
  EXPECT_FALSE(check(bad).empty());
  bad = net;
  bad.countries.back() = "A\n";
  EXPECT_FALSE(check(bad).empty());
  EXPECT_THROW(read_cnet(dir.file("missing.cnet")), Error);
}

TEST(Commands, ImportInfoBuildTableRoute) {
  REQUIRE_EXTRACT("monaco.osm.pbf");
  TempDir dir;
  NullReporter rep;
  std::ostringstream out;
  ImportOsmOptions io;
  io.input = data("monaco.osm.pbf");
  io.output = dir.file("monaco.cnet");
  EXPECT_EQ(cmd_import_osm(io, rep, out), 0);
  std::ostringstream info;
  EXPECT_EQ(cmd_info({dir.file("monaco.cnet"), true}, rep, info), 0);
  const std::string j = info.str();
  for (const char* key : {"\"nodes\":", "\"links\":", "\"by_mode\":{\"road\":", "\"rail\":",
                          "\"ferry\":2", "\"border_links\":", "\"countries\":[\"FR\",\"MC\"]"})
    EXPECT_NE(j.find(key), std::string::npos) << key << " in " << j;
  std::ostringstream built;
  EXPECT_EQ(cmd_build({dir.file("monaco.cnet"), "", "truck"}, rep, built), 0);
  EXPECT_TRUE(files::exists(dir.file("monaco.cch")));
  auto r = NetRouter::load(dir.file("monaco.cnet"), "truck", rep);
  EXPECT_TRUE(r->ch_from_file);
  // A table by coordinates and by OSM node id.
  files::write_atomic(dir.file("pairs.csv"),
                      "from,to\n\"43.7395,7.4280\",\"43.7455,7.4330\"\n"
                      "\"43.7455,7.4330\",\"43.7395,7.4280\"\n" +
                          std::to_string(r->net.input_id[0]) + "," +
                          std::to_string(r->net.input_id[1]) + "\n");
  TableOptions to;
  to.net = dir.file("monaco.cnet");
  to.pairs = dir.file("pairs.csv");
  std::ostringstream table;
  EXPECT_EQ(cmd_table(to, rep, table), 0);
  std::istringstream lines(table.str());
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "from,to,seconds,km");
  int rows = 0;
  while (std::getline(lines, line)) ++rows;
  EXPECT_EQ(rows, 3);
  // A matrix, as JSON.
  TableOptions m;
  m.net = dir.file("monaco.cnet");
  m.sources = "43.7395,7.4280;43.7455,7.4330";
  m.targets = "43.7300,7.4200;43.7500,7.4400;43.7395,7.4280";
  m.json = true;
  std::ostringstream mj;
  EXPECT_EQ(cmd_table(m, rep, mj), 0);
  EXPECT_NE(mj.str().find("\"rows\":["), std::string::npos);
  // A route as JSON with legs and geometry.
  std::ostringstream rj;
  EXPECT_EQ(
      cmd_route_net({dir.file("monaco.cnet"), "43.7395,7.4280", "43.7455,7.4330", "truck", true},
                    rep, rj),
      0);
  EXPECT_NE(rj.str().find("\"legs\":[{\"mode\":\"road\""), std::string::npos) << rj.str();
  EXPECT_NE(rj.str().find("\"LineString\""), std::string::npos);
  // Bad input.
  EXPECT_THROW(
      cmd_route_net({dir.file("monaco.cnet"), "0,0", "43.74,7.42", "truck", false}, rep, rj),
      Error);
  EXPECT_THROW(
      cmd_route_net({dir.file("monaco.cnet"), "nowhere", "43.74,7.42", "truck", false}, rep, rj),
      Error);
  EXPECT_THROW(cmd_info({dir.file("pairs.csv"), false}, rep, rj), Error);
  // A stale .cch (network re-imported with other options) is ignored, not trusted.
  io.config.transfer_minutes = 5;
  EXPECT_EQ(cmd_import_osm(io, rep, out), 0);
  auto r2 = NetRouter::load(dir.file("monaco.cnet"), "truck", rep);
  EXPECT_FALSE(r2->ch_from_file);
}

TEST(Commands, DimacsImportAndTable) {
  const std::string rome = std::string(CORRIDOR_SHARED_DATA) + "/dimacs/rome99.gr";
  if (!files::exists(rome)) GTEST_SKIP() << "test data absent: " << rome;
  TempDir dir;
  NullReporter rep;
  std::ostringstream out;
  EXPECT_EQ(cmd_import_dimacs({rome, dir.file("rome.cnet")}, rep, out), 0);
  std::ostringstream info;
  EXPECT_EQ(cmd_info({dir.file("rome.cnet"), true}, rep, info), 0);
  EXPECT_NE(info.str().find("\"nodes\":3353"), std::string::npos) << info.str();
  TableOptions t;
  t.net = dir.file("rome.cnet");
  t.sources = "1;2";
  t.targets = "3;1";
  std::ostringstream table;
  EXPECT_EQ(cmd_table(t, rep, table), 0);
  EXPECT_NE(table.str().find("from,to,cost\n1,3,"), std::string::npos) << table.str();
  EXPECT_NE(table.str().find("1,1,0.0\n"), std::string::npos) << table.str();
}

}  // namespace
}  // namespace corridor::osm
