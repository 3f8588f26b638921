// The forecast -> appraisal adapter: tCO2e from link tonne-km at the cited intensities, ODs
// without a route in both runs left out, headline tonnes passed through.
#include <gtest/gtest.h>

#include <cmath>

#include "corridor/api/appraise.h"
#include "corridor/api/engine.h"

namespace corridor {
namespace {

TEST(AppraiseAdapter, Co2FromLinkTonneKmAndOdsWithRoutes) {
  static auto e = api::load_engine(std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus");
  demand::ForecastResult f;
  f.base_scenario = "baseline";
  f.scenario = "tripp";
  f.year = 2030;
  demand::LinkForecast rail;  // Horadiz–Aghband: electric, Azerbaijan's grid
  rail.id = "R-HORADIZ-AGHBAND";
  rail.base_tkm = 1e6;
  rail.scenario_tkm = 2e6;
  demand::LinkForecast meghri;  // TRIPP section: diesel (estimate), only in the scenario
  meghri.id = "R-AGARAK-MEGHRI";
  meghri.scenario_tkm = 1e6;
  f.links = {rail, meghri};
  demand::OdForecast a;
  a.cargo_class = "general";
  a.origin = "AZ-BAKU";
  a.destination = "AZ-NAKHCHIVAN";
  a.base_units = 100;
  a.scenario_units = 120;
  a.base_composite_usd = 50;
  a.scenario_composite_usd = 40;
  a.base_tonnes = 100;
  a.scenario_tonnes = 120;
  demand::OdForecast b = a;
  b.origin = "AZ-GANJA";
  b.base_units = 0;  // no route in the base: no rule-of-half benefit
  f.ods = {a, b};
  f.base_headline_tonnes = 0;
  f.scenario_headline_tonnes = 5000;
  int unrouted = 0;
  auto y = api::flows_from_forecast(*e, f, &unrouted);
  EXPECT_EQ(unrouted, 1);
  ASSERT_EQ(y.ods.size(), 1u);
  EXPECT_NEAR(appraise::rule_of_half(y.ods[0].base_units, y.ods[0].scenario_units,
                                     y.ods[0].base_cost, y.ods[0].scenario_cost),
              1100, 1e-9);
  const double elec_az = 32.2 * 518.24 / 0.92 / 1000;  // g/tkm, emission-factors.csv
  const double diesel = 25.5 * 1.22;
  EXPECT_NEAR(y.base_co2_t[0], 1e6 * elec_az / 1e6, 1e-9);
  EXPECT_NEAR(y.scenario_co2_t[0], (2e6 * elec_az + 1e6 * diesel) / 1e6, 1e-9);
  EXPECT_DOUBLE_EQ(y.scenario_co2_t[1], 0);
  EXPECT_DOUBLE_EQ(y.scenario_headline_tonnes, 5000);
  EXPECT_DOUBLE_EQ(y.scenario_tonnes, 240);
}

TEST(AppraiseAdapter, TariffRiseWithSameFlowsNetsOut) {
  // The same tonnes on Horadiz–Aghband in both runs; the scenario charges 20 % more per km. The
  // users' composite cost rises by exactly the extra tariff over the link, the operator's revenue
  // by the same: consumer + producer surplus = 0, so the appraisal's net benefit is 0.
  static auto e = api::load_engine(std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus");
  const auto& base = e->view("baseline").applied.net;
  network::Network scen = base;
  auto li = scen.find_link("R-HORADIZ-AGHBAND");
  ASSERT_TRUE(li);
  auto& link = scen.links[*li];
  const auto& prof = scen.profiles.at(e->defaults.profile);
  const double per_t_km =
      prof.tariff_km(link.mode, scen.nodes[link.from].country) / prof.tonnes_per_unit;
  ASSERT_GT(per_t_km, 0);
  link.tariff_usd_km = 1.2 * per_t_km * prof.tonnes_per_unit / prof.money_per_teu;
  const double tonnes = 1e5, tkm = tonnes * link.length_km;
  demand::ForecastResult f;
  f.base_scenario = "baseline";
  f.scenario = "baseline";
  f.year = 2030;
  demand::LinkForecast l;
  l.id = "R-HORADIZ-AGHBAND";
  l.base_tonnes = l.scenario_tonnes = tonnes;
  l.base_tkm = l.scenario_tkm = tkm;
  f.links = {l};
  demand::OdForecast od;  // one tonne = one unit (a per-tonne class)
  od.cargo_class = "general";
  od.origin = "AZ-HORADIZ";
  od.destination = "AZ-AGHBAND";
  od.base_units = od.scenario_units = tonnes;
  od.base_tonnes = od.scenario_tonnes = tonnes;
  od.base_composite_usd = 80;
  od.scenario_composite_usd = 80 + 0.2 * per_t_km * link.length_km;
  f.ods = {od};
  auto oc = appraise::load_operating_costs(std::string(CORRIDOR_SOURCE_DIR) +
                                           "/data/caucasus/appraisal/operating-costs.csv");
  auto y = api::flows_from_forecast(*e, f, nullptr, &oc, &scen);
  EXPECT_NEAR(y.operator_revenue_change, 0.2 * per_t_km * tkm, 1e-6);
  EXPECT_DOUBLE_EQ(y.operator_cost_change, 0);
  EXPECT_DOUBLE_EQ(y.government_revenue_change, 0);
  appraise::ScenarioFlows flows;
  flows.years = {y};
  appraise::CbaParams p;
  p.base_year = p.from = 2030;
  p.to = 2040;
  p.opening_year = 2030;
  auto r = appraise::appraise(flows, {}, {}, p);
  EXPECT_NEAR(r.rows[0].user_benefit, -0.2 * per_t_km * tkm, 1e-6);  // users do pay more ...
  for (const auto& row : r.rows) EXPECT_NEAR(row.net, 0, 1e-6) << row.year;  // ... a transfer
  EXPECT_NEAR(r.npv, 0, 1e-5);
}

TEST(AppraiseAdapter, DrawsSkippingPreOpeningForecastsReproduceTheCentralCase) {
  // A draw re-runs only the forecast years from the opening year on (and the last two when the
  // volumes grow after the last). With factors that change nothing but force the re-run (border
  // dwell x (1 + 1e-12) on the new crossings), it must reproduce the central NPV.
  static auto e = api::load_engine(std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus");
  for (const char* after : {"flat", "growth"}) {
    api::AppraiseRequest req;
    req.scenario = "tripp";
    req.forecast_years = std::vector<int>{};  // 2028 and 2029 (opening) only: the edge case
    req.after_last = after;
    req.sensitivity = false;
    auto r = api::appraise(*e, req);
    ASSERT_EQ(r.forecast_years, (std::vector<int>{2028, 2029}));
    api::AppraiseFactors f;
    f.border_dwell = 1 + 1e-12;
    const double npv = api::evaluate(*e, r, f).npv;
    EXPECT_NEAR(npv, r.central.npv, 1e-6 * std::abs(r.central.npv)) << after;
  }
}

}  // namespace
}  // namespace corridor
