// Criticality on the bundled South Caucasus network (fixed demand, all-or-nothing fast path):
// every single-link removal, timed against one base assignment measured in the same run.
// Before timing, the answers are checked against a serial, naive recomputation (a full
// all-or-nothing assignment of ALL ODs with the link removed, per link), and the threaded run
// against the single-threaded one.
// Then full-UE criticality of ChicagoSketch (../shared/data/tntp; skipped with a message when
// absent): one Algorithm-B equilibrium to a relative gap of 1e-4 per removed link, cold (link
// deleted, solved from scratch) on a 24-link sample and warm-started (link closed, from the base
// solution's bushes) on a sample, each timed as a multiple of one base UE solve measured in the
// same run. By default the warm sample is 24 evenly spaced links and the total is extrapolated
// (said so in the output); CORRIDOR_CHICAGO_SAMPLE=N sets the warm sample size,
// CORRIDOR_CHICAGO_SAMPLE=all removes every link warm.
//   build/release/bench/corridor_critical_bench
// (Uses the api's internal demand loader, api/demand_ods.h, to read the dataset's demand file.)
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "corridor/api/api.h"
#include "corridor/api/critical.h"
#include "corridor/api/demand_ods.h"
#include "corridor/api/engine.h"
#include "corridor/assign/assign.h"
#include "corridor/assign/tntp.h"
#include "corridor/critical/critical.h"

using namespace corridor;

