// Loader errors (file:line:column), determinism at any thread count, elements' behaviour.
#include <gtest/gtest.h>

#include <string>

#include "corridor/core/error.h"
#include "corridor/sim/load.h"
#include "corridor/sim/render.h"
#include "corridor/sim/simulate.h"

namespace corridor::sim {
namespace {

const char* kGood = R"([simulation]
name = "test"
seed = 7
days = 30
warmup_days = 2
replications = 4
wait_limit_min = 60

[[element]]
id = "post"
kind = "border_post"
lanes = 2
service = { dist = "lognormal", mean = 20, sd = 10 }
inspection_share = 0.1
inspection = { dist = "uniform", min = 30, max = 90 }
open_hour = 6
close_hour = 22

[[element]]
id = "yard"
kind = "gauge_yard"
tracks = 1
method = "bogie"
per = "wagon"
service = { dist = "empirical", values = [4, 5, 6, 8] }
setup = { dist = "deterministic", value = 30 }

[[element]]
id = "sea"
kind = "ferry"
vessels = 4
capacity_wagons = 50
capacity_trucks = 40
crossing = { dist = "uniform", min = 1000, max = 1200 }
turnaround = { dist = "deterministic", value = 240 }
policy = "when_full"
max_wait_min = 360

[[flow]]
id = "east"
direction = "ab"
unit = "train"
wagons = 20
process = "scheduled"
headway_min = 480
delay = { dist = "exponential", mean = 60 }

[[flow]]
id = "west"
direction = "ba"
unit = "truck"
process = "poisson"
per_day = 30
route = ["sea", "post"]
)";

TEST(Load, GoodFileLoads) {
  Model m = load_model_text(kGood, "good.toml");
  ASSERT_EQ(m.elements.size(), 3u);
  EXPECT_EQ(m.seed, 7u);
  EXPECT_EQ(m.flows[0].route, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(m.flows[1].route, (std::vector<int>{2, 0}));
  EXPECT_EQ(m.elements[0].border.open_hour, 6);
  EXPECT_DOUBLE_EQ(m.flows[0].arrivals.units_per_day(), 3);
}

std::string error_of(const std::string& text) {
  try {
    load_model_text(text, "bad.toml");
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_input);
    return e.full_text();
  }
  return "no error";
}

TEST(Load, ErrorsNameFileLineColumnExpectedAndFound) {
  std::string t = kGood;
  t.replace(t.find("lanes = 2"), 9, "lanes = \"two\"");
  std::string e = error_of(t);
  EXPECT_NE(e.find("bad.toml:12:9"), std::string::npos) << e;
  EXPECT_NE(e.find("expected an integer, found the string \"two\""), std::string::npos) << e;

  t = kGood;
  t.replace(t.find("dist = \"lognormal\""), 18, "dist = \"gamma\"");
  e = error_of(t);
  EXPECT_NE(e.find("bad.toml:13:"), std::string::npos) << e;
  EXPECT_NE(e.find("found \"gamma\""), std::string::npos) << e;

  t = kGood;
  t.replace(t.find("route = [\"sea\", \"post\"]"), 23, "route = [\"sea\", \"port\"]");
  e = error_of(t);
  EXPECT_NE(e.find("bad.toml:54:17"), std::string::npos) << e;

  e = error_of("[simulation]\nseed = \n");
  EXPECT_NE(e.find("bad.toml:2:"), std::string::npos) << e;

  t = kGood;
  t.replace(t.find("tracks = 1"), 10, "trakcs = 1");
  e = error_of(t);
  EXPECT_NE(e.find("unknown key 'trakcs'"), std::string::npos) << e;
}

TEST(Load, UnitsThatCannotFitAreRejected) {
  std::string t = kGood;
  t.replace(t.find("wagons = 20"), 11, "wagons = 60");
  EXPECT_NE(error_of(t).find("does not fit the ferry"), std::string::npos);
}

TEST(Determinism, SameSeedSameBytesAtOneAndTwoThreads) {
  Model m = load_model_text(kGood, "good.toml");
  SimOptions o;
  o.threads = 1;
  const std::string one = render_json(simulate(m, o));
  o.threads = 2;
  const std::string two = render_json(simulate(m, o));
  EXPECT_EQ(one, two);
  EXPECT_NE(one.find("\"seed\": 7"), std::string::npos);
  o.seed = 8;
  EXPECT_NE(render_json(simulate(m, o)), one);
}

TEST(Determinism, AddingAnElementDoesNotPerturbTheOthers) {
  // Streams are keyed by element id: the post's waits for flow "west" do not change when an
  // unrelated element (not on that flow's route) is added.
  Model m = load_model_text(kGood, "good.toml");
  m.flows.erase(m.flows.begin());  // only "west": sea -> post
  SimOptions o;
  SimResult a = simulate(m, o);
  ElementSpec extra = m.elements[1];
  extra.id = "yard2";
  m.elements.push_back(extra);
  SimResult b = simulate(m, o);
  EXPECT_EQ(a.resources[0].wait_mean[1].mean, b.resources[0].wait_mean[1].mean);
  EXPECT_EQ(a.flows[0].per_day.mean, b.flows[0].per_day.mean);
}

TEST(Elements, OpeningHoursHoldUnitsUntilOpening) {
  // Closed 22:00-06:00: a truck arriving at 23:00 waits until 06:00 (7 h) at least.
  Model m = load_model_text(kGood, "good.toml");
  m.elements.resize(1);
  m.elements[0].border.service[0] = Distribution::fixed(1);
  m.elements[0].border.inspection_share = 0;
  m.flows.resize(1);
  m.flows[0].route = {0};
  m.flows[0].arrivals = ArrivalSpec{};
  m.flows[0].arrivals.process = ArrivalSpec::Process::scheduled;
  m.flows[0].arrivals.times_of_day = {23 * 60.0, 12 * 60.0};
  m.flows[0].arrivals.unit = UnitKind::truck;
  SimOptions o;
  o.replications = 1;
  SimResult r = simulate(m, o);
  // The 12:00 trucks do not wait, the 23:00 ones wait 7 h; measured: 30 of the first and 29 of
  // the second (the last 23:00 truck is still waiting when the run ends).
  EXPECT_NEAR(r.flows[0].wait_mean.mean, 29 * 420 / 59.0, 1e-6);
  EXPECT_NEAR(r.flows[0].wait_p95.mean, 420, 1e-6);
}

TEST(Elements, FerrySailsWhenFullAndCarriesTheOffer) {
  Model m = load_model_text(kGood, "good.toml");
  SimOptions o;
  o.days = 200;
  SimResult r = simulate(m, o);
  const auto& sea = r.resources[2];
  EXPECT_EQ(sea.kind, "ferry");
  EXPECT_GT(sea.utilisation.mean, 0.3);
  EXPECT_LE(sea.utilisation.mean, 1.0);
  // 30 trucks/day offered, carried in full (capacity is far above).
  EXPECT_NEAR(r.flows[1].per_day.mean, 30, 1.5);
  // Trains of 20 wagons, 3 a day, through a yard handling 20 x 5.75 + 30 min each.
  EXPECT_NEAR(r.flows[0].per_day.mean, 3, 0.2);
}

TEST(Render, HtmlIsSelfContained) {
  Model m = load_model_text(kGood, "good.toml");
  SimOptions o;
  o.replications = 2;
  o.days = 10;
  std::string h = render_html(simulate(m, o));
  EXPECT_NE(h.find("<svg"), std::string::npos);
  EXPECT_EQ(h.find("src=\"http"), std::string::npos);
  EXPECT_EQ(h.find("href=\"http"), std::string::npos);
  EXPECT_EQ(h.find("<script"), std::string::npos);
}

}  // namespace
}  // namespace corridor::sim

