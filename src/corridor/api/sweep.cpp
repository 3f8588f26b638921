// api::sweep: SWEEP.toml -> run specs -> one all-or-nothing assignment per run -> CSV / JSON.
#include "corridor/api/sweep.h"

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <toml++/toml.h>

#include <cmath>
#include <filesystem>
#include <map>

#include "corridor/api/critical.h"
#include "corridor/api/demand_ods.h"
#include "corridor/api/engine.h"
#include "corridor/api/render.h"
#include "corridor/core/error.h"

namespace corridor::api {

uint64_t SplitMix64::next() {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
double SplitMix64::uniform01() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

namespace {

const std::vector<std::string> kKeys = {"scenario",     "year",   "opening_year",
                                        "border_dwell", "tariff", "demand"};

[[noreturn]] void fail(const std::string& file, const toml::source_region& where,
                       const std::string& what) {
  throw Error(Errc::invalid_input,
              fmt::format("{}:{}:{}: {}", file, where.begin.line, where.begin.column, what));
}

void check_key(const std::string& file, const std::string& key, const toml::node& n) {
  if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end())
    fail(file, n.source(),
         "unknown parameter '" + key +
             "': expected scenario, year, opening_year, border_dwell, tariff or demand");
}

// A TOML number as a double: integers converted (any int64 is in range), floats as they are.
// Callers check is_number() first.
double number(const toml::node& v) {
  if (auto i = v.value_exact<int64_t>()) return static_cast<double>(*i);
  return v.as_floating_point()->get();
}

// An integer year in [1900, 2200] (never a float: `2020.5` or `1e300` are errors at the value).
int year_of(const std::string& file, const std::string& key, const toml::node& v) {
  auto y = v.value_exact<int64_t>();
  if (!y) fail(file, v.source(), key + ": expected an integer year");
  if (*y < 1900 || *y > 2200) fail(file, v.source(), key + ": expected a year in [1900, 2200]");
  return static_cast<int>(*y);
}

// Sets one parameter from a TOML value, checking its type and range.
void set_param(const std::string& file, SweepParams& p, const std::string& key,
               const toml::node& v) {
  check_key(file, key, v);
  if (key == "scenario") {
    if (!v.is_string()) fail(file, v.source(), "scenario: expected a string");
    p.scenario = *v.value<std::string>();
    return;
  }
  if (key == "year" || key == "opening_year") {
    (key == "year" ? p.year : p.opening_year) = year_of(file, key, v);
    return;
  }
  if (!v.is_number()) fail(file, v.source(), key + ": expected a number");
  const double x = number(v);
  if (!(x >= 0 && x <= 100) || !std::isfinite(x))
    fail(file, v.source(), key + ": expected a multiplier in [0, 100]");
  (key == "border_dwell" ? p.border_dwell : key == "tariff" ? p.tariff : p.demand) = x;
}

}  // namespace

SweepSpec load_sweep(const std::string& path) {
  if (!std::filesystem::is_regular_file(path))
    throw Error(Errc::io_error, "cannot read sweep file '" + path + "': no such file");
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw Error(Errc::invalid_input, fmt::format("{}:{}:{}: {}", path, e.source().begin.line,
                                                 e.source().begin.column, e.description()));
  }
  SweepSpec s;
  s.file = path;
  std::string base_scenario;
  int kinds = 0;
  for (const auto& [k, v] : t) {
    const std::string key(k.str());
    if (key == "description" || key == "scenario" || key == "profile" || key == "demand") {
      if (!v.is_string()) fail(path, v.source(), key + ": expected a string");
      std::string val = *v.value<std::string>();
      if (key == "description") s.description = val;
      if (key == "scenario") base_scenario = val;
      if (key == "profile") s.profile = val;
      if (key == "demand")
        s.demand_file = (std::filesystem::path(path).parent_path() / val).lexically_normal();
    } else if (key == "grid" || key == "random" || key == "run") {
      ++kinds;
      s.kind = key;
    } else {
      fail(path, v.source(),
           "unknown key '" + key +
               "': expected description, scenario, profile, demand, [grid], [random] or [[run]]");
    }
  }
  if (kinds != 1)
    throw Error(Errc::invalid_input,
                path + ":1:1: expected exactly one of [grid], [random] or [[run]]");
  SweepParams defaults;
  defaults.scenario = base_scenario;
  if (s.kind == "run") {
    const auto* arr = t["run"].as_array();
    if (!arr) fail(path, t["run"].node()->source(), "run: expected [[run]] tables");
    int id = 0;
    for (const auto& n : *arr) {
      const auto* tab = n.as_table();
      if (!tab) fail(path, n.source(), "run: expected a table");
      SweepParams p = defaults;
      for (const auto& [k, v] : *tab) {
        std::string key(k.str());
        set_param(path, p, key, v);
        if (std::find(s.keys.begin(), s.keys.end(), key) == s.keys.end()) s.keys.push_back(key);
      }
      s.runs.push_back({++id, p});
    }
  } else if (s.kind == "grid") {
    const auto* tab = t["grid"].as_table();
    if (!tab) fail(path, t["grid"].node()->source(), "grid: expected a table");
    std::vector<std::pair<std::string, const toml::array*>> axes;
    for (const auto& [k, v] : *tab) {
      std::string key(k.str());
      check_key(path, key, v);
      const auto* a = v.as_array();
      if (!a || a->empty()) fail(path, v.source(), key + ": expected a non-empty array of values");
      axes.push_back({key, a});
      s.keys.push_back(key);
    }
    size_t total = 1;
    for (const auto& [k, a] : axes) {
      total *= a->size();
      if (total > 1000000) fail(path, tab->source(), "grid: more than 1,000,000 runs");
    }
    for (size_t i = 0; i < total; ++i) {
      SweepParams p = defaults;
      size_t rest = i;
      for (size_t ax = axes.size(); ax-- > 0;) {  // the last axis varies fastest
        const auto& [key, a] = axes[ax];
        set_param(path, p, key, *a->get(rest % a->size()));
        rest /= a->size();
      }
      s.runs.push_back({static_cast<int>(i + 1), p});
    }
  } else {
    const auto* tab = t["random"].as_table();
    if (!tab) fail(path, t["random"].node()->source(), "random: expected a table");
    int64_t runs = -1, seed = 0;
    std::vector<std::pair<std::string, const toml::array*>> ranges;
    for (const auto& [k, v] : *tab) {
      std::string key(k.str());
      if (key == "runs" || key == "seed") {
        auto i = v.value_exact<int64_t>();
        if (!i) fail(path, v.source(), key + ": expected an integer");
        (key == "runs" ? runs : seed) = *i;
        continue;
      }
      check_key(path, key, v);
      const auto* a = v.as_array();
      if (!a || a->empty()) fail(path, v.source(), key + ": expected [lo, hi] or a list of names");
      if (key != "scenario" &&
          (a->size() != 2 || !a->get(0)->is_number() || !a->get(1)->is_number() ||
           !(number(*a->get(0)) <= number(*a->get(1)))))
        fail(path, v.source(), key + ": expected a range [lo, hi] with lo <= hi");
      // Every bound (or name) checked here, at its own file:line:column, so a drawn value is always
      // valid: years are integers in [1900, 2200] (hi - lo + 1 cannot overflow), multipliers in
      // [0, 100].
      SweepParams probe;
      for (const auto& bound : *a) set_param(path, probe, key, bound);
      ranges.push_back({key, a});
      s.keys.push_back(key);
    }
    if (runs < 1 || runs > 1000000)
      fail(path, tab->source(), "random: expected runs = N with 1 <= N <= 1000000");
    for (int64_t i = 0; i < runs; ++i) {
      const int id = static_cast<int>(i + 1);
      // One stream per run: seeded by (seed, id) only.
      SplitMix64 rng{static_cast<uint64_t>(seed) * 0x9e3779b97f4a7c15ULL ^
                     (static_cast<uint64_t>(id) << 1)};
      rng.next();
      SweepParams p = defaults;
      for (const auto& [key, a] : ranges) {
        const double u = rng.uniform01();
        if (key == "scenario") {
          set_param(path, p, key, *a->get(static_cast<size_t>(u * a->size())));
        } else if (key == "year" || key == "opening_year") {
          // Checked above: integers in [1900, 2200], so hi - lo + 1 cannot overflow.
          const int64_t lo = *a->get(0)->value_exact<int64_t>();
          const int64_t hi = *a->get(1)->value_exact<int64_t>();
          toml::value<int64_t> y(lo + static_cast<int64_t>(u * static_cast<double>(hi - lo + 1)));
          set_param(path, p, key, y);
        } else {
          const double lo = number(*a->get(0)), hi = number(*a->get(1));
          toml::value<double> x(lo + u * (hi - lo));
          set_param(path, p, key, x);
        }
      }
      s.runs.push_back({id, p});
    }
  }
  if (s.runs.empty()) throw Error(Errc::invalid_input, path + ":1:1: the sweep has no runs");
  return s;
}

