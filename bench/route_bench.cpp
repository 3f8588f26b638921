// Routing on the bundled South Caucasus network (`tripp` scenario). Every benchmark checks its
// answers before it times anything, and the program ends with ratios measured in this run.
//   build/release/bench/corridor_route_bench
//
// Checks (abort on any mismatch):
//   - Router::shortest equals the cheapest member of the Pareto set (an independent
//     multi-criteria label search) for every third node pair, and the workspace path, the
//     per-query-setup path and the convenience overload agree bit for bit on the sample pairs;
//   - alternatives: the first equals shortest() (when that visits no place twice), every route is
//     a connected walk from origin to destination whose totals add up, none visits a place twice,
//     costs ascend and no two share a border set;
//   - Pareto: non-empty exactly when a route exists, cheapest member equals shortest(), no member
//     dominates another;
//   - the API request's JSON totals equal the router's for the same places.
// Allocations are counted (global operator new is replaced in this program): repeated queries on
// one Workspace must allocate nothing, and the benchmark fails if they do.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <new>
#include <random>
#include <set>

#include "corridor/api/api.h"
#include "corridor/api/engine.h"
#include "corridor/io/dataset.h"
#include "corridor/route/router.h"
#include "corridor/scenario/scenario.h"

// ---- allocation counting ------------------------------------------------------------------------
namespace {
// Per thread (the timed loops run on the main thread), so counting costs no atomic operation.
thread_local uint64_t g_allocations = 0;
void* counted_alloc(std::size_t n, std::size_t align = 0) {
  ++g_allocations;
  if (n == 0) n = 1;
  void* p = align > alignof(std::max_align_t)
                ? std::aligned_alloc(align, (n + align - 1) / align * align)
                : std::malloc(n);
  if (!p) throw std::bad_alloc();
  return p;
}
}  // namespace
void* operator new(std::size_t n) { return counted_alloc(n); }
void* operator new[](std::size_t n) { return counted_alloc(n); }
void* operator new(std::size_t n, std::align_val_t a) {
  return counted_alloc(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a) {
  return counted_alloc(n, static_cast<std::size_t>(a));
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

using namespace corridor;
using network::NodeIdx;

namespace {

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "route_bench: CHECK FAILED: %s\n", what.c_str());
  std::abort();
}

struct Fixture {
  network::Network net;
  std::vector<std::pair<NodeIdx, NodeIdx>> pairs;
  Fixture() {
    std::string dir = std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus";
    auto base = io::load_dataset(dir);
    auto set = scenario::load_scenarios(dir + "/scenarios", base);
    net = scenario::apply(base, set, "tripp").net;
    std::mt19937 rng(7);
    for (int i = 0; i < 1000; ++i)
      pairs.push_back({NodeIdx(rng() % net.nodes.size()), NodeIdx(rng() % net.nodes.size())});
  }
  std::string name(std::pair<NodeIdx, NodeIdx> p) const {
    return net.nodes[p.first].id + " -> " + net.nodes[p.second].id;
  }
};

const Fixture& fx() {
  static Fixture f;
  return f;
}

bool same(const route::Path& a, const route::Path& b) {
  if (a.cost != b.cost || a.hours != b.hours || a.usd != b.usd || a.km != b.km ||
      a.borders != b.borders || a.countries != b.countries || a.steps.size() != b.steps.size())
    return false;
  for (size_t i = 0; i < a.steps.size(); ++i)
    if (a.steps[i].kind != b.steps[i].kind || a.steps[i].link != b.steps[i].link ||
        a.steps[i].to != b.steps[i].to)
      return false;
  return true;
}

// A walk from `from` to `to` whose steps join up, whose links join the places they say, and whose
// totals are the sums of its steps.
void check_walk(const route::Path& p, NodeIdx from, NodeIdx to, const network::Profile& prof,
                const std::string& what) {
  const auto& net = fx().net;
  NodeIdx at = from;
  double km = 0, hours = 0, usd = 0;
  int borders = 0;
  for (const auto& s : p.steps) {
    if (s.from != at) fail(what + ": steps do not join up");
    if (s.kind == route::StepKind::link) {
      const auto& l = net.links[s.link];
      bool fwd = l.from == s.from && l.to == s.to,
           back = !l.directed && l.to == s.from && l.from == s.to;
      if (!fwd && !back) fail(what + ": link step does not match its link");
      if (std::abs(s.km - l.length_km) > 1e-9 || std::abs(s.hours - l.hours()) > 1e-9)
        fail(what + ": link step length or time differs from the link's");
    } else if (s.from != s.to) {
      fail(what + ": transfer moves");
    }
    at = s.to;
    km += s.km, hours += s.hours, usd += s.usd, borders += s.border ? 1 : 0;
  }
  if (at != to) fail(what + ": does not end at the destination");
  if (std::abs(km - p.km) > 1e-6 || std::abs(hours - p.hours) > 1e-6 ||
      std::abs(usd - p.usd) > 1e-6 || borders != p.borders ||
      std::abs(p.cost - (p.usd + prof.value_of_time * p.hours)) > 1e-6)
    fail(what + ": totals are not the sums of the steps");
}

void check_shortest() {
  static bool done = false;
  if (done) return;
  const auto& f = fx();
  route::Router r(f.net);
  route::Options o;
  o.profile = "teu";
  int checked = 0;
  for (NodeIdx s : f.net.nodes.ids())
    for (NodeIdx t(0); t.v < f.net.nodes.size(); t.v += 3) {
      if (s == t) continue;
      auto p = r.shortest(s, t, o);
      auto set = r.pareto(s, t, o);
      if (p.has_value() != !set.empty() || (p && std::abs(p->cost - set.front().cost) > 1e-6))
        fail("shortest != Pareto minimum for " + f.name({s, t}));
      if (p) check_walk(*p, s, t, r.profile(o.profile), "shortest " + f.name({s, t}));
      ++checked;
    }
  // The three ways of asking agree bit for bit.
  route::Workspace ws(r);
  route::Path wp;
  for (auto pr : f.pairs) {
    auto w = r.weights(o);
    bool found = r.shortest(ws, *w, pr.first, pr.second, o, wp);
    route::Workspace fresh(r);
    route::Path fp;
    bool found2 = r.shortest(fresh, r.compute_weights(o), pr.first, pr.second, o, fp);
    auto conv = r.shortest(pr.first, pr.second, o);
    if (found != found2 || found != conv.has_value() ||
        (found && (!same(wp, fp) || !same(wp, *conv))))
      fail("workspace, per-query and convenience paths differ for " + f.name(pr));
  }
  std::fprintf(stderr,
               "route_bench: %d shortest routes equal the Pareto minimum; workspace, per-query and "
               "convenience paths agree on %zu pairs\n",
               checked, f.pairs.size());
  done = true;
}

void BM_RouterBuild(benchmark::State& st) {
  check_shortest();
  for (auto _ : st) {
    route::Router r(fx().net);
    benchmark::DoNotOptimize(r.num_arcs());
  }
}
BENCHMARK(BM_RouterBuild)->Unit(benchmark::kMicrosecond);

// What every query did before workspaces and the weight cache: fresh search state and arc weights
// per query (kept callable so the ratio below is measured in the same run).
void BM_ShortestPerQuerySetup(benchmark::State& st) {
  check_shortest();
  route::Router r(fx().net);
  route::Options o;
  o.profile = "teu";
  size_t i = 0;
  const uint64_t a0 = g_allocations;
  for (auto _ : st) {
    auto [s, t] = fx().pairs[i++ % fx().pairs.size()];
    route::Workspace ws(r);
    const route::Weights w = r.compute_weights(o);
    route::Path p;
    benchmark::DoNotOptimize(r.shortest(ws, w, s, t, o, p));
    benchmark::DoNotOptimize(p.cost);
  }
  st.counters["allocs/query"] =
      static_cast<double>(g_allocations - a0) / static_cast<double>(st.iterations());
  st.counters["states"] = r.num_states();
  st.counters["arcs"] = r.num_arcs();
}
BENCHMARK(BM_ShortestPerQuerySetup)->Unit(benchmark::kMicrosecond);

// The same queries on one Workspace and one output Path, weights looked up in the cache per query.
void BM_ShortestWorkspace(benchmark::State& st) {
  check_shortest();
  route::Router r(fx().net);
  route::Options o;
  o.profile = "teu";
  route::Workspace ws(r);
  route::Path p;
  // Warm-up: the workspace and the output path grow to their largest size once.
  for (auto [s, t] : fx().pairs) r.shortest(ws, *r.weights(o), s, t, o, p);
  size_t i = 0;
  uint64_t settled = 0;
  const uint64_t a0 = g_allocations;
  for (auto _ : st) {
    auto [s, t] = fx().pairs[i++ % fx().pairs.size()];
    auto w = r.weights(o);
    benchmark::DoNotOptimize(r.shortest(ws, *w, s, t, o, p));
    benchmark::DoNotOptimize(p.cost);
    settled += ws.settled();
  }
  const uint64_t allocs = g_allocations - a0;
  st.counters["settled/query"] =
      static_cast<double>(settled) / static_cast<double>(st.iterations());
  st.counters["allocs"] = static_cast<double>(allocs);
  if (allocs != 0) {
    std::fprintf(stderr, "route_bench: %llu allocations in %lld workspace queries (must be 0)\n",
                 static_cast<unsigned long long>(allocs), static_cast<long long>(st.iterations()));
    st.SkipWithError("repeated workspace queries allocated");
  }
}
BENCHMARK(BM_ShortestWorkspace)->Unit(benchmark::kMicrosecond);

// The convenience overload (per-thread workspace, cached weights, a new Path returned).
void BM_ShortestConvenience(benchmark::State& st) {
  check_shortest();
  route::Router r(fx().net);
  route::Options o;
  o.profile = "teu";
  size_t i = 0;
  const uint64_t a0 = g_allocations;
  for (auto _ : st) {
    auto [s, t] = fx().pairs[i++ % fx().pairs.size()];
    benchmark::DoNotOptimize(r.shortest(s, t, o));
  }
  st.counters["allocs/query"] =
      static_cast<double>(g_allocations - a0) / static_cast<double>(st.iterations());
}
BENCHMARK(BM_ShortestConvenience)->Unit(benchmark::kMicrosecond);

void check_alternatives(const route::Router& r, int k) {
  static std::set<int> done;
  if (!done.insert(k).second) return;
  const auto& f = fx();
  route::Options o;
  o.profile = "teu";
  const auto& prof = r.profile(o.profile);
  size_t routes = 0, rejected_first = 0;
  for (auto pr : f.pairs) {
    auto [s, t] = pr;
    const std::string what = "alternatives " + f.name(pr);
    auto alts = r.alternatives(s, t, o, k);
    auto best = r.shortest(s, t, o);
    if (static_cast<int>(alts.size()) > k) fail(what + ": more than k routes");
    if (!best) {
      if (!alts.empty()) fail(what + ": routes where shortest() finds none");
      continue;
    }
    if (route::visits_a_place_twice(*best)) {
      ++rejected_first;
    } else if (alts.empty() || !same(alts.front(), *best)) {
      fail(what + ": the first is not shortest()");
    }
    std::set<std::vector<network::LinkIdx>> sigs;
    for (size_t i = 0; i < alts.size(); ++i) {
      check_walk(alts[i], s, t, prof, what);
      if (route::visits_a_place_twice(alts[i])) fail(what + ": visits a place twice");
      if (alts[i].cost < best->cost - 1e-9) fail(what + ": cheaper than shortest()");
      if (i > 0 && alts[i].cost < alts[i - 1].cost - 1e-9) fail(what + ": costs not ascending");
      std::vector<network::LinkIdx> sig;
      for (const auto& st : alts[i].steps)
        if (st.border) sig.push_back(st.link);
      std::sort(sig.begin(), sig.end());
      if (!sigs.insert(sig).second) fail(what + ": two routes with one border set");
    }
    routes += alts.size();
  }
  std::fprintf(stderr,
               "route_bench: %zu alternatives (k=%d) over %zu pairs checked (%zu pairs whose "
               "cheapest route visits a place twice)\n",
               routes, k, f.pairs.size(), rejected_first);
}

void BM_Alternatives3(benchmark::State& st) {
  route::Router r(fx().net);
  check_alternatives(r, 3);
  route::Options o;
  o.profile = "teu";
  route::Workspace ws(r);
  size_t i = 0;
  for (auto _ : st) {
    auto [s, t] = fx().pairs[i++ % fx().pairs.size()];
    benchmark::DoNotOptimize(r.alternatives(ws, s, t, o, 3));
  }
}
BENCHMARK(BM_Alternatives3)->Unit(benchmark::kMicrosecond);

void check_pareto(const route::Router& r) {
  static bool done = false;
  if (done) return;
  const auto& f = fx();
  route::Options o;
  o.profile = "teu";
  const auto& prof = r.profile(o.profile);
  size_t members = 0;
  for (auto pr : f.pairs) {
    auto [s, t] = pr;
    const std::string what = "pareto " + f.name(pr);
    auto set = r.pareto(s, t, o);
    auto best = r.shortest(s, t, o);
    if (set.empty() != !best) fail(what + ": empty set iff no route");
    if (!best) continue;
    if (std::abs(set.front().cost - best->cost) > 1e-6) fail(what + ": cheapest != shortest()");
    for (size_t i = 0; i < set.size(); ++i) {
      check_walk(set[i], s, t, prof, what);
      if (i > 0 && set[i].cost < set[i - 1].cost - 1e-9) fail(what + ": not sorted by cost");
      for (size_t j = 0; j < set.size(); ++j)
        if (i != j && set[j].hours <= set[i].hours + 1e-9 && set[j].usd <= set[i].usd + 1e-9 &&
            set[j].borders <= set[i].borders)
          fail(what + ": a member dominates another");
    }
    members += set.size();
  }
  std::fprintf(stderr, "route_bench: %zu Pareto members over %zu pairs checked\n", members,
               f.pairs.size());
  done = true;
}

void BM_Pareto(benchmark::State& st) {
  route::Router r(fx().net);
  check_pareto(r);
  route::Options o;
  o.profile = "teu";
  size_t i = 0;
  for (auto _ : st) {
    auto [s, t] = fx().pairs[i++ % fx().pairs.size()];
    benchmark::DoNotOptimize(r.pareto(s, t, o));
  }
}
BENCHMARK(BM_Pareto)->Unit(benchmark::kMicrosecond);

// The totals of an API route answer, whichever form api::route returns (JSON, or the typed
// RouteResult of issue 9 part A).
struct Totals {
  double km, hours, usd, cost;
  int borders;
};
template <class R>
Totals api_totals(const R& r) {
  if constexpr (requires { r.best().total; }) {
    const auto& t = r.best().total;
    return {t.km, t.hours, t.usd, t.cost, t.borders};
  } else {
    const auto& t = r.at("total");
    return {t.at("km").template get<double>(), t.at("hours").template get<double>(),
            t.at("usd").template get<double>(), t.at("cost").template get<double>(),
            t.at("borders").template get<int>()};
  }
}

// The API's totals for Baku -> Naxçıvan under tripp equal the router's for the same places
// (within the JSON's rounding: 0.01 for hours and money, 0.1 for km).
void check_api_route() {
  static bool done = false;
  if (done) return;
  auto engine = api::load_engine(std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus");
  api::RouteRequest req;
  req.from = "Baku";
  req.to = "Naxçıvan";
  req.scenario = "tripp";
  const auto& v = engine->view(req.scenario);
  route::Options o;
  o.profile = "teu";
  o.profile = req.profile;
  o.year = v.applied.year;
  auto p = v.router->shortest(engine->resolve(req.from), engine->resolve(req.to), o);
  if (!p) fail("api: no Baku -> Naxçıvan route under tripp");
  const Totals t = api_totals(api::route(*engine, req));
  auto near = [](double a, double b, double tol) { return std::abs(a - b) <= tol; };
  if (!near(t.cost, p->cost, 0.006) || !near(t.hours, p->hours, 0.006) ||
      !near(t.usd, p->usd, 0.006) || !near(t.km, p->km, 0.06) || t.borders != p->borders)
    fail("api totals differ from the router's for Baku -> Naxçıvan");
  std::fprintf(stderr, "route_bench: API totals for Baku -> Naxçıvan equal the router's\n");
  done = true;
}

// The whole request as the CLI and the server run it: place lookup, routing, JSON.
void BM_ApiRouteBakuNakhchivan(benchmark::State& st) {
  check_api_route();

  static auto engine = api::load_engine(std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus");
  api::RouteRequest req;
  req.from = "Baku";
  req.to = "Naxçıvan";
  req.scenario = "tripp";
  for (auto _ : st) benchmark::DoNotOptimize(api::route(*engine, req).best().legs.size());
}
BENCHMARK(BM_ApiRouteBakuNakhchivan)->Unit(benchmark::kMicrosecond);

// Prints the console table and remembers each benchmark's CPU time (the median when repeated).
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  RatioReporter() : ConsoleReporter(isatty(fileno(stdout)) ? OO_Defaults : OO_Tabular) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& run : runs) {
      if (run.error_occurred) continue;
      const std::string name = run.run_name.function_name;
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name == "median")
        median_[name] = run.GetAdjustedCPUTime();
      else if (run.run_type == Run::RT_Iteration)
        single_[name] = run.GetAdjustedCPUTime();
    }
    ConsoleReporter::ReportRuns(runs);
  }
  void ratio(const std::string& slow, const std::string& fast, const char* what) const {
    auto get = [&](const std::string& n) -> double {
      if (auto it = median_.find(n); it != median_.end()) return it->second;
      if (auto it = single_.find(n); it != single_.end()) return it->second;
      return -1;
    };
    double a = get(slow), b = get(fast);
    if (a > 0 && b > 0)
      std::printf("ratio %s: %s / %s = %.2fx (CPU time, this run)\n", what, slow.c_str(),
                  fast.c_str(), a / b);
  }

 private:
  std::map<std::string, double> median_, single_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.ratio("BM_ShortestPerQuerySetup", "BM_ShortestWorkspace",
                 "per-query setup vs reused workspace");
  reporter.ratio("BM_ShortestPerQuerySetup", "BM_ShortestConvenience",
                 "per-query setup vs convenience overload");
  benchmark::Shutdown();
  return 0;
}
