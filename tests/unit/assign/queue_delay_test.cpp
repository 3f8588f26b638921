// Queueing links (sim::queue_delay instead of BPR) in the generic assignment: the equilibrium
// against an independent solve of the cost-equality condition, and finite costs above capacity.
#include <gtest/gtest.h>

#include <cmath>

#include "corridor/assign/assign.h"
#include "corridor/core/error.h"
#include "corridor/core/reporter.h"
#include "corridor/sim/queueing.h"

namespace corridor::assign {
namespace {

// Two parallel routes 0 -> 1 through 2 and 3: a queueing "ferry" (fft 10, capacity 100) and a
// constant-cost detour (cost 30). Demand 300, three times the ferry's capacity.
AssignProblem two_routes(const sim::QueueDelay& q) {
  AssignProblem p;
  p.num_nodes = 4;
  auto add = [&](uint32_t t, uint32_t h, double fft, double cap, bool queue) {
    p.tail.push_back(t);
    p.head.push_back(h);
    p.free_flow_time.push_back(fft);
    p.capacity.push_back(cap);
    p.b.push_back(0);
    p.power.push_back(0);
    p.queue.push_back(q);
    p.queue_scale.push_back(queue ? 1.0 : 0.0);
  };
  add(0, 2, 10, 100, true);  // ferry
  add(2, 1, 0, 1, false);
  add(0, 3, 30, 1, false);  // detour
  add(3, 1, 0, 1, false);
  p.demand = {{0, 1, 300}};
  return p;
}

TEST(QueueLinks, EquilibriumEqualisesTheQueueDelayWithTheDetour) {
  const sim::QueueDelay q{1, 0.5, 1, 0.5, 24};
  AssignProblem p = two_routes(q);
  for (const char* alg : {"b", "fw"}) {
    AssignOptions o;
    o.algorithm = alg;
    o.gap = 1e-7;
    o.threads = 1;
    NullReporter rep;
    AssignResult r = assign(p, o, rep);
    // Oracle: 10 + d(x / 100) = 30, solved by bisection on the pure function.
    double lo = 0, hi = 300;
    for (int i = 0; i < 200; ++i) {
      const double mid = (lo + hi) / 2;
      (10 + sim::queue_delay(q, mid / 100) < 30 ? lo : hi) = mid;
    }
    EXPECT_NEAR(r.flow[0], lo, 0.05) << alg;
    EXPECT_NEAR(r.flow[2], 300 - lo, 0.05) << alg;
    EXPECT_NEAR(r.cost[0], 10 + sim::queue_delay(q, r.flow[0] / 100), 1e-9) << alg;
    // Above capacity, finite: with a 24 h period the ferry takes more than its capacity.
    EXPECT_GT(r.flow[0], 100) << alg;
  }
}

TEST(QueueLinks, FiniteDelayAboveCapacityUnlikeBpr) {
  // All demand forced onto the queue link at V/C 1.53: the cost is the closed form, finite and
  // about T (x - 1) / 2 plus the stochastic part, where BPR (b = 1, power 4) on 58 h gives 318 h.
  const sim::QueueDelay q{1, 12, 1, 0.5, 168};
  AssignProblem p = two_routes(q);
  p.tail.resize(2);
  p.head.resize(2);
  p.free_flow_time.resize(2);
  p.capacity.resize(2);
  p.b.resize(2);
  p.power.resize(2);
  p.queue.resize(2);
  p.queue_scale.resize(2);
  p.demand = {{0, 1, 153}};
  AssignOptions o;
  o.threads = 1;
  NullReporter rep;
  AssignResult r = assign(p, o, rep);
  const double d = sim::queue_delay(q, 1.53);
  EXPECT_NEAR(r.cost[0], 10 + d, 1e-9);
  EXPECT_GT(d, 168 * 0.53 / 2);
  EXPECT_LT(d, 168 * 0.53 / 2 + 20);
  EXPECT_NEAR(beckmann_objective(p, r.flow), 10 * 153 + 100 * sim::queue_delay_integral(q, 1.53),
              1e-6 * (10 * 153));
}

TEST(QueueLinks, ValidationRejectsAQueueLinkWithBprTerms) {
  AssignProblem p = two_routes(sim::QueueDelay{});
  p.b[0] = 0.15;
  p.power[0] = 4;
  AssignOptions o;
  NullReporter rep;
  EXPECT_THROW(assign(p, o, rep), Error);
}

}  // namespace
}  // namespace corridor::assign
