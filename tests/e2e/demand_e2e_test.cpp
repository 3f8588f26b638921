// corridor forecast / calibrate end to end on the bundled dataset: exit codes, the JSON shape,
// totals that add up, the HTML report written, bad input refused with file:line:column.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "run.h"

using corridor::e2e::run_cli;
using corridor::e2e::slurp;

TEST(DemandCli, ForecastJsonByClassWithDivertedAndGenerated) {
  const std::string report = ::testing::TempDir() + "/forecast_report.html";
  auto r = run_cli(
      "forecast --data data/caucasus --base baseline --scenario tripp --year 2030 "
      "--json --report '" +
      report + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["year"], 2030);
  EXPECT_EQ(j["headline_section"], "meghri");
  ASSERT_GE(j["classes"].size(), 4u);
  double scen_meghri = 0;
  for (const auto& c : j["classes"]) {
    const double b = c["base_units"], s = c["scenario_units"], g = c["generated_units"];
    EXPECT_NEAR(s, b + g, 1.0 + 1e-6 * b) << c["class"];
    EXPECT_GE(double(c["diverted_units"]), 0);
    scen_meghri += double(c["scenario_headline_tonnes"]);
  }
  EXPECT_GT(scen_meghri, 0);
  EXPECT_NEAR(scen_meghri, double(j["headline"]["scenario_tonnes"]), 2.0 * j["classes"].size());
  EXPECT_TRUE(j["convergence"]["converged"]);
  for (const auto& od : j["ods"])
    for (const char* k : {"base_cost_usd", "scenario_cost_usd", "base_tkm", "scenario_tkm",
                          "mode_shares", "corridor_shares", "diverted_tonnes", "generated_tonnes"})
      EXPECT_TRUE(od.contains(k)) << k;
  std::string html = slurp(report);
  EXPECT_NE(html.find("<h1>Freight forecast 2030"), std::string::npos);
  std::remove(report.c_str());
  // --classes restricts the classes; CSV has one row per OD of them.
  auto csv = run_cli("forecast --data data/caucasus --classes container --csv");
  ASSERT_EQ(csv.code, 0) << csv.err;
  size_t rows = 0;
  for (size_t p = 0; (p = csv.out.find("\ncontainer,", p)) != std::string::npos; ++p) ++rows;
  EXPECT_EQ(rows, 6u);
  auto bad = run_cli("forecast --data data/caucasus --classes pallets");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("unknown cargo class 'pallets'"), std::string::npos) << bad.err;
}

TEST(DemandCli, ForecastRejectsAnUnknownClassInTheDemandFile) {
  const std::string f = ::testing::TempDir() + "/demand_bad_class.csv";
  {
    std::FILE* o = std::fopen(f.c_str(), "w");
    std::fputs(
        "origin,destination,volume,unit,class,corridor,source\n"
        "Baku,Kars,1000,tonnes,pallets,btk,test row\n",
        o);
    std::fclose(o);
  }
  auto r = run_cli("forecast --data data/caucasus --demand '" + f + "'");
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find(f + ":2:1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("class 'pallets'"), std::string::npos) << r.err;
  std::remove(f.c_str());
}

TEST(DemandCli, CalibrateReportsFitAndRefusesUnidentifiedParameters) {
  auto r = run_cli("calibrate --data data/caucasus --params scale:dry-bulk,scale:general --json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["parameters"].size(), 2u);
  for (const auto& p : j["parameters"]) {
    EXPECT_GT(double(p["value"]), 0);
    EXPECT_GT(double(p["std_error"]), 0);
  }
  ASSERT_EQ(j["counts"].size(), 8u);  // the calibrate rows of counts.csv
  for (const auto& c : j["counts"]) {
    EXPECT_LT(double(c["geh"]), 5) << c["count"];
    EXPECT_GT(double(c["ratio"]), 0.8) << c["count"];
    EXPECT_LT(double(c["ratio"]), 1.25) << c["count"];
  }
  EXPECT_GT(double(j["r2"]), 0.99);
  // liquid-bulk rides only rail and ferry: its road constant is not a parameter of the model.
  auto bad = run_cli("calibrate --data data/caucasus --params asc_road:liquid-bulk");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("may not use that mode"), std::string::npos) << bad.err;
  // Two constants of the same nest move the counts identically: refused, naming both.
  auto same =
      run_cli("calibrate --data data/caucasus --params asc_ferry:container,asc_ferry:container");
  EXPECT_NE(same.code, 0);
  EXPECT_NE(same.err.find("cannot identify"), std::string::npos) << same.err;
}
