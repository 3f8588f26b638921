// Deterministic multi-class UE on the corridor state graph (assign_freight_classes with
// equilibrium "ue") and background growth in api::forecast (issue 11, docs/demand.md):
// * a dual-gauge link's two gauge arcs share one physical capacity: the equilibrium is the same as
//   on the single-gauge network (independent arcs would halve the congestion);
// * UE conditions per class: used routes cost the class's cheapest, no route is cheaper;
// * two identical classes equal the single-class UE of Algorithm B (assign::assign_freight),
//   an independent solver;
// * the bundled TRIPP forecast with --equilibrium ue converges and reports its gap;
// * growth.csv: base volumes at different years follow the growth factors.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "corridor/api/api.h"
#include "corridor/api/engine.h"
#include "corridor/api/forecast.h"
#include "corridor/assign/freight.h"
#include "corridor/demand/growth.h"
#include "support/world.h"
#include "two_borders.h"

using namespace corridor;

namespace {

demand::CargoClass make_class(const std::string& name, double vot, double tpu) {
  demand::CargoClass c;
  c.name = name;
  c.unit = "tonnes";
  c.tonnes_per_unit = tpu;
  c.value_of_time = vot;
  c.profile = "teu";
  c.capacity_tonnes_per_unit = tpu;
  c.cost_scale = 2;
  c.nest_scale = 1;
  return c;
}

// A to B: a congestible rail line (gauge given) or a longer road.
network::Network rail_or_road(const char* gauge) {
  auto net = test::world(std::string(R"(
node A AZ
node X AZ
node B AZ
link ab A -- B rail km=100 h=10 g=)") +
                         gauge + R"(
link ax A -- X road km=60 h=9
link xb X -- B road km=60 h=9
profile teu vot=10 rail=0.5 road=1 ferry=0
)");
  net.links[*net.find_link("ab")].capacity_tpd = 100;
  return net;
}

// Every class-OD: used routes cost the cheapest (relative tol), none is cheaper.
void expect_wardrop(const assign::FreightClassResult& r, double tol) {
  for (size_t i = 0; i < r.ods.size(); ++i) {
    const auto& od = r.ods[i];
    if (!od.routed) continue;
    double used = 0;
    for (const auto& route : od.routes) {
      EXPECT_GE(route.cost, od.composite * (1 - 1e-9)) << "OD " << i << ": a route is cheaper";
      if (route.flow > 1e-6 * od.demand) {
        EXPECT_NEAR(route.cost, od.composite, tol * od.composite) << "OD " << i;
      }
      used += route.flow;
    }
    EXPECT_NEAR(used, od.demand, 1e-9 * od.demand);
  }
}

}  // namespace

TEST(FreightUe, DualGaugeLinkSharesOneCapacityAcrossGaugesAndClasses) {
  auto run = [](const char* gauge) {
    auto net = rail_or_road(gauge);
    route::Router router(net);
    const double tpu = net.profiles.at("teu").tonnes_per_unit;
    std::vector<demand::CargoClass> cls = {make_class("slow", 10, tpu),
                                           make_class("fast", 30, tpu)};
    const auto A = *net.find_node("A"), B = *net.find_node("B");
    std::vector<assign::FreightClassOd> ods = {{A, B, 0, 150, "x", 0, 0, {}},
                                               {A, B, 1, 60, "x", 0, 0, {}}};
    assign::FreightClassOptions opt;
    opt.equilibrium = "ue";
    opt.ue.gap = 1e-10;
    auto r = assign::assign_freight_classes(net, router, cls, ods, opt);
    EXPECT_TRUE(r.converged) << gauge;
    EXPECT_EQ(r.equilibrium, "ue");
    EXPECT_LE(r.relative_gap, 1e-10);
    expect_wardrop(r, 1e-6);
    return std::make_pair(r, net);
  };
  auto [single, net1] = run("1520");
  auto [dual, net2] = run("1435;1520");
  const auto ab = *net1.find_link("ab");
  const double x0 = single.class_ab[0][ab], x1 = single.class_ab[1][ab];
  // Congestion on the rail line splits the time-sensitive class (rail is faster until its
  // delay exceeds the road's extra 8 h); the cheap slow class stays on rail.
  EXPECT_GT(x0, 1);
  EXPECT_GT(x1, 1);
  EXPECT_LT(x1, 60 - 1);
  EXPECT_LT(x1 / 60, x0 / 150);
  // The dual-gauge link carries exactly the same: one capacity for both gauges.
  EXPECT_NEAR(dual.class_ab[0][ab], x0, 1e-6 * 150);
  EXPECT_NEAR(dual.class_ab[1][ab], x1, 1e-6 * 60);
  EXPECT_NEAR(dual.load_ab[ab], x0 + x1, 1e-6 * 210);
  EXPECT_NEAR(dual.delay_hours[ab], 10 * 0.15 * std::pow((x0 + x1) / 100, 4), 1e-6);
}

