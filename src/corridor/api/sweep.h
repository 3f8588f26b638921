// Scenario sweeps: a list, a grid or a seeded random sample of scenario parameters, each run an
// all-or-nothing assignment of the dataset's demand (as `corridor critical --assign aon` loads
// it), gathered in run-id order (docs/criticality.md).
//
// SWEEP.toml:
//   description = "..."            (optional)
//   scenario = "NAME"              default scenario of every run ("" = dataset default)
//   profile = "PROFILE"            (optional; "" = the dataset's default profile)
//   demand = "FILE.csv"            (optional; relative to the sweep file)
//   [grid]   key = [values...]     cartesian product; the first key varies slowest
//   [random] runs = N, seed = S, key = [lo, hi] (uniform; integers for year keys) or
//            key = ["a", "b"] (one of, for scenario)
//   [[run]]  key = value           an explicit list
// Exactly one of grid, random, run. Keys: scenario, year (evaluation year), opening_year (links
// the scenario opens open in this year instead), border_dwell (x dwell hours of border crossings),
// tariff (x per-km tariffs and link fees), demand (x every OD volume).
// Random draws use the project's own SplitMix64 generator seeded by (seed, run id), so run i is
// the same whatever the thread, shard or rank that computes it.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "corridor/api/api.h"

namespace corridor::api {

struct SweepParams {
  std::string scenario;
  std::optional<int> year, opening_year;
  double border_dwell = 1, tariff = 1, demand = 1;
};
struct SweepRunSpec {
  int id = 0;  // 1-based, the order of the sweep file
  SweepParams params;
};
struct SweepSpec {
  std::string file, description, kind, profile, demand_file;
  std::vector<std::string> keys;  // the parameters the sweep varies, in file order
  std::vector<SweepRunSpec> runs;
};
// Throws Error(invalid_input) with file:line:column for bad TOML or bad values.
SweepSpec load_sweep(const std::string& path);

struct SweepRunResult {
  int id = 0;
  SweepParams params;  // resolved: scenario and year filled in
  double served_units = 0, unserved_units = 0, cost_usd = 0;  // per day
};

struct SweepRequest {
  std::string file;           // SWEEP.toml (required)
  int threads = 0;            // 0 = all cores
  int shard = 1, shards = 1;  // run block shard of shards (1-based)
  void validate() const;
  // "k/N" -> shard, shards (usage error otherwise).
  void set_shard(const std::string& text);
};

struct SweepResult {
  SweepSpec spec;
  std::vector<SweepRunResult> runs;  // in id order (this shard's block)
  bool header = true;                // CSV header: only the first shard prints one
};

// The runs [first, last) of a spec (in id order), computed with TBB.
std::vector<SweepRunResult> run_sweep_block(const Engine& engine, const SweepSpec& spec,
                                            size_t first, size_t last, int threads);
// One run (what an MPI rank computes).
SweepRunResult run_sweep_one(const Engine& engine, const SweepSpec& spec, size_t index);
// The block of runs of shard k of N: [floor((k-1) R / N), floor(k R / N)).
std::pair<size_t, size_t> shard_block(size_t runs, int shard, int shards);
SweepResult sweep(const Engine& engine, const SweepRequest& req);
// Run i with its parameters resolved (scenario, year) and no figures: what a gathering rank fills
// in from the figures another rank computed.
SweepRunResult sweep_run_skeleton(const Engine& engine, const SweepSpec& spec, size_t index);

// run,scenario,year,opening_year,border_dwell_factor,tariff_factor,demand_factor,
// served_units_per_day,unserved_units_per_day,cost_usd_per_day,cost_usd_per_unit
std::string render_sweep_csv(const SweepResult& r);
std::string render_sweep_csv_row(const SweepRunResult& r);
nlohmann::json to_json(const SweepResult& r);

// SplitMix64 (Steele, Lea, Flood 2014): the sweep's own generator (no std:: distributions, so
// draws are the same on every standard library).
struct SplitMix64 {
  uint64_t state;
  uint64_t next();
  double uniform01();  // [0, 1), 53 bits
};

}  // namespace corridor::api
