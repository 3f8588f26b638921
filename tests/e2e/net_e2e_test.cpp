// End-to-end: compare, route and critical on an imported network (--net) through the real CLI,
// on the hand-drawn network of tests/unit/osm/drawn_net.h (figures computed by hand there).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "corridor/osm/flat_network.h"
#include "run.h"
#include "unit/osm/drawn_net.h"

namespace corridor::e2e {
namespace {

using namespace osm::drawn;

class NetE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("corridor_net_e2e_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    osm::write_cnet(file("d.cnet"), two_crossings());
    write("west.toml",
          "description = \"west crossing closed\"\n[[close]]\nborder_near = [\"41.15,44.5\"]\n");
    write("bad.toml",
          "description = \"typo\"\n[[close]]\nways = [200]\n[[set]]\nways = [201]\nfactr = 2\n");
    write("pairs.csv", "from,to\n1000,1006\n1000,1007\n");
    write("demand.csv", "origin,destination,volume\n1000,1006,10\n1000,1007,5\n1001,1005,2\n");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string file(const std::string& n) const { return (dir_ / n).string(); }
  void write(const std::string& n, const std::string& text) const {
    std::ofstream(file(n)) << text;
  }
  std::filesystem::path dir_;
};

TEST_F(NetE2e, CompareUnderAnOverlay) {
  e2e::Run r = run_cli("compare --net " + file("d.cnet") + " --pairs " + file("pairs.csv") +
                       " --base baseline --scenario " + file("west.toml") + " --json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["base"], "baseline");
  EXPECT_EQ(j["scenario"], "west");
  ASSERT_EQ(j["pairs"].size(), 2u);
  // A -> G: west 2600 ds (0.0722 h), east 3000 ds (0.0833 h).
  EXPECT_NEAR(j["pairs"][0]["base"]["total"]["hours"].get<double>(), 2600 / 36000.0, 0.006);
  EXPECT_NEAR(j["pairs"][0]["scenario"]["total"]["hours"].get<double>(), 3000 / 36000.0, 0.006);
  EXPECT_EQ(j["pairs"][0]["scenario"]["borders"][0]["id"], "w201");
  e2e::Run text = run_cli("compare --net " + file("d.cnet") + " --pairs " + file("pairs.csv") +
                          " --scenario " + file("west.toml"));
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("baseline vs west"), std::string::npos) << text.out;
  e2e::Run csv = run_cli("compare --net " + file("d.cnet") + " --pairs " + file("pairs.csv") +
                         " --scenario " + file("west.toml") + " --csv");
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_EQ(
      csv.out.rfind("from,to,scenario,length_km,time_h,charges_usd,cost_usd,borders,countries,"
                    "co2e_wtw_t,co2e_ttw_t,delta_length_km,delta_time_h,delta_charges_usd,"
                    "delta_cost_usd,delta_borders\n",
                    0),
      0u)
      << csv.out;
}

TEST_F(NetE2e, RouteUnderAnOverlay) {
  e2e::Run r =
      run_cli("route --net " + file("d.cnet") + " 1000 1006 --scenario " + file("west.toml"));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("border road"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("scenario west"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("40.0 km"), std::string::npos) << r.out;
}

TEST_F(NetE2e, CriticalRanksByHand) {
  e2e::Run r =
      run_cli("critical --net " + file("d.cnet") + " --demand " + file("demand.csv") + " --csv");
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<std::string> ids;
  std::istringstream in(r.out);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) ids.push_back(line.substr(line.find(',') + 1, 14));
  EXPECT_EQ(ids, (std::vector<std::string>{"w101:1001-1002", "w200:1002-1004", "w300:1004-1006",
                                           "w102:1001-1003", "w201:1003-1005", "w100:1000-1001",
                                           "w400:1006-1007"}));
  e2e::Run a = run_cli("critical --net " + file("d.cnet") + " --demand " + file("demand.csv") +
                       " --json --threads 1");
  e2e::Run b = run_cli("critical --net " + file("d.cnet") + " --demand " + file("demand.csv") +
                       " --json --threads 2");
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
}

TEST_F(NetE2e, AssignUnderAnOverlay) {
  e2e::Run r = run_cli("assign --net " + file("d.cnet") + " --demand " + file("demand.csv") +
                       " --base baseline --scenario " + file("west.toml") + " --json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["scenario"], "west");
  ASSERT_GE(j["sections"].size(), 1u);
  EXPECT_EQ(j["sections"][0]["section"], "w201:1003-1005");
  e2e::Run text = run_cli("assign --net " + file("d.cnet") + " --demand " + file("demand.csv"));
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("aon (uncapacitated)"), std::string::npos) << text.out;
  e2e::Run gap =
      run_cli("assign --net " + file("d.cnet") + " --demand " + file("demand.csv") + " --gap 1e-6");
  EXPECT_EQ(gap.code, 2) << gap.err;
  EXPECT_NE(gap.err.find("--gap cannot be applied"), std::string::npos) << gap.err;
}

TEST_F(NetE2e, BadOverlayAndRefusedFlags) {
  e2e::Run r = run_cli("compare --net " + file("d.cnet") + " --pairs " + file("pairs.csv") +
                       " --scenario " + file("bad.toml"));
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find("bad.toml:6:9: [[set]]: unknown field 'factr'"), std::string::npos) << r.err;
  e2e::Run rep = run_cli("compare --net " + file("d.cnet") + " --pairs " + file("pairs.csv") +
                         " --scenario " + file("west.toml") + " --report x.html");
  EXPECT_EQ(rep.code, 2);
  EXPECT_NE(rep.err.find("--report"), std::string::npos) << rep.err;
  e2e::Run crit = run_cli("critical --net " + file("d.cnet") + " --demand " + file("demand.csv") +
                          " --assign ue");
  EXPECT_EQ(crit.code, 2) << crit.err;
  e2e::Run missing = run_cli("compare --net " + file("d.cnet") + " --pairs " + file("pairs.csv") +
                             " --scenario " + file("nope.toml"));
  EXPECT_EQ(missing.code, 2) << missing.err;
}

}  // namespace
}  // namespace corridor::e2e
