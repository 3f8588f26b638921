#include "corridor/demand/sue.h"

#include <algorithm>
#include <cmath>

#include "corridor/core/error.h"
#include "corridor/demand/logit.h"

namespace corridor::demand {

namespace {

struct Loading {
  std::vector<std::vector<double>> cost, prob, flow;
  std::vector<double> demand, logsum;
};

}  // namespace

SueResult solve_sue(const SueProblem& p, const SueOptions& o) {
  if (!p.cost) throw Error(Errc::internal, "solve_sue: no link cost function");
  const size_t G = p.groups.size();
  for (const auto& g : p.groups) {
    if (g.cls >= p.pcu.size()) throw Error(Errc::internal, "solve_sue: class without pcu");
    if (!(g.theta > 0)) throw Error(Errc::internal, "solve_sue: theta must be > 0");
    for (const auto& r : g.routes) {
      if (r.nest < 0 || static_cast<size_t>(r.nest) >= g.nest_scale.size())
        throw Error(Errc::internal, "solve_sue: route nest out of range");
      for (uint32_t a : r.links)
        if (a >= p.num_links) throw Error(Errc::internal, "solve_sue: link out of range");
    }
  }
  const size_t K = p.pcu.size();
  SueResult res;
  res.route_flow.resize(G);
  for (size_t i = 0; i < G; ++i) res.route_flow[i].assign(p.groups[i].routes.size(), 0.0);

  std::vector<double> load(p.num_links, 0.0);
  auto compute_load = [&](const std::vector<std::vector<double>>& flow) {
    std::fill(load.begin(), load.end(), 0.0);
    for (size_t i = 0; i < G; ++i)
      for (size_t r = 0; r < flow[i].size(); ++r)
        for (uint32_t a : p.groups[i].routes[r].links)
          load[a] += p.pcu[p.groups[i].cls] * flow[i][r];
  };
  // Logit loading at the costs of the current load: route costs, probabilities, demand, flows.
  auto loading = [&]() {
    Loading L;
    L.cost.resize(G);
    L.prob.resize(G);
    L.flow.resize(G);
    L.demand.assign(G, 0.0);
    L.logsum.assign(G, 0.0);
    std::vector<std::vector<double>> link_cost(K);
    for (size_t k = 0; k < K; ++k) {
      link_cost[k].resize(p.num_links);
      for (uint32_t a = 0; a < p.num_links; ++a) link_cost[k][a] = p.cost(k, a, load[a]);
    }
    for (size_t i = 0; i < G; ++i) {
      const auto& g = p.groups[i];
      std::vector<double> v(g.routes.size());
      std::vector<int> nest(g.routes.size());
      L.cost[i].resize(g.routes.size());
      for (size_t r = 0; r < g.routes.size(); ++r) {
        double c = g.routes[r].fixed_cost;
        for (uint32_t a : g.routes[r].links) c += link_cost[g.cls][a];
        L.cost[i][r] = c;
        v[r] = -g.theta * c;
        nest[r] = g.routes[r].nest;
      }
      NestedLogit nl = nested_logit(v, nest, g.nest_scale, g.nest_asc);
      L.prob[i] = nl.prob;
      L.logsum[i] = nl.logsum;
      double t = g.demand;
      if (g.elasticity < 0 && g.base_composite > 0 && !g.routes.empty())
        t = elastic_demand(g.demand, g.base_composite, composite_cost(nl.logsum, g.theta),
                           g.elasticity);
      L.demand[i] = g.routes.empty() ? 0 : t;
      L.flow[i].resize(g.routes.size());
      for (size_t r = 0; r < g.routes.size(); ++r) L.flow[i][r] = t * nl.prob[r];
    }
    return L;
  };

  compute_load(res.route_flow);
  Loading L = loading();
  res.route_flow = L.flow;  // iteration 1: the loading at zero flow
  int it = 1;
  double beta = 1, previous = -1;
  for (; it < o.max_iter; ++it) {
    compute_load(res.route_flow);
    L = loading();
    double worst = 0;
    for (size_t i = 0; i < G; ++i) {
      const double scale = std::max(p.groups[i].demand, 1e-300);
      for (size_t r = 0; r < L.flow[i].size(); ++r)
        worst = std::max(worst, std::fabs(L.flow[i][r] - res.route_flow[i][r]) / scale);
    }
    res.max_change = worst;
    if (worst <= o.tol) {
      res.converged = true;
      break;
    }
    // Self-regulated averaging: the step 1/beta shrinks fast while the residual grows (the
    // iterates oscillate) and slowly while it falls.
    beta += previous >= 0 && worst >= previous ? o.sra_up : o.sra_down;
    previous = worst;
    const double step = 1.0 / beta;
    for (size_t i = 0; i < G; ++i)
      for (size_t r = 0; r < L.flow[i].size(); ++r)
        res.route_flow[i][r] += step * (L.flow[i][r] - res.route_flow[i][r]);
  }
  res.iterations = it;
  // Report the final iterate with its own costs.
  compute_load(res.route_flow);
  L = loading();
  res.route_cost = L.cost;
  res.route_prob = L.prob;
  res.logsum = L.logsum;
  res.demand.assign(G, 0.0);
  res.composite.assign(G, 0.0);
  res.class_flow.assign(K, std::vector<double>(p.num_links, 0.0));
  for (size_t i = 0; i < G; ++i) {
    for (size_t r = 0; r < res.route_flow[i].size(); ++r) {
      res.demand[i] += res.route_flow[i][r];
      for (uint32_t a : p.groups[i].routes[r].links)
        res.class_flow[p.groups[i].cls][a] += res.route_flow[i][r];
    }
    res.composite[i] = composite_cost(res.logsum[i], p.groups[i].theta);
  }
  res.load = load;
  return res;
}

}  // namespace corridor::demand
