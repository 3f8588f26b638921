// Assignment on the TNTP networks in /work/shared/data/tntp against the best-known solutions.
// Skips (with a message) when the shared data is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "corridor/assign/assign.h"
#include "corridor/assign/tntp.h"
#include "corridor/core/reporter.h"

namespace corridor::assign {
namespace {

#ifdef __SANITIZE_ADDRESS__
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

std::string data_dir(const std::string& name) {
  return std::string(CORRIDOR_SHARED_DATA) + "/tntp/" + name;
}

struct Case {
  const char* name;
  double gap;  // the target (fast enough to keep under ASan too)
  double toll_factor, distance_factor;
  std::optional<double> best_beckmann;  // from the data README
};

struct Outcome {
  AssignResult result;
  double max_dev = 0, max_dev_flow = 0;
  size_t max_dev_link = 0;
};

Outcome run_case(const Case& c, const std::string& algorithm = "b") {
  TntpNetwork net = read_tntp_network(data_dir(c.name));
  AssignOptions opt;
  opt.algorithm = algorithm;
  opt.gap = c.gap;
  opt.max_iter = 10000;
  opt.max_seconds = kSanitized ? 240 : 60;
  opt.toll_factor = c.toll_factor;
  opt.distance_factor = c.distance_factor;
  AssignProblem p = to_problem(net, opt);
  NullReporter rep;
  Outcome out;
  out.result = assign(p, opt, rep);
  TntpFiles files = find_tntp_files(data_dir(c.name));
  if (!files.flow.empty()) {
    auto best = match_flows(net, read_tntp_flows(files.flow), files.flow);
    for (size_t l = 0; l < best.size(); ++l) {
      const double d = std::fabs(out.result.flow[l] - best[l]);
      if (d > out.max_dev) {
        out.max_dev = d;
        out.max_dev_link = l;
        out.max_dev_flow = best[l];
      }
    }
  }
  const auto& s = out.result.summary;
  std::printf(
      "[ %-13s ] %s: %d iterations, %.3f s, relative gap %.3e, Beckmann %.10f, "
      "max |flow - best| %.3e (link %zu, best flow %.3f)\n",
      c.name, algorithm.c_str(), s.iterations, s.seconds, s.relative_gap, s.beckmann, out.max_dev,
      out.max_dev_link + 1, out.max_dev_flow);
  return out;
}

void check_case(const Case& c) {
  if (!std::filesystem::exists(data_dir(c.name)))
    GTEST_SKIP() << "shared TNTP data not found at " << data_dir(c.name)
                 << " (needs /work/shared/data); skipping";
  Outcome o = run_case(c);
  const auto& s = o.result.summary;
  const double target = c.gap;
  EXPECT_TRUE(s.converged) << c.name << " stopped by " << s.stop_reason << " at gap "
                           << s.relative_gap;
  EXPECT_LE(s.relative_gap, target);
  if (c.best_beckmann) {
    // Beckmann(x) - Beckmann* <= TSTT - SPTT = gap * SPTT (convexity); the best-known value
    // itself is only known to ~1e-12 relative.
    const double bound = s.relative_gap * s.sptt + 1e-9 * *c.best_beckmann;
    EXPECT_NEAR(s.beckmann, *c.best_beckmann, bound) << c.name;
    EXPECT_GE(s.beckmann, *c.best_beckmann - 1e-9 * *c.best_beckmann) << c.name;
  }
}

// Our reading of each network (BPR, generalized cost, FIRST THRU NODE) must make the published
// best-known flows an equilibrium with the published objective.
void check_best_known(const Case& c, double max_gap) {
  if (!std::filesystem::exists(data_dir(c.name)))
    GTEST_SKIP() << "shared TNTP data not found at " << data_dir(c.name) << "; skipping";
  TntpNetwork net = read_tntp_network(data_dir(c.name));
  AssignOptions opt;
  opt.toll_factor = c.toll_factor;
  opt.distance_factor = c.distance_factor;
  AssignProblem p = to_problem(net, opt);
  TntpFiles files = find_tntp_files(data_dir(c.name));
  auto best = match_flows(net, read_tntp_flows(files.flow), files.flow);
  Evaluation e = evaluate(p, best, 2);
  std::printf("[ %-13s ] best-known flows: relative gap %.3e, aec %.3e, Beckmann %.10f\n", c.name,
              e.relative_gap, e.aec, e.beckmann);
  EXPECT_LE(std::fabs(e.relative_gap), max_gap) << c.name;
  if (c.best_beckmann) {
    EXPECT_NEAR(e.beckmann, *c.best_beckmann, 1e-9 * *c.best_beckmann);
  }
}

TEST(TntpData, BestKnownFlowsAreEquilibria) {
  check_best_known({"SiouxFalls", 0, 0, 0, 4231335.287107440}, 1e-10);
  check_best_known({"Anaheim", 0, 0, 0, std::nullopt}, 1e-10);
  check_best_known({"Barcelona", 0, 0, 0, 1265654.92203176}, 1e-10);
  check_best_known({"ChicagoSketch", 0, 0.02, 0.04, 17313018.7387477}, 1e-10);
}

TEST(TntpData, SiouxFallsAlgorithmB) { check_case({"SiouxFalls", 1e-8, 0, 0, 4231335.287107440}); }

TEST(TntpData, AnaheimAlgorithmB) { check_case({"Anaheim", 1e-6, 0, 0, std::nullopt}); }

TEST(TntpData, BarcelonaAlgorithmB) { check_case({"Barcelona", 1e-6, 0, 0, 1265654.92203176}); }

TEST(TntpData, ChicagoSketchGeneralizedCostAlgorithmB) {
  check_case({"ChicagoSketch", 1e-6, 0.02, 0.04, 17313018.7387477});
}

// Berlin-MPF: 774 zero-cost connectors (zero-cost cycles under pure time), FIRST THRU NODE 99.
TEST(TntpData, BerlinMpfZeroCostConnectors) {
  check_case({"Berlin-Mitte-Prenzlauerberg-Friedrichshain-Center", 1e-8, 0, 0, std::nullopt});
}

// Link flows are unique only where the cost depends on the flow; on constant-cost links
// (b = 0 or power 0, e.g. Barcelona's centroid connectors) any split is an equilibrium, so
// those deviations are reported but not checked. Solved to 1e-10 to compare flows closely.
void check_flows(const Case& c, double tolerance) {
  if (!std::filesystem::exists(data_dir(c.name)))
    GTEST_SKIP() << "shared TNTP data not found at " << data_dir(c.name) << "; skipping";
  TntpNetwork net = read_tntp_network(data_dir(c.name));
  Case tight = c;
  tight.gap = 1e-10;
  Outcome o = run_case(tight);
  EXPECT_LE(o.result.summary.relative_gap, 1e-10) << c.name;
  TntpFiles files = find_tntp_files(data_dir(c.name));
  auto best = match_flows(net, read_tntp_flows(files.flow), files.flow);
  // A flow gap also bounds each link's flow error: Beckmann(x) - Beckmann* <= gap * SPTT, and
  // Beckmann(x) - Beckmann* >= (1/2) t'_a(min(x_a, x*_a)) (x_a - x*_a)^2 for every link (convex
  // BPR, power >= 1). So a link may deviate by more than `tolerance` only where its cost is so
  // flat that the gap cannot tell (e.g. Anaheim's link 819 at 30% of capacity, t' ~ 3e-6).
  const double slack = o.result.summary.relative_gap * o.result.summary.sptt;
  double dev = 0, const_dev = 0, excess = 0;
  size_t at = 0;
  for (size_t l = 0; l < best.size(); ++l) {
    const auto& k = net.links[l];
    const bool flow_dependent = k.b > 0 && k.power > 0 && k.free_flow_time > 0;
    const double d = std::fabs(o.result.flow[l] - best[l]);
    if (flow_dependent && d > dev) dev = d, at = l;
    if (!flow_dependent) const_dev = std::max(const_dev, d);
    if (flow_dependent && d > tolerance && k.power >= 1) {
      const double x = std::min(o.result.flow[l], best[l]);
      const double slope = k.free_flow_time * k.b * k.power * std::pow(x, k.power - 1) /
                           std::pow(k.capacity, k.power);
      const double bound = std::sqrt(2 * slack / slope);
      if (d > bound) excess = std::max(excess, d - bound);
    }
  }
  AssignOptions opt;
  opt.toll_factor = c.toll_factor;
  opt.distance_factor = c.distance_factor;
  const Evaluation e = evaluate(to_problem(net, opt), o.result.flow, 2);
  std::printf(
      "[ %-13s ] at gap %.2e (recomputed %.2e): max |flow - best| %.3e on flow-dependent links "
      "(link %zu, best %.3f), %.3e on constant-cost links\n",
      c.name, o.result.summary.relative_gap, e.relative_gap, dev, at + 1, best[at], const_dev);
  EXPECT_LE(e.relative_gap, 1e-10 * (1 + 1e-6)) << c.name;
  EXPECT_EQ(excess, 0.0) << c.name << ": a link's flow error exceeds what the gap allows";
}

TEST(TntpData, FlowsMatchBestKnown) {
  check_flows({"SiouxFalls", 0, 0, 0, std::nullopt}, 1e-3);
  check_flows({"Anaheim", 0, 0, 0, std::nullopt}, 1e-2);
  check_flows({"Barcelona", 0, 0, 0, std::nullopt}, 1e-2);
  check_flows({"ChicagoSketch", 0, 0.02, 0.04, std::nullopt}, 1e-2);
}

}  // namespace
}  // namespace corridor::assign
