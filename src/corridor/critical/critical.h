// Criticality of links and border crossings under fixed demand, and select-link analysis.
//
// A base assignment loads every OD pair of a fixed demand onto the network: all-or-nothing (AON)
// on the cheapest path of the multimodal route::Router, or a user equilibrium (UE) through
// assign::assign_freight. Each candidate link is then removed (or, under UE, its capacity cut to a
// fraction) and the assignment recomputed:
//   delta_cost = sum over served ODs of units x generalized cost (after) - (before)
//   unserved   = units of ODs that had a path before and have none after
//   connected  = unserved == 0
// Under AON only the ODs whose base path uses the link are re-routed (removing a link can never
// make another path cheaper, so the others keep their cost exactly). Under UE the cost is the total
// Σ flow x cost of the equilibrium (assign::AssignSummary::tstt) over the served demand.
//
// A removal is one link (k = 1) or a pair of links removed (or cut) together (k = 2, see
// pairs_of): the pair's impact is computed the same way with both links banned, so two parallel
// links that are harmless alone show their joint cost.
//
// Candidates are evaluated in parallel (TBB); results are stored by candidate position, so they are
// the same for any number of threads.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "corridor/assign/assign.h"
#include "corridor/network/network.h"
#include "corridor/route/router.h"

namespace corridor::critical {

struct Od {
  network::NodeIdx origin{}, destination{};
  double units_per_day = 0;
};

enum class Assignment { aon, ue };

// The all-or-nothing loading of a demand: per OD its path (links in travel order) and cost.
struct AonBase {
  struct OdPath {
    bool routed = false;
    double units = 0;  // units/day of the OD
    double cost = 0;   // generalized cost per unit
    std::vector<network::LinkIdx> links;
  };
  std::vector<OdPath> paths;                                // one per input OD
  network::IndexedVector<network::LinkIdx, double> volume;  // per link, units/day (both ways)
  double total_cost = 0;                                    // Σ units x cost over routed ODs
  double served = 0, unserved = 0;
};
AonBase assign_aon(const route::Router& router, const route::Options& ro,
                   const std::vector<Od>& ods);

struct Options {
  Assignment assignment = Assignment::aon;
  // nullopt: remove the link; else keep this fraction of its capacity (UE only: AON is
  // uncongested, so a capacity cut changes nothing there).
  std::optional<double> capacity_fraction;
  int threads = 0;                   // 0 = TBB default
  assign::AssignOptions ue_options;  // for Assignment::ue
  // Emissions per unit of flow over each whole link (e.g. kg CO2e per unit, by link index); empty
  // = none. With it, Impact::delta_emission = Σ over served ODs of units x (emission of the path
  // after - before) (AON), or Σ over links of flow x emission after - before (UE).
  network::IndexedVector<network::LinkIdx, double> link_emission;
};

struct Impact {
  network::LinkIdx link{};
  std::optional<network::LinkIdx> link2;  // the second link of a pair (k = 2)
  double delta_cost = 0;                  // generalized cost (USD) per day
  double unserved = 0;                    // units/day that lost their only path
  bool connected = true;
  double base_volume = 0;     // units/day on the link in the base assignment
  int ods_affected = 0;       // ODs whose path (AON) used the link (either link of a pair)
  double base_volume2 = 0;    // units/day on link2 in the base assignment
  double delta_emission = 0;  // per day, in the unit of Options::link_emission x units
  // Pairs: delta_cost - the two links' single-removal delta_cost (filled by the caller that also
  // removed the singles; see pair_interactions). > 0: the pair costs more than its parts.
  double interaction = 0;
};

// One removal: one link, or two removed together.
struct Removal {
  network::LinkIdx a{};
  std::optional<network::LinkIdx> b;
};
// Single removals of every candidate, in candidate order.
std::vector<Removal> singles_of(const std::vector<network::LinkIdx>& candidates);
// Every unordered pair {candidates[i], candidates[j]}, i < j, in (i, j) lexicographic order:
// n (n - 1) / 2 removals.
std::vector<Removal> pairs_of(const std::vector<network::LinkIdx>& candidates);

struct Analysis {
  double base_cost = 0, base_served = 0, base_unserved = 0;
  network::IndexedVector<network::LinkIdx, double> base_volume;  // per link
  std::vector<Impact> impacts;                                   // in the order of `candidates`
};

// The base assignment and a per-candidate evaluator, for runners that distribute candidates
// themselves (MPI ranks): impact(i) depends only on the candidate, never on who computes it.
class Analyser {
 public:
  // Throws Error(usage) for a capacity cut under AON or a fraction outside [0, 1).
  Analyser(const network::Network& net, const route::Router& router, const route::Options& ro,
           const std::vector<Od>& ods, const Options& options);
  ~Analyser();
  Analyser(const Analyser&) = delete;
  Analyser& operator=(const Analyser&) = delete;
  // Base figures (impacts empty).
  const Analysis& base() const;
  Impact impact(network::LinkIdx link) const;
  Impact impact(const Removal& removal) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// analyse() = Analyser + impact() of every candidate, in parallel with TBB.
Analysis analyse(const network::Network& net, const route::Router& router, const route::Options& ro,
                 const std::vector<Od>& ods, const std::vector<network::LinkIdx>& candidates,
                 const Options& options);
// The same over arbitrary removals (pairs_of(candidates) for k = 2).
Analysis analyse(const network::Network& net, const route::Router& router, const route::Options& ro,
                 const std::vector<Od>& ods, const std::vector<Removal>& removals,
                 const Options& options);

// Sets Impact::interaction of every pair in pairs[i] from singles[j] (impacts of single removals,
// in any order, that include both links of every pair).
void pair_interactions(std::vector<Impact>& pairs, const std::vector<Impact>& singles);

enum class Metric { cost, unserved, both, interaction };
// Positions into `impacts`, most critical first: by delta_cost desc (cost), unserved desc
// (unserved), unserved desc then delta_cost desc (both), or interaction desc (interaction); ties by
// link id, then the second link's id (a single removal before any pair starting with the same
// link), then index.
std::vector<size_t> rank(const network::Network& net, const std::vector<Impact>& impacts,
                         Metric metric);

// Links selected by a filter: comma-separated terms, a link matching ANY term is selected:
// "border" (border crossings), "rail"/"road"/"ferry" (mode), else a glob on the link id (*, ?).
// Empty = every link. Only links open in `year` are candidates. Throws Error(usage) if nothing
// matches.
std::vector<network::LinkIdx> select_links(const network::Network& net, const std::string& filter,
                                           int year);

// Select-link analysis on an AON base: the ODs whose assigned path uses `link`, with their
// volumes (which sum to base.volume[link]).
struct SelectedOd {
  size_t od = 0;  // index into the demand
  double units_per_day = 0;
};
std::vector<SelectedOd> select_link(const AonBase& base, network::LinkIdx link);

// ---- Full-UE criticality of a generic assignment problem (TNTP networks, NRI-style) ----
// For each candidate link (an index into the problem's link arrays) the link is taken out of the
// problem, ODs that have no path left (the problem's zones are never passed through) are dropped
// and counted as unserved, and the user equilibrium is solved again (cold, from scratch):
//   delta_tstt = TSTT(after) - TSTT(base over the same served ODs)
// where the base is re-solved without the dropped ODs when some were dropped. Parallel over
// candidates with TBB, each solve single-threaded; results by candidate position.
struct ProblemImpact {
  uint32_t link = 0;
  double delta_tstt = 0;
  double unserved = 0;  // OD flow with no path left
  bool connected = true;
  double base_flow = 0;  // the link's flow at the base equilibrium
  int iterations = 0;    // of the re-solve
  bool converged = true;
  double seconds = 0;      // wall time of this removal (its solves and the reachability check)
  double cpu_seconds = 0;  // CPU time of the thread that computed it, over the same span
};
struct ProblemAnalysis {
  assign::AssignSummary base;
  std::vector<double> base_flow;
  double base_seconds = 0, base_cpu_seconds = 0;  // wall and thread CPU time of the base solve
  std::vector<ProblemImpact> impacts;
};
// CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID), for timings on shared machines.
double thread_cpu_seconds();
// The problem with link `link` removed (every per-link array shortened).
assign::AssignProblem without_link(const assign::AssignProblem& problem, uint32_t link);
// With `warm` (Algorithm B only), every re-solve starts from the base solution's bushes
// (assign::WarmStart) with the link closed by AssignProblem::closed (same link numbering);
// otherwise each removal is solved cold on without_link(). Both are independent of `threads`.
ProblemAnalysis analyse_problem(const assign::AssignProblem& problem,
                                const std::vector<uint32_t>& candidates,
                                const assign::AssignOptions& ue_options, int threads = 0,
                                bool warm = false);

// Glob match with * and ?.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace corridor::critical
