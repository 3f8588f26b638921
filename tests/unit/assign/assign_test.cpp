// Assignment on small drawn networks with known equilibria, for every algorithm.
#include "corridor/assign/assign.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>

#include "corridor/assign/output.h"
#include "corridor/assign/tntp.h"
#include "corridor/core/error.h"

namespace corridor::assign {
namespace {

struct Link {
  uint32_t tail, head;
  double fft, cap, b, power, linear = 0;
};

AssignProblem make(uint32_t n, const std::vector<Link>& links, std::vector<OdDemand> demand,
                   uint32_t first_thru_node = 0) {
  AssignProblem p;
  p.num_nodes = n;
  p.first_thru_node = first_thru_node;
  for (const auto& l : links) {
    p.tail.push_back(l.tail);
    p.head.push_back(l.head);
    p.free_flow_time.push_back(l.fft);
    p.capacity.push_back(l.cap);
    p.b.push_back(l.b);
    p.power.push_back(l.power);
    p.linear_cost.push_back(l.linear);
  }
  p.demand = std::move(demand);
  return p;
}

AssignResult solve(const AssignProblem& p, const std::string& alg, double gap = 1e-9,
                   int threads = 1) {
  AssignOptions opt;
  opt.algorithm = alg;
  opt.gap = gap;
  opt.max_iter = 5000;
  opt.threads = threads;
  NullReporter rep;
  return assign(p, opt, rep);
}

class EveryAlgorithm : public ::testing::TestWithParam<std::string> {};
INSTANTIATE_TEST_SUITE_P(Assign, EveryAlgorithm, ::testing::Values("b", "fw", "cfw", "bfw"));

//   0 ==a (1 + x)==> 1
//     ==b (2 + x/2)=>      demand 4: x_a = x_b = 2, both cost 3.
TEST_P(EveryAlgorithm, TwoParallelLinksAnalytic) {
  auto p = make(2, {{0, 1, 1, 1, 1, 1}, {0, 1, 2, 1, 0.25, 1}}, {{0, 1, 4}});
  const double gap = GetParam() == "fw" ? 1e-6 : 1e-9;
  auto r = solve(p, GetParam(), gap);
  EXPECT_TRUE(r.summary.converged) << r.summary.stop_reason;
  EXPECT_NEAR(r.flow[0], 2, 1e-4);
  EXPECT_NEAR(r.flow[1], 2, 1e-4);
  EXPECT_NEAR(r.cost[0], 3, 1e-4);
  // Beckmann = (2 + 2^2/2) + (2*2 + 2^2/4) = 4 + 5 = 9
  EXPECT_NEAR(r.summary.beckmann, 9, 1e-4);
  EXPECT_NEAR(r.summary.tstt, 12, 1e-3);
  ASSERT_FALSE(r.log.empty());
  EXPECT_EQ(r.log.front().iteration, 0);
}

// Zones 0 and 1 (first_thru_node = 3 in TNTP terms -> 2 here) may not be passed through:
//   0 -> 1 -> 2 costs 2 but passes through zone 1; 0 -> 3 -> 2 costs 10 and is the only legal
//   route. Trips may still start (1 -> 2) and end (0 -> 1) at zone 1.
TEST_P(EveryAlgorithm, ZonesAreNotPassedThrough) {
  std::vector<Link> links = {
      {0, 1, 1, 1, 0, 4}, {1, 2, 1, 1, 0, 4}, {0, 3, 5, 1, 0, 4}, {3, 2, 5, 1, 0, 4}};
  auto free = make(4, links, {{0, 2, 10}, {0, 1, 1}, {1, 2, 2}});
  auto r = solve(free, GetParam());
  EXPECT_NEAR(r.flow[0], 11, 1e-9);
  EXPECT_NEAR(r.flow[2], 0, 1e-9);
  auto zoned = make(4, links, {{0, 2, 10}, {0, 1, 1}, {1, 2, 2}}, 2);
  r = solve(zoned, GetParam());
  EXPECT_NEAR(r.flow[0], 1, 1e-9);   // only the trip ending at zone 1
  EXPECT_NEAR(r.flow[1], 2, 1e-9);   // only the trip starting at zone 1
  EXPECT_NEAR(r.flow[2], 10, 1e-9);  // 0 -> 2 detours via 3
  EXPECT_NEAR(r.flow[3], 10, 1e-9);
  EXPECT_NEAR(r.summary.relative_gap, 0, 1e-12);
}

// A zero-cost two-cycle (1 <-> 2) and zero-cost connectors must not upset shortest paths or
// bushes; power 0 is a constant cost fft * (1 + b); duplicate parallel links share flow.
//   0 -0-> 1 <-0-> 2 -0-> 4 and 1 -> 3 -> 4 (congestible), 2 -> 4 twice (duplicates)
TEST_P(EveryAlgorithm, ZeroCostCyclesPowerZeroAndDuplicates) {
  auto p = make(5,
                {{0, 1, 0, 1, 0, 4},
                 {1, 2, 0, 1, 0, 4},
                 {2, 1, 0, 1, 0, 4},
                 {1, 3, 1, 10, 1, 2},
                 {3, 4, 1, 10, 1, 2},
                 {2, 4, 1, 1, 2, 0},   // power 0: constant 3
                 {2, 4, 1, 1, 2, 0}},  // its duplicate
                {{0, 4, 30}});
  auto r = solve(p, GetParam(), GetParam() == "fw" ? 1e-6 : 1e-9);
  EXPECT_TRUE(r.summary.converged);
  // Upper route cost 2 + 2 (x/10)^2 = 3  ->  x = 5*sqrt(2) ~ 7.07; the rest on the constant links.
  const double upper = 10 * std::sqrt(0.5);
  EXPECT_NEAR(r.flow[3], upper, 1e-3);
  EXPECT_NEAR(r.flow[5] + r.flow[6], 30 - upper, 1e-3);
  EXPECT_NEAR(r.cost[5], 3, 1e-12);
  EXPECT_NEAR(r.flow[0], 30, 1e-9);
}

TEST(Assign, UnreachableDestinationIsNoRoute) {
  auto p = make(3, {{0, 1, 1, 1, 0.15, 4}}, {{0, 2, 5}});
  try {
    solve(p, "b");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::no_route);
    EXPECT_NE(std::string(e.what()).find("no path from node 0 to node 2"), std::string::npos);
  }
}

TEST(Assign, InvalidProblemsAndOptionsAreRejected) {
  auto p = make(2, {{0, 1, 1, 0, 0.15, 4}}, {{0, 1, 5}});  // capacity 0 with flow-dependent cost
  EXPECT_THROW(p.validate(), Error);
  auto q = make(2, {{0, 1, 1, 1, 0.15, 4}}, {{0, 7, 5}});
  EXPECT_THROW(q.validate(), Error);
  AssignOptions opt;
  opt.algorithm = "msa";
  try {
    opt.validate();
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::usage);
  }
}

