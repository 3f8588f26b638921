// Scenario overlays on a .cnet: every selector on the drawn network (drawn_net.h), the edited
// weights, base chains, and file:line:column errors for bad overlays.
#include "corridor/osm/overlay.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "corridor/ch/ch.h"
#include "unit/osm/drawn_net.h"

namespace corridor::osm {
namespace {

using namespace drawn;

std::set<std::pair<uint32_t, uint32_t>> ends(const FlatNetwork& net, const NetEdit& e) {
  std::set<std::pair<uint32_t, uint32_t>> out;
  for (uint32_t a : e.selected) out.insert({net.links[a].tail, net.links[a].head});
  return out;
}

NetScenario parse(const std::string& text, const FlatNetwork& net) {
  return parse_net_scenario(text, "drawn.toml", net);
}

// All problems of an overlay, one "line:col: message" per line.
std::string problems(const std::string& text, const FlatNetwork& net) {
  try {
    parse(text, net);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_scenario);
    std::string out;
    for (const auto& d : e.details())
      out += std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + ": " +
             d.message + "\n";
    return out;
  }
  return "";
}

TEST(NetOverlay, SelectsByWayBorderPostBorderNearBboxCountriesAndModes) {
  const FlatNetwork net = two_crossings();
  using P = std::set<std::pair<uint32_t, uint32_t>>;
  auto sel = [&](const std::string& body) {
    NetScenario s = parse("description = \"t\"\n[[close]]\n" + body + "\n", net);
    EXPECT_EQ(s.edits.size(), 1u);
    return ends(net, s.edits.at(0));
  };
  EXPECT_EQ(sel("ways = [200]"), (P{{C, E}, {E, C}}));
  EXPECT_EQ(sel("ways = [200, 400]"), (P{{C, E}, {E, C}, {G, H}, {H, G}}));
  // The border post E: every link touching it.
  EXPECT_EQ(sel("border_posts = [1004]"), (P{{C, E}, {E, C}, {E, G}, {G, E}}));
  // 5.6 km from both C and E, 40 km from the east crossing: the west crossing's way.
  EXPECT_EQ(sel("border_near = [\"41.15,44.5\"]"), (P{{C, E}, {E, C}}));
  EXPECT_EQ(sel("border_near = [\"41.15,45.01\"]"), (P{{D, F}, {F, D}}));
  // D and F are inside: links with an end inside.
  EXPECT_EQ(sel("bbox = [44.9, 41.0, 45.1, 41.3]"),
            (P{{B, D}, {D, B}, {D, F}, {F, D}, {F, G}, {G, F}}));
  EXPECT_EQ(sel("countries = [\"GE\", \"AM\"]"), (P{{C, E}, {E, C}, {D, F}, {F, D}}));
  EXPECT_EQ(sel("countries = [\"AM\"]"), (P{{C, E}, {E, C}, {D, F}, {F, D}}));
  // Selectors intersect.
  EXPECT_EQ(sel("countries = [\"GE\", \"AM\"]\nbbox = [44.9, 41.0, 45.1, 41.3]"),
            (P{{D, F}, {F, D}}));
  EXPECT_EQ(sel("border = true\nways = [200, 300]"), (P{{C, E}, {E, C}}));
  EXPECT_EQ(sel("border = false\nbbox = [44.9, 41.0, 45.1, 41.3]").size(), 4u);
  EXPECT_EQ(sel("modes = [\"road\"]").size(), net.num_links());
}

TEST(NetOverlay, WeightsCloseAndReweight) {
  const FlatNetwork net = two_crossings();
  const Profile truck = Profile::parse("truck");
  const auto base = arc_weights(net, truck);
  NetScenario s = parse(R"(description = "edits"
[[close]]
ways = [200]
[[set]]
ways = [300]
factor = 2
[[set]]
ways = [301]
add_minutes = 30
[[set]]
ways = [400]
kmh = 50
factor = 0.5
[[set]]
ways = [200]
factor = 3
)",
                        net);
  const auto w = scenario_weights(net, truck, s);
  for (uint32_t a = 0; a < net.num_links(); ++a) {
    const int64_t way = net.way_id[a];
    const uint32_t expect = way == 200   ? ch::kInfWeight  // closed; a later set keeps it closed
                            : way == 300 ? 1400            // 700 x 2
                            : way == 301 ? 800 + 18000     // + 30 min = 18,000 ds
                            : way == 400 ? 3600            // 10 km at 50 km/h = 7,200 ds, x 0.5
                                         : base[a];
    EXPECT_EQ(w[a], expect) << "link " << a << " way " << way;
  }
  // A profile that forbids a link keeps it forbidden whatever the overlay says.
  const auto rail = scenario_weights(net, Profile::parse("rail"), s);
  for (uint32_t x : rail) EXPECT_EQ(x, ch::kInfWeight);
}

