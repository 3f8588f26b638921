// The forecast -> appraisal adapter: tCO2e from link tonne-km at the cited intensities, ODs
// without a route in both runs left out, headline tonnes passed through.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace corridor
