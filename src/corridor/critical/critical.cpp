#include "corridor/critical/critical.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <memory>
#include <string>

#include "corridor/assign/freight.h"
#include "corridor/core/error.h"
#include "corridor/core/reporter.h"

namespace corridor::critical {

bool glob_match(std::string_view p, std::string_view t) {
  size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
  while (ti < t.size()) {
    if (pi < p.size() && (p[pi] == '?' || p[pi] == t[ti])) {
      ++pi;
      ++ti;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = ti;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

AonBase assign_aon(const route::Router& router, const route::Options& ro,
                   const std::vector<Od>& ods) {
  AonBase b;
  b.volume = network::IndexedVector<network::LinkIdx, double>(router.network().links.size(), 0.0);
  b.paths.resize(ods.size());
  for (size_t i = 0; i < ods.size(); ++i) {
    const auto& od = ods[i];
    b.paths[i].units = od.units_per_day;
    if (od.units_per_day <= 0) continue;
    if (od.origin == od.destination) {
      b.paths[i].routed = true;
      b.served += od.units_per_day;
      continue;
    }
    auto path = router.shortest(od.origin, od.destination, ro);
    if (!path) {
      b.unserved += od.units_per_day;
      continue;
    }
    auto& p = b.paths[i];
    p.routed = true;
    p.cost = path->cost;
    for (const auto& s : path->steps)
      if (s.kind == route::StepKind::link) {
        p.links.push_back(s.link);
        b.volume[s.link] += od.units_per_day;
      }
    b.served += od.units_per_day;
    b.total_cost += od.units_per_day * p.cost;
  }
  return b;
}

namespace {

struct UeRun {
  double cost = 0, unserved = 0;
  network::IndexedVector<network::LinkIdx, double> volume;
  std::vector<char> unrouted;  // per OD
};

UeRun run_ue(const network::Network& net, const route::Router& router, const route::Options& ro,
             const std::vector<Od>& ods, const assign::AssignOptions& ao) {
  std::vector<assign::FreightOd> fods;
  // One label per OD (zero-padded: the map's order is the OD order) tells which ODs have no path.
  char label[32];
  for (size_t i = 0; i < ods.size(); ++i) {
    std::snprintf(label, sizeof label, "%012zu", i);
    fods.push_back({ods[i].origin, ods[i].destination, ods[i].units_per_day, label});
  }
  NullReporter quiet;
  auto fr = assign::assign_freight(net, router, ro, fods, ao, assign::FreightOptions{}, quiet);
  UeRun r;
  r.cost = fr.summary.tstt;
  r.unrouted.assign(ods.size(), 0);
  for (const auto& [c, u] : fr.unrouted) {
    r.unserved += u;
    r.unrouted[std::stoul(c)] = 1;
  }
  r.volume = network::IndexedVector<network::LinkIdx, double>(net.links.size(), 0.0);
  for (auto l : net.links.ids()) r.volume[l] = fr.flow_ab[l] + fr.flow_ba[l];
  return r;
}

bool uses(const std::vector<network::LinkIdx>& path, network::LinkIdx l) {
  return std::find(path.begin(), path.end(), l) != path.end();
}

double emission_of(const network::IndexedVector<network::LinkIdx, double>& em,
                   const std::vector<network::LinkIdx>& links) {
  double e = 0;
  if (!em.empty())
    for (auto l : links) e += em[l];
  return e;
}

Impact aon_impact(const route::Router& router, const route::Options& ro, const std::vector<Od>& ods,
                  const AonBase& base, const Removal& rm,
                  const network::IndexedVector<network::LinkIdx, double>& em) {
  Impact im;
  im.link = rm.a;
  im.link2 = rm.b;
  im.base_volume = base.volume[rm.a];
  if (rm.b) im.base_volume2 = base.volume[*rm.b];
  route::Options o = ro;
  o.banned.push_back(rm.a);
  if (rm.b) o.banned.push_back(*rm.b);
  for (size_t i = 0; i < ods.size(); ++i) {
    const auto& p = base.paths[i];
    if (!p.routed || !(uses(p.links, rm.a) || (rm.b && uses(p.links, *rm.b)))) continue;
    ++im.ods_affected;
    auto alt = router.shortest(ods[i].origin, ods[i].destination, o);
    if (!alt) {
      im.unserved += ods[i].units_per_day;
      continue;
    }
    im.delta_cost += ods[i].units_per_day * (alt->cost - p.cost);
    if (!em.empty()) {
      double after = 0;
      for (const auto& st : alt->steps)
        if (st.kind == route::StepKind::link) after += em[st.link];
      im.delta_emission += ods[i].units_per_day * (after - emission_of(em, p.links));
    }
  }
  im.connected = im.unserved <= 0;
  return im;
}

}  // namespace

struct Analyser::Impl {
  const network::Network& net;
  const route::Router& router;
  route::Options ro;
  std::vector<Od> ods;
  Options opt;
  assign::AssignOptions ao;
  Analysis base;
  AonBase aon;
  UeRun ue;
};

Analyser::Analyser(const network::Network& net, const route::Router& router,
                   const route::Options& ro, const std::vector<Od>& ods, const Options& opt) {
  if (opt.capacity_fraction) {
    if (opt.assignment == Assignment::aon)
      throw Error(Errc::usage,
                  "a capacity cut needs --assign ue: the all-or-nothing assignment is "
                  "uncongested, so capacity does not change it");
    if (!(*opt.capacity_fraction >= 0 && *opt.capacity_fraction < 1))
      throw Error(Errc::usage, "the capacity fraction must be in [0, 1)");
  }
  if (!opt.link_emission.empty() && opt.link_emission.size() != net.links.size())
    throw Error(Errc::usage, "link_emission must have one value per link of the network");
  impl_ = std::make_unique<Impl>(Impl{net, router, ro, ods, opt, opt.ue_options, {}, {}, {}});
  auto& m = *impl_;
  // UE: the inner assignment runs single-threaded, so parallelism is over candidates and every
  // result is independent of the thread count.
  m.ao.threads = 1;
  if (opt.assignment == Assignment::aon) {
    m.aon = assign_aon(router, ro, ods);
    m.base.base_cost = m.aon.total_cost;
    m.base.base_served = m.aon.served;
    m.base.base_unserved = m.aon.unserved;
    m.base.base_volume = m.aon.volume;
  } else {
    m.ue = run_ue(net, router, ro, ods, m.ao);
    m.base.base_cost = m.ue.cost;
    m.base.base_unserved = m.ue.unserved;
    for (const auto& od : ods) m.base.base_served += std::max(0.0, od.units_per_day);
    m.base.base_served -= m.ue.unserved;
    m.base.base_volume = m.ue.volume;
  }
}

Analyser::~Analyser() = default;

const Analysis& Analyser::base() const { return impl_->base; }

Impact Analyser::impact(network::LinkIdx link) const { return impact(Removal{link, {}}); }

Impact Analyser::impact(const Removal& rm) const {
  const auto& m = *impl_;
  if (!m.net.links.contains(rm.a) || (rm.b && !m.net.links.contains(*rm.b)))
    throw Error(Errc::usage, "link index out of range");
  if (rm.b && *rm.b == rm.a) throw Error(Errc::usage, "a pair removal needs two different links");
  if (m.opt.assignment == Assignment::aon)
    return aon_impact(m.router, m.ro, m.ods, m.aon, rm, m.opt.link_emission);
  const auto& net = m.net;
  const auto& base = m.ue;
  std::vector<network::LinkIdx> links{rm.a};
  if (rm.b) links.push_back(*rm.b);
  UeRun after;
  if (m.opt.capacity_fraction) {
    bool any = false;
    for (auto link : links) {
      const auto& l = net.links[link];
      any = any || (l.capacity_tpd && *l.capacity_tpd > 0);
    }
    if (!any) {
      after = base;  // uncapacitated: a capacity cut does not apply
    } else {
      network::Network cut = net;
      for (auto link : links)
        if (auto& c = cut.links[link].capacity_tpd; c && *c > 0) *c *= *m.opt.capacity_fraction;
      route::Router rcut(cut);
      after = run_ue(cut, rcut, m.ro, m.ods, m.ao);
    }
  } else {
    route::Options o = m.ro;
    for (auto link : links) o.banned.push_back(link);
    after = run_ue(net, m.router, o, m.ods, m.ao);
  }
  Impact im;
  im.link = rm.a;
  im.link2 = rm.b;
  im.base_volume = base.volume[rm.a];
  if (rm.b) im.base_volume2 = base.volume[*rm.b];
  // Δ cost over the ODs still served: if the cut left some without a path, the base is re-solved
  // without them so that lost demand never counts as a saving.
  const auto& em = m.opt.link_emission;
  auto emission = [&](const UeRun& r) {
    double e = 0;
    if (!em.empty())
      for (auto l : net.links.ids()) e += r.volume[l] * em[l];
    return e;
  };
  double before = base.cost, before_emission = emission(base);
  if (after.unrouted != base.unrouted) {
    std::vector<Od> kept = m.ods;
    for (size_t k = 0; k < kept.size(); ++k)
      if (after.unrouted[k]) kept[k].units_per_day = 0;
    UeRun b = run_ue(net, m.router, m.ro, kept, m.ao);
    before = b.cost;
    before_emission = emission(b);
  }
  im.delta_cost = after.cost - before;
  im.delta_emission = emission(after) - before_emission;
  im.unserved = std::max(0.0, after.unserved - base.unserved);
  im.connected = im.unserved <= 1e-12;
  return im;
}

std::vector<Removal> singles_of(const std::vector<network::LinkIdx>& candidates) {
  std::vector<Removal> out;
  out.reserve(candidates.size());
  for (auto l : candidates) out.push_back({l, {}});
  return out;
}

std::vector<Removal> pairs_of(const std::vector<network::LinkIdx>& candidates) {
  std::vector<Removal> out;
  const size_t n = candidates.size();
  out.reserve(n < 2 ? 0 : n * (n - 1) / 2);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 1; j < n; ++j) out.push_back({candidates[i], candidates[j]});
  return out;
}

Analysis analyse(const network::Network& net, const route::Router& router, const route::Options& ro,
                 const std::vector<Od>& ods, const std::vector<network::LinkIdx>& candidates,
                 const Options& opt) {
  return analyse(net, router, ro, ods, singles_of(candidates), opt);
}

Analysis analyse(const network::Network& net, const route::Router& router, const route::Options& ro,
                 const std::vector<Od>& ods, const std::vector<Removal>& removals,
                 const Options& opt) {
  Analyser an(net, router, ro, ods, opt);
  for (const auto& r : removals)
    if (!net.links.contains(r.a) || (r.b && !net.links.contains(*r.b)))
      throw Error(Errc::usage, "link index out of range");
  Analysis a = an.base();
  a.impacts.resize(removals.size());
  tbb::task_arena arena(opt.threads > 0 ? opt.threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, removals.size()),
                      [&](const tbb::blocked_range<size_t>& r) {
                        for (size_t i = r.begin(); i < r.end(); ++i)
                          a.impacts[i] = an.impact(removals[i]);
                      });
  });
  return a;
}