namespace {

struct Fixture {
  std::shared_ptr<const api::Engine> engine;
  const api::Engine::ScenarioView* view = nullptr;
  std::vector<critical::Od> ods;
  std::vector<network::LinkIdx> candidates;
  route::Options ro;
  explicit Fixture(const std::string& scenario) {
    engine = api::load_engine(std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus");
    view = &engine->view(scenario);
    const std::string profile = engine->profile_or_default("");
    ods = api::demand_ods(*engine, api::demand_file_or_default(*engine, ""), profile).ods;
    ro.profile = profile;
    ro.year = view->applied.year;
    candidates = critical::select_links(view->applied.net, "", ro.year);
  }
};

const Fixture& fx() {
  static Fixture f("baseline");
  return f;
}

void check_answers() {
  const auto& f = fx();
  const auto& net = f.view->applied.net;
  const auto& router = *f.view->router;
  critical::Options one, two;
  one.threads = 1;
  two.threads = 2;
  auto a = critical::analyse(net, router, f.ro, f.ods, f.candidates, one);
  auto b = critical::analyse(net, router, f.ro, f.ods, f.candidates, two);
  auto base = critical::assign_aon(router, f.ro, f.ods);
  int bad = 0;
  for (size_t i = 0; i < f.candidates.size(); ++i) {
    const auto link = f.candidates[i];
    if (a.impacts[i].delta_cost != b.impacts[i].delta_cost ||
        a.impacts[i].unserved != b.impacts[i].unserved)
      ++bad;
    route::Options o = f.ro;
    o.banned = {link};
    auto after = critical::assign_aon(router, o, f.ods);
    double before = 0, unserved = 0;
    for (size_t k = 0; k < f.ods.size(); ++k) {
      if (!base.paths[k].routed) continue;
      if (after.paths[k].routed)
        before += f.ods[k].units_per_day * base.paths[k].cost;
      else
        unserved += f.ods[k].units_per_day;
    }
    const double delta = after.total_cost - before;
    if (std::abs(delta - a.impacts[i].delta_cost) > 1e-6 * std::max(1.0, std::abs(delta)) ||
        std::abs(unserved - a.impacts[i].unserved) > 1e-9) {
      std::fprintf(stderr, "MISMATCH %s: fast %.6f/%.6f, naive %.6f/%.6f\n",
                   net.links[link].id.c_str(), a.impacts[i].delta_cost, a.impacts[i].unserved,
                   delta, unserved);
      ++bad;
    }
  }
  if (bad) {
    std::fprintf(stderr, "critical_bench: %d wrong answers\n", bad);
    std::exit(1);
  }
  std::fprintf(stderr,
               "checked: %zu removals, %zu ODs: fast path == naive full recomputation, "
               "threads 1 == 2\n",
               f.candidates.size(), f.ods.size());
}

std::string fmt_extrapolation(double wall, double cpu, uint32_t links) {
  char buf[200];
  std::snprintf(buf, sizeof buf,
                "\n  extrapolated to all %u links (sample time x links / sample): %.0f s wall "
                "(%.1f min), %.0f s CPU",
                links, wall, wall / 60, cpu);
  return buf;
}

template <class F>
double seconds_per_call(F&& fn, int min_reps) {
  auto t0 = std::chrono::steady_clock::now();
  int n = 0;
  double s = 0;
  do {
    fn();
    ++n;
    s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  } while (n < min_reps || s < 0.5);
  return s / n;
}

void print_ratios() {
  const auto& f = fx();
  const auto& net = f.view->applied.net;
  const auto& router = *f.view->router;
  const double base = seconds_per_call(
      [&] { benchmark::DoNotOptimize(critical::assign_aon(router, f.ro, f.ods)); }, 20);
  for (int threads : {1, 2}) {
    critical::Options o;
    o.threads = threads;
    const double all = seconds_per_call(
        [&] {
          benchmark::DoNotOptimize(critical::analyse(net, router, f.ro, f.ods, f.candidates, o));
        },
        5);
    std::fprintf(stderr,
                 "all %zu single-link removals, %d thread(s): %.3f ms = %.1f x one base "
                 "assignment (%.3f ms)\n",
                 f.candidates.size(), threads, all * 1e3, all / base, base * 1e3);
  }
}

// Full-UE criticality on ChicagoSketch, cold and warm-started: checks, then time per removal as
// a multiple of one UE solve.
struct UeRun {
  critical::ProblemAnalysis a;
  double wall = 0, cpu = 0;
};

UeRun run_ue_sample(const assign::AssignProblem& problem, const std::vector<uint32_t>& cand,
                    const assign::AssignOptions& ao, int threads, bool warm) {
  UeRun r;
  const auto t0 = std::chrono::steady_clock::now();
  const double cpu0 = assign::process_cpu_seconds();
  r.a = critical::analyse_problem(problem, cand, ao, threads, warm);
  r.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.cpu = assign::process_cpu_seconds() - cpu0;
  return r;
}

// Checks one run: every re-solve reached the gap; re-running the middle removal alone on one
// thread gives the same figure (no dependence on the thread that ran it). Returns the failures;
// counts stranding removals and Braess links (TSTT lower by more than the gap allows).
int check_ue(const assign::AssignProblem& problem, const std::vector<uint32_t>& cand,
             const assign::AssignOptions& ao, bool warm, const UeRun& r, int& stranded,
             int& braess) {
  int bad = 0;
  stranded = braess = 0;
  for (const auto& im : r.a.impacts) {
    if (!im.converged) ++bad;
    if (!im.connected) ++stranded;
    if (im.delta_tstt < -2 * ao.gap * r.a.base.tstt) ++braess;
  }
  const size_t mid = cand.size() / 2;
  auto again = critical::analyse_problem(problem, {cand[mid]}, ao, 1, warm);
  if (again.impacts[0].delta_tstt != r.a.impacts[mid].delta_tstt) {
    std::fprintf(stderr, "MISMATCH ChicagoSketch (%s) link %u: %.6f vs %.6f alone\n",
                 warm ? "warm" : "cold", cand[mid], r.a.impacts[mid].delta_tstt,
                 again.impacts[0].delta_tstt);
    ++bad;
  }
  if (again.base.tstt != r.a.base.tstt) ++bad;
  return bad;
}

void report_ue(const char* what, const assign::AssignOptions& ao, int threads, uint32_t links,
               const UeRun& r, int stranded, int braess) {
  const size_t sample = r.a.impacts.size();
  double sum_s = 0, sum_cpu = 0, iters = 0;
  for (const auto& im : r.a.impacts) {
    sum_s += im.seconds;
    sum_cpu += im.cpu_seconds;
    iters += im.iterations;
  }
  const double n = static_cast<double>(sample);
  std::fprintf(
      stderr,
      "ChicagoSketch full-UE criticality, %s (Algorithm B to gap %.0e, %d threads over "
      "removals): %zu of %u links removed (%s), all converged, %d strand demand, %d lower TSTT "
      "(Braess), %.1f iterations per re-solve\n"
      "  one base UE solve: %.3f s wall, %.3f s CPU\n"
      "  per removal: %.3f s wall = %.2f x one UE solve; %.3f s CPU = %.2f x (CPU)\n"
      "  sample: %.1f s wall, %.1f s process CPU on %d threads%s\n",
      what, ao.gap, threads, sample, links,
      sample == links ? "every link" : "an evenly spaced sample", stranded, braess, iters / n,
      r.a.base_seconds, r.a.base_cpu_seconds, sum_s / n, sum_s / n / r.a.base_seconds, sum_cpu / n,
      sum_cpu / n / r.a.base_cpu_seconds, r.wall, r.cpu, threads,
      sample == links ? ""
                      : fmt_extrapolation(r.wall * links / n, r.cpu * links / n, links).c_str());
}

// Cold re-solves (link deleted) on an evenly spaced sample of 24 links (fewer if the warm sample
// is smaller); warm-started re-solves (link closed, from the base bushes) on the warm sample:
// CORRIDOR_CHICAGO_SAMPLE=N or =all (default 24). On the links both remove, the warm and cold
// delta TSTT must agree within the gap tolerance (both equilibria are within gap of the optimum).
void chicago_ue() {
  const std::string dir = std::string(CORRIDOR_SHARED_DATA) + "/tntp/ChicagoSketch";
  if (!std::filesystem::exists(dir)) {
    std::fprintf(stderr, "SKIP ChicagoSketch full-UE criticality: %s not found\n", dir.c_str());
    return;
  }
  const auto tn = assign::read_tntp_network(dir);
  assign::AssignOptions ao;
  ao.algorithm = "b";
  ao.gap = 1e-4;
  const auto problem = assign::to_problem(tn, ao);
  const uint32_t links = problem.num_links();
  size_t sample = 24;
  if (const char* e = std::getenv("CORRIDOR_CHICAGO_SAMPLE"))
    sample = std::string(e) == "all" ? links : std::max(1, std::atoi(e));
  sample = std::min<size_t>(sample, links);
  const size_t cold_sample = std::min<size_t>(sample, 24);
  auto spaced = [&](size_t k) {
    std::vector<uint32_t> c;
    for (size_t i = 0; i < k; ++i) c.push_back(static_cast<uint32_t>(i * links / k));
    return c;
  };
  const auto cold_cand = spaced(cold_sample), warm_cand = spaced(sample);
  const int threads = 2;
  int bad = 0, stranded = 0, braess = 0;
  const UeRun cold = run_ue_sample(problem, cold_cand, ao, threads, false);
  bad += check_ue(problem, cold_cand, ao, false, cold, stranded, braess);
  report_ue("cold re-solve per removal (link deleted)", ao, threads, links, cold, stranded, braess);
  const UeRun warm = run_ue_sample(problem, warm_cand, ao, threads, true);
  bad += check_ue(problem, warm_cand, ao, true, warm, stranded, braess);
  report_ue("warm-started from the base bushes (link closed)", ao, threads, links, warm, stranded,
            braess);
  // Warm vs cold on the common links.
  std::map<uint32_t, double> cold_delta;
  for (const auto& im : cold.a.impacts) cold_delta[im.link] = im.delta_tstt;
  int common = 0;
  double worst = 0;
  for (const auto& im : warm.a.impacts) {
    auto it = cold_delta.find(im.link);
    if (it == cold_delta.end()) continue;
    ++common;
    const double d = std::abs(im.delta_tstt - it->second);
    worst = std::max(worst, d);
    if (d > 4 * ao.gap * cold.a.base.tstt) {
      std::fprintf(stderr, "MISMATCH ChicagoSketch link %u: warm delta %.3f vs cold %.3f\n",
                   im.link, im.delta_tstt, it->second);
      ++bad;
    }
  }
  if (bad) {
    std::fprintf(stderr, "critical_bench: ChicagoSketch: %d failed checks\n", bad);
    std::exit(1);
  }
  auto per = [](const UeRun& r) {
    double s = 0;
    for (const auto& im : r.a.impacts) s += im.seconds;
    return s / static_cast<double>(r.a.impacts.size()) / r.a.base_seconds;
  };
  std::fprintf(stderr,
               "  warm vs cold: %.2f x vs %.2f x one UE solve per removal (%.2f x faster); on %d "
               "common links |delta TSTT warm - cold| <= %.1f (%.1e of base TSTT; allowed %.0e)\n",
               per(warm), per(cold), per(cold) / per(warm), common, worst, worst / cold.a.base.tstt,
               4 * ao.gap);
}

void BM_BaseAssignment(benchmark::State& st) {
  const auto& f = fx();
  for (auto _ : st) benchmark::DoNotOptimize(critical::assign_aon(*f.view->router, f.ro, f.ods));
}
BENCHMARK(BM_BaseAssignment)->Unit(benchmark::kMicrosecond);

void BM_AllRemovals(benchmark::State& st) {
  const auto& f = fx();
  critical::Options o;
  o.threads = static_cast<int>(st.range(0));
  for (auto _ : st)
    benchmark::DoNotOptimize(
        critical::analyse(f.view->applied.net, *f.view->router, f.ro, f.ods, f.candidates, o));
  st.counters["removals"] = static_cast<double>(f.candidates.size());
}
BENCHMARK(BM_AllRemovals)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_AllRemovalsUe(benchmark::State& st) {
  const auto& f = fx();
  critical::Options o;
  o.assignment = critical::Assignment::ue;
  o.threads = 2;
  for (auto _ : st)
    benchmark::DoNotOptimize(
        critical::analyse(f.view->applied.net, *f.view->router, f.ro, f.ods, f.candidates, o));
}
BENCHMARK(BM_AllRemovalsUe)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace

int main(int argc, char** argv) {
  check_answers();
  print_ratios();
  if (!std::getenv("CORRIDOR_SKIP_CHICAGO")) chicago_ue();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
