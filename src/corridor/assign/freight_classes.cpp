// Multi-class logit SUE of freight on the corridor network (freight.h, docs/demand.md).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "corridor/assign/freight.h"
#include "corridor/core/error.h"
#include "corridor/route/dijkstra.h"
#include "corridor/route/graph.h"
#include "corridor/sim/queueing.h"

namespace corridor::assign {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

enum class Delay : uint8_t { none, bpr, queue };

}  // namespace

FreightClassResult assign_freight_classes(const network::Network& net, const route::Router& router,
                                          const std::vector<demand::CargoClass>& classes,
                                          const std::vector<FreightClassOd>& ods,
                                          const FreightClassOptions& opt) {
  const size_t K = classes.size();
  if (K == 0) throw Error(Errc::usage, "multi-class assignment needs at least one cargo class");
  const FreightOptions& fo = opt.congestion;
  // One export per class: same topology, the class's profile, modes and year.
  std::vector<route::Router::Export> ex;
  std::vector<double> usd_factor(K);
  for (size_t k = 0; k < K; ++k) {
    const auto& c = classes[k];
    auto pit = net.profiles.find(c.profile);
    if (pit == net.profiles.end())
      throw Error(Errc::invalid_dataset, c.where.to_string() + ": class '" + c.name +
                                             "' names profile '" + c.profile +
                                             "', which params.csv does not define");
    usd_factor[k] = c.tonnes_per_unit / pit->second.tonnes_per_unit;
    route::Options o;
    o.profile = c.profile;
    o.year = opt.year;
    o.modes = c.modes;
    ex.push_back(router.export_graph(o));
  }
  const auto& g = ex[0];
  const uint32_t S = static_cast<uint32_t>(g.state_node.size());
  const uint32_t A = static_cast<uint32_t>(g.tail.size());
  const uint32_t L = static_cast<uint32_t>(net.links.size());

  // SUE links: 2l (+1 backward) per network link direction, then 2L + a per non-link arc.
  auto forward_of = [&](uint32_t a) {
    return g.state_node[g.tail[a]] == net.links[g.link[a]].from;
  };
  auto sue_link = [&](uint32_t a) {
    return g.kind[a] == route::StepKind::link ? 2 * g.link[a].v + (forward_of(a) ? 0 : 1)
                                              : 2 * L + a;
  };
  const uint32_t NL = 2 * L + A;
  std::vector<double> hours(NL, 0.0), cap(NL, 0.0);
  std::vector<Delay> delay_kind(NL, Delay::none);
  std::vector<sim::QueueDelay> qd(NL);
  std::vector<double> bpr_b(NL, 0), bpr_p(NL, 0);
  std::vector<std::vector<double>> usd(K, std::vector<double>(NL, kInf));
  for (uint32_t a = 0; a < A; ++a) {
    const uint32_t sl = sue_link(a);
    hours[sl] = g.hours[a];
    for (size_t k = 0; k < K; ++k)
      if (std::isfinite(ex[k].cost[a]))
        usd[k][sl] = std::min(usd[k][sl], ex[k].usd[a] * usd_factor[k]);
    if (g.kind[a] != route::StepKind::link) continue;
    const auto& l = net.links[g.link[a]];
    if (!(l.capacity_tpd && *l.capacity_tpd > 0)) continue;
    cap[sl] = *l.capacity_tpd;
    if (fo.queue_delay && (g.border[a] || l.mode == network::Mode::ferry)) {
      const double tonnes = l.mode == network::Mode::ferry  ? fo.vessel_tonnes
                            : l.mode == network::Mode::rail ? fo.train_tonnes
                                                            : fo.truck_tonnes;
      qd[sl] = {1, tonnes / (cap[sl] / 24), fo.queue_ca2, fo.queue_cs2, fo.queue_period_hours};
      delay_kind[sl] = Delay::queue;
    } else {
      delay_kind[sl] = Delay::bpr;
      bpr_b[sl] = g.border[a] ? fo.border_b : fo.line_b;
      bpr_p[sl] = g.border[a] ? fo.border_power : fo.line_power;
    }
  }
  auto delay = [&](uint32_t sl, double load) {
    switch (delay_kind[sl]) {
      case Delay::queue:
        return sim::queue_delay(qd[sl], load / cap[sl]);
      case Delay::bpr:
        return hours[sl] * bpr_b[sl] * std::pow(load / cap[sl], bpr_p[sl]);
      default:
        return 0.0;
    }
  };

  // Search graph: IN(s) = 2s, OUT(s) = 2s + 1; IN -> OUT free (input arcs 0..S-1); link arcs
  // OUT -> IN, transfers and gauge changes IN -> OUT, so they never chain at a node.
  std::vector<uint32_t> tails, heads;
  for (uint32_t s = 0; s < S; ++s) tails.push_back(2 * s), heads.push_back(2 * s + 1);
  for (uint32_t a = 0; a < A; ++a) {
    const bool link = g.kind[a] == route::StepKind::link;
    tails.push_back(2 * g.tail[a] + (link ? 1 : 0));
    heads.push_back(2 * g.head[a] + (link ? 0 : 1));
  }
  std::vector<uint32_t> input_of;
  route::Graph graph = route::build_graph(2 * S, tails, heads, &input_of);
  std::map<network::NodeIdx, std::vector<uint32_t>> states_at;
  for (uint32_t s = 0; s < S; ++s) states_at[g.state_node[s]].push_back(s);
  route::Dijkstra<double> dij(2 * S);

  // Free-flow weights per class (input-arc order) and a search with optional extra factors.
  auto class_weights = [&](size_t k, network::ModeMask modes) {
    std::vector<double> w(tails.size(), 0.0);
    for (uint32_t a = 0; a < A; ++a) {
      const uint32_t sl = sue_link(a);
      bool ok = std::isfinite(ex[k].cost[a]) && std::isfinite(usd[k][sl]);
      if (ok && g.kind[a] == route::StepKind::link)
        ok = network::has_mode(modes, net.links[g.link[a]].mode);
      // Mode transfers of container classes only at container terminals.
      if (ok && g.kind[a] == route::StepKind::transfer && classes[k].needs_container_terminal &&
          !opt.container_terminal.empty()) {
        const uint32_t n = g.state_node[g.tail[a]].v;
        ok = n < opt.container_terminal.size() && opt.container_terminal[n];
      }
      w[S + a] = ok ? usd[k][sl] + classes[k].value_of_time * g.hours[a] : kInf;
    }
    return w;
  };
  auto search = [&](const std::vector<double>& w_input, network::NodeIdx o, network::NodeIdx d,
                    double* cost) {
    std::vector<double> w(graph.num_arcs());
    for (uint32_t a = 0; a < graph.num_arcs(); ++a) w[a] = w_input[input_of[a]];
    dij.reset();
    for (uint32_t s : states_at[o]) dij.add_source(2 * s + 1);
    dij.run(graph, w.data());
    uint32_t best = route::kInvalid;
    double bc = kInf;
    for (uint32_t s : states_at[d])
      if (dij.reached(2 * s) && dij.dist(2 * s) < bc) bc = dij.dist(2 * s), best = 2 * s;
    std::vector<uint32_t> arcs;  // state-graph arcs
    if (best == route::kInvalid) return arcs;
    for (uint32_t ga : dij.path_arcs(best))
      if (input_of[ga] >= S) arcs.push_back(input_of[ga] - S);
    if (cost) *cost = bc;
    return arcs;
  };

  demand::SueProblem sp;
  sp.num_links = NL;
  for (const auto& c : classes) sp.pcu.push_back(c.capacity_tonnes_per_unit);
  sp.cost = [&](uint32_t k, uint32_t sl, double load) {
    const auto& c = classes[k];
    double d = delay_kind[sl] == Delay::none ? 0.0 : delay(sl, load);
    return usd[k][sl] + c.value_of_time * (hours[sl] + (1 + c.reliability_ratio) * d);
  };
  auto make_route = [&](const std::vector<uint32_t>& arcs) {
    FreightRoute fr;
    for (uint32_t a : arcs) {
      fr.hours += g.hours[a];
      if (g.kind[a] != route::StepKind::link) continue;
      const auto& l = net.links[g.link[a]];
      fr.links.push_back(g.link[a]);
      fr.forward.push_back(forward_of(a) ? 1 : 0);
      fr.km[static_cast<int>(l.mode)] += l.length_km;
    }
    fr.main_mode =
        static_cast<network::Mode>(std::max_element(fr.km.begin(), fr.km.end()) - fr.km.begin());
    return fr;
  };
  // Per-class link loads and delays of a solution (SUE or UE), on the SUE links.
  auto fill_links = [&](FreightClassResult& res, const std::vector<std::vector<double>>& class_flow,
                        const std::vector<double>& load) {
    res.class_ab.assign(K, {});
    res.class_ba.assign(K, {});
    for (size_t k = 0; k < K; ++k) {
      res.class_ab[k].assign(L, 0.0);
      res.class_ba[k].assign(L, 0.0);
      for (network::LinkIdx li : net.links.ids()) {
        res.class_ab[k][li] = class_flow[k][2 * li.v];
        res.class_ba[k][li] = class_flow[k][2 * li.v + 1];
      }
    }
    res.load_ab.assign(L, 0.0);
    res.load_ba.assign(L, 0.0);
    res.delay_hours.assign(L, 0.0);
    for (network::LinkIdx li : net.links.ids()) {
      res.load_ab[li] = load[2 * li.v];
      res.load_ba[li] = load[2 * li.v + 1];
      for (uint32_t sl : {2 * li.v, 2 * li.v + 1})
        if (delay_kind[sl] != Delay::none)
          res.delay_hours[li] = std::max(res.delay_hours[li], delay(sl, load[sl]));
    }
  };
  // Deterministic UE (FreightClassOptions::equilibrium == "ue"): column generation searches the
  // class's state graph at the current link costs; a dual-gauge link's arcs and every class load
  // the one SUE link of the physical link direction, so they share its capacity.
  std::vector<std::vector<double>> class_w(K);
  for (size_t k = 0; k < K; ++k) class_w[k] = class_weights(k, classes[k].modes);
  auto solve_ue_into = [&](FreightClassResult& res, const demand::SueProblem& prob,
                           const std::vector<size_t>& od_of_group,
                           const std::vector<std::vector<std::vector<uint32_t>>>& group_arcs,
                           const std::vector<int>& group_index) {
    std::vector<std::map<std::vector<uint32_t>, std::vector<uint32_t>>> arcs_of(prob.groups.size());
    auto key_of = [&](const std::vector<uint32_t>& arcs) {
      std::vector<uint32_t> key;
      for (uint32_t a : arcs) key.push_back(sue_link(a));
      return key;
    };
    for (size_t gi = 0; gi < group_arcs.size(); ++gi)
      for (const auto& arcs : group_arcs[gi]) arcs_of[gi].emplace(key_of(arcs), arcs);
    std::vector<double> w(tails.size());
    demand::ShortestRoute shortest =
        [&](size_t gi, const std::vector<std::vector<double>>& link_cost, double* cost) {
          const auto& od = ods[od_of_group[gi]];
          const auto& base = class_w[od.cls];
          const auto& lc = link_cost[od.cls];
          for (uint32_t s = 0; s < S; ++s) w[s] = base[s];
          for (uint32_t a = 0; a < A; ++a)
            w[S + a] = std::isfinite(base[S + a]) ? lc[sue_link(a)] : kInf;
          std::vector<uint32_t> arcs = search(w, od.origin, od.destination, cost);
          std::vector<uint32_t> key = key_of(arcs);
          if (!arcs.empty()) arcs_of[gi].emplace(key, std::move(arcs));
          return key;
        };
    demand::UeResult u = demand::solve_ue(prob, shortest, opt.ue);
    res.iterations = u.iterations;
    res.relative_gap = u.relative_gap;
    res.max_change = u.demand_residual;
    res.converged = u.converged;
    fill_links(res, u.class_flow, u.load);
    for (size_t i = 0; i < ods.size(); ++i) {
      if (group_index[i] < 0) continue;
      const size_t gi = static_cast<size_t>(group_index[i]);
      auto& out = res.ods[i];
      out.demand = u.demand[gi];
      out.composite = u.min_cost[gi];
      out.logsum = -out.theta * out.composite;
      out.routes.clear();
      double mc = 0;
      for (size_t k = 0; k < u.routes[gi].size(); ++k) {
        FreightRoute fr = make_route(arcs_of[gi].at(u.routes[gi][k]));
        fr.flow = u.route_flow[gi][k];
        fr.cost = u.route_cost[gi][k];
        fr.prob = out.demand > 0 ? fr.flow / out.demand : 0;
        mc += fr.prob * fr.cost;
        out.routes.push_back(std::move(fr));
      }
      out.mean_cost = mc;
    }
  };

  FreightClassResult r;
  r.ods.resize(ods.size());
  std::vector<int> group_of(ods.size(), -1);
  std::vector<size_t> od_of_group;
  std::vector<std::vector<std::vector<uint32_t>>> group_arcs;
  std::vector<std::vector<std::vector<uint32_t>>> route_arcs(ods.size());
  for (size_t i = 0; i < ods.size(); ++i) {
    const auto& od = ods[i];
    if (od.cls >= K) throw Error(Errc::internal, "freight OD with an unknown class");
    auto& out = r.ods[i];
    out.demand = od.units_per_day;
    if (od.origin == od.destination || od.units_per_day <= 0) continue;
    const auto& c = classes[od.cls];
    std::vector<double> w = class_weights(od.cls, c.modes);
    double best_cost = kInf;
    std::vector<std::vector<uint32_t>> found;
    std::set<std::vector<uint32_t>> seen;
    auto keep = [&](std::vector<uint32_t> arcs) {
      if (arcs.empty() || static_cast<int>(found.size()) >= opt.max_routes) return;
      std::vector<uint32_t> key;
      for (uint32_t a : arcs) key.push_back(sue_link(a));
      if (seen.insert(key).second) found.push_back(std::move(arcs));
    };
    keep(search(w, od.origin, od.destination, &best_cost));
    if (found.empty()) continue;  // no path: unrouted
    // One route per main mode the class can do without (e.g. no rail, no road).
    for (network::Mode m : {network::Mode::rail, network::Mode::road, network::Mode::ferry})
      if (network::has_mode(c.modes, m) && c.modes != network::mode_bit(m))
        keep(search(class_weights(od.cls, c.modes & ~network::mode_bit(m)), od.origin,
                    od.destination, nullptr));
    // Link-penalty alternatives.
    std::vector<double> wp = w;
    for (int round = 0;
         round < 3 * opt.max_routes && static_cast<int>(found.size()) < opt.max_routes; ++round) {
      for (uint32_t a : found[round % found.size()])
        if (g.kind[a] == route::StepKind::link) wp[S + a] *= opt.penalty;
      keep(search(wp, od.origin, od.destination, nullptr));
    }
    // Seed routes (e.g. the base run's): a search where only the seed's links, in its
    // directions, are open.
    for (const auto& seed : od.seed_routes) {
      std::set<std::pair<uint32_t, bool>> allowed;
      for (const auto& [li, fwd] : seed) allowed.insert({li.v, fwd});
      std::vector<double> ws = w;
      for (uint32_t a = 0; a < A; ++a)
        if (g.kind[a] == route::StepKind::link && !allowed.count({g.link[a].v, forward_of(a)}))
          ws[S + a] = kInf;
      std::vector<uint32_t> arcs = search(ws, od.origin, od.destination, nullptr);
      if (arcs.empty()) continue;
      std::vector<uint32_t> key;
      for (uint32_t a : arcs) key.push_back(sue_link(a));
      if (seen.insert(key).second) found.push_back(std::move(arcs));
    }
    out.routed = true;
    out.ref_cost = od.ref_cost > 0 ? od.ref_cost : best_cost;
    out.theta = c.cost_scale / std::max(out.ref_cost, 1e-9);
    demand::SueGroup grp;
    grp.cls = od.cls;
    grp.demand = od.units_per_day;
    grp.theta = out.theta;
    grp.nest_scale.assign(3, c.nest_scale);
    grp.nest_asc.assign(3, 0.0);
    if (od.cls < opt.mode_asc.size())
      for (int m = 0; m < 3; ++m) grp.nest_asc[m] = opt.mode_asc[od.cls][m];
    if (od.base_composite > 0) {
      grp.elasticity = c.elasticity;
      grp.base_composite = od.base_composite;
    }
    for (const auto& arcs : found) {
      FreightRoute fr = make_route(arcs);
      demand::SueRoute sr;
      for (uint32_t a : arcs) sr.links.push_back(sue_link(a));
      sr.nest = static_cast<int>(fr.main_mode);
      grp.routes.push_back(std::move(sr));
      out.routes.push_back(std::move(fr));
    }
    group_of[i] = static_cast<int>(sp.groups.size());
    od_of_group.push_back(i);
    group_arcs.push_back(std::move(found));
    sp.groups.push_back(std::move(grp));
  }

  r.equilibrium = opt.equilibrium;
  if (opt.equilibrium == "ue") {
    solve_ue_into(r, sp, od_of_group, group_arcs, group_of);
    return r;
  }
  if (opt.equilibrium != "sue")
    throw Error(Errc::usage, "equilibrium must be sue or ue, found '" + opt.equilibrium + "'");
  demand::SueResult s = demand::solve_sue(sp, opt.sue);
  r.iterations = s.iterations;
  r.max_change = s.max_change;
  r.converged = s.converged;
  fill_links(r, s.class_flow, s.load);
  for (size_t i = 0; i < ods.size(); ++i) {
    if (group_of[i] < 0) continue;
    const size_t gi = static_cast<size_t>(group_of[i]);
    auto& out = r.ods[i];
    out.demand = s.demand[gi];
    out.logsum = s.logsum[gi];
    out.composite = s.composite[gi];
    double mc = 0;
    for (size_t k = 0; k < out.routes.size(); ++k) {
      out.routes[k].flow = s.route_flow[gi][k];
      out.routes[k].cost = s.route_cost[gi][k];
      out.routes[k].prob = s.route_prob[gi][k];
      mc += s.route_prob[gi][k] * s.route_cost[gi][k];
    }
    out.mean_cost = mc;
  }
  return r;
}

}  // namespace corridor::assign
