// The event kernel and the elements (single track, border post, gauge-change yard, ferry):
// one replication of a Model. Events are ordered by (time, sequence number); times are integer
// milliseconds; every random stream is keyed by (seed, replication, element id, purpose).
#pragma once
#include <cstdint>
#include <vector>

#include "corridor/sim/model.h"
#include "corridor/sim/result.h"

namespace corridor::sim {

struct RunSpec {
  uint64_t seed = 1;
  int replication = 0;
  double days = 365, warmup_days = 7;
  double bucket_minutes = 60;      // queue-length series resolution
  std::vector<double> flow_scale;  // per flow arrival-rate multiplier; empty = all 1
};

ReplicationResult run_replication(const Model& model, const RunSpec& spec);

}  // namespace corridor::sim
