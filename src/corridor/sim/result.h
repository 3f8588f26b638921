// Typed results of a simulation run: per-replication raw figures (engine) and their summary over
// replications with 95 % confidence intervals (simulate()). Renderers (render.h) only read these.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace corridor::sim {

// Mean over replications and the half-width of its 95 % t-interval (0 with one replication).
struct Estimate {
  double mean = 0, half_width = 0;
};
Estimate estimate(const std::vector<double>& per_replication);
double t_quantile_975(int df);                          // Student t 0.975 quantile
double quantile(std::vector<double> values, double p);  // linear interpolation (type 7)

// Summary of one replication's samples (minutes); the samples themselves are dropped once a
// replication ends, so memory does not grow with replications.
struct Summary {
  double n = 0, mean = 0, p50 = 0, p95 = 0;
};
Summary summarise(std::vector<double>& samples);  // sorts and clears `samples`

// One replication, measured after the warm-up.
struct FlowRaw {
  double completed = 0;        // units that left the last element within the measured window
  std::vector<double> waits;   // minutes waited, per unit that arrived after the warm-up
  std::vector<double> system;  // minutes from arrival to exit, same units
  Summary wait_summary, system_summary;  // filled (and the vectors emptied) at the end
};
struct ResourceRaw {
  double utilisation = 0;        // busy server time / (servers x measured time); ferry: load factor
  std::vector<double> waits[2];  // minutes, per unit and direction
  Summary wait_summary[2];       // filled (and the vectors emptied) at the end
  double mean_queue = 0;         // time-average units waiting
  std::vector<double> queue_series;  // time-average units waiting per bucket
  uint64_t deadlocks = 0;            // single track: states with trains waiting and none moving
  uint64_t events = 0;
};
struct ReplicationResult {
  std::vector<FlowRaw> flows;
  std::vector<ResourceRaw> resources;
  uint64_t events = 0;
};

struct FlowResult {
  std::string id, direction, unit;
  double offered_per_day = 0;
  Estimate per_day, wait_mean, wait_p50, wait_p95, system_mean;  // waits in minutes
};
struct DirectionResult {
  std::string direction, unit;
  double offered_per_day = 0;
  Estimate per_day;
};
struct ResourceResult {
  std::string id, kind, name;
  std::vector<std::string> nodes, links;
  std::string utilisation_basis;  // what utilisation means for this kind
  Estimate utilisation, mean_queue;
  bool used[2] = {false, false};
  Estimate wait_mean[2], wait_p50[2], wait_p95[2];
  std::vector<double> queue_series;  // mean over replications per bucket
  uint64_t deadlocks = 0;            // summed over replications
};
struct CapacityPoint {
  double load = 0;  // fraction of the capacity
  double offered_per_day[2] = {0, 0};
  Estimate per_day[2], wait_mean[2];
  bool over_limit = false;
};
struct CapacityResult {
  double wait_limit = 0;                        // minutes
  double capacity_offered_per_day[2] = {0, 0};  // the largest demand carried (file's mix)
  Estimate capacity_per_day[2];  // throughput at the largest demand carried (file's mix)
  std::vector<CapacityPoint> points;
  double highest_load_within_limit = 0;  // largest load with both directions within the limit
};
struct SimResult {
  std::string model, file;
  uint64_t seed = 0;
  int replications = 0;
  double days = 0, warmup_days = 0, bucket_minutes = 0;
  uint64_t events = 0;  // summed over replications
  std::vector<FlowResult> flows;
  std::vector<DirectionResult> directions;
  std::vector<ResourceResult> resources;
  std::optional<CapacityResult> capacity;
};

}  // namespace corridor::sim
