#include "corridor/scenario/scenario.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "support/world.h"

using namespace corridor;

namespace {
const char* kWorld = R"(
node A AZ
node B AZ
node C GE
link ab A -- B road km=100 kmh=50
link bc B -- C road km=10 kmh=50 dwell=5 border status=closed@1993
link ac A -- C rail km=300 kmh=50 g=1520 border status=planned@2030
)";

// The located errors of a scenario that must not parse; a scenario that parses, or fails without
// a location, yields one line saying so (so .front() is always safe and the comparison fails).
std::vector<std::string> errors(const std::string& toml, const network::Network& net) {
  try {
    scenario::parse_scenario(toml, "s.toml", net);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_scenario);
    std::vector<std::string> out;
    for (const auto& d : e.details()) out.push_back(d.to_string());
    if (out.empty()) out.push_back(std::string("error without a location: ") + e.what());
    return out;
  }
  return {"(parsed without an error)"};
}
}  // namespace

TEST(Scenario, OpenCloseSetAddAndYear) {
  auto net = test::world(kWorld);
  scenario::ScenarioSet set;
  set["baseline"] = scenario::parse_scenario("description = \"today\"\n", "baseline.toml", net);
  set["open"] = scenario::parse_scenario(R"(
description = "reopen the border faster"
base = "baseline"
year = 2031
[[open]]
links = ["bc"]
[[set]]
links = ["bc"]
dwell_hours = 1.5
fee_usd = 20
[[add]]
link_id = "bypass"
directed = false
from_node_id = "A"
to_node_id = "C"
mode = "road"
link_type = "border"
length = 500
free_speed = 50
source = "test"
)",
                                         "open.toml", net);
  set["shut"] = scenario::parse_scenario(
      "description = \"close GE\"\nbase = \"open\"\n[[close]]\ncountries = [\"GE\"]\n", "shut.toml",
      net);
  auto base = scenario::apply(net, set, "baseline");
  EXPECT_EQ(base.year, 2026);
  EXPECT_EQ(base.net.links[network::LinkIdx{1}].status, network::Status::closed);
  auto open = scenario::apply(net, set, "open");
  EXPECT_EQ(open.year, 2031);
  const auto& bc = open.net.links[*open.net.find_link("bc")];
  EXPECT_EQ(bc.status, network::Status::operating);
  EXPECT_DOUBLE_EQ(bc.dwell_hours, 1.5);
  EXPECT_DOUBLE_EQ(bc.fee_usd, 20);
  ASSERT_TRUE(open.net.find_link("bypass"));
  EXPECT_TRUE(open.net.links[*open.net.find_link("ac")].open_in(open.year));
  // The base network is untouched.
  EXPECT_EQ(net.links.size(), 3u);
  EXPECT_DOUBLE_EQ(net.links[network::LinkIdx{1}].dwell_hours, 5);
  // Chained: shut = open + every GE border closed.
  auto shut = scenario::apply(net, set, "shut");
  // Exactly bc, ac and the added bypass (the links into GE) close, and nothing else.
  std::vector<std::string> closed;
  for (const auto& l : shut.net.links)
    if (l.status == network::Status::closed) closed.push_back(l.id);
  EXPECT_EQ(closed, (std::vector<std::string>{"bc", "ac", "bypass"}));
  ASSERT_EQ(shut.net.links.size(), 4u);
  EXPECT_EQ(shut.net.links[*shut.net.find_link("ab")].status, network::Status::operating);
  EXPECT_EQ(shut.year, 2031) << "the year comes down the base chain";
}