void SweepRequest::validate() const {
  if (file.empty()) throw Error(Errc::usage, "a sweep file is required (SWEEP.toml)");
  if (threads < 0 || threads > 1024) throw Error(Errc::usage, "--threads must be in [0, 1024]");
  if (shards < 1 || shard < 1 || shard > shards)
    throw Error(Errc::usage, "--shard k/N needs 1 <= k <= N");
}

void SweepRequest::set_shard(const std::string& text) {
  auto slash = text.find('/');
  try {
    size_t a = 0, b = 0;
    if (slash == std::string::npos) throw 0;
    std::string k = text.substr(0, slash), n = text.substr(slash + 1);
    shard = std::stoi(k, &a);
    shards = std::stoi(n, &b);
    if (a != k.size() || b != n.size()) throw 0;
  } catch (...) {
    throw Error(Errc::usage, "--shard expects k/N (e.g. 2/4), found '" + text + "'");
  }
  validate();
}

std::pair<size_t, size_t> shard_block(size_t runs, int shard, int shards) {
  return {runs * static_cast<size_t>(shard - 1) / static_cast<size_t>(shards),
          runs * static_cast<size_t>(shard) / static_cast<size_t>(shards)};
}

SweepRunResult sweep_run_skeleton(const Engine& e, const SweepSpec& spec, size_t index) {
  const auto& run = spec.runs.at(index);
  SweepRunResult r;
  r.id = run.id;
  r.params = run.params;
  r.params.scenario = e.scenario_or_default(run.params.scenario);
  const auto& view = e.view(r.params.scenario);
  r.params.year = run.params.year ? *run.params.year : view.applied.year;
  return r;
}