std::vector<size_t> rank(const network::Network& net, const std::vector<Impact>& impacts,
                         Metric metric) {
  std::vector<size_t> order(impacts.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const auto& a = impacts[x];
    const auto& b = impacts[y];
    if (metric == Metric::interaction) {
      if (a.interaction != b.interaction) return a.interaction > b.interaction;
    } else {
      if (metric != Metric::cost && a.unserved != b.unserved) return a.unserved > b.unserved;
      if (metric != Metric::unserved && a.delta_cost != b.delta_cost)
        return a.delta_cost > b.delta_cost;
    }
    const auto& ia = net.links[a.link].id;
    const auto& ib = net.links[b.link].id;
    if (ia != ib) return ia < ib;
    if (a.link2.has_value() != b.link2.has_value()) return !a.link2.has_value();
    if (a.link2) return net.links[*a.link2].id < net.links[*b.link2].id;
    return false;
  });
  return order;
}

void pair_interactions(std::vector<Impact>& pairs, const std::vector<Impact>& singles) {
  std::vector<std::pair<network::LinkIdx, double>> single;
  for (const auto& s : singles)
    if (!s.link2) single.emplace_back(s.link, s.delta_cost);
  std::sort(single.begin(), single.end());
  auto of = [&](network::LinkIdx l) {
    auto it = std::lower_bound(single.begin(), single.end(), std::pair{l, -HUGE_VAL});
    if (it == single.end() || it->first != l)
      throw Error(Errc::internal, "pair_interactions: no single removal of a pair's link");
    return it->second;
  };
  for (auto& p : pairs)
    if (p.link2) p.interaction = p.delta_cost - of(p.link) - of(*p.link2);
}