TEST(Scenario, ErrorsNameFileAndLine) {
  auto net = test::world(kWorld);
  EXPECT_EQ(errors("description = \"x\"\n[[close]]\nlinks = [\"nope\"]\n", net),
            (std::vector<std::string>{"s.toml:2:1: unknown link id 'nope'"}));
  EXPECT_EQ(
      errors("description = \"x\"\n\n[[set]]\nlinks = [\"ab\"]\ndwell_hours = -1\n", net),
      (std::vector<std::string>{"s.toml:5:15: [[set]] 'dwell_hours': expected a number >= 0"}));
  EXPECT_EQ(errors("description = \"x\"\n[[set]]\nlinks = [\"ab\"]\nspeed = 3\n", net).front(),
            "s.toml:4:9: [[set]]: unknown field 'speed'");
  EXPECT_EQ(errors("description = 3\n", net).front(),
            "s.toml:1:15: 'description': expected a string");
  EXPECT_EQ(errors("[[open]]\nlinks = [\"ab\"]\n", net).front(),
            "s.toml:1:1: missing 'description': every scenario says what it is");
  auto syntax = errors("description = \"x\"\n[[open]\n", net);
  ASSERT_EQ(syntax.size(), 1u);
  EXPECT_EQ(syntax[0].rfind("s.toml:2:", 0), 0u) << syntax[0];
  EXPECT_EQ(errors("description = \"x\"\nyear = 99999\n", net).front(),
            "s.toml:2:8: 'year': expected an integer year in [1900, 2200]");
  EXPECT_EQ(errors("description = \"x\"\n[[add]]\nlink_id = \"z\"\nfrom_node_id = "
                   "\"A\"\nto_node_id = \"Q\"\nmode = \"road\"\n"
                   "length = 3\nfree_speed = 30\nsource = \"t\"\n",
                   net)
                .front(),
            "s.toml:5:14: [[add]] 'to_node_id': unknown node 'Q'");
}

TEST(Scenario, UnknownScenarioSuggests) {
  auto net = test::world(kWorld);
  scenario::ScenarioSet set;
  set["tripp"] = scenario::parse_scenario("description = \"x\"\n", "tripp.toml", net);
  try {
    scenario::apply(net, set, "trip");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::usage);
    ASSERT_FALSE(e.suggestions().empty());
    EXPECT_EQ(e.suggestions().front(), "tripp");
  }
}

TEST(Scenario, BaseCyclesAndMissingBasesAreRejected) {
  auto net = test::world(kWorld);
  std::string dir = ::testing::TempDir() + "/corridor_scen_cycle";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/a.toml") << "description = \"a\"\nbase = \"b\"\n";
  std::ofstream(dir + "/b.toml") << "description = \"b\"\nbase = \"a\"\n";
  std::ofstream(dir + "/c.toml") << "description = \"c\"\nbase = \"zz\"\n";
  try {
    scenario::load_scenarios(dir, net);
    FAIL();
  } catch (const Error& e) {
    std::string all;
    for (const auto& d : e.details()) all += d.to_string() + "\n";
    EXPECT_NE(all.find("cycle"), std::string::npos) << all;
    EXPECT_NE(all.find("unknown scenario 'zz'"), std::string::npos) << all;
  }
}

TEST(Scenario, AddedLinksObeyTheDatasetRules) {
  auto net = test::world(kWorld);
  const std::string head =
      "description = \"x\"\n[[add]]\nlink_id = \"z\"\ndirected = false\nmode = \"road\"\n"
      "length = 3\nfree_speed = 30\nsource = \"t\"\n";
  // A construction link needs the year it opens.
  auto e =
      errors(head + "from_node_id = \"A\"\nto_node_id = \"B\"\nstatus = \"construction\"\n", net);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(
      e[0],
      "s.toml:2:1: [[add]] 'status_year': expected the year a construction link is due to open");
  // A self-loop names the field's line.
  e = errors(head + "from_node_id = \"A\"\nto_node_id = \"A\"\n", net);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].rfind("s.toml:10:14: [[add]] 'to_node_id': expected a node other", 0), 0u) << e[0];
  // A road line between two countries must be a border link.
  e = errors(head + "from_node_id = \"A\"\nto_node_id = \"C\"\n", net);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("expected a 'border' link between AZ and GE"), std::string::npos) << e[0];
  // Ids that would break CSV output are refused; 'directed' is required as in link.csv.
  e = errors(
      "description = \"x\"\n[[add]]\nlink_id = \"X,Y\"\nmode = \"road\"\nlength = 3\n"
      "free_speed = 30\nsource = \"t\"\nfrom_node_id = \"A\"\nto_node_id = \"B\"\n",
      net);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_NE(e[0].find("missing required field 'directed'"), std::string::npos) << e[0];
  EXPECT_NE(e[1].find("'link_id': expected letters, digits"), std::string::npos) << e[1];
}