TEST(FreightUe, IdenticalClassesEqualSingleClassAlgorithmB) {
  auto net = test::two_borders();
  route::Router router(net);
  const auto A = *net.find_node("A"), B = *net.find_node("B");
  // Oracle: Algorithm B on the generic problem (one class, 200 units/day).
  route::Options ro;
  ro.profile = "teu";
  assign::AssignOptions ao;
  ao.gap = 1e-12;
  NullReporter quiet;
  auto oracle = assign::assign_freight(net, router, ro, {{A, B, 200, "t"}}, ao,
                                       assign::FreightOptions{}, quiet);
  const double tpu = net.profiles.at("teu").tonnes_per_unit;
  std::vector<demand::CargoClass> cls = {make_class("one", 10, tpu), make_class("two", 10, tpu)};
  cls[0].profile = cls[1].profile = "teu";
  std::vector<assign::FreightClassOd> ods = {{A, B, 0, 120, "t", 0, 0, {}},
                                             {A, B, 1, 80, "t", 0, 0, {}}};
  assign::FreightClassOptions opt;
  opt.equilibrium = "ue";
  opt.ue.gap = 1e-12;
  auto r = assign::assign_freight_classes(net, router, cls, ods, opt);
  ASSERT_TRUE(r.converged);
  expect_wardrop(r, 1e-6);
  for (const char* id : {"x", "y"}) {
    const auto li = *net.find_link(id);
    EXPECT_GT(oracle.flow_ab[li], 1) << id;  // both crossings used: a real split
    EXPECT_NEAR(r.class_ab[0][li] + r.class_ab[1][li], oracle.flow_ab[li], 1e-4) << id;
  }
  // Identical classes see identical costs (how each splits is not unique at a UE; the total is).
  EXPECT_NEAR(r.ods[0].composite, r.ods[1].composite, 1e-9 * r.ods[0].composite);
}

