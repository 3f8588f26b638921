// End-to-end: corridor critical, select-link and sweep on the bundled dataset.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "run.h"

namespace corridor::e2e {
namespace {

TEST(CriticalE2e, ThreadCountGivesIdenticalBytes) {
  for (const char* fmt : {"--csv", "--json", ""}) {
    e2e::Run a = run_cli(std::string("critical --threads 1 ") + fmt);
    e2e::Run b = run_cli(std::string("critical --threads 2 ") + fmt);
    ASSERT_EQ(a.code, 0) << a.err;
    ASSERT_EQ(b.code, 0) << b.err;
    EXPECT_EQ(a.out, b.out) << fmt;
    EXPECT_GT(a.out.size(), 100u);
  }
  e2e::Run a = run_cli("critical --assign ue --links border --threads 1 --csv");
  e2e::Run b = run_cli("critical --assign ue --links border --threads 2 --csv");
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
}

TEST(CriticalE2e, RankedByDeltaCostThenId) {
  e2e::Run r = run_cli("critical --json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  const auto& links = j["links"];
  ASSERT_GT(links.size(), 10u);
  for (size_t i = 1; i < links.size(); ++i) {
    double a = links[i - 1]["delta_cost_usd_per_day"], b = links[i]["delta_cost_usd_per_day"];
    EXPECT_GE(a, b) << i;
    if (a == b) {
      EXPECT_LT(links[i - 1]["id"].get<std::string>(), links[i]["id"].get<std::string>());
    }
  }
  // A link that carries flow in the base costs something (or strands demand) when removed.
  for (const auto& l : links) {
    if (l["base_units_per_day"].get<double>() > 0) {
      EXPECT_TRUE(l["delta_cost_usd_per_day"].get<double>() > 0 ||
                  l["unserved_units_per_day"].get<double>() > 0)
          << l["id"];
    }
  }
}

TEST(CriticalE2e, GeojsonHasOneLineStringPerRankedLink) {
  e2e::Run g = run_cli("critical --geojson --top 5");
  e2e::Run j = run_cli("critical --json --top 5");
  ASSERT_EQ(g.code, 0) << g.err;
  auto gj = nlohmann::json::parse(g.out);
  auto jj = nlohmann::json::parse(j.out);
  ASSERT_EQ(gj["features"].size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(gj["features"][i]["geometry"]["type"], "LineString");
    EXPECT_GE(gj["features"][i]["geometry"]["coordinates"].size(), 2u);
    EXPECT_EQ(gj["features"][i]["properties"], jj["links"][i]);
  }
  EXPECT_EQ(run_cli("critical --geojson --csv").code, 2);
}

TEST(CriticalE2e, BadFlagsExitTwo) {
  EXPECT_EQ(run_cli("critical --mode capacity:0.5").code, 2);  // needs --assign ue
  EXPECT_EQ(run_cli("critical --metric speed").code, 2);
  EXPECT_EQ(run_cli("critical --links no-such-link").code, 2);
  EXPECT_EQ(run_cli("critical --assign ue --mode capacity:1.5").code, 2);
}

TEST(CriticalE2e, OutputFileIsWritten) {
  std::string path = ::testing::TempDir() + "/crit_out.csv";
  e2e::Run r = run_cli("critical --csv --top 3 -o '" + path + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  std::string text = slurp(path);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4);
}

TEST(SelectLinkE2e, VolumesSumToTheLinksAssignedVolume) {
  e2e::Run c = run_cli("critical --json --top 5");
  ASSERT_EQ(c.code, 0) << c.err;
  auto cj = nlohmann::json::parse(c.out);
  for (const auto& l : cj["links"]) {
    e2e::Run r = run_cli("select-link " + l["id"].get<std::string>() + " --json");
    ASSERT_EQ(r.code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    double sum = 0;
    for (const auto& od : j["ods"]) sum += od["units_per_day"].get<double>();
    EXPECT_NEAR(sum, j["link_units_per_day"].get<double>(), 1e-3);
    EXPECT_NEAR(j["link_units_per_day"].get<double>(), l["base_units_per_day"].get<double>(), 1e-3);
    EXPECT_FALSE(j["ods"].empty());
  }
  EXPECT_EQ(run_cli("select-link NO-SUCH-LINK").code, 2);
}

TEST(SweepE2e, ThreadsAndShardsGiveTheSerialBytes) {
  for (const char* sweep :
       {"data/caucasus/sweeps/tripp-grid.toml", "data/caucasus/sweeps/monte-carlo.toml"}) {
    e2e::Run serial = run_cli(std::string("sweep ") + sweep + " --threads 1");
    ASSERT_EQ(serial.code, 0) << serial.err;
    EXPECT_GT(std::count(serial.out.begin(), serial.out.end(), '\n'), 20);
    e2e::Run two = run_cli(std::string("sweep ") + sweep + " --threads 2");
    EXPECT_EQ(serial.out, two.out) << sweep;
    for (int n : {2, 3, 5}) {
      std::string joined;
      for (int k = 1; k <= n; ++k) {
        e2e::Run s = run_cli(std::string("sweep ") + sweep + " --shard " + std::to_string(k) + "/" +
                             std::to_string(n));
        ASSERT_EQ(s.code, 0) << s.err;
        joined += s.out;
      }
      EXPECT_EQ(joined, serial.out) << sweep << " in " << n << " shards";
    }
    e2e::Run j1 = run_cli(std::string("sweep ") + sweep + " --json --threads 1");
    e2e::Run j2 = run_cli(std::string("sweep ") + sweep + " --json --threads 2");
    ASSERT_EQ(j1.code, 0) << j1.err;
    EXPECT_EQ(j1.out, j2.out);
  }
}

TEST(SweepE2e, GridVariesWhatItSays) {
  e2e::Run r = run_cli("sweep data/caucasus/sweeps/tripp-grid.toml --json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["runs"].size(), 27u);
  // Run ids are 1..27; the first key (opening_year) varies slowest.
  EXPECT_EQ(j["runs"][0]["opening_year"], 2028);
  EXPECT_EQ(j["runs"][26]["opening_year"], 2032);
  // Higher tariffs cost more, same everything else (runs 1..3: tariff 0.8, 1.0, 1.2).
  EXPECT_LT(j["runs"][0]["cost_usd_per_day"].get<double>(),
            j["runs"][1]["cost_usd_per_day"].get<double>());
  EXPECT_LT(j["runs"][1]["cost_usd_per_day"].get<double>(),
            j["runs"][2]["cost_usd_per_day"].get<double>());
  // TRIPP open by 2030 (run 2: opening 2028) is cheaper than TRIPP opening in 2032 (run 8).
  EXPECT_LT(j["runs"][1]["cost_usd_per_day"].get<double>(),
            j["runs"][7]["cost_usd_per_day"].get<double>());
}

TEST(SweepE2e, ListRunsMatchHandChecks) {
  std::string path = ::testing::TempDir() + "/list.toml";
  std::ofstream(path) << "scenario = \"baseline\"\n[[run]]\ndemand = 1.0\n[[run]]\ndemand = 2.0\n"
                         "[[run]]\ntariff = 1.0\nborder_dwell = 1.0\n";
  e2e::Run r = run_cli("sweep '" + path + "' --json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["runs"].size(), 3u);
  const double c1 = j["runs"][0]["cost_usd_per_day"], c2 = j["runs"][1]["cost_usd_per_day"];
  // All-or-nothing is linear in demand: twice the demand costs twice as much.
  EXPECT_NEAR(c2, 2 * c1, 0.02);
  EXPECT_EQ(j["runs"][0]["cost_usd_per_day"], j["runs"][2]["cost_usd_per_day"]);
  // The neutral run equals the base of `corridor critical` (same loading of the same demand).
  e2e::Run c = run_cli("critical --json --top 1");
  ASSERT_EQ(c.code, 0) << c.err;
  EXPECT_EQ(nlohmann::json::parse(c.out)["base"]["cost_usd_per_day"],
            j["runs"][0]["cost_usd_per_day"]);
}

TEST(SweepE2e, RandomDrawsStayInTheirRanges) {
  e2e::Run r = run_cli("sweep data/caucasus/sweeps/monte-carlo.toml --json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["runs"].size(), 64u);
  int tripp = 0;
  std::set<double> dwell;
  for (const auto& run : j["runs"]) {
    EXPECT_GE(run["border_dwell"].get<double>(), 0.5);
    EXPECT_LE(run["border_dwell"].get<double>(), 2.0);
    EXPECT_GE(run["tariff"].get<double>(), 0.75);
    EXPECT_LE(run["tariff"].get<double>(), 1.25);
    EXPECT_GE(run["demand"].get<double>(), 0.9);
    EXPECT_LE(run["demand"].get<double>(), 1.6);
    tripp += run["scenario"] == "tripp";
    dwell.insert(run["border_dwell"].get<double>());
  }
  EXPECT_GT(tripp, 10);
  EXPECT_LT(tripp, 54);
  EXPECT_EQ(dwell.size(), 64u);
}

TEST(SweepE2e, TomlErrorsNameFileLineColumn) {
  std::string dir = ::testing::TempDir();
  std::ofstream(dir + "/bad1.toml") << "[grid]\ntariff = [1.0,\n";
  e2e::Run a = run_cli("sweep '" + dir + "/bad1.toml'");
  EXPECT_NE(a.code, 0);
  EXPECT_NE(a.err.find("bad1.toml:"), std::string::npos) << a.err;
  std::ofstream(dir + "/bad2.toml") << "[grid]\ntariff = [1.0]\nspeed = [2]\n";
  e2e::Run b = run_cli("sweep '" + dir + "/bad2.toml'");
  EXPECT_NE(b.code, 0);
  EXPECT_NE(b.err.find("bad2.toml:3:9"), std::string::npos) << b.err;
  EXPECT_NE(b.err.find("unknown parameter 'speed'"), std::string::npos) << b.err;
  std::ofstream(dir + "/bad3.toml") << "[[run]]\ntariff = \"high\"\n";
  e2e::Run c = run_cli("sweep '" + dir + "/bad3.toml'");
  EXPECT_NE(c.err.find("bad3.toml:2:10"), std::string::npos) << c.err;
  EXPECT_EQ(run_cli("sweep data/caucasus/sweeps/tripp-grid.toml --shard 3/2").code, 2);
}

}  // namespace
}  // namespace corridor::e2e