namespace corridor::sim {
namespace {

Model one_element(ElementSpec e, ArrivalSpec a) {
  Model m;
  m.elements.push_back(std::move(e));
  FlowSpec f;
  f.id = "f";
  f.arrivals = a;
  f.route = {0};
  m.flows.push_back(f);
  return m;
}

ArrivalSpec daily_at(double minute, UnitKind unit, int wagons = 1) {
  ArrivalSpec a;
  a.process = ArrivalSpec::Process::scheduled;
  a.times_of_day = {minute};
  a.unit = unit;
  a.wagons = wagons;
  return a;
}

TEST(Elements, GaugeYardPerWagonAndPerTrain) {
  ElementSpec y;
  y.kind = ElementSpec::Kind::yard;
  y.id = "yard";
  y.yard.service = Distribution::fixed(5);
  y.yard.setup = Distribution::fixed(30);
  SimOptions o;
  o.replications = 1;
  o.days = 10;
  y.yard.per_wagon = true;
  SimResult r = simulate(one_element(y, daily_at(600, UnitKind::train, 20)), o);
  EXPECT_NEAR(r.flows[0].system_mean.mean, 30 + 20 * 5, 1e-9);  // setup + 20 wagons
  EXPECT_NEAR(r.resources[0].utilisation.mean, 130.0 / 1440, 1e-9);
  y.yard.per_wagon = false;
  r = simulate(one_element(y, daily_at(600, UnitKind::train, 20)), o);
  EXPECT_NEAR(r.flows[0].system_mean.mean, 30 + 5, 1e-9);  // setup + one draw per train
}

TEST(Elements, ScheduledFerryWaitsForTheNextDeparture) {
  ElementSpec f;
  f.kind = ElementSpec::Kind::ferry;
  f.id = "ferry";
  f.ferry.vessels = 1;
  f.ferry.capacity_trucks = 10;
  f.ferry.crossing = Distribution::fixed(60);
  f.ferry.scheduled = true;
  f.ferry.departures[0] = {6 * 60.0};
  f.ferry.departures[1] = {18 * 60.0};
  SimOptions o;
  o.replications = 1;
  o.days = 10;
  // A truck at 05:00 sails at 06:00 (the vessel is back at a by 19:00 every day): waits 60 min,
  // 120 min in the system.
  SimResult r = simulate(one_element(f, daily_at(300, UnitKind::truck)), o);
  EXPECT_NEAR(r.flows[0].wait_mean.mean, 60, 1e-9);
  EXPECT_NEAR(r.flows[0].system_mean.mean, 120, 1e-9);
  EXPECT_NEAR(r.flows[0].per_day.mean, 1, 1e-9);
  // At 07:00 it misses the boat and sails next morning: 23 h.
  r = simulate(one_element(f, daily_at(420, UnitKind::truck)), o);
  EXPECT_NEAR(r.flows[0].wait_mean.mean, 23 * 60, 1e-9);
}

}  // namespace
}  // namespace corridor::sim