namespace {
std::shared_ptr<const api::Engine> caucasus() {
  static auto e = api::load_engine(std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus");
  return e;
}
}  // namespace

TEST(ForecastUe, BundledTrippForecastConvergesAndReportsItsGap) {
  api::ForecastRequest q;
  q.base = "baseline";
  q.scenario = "tripp";
  q.year = 2030;
  q.equilibrium = "ue";
  auto r = api::forecast(*caucasus(), q);
  EXPECT_EQ(r.equilibrium, "ue");
  EXPECT_TRUE(r.converged);
  EXPECT_LE(r.base_relative_gap, 1e-4);
  EXPECT_LE(r.scenario_relative_gap, 1e-4);
  EXPECT_GT(r.scenario_headline_tonnes, 0);
  for (const auto& c : r.classes) {
    EXPECT_NEAR(c.scenario_units, c.base_units + c.generated_units, 1e-6 * c.base_units + 1e-6);
    EXPECT_NEAR(c.base_units, c.observed_units + c.background_units, 1e-6 * c.base_units);
  }
  for (const auto& f : r.ods) {
    if (f.cargo_class == "general-truck") {
      EXPECT_EQ(f.scenario_tkm.rail, 0) << f.origin;
    }
  }
  const auto j = api::to_json(r);
  EXPECT_EQ(j["convergence"]["equilibrium"], "ue");
  EXPECT_TRUE(j["convergence"].contains("scenario_relative_gap"));
  EXPECT_NE(api::render_forecast_text(r).find("relative gap"), std::string::npos);
}

TEST(ForecastGrowth, BaseVolumesFollowGrowthCsvByYear) {
  api::ForecastRequest q;
  q.base = q.scenario = "baseline";
  q.classes = {"container", "dry-bulk"};
  auto at = [&](int year, bool growth) {
    q.year = year;
    q.growth = growth;
    return api::forecast(*caucasus(), q);
  };
  const auto none = at(2030, false), y2027 = at(2027, true), y2030 = at(2030, true),
             y2035 = at(2035, true);
  EXPECT_TRUE(none.growth_file.empty());
  EXPECT_EQ(y2030.demand_year, 2025);
  for (size_t k = 0; k < 2; ++k) {
    const auto& c0 = none.classes[k];
    EXPECT_NEAR(c0.background_units, 0, 1e-6 * c0.base_units);
    // growth.csv by hand: container 3.82 %/yr to 2030 then 1.91 %; dry bulk 1 %/yr.
    const bool box = c0.cargo_class == "container";
    const double f27 = box ? std::pow(1.0382, 2) : std::pow(1.01, 2);
    const double f30 = box ? std::pow(1.0382, 5) : std::pow(1.01, 5);
    const double f35 = box ? f30 * std::pow(1.0191, 5) : std::pow(1.01, 10);
    EXPECT_NEAR(y2027.classes[k].base_units, c0.base_units * f27, 1e-6 * c0.base_units);
    EXPECT_NEAR(y2030.classes[k].base_units, c0.base_units * f30, 1e-6 * c0.base_units);
    EXPECT_NEAR(y2035.classes[k].base_units, c0.base_units * f35, 1e-6 * c0.base_units);
    EXPECT_NEAR(y2030.classes[k].background_units, c0.base_units * (f30 - 1), 1e-6 * c0.base_units);
    EXPECT_NEAR(y2030.classes[k].observed_units, c0.base_units, 1e-6 * c0.base_units);
  }
}

TEST(ForecastGrowth, UncoveredYearIsRefusedNamingClassAndYear) {
  auto rows = demand::parse_growth(
      "class,from_year,to_year,rate_per_year,source\nbox,2020,2030,0.05,estimate: why\n", "g.csv");
  EXPECT_NEAR(demand::growth_factor(rows, "box", 2025, 2027, "g.csv"), 1.05 * 1.05, 1e-12);
  EXPECT_NEAR(demand::growth_factor(rows, "box", 2027, 2025, "g.csv"), 1 / (1.05 * 1.05), 1e-12);
  try {
    demand::growth_factor(rows, "box", 2025, 2032, "g.csv");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(e.full_text().find("'box'"), std::string::npos) << e.full_text();
    EXPECT_NE(e.full_text().find("2030"), std::string::npos) << e.full_text();
  }
  try {
    demand::parse_growth(
        "class,from_year,to_year,rate_per_year,source\nbox,2020,2030,0.05,estimate: why\n"
        "box,2025,2031,0.02,estimate: why\n",
        "g.csv");
    FAIL() << "expected an overlap error";
  } catch (const Error& e) {
    EXPECT_NE(e.full_text().find("g.csv:3:"), std::string::npos) << e.full_text();
    EXPECT_NE(e.full_text().find("overlap"), std::string::npos) << e.full_text();
  }
}

TEST(ForecastGrowth, DemandFileWithoutYearIsNotGrownUnlessTheYearIsGiven) {
  const auto src = std::filesystem::path(CORRIDOR_SOURCE_DIR) / "data/caucasus/demand-2025.csv";
  const auto copy = std::filesystem::path(::testing::TempDir()) / "custom_demand.csv";
  std::filesystem::copy_file(src, copy, std::filesystem::copy_options::overwrite_existing);
  api::ForecastRequest q;
  q.base = q.scenario = "baseline";
  q.year = 2030;
  q.classes = {"container"};
  const auto grown = api::forecast(*caucasus(), q);
  q.demand_file = copy.string();
  const auto unknown = api::forecast(*caucasus(), q);
  EXPECT_TRUE(unknown.growth_file.empty());
  EXPECT_NE(unknown.growth_note.find("unknown"), std::string::npos) << unknown.growth_note;
  EXPECT_NEAR(unknown.classes[0].background_units, 0, 1e-9 * unknown.classes[0].base_units);
  EXPECT_NE(api::render_forecast_text(unknown).find("not applied"), std::string::npos);
  q.demand_year = 2025;
  const auto given = api::forecast(*caucasus(), q);
  EXPECT_NEAR(given.classes[0].base_units, grown.classes[0].base_units,
              1e-9 * grown.classes[0].base_units);
  EXPECT_GT(given.classes[0].background_units, 0);
}
