// Closed forms and the assignment's time-dependent delay function.
#include "corridor/sim/queueing.h"

#include <gtest/gtest.h>

#include <cmath>

namespace corridor::sim {
namespace {

TEST(Queueing, ErlangCMatchesTheDesignNoteTable) {
  // M/M/3, a = 2: C = 4/9 (design note section 2).
  EXPECT_NEAR(erlang_c(3, 2.0), 4.0 / 9.0, 1e-12);
  // M/M/1: C = rho.
  EXPECT_NEAR(erlang_c(1, 0.7), 0.7, 1e-12);
  // Direct formula for c = 5, a = 3.5 as an independent check.
  double sum = 0, term = 1;
  for (int k = 0; k < 5; ++k) {
    sum += term;
    term *= 3.5 / (k + 1);
  }
  const double top = term * 5 / (5 - 3.5);  // a^c/c! * c/(c-a)
  EXPECT_NEAR(erlang_c(5, 3.5), top / (sum + top), 1e-12);
}

TEST(Queueing, ClosedFormTargets) {
  EXPECT_NEAR(mmc_wait(20.0 / 60, 6, 3), 2.6667, 1e-3);          // minutes
  EXPECT_NEAR(mg1_wait(0.75 / 60, 60, 0), 90.0, 1e-9);           // M/D/1
  EXPECT_NEAR(mg1_wait(8.0 / 60, 6, 64.0 / 12), 13.7778, 1e-3);  // U(2,10)
  EXPECT_NEAR(dm1_wait(0.8, 1.0), 1.6927, 1e-3);                 // D/M/1
  EXPECT_NEAR(kingman_wait(0.8, 1.0, 0, 1), 2.0, 1e-12);         // Kingman, +18 %
  // Allen-Cunneen is exact for M/M/c and M/G/1.
  EXPECT_NEAR(allen_cunneen_wait(20.0 / 60, 6, 3, 1, 1), mmc_wait(20.0 / 60, 6, 3), 1e-12);
  EXPECT_NEAR(allen_cunneen_wait(8.0 / 60, 6, 1, 1, (64.0 / 12) / 36), 13.7778, 1e-3);
}

TEST(QueueDelay, TendsToSteadyStateForLongPeriods) {
  QueueDelay q{3, 6.0, 1, 1, 1e9};
  // x = rho = 2/3: M/M/3 -> 2.667.
  EXPECT_NEAR(queue_delay(q, 2.0 / 3.0), 2.6667, 1e-3);
  QueueDelay one{1, 60, 1, 0, 1e9};
  EXPECT_NEAR(queue_delay(one, 0.75), 90.0, 1e-3);
}

TEST(QueueDelay, DeterministicOverloadForShortRandomness) {
  // Above capacity and with a long period the mean wait tends to T (x - 1) / 2.
  QueueDelay q{1, 0.01, 1, 1, 168};
  EXPECT_NEAR(queue_delay(q, 1.5), 168 * 0.5 / 2, 0.5);
}

TEST(QueueDelay, FiniteContinuousIncreasing) {
  for (int c : {1, 2, 5, 40}) {
    QueueDelay q{c, 12, 1, 0.5, 168};
    double prev = -1;
    for (double x = 0; x <= 3.0; x += 0.01) {
      const double d = queue_delay(q, x);
      ASSERT_TRUE(std::isfinite(d)) << c << " " << x;
      ASSERT_GE(d, prev - 1e-12) << c << " " << x;
      ASSERT_GE(queue_delay_derivative(q, x), 0);
      prev = d;
    }
    // Continuous across x = 1.
    EXPECT_NEAR(queue_delay(q, 1 - 1e-7), queue_delay(q, 1 + 1e-7), 1e-3);
    EXPECT_EQ(queue_delay(q, 0), 0);
  }
}

TEST(QueueDelay, DerivativeAndIntegralAgreeWithTheFunction) {
  QueueDelay q{2, 10, 1, 0.3, 100};
  for (double x : {0.3, 0.9, 1.2, 2.0}) {
    const double h = 1e-4;
    EXPECT_NEAR(queue_delay_derivative(q, x),
                (queue_delay(q, x + h) - queue_delay(q, x - h)) / (2 * h), 1e-3);
    // Integral by the trapezoidal rule on a fine grid.
    double s = 0;
    const int n = 20000;
    for (int i = 0; i < n; ++i)
      s += (queue_delay(q, x * i / n) + queue_delay(q, x * (i + 1) / n)) / 2 * x / n;
    EXPECT_NEAR(queue_delay_integral(q, x), s, 1e-3 * std::max(1.0, s));
  }
}

}  // namespace
}  // namespace corridor::sim