std::vector<network::LinkIdx> select_links(const network::Network& net, const std::string& filter,
                                           int year) {
  std::vector<std::string> terms;
  size_t s = 0;
  while (s <= filter.size()) {
    size_t e = filter.find(',', s);
    if (e == std::string::npos) e = filter.size();
    if (e > s) terms.push_back(filter.substr(s, e - s));
    s = e + 1;
  }
  std::vector<network::LinkIdx> out;
  for (auto i : net.links.ids()) {
    const auto& l = net.links[i];
    if (!l.open_in(year)) continue;
    bool take = terms.empty();
    for (const auto& t : terms) {
      if (t == "border")
        take = take || net.crosses_border(l) || l.type == network::LinkType::border;
      else if (t == "rail" || t == "road" || t == "ferry")
        take = take || network::to_string(l.mode) == t;
      else
        take = take || glob_match(t, l.id);
    }
    if (take) out.push_back(i);
  }
  if (out.empty())
    throw Error(Errc::usage, "no open link matches --links '" + filter + "'", {},
                {"border", "rail", "road", "ferry", "an id glob such as 'GE-*'"});
  return out;
}

std::vector<SelectedOd> select_link(const AonBase& base, network::LinkIdx link) {
  std::vector<SelectedOd> out;
  for (size_t i = 0; i < base.paths.size(); ++i) {
    const auto& p = base.paths[i];
    if (!p.routed) continue;
    // A path may use a link once per direction at most; count each use.
    for (auto l : p.links)
      if (l == link) out.push_back({i, p.units});
  }
  return out;
}

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

