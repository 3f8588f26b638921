// scenario::load_scenarios_text: the directory loader's validation over files already in memory
// (what fuzz_scenario_toml drives): the same set, the same located errors, the same cross-file
// checks (bases, cycles, ids only a base adds) as load_scenarios over those files on disk.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "corridor/core/files.h"
#include "corridor/io/dataset.h"
#include "corridor/scenario/scenario.h"
#include "support/world.h"

using namespace corridor;

namespace {
std::vector<std::string> located(const Error& e) {
  std::vector<std::string> out;
  for (const auto& d : e.details()) out.push_back(d.to_string());
  return out;
}
}  // namespace

TEST(ScenarioText, SameSetAsTheDirectoryLoaderOnTheBundledScenarios) {
  const std::string data = std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus";
  const auto net = io::load_dataset(data);
  const auto from_dir = scenario::load_scenarios(data + "/scenarios", net);
  std::vector<std::filesystem::path> paths;
  for (const auto& e : std::filesystem::directory_iterator(data + "/scenarios"))
    if (e.path().extension() == ".toml") paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  std::vector<scenario::ScenarioFile> texts;
  for (const auto& p : paths) texts.push_back({p.string(), files::read_all(p.string())});
  const auto from_text = scenario::load_scenarios_text(texts, net);
  ASSERT_EQ(from_text.size(), from_dir.size());
  ASSERT_GE(from_text.size(), 5u);
  for (const auto& [name, s] : from_dir) {
    ASSERT_TRUE(from_text.count(name)) << name;
    const auto& t = from_text.at(name);
    EXPECT_EQ(t.file, s.file);
    EXPECT_EQ(t.description, s.description);
    EXPECT_EQ(t.base, s.base);
    EXPECT_EQ(t.year, s.year);
    EXPECT_EQ(t.edits.size(), s.edits.size()) << name;
    // Applying either gives the same network.
    const auto a = scenario::apply(net, from_dir, name), b = scenario::apply(net, from_text, name);
    ASSERT_EQ(a.net.links.size(), b.net.links.size()) << name;
    for (auto i : a.net.links.ids())
      EXPECT_EQ(a.net.links[i].status, b.net.links[i].status) << name << " link " << i.v;
    EXPECT_EQ(a.year, b.year);
  }
}

TEST(ScenarioText, CrossFileProblemsAreLocatedWithTheGivenNames) {
  const auto net = test::world(R"(
node A AZ
node B AZ
link ab A -- B road km=100 kmh=50
)");
  const std::vector<scenario::ScenarioFile> files = {
      {"mem/a.toml", "description = \"a\"\nbase = \"b\"\n"},
      {"mem/b.toml", "description = \"b\"\nbase = \"a\"\n"},
      {"mem/c.toml", "description = \"c\"\nbase = \"zz\"\n"},
      {"mem/d.toml", "description = \"d\"\nbase = \"baseline\"\n\n[[close]]\nlinks = [\"new\"]\n"},
      {"mem/e.toml", "description = \"e\"\nyear = 2030.0\n"},
  };
  try {
    scenario::load_scenarios_text(files, net, "in memory");
    FAIL() << "loaded";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_scenario);
    EXPECT_NE(std::string(e.what()).find("invalid scenarios in 'in memory'"), std::string::npos)
        << e.what();
    std::string all;
    for (const auto& l : located(e)) all += l + "\n";
    EXPECT_NE(all.find("mem/a.toml:1:1: 'base': scenarios form a cycle"), std::string::npos) << all;
    EXPECT_NE(all.find("mem/c.toml:1:1: 'base': unknown scenario 'zz'"), std::string::npos) << all;
    EXPECT_NE(all.find("mem/d.toml:4:1: unknown link id 'new'"), std::string::npos) << all;
    EXPECT_NE(all.find("mem/e.toml:2:"), std::string::npos) << all;
  }
  // Valid files load, with the implicit baseline.
  const auto set = scenario::load_scenarios_text(
      {{"x.toml", "description = \"x\"\n[[close]]\nlinks = [\"ab\"]\n"}}, net);
  ASSERT_EQ(set.size(), 2u);
  EXPECT_TRUE(set.count("baseline"));
  EXPECT_EQ(scenario::apply(net, set, "x").net.links[*net.find_link("ab")].status,
            network::Status::closed);
}
