#include "corridor/assign/detail/network.h"

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>
#include <unordered_map>

#include "corridor/core/error.h"

namespace corridor::assign {

namespace {
[[noreturn]] void bad(const std::string& msg) { throw Error(Errc::invalid_input, msg); }
bool finite_nonneg(double v) { return std::isfinite(v) && v >= 0; }
}  // namespace

void AssignProblem::validate() const {
  const size_t m = tail.size();
  auto check_size = [&](size_t n, const char* what, bool optional) {
    if (n != m && !(optional && n == 0))
      bad(fmt::format("assignment problem: {} has {} entries but there are {} links", what, n, m));
  };
  check_size(head.size(), "head", false);
  check_size(free_flow_time.size(), "free_flow_time", false);
  check_size(capacity.size(), "capacity", false);
  check_size(b.size(), "b", false);
  check_size(power.size(), "power", false);
  check_size(linear_cost.size(), "linear_cost", true);
  check_size(queue_scale.size(), "queue_scale", true);
  if (!queue_scale.empty()) check_size(queue.size(), "queue", false);
  if (first_thru_node > num_nodes)
    bad(fmt::format("assignment problem: first_thru_node {} exceeds the {} nodes", first_thru_node,
                    num_nodes));
  for (size_t a = 0; a < m; ++a) {
    if (tail[a] >= num_nodes || head[a] >= num_nodes)
      bad(fmt::format("assignment problem: link {} ({} -> {}) has a node outside 0..{}", a, tail[a],
                      head[a], num_nodes ? num_nodes - 1 : 0));
    if (!finite_nonneg(free_flow_time[a]) || !finite_nonneg(b[a]) || !finite_nonneg(power[a]) ||
        !finite_nonneg(capacity[a]) || (!linear_cost.empty() && !finite_nonneg(linear_cost[a])))
      bad(fmt::format("assignment problem: link {} has a negative or non-finite parameter", a));
    if (capacity[a] <= 0 && b[a] > 0 && power[a] > 0 && free_flow_time[a] > 0)
      bad(fmt::format("assignment problem: link {} has flow-dependent cost but capacity 0", a));
  }
  check_size(share_group.size(), "share_group", true);
  if (!share_group.empty()) {
    // The links of a group share one volume-delay function: same parameters (else the costs
    // would have no potential and the equilibrium would not be the Beckmann minimum).
    std::map<uint32_t, size_t> first;
    for (size_t a = 0; a < m; ++a) {
      const size_t f = first.try_emplace(share_group[a], a).first->second;
      if (f == a) continue;
      auto q = [&](size_t l) {
        const bool on = !queue_scale.empty() && queue_scale[l] > 0;
        return std::make_tuple(on ? queue_scale[l] : 0.0, on ? queue[l].servers : 0,
                               on ? queue[l].service : 0.0, on ? queue[l].ca2 : 0.0,
                               on ? queue[l].cs2 : 0.0, on ? queue[l].period : 0.0);
      };
      if (free_flow_time[a] != free_flow_time[f] || capacity[a] != capacity[f] || b[a] != b[f] ||
          power[a] != power[f] || q(a) != q(f))
        bad(
            fmt::format("assignment problem: link {} shares capacity (share_group {}) with link "
                        "{} but has another free_flow_time, capacity, b, power or queue",
                        a, share_group[a], f));
    }
  }
  auto check_demand = [&](const std::vector<OdDemand>& dem, const std::string& where) {
    for (size_t i = 0; i < dem.size(); ++i) {
      const auto& d = dem[i];
      if (d.origin >= num_nodes || d.destination >= num_nodes)
        bad(fmt::format("assignment problem: {}OD pair {} ({} -> {}) has a node outside 0..{}",
                        where, i, d.origin, d.destination, num_nodes ? num_nodes - 1 : 0));
      if (!finite_nonneg(d.flow))
        bad(fmt::format("assignment problem: {}OD pair {} has a negative or non-finite flow", where,
                        i));
    }
  };
  check_demand(demand, "");
  if (!closed.empty() && closed.size() != num_links())
    bad(fmt::format("assignment problem: closed has {} entries but there are {} links",
                    closed.size(), num_links()));
  if (!classes.empty() && !demand.empty())
    bad("assignment problem: with classes, the demand goes in each class (`demand` must be "
        "empty)");
  for (size_t k = 0; k < classes.size(); ++k) {
    const AssignClass& c = classes[k];
    const std::string where = fmt::format("class {} ('{}'): ", k, c.name);
    if (!(std::isfinite(c.pcu) && c.pcu > 0))
      bad(fmt::format("assignment problem: {}pcu must be a finite number > 0, not {}", where,
                      c.pcu));
    if (!(std::isfinite(c.time_weight) && c.time_weight > 0))
      bad(fmt::format("assignment problem: {}time_weight must be a finite number > 0, not {}",
                      where, c.time_weight));
    if (!c.linear_cost.empty() && c.linear_cost.size() != m)
      bad(fmt::format("assignment problem: {}linear_cost has {} entries but there are {} links",
                      where, c.linear_cost.size(), m));
    if (!c.allowed.empty() && c.allowed.size() != m)
      bad(fmt::format("assignment problem: {}allowed has {} entries but there are {} links", where,
                      c.allowed.size(), m));
    for (size_t a = 0; a < c.linear_cost.size(); ++a)
      if (!finite_nonneg(c.linear_cost[a]))
        bad(fmt::format("assignment problem: {}linear_cost of link {} is negative or non-finite",
                        where, a));
    check_demand(c.demand, where);
  }
}

namespace detail {

Net build_net(const AssignProblem& pr) {
  pr.validate();
  Net net;
  const uint32_t n = pr.num_nodes;
  const uint32_t m = pr.num_links();
  const uint32_t ftn = pr.first_thru_node;
  net.num_input_nodes = n;
  std::vector<uint32_t> tails(m);
  for (uint32_t a = 0; a < m; ++a) tails[a] = pr.tail[a] < ftn ? n + pr.tail[a] : pr.tail[a];
  net.fwd = route::build_graph(n + ftn, tails, pr.head, &net.link_of_arc);
  net.tail = route::arc_tails(net.fwd);
  net.rev = route::reverse_graph(net.fwd, &net.rev_arc);
  net.arc_of_link.assign(m, 0);
  for (uint32_t a = 0; a < m; ++a) net.arc_of_link[net.link_of_arc[a]] = a;
  net.t0.resize(m);
  net.lin.resize(m);
  net.k.resize(m);
  net.p.resize(m);
  net.p4.resize(m);
  for (uint32_t a = 0; a < m; ++a) {
    const uint32_t l = net.link_of_arc[a];
    const double fft = pr.free_flow_time[l], b = pr.b[l], p = pr.power[l];
    net.t0[a] = fft;
    net.lin[a] = pr.linear_cost.empty() ? 0.0 : pr.linear_cost[l];
    net.p[a] = p;
    net.p4[a] = p == 4;
    if (fft == 0 || b == 0)
      net.k[a] = 0;
    else if (p == 0)
      net.k[a] = fft * b;
    else
      net.k[a] = fft * b / std::pow(pr.capacity[l], p);
    if (!std::isfinite(net.k[a]))
      bad(fmt::format("assignment problem: link {} has an overflowing BPR coefficient", l));
    if (!pr.queue_scale.empty() && pr.queue_scale[l] > 0) {
      if (net.qi.empty()) net.qi.assign(m, -1);
      if (net.k[a] != 0 || !(pr.capacity[l] > 0))
        bad(fmt::format("assignment problem: queueing link {} needs b = 0 and a capacity > 0", l));
      net.qi[a] = static_cast<int32_t>(net.qarc.size());
      net.qarc.push_back({pr.queue[l], 1 / pr.capacity[l], pr.queue_scale[l]});
    }
  }
  // Share groups: a cycle per group over its arcs in arc order; none unless a group has two.
  if (!pr.share_group.empty()) {
    std::unordered_map<uint32_t, std::pair<uint32_t, uint32_t>> ends;  // group -> first, last
    net.share_next.resize(m);
    net.share_lead.assign(m, 0);
    bool any = false;
    for (uint32_t a = 0; a < m; ++a) {
      auto [it, fresh] = ends.try_emplace(pr.share_group[net.link_of_arc[a]], a, a);
      net.share_next[a] = it->second.first;  // closes the cycle (until a later arc joins)
      if (fresh) {
        net.share_lead[a] = 1;
        continue;
      }
      net.share_next[it->second.second] = a;
      it->second.second = a;
      any = true;
    }
    if (!any) {
      net.share_next.clear();
      net.share_lead.clear();
    }
  }
  // Classes: per-arc linear costs, +infinity where closed.
  net.multi = !pr.classes.empty();
  if (!net.multi) {
    net.classes.push_back({"", 1.0, 1.0, net.lin});
  } else {
    for (const AssignClass& c : pr.classes) {
      Net::Class k{c.name, c.pcu, c.time_weight, std::vector<double>(m)};
      for (uint32_t a = 0; a < m; ++a) {
        const uint32_t l = net.link_of_arc[a];
        k.lin[a] = c.linear_cost.empty() ? net.lin[a] : c.linear_cost[l];
        if (!c.allowed.empty() && c.allowed[l] == 0)
          k.lin[a] = std::numeric_limits<double>::infinity();
      }
      net.classes.push_back(std::move(k));
    }
  }
  // Links closed to every class.
  for (uint32_t a = 0; a < m; ++a)
    if (!pr.closed.empty() && pr.closed[net.link_of_arc[a]])
      for (Net::Class& k : net.classes) k.lin[a] = std::numeric_limits<double>::infinity();
  // Demand grouped by (class, origin), duplicates merged, o == d and zero flows dropped.
  for (uint32_t c = 0; c < net.num_classes(); ++c) {
    const std::vector<OdDemand>& src = net.multi ? pr.classes[c].demand : pr.demand;
    std::vector<OdDemand> d;
    d.reserve(src.size());
    for (const auto& od : src)
      if (od.flow > 0 && od.origin != od.destination) d.push_back(od);
    std::stable_sort(d.begin(), d.end(), [](const OdDemand& x, const OdDemand& y) {
      return x.origin != y.origin ? x.origin < y.origin : x.destination < y.destination;
    });
    for (size_t i = 0; i < d.size(); ++i) {
      const bool new_origin = i == 0 || d[i - 1].origin != d[i].origin;
      if (new_origin) {
        if (!net.origin_node.empty())
          net.first_dest.push_back(static_cast<uint32_t>(net.dest.size()));
        net.origin_node.push_back(d[i].origin);
        net.root.push_back(d[i].origin < ftn ? n + d[i].origin : d[i].origin);
        net.cls.push_back(c);
      }
      if (!new_origin && net.dest.back() == d[i].destination) {
        net.demand.back() += d[i].flow;
      } else {
        net.dest.push_back(d[i].destination);
        net.demand.push_back(d[i].flow);
      }
      net.total_demand += d[i].flow;
    }
  }
  net.first_dest.push_back(static_cast<uint32_t>(net.dest.size()));
  return net;
}

void total_volume(const Net& net, const std::vector<double>& X, std::vector<double>& V,
                  bool shared) {
  const uint32_t m = net.num_arcs(), K = net.num_classes();
  if (K == 1 && net.classes[0].pcu == 1) {
    V.assign(X.begin(), X.begin() + m);
  } else {
    V.assign(m, 0.0);
    for (uint32_t c = 0; c < K; ++c) {
      const double pcu = net.classes[c].pcu;
      const double* x = X.data() + static_cast<size_t>(c) * m;
      for (uint32_t a = 0; a < m; ++a) V[a] += pcu * x[a];
    }
  }
  if (shared) net.share(V);
}

void class_costs(const Net& net, const std::vector<double>& V, std::vector<double>& C) {
  const uint32_t m = net.num_arcs(), K = net.num_classes();
  C.resize(static_cast<size_t>(K) * m);
  for (uint32_t a = 0; a < m; ++a) {
    const double t = net.time(a, V[a]);
    for (uint32_t c = 0; c < K; ++c)
      C[static_cast<size_t>(c) * m + a] = net.classes[c].tw * t + net.classes[c].lin[a];
  }
}

double total_cost(const Net& net, const std::vector<double>& X, const std::vector<double>& C) {
  double s = 0;
  const size_t n = static_cast<size_t>(net.num_classes()) * net.num_arcs();
  for (size_t i = 0; i < n; ++i)
    if (X[i] != 0) s += X[i] * C[i];
  return s;
}

double beckmann_value(const Net& net, const std::vector<double>& X, const std::vector<double>& V) {
  const uint32_t m = net.num_arcs(), K = net.num_classes();
  double z = 0;
  for (uint32_t a = 0; a < m; ++a)
    if (net.share_lead.empty() || net.share_lead[a]) z += net.time_integral(a, V[a]);
  for (uint32_t c = 0; c < K; ++c) {
    const Net::Class& k = net.classes[c];
    const double w = k.pcu / k.tw;
    const double* x = X.data() + static_cast<size_t>(c) * m;
    for (uint32_t a = 0; a < m; ++a)
      if (x[a] != 0) z += w * x[a] * k.lin[a];
  }
  return z;
}

void parallel_chunks(uint32_t n, uint32_t chunk, int threads,
                     const std::function<void(uint32_t, uint32_t)>& fn) {
  if (n == 0) return;
  chunk = std::max<uint32_t>(chunk, 1);
  const uint32_t num_chunks = (n + chunk - 1) / chunk;
  auto body = [&](const tbb::blocked_range<uint32_t>& r) {
    for (uint32_t c = r.begin(); c < r.end(); ++c) fn(c * chunk, std::min(n, (c + 1) * chunk));
  };
  if (threads == 1 || num_chunks == 1) {
    body(tbb::blocked_range<uint32_t>(0, num_chunks, 1));
    return;
  }
  auto run = [&] {
    tbb::parallel_for(tbb::blocked_range<uint32_t>(0, num_chunks, 1), body,
                      tbb::simple_partitioner());
  };
  if (threads <= 0) {
    run();
  } else {
    tbb::task_arena arena(threads);
    arena.execute(run);
  }
}

route::Dijkstra<double>& thread_dijkstra(uint32_t num_nodes) {
  thread_local route::Dijkstra<double> dij;
  if (dij.num_nodes() != num_nodes) dij.resize(num_nodes);
  return dij;
}

void no_path(const Net& net, uint32_t o, uint32_t d, double q) {
  const std::string cls =
      net.multi ? fmt::format(" of class '{}'", net.classes[net.cls[o]].name) : std::string();
  throw Error(Errc::no_route, fmt::format("no path from node {} to node {} for demand {}{}",
                                          net.origin_node[o], d, q, cls));
}

double all_or_nothing(const Net& net, const std::vector<double>& cost, int threads,
                      std::vector<double>* out, std::vector<double>* bounds) {
  constexpr double kBoundSlack = 0.05;
  if (bounds) bounds->resize(net.num_origins(), 0.0);
  const uint32_t num_o = net.num_origins();
  const uint32_t m = net.num_arcs();
  const size_t km = static_cast<size_t>(net.num_classes()) * m;
  // Fixed blocks of origins, so the summation order never depends on the thread count.
  const uint32_t max_blocks = std::max<uint32_t>(1, std::min<uint32_t>(num_o, 32));
  const uint32_t per_block = std::max<uint32_t>(1, (num_o + max_blocks - 1) / max_blocks);
  const uint32_t num_blocks = (num_o + per_block - 1) / per_block;
  std::vector<double> sptt(num_o, 0.0);
  std::vector<std::vector<double>> block_flow(out ? num_blocks : 0);
  parallel_chunks(num_o, per_block, threads, [&](uint32_t begin, uint32_t end) {
    auto& dij = thread_dijkstra(net.num_nodes());
    std::vector<double>* buf = nullptr;
    if (out) {
      buf = &block_flow[begin / per_block];
      buf->assign(km, 0.0);
    }
    for (uint32_t o = begin; o < end; ++o) {
      dij.reset();
      dij.add_source(net.root[o]);
      // Stop early at a bound from the previous call: every node with a key <= bound is then
      // settled; if a destination is not, finish the search (same labels and trees either way).
      double bound = bounds && (*bounds)[o] > 0 ? (*bounds)[o] : route::Dijkstra<double>::kInf;
      const size_t off = static_cast<size_t>(net.cls[o]) * m;
      const double* co = cost.data() + off;
      dij.run(net.fwd, co, route::kInvalid, bound);
      if (bound != route::Dijkstra<double>::kInf) {
        for (uint32_t i = net.first_dest[o]; i < net.first_dest[o + 1]; ++i) {
          const uint32_t d = net.dest[i];
          if (!dij.reached(d) || dij.dist(d) > bound) {
            dij.run(net.fwd, co);
            break;
          }
        }
      }
      double s = 0, farthest = 0;
      for (uint32_t i = net.first_dest[o]; i < net.first_dest[o + 1]; ++i) {
        const uint32_t d = net.dest[i];
        const double q = net.demand[i];
        if (!dij.reached(d)) no_path(net, o, d, q);
        s += q * dij.dist(d);
        farthest = std::max(farthest, dij.dist(d));
        if (buf) {
          for (uint32_t v = d, a; (a = dij.pred_arc(v)) != route::kInvalid; v = net.tail[a])
            (*buf)[off + a] += q;
        }
      }
      sptt[o] = s;
      if (bounds) (*bounds)[o] = farthest * (1 + kBoundSlack);
    }
  });
  if (out) {
    out->assign(km, 0.0);
    parallel_chunks(static_cast<uint32_t>(km), 4096, threads, [&](uint32_t begin, uint32_t end) {
      for (const auto& bf : block_flow)
        for (uint32_t a = begin; a < end; ++a) (*out)[a] += bf[a];
    });
  }
  double total = 0;
  for (double s : sptt) total += s;
  return total;
}

}  // namespace detail
}  // namespace corridor::assign
