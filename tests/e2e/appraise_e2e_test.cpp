// End-to-end: corridor appraise on the bundled dataset through the real binary.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run.h"
#include "support/sanitizers.h"

namespace corridor::e2e {
namespace {

TEST(AppraiseE2e, TrippAppraisalIsConsistent) {
  e2e::Run r = run_cli(
      "appraise --base baseline --scenario tripp --from 2028 --to 2057 --discount 0.06 --json "
      "--no-sensitivity");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  double npv = j["npv_usd"], bcr = j["bcr"], pvb = j["pv_benefits_usd"], pvc = j["pv_costs_usd"];
  EXPECT_NEAR(npv, pvb - pvc, 2.0);
  EXPECT_NEAR(bcr, pvb / pvc, 1e-3);
  EXPECT_EQ(npv > 0, bcr > 1);
  // The annual table re-adds to the NPV (what a reviewer does in a spreadsheet).
  double sum = 0;
  for (const auto& row : j["annual"]) sum += row["pv_net_usd"].get<double>();
  EXPECT_NEAR(sum, npv, 1.0 + 1e-9 * std::abs(npv));
  EXPECT_EQ(j["annual"].back()["year"], 2057);
  // Default forecast years: from, opening, 2040, 2050; flat after the last.
  EXPECT_EQ(j["forecast_years"], nlohmann::json({2028, 2029, 2040, 2050}));
  EXPECT_EQ(j["after_last"], "flat");
  // Each account is its own column, and they add up to the row's benefits and costs.
  for (const auto& row : j["annual"]) {
    double b = row["user_benefit_usd"].get<double>() + row["operator_benefit_usd"].get<double>() +
               row["co2_benefit_usd"].get<double>() + row["residual_usd"].get<double>();
    EXPECT_NEAR(b, row["benefits_usd"].get<double>(), 0.05) << row["year"];
    double c = row["capex_usd"].get<double>() + row["maintenance_usd"].get<double>() -
               row["government_usd"].get<double>();
    EXPECT_NEAR(c, row["costs_usd"].get<double>(), 0.05) << row["year"];
    EXPECT_NEAR(row["operator_revenue_usd"].get<double>() - row["operator_cost_usd"].get<double>(),
                row["operator_benefit_usd"].get<double>(), 0.05);
  }
  EXPECT_EQ(j["operating_costs"].size(), 3u);
  // TRIPP carries freight through the Meghri section; the base does not.
  EXPECT_GT(j["headline_tonnes_final"].get<double>(), 0);
  EXPECT_EQ(j["headline_section"], "meghri");
  // The CSV is the same annual table.
  e2e::Run csv = run_cli("appraise --scenario tripp --csv --no-sensitivity");
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("year,discount_factor,ramp,base_tonnes,scenario_tonnes,", 0), 0u);
}

TEST(AppraiseE2e, MonteCarloSameBytesAtOneAndTwoThreads) {
  // --forecast-years 2040: the draws run 2 forecasts each (2029 and 2040). The sanitizer builds
  // run 6 draws (still split unevenly over two threads), the release build 16.
  const int draws = corridor::testing::kSanitized ? 6 : 16;
  const std::string cmd =
      "appraise --scenario tripp --no-sensitivity --forecast-years 2040 --draws " +
      std::to_string(draws) + " --seed 5 --json";
  e2e::Run a = run_cli(cmd + " --threads 1");
  e2e::Run b = run_cli(cmd + " --threads 2");
  ASSERT_EQ(a.code, 0) << a.err;
  ASSERT_EQ(b.code, 0) << b.err;
  EXPECT_EQ(a.out, b.out);
  auto j = nlohmann::json::parse(a.out);
  const auto& mc = j["monte_carlo"];
  EXPECT_EQ(mc["draws"], draws);
  EXPECT_LE(mc["npv_usd"]["p10"].get<double>(), mc["npv_usd"]["p50"].get<double>());
  EXPECT_LE(mc["npv_usd"]["p50"].get<double>(), mc["npv_usd"]["p90"].get<double>());
  double p = mc["p_npv_negative"];
  EXPECT_GE(p, 0);
  EXPECT_LE(p, 1);
}

TEST(AppraiseE2e, ReportIsSelfContained) {
  std::string report = ::testing::TempDir() + "/corridor_appraise.html";
  // The report needs a tornado and draws, not many: two tornado variables that do not re-run the
  // forecasts (demand and capex scale the CBA) and 4 draws over the 2028/2029 forecasts only
  // (each draw still re-runs its forecast). Under ASan this is seconds, not minutes.
  e2e::Run r = run_cli(
      "appraise --scenario tripp --forecast-years none --tornado demand,capex --draws 4 --report " +
      report);
  ASSERT_EQ(r.code, 0) << r.err;
  std::string html = slurp(report);
  for (const char* part :
       {"Assumptions", "Annual flows", "tornado", "NPV distribution", "CO2 by mode", "<svg",
        "Operating costs", "Producer surplus", "Government", "4 draws"})
    EXPECT_NE(html.find(part), std::string::npos) << part;
  // Both tornado bars, and only those asked for.
  EXPECT_NE(html.find("demand at P10"), std::string::npos);
  EXPECT_NE(html.find("capex at P90"), std::string::npos);
  EXPECT_EQ(html.find("border_dwell at"), std::string::npos);
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));
  EXPECT_EQ(html.find("https://"), std::string::npos);
}

TEST(AppraiseE2e, BadInputsExitWithTheirCodes) {
  std::string bad = ::testing::TempDir() + "/corridor_bad_capex.csv";
  {
    std::ofstream o(bad);
    o << "item,name,usd,price_year,start_year,end_year,life_years,maintenance_share,estimate,"
         "source\nx,X,abc,2021,2026,2028,50,0.01,0,s\n";
  }
  e2e::Run r = run_cli("appraise --scenario tripp --no-sensitivity --capex " + bad);
  EXPECT_EQ(r.code, 4) << r.err;
  EXPECT_NE(r.err.find(bad + ":2:"), std::string::npos) << r.err;
  e2e::Run d = run_cli("appraise --scenario tripp --discount 3");
  EXPECT_EQ(d.code, 2) << d.err;
  e2e::Run m = run_cli("appraise --scenario tripp --capex /nonexistent/capex.csv");
  EXPECT_EQ(m.code, 5) << m.err;
  e2e::Run y = run_cli("appraise --scenario tripp --forecast-years 2100");
  EXPECT_EQ(y.code, 2) << y.err;
  EXPECT_NE(y.err.find("--forecast-years"), std::string::npos) << y.err;
  e2e::Run t = run_cli("appraise --scenario tripp --tornado weather");
  EXPECT_EQ(t.code, 2) << t.err;
  e2e::Run a = run_cli("appraise --scenario tripp --after-last sideways");
  EXPECT_EQ(a.code, 2) << a.err;
}

}  // namespace
}  // namespace corridor::e2e
