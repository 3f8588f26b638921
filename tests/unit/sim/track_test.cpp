// Single track with passing loops: deterministic capacity against 1440 / (t_ab + t_ba + 2 t_c)
// (design note section 1.3) and no deadlock under random arrivals.
#include <gtest/gtest.h>

#include <cmath>

#include "corridor/sim/simulate.h"

namespace corridor::sim {
namespace {

Model track_model(double speed, int loops, double clearing, ArrivalSpec arr_ab,
                  ArrivalSpec arr_ba) {
  Model m;
  m.name = "track";
  ElementSpec e;
  e.kind = ElementSpec::Kind::track;
  e.id = "t";
  e.track.length_km = 42;
  for (int i = 1; i <= loops; ++i) e.track.loops_km.push_back(42.0 * i / (loops + 1));
  e.track.speeds["freight"] = speed;
  e.track.clearing = clearing;
  m.elements.push_back(e);
  for (int d = 0; d < 2; ++d) {
    FlowSpec f;
    f.id = d == 0 ? "east" : "west";
    f.direction = d;
    f.arrivals = d == 0 ? arr_ab : arr_ba;
    f.arrivals.train_type = "freight";
    f.route = {0};
    m.flows.push_back(f);
  }
  return m;
}

ArrivalSpec every(double minutes_) {
  ArrivalSpec a;
  a.process = ArrivalSpec::Process::renewal;
  a.interarrival = Distribution::fixed(minutes_);
  return a;
}

double pairs_per_day(double speed, int loops, double clearing) {
  // Saturating demand: a train every 10 minutes each way (far above capacity).
  Model m = track_model(speed, loops, clearing, every(10), every(10));
  SimOptions o;
  o.days = 20;
  o.warmup_days = 2;
  o.replications = 1;
  SimResult r = simulate(m, o);
  EXPECT_EQ(r.resources[0].deadlocks, 0u);
  // Alternating: both directions get the same throughput (within one train over the run).
  EXPECT_NEAR(r.directions[0].per_day.mean, r.directions[1].per_day.mean, 1.0 / o.days.value());
  return (r.directions[0].per_day.mean + r.directions[1].per_day.mean) / 2;
}

double formula(double speed, int loops, double clearing) {
  const double t = 42.0 / (loops + 1) / speed * 60;  // minutes per section
  return 1440 / (2 * t + 2 * clearing);
}

TEST(SingleTrack, DeterministicCapacityMatchesTheSectionFormula) {
  struct Case {
    double speed;
    int loops;
    double clearing, target;
  };
  for (Case c :
       {Case{40, 1, 0, 22.9}, Case{40, 3, 0, 45.7}, Case{60, 3, 0, 68.6}, Case{40, 0, 0, 11.4},
        Case{40, 2, 0, 34.3}, Case{40, 1, 5, 19.7}, Case{60, 3, 5, 46.5}}) {
    SCOPED_TRACE(testing::Message()
                 << c.speed << " km/h, " << c.loops << " loops, t_c " << c.clearing);
    EXPECT_NEAR(formula(c.speed, c.loops, c.clearing), c.target, 0.05);
    EXPECT_NEAR(pairs_per_day(c.speed, c.loops, c.clearing), formula(c.speed, c.loops, c.clearing),
                1.0);
  }
}

TEST(SingleTrack, NeverDeadlocksUnderRandomArrivals) {
  // 10,000 days of Poisson arrivals with two train types (40 and 60 km/h), random stops in
  // loops, near capacity: no deadlock, everything offered is carried.
  for (int loops : {1, 3}) {
    ArrivalSpec a;
    a.process = ArrivalSpec::Process::poisson;
    a.per_day = loops == 1 ? 8 : 16;
    Model m = track_model(40, loops, 3, a, a);
    m.elements[0].track.speeds["fast"] = 60;
    FlowSpec fast = m.flows[0];
    fast.id = "east-fast";
    fast.arrivals.train_type = "fast";
    fast.arrivals.per_day = 4;
    m.flows.push_back(fast);
    fast.id = "west-fast";
    fast.direction = 1;
    m.flows.push_back(fast);
    SimOptions o;
    o.days = 10000;
    o.warmup_days = 10;
    o.replications = 1;
    SimResult r = simulate(m, o);
    EXPECT_EQ(r.resources[0].deadlocks, 0u) << loops;
    for (const auto& d : r.directions)
      EXPECT_NEAR(d.per_day.mean, d.offered_per_day, 0.02 * d.offered_per_day) << loops;
    // Random arrivals: below the deterministic E=1 value.
    const double cap = formula(40, loops, 3);
    for (const auto& d : r.directions) EXPECT_LT(d.per_day.mean, cap);
  }
}

TEST(SingleTrack, LoopStopsAddToTheCycle) {
  // A 5-minute stand in the loop: each direction's cycle over the critical loop grows.
  Model m = track_model(40, 1, 0, every(10), every(10));
  m.elements[0].track.loop_stop = 5;
  SimOptions o;
  o.days = 20;
  o.warmup_days = 2;
  o.replications = 1;
  SimResult r = simulate(m, o);
  EXPECT_LT(r.directions[0].per_day.mean, formula(40, 1, 0) - 1);
  EXPECT_GT(r.directions[0].per_day.mean, 0.5 * formula(40, 1, 0));
}

}  // namespace
}  // namespace corridor::sim