assign::AssignProblem without_link(const assign::AssignProblem& p, uint32_t link) {
  if (link >= p.num_links()) throw Error(Errc::usage, "link index out of range");
  assign::AssignProblem q = p;
  auto drop = [&](auto& v) {
    if (v.size() == p.num_links()) v.erase(v.begin() + link);
  };
  drop(q.tail);
  drop(q.head);
  drop(q.free_flow_time);
  drop(q.capacity);
  drop(q.b);
  drop(q.power);
  drop(q.linear_cost);
  drop(q.queue);
  drop(q.queue_scale);
  return q;
}

namespace {

// Per OD: is the destination reachable from the origin without passing through a zone?
std::vector<char> reachable(const assign::AssignProblem& p) {
  const uint32_t n = p.num_nodes;
  std::vector<uint32_t> start(n + 1, 0), adj(p.num_links());
  for (uint32_t l = 0; l < p.num_links(); ++l) ++start[p.tail[l] + 1];
  for (uint32_t v = 0; v < n; ++v) start[v + 1] += start[v];
  std::vector<uint32_t> fill(start.begin(), start.end() - 1);
  for (uint32_t l = 0; l < p.num_links(); ++l) adj[fill[p.tail[l]]++] = p.head[l];
  std::vector<char> out(p.demand.size(), 0);
  // One search per distinct origin (ODs grouped by origin), each with its own visit stamp.
  std::vector<size_t> order(p.demand.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return p.demand[x].origin < p.demand[y].origin; });
  std::vector<uint32_t> seen(n, 0), stack;
  uint32_t stamp = 0;
  for (size_t k = 0; k < order.size(); ++k) {
    const uint32_t o = p.demand[order[k]].origin;
    if (k == 0 || p.demand[order[k - 1]].origin != o) {
      ++stamp;
      stack.assign(1, o);
      seen[o] = stamp;
      while (!stack.empty()) {
        const uint32_t v = stack.back();
        stack.pop_back();
        if (v != o && v < p.first_thru_node) continue;  // a zone: reached, not passed through
        for (uint32_t e = start[v]; e < start[v + 1]; ++e)
          if (seen[adj[e]] != stamp) {
            seen[adj[e]] = stamp;
            stack.push_back(adj[e]);
          }
      }
    }
    const auto& d = p.demand[order[k]];
    out[order[k]] = d.destination == o || seen[d.destination] == stamp;
  }
  return out;
}

}  // namespace

