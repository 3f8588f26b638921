// CBA oracles from appraisal-facts §D.3 [calc] and closed forms.
#include "corridor/appraise/cba.h"

#include <gtest/gtest.h>

#include <cmath>

#include "corridor/appraise/inputs.h"
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

TEST(Cba, PureTariffChangeIsATransfer) {
  // Users pay 10 more per unit (generalized cost 100 -> 110), volumes and operating costs do not
  // change: the consumer surplus falls by 10 x 50 per year and the operators' revenue rises by the
  // same, so the net benefit is zero every year (the tariff is a transfer).
  CbaParams p;
  p.base_year = p.from = 2028;
  p.to = 2040;
  p.opening_year = 2029;
  p.ramp_up = {0.5};
  ScenarioFlows f;
  YearFlows y;
  y.year = 2030;
  y.ods.push_back({"c:a:b", 50, 50, 100, 110, 0});
  y.operator_revenue_change = 10 * 50;
  f.years.push_back(y);
  auto r = appraise(f, {}, {}, p);
  double cs = 0, ps = 0;
  for (const auto& row : r.rows) {
    EXPECT_NEAR(row.net, 0, 1e-9) << row.year;
    cs += row.user_benefit;
    ps += row.operator_benefit;
  }
  EXPECT_NEAR(cs, -500 * (0.5 + 11), 1e-9);  // 2029 at 50 %, 2030..2040 in full
  EXPECT_NEAR(ps, -cs, 1e-9);
  EXPECT_NEAR(r.npv, 0, 1e-9);
  // A saving of operating cost with the same tariffs is a real benefit (to the operator).
  f.years[0].ods[0].scenario_cost = 100;
  f.years[0].operator_revenue_change = 0;
  f.years[0].operator_cost_change = -200;
  r = appraise(f, {}, {}, p);
  EXPECT_NEAR(r.rows.back().net, 200, 1e-9);
}

TEST(Cba, GovernmentRevenueReducesPublicBudgetCosts) {
  CbaParams p;
  p.base_year = p.from = 2028;
  p.to = 2030;
  p.opening_year = 2029;
  p.discount = 0;
  std::vector<CapexItem> capex = {{"x", "x", "", 100, 2028, 2028, 1, 0, false}};
  ScenarioFlows f = level_saving(0, 0);
  f.years[0].government_revenue_change = 30;
  auto r = appraise(f, capex, {}, p);
  EXPECT_NEAR(r.pv_costs, 100 - 60, 1e-9);  // capex 100 minus fees 30 in 2029 and 2030
  EXPECT_NEAR(r.pv_benefits, 0, 1e-9);
  EXPECT_NEAR(r.npv, -40, 1e-9);
}

TEST(Cba, AccountsOfLinkFlows) {
  // Hand-computed: a rail line (tariff 0.03/tkm, fee 2/t), a border crossing (fee 5/t, to the
  // state) and a road line (tariff 0.1/tkm); operating costs rail 0.02, road 0.1 per tkm.
  OperatingCosts oc;
  oc.by_mode[0] = OperatingCost{"rail", "tonne-km", "", 0.02, 1, 0.02, true};
  oc.by_mode[1] = OperatingCost{"road", "truck-km", "", 2.8, 28, 0.1, true};
  std::vector<LinkMoney> links = {
      {0, false, 1000, 200000, 2, 0.03}, {0, true, 1000, 0, 5, 0}, {1, false, 500, 50000, 0, 0.1}};
  Accounts a = accounts(links, oc);
  EXPECT_NEAR(a.operator_revenue, 2000 + 6000 + 5000, 1e-9);
  EXPECT_NEAR(a.operator_cost, 4000 + 5000, 1e-9);
  EXPECT_NEAR(a.government, 5000, 1e-9);
  // A tariff rise on the rail line with the same flows: revenue up by exactly the users' extra
  // payment (tonne-km x rise), costs unchanged.
  links[0].tariff_per_tkm = 0.04;
  Accounts b = accounts(links, oc);
  EXPECT_NEAR(b.operator_revenue - a.operator_revenue, 200000 * 0.01, 1e-9);
  EXPECT_NEAR(b.operator_cost, a.operator_cost, 1e-12);
}

TEST(Cba, YearDependentForecastsInterpolateAndExtrapolate) {
  // Synthetic forecasts growing 2 %/yr compound (independent of the demand model): 2030, 2040.
  ScenarioFlows f;
  YearFlows a, b;
  a.year = 2030;
  a.base_tonnes = 1000;
  a.ods.push_back({"k", 100, 100, 50, 40, 0});
  const double g10 = std::pow(1.02, 10);
  b.year = 2040;
  b.base_tonnes = 1000 * g10;
  b.ods.push_back({"k", 100 * g10, 100 * g10, 50, 40, 0});
  f.years = {a, b};
  EXPECT_NEAR(growth_after_last(f), 1.02, 1e-12);
  // Linear in between, flat or grown after the last.
  EXPECT_NEAR(interpolate(f, 2035).ods[0].base_units, 100 * (1 + g10) / 2, 1e-9);
  EXPECT_NEAR(interpolate(f, 2045).ods[0].base_units, 100 * g10, 1e-9);
  EXPECT_NEAR(interpolate(f, 2045, 1, CbaParams::AfterLast::growth).ods[0].base_units,
              100 * std::pow(1.02, 15), 1e-9);
  EXPECT_NEAR(interpolate(f, 2045, 1, CbaParams::AfterLast::growth).base_tonnes,
              1000 * std::pow(1.02, 15), 1e-9);
  // Unit costs are held, not grown.
  EXPECT_NEAR(interpolate(f, 2045, 1, CbaParams::AfterLast::growth).ods[0].scenario_cost, 40,
              1e-12);
  // The CBA adds the year-by-year benefits: 10 per unit x the units of each year, undiscounted.
  CbaParams p;
  p.base_year = p.from = 2030;
  p.to = 2050;
  p.opening_year = 2030;
  p.discount = 0;
  for (auto after : {CbaParams::AfterLast::flat, CbaParams::AfterLast::growth}) {
    p.after_last = after;
    double expect = 0;
    for (int y = 2030; y <= 2050; ++y) {
      double units = y <= 2040 ? 100 + (100 * g10 - 100) * (y - 2030) / 10.0
                     : after == CbaParams::AfterLast::flat ? 100 * g10
                                                           : 100 * std::pow(1.02, y - 2030);
      expect += 10 * units;
    }
    EXPECT_NEAR(appraise(f, {}, {}, p).npv, expect, 1e-6);
  }
  // One forecast year: no rate to continue.
  f.years.pop_back();
  EXPECT_EQ(growth_after_last(f), 1);
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