TEST(Scenario, AScenarioMayOpenALinkItsBaseAdded) {
  auto net = test::world(kWorld);
  std::string dir = ::testing::TempDir() + "/corridor_scen_chain";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/plan.toml")
      << "description = \"plan\"\n[[add]]\nlink_id = \"new\"\ndirected = false\nfrom_node_id = "
         "\"A\"\n"
         "to_node_id = \"B\"\nmode = \"road\"\nlength = 5\nfree_speed = 50\nstatus = \"closed\"\n"
         "source = \"t\"\n[[open]]\nlinks = [\"new\"]\n";
  std::ofstream(dir + "/shut.toml")
      << "description = \"shut\"\nbase = \"plan\"\n[[close]]\nlinks = [\"new\"]\n";
  auto set = scenario::load_scenarios(dir, net);
  auto plan = scenario::apply(net, set, "plan");
  EXPECT_EQ(plan.net.links[*plan.net.find_link("new")].status, network::Status::operating);
  auto shut = scenario::apply(net, set, "shut");
  EXPECT_EQ(shut.net.links[*shut.net.find_link("new")].status, network::Status::closed);
  // Without the base that adds it, the id is unknown, at the line of its table.
  std::ofstream(dir + "/orphan.toml")
      << "description = \"o\"\nbase = \"baseline\"\n\n[[close]]\nlinks = [\"new\"]\n";
  try {
    scenario::load_scenarios(dir, net);
    FAIL();
  } catch (const Error& err) {
    ASSERT_EQ(err.details().size(), 1u);
    EXPECT_EQ(err.details()[0].to_string(), dir + "/orphan.toml:4:1: unknown link id 'new'");
    EXPECT_NE(std::string(err.what()).find(": 1 problem(s)"), std::string::npos) << err.what();
  }
}

TEST(Scenario, MutatedTomlParsesOrFailsCleanly) {
  auto net = test::world(kWorld);
  const std::string base =
      "description = \"x\"\nbase = \"baseline\"\nyear = 2030\n[[open]]\nlinks = [\"bc\"]\n"
      "[[set]]\nlinks = [\"ab\"]\ndwell_hours = 2.5\n[[add]]\nlink_id = \"n\"\ndirected = false\n"
      "from_node_id = \"A\"\nto_node_id = \"B\"\nmode = \"road\"\nlength = 5\nfree_speed = 50\n"
      "source = \"t\"\n";
  std::mt19937 rng(7);
  const char bytes[] = {'[', ']', '"', '=', '\n', '#', '.', '-', '9', 'x', '\0', '{', ','};
  int parsed = 0, rejected = 0;
  for (int round = 0; round < 400; ++round) {
    std::string s = base;
    for (int k = 0; k < 1 + static_cast<int>(rng() % 3); ++k) {
      size_t pos = rng() % s.size();
      if (rng() % 2)
        s[pos] = bytes[rng() % sizeof bytes];
      else
        s.erase(pos, 1 + rng() % 6);
    }
    try {
      scenario::parse_scenario(s, "m.toml", net);
      ++parsed;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Errc::invalid_scenario);
      ASSERT_FALSE(e.details().empty());
      EXPECT_EQ(e.details()[0].where.file, "m.toml");
      ++rejected;
    }
  }
  EXPECT_GT(rejected, 100) << "the mutations do break things";
  EXPECT_GT(parsed, 5) << "and some (comments, harmless bytes) do not";
}