std::string sioux_dir() { return std::string(CORRIDOR_SHARED_DATA) + "/tntp/SiouxFalls"; }

// The same flows bit for bit with 1 and 2 threads, for the bush and the FW family.
TEST(Assign, ResultsDoNotDependOnThreadCount) {
  if (!std::filesystem::exists(sioux_dir()))
    GTEST_SKIP() << "shared TNTP data not found at " << sioux_dir() << "; skipping";
  auto p = to_problem(read_tntp_network(sioux_dir()));
  for (const char* alg : {"b", "bfw"}) {
    auto r1 = solve(p, alg, 1e-5, 1);
    auto r2 = solve(p, alg, 1e-5, 2);
    ASSERT_EQ(r1.log.size(), r2.log.size()) << alg;
    for (size_t l = 0; l < r1.flow.size(); ++l) ASSERT_EQ(r1.flow[l], r2.flow[l]) << alg << l;
    EXPECT_EQ(r1.summary.beckmann, r2.summary.beckmann);
  }
}

// Lean Algorithm B with 1, 2 and 3 threads (bush updates and flow sums run in parallel over
// origins) gives the same bytes: flows, costs and every logged figure; also multi-class.
TEST(Assign, AlgorithmBIsByteIdenticalForAnyThreadCount) {
  const std::string dir = std::string(CORRIDOR_SHARED_DATA) + "/tntp/Anaheim";
  if (!std::filesystem::exists(dir))
    GTEST_SKIP() << "shared TNTP data not found at " << dir << "; skipping";
  auto single = to_problem(read_tntp_network(dir));
  auto multi = single;
  multi.demand.clear();
  multi.classes.resize(2);
  multi.classes[1].pcu = 2.5;
  multi.classes[1].time_weight = 1.5;
  multi.classes[1].linear_cost.assign(multi.num_links(), 0.0);
  for (uint32_t l = 0; l < multi.num_links(); l += 7)  // a toll for class 1 on every 7th link
    multi.classes[1].linear_cost[l] = 0.5 * multi.free_flow_time[l];
  for (const OdDemand& d : single.demand) {
    multi.classes[0].demand.push_back({d.origin, d.destination, 0.8 * d.flow});
    multi.classes[1].demand.push_back({d.origin, d.destination, 0.08 * d.flow});
  }
  for (const AssignProblem* p : {&single, &multi}) {
    const auto r1 = solve(*p, "b", 1e-8, 1);
    EXPECT_TRUE(r1.summary.converged) << r1.summary.stop_reason;
    for (int threads : {2, 3}) {
      const auto rt = solve(*p, "b", 1e-8, threads);
      ASSERT_EQ(r1.log.size(), rt.log.size()) << threads;
      for (size_t l = 0; l < r1.flow.size(); ++l) {
        ASSERT_EQ(r1.flow[l], rt.flow[l]) << threads << " link " << l;
        ASSERT_EQ(r1.cost[l], rt.cost[l]) << threads << " link " << l;
      }
      for (size_t k = 0; k < r1.log.size(); ++k) {
        EXPECT_EQ(r1.log[k].relative_gap, rt.log[k].relative_gap) << k;
        EXPECT_EQ(r1.log[k].beckmann, rt.log[k].beckmann) << k;
      }
      EXPECT_EQ(r1.class_flow, rt.class_flow);
    }
  }
}

