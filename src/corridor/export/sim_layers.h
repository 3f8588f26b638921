// A simulation's results (sim::SimResult) as GeoPackage layers, placed on the dataset's network.
//
// Layers (units in the field names; estimates are the mean over replications with `_ci95`, the
// half-width of its 95 % confidence interval):
// - `sim_resources` (Point): one feature per simulated element (border post, single track, gauge
//   yard, ferry) at the mean of its dataset nodes (else of its links' end nodes): kind,
//   utilisation_share, mean_queue_units, wait_{ab,ba}_{mean,p50,p95}_min, deadlocks, queue
//   bucket, the dataset ids (JSON).
// - `sim_links` (LineString): one feature per (element, dataset link), the link's geometry with
//   its element's figures: the sections and border crossings as lines.
// - `sim_flows` (MultiLineString): one feature per flow along the links of the elements on its
//   route: direction, unit, offered and throughput per day, waits and time in system in
//   minutes, its route (element ids, JSON); empty geometry when the route names no link.
// - `sim_directions` (attributes): one row per direction: offered and throughput per day.
// - `sim_capacity` (attributes, only with the capacity sweep): one row per load and direction.
// Without a network (nullptr) or for ids it does not hold, geometries are empty.
#pragma once
#include <vector>

#include "corridor/export/gpkg.h"
#include "corridor/network/network.h"
#include "corridor/sim/model.h"
#include "corridor/sim/result.h"

namespace corridor::exporter {

std::vector<GeoLayer> simulate_layers(const sim::Model& model, const sim::SimResult& r,
                                      const network::Network* net);

}  // namespace corridor::exporter