namespace corridor::sim {
namespace {

TEST(Capacity, SweepFindsTheServerRateAndTheWaitsAlongIt) {
  // One lane, 60 min fixed service, Poisson trucks: capacity 24/day; at 50 % load M/D/1 waits
  // rho tau / (2 (1 - rho)) = 30 min.
  ElementSpec e;
  e.kind = ElementSpec::Kind::border;
  e.id = "post";
  e.border.service[0] = e.border.service[1] = Distribution::fixed(60);
  Model m;
  m.elements.push_back(e);
  m.wait_limit = 60;
  FlowSpec f;
  f.id = "trucks";
  f.arrivals.process = ArrivalSpec::Process::poisson;
  f.arrivals.per_day = 5;
  f.arrivals.unit = UnitKind::truck;
  f.route = {0};
  m.flows.push_back(f);
  SimOptions o;
  o.days = 400;
  o.warmup_days = 10;
  o.replications = 8;
  o.capacity = true;
  o.capacity_loads = {0.5, 0.9};
  SimResult r = simulate(m, o);
  ASSERT_TRUE(r.capacity.has_value());
  const auto& c = *r.capacity;
  EXPECT_GT(c.capacity_offered_per_day[0], 23.0);
  EXPECT_LT(c.capacity_offered_per_day[0], 24.6);
  EXPECT_EQ(c.capacity_offered_per_day[1], 0);
  ASSERT_EQ(c.points.size(), 2u);
  const double rho = 0.5 * c.capacity_offered_per_day[0] / 24;
  EXPECT_NEAR(c.points[0].wait_mean[0].mean, rho * 60 / (2 * (1 - rho)), 3);
  EXPECT_FALSE(c.points[0].over_limit);
  EXPECT_TRUE(c.points[1].over_limit);  // M/D/1 at 0.9: 270 min
  EXPECT_EQ(c.highest_load_within_limit, 0.5);
}

}  // namespace
}  // namespace corridor::sim
