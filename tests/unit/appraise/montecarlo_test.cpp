// Monte Carlo: inverse CDFs against closed forms, the same bytes at 1 and 2 threads, the mean of
// a linear model converging to its analytic mean with a standard error shrinking as 1/sqrt(N),
// tornado ordering and switching values, and TOML errors with line:column.
#include "corridor/appraise/montecarlo.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "corridor/core/error.h"

namespace corridor::appraise {
namespace {

const char* kToml = R"(
[demand]
distribution = "lognormal"
mu = 0.1
sigma = 0.3
source = "test"

[capex]
distribution = "triangular"
min = 0.8
mode = 1.0
max = 1.6
source = "test"

[carbon]
distribution = "empirical"
values = [0.5, 1.0, 1.5, 3.0]
source = "test"
)";

TEST(MonteCarlo, InverseCdfsMatchClosedForms) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963985, 1e-8);
  EXPECT_NEAR(normal_quantile(0.1), -1.281551566, 1e-8);
  EXPECT_NEAR(normal_quantile(0.001), -3.090232306, 1e-8);
  // appraisal-facts §F.1 [calc]: lognormal fitted to rail capex mean 1.45, SD 0.38.
  Distribution ln;
  ln.kind = Distribution::Kind::lognormal;
  ln.mu = 0.33835;
  ln.sigma = 0.25773;
  EXPECT_NEAR(ln.quantile(0.1), 1.008, 1e-3);
  EXPECT_NEAR(ln.quantile(0.5), 1.403, 1e-3);
  EXPECT_NEAR(ln.quantile(0.9), 1.952, 1e-3);
  EXPECT_NEAR(ln.mean(), 1.45, 1e-3);
  Distribution tri;
  tri.min = 0;
  tri.mode = 1;
  tri.max = 2;
  EXPECT_NEAR(tri.quantile(0.5), 1, 1e-12);
  EXPECT_NEAR(tri.quantile(0.125), 0.5, 1e-12);  // F(0.5) = 0.5^2 / 2
  Distribution emp;
  emp.kind = Distribution::Kind::empirical;
  emp.values = {0, 1, 3};
  EXPECT_NEAR(emp.quantile(0.25), 0.5, 1e-12);
  EXPECT_NEAR(emp.quantile(0.75), 2, 1e-12);
  EXPECT_NEAR(emp.mean(), (0.5 + 2) / 2, 1e-12);
}

DrawResult linear_model(const std::vector<double>& f) {
  DrawResult d;
  d.npv = 100 + 50 * f[0] - 30 * f[1] + 7 * f[2];
  d.bcr = 1 + 0.01 * d.npv;
  d.headline = 1000 * f[0];
  return d;
}

TEST(MonteCarlo, SameSeedSameBytesAtOneAndTwoThreads) {
  auto u = Uncertainty::parse(kToml, "u.toml");
  auto a = run_draws(u, 42, 3001, 1, linear_model);
  auto b = run_draws(u, 42, 3001, 2, linear_model);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(std::memcmp(&a[i].npv, &b[i].npv, sizeof(double)), 0) << i;
    EXPECT_EQ(std::memcmp(&a[i].headline, &b[i].headline, sizeof(double)), 0) << i;
  }
  auto sa = summarise(a, 42), sb = summarise(b, 42);
  EXPECT_EQ(std::memcmp(&sa.npv, &sb.npv, sizeof(Percentiles)), 0);
  EXPECT_EQ(sa.p_npv_negative, sb.p_npv_negative);
  auto c = run_draws(u, 43, 3001, 2, linear_model);
  EXPECT_NE(summarise(c, 43).npv.mean, sa.npv.mean);  // another seed, other draws
}

TEST(MonteCarlo, MeanConvergesToTheAnalyticMeanWithSeShrinkingAsOneOverSqrtN) {
  auto u = Uncertainty::parse(kToml, "u.toml");
  double analytic = 100 + 50 * u.dists[0].mean() - 30 * u.dists[1].mean() + 7 * u.dists[2].mean();
  EXPECT_NEAR(u.dists[0].mean(), std::exp(0.1 + 0.045), 1e-12);
  EXPECT_NEAR(u.dists[1].mean(), 3.4 / 3, 1e-12);
  std::vector<double> se;
  for (size_t n : {1000u, 4000u, 16000u, 64000u}) {
    auto s = summarise(run_draws(u, 7, n, 2, linear_model), 7);
    EXPECT_LT(std::abs(s.npv.mean - analytic), 4 * s.npv_se) << n;
    se.push_back(s.npv_se);
  }
  for (size_t k = 1; k < se.size(); ++k) EXPECT_NEAR(se[k] / se[k - 1], 0.5, 0.05);
  // The error itself shrinks: 64,000 draws are within 0.1 % of the analytic mean.
  auto big = summarise(run_draws(u, 11, 64000, 2, linear_model), 11);
  EXPECT_NEAR(big.npv.mean, analytic, 1e-3 * analytic);
}

TEST(MonteCarlo, TornadoOrdersBySwingAndFindsSwitchingValues) {
  auto u = Uncertainty::parse(kToml, "u.toml");
  // NPV = 100 - 200 (capex - 1) + 10 (demand - 1): capex switches at 1.5, carbon never.
  auto npv = [](const std::string& v, double f) {
    if (v == "capex") return 100 - 200 * (f - 1);
    if (v == "demand") return 100 + 10 * (f - 1);
    return 100.0;
  };
  auto bars = tornado(u, npv, 100);
  ASSERT_EQ(bars.size(), 3u);
  EXPECT_EQ(bars[0].variable, "capex");
  EXPECT_EQ(bars[1].variable, "demand");
  ASSERT_TRUE(bars[0].switching_factor);
  EXPECT_NEAR(*bars[0].switching_factor, 1.5, 1e-5);
  EXPECT_NEAR(bars[0].low_factor, u.dists[1].quantile(0.1), 1e-12);
  EXPECT_FALSE(bars[2].switching_factor);
}

TEST(MonteCarlo, BadTomlNamesLineAndColumn) {
  try {
    Uncertainty::parse("[demand]\ndistribution = \"weird\"\nsource = \"x\"\n", "u.toml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.full_text().find("u.toml:2:"), std::string::npos) << e.full_text();
  }
  try {
    Uncertainty::parse(
        "[capex]\ndistribution = \"triangular\"\nmin = 2\nmode = 1\nmax = 3\n"
        "source = \"x\"\n",
        "u.toml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.full_text().find("u.toml:1:"), std::string::npos) << e.full_text();
  }
  EXPECT_THROW(Uncertainty::parse("[speed]\ndistribution = \"triangular\"\n", "u.toml"), Error);
  EXPECT_THROW(Uncertainty::parse("[demand\n", "u.toml"), Error);
  EXPECT_THROW(
      Uncertainty::parse("[demand]\ndistribution = \"lognormal\"\nmu = 0\nsigma = 0.1\n", "u.toml"),
      Error);  // no source
}

}  // namespace
}  // namespace corridor::appraise
