// Replications of a model (in parallel, gathered in replication order, so the result does not
// depend on the thread count), their summary with 95 % confidence intervals, and the capacity
// sweep (throughput and waiting against offered load).
#pragma once
#include <cstdint>
#include <optional>

#include "corridor/sim/engine.h"
#include "corridor/sim/model.h"
#include "corridor/sim/result.h"

namespace corridor::sim {

struct SimOptions {
  std::optional<uint64_t> seed;  // default: the file's [simulation] seed
  std::optional<double> days;    // measured days per replication
  std::optional<double> warmup_days;
  std::optional<int> replications;
  int threads = 0;        // 0 = all hardware threads; results identical for any value
  bool capacity = false;  // also run the capacity sweep
  std::vector<double> capacity_loads{0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0, 1.1};
};

// Runs R replications with seeds keyed by (seed, replication). Throws corridor::Error(usage)
// for impossible options (e.g. --capacity with a timetable given as a list of times).
SimResult simulate(const Model& model, const SimOptions& options);

// Runs the replications of one configuration and returns them in replication order.
std::vector<ReplicationResult> run_replications(const Model& model, const RunSpec& base,
                                                int replications, int threads);

}  // namespace corridor::sim
