// Route and compare emissions on the bundled dataset: a route's tCO2e is the sum of its links'
// factors (appraise::EmissionFactors) times the profile's tonnes per unit, and the compare delta
// is scenario minus base.
#include <gtest/gtest.h>

#include "corridor/api/api.h"
#include "corridor/api/engine.h"

namespace corridor {
namespace {

const api::Engine& caucasus() {
  static auto e = api::load_engine(std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus");
  return *e;
}

TEST(RouteCo2, SumOfLinkFactorsTimesTonnesPerUnit) {
  const auto& e = caucasus();
  ASSERT_TRUE(e.emissions);
  api::RouteRequest rq;
  rq.from = "Baku";
  rq.to = "Nakhchivan";
  rq.scenario = "tripp";
  rq.profile = "teu";
  auto r = api::route(e, rq);
  ASSERT_TRUE(r.best().co2);
  const auto& net = e.view("tripp").applied.net;
  double wtw = 0, ttw = 0, rail = 0;
  for (const auto& leg : r.best().legs)
    for (auto li : leg.links) {
      auto le = e.emissions->link(net, li);
      wtw += le.wtw_kg_per_t;
      ttw += le.ttw_kg_per_t;
      if (net.links[li].mode == network::Mode::rail) rail += le.wtw_kg_per_t;
    }
  EXPECT_NEAR(r.best().co2->wtw_t, wtw * 14 / 1000, 1e-12);
  EXPECT_NEAR(r.best().co2->ttw_t, ttw * 14 / 1000, 1e-12);
  EXPECT_NEAR(r.best().co2->wtw_t_by_mode[0], rail * 14 / 1000, 1e-12);
  EXPECT_GT(wtw, 0);
  // The tonne profile reports the same route per tonne: 14 times less.
  rq.profile = "tonne";
  auto t = api::route(e, rq);
  ASSERT_TRUE(t.best().co2);
  EXPECT_NEAR(t.best().co2->wtw_t * 14, r.best().co2->wtw_t, 1e-12);
}

TEST(RouteCo2, CompareDeltaIsScenarioMinusBase) {
  const auto& e = caucasus();
  api::CompareRequest rq;
  rq.base = "baseline";
  rq.scenario = "tripp";
  auto c = api::compare(e, rq);
  bool any = false;
  for (const auto& row : c.rows) {
    if (!row.base || !row.scenario) continue;
    ASSERT_TRUE(row.co2_delta);
    EXPECT_NEAR(row.co2_delta->wtw_t, row.scenario->best().co2->wtw_t - row.base->best().co2->wtw_t,
                1e-12);
    any = true;
  }
  EXPECT_TRUE(any);
  auto j = api::to_json(c);
  EXPECT_TRUE(j["pairs"][0].contains("delta_co2e"));
  EXPECT_TRUE(j["pairs"][0]["base"].contains("co2e"));
  EXPECT_NE(api::render_compare_csv(c).find("co2e_wtw_t"), std::string::npos);
}

TEST(RouteCo2, EveryTractionRowNamesALinkOfTheDataset) {
  const auto& e = caucasus();
  // Each per-link override must name a rail link (a typo would silently fall back).
  for (const auto& id :
       {"R-MARABDA-AKHALKALAKI", "R-HORADIZ-AGHBAND", "R-AGARAK-MEGHRI", "R-JOLFA-TABRIZ"}) {
    auto li = e.base.find_link(id);
    ASSERT_TRUE(li) << id;
    EXPECT_EQ(e.base.links[*li].mode, network::Mode::rail);
  }
  // Horadiz–Aghband is electrified (AZ grid); the Meghri section is diesel (estimate).
  EXPECT_DOUBLE_EQ(
      e.emissions->electric_share(e.base, e.base.links[*e.base.find_link("R-HORADIZ-AGHBAND")]), 1);
  EXPECT_DOUBLE_EQ(
      e.emissions->electric_share(e.base, e.base.links[*e.base.find_link("R-AGARAK-MEGHRI")]), 0);
}

}  // namespace
}  // namespace corridor
