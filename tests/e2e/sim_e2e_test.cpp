// End-to-end: `corridor simulate` on the bundled files (JSON fields, exit codes, bad TOML).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "run.h"

namespace corridor::e2e {
namespace {

TEST(SimulateE2E, MeghriJsonHasTheIssueFields) {
  e2e::Run r =
      run_cli("simulate data/caucasus/sim/tripp-meghri.toml --days 60 --replications 4 --json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["seed"], 20260);
  EXPECT_EQ(j["replications"], 4);
  ASSERT_EQ(j["directions"].size(), 2u);
  for (const auto& d : j["directions"]) {
    EXPECT_GT(d["per_day"]["mean"].get<double>(), 0);
    EXPECT_TRUE(d["per_day"].contains("ci95"));
  }
  for (const auto& f : j["flows"])
    for (const char* k : {"mean", "p50", "p95"}) EXPECT_TRUE(f["wait_min"][k].contains("ci95"));
  bool track = false;
  for (const auto& res : j["resources"]) {
    EXPECT_TRUE(res.contains("utilisation"));
    EXPECT_FALSE(res["queue_series"].empty());
    if (res["kind"] == "single_track") {
      track = true;
      EXPECT_EQ(res["deadlocks"], 0);
      EXPECT_EQ(res["links"][0], "R-AGARAK-MEGHRI");
    }
  }
  EXPECT_TRUE(track);
}

TEST(SimulateE2E, SameSeedSameBytesAtAnyThreadCount) {
  const std::string args =
      "simulate data/caucasus/sim/red-bridge.toml --days 20 --replications 3 --json";
  e2e::Run one = run_cli(args + " --threads 1");
  e2e::Run two = run_cli(args + " --threads 2");
  ASSERT_EQ(one.code, 0) << one.err;
  EXPECT_EQ(one.out, two.out);
  e2e::Run other = run_cli(args + " --seed 99");
  EXPECT_NE(one.out, other.out);
  EXPECT_NE(other.out.find("\"seed\": 99"), std::string::npos);
}

TEST(SimulateE2E, CapacityAndReport) {
  const std::string report = ::testing::TempDir() + "/sim_e2e_report.html";
  e2e::Run r = run_cli(
      "simulate data/caucasus/sim/akhalkalaki.toml --days 30 --replications 2 "
      "--capacity --report '" +
      report + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("capacity (largest demand carried"), std::string::npos) << r.out;
  const std::string html = slurp(report);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("Capacity"), std::string::npos);
  std::remove(report.c_str());
}

TEST(SimulateE2E, BadTomlExitsFourWithFileLine) {
  const std::string bad = ::testing::TempDir() + "/sim_e2e_bad.toml";
  {
    std::ofstream o(bad);
    o << "[simulation]\nseed = 1\n\n[[element]]\nid = \"x\"\nkind = \"border_post\"\n"
         "lanes = 0\nservice = { dist = \"exponential\", mean = 5 }\n\n[[flow]]\nid = \"f\"\n"
         "direction = \"ab\"\nunit = \"truck\"\nprocess = \"poisson\"\nper_day = 10\n";
  }
  e2e::Run r = run_cli("simulate '" + bad + "'");
  EXPECT_EQ(r.code, 4);
  EXPECT_NE(r.err.find("sim_e2e_bad.toml:7:9"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("expected an integer in [1, 1000], found 0"), std::string::npos) << r.err;
  e2e::Run missing = run_cli("simulate /nonexistent/x.toml");
  EXPECT_EQ(missing.code, 5);
  std::remove(bad.c_str());
}

TEST(SimulateE2E, UnknownDatasetIdIsReported) {
  const std::string bad = ::testing::TempDir() + "/sim_e2e_ids.toml";
  {
    std::ofstream o(bad);
    o << "[[element]]\nid = \"x\"\nkind = \"border_post\"\nlinks = [\"NO-SUCH-LINK\"]\n"
         "service = { dist = \"exponential\", mean = 5 }\n\n[[flow]]\nid = \"f\"\n"
         "direction = \"ab\"\nunit = \"truck\"\nprocess = \"poisson\"\nper_day = 10\n";
  }
  e2e::Run r = run_cli("simulate '" + bad + "' --data data/caucasus --days 1 --replications 1");
  EXPECT_EQ(r.code, 4);
  EXPECT_NE(r.err.find("sim_e2e_ids.toml:4:10"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("NO-SUCH-LINK"), std::string::npos) << r.err;
  std::remove(bad.c_str());
}

}  // namespace
}  // namespace corridor::e2e
