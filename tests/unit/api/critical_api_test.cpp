// api::critical on the bundled dataset against an independent, naive recomputation: for a removal,
// a full all-or-nothing assignment of every OD with the link banned, its Δ cost and its Δ tCO2e
// summed link by link from appraise::EmissionFactors (kg CO2e per tonne, well-to-wheel) times the
// tonnes carried. Also the HTTP request forms.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "corridor/api/api.h"
#include "corridor/api/critical.h"
#include "corridor/api/demand_ods.h"
#include "corridor/api/engine.h"
#include "corridor/api/render.h"
#include "corridor/core/error.h"
#include "corridor/critical/critical.h"

namespace corridor {
namespace {

const api::Engine& caucasus() {
  static auto e = api::load_engine(std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus");
  return *e;
}

TEST(CriticalApi, DeltaTco2eMatchesANaiveRecomputation) {
  const auto& e = caucasus();
  ASSERT_TRUE(e.emissions) << "the bundled dataset has emission factors";
  api::CriticalRequest rq;
  rq.top = 8;
  const auto r = api::critical(e, rq);
  ASSERT_TRUE(r.emissions);
  const auto& v = e.view(r.scenario);
  const auto& net = v.applied.net;
  const auto d = api::demand_ods(e, r.demand_file, r.profile);
  route::Options ro;
  ro.profile = r.profile;
  ro.year = r.year;
  const auto base = critical::assign_aon(*v.router, ro, d.ods);
  // kg CO2e of one OD's path per unit: Σ over its links of kg per tonne x tonnes per unit.
  auto path_kg = [&](const critical::AonBase::OdPath& p) {
    double kg = 0;
    for (auto l : p.links) kg += e.emissions->link(net, l).wtw_kg_per_t * r.tonnes_per_unit;
    return kg;
  };
  int nonzero = 0;
  for (const auto& row : r.rows) {
    route::Options o = ro;
    o.banned = {row.link};
    const auto after = critical::assign_aon(*v.router, o, d.ods);
    double dcost = 0, dkg = 0;
    for (size_t k = 0; k < d.ods.size(); ++k) {
      if (!base.paths[k].routed || !after.paths[k].routed) continue;
      dcost += d.ods[k].units_per_day * (after.paths[k].cost - base.paths[k].cost);
      dkg += d.ods[k].units_per_day * (path_kg(after.paths[k]) - path_kg(base.paths[k]));
    }
    EXPECT_NEAR(row.delta_cost, dcost, 1e-6 * std::max(1.0, std::abs(dcost))) << row.id;
    EXPECT_NEAR(row.delta_tco2e, dkg / 1000, 1e-9 * std::max(1.0, std::abs(dkg))) << row.id;
    nonzero += std::abs(row.delta_tco2e) > 1;
  }
  EXPECT_GT(nonzero, 4) << "the most critical removals move tonnes onto longer paths";
  // JSON carries it per row.
  const auto j = api::to_json(r);
  EXPECT_DOUBLE_EQ(j["links"][0]["delta_tco2e_per_day"].get<double>(),
                   api::round_to(r.rows[0].delta_tco2e, 3));
  EXPECT_NE(api::render_critical_csv(r).find(",delta_tco2e_per_day\n"), std::string::npos);
}

TEST(CriticalApi, HttpFormsAcceptOnlyTheFastPath) {
  const auto& e = caucasus();
  auto j = api::critical_http(e, {{"scenario", "tripp"}, {"top", 3}});
  EXPECT_EQ(j["links"].size(), 3u);
  EXPECT_EQ(j["scenario"], "tripp");
  EXPECT_EQ(j["demand_file"], "demand-2025.csv") << "no server path shown";
  for (const auto& bad :
       {nlohmann::json{{"assign", "ue"}}, nlohmann::json{{"k", 2}},
        nlohmann::json{{"demand_file", "/etc/passwd"}}, nlohmann::json{{"top", "3"}},
        nlohmann::json{{"metric", "speed"}}, nlohmann::json::array()}) {
    try {
      api::critical_http(e, bad);
      ADD_FAILURE() << bad.dump();
    } catch (const Error& err) {
      EXPECT_EQ(err.code(), Errc::usage) << bad.dump();
    }
  }
  auto s = api::select_link_http(e, {{"link", "B-YALAMA-RAIL"}});
  double sum = 0;
  for (const auto& od : s["ods"]) sum += od["units_per_day"].get<double>();
  EXPECT_NEAR(sum, s["link_units_per_day"].get<double>(), 1e-3);
  EXPECT_THROW(api::select_link_http(e, {{"link", "no-such-link"}}), Error);
  EXPECT_THROW(api::select_link_http(e, nlohmann::json::object()), Error);
}

}  // namespace
}  // namespace corridor
