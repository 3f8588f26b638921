// Algorithm B warm start (assign::WarmStart): a problem with one link closed, solved from the
// open problem's bushes, reaches the same equilibrium as a cold solve of it (and as a solve of the
// network with the link deleted), with the same bytes for any thread count.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "corridor/assign/assign.h"
#include "corridor/assign/tntp.h"
#include "corridor/core/error.h"

namespace corridor::assign {
namespace {

AssignResult run(const AssignProblem& p, int threads, const WarmStart* from = nullptr,
                 WarmStart* save = nullptr, double gap = 1e-9) {
  AssignOptions o;
  o.gap = gap;
  o.threads = threads;
  NullReporter quiet;
  return assign(p, o, quiet, from, save);
}

// Three routes 0 -> 1: the direct link 0 (BPR) and two two-link detours; demand 0 -> 1.
AssignProblem three_routes() {
  AssignProblem p;
  p.num_nodes = 4;
  p.tail = {0, 0, 2, 0, 3};
  p.head = {1, 2, 1, 3, 1};
  p.free_flow_time = {1, 1, 1, 1.5, 1};
  p.capacity = {100, 200, 200, 150, 150};
  p.b = {0.15, 0.15, 0.15, 0.15, 0.15};
  p.power = {4, 4, 4, 4, 4};
  p.demand = {{0, 1, 600}, {2, 1, 50}};
  return p;
}

void expect_same_equilibrium(const AssignResult& warm, const AssignResult& cold, double tol,
                             const std::string& what) {
  ASSERT_EQ(warm.flow.size(), cold.flow.size());
  double big = 1;
  for (double f : cold.flow) big = std::max(big, f);
  for (size_t l = 0; l < warm.flow.size(); ++l)
    EXPECT_NEAR(warm.flow[l], cold.flow[l], tol * big) << what << " link " << l;
  EXPECT_NEAR(warm.summary.beckmann, cold.summary.beckmann, 1e-7 * cold.summary.beckmann) << what;
  EXPECT_TRUE(warm.summary.converged) << what;
}

TEST(WarmStart, HandCaseClosedLinkMatchesColdAndDeleted) {
  const auto p = three_routes();
  WarmStart ws;
  const auto base = run(p, 1, nullptr, &ws);
  ASSERT_FALSE(ws.empty());
  EXPECT_GT(base.flow[0], 0);
  auto closed = p;
  closed.closed.assign(p.num_links(), 0);
  closed.closed[0] = 1;
  const auto warm = run(closed, 1, &ws);
  const auto cold = run(closed, 1);
  EXPECT_EQ(warm.flow[0], 0);
  EXPECT_EQ(cold.flow[0], 0);
  expect_same_equilibrium(warm, cold, 1e-6, "hand");
  // The independent oracle: the network without link 0 (links renumbered 1..4 -> 0..3).
  auto deleted = p;
  for (auto* v : {&deleted.free_flow_time, &deleted.capacity, &deleted.b, &deleted.power})
    v->erase(v->begin());
  deleted.tail.erase(deleted.tail.begin());
  deleted.head.erase(deleted.head.begin());
  const auto del = run(deleted, 1);
  for (uint32_t l = 1; l < p.num_links(); ++l)
    EXPECT_NEAR(warm.flow[l], del.flow[l - 1], 1e-6 * 650) << l;
  EXPECT_NEAR(warm.summary.beckmann, del.summary.beckmann, 1e-9 * del.summary.beckmann);
  // Conservation: with link 0 closed all 650 units reach node 1 over links 2 and 4.
  EXPECT_NEAR(warm.flow[2] + warm.flow[4], 650, 1e-6);
}

TEST(WarmStart, RejectsAnotherNetworkAndAnotherAlgorithm) {
  const auto p = three_routes();
  WarmStart ws;
  run(p, 1, nullptr, &ws);
  auto other = p;
  other.head[1] = 3;
  EXPECT_THROW(run(other, 1, &ws), Error);
  AssignOptions o;
  o.algorithm = "bfw";
  NullReporter quiet;
  EXPECT_THROW(assign(p, o, quiet, &ws, nullptr), Error);
  auto bad = p;
  bad.closed.assign(2, 1);
  EXPECT_THROW(run(bad, 1), Error);
}

TEST(WarmStart, SiouxFallsClosedLinksMatchColdSolvesForAnyThreadCount) {
  const std::string dir = std::string(CORRIDOR_SHARED_DATA) + "/tntp/SiouxFalls";
  if (!std::filesystem::exists(dir))
    GTEST_SKIP() << "shared TNTP data not found at " << dir << "; skipping";
  const auto p = to_problem(read_tntp_network(dir));
  WarmStart ws;
  const auto base = run(p, 1, nullptr, &ws, 1e-8);
  ASSERT_TRUE(base.summary.converged);
  for (uint32_t link : {0u, 17u, 40u, 75u}) {
    auto q = p;
    q.closed.assign(p.num_links(), 0);
    q.closed[link] = 1;
    const auto warm = run(q, 1, &ws, nullptr, 1e-8);
    const auto cold = run(q, 1, nullptr, nullptr, 1e-8);
    EXPECT_EQ(warm.flow[link], 0);
    expect_same_equilibrium(warm, cold, 1e-3, "SiouxFalls link " + std::to_string(link));
    std::printf("SiouxFalls link %u closed: warm %d iterations, cold %d\n", link,
                warm.summary.iterations, cold.summary.iterations);
    const auto warm2 = run(q, 2, &ws, nullptr, 1e-8);
    ASSERT_EQ(warm.log.size(), warm2.log.size());
    for (size_t l = 0; l < warm.flow.size(); ++l) ASSERT_EQ(warm.flow[l], warm2.flow[l]) << l;
    EXPECT_EQ(warm.summary.beckmann, warm2.summary.beckmann);
  }
}

}  // namespace
}  // namespace corridor::assign