// FW, CFW and BFW on SiouxFalls: each reaches 1e-4 with the Beckmann value that gap implies,
// and the conjugate directions need fewer iterations than plain FW.
TEST(Assign, FrankWolfeFamilyOnSiouxFalls) {
  if (!std::filesystem::exists(sioux_dir()))
    GTEST_SKIP() << "shared TNTP data not found at " << sioux_dir() << "; skipping";
  auto p = to_problem(read_tntp_network(sioux_dir()));
  const double best = 4231335.287107440;
  int iters[3] = {0, 0, 0};
  int i = 0;
  for (const char* alg : {"fw", "cfw", "bfw"}) {
    auto r = solve(p, alg, 1e-4, 2);
    EXPECT_TRUE(r.summary.converged) << alg << " " << r.summary.stop_reason;
    EXPECT_LE(r.summary.relative_gap, 1e-4);
    EXPECT_GE(r.summary.beckmann, best - 1e-6 * best);
    EXPECT_LE(r.summary.beckmann - best, r.summary.relative_gap * r.summary.sptt);
    iters[i++] = r.summary.iterations;
    // The Beckmann objective never increases under an exact line search.
    for (size_t k = 1; k < r.log.size(); ++k)
      EXPECT_LE(r.log[k].beckmann, r.log[k - 1].beckmann * (1 + 1e-12)) << alg << " " << k;
  }
  std::printf("SiouxFalls to 1e-4: fw %d, cfw %d, bfw %d iterations\n", iters[0], iters[1],
              iters[2]);
  EXPECT_LT(iters[1], iters[0]);
  EXPECT_LT(iters[2], iters[0]);
}

TEST(AssignOutput, WritersProduceTheDocumentedShapes) {
  auto p = make(2, {{0, 1, 1, 1, 1, 1}, {0, 1, 2, 1, 0.25, 1}}, {{0, 1, 4}});
  auto r = solve(p, "b");
  const std::string csv = link_csv(p, r);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "link,init_node,term_node,flow_veh_per_h,cost_min,vc_ratio");
  EXPECT_NE(csv.find("\n1,1,2,2"), std::string::npos) << csv;
  const std::string log = convergence_csv(r.log);
  EXPECT_EQ(log.substr(0, log.find('\n')),
            "iteration,elapsed_s,relative_gap,aec_min,beckmann_veh_min_per_h,tstt_veh_min_per_h");
  const std::string svg = gap_svg(r.log, "two <links>");
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("two &lt;links&gt;"), std::string::npos);
  const std::string json = summary_json(r.summary);
  for (const char* key : {"iterations", "relative_gap", "beckmann", "tstt", "seconds", "algorithm"})
    EXPECT_NE(json.find(std::string("\"") + key + "\""), std::string::npos) << key;
}

// `corridor assign --tntp` (formerly run_assign_cli) is tested end to end in
// tests/e2e/cli_e2e_test.cpp (Cli.AssignTntp*).

}  // namespace
}  // namespace corridor::assign