TEST(NetOverlay, BaseChainAppliesTheBaseFirst) {
  const FlatNetwork net = two_crossings();
  const auto dir =
      std::filesystem::temp_directory_path() / ("corridor_overlay_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream((dir / name).string()) << text;
    return (dir / name).string();
  };
  write("west.toml", "description = \"west closed\"\n[[close]]\nways = [200]\n");
  const std::string both =
      write("both.toml", "description = \"both\"\nbase = \"west\"\n[[close]]\nways = [201]\n");
  NetScenario s = load_net_scenario(both, net);
  ASSERT_EQ(s.edits.size(), 2u);
  EXPECT_EQ(ends(net, s.edits[0]), (std::set<std::pair<uint32_t, uint32_t>>{{C, E}, {E, C}}));
  EXPECT_EQ(s.name, "both");
  write("a.toml", "description = \"a\"\nbase = \"b\"\n");
  write("b.toml", "description = \"b\"\nbase = \"a\"\n");
  try {
    load_net_scenario((dir / "a.toml").string(), net);
    ADD_FAILURE() << "a base cycle was accepted";
  } catch (const Error& e) {
    ASSERT_FALSE(e.details().empty());
    EXPECT_NE(e.details()[0].message.find("cycle"), std::string::npos);
  }
  std::filesystem::remove_all(dir);
}

TEST(NetOverlay, BadOverlaysSayWhereAndWhat) {
  const FlatNetwork net = two_crossings();
  EXPECT_EQ(problems(R"(description = "bad"
[[close]]
ways = [200, 999, "x"]
countries = ["GE", "DE"]
[[set]]
bbox = [45, 41]
factor = -1
colour = "red"
[[close]]
modes = ["rail"]
[[close]]
border_near = ["40.0,40.0", "north"]
)",
                     net),
            "3:14: [[close]] 'ways': no link of this network comes from OSM way 999\n"
            "3:19: [[close]] 'ways': expected an OSM id (integer), found the string \"x\"\n"
            "4:20: [[close]] 'countries': 'DE' is not a country of this network (it has: GE, "
            "AM)\n"
            "6:8: [[set]] 'bbox': expected [min_lon, min_lat, max_lon, max_lat] in degrees with "
            "min < max\n"
            "7:10: [[set]] 'factor': expected a number > 0, found the integer -1\n"
            "8:10: [[set]]: unknown field 'colour': expected ways, border_posts, border_near, "
            "bbox, countries, modes, border or kmh, factor, add_minutes\n"
            "9:1: [[close]]: the selectors together select no link of this network\n"
            "12:16: [[close]] 'border_near': no border crossing within 10 km of 40.0,40.0\n"
            "12:29: [[close]] 'border_near': expected \"lat,lon\" in degrees, found \"north\"\n");
  EXPECT_NE(problems("[[close]]\nways = [200]\n", net).find("1:1: missing 'description'"),
            std::string::npos);
  EXPECT_NE(problems("description = \"x\"\n[[close]\n", net).find("2:"), std::string::npos);
  EXPECT_NE(problems("description = \"x\"\n[[close]]\nfactor = 2\n", net)
                .find("3:10: [[close]]: unknown field 'factor'"),
            std::string::npos);
}

}  // namespace
}  // namespace corridor::osm
