// CBA oracles from appraisal-facts §D.3 [calc] and closed forms.
#include "corridor/appraise/cba.h"

#include <gtest/gtest.h>

#include <cmath>

#include "corridor/core/error.h"

namespace corridor::appraise {
namespace {

TEST(Cba, LevelAnnuityEqualsClosedForm) {
  std::vector<double> f(11, 100.0);
  f[0] = 0;
  EXPECT_NEAR(npv(f, 0.06), 736.0087, 1e-4);
  EXPECT_NEAR(npv(f, 0.06), 100 * annuity_factor(0.06, 10), 1e-9);
  EXPECT_NEAR(annuity_factor(0.10, 20), 8.513564, 1e-6);
  EXPECT_NEAR(annuity_factor(0.12, 30), 8.055184, 1e-6);
  EXPECT_NEAR(annuity_factor(0.06, 30), 13.764831, 1e-6);
  for (double r : {0.01, 0.035, 0.09}) {
    std::vector<double> g(31, 7.0);
    g[0] = 0;
    EXPECT_NEAR(npv(g, r), 7 * annuity_factor(r, 30), 1e-9);
  }
}

TEST(Cba, EirrOfKnownSeries) {
  EXPECT_NEAR(*irr({-100, 110}), 0.10, 1e-9);
  EXPECT_NEAR(*irr({-100, 0, 121}), 0.10, 1e-9);
  EXPECT_NEAR(*irr({-1000, 500, 500, 500}), 0.233752, 1e-6);
  std::vector<double> f(11, 150);
  f[0] = -1000;
  EXPECT_NEAR(npv(f, 0.06), 104.013, 1e-3);
  EXPECT_NEAR(npv(f, 0.10), -78.315, 1e-3);
  EXPECT_NEAR(*irr(f), 0.081442, 1e-6);
  std::vector<double> rail(32, 120);
  rail[0] = rail[1] = -500;
  EXPECT_NEAR(npv(rail, 0.06), 586.58, 1e-2);
  EXPECT_NEAR(npv(rail, 0.09), 172.33, 1e-2);
  EXPECT_NEAR(npv(rail, 0.12), -83.37, 1e-2);
  EXPECT_NEAR(*irr(rail), 0.10866, 1e-5);
  rail[31] += 400;
  EXPECT_NEAR(npv(rail, 0.06), 652.29, 1e-2);
  EXPECT_NEAR(*irr(rail), 0.11063, 1e-5);
  // Two sign changes: no unique IRR.
  EXPECT_FALSE(irr({-100, 230, -132}));
  EXPECT_FALSE(irr({100, 100}));
}

TEST(Cba, RuleOfHalfOnALinearDemandCurve) {
  // T = 2000 - 20 GC: GC 50 -> 40 gives T 1000 -> 1200; the area under the demand curve
  // between the two costs, integrated numerically, equals the rule of a half (11,000).
  auto demand = [](double gc) { return 2000 - 20 * gc; };
  double area = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    double g = 40 + (i + 0.5) * 10.0 / n;
    area += demand(g) * 10.0 / n;
  }
  EXPECT_NEAR(rule_of_half(1000, 1200, 50, 40), 11000, 1e-9);
  EXPECT_NEAR(rule_of_half(demand(50), demand(40), 50, 40), area, 1e-6);
}

ScenarioFlows level_saving(double units, double saving) {
  ScenarioFlows f;
  YearFlows y;
  y.year = 2030;
  y.ods.push_back({"c:a:b", units, units, 100, 100 - saving, 0});
  f.years.push_back(y);
  return f;
}

TEST(Cba, AppraisalReproducesTheSheetOracles) {
  // -1000 at t0, +150 at t1..t10 (appraisal-facts §D.3): NPV@6% 104.013, IRR 8.1442 %, BCR 1.1040.
  CbaParams p;
  p.base_year = p.from = 2028;
  p.to = 2038;
  p.opening_year = 2029;
  p.discount = 0.06;
  std::vector<CapexItem> capex = {{"x", "x", "", 1000, 2028, 2028, 10, 0, false}};
  auto r = appraise(level_saving(15, 10), capex, {}, p);
  EXPECT_NEAR(r.npv, 104.013, 1e-3);
  EXPECT_NEAR(r.bcr, 1.1040, 1e-4);
  EXPECT_NEAR(*r.eirr, 0.081442, 1e-6);
  EXPECT_NEAR(*r.fyrr, 0.15, 1e-12);
  EXPECT_EQ(r.rows.size(), 11u);
  // Rail-like with ramp-up 50 % / 75 %: -500, -500, +120 t2..t31 -> NPV@6% 508.00, IRR 10.019 %.
  p.to = 2059;
  p.opening_year = 2030;
  p.ramp_up = {0.5, 0.75};
  capex = {{"x", "x", "", 1000, 2028, 2029, 30, 0, false}};
  r = appraise(level_saving(12, 10), capex, {}, p);
  EXPECT_NEAR(r.npv, 508.00, 1e-2);
  EXPECT_NEAR(*r.eirr, 0.10019, 1e-5);
  // Payback: the cumulative discounted flow turns positive for good in one year.
  ASSERT_TRUE(r.payback_year);
  for (const auto& row : r.rows)
    EXPECT_EQ(row.cumulative_pv >= 0, row.year >= *r.payback_year) << row.year;
}

TEST(Cba, ResidualValueMaintenanceAndCarbon) {
  CbaParams p;
  p.base_year = p.from = 2028;
  p.to = 2037;
  p.opening_year = 2029;
  p.discount = 0;
  // 1000 built in 2028, life 40: 9 years used by 2037 -> residual 1000 x 31/40 = 775.
  // Maintenance 1 %/yr from 2029: 9 x 10 = 90.
  std::vector<CapexItem> capex = {{"x", "x", "", 1000, 2028, 2028, 40, 0.01, false}};
  ScenarioFlows f = level_saving(0, 0);
  f.years[0].base_co2_t = {100, 50, 0};
  f.years[0].scenario_co2_t = {120, 10, 0};  // -20 t/yr
  PricePath carbon{{{2030, 50}, {2050, 78}}};
  EXPECT_NEAR(carbon.at(2040), 64, 1e-12);
  EXPECT_NEAR(carbon.at(2020), 50, 1e-12);
  EXPECT_NEAR(carbon.at(2060), 78, 1e-12);
  auto r = appraise(f, capex, carbon, p);
  EXPECT_NEAR(r.rows.back().residual, 775, 1e-9);
  double maint = 0, co2b = 0;
  for (const auto& row : r.rows) {
    maint += row.maintenance;
    co2b += row.co2_benefit;
    if (row.year >= 2029) {
      EXPECT_NEAR(row.co2_change_t, -20, 1e-9);
    }
  }
  EXPECT_NEAR(maint, 90, 1e-9);
  double expect = 0;
  for (int y = 2029; y <= 2037; ++y) expect += 20 * carbon.at(y);
  EXPECT_NEAR(co2b, expect, 1e-9);
  EXPECT_NEAR(r.npv, expect + 775 - 1000 - 90, 1e-9);
  EXPECT_NEAR(r.co2_change_t_total, -180, 1e-9);
}

TEST(Cba, BcrAndNpvSignsAgree) {
  CbaParams p;
  p.base_year = p.from = 2028;
  p.to = 2057;
  p.opening_year = 2030;
  std::vector<CapexItem> capex = {{"x", "x", "", 1000, 2028, 2029, 50, 0.01, false}};
  for (double saving : {0.0, 1.0, 3.0, 5.0, 6.0, 7.0, 10.0, 30.0}) {
    auto r = appraise(level_saving(20, saving), capex, {}, p);
    EXPECT_EQ(r.npv > 0, r.bcr > 1) << saving;
    EXPECT_NEAR(r.npv, r.pv_benefits - r.pv_costs, 1e-9);
    if (r.eirr) {
      EXPECT_EQ(*r.eirr > p.discount, r.npv > 0) << saving;
    }
  }
}

TEST(Cba, InterpolatesBetweenForecastYearsAndClampsOutside) {
  ScenarioFlows f;
  YearFlows a, b;
  a.year = 2030;
  a.ods.push_back({"k", 100, 110, 50, 40, 10});
  a.scenario_headline_tonnes = 1000;
  b.year = 2040;
  b.ods.push_back({"k", 200, 230, 60, 44, 30});
  b.scenario_headline_tonnes = 3000;
  f.years = {a, b};
  auto m = interpolate(f, 2035);
  ASSERT_EQ(m.ods.size(), 1u);
  EXPECT_NEAR(m.ods[0].base_units, 150, 1e-12);
  EXPECT_NEAR(m.ods[0].scenario_units, 170, 1e-12);
  EXPECT_NEAR(m.ods[0].scenario_cost, 42, 1e-12);
  EXPECT_NEAR(m.scenario_headline_tonnes, 2000, 1e-12);
  EXPECT_NEAR(interpolate(f, 2020).ods[0].base_units, 100, 1e-12);
  EXPECT_NEAR(interpolate(f, 2050, 0.5).ods[0].base_units, 100, 1e-12);
}

TEST(Cba, RejectsInconsistentParameters) {
  CbaParams p;
  p.to = p.from - 1;
  EXPECT_THROW(appraise(level_saving(1, 1), {}, {}, p), Error);
  p = {};
  p.discount = -1;
  EXPECT_THROW(appraise(level_saving(1, 1), {}, {}, p), Error);
  EXPECT_THROW(appraise(ScenarioFlows{}, {}, {}, CbaParams{}), Error);
}

}  // namespace
}  // namespace corridor::appraise