ProblemAnalysis analyse_problem(const assign::AssignProblem& problem,
                                const std::vector<uint32_t>& candidates,
                                const assign::AssignOptions& ue_options, int threads, bool warm) {
  for (auto l : candidates)
    if (l >= problem.num_links()) throw Error(Errc::usage, "link index out of range");
  assign::AssignOptions ao = ue_options;
  ao.threads = 1;
  NullReporter quiet;
  using Clock = std::chrono::steady_clock;
  ProblemAnalysis a;
  auto t0 = Clock::now();
  const double c0 = thread_cpu_seconds();
  assign::WarmStart ws;
  auto base = assign::assign(problem, ao, quiet, nullptr, warm ? &ws : nullptr);
  a.base_cpu_seconds = thread_cpu_seconds() - c0;
  a.base_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  a.base = base.summary;
  a.base_flow = base.flow;
  a.impacts.resize(candidates.size());
  tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, candidates.size()),
                      [&](const tbb::blocked_range<size_t>& r) {
                        for (size_t i = r.begin(); i < r.end(); ++i) {
                          const auto start = Clock::now();
                          const double cpu0 = thread_cpu_seconds();
                          const uint32_t link = candidates[i];
                          auto q = without_link(problem, link);
                          const auto ok = reachable(q);
                          ProblemImpact im;
                          im.link = link;
                          im.base_flow = base.flow[link];
                          std::vector<assign::OdDemand> kept;
                          for (size_t k = 0; k < q.demand.size(); ++k) {
                            if (ok[k])
                              kept.push_back(q.demand[k]);
                            else if (q.demand[k].origin != q.demand[k].destination)
                              im.unserved += q.demand[k].flow;
                          }
                          const assign::WarmStart* from = warm ? &ws : nullptr;
                          double before = base.summary.tstt;
                          if (kept.size() != q.demand.size()) {
                            assign::AssignProblem pb = problem;
                            pb.demand = kept;
                            before = assign::assign(pb, ao, quiet, from, nullptr).summary.tstt;
                          }
                          if (warm) {  // same numbering, the link closed
                            q = problem;
                            q.closed.assign(problem.num_links(), 0);
                            q.closed[link] = 1;
                          }
                          q.demand = std::move(kept);
                          auto after = assign::assign(q, ao, quiet, from, nullptr);
                          im.delta_tstt = after.summary.tstt - before;
                          im.connected = im.unserved <= 0;
                          im.iterations = after.summary.iterations;
                          im.converged = after.summary.converged;
                          im.seconds = std::chrono::duration<double>(Clock::now() - start).count();
                          im.cpu_seconds = thread_cpu_seconds() - cpu0;
                          a.impacts[i] = im;
                        }
                      });
  });
  return a;
}

}  // namespace corridor::critical
