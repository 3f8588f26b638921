// Choice models against hand-computed values (appraisal-facts §C.2 oracles) and their defining
// identities: nested logit = MNL at scale 1, pivot logit = base shares at no change, elastic
// demand reproduces its arc elasticity.
#include "corridor/demand/logit.h"

#include <gtest/gtest.h>

#include <cmath>

#include "corridor/core/error.h"

using namespace corridor::demand;

TEST(Logit, MnlMatchesHandComputedOracle) {
  // appraisal-facts §C.2: V = (-1, -1.5, -2) -> P = (0.50648, 0.30720, 0.18632), logsum -0.31973.
  auto p = mnl({-1.0, -1.5, -2.0});
  ASSERT_EQ(p.size(), 3u);
  EXPECT_NEAR(p[0], 0.50648, 5e-6);
  EXPECT_NEAR(p[1], 0.30720, 5e-6);
  EXPECT_NEAR(p[2], 0.18632, 5e-6);
  EXPECT_NEAR(logsum({-1.0, -1.5, -2.0}), -0.31973, 5e-6);
  // Independently: ln(e^-1 + e^-1.5 + e^-2).
  EXPECT_NEAR(logsum({-1.0, -1.5, -2.0}),
              std::log(std::exp(-1.0) + std::exp(-1.5) + std::exp(-2.0)), 1e-14);
}

TEST(Logit, MnlIsStableForLargeUtilities) {
  auto p = mnl({-5000.0, -5001.0});
  EXPECT_NEAR(p[0], 1 / (1 + std::exp(-1.0)), 1e-12);
  EXPECT_NEAR(logsum({1000.0, 1000.0}), 1000 + std::log(2.0), 1e-9);
}

TEST(Logit, NestedDegeneratesToMnlAtScaleOne) {
  std::vector<double> v = {-1.0, -1.5, -2.0, -0.7, -3.0};
  std::vector<int> nest = {0, 0, 1, 1, 2};
  auto nl = nested_logit(v, nest, {1.0, 1.0, 1.0});
  auto p = mnl(v);
  for (size_t i = 0; i < v.size(); ++i) EXPECT_NEAR(nl.prob[i], p[i], 1e-14) << i;
  EXPECT_NEAR(nl.logsum, logsum(v), 1e-14);
}

TEST(Logit, NestedMatchesHandComputedTwoLevelValues) {
  // Nest 0 = {a, b} with mu 0.5, nest 1 = {c} with mu 1; V = (-1, -2, -1.5).
  // I0 = 0.5 ln(e^-2 + e^-4) = -0.936537..., I1 = -1.5.
  const double i0 = 0.5 * std::log(std::exp(-2.0) + std::exp(-4.0));
  const double pn0 = std::exp(i0) / (std::exp(i0) + std::exp(-1.5));
  auto nl = nested_logit({-1.0, -2.0, -1.5}, {0, 0, 1}, {0.5, 1.0});
  EXPECT_NEAR(i0, -0.9365359, 1e-6);
  EXPECT_NEAR(nl.nest_prob[0], pn0, 1e-14);
  EXPECT_NEAR(nl.prob[0], pn0 * std::exp(-2.0) / (std::exp(-2.0) + std::exp(-4.0)), 1e-14);
  EXPECT_NEAR(nl.prob[2], 1 - pn0, 1e-14);
  EXPECT_NEAR(nl.logsum, std::log(std::exp(i0) + std::exp(-1.5)), 1e-14);
  // A nest constant shifts the nest's odds by exp(asc).
  auto with_asc = nested_logit({-1.0, -2.0, -1.5}, {0, 0, 1}, {0.5, 1.0}, {0.3, 0.0});
  EXPECT_NEAR(with_asc.nest_prob[0] / with_asc.nest_prob[1],
              std::exp(0.3) * nl.nest_prob[0] / nl.nest_prob[1], 1e-12);
}

TEST(Logit, NestScaleOutsideUnitIntervalIsRejected) {
  EXPECT_THROW(nested_logit({-1.0}, {0}, {1.5}), corridor::Error);
  EXPECT_THROW(nested_logit({-1.0}, {0}, {0.0}), corridor::Error);
}

TEST(Logit, PivotMatchesOracleAndReturnsBaseSharesWhenNothingChanges) {
  // appraisal-facts §C.2: base (0.6, 0.3, 0.1), dV = (+0.2, 0, 0) -> (0.64691, 0.26482, 0.08827).
  auto p = pivot_logit({0.6, 0.3, 0.1}, {0.2, 0.0, 0.0});
  EXPECT_NEAR(p[0], 0.64691, 5e-6);
  EXPECT_NEAR(p[1], 0.26482, 5e-6);
  EXPECT_NEAR(p[2], 0.08827, 5e-6);
  std::vector<double> base = {0.123456789, 0.5, 0.376543211};
  auto same = pivot_logit(base, {0.0, 0.0, 0.0});
  for (size_t i = 0; i < base.size(); ++i)
    EXPECT_EQ(same[i], base[i] / (base[0] + base[1] + base[2]));
  // A common utility change leaves the shares unchanged too.
  auto shifted = pivot_logit(base, {-3.0, -3.0, -3.0});
  for (size_t i = 0; i < base.size(); ++i) EXPECT_NEAR(shifted[i], base[i], 1e-15);
}

TEST(Logit, PivotEqualsAbsoluteModelWithConstants) {
  // Base shares from a model with constants, then a cost change: the pivot from the base shares
  // equals recomputing the model with the same constants.
  std::vector<double> v0 = {-1.0, -1.4, -2.2}, asc = {0.3, -0.2, 0.0}, dv = {0.1, -0.5, 0.25};
  std::vector<double> u0(3), u1(3);
  for (int i = 0; i < 3; ++i) u0[i] = v0[i] + asc[i], u1[i] = v0[i] + dv[i] + asc[i];
  auto p = pivot_logit(mnl(u0), dv);
  auto q = mnl(u1);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(p[i], q[i], 1e-14);
}

TEST(Logit, ElasticDemandReproducesArcElasticityOnOneLink) {
  // One link, one route: the composite cost is the link cost (logsum of a single alternative).
  const double theta = 0.01, c0 = 120, c1 = 90, e = -0.6, t0 = 1000;
  const double ls0 = logsum({-theta * c0}), ls1 = logsum({-theta * c1});
  EXPECT_NEAR(composite_cost(ls0, theta), c0, 1e-12);
  const double t1 = elastic_demand(t0, composite_cost(ls0, theta), composite_cost(ls1, theta), e);
  EXPECT_GT(t1, t0);  // cheaper -> more
  EXPECT_NEAR(arc_elasticity(t0, t1, c0, c1), e, 1e-12);
  // Independent value: 1000 * (90/120)^-0.6.
  EXPECT_NEAR(t1, 1000 * std::pow(0.75, -0.6), 1e-9);
  EXPECT_EQ(elastic_demand(t0, c0, c0, e), t0);
}
