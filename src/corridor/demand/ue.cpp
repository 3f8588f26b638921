#include "corridor/demand/ue.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "corridor/core/error.h"
#include "corridor/demand/logit.h"

namespace corridor::demand {

UeResult solve_ue(const SueProblem& p, const ShortestRoute& shortest, const UeOptions& o) {
  if (!p.cost) throw Error(Errc::internal, "solve_ue: no link cost function");
  if (!shortest) throw Error(Errc::internal, "solve_ue: no shortest-route function");
  const size_t G = p.groups.size(), K = p.pcu.size();
  for (const auto& g : p.groups) {
    if (g.cls >= K) throw Error(Errc::internal, "solve_ue: class without pcu");
    for (const auto& r : g.routes)
      for (uint32_t a : r.links)
        if (a >= p.num_links) throw Error(Errc::internal, "solve_ue: link out of range");
  }
  UeResult res;
  res.routes.resize(G);
  res.route_flow.resize(G);
  res.demand.assign(G, 0.0);
  res.min_cost.assign(G, 0.0);
  std::vector<std::map<std::vector<uint32_t>, size_t>> known(G);
  auto add_route = [&](size_t i, std::vector<uint32_t> links) {
    auto [it, fresh] = known[i].emplace(links, res.routes[i].size());
    if (fresh) {
      res.routes[i].push_back(std::move(links));
      res.route_flow[i].push_back(0.0);
    }
    return it->second;
  };
  for (size_t i = 0; i < G; ++i)
    for (const auto& r : p.groups[i].routes)
      if (!r.links.empty()) add_route(i, r.links);

  std::vector<double> load(p.num_links, 0.0);
  std::vector<std::vector<double>> link_cost(K, std::vector<double>(p.num_links, 0.0));
  auto all_costs = [&] {
    for (size_t k = 0; k < K; ++k)
      for (uint32_t a = 0; a < p.num_links; ++a)
        link_cost[k][a] = p.cost(static_cast<uint32_t>(k), a, load[a]);
  };
  auto route_cost = [&](uint32_t k, const std::vector<uint32_t>& links) {
    double c = 0;
    for (uint32_t a : links) c += p.cost(k, a, load[a]);
    return c;
  };
  auto slope = [&](uint32_t k, uint32_t a) {
    const double h = 1e-6 * (load[a] + 1.0);
    return (p.cost(k, a, load[a] + h) - p.cost(k, a, load[a])) / h;
  };
  auto move = [&](size_t i, size_t r, double dx) {
    res.route_flow[i][r] += dx;
    const double w = p.pcu[p.groups[i].cls] * dx;
    for (uint32_t a : res.routes[i][r]) load[a] += w;
  };
  auto elastic = [&](size_t i) {
    const auto& g = p.groups[i];
    return g.elasticity < 0 && g.base_composite > 0;
  };
  auto target_demand = [&](size_t i, double cmin) {
    const auto& g = p.groups[i];
    if (!elastic(i) || !(cmin > 0)) return g.demand;
    return elastic_demand(g.demand, g.base_composite, cmin, g.elasticity);
  };

  // Initial loading: every group's demand on its cheapest route at zero load, in group order
  // (all-or-nothing at free-flow costs).
  all_costs();
  std::vector<char> routed(G, 0);
  for (size_t i = 0; i < G; ++i) {
    if (p.groups[i].demand <= 0) continue;
    double c = 0;
    auto links = shortest(i, link_cost, &c);
    if (links.empty()) continue;
    routed[i] = 1;
    const size_t r = add_route(i, std::move(links));
    res.demand[i] = target_demand(i, c);
    move(i, r, res.demand[i]);
  }

  // One sweep over a group: demand toward its target, then Newton shifts to the cheapest route.
  auto equilibrate = [&](size_t i) {
    const uint32_t k = p.groups[i].cls;
    auto& x = res.route_flow[i];
    const size_t R = x.size();
    std::vector<double> c(R);
    auto cheapest = [&] {
      size_t b = 0;
      for (size_t r = 0; r < R; ++r) {
        c[r] = route_cost(k, res.routes[i][r]);
        if (c[r] < c[b]) b = r;
      }
      return b;
    };
    size_t b = cheapest();
    if (elastic(i)) {
      const double dt = 0.5 * (target_demand(i, c[b]) - res.demand[i]);
      if (dt > 0) {
        move(i, b, dt);
      } else if (dt < 0 && res.demand[i] > 0) {
        const double f = -dt / res.demand[i];
        for (size_t r = 0; r < R; ++r)
          if (x[r] > 0) move(i, r, -f * x[r]);
      }
      res.demand[i] += dt;
      b = cheapest();
    }
    for (size_t r = 0; r < R; ++r) {
      if (r == b || x[r] <= 0) continue;
      const double cr = route_cost(k, res.routes[i][r]), cb = route_cost(k, res.routes[i][b]);
      const double gap = cr - cb;
      if (!(gap > 0)) continue;
      // Second derivative of c_r - c_b in the shifted flow: links in exactly one of r, b.
      const auto& lr = res.routes[i][r];
      const auto& lb = res.routes[i][b];
      double h = 0;
      for (uint32_t a : lr)
        if (std::find(lb.begin(), lb.end(), a) == lb.end()) h += slope(k, a);
      for (uint32_t a : lb)
        if (std::find(lr.begin(), lr.end(), a) == lr.end()) h += slope(k, a);
      h *= p.pcu[k];
      const double dx = h > 0 ? std::min(x[r], gap / h) : x[r];
      move(i, r, -dx);
      move(i, b, dx);
    }
  };

  int it = 0;
  for (;; ++it) {
    // Column generation and the gap at the current flows.
    all_costs();
    double tstt = 0, sptt = 0, resid = 0;
    for (size_t i = 0; i < G; ++i) {
      if (!routed[i]) continue;
      double cmin = 0;
      auto links = shortest(i, link_cost, &cmin);
      if (!links.empty()) add_route(i, std::move(links));
      res.min_cost[i] = cmin;
      const uint32_t k = p.groups[i].cls;
      for (size_t r = 0; r < res.routes[i].size(); ++r) {
        double c = 0;
        for (uint32_t a : res.routes[i][r]) c += link_cost[k][a];
        tstt += res.route_flow[i][r] * c;
      }
      sptt += res.demand[i] * cmin;
      if (elastic(i))
        resid = std::max(resid, std::fabs(res.demand[i] - target_demand(i, cmin)) /
                                    std::max(p.groups[i].demand, 1e-300));
    }
    res.relative_gap = sptt > 0 ? std::max(0.0, tstt / sptt - 1) : 0;
    res.demand_residual = resid;
    if (res.relative_gap <= o.gap && resid <= o.demand_tol) {
      res.converged = true;
      break;
    }
    if (it >= o.max_iter) break;
    for (int s = 0; s < o.inner_sweeps; ++s)
      for (size_t i = 0; i < G; ++i)
        if (routed[i]) equilibrate(i);
  }
  res.iterations = it;

  // Final costs and per-class link flows of the final iterate. Loads are recomputed from the
  // route flows (no drift from the incremental updates).
  std::fill(load.begin(), load.end(), 0.0);
  res.class_flow.assign(K, std::vector<double>(p.num_links, 0.0));
  for (size_t i = 0; i < G; ++i)
    for (size_t r = 0; r < res.routes[i].size(); ++r) {
      const double x = std::max(0.0, res.route_flow[i][r]);
      res.route_flow[i][r] = x;
      for (uint32_t a : res.routes[i][r]) {
        load[a] += p.pcu[p.groups[i].cls] * x;
        res.class_flow[p.groups[i].cls][a] += x;
      }
    }
  res.route_cost.resize(G);
  for (size_t i = 0; i < G; ++i) {
    res.route_cost[i].clear();
    double t = 0;
    for (size_t r = 0; r < res.routes[i].size(); ++r) {
      res.route_cost[i].push_back(route_cost(p.groups[i].cls, res.routes[i][r]));
      t += res.route_flow[i][r];
    }
    res.demand[i] = t;
  }
  res.load = load;
  return res;
}

}  // namespace corridor::demand
