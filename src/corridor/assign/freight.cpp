#include "corridor/assign/freight.h"

#include <cmath>
#include <limits>
#include <map>

#include "corridor/route/dijkstra.h"
#include "corridor/route/graph.h"

namespace corridor::assign {

FreightResult assign_freight(const network::Network& net, const route::Router& router,
                             const route::Options& ro, const std::vector<FreightOd>& ods,
                             const AssignOptions& options, const FreightOptions& fo,
                             Reporter& reporter) {
  const auto& profile = router.profile(ro.profile);
  const double vot = profile.value_of_time;
  route::Router::Export g = router.export_graph(ro);
  const uint32_t num_states = static_cast<uint32_t>(g.state_node.size());

  // Zones: network nodes with demand, numbered first (0..Z-1), then the states (Z..).
  std::map<network::NodeIdx, uint32_t> zone_of;
  for (const auto& od : ods) {
    zone_of.emplace(od.origin, 0);
    zone_of.emplace(od.destination, 0);
  }
  uint32_t z = 0;
  for (auto& [node, id] : zone_of) id = z++;
  const uint32_t Z = z;

  // Vertices: zones 0..Z-1, then two per state: IN (arrived by a link, or start) at Z + 2s and
  // OUT (about to leave by a link) at Z + 2s + 1. IN -> OUT is free; transfers and gauge changes
  // go IN(a) -> OUT(b), so they never chain at a node (as in route::Router).
  const auto in_of = [&](uint32_t s) { return Z + 2 * s; };
  const auto out_of = [&](uint32_t s) { return Z + 2 * s + 1; };
  AssignProblem p;
  p.num_nodes = Z + 2 * num_states;
  p.first_thru_node = Z;
  std::vector<uint32_t> arc_of_link;  // problem link -> router arc (kInvalid: connector)
  // Share groups (see below): 2 l (+1 backward) for the arcs of network link l, 2 L + the
  // problem link for every other problem link.
  const uint32_t L = static_cast<uint32_t>(net.links.size());
  auto direction_of = [&](uint32_t a) {
    return 2 * g.link[a].v + (g.state_node[g.tail[a]] == net.links[g.link[a]].from ? 0 : 1);
  };
  auto add = [&](uint32_t t, uint32_t h, double fft, double cap, double b, double pw, double lin,
                 uint32_t arc, const sim::QueueDelay* q = nullptr) {
    p.queue.push_back(q ? *q : sim::QueueDelay{});
    p.queue_scale.push_back(q ? vot : 0);
    p.tail.push_back(t);
    p.head.push_back(h);
    p.free_flow_time.push_back(fft);
    p.capacity.push_back(cap);
    p.b.push_back(b);
    p.power.push_back(pw);
    p.linear_cost.push_back(lin);
    arc_of_link.push_back(arc);
    p.share_group.push_back(arc != route::kInvalid && g.link[arc].valid()
                                ? direction_of(arc)
                                : 2 * L + static_cast<uint32_t>(p.tail.size()) - 1);
  };
  for (uint32_t s = 0; s < num_states; ++s) {
    add(in_of(s), out_of(s), 0, 1, 0, 0, 0, route::kInvalid);
    auto it = zone_of.find(g.state_node[s]);
    if (it == zone_of.end()) continue;
    add(it->second, out_of(s), 0, 1, 0, 0, 0, route::kInvalid);
    add(in_of(s), it->second, 0, 1, 0, 0, 0, route::kInvalid);
  }
  // A dual-gauge link has one arc per gauge in each direction. As in demand::solve_ue (forecast
  // --equilibrium ue), they share the link's one capacity: every arc of a physical link direction
  // is in one share group, so its congested time follows the direction's total load over the
  // gauges. Every other problem link is alone in its group.
  for (uint32_t a = 0; a < g.tail.size(); ++a) {
    if (!std::isfinite(g.cost[a])) continue;
    double cap = 1, b = 0, pw = 0;
    bool queue = false;
    sim::QueueDelay qd;
    if (g.link[a].valid()) {
      const auto& l = net.links[g.link[a]];
      if (l.capacity_tpd && *l.capacity_tpd > 0) {
        cap = *l.capacity_tpd / profile.tonnes_per_unit;
        b = g.border[a] ? fo.border_b : fo.line_b;
        pw = g.border[a] ? fo.border_power : fo.line_power;
        if (fo.queue_delay && (g.border[a] || l.mode == network::Mode::ferry)) {
          // One customer = one vehicle; service hours = its size / capacity per hour.
          const double tonnes = l.mode == network::Mode::ferry  ? fo.vessel_tonnes
                                : l.mode == network::Mode::rail ? fo.train_tonnes
                                                                : fo.truck_tonnes;
          const double cap_tph = *l.capacity_tpd / 24;
          qd = {1, tonnes / cap_tph, fo.queue_ca2, fo.queue_cs2, fo.queue_period_hours};
          queue = true;
          b = pw = 0;
        }
      }
    }
    // Links leave from OUT and arrive at IN; transfers and gauge changes go IN -> OUT.
    const bool link = g.kind[a] == route::StepKind::link;
    add(link ? out_of(g.tail[a]) : in_of(g.tail[a]), in_of(g.head[a]) + (link ? 0 : 1),
        vot * g.hours[a], cap, b, pw, g.usd[a], a, queue ? &qd : nullptr);
  }

  // Reachability on free-flow costs: unreachable OD pairs are reported, not assigned.
  std::vector<uint32_t> input_of;
  route::Graph graph = route::build_graph(p.num_nodes, p.tail, p.head, &input_of);
  // Arc weights from per-link costs, with every zone's out-arcs switched off: a search switches
  // its own origin's back on, so paths never pass through another zone (a zone's connectors
  // would otherwise be a free mode transfer at that node).
  auto weights_for = [&](const std::vector<double>& link_cost) {
    std::vector<double> w(graph.num_arcs());
    for (uint32_t a = 0; a < graph.num_arcs(); ++a) w[a] = link_cost[input_of[a]];
    for (uint32_t zz = 0; zz < Z; ++zz)
      for (uint32_t a = graph.begin(zz); a < graph.end(zz); ++a)
        w[a] = route::Dijkstra<double>::kInf;
    return w;
  };
  FreightResult r;
  r.flow_ab.assign(net.links.size(), 0);
  r.flow_ba.assign(net.links.size(), 0);
  r.delay_hours.assign(net.links.size(), 0);
  std::vector<double> free_cost(p.num_links());
  for (uint32_t l = 0; l < p.num_links(); ++l)
    free_cost[l] = p.free_flow_time[l] + p.linear_cost[l];
  route::Dijkstra<double> dij(p.num_nodes);
  auto shortest = [&](uint32_t o, uint32_t d, std::vector<double>& w,
                      const std::vector<double>& link_cost) {
    for (uint32_t a = graph.begin(o); a < graph.end(o); ++a) w[a] = link_cost[input_of[a]];
    dij.reset();
    dij.add_source(o);
    dij.run(graph, w.data(), d);
    for (uint32_t a = graph.begin(o); a < graph.end(o); ++a) w[a] = route::Dijkstra<double>::kInf;
    return dij.reached(d);
  };
  std::vector<double> w0 = weights_for(free_cost);
  std::vector<OdDemand> demand;
  for (const auto& od : ods) {
    if (od.origin == od.destination || od.units_per_day <= 0) continue;
    uint32_t o = zone_of[od.origin], d = zone_of[od.destination];
    if (!shortest(o, d, w0, free_cost)) {
      r.unrouted[od.corridor] += od.units_per_day;
      continue;
    }
    demand.push_back({o, d, od.units_per_day});
    r.corridor_demand[od.corridor] += od.units_per_day;
  }
  p.demand = demand;
  if (p.demand.empty()) {
    r.summary.algorithm = options.algorithm;
    r.summary.converged = true;
    r.summary.stop_reason = "no demand";
    return r;
  }
  AssignResult res = assign(p, options, reporter);
  r.summary = res.summary;

  for (uint32_t l = 0; l < p.num_links(); ++l) {
    uint32_t a = arc_of_link[l];
    if (a == route::kInvalid || !g.link[a].valid()) continue;
    (direction_of(a) % 2 == 0 ? r.flow_ab : r.flow_ba)[g.link[a]] += res.flow[l];
  }
  // Congested hours at the direction's load (the total over its gauges' arcs).
  for (uint32_t l = 0; l < p.num_links(); ++l) {
    uint32_t a = arc_of_link[l];
    if (a == route::kInvalid || !g.link[a].valid()) continue;
    const double x = (direction_of(a) % 2 == 0 ? r.flow_ab : r.flow_ba)[g.link[a]];
    double congested = p.queue_scale[l] > 0 ? sim::queue_delay(p.queue[l], x / p.capacity[l])
                       : p.b[l] > 0 && p.power[l] > 0
                           ? g.hours[a] * p.b[l] * std::pow(x / p.capacity[l], p.power[l])
                           : 0;
    r.delay_hours[g.link[a]] = std::max(r.delay_hours[g.link[a]], congested);
  }
  // Corridor attribution: all-or-nothing per OD on the equilibrium costs.
  std::vector<double> weq = weights_for(res.cost);
  for (const auto& od : ods) {
    if (od.origin == od.destination || od.units_per_day <= 0) continue;
    uint32_t o = zone_of[od.origin], d = zone_of[od.destination];
    if (!shortest(o, d, weq, res.cost)) continue;
    auto& cf = r.corridor_link_flow[od.corridor];
    if (cf.empty()) cf.assign(net.links.size(), 0);
    for (uint32_t arc : dij.path_arcs(d)) {
      uint32_t a = arc_of_link[input_of[arc]];
      if (a != route::kInvalid && g.link[a].valid()) cf[g.link[a]] += od.units_per_day;
    }
  }
  return r;
}

}  // namespace corridor::assign