SweepRunResult run_sweep_one(const Engine& e, const SweepSpec& spec, size_t index) {
  const auto& run = spec.runs.at(index);
  SweepRunResult r = sweep_run_skeleton(e, spec, index);
  const auto& view = e.view(r.params.scenario);
  const int year = *r.params.year;
  const std::string profile = e.profile_or_default(spec.profile);
  network::Network net = view.applied.net;
  for (auto& l : net.links) {
    if (run.params.opening_year && l.open_in(view.applied.year)) {
      auto b = e.base.find_link(l.id);
      if (!b || !e.base.links[*b].open_in(view.applied.year)) {
        l.status = network::Status::planned;
        l.status_year = *run.params.opening_year;
      }
    }
    if (net.crosses_border(l) || l.type == network::LinkType::border)
      l.dwell_hours *= run.params.border_dwell;
    l.fee_usd *= run.params.tariff;
    if (l.tariff_usd_km) *l.tariff_usd_km *= run.params.tariff;
  }
  for (auto& [name, p] : net.profiles)
    for (auto& t : p.tariffs) t.usd_per_km *= run.params.tariff;
  route::Router router(net);
  DemandOds d = demand_ods(e, demand_file_or_default(e, spec.demand_file), profile);
  for (auto& od : d.ods) od.units_per_day *= run.params.demand;
  route::Options ro;
  ro.profile = profile;
  ro.year = year;
  auto base = critical::assign_aon(router, ro, d.ods);
  r.served_units = base.served;
  r.unserved_units = base.unserved;
  r.cost_usd = base.total_cost;
  return r;
}

std::vector<SweepRunResult> run_sweep_block(const Engine& e, const SweepSpec& spec, size_t first,
                                            size_t last, int threads) {
  std::vector<SweepRunResult> out(last - first);
  tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(first, last),
                      [&](const tbb::blocked_range<size_t>& r) {
                        for (size_t i = r.begin(); i < r.end(); ++i)
                          out[i - first] = run_sweep_one(e, spec, i);
                      });
  });
  return out;
}

SweepResult sweep(const Engine& e, const SweepRequest& req) {
  req.validate();
  SweepResult r;
  r.spec = load_sweep(req.file);
  auto [first, last] = shard_block(r.spec.runs.size(), req.shard, req.shards);
  r.runs = run_sweep_block(e, r.spec, first, last, req.threads);
  r.header = req.shard == 1;
  return r;
}

std::string render_sweep_csv_row(const SweepRunResult& x) {
  const double served = x.served_units;
  return fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", x.id, x.params.scenario,
                     x.params.year ? std::to_string(*x.params.year) : "",
                     x.params.opening_year ? std::to_string(*x.params.opening_year) : "",
                     round_to(x.params.border_dwell, 6), round_to(x.params.tariff, 6),
                     round_to(x.params.demand, 6), round_to(served, 4),
                     round_to(x.unserved_units, 4), round_to(x.cost_usd, 2),
                     served > 0 ? round_to(x.cost_usd / served, 4) : 0.0);
}

std::string render_sweep_csv(const SweepResult& r) {
  std::string o;
  if (r.header)
    o = "run,scenario,year,opening_year,border_dwell_factor,tariff_factor,demand_factor,"
        "served_units_per_day,unserved_units_per_day,cost_usd_per_day,cost_usd_per_unit\n";
  for (const auto& x : r.runs) o += render_sweep_csv_row(x);
  return o;
}

nlohmann::json to_json(const SweepResult& r) {
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& x : r.runs) {
    nlohmann::json j = {
        {"run", x.id},
        {"scenario", x.params.scenario},
        {"year", x.params.year ? nlohmann::json(*x.params.year) : nullptr},
        {"opening_year", x.params.opening_year ? nlohmann::json(*x.params.opening_year) : nullptr},
        {"border_dwell", round_to(x.params.border_dwell, 6)},
        {"tariff", round_to(x.params.tariff, 6)},
        {"demand", round_to(x.params.demand, 6)},
        {"served_units_per_day", round_to(x.served_units, 4)},
        {"unserved_units_per_day", round_to(x.unserved_units, 4)},
        {"cost_usd_per_day", round_to(x.cost_usd, 2)}};
    runs.push_back(std::move(j));
  }
  return {{"sweep", r.spec.file},  {"description", r.spec.description}, {"kind", r.spec.kind},
          {"varies", r.spec.keys}, {"runs_total", r.spec.runs.size()},  {"runs", runs}};
}

}  // namespace corridor::api
