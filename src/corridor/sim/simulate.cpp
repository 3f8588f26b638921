#include "corridor/sim/simulate.h"

#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "corridor/core/error.h"

namespace corridor::sim {

double t_quantile_975(int df) {
  static const double table[] = {0,     12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365,
                                 2.306, 2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
                                 2.120, 2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069,
                                 2.064, 2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (df <= 0) return 0;
  if (df <= 30) return table[df];
  // Cornish-Fisher expansion around z = 1.959964 (error < 1e-4 for df > 30).
  const double z = 1.959963985, d = df;
  return z + (z * z * z + z) / (4 * d) +
         (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * d * d);
}

Estimate estimate(const std::vector<double>& v) {
  Estimate e;
  if (v.empty()) return e;
  const double n = static_cast<double>(v.size());
  double s = 0;
  for (double x : v) s += x;
  e.mean = s / n;
  if (v.size() > 1) {
    double ss = 0;
    for (double x : v) ss += (x - e.mean) * (x - e.mean);
    e.half_width = t_quantile_975(static_cast<int>(v.size()) - 1) * std::sqrt(ss / (n - 1) / n);
  }
  return e;
}

Summary summarise(std::vector<double>& v) {
  Summary s;
  s.n = static_cast<double>(v.size());
  if (!v.empty()) {
    double sum = 0;
    for (double x : v) sum += x;  // in arrival order: the same bits at any thread count
    s.mean = sum / s.n;
    std::sort(v.begin(), v.end());
    auto q = [&](double p) {
      const double h = (s.n - 1) * p;
      const size_t lo = static_cast<size_t>(std::floor(h));
      const size_t hi = std::min(lo + 1, v.size() - 1);
      return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
    };
    s.p50 = q(0.5);
    s.p95 = q(0.95);
  }
  std::vector<double>().swap(v);
  return s;
}

double quantile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1) * p;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

std::vector<ReplicationResult> run_replications(const Model& model, const RunSpec& base,
                                                int replications, int threads) {
  std::vector<ReplicationResult> out(static_cast<size_t>(replications));
  auto body = [&](int r) {
    RunSpec s = base;
    s.replication = r;
    out[static_cast<size_t>(r)] = run_replication(model, s);
  };
  if (threads == 1 || replications == 1) {
    for (int r = 0; r < replications; ++r) body(r);
  } else {
    auto run = [&] { tbb::parallel_for(0, replications, body); };
    if (threads <= 0) {
      run();
    } else {
      tbb::task_arena arena(threads);
      arena.execute(run);
    }
  }
  return out;
}

namespace {

// Per-direction throughput and mean wait of one replication (units per day, minutes).
struct DirFigures {
  double per_day[2] = {0, 0}, wait[2] = {0, 0};
};
DirFigures dir_figures(const Model& m, const ReplicationResult& r, double days) {
  DirFigures f;
  double n[2] = {0, 0};
  for (size_t i = 0; i < m.flows.size(); ++i) {
    const int d = m.flows[i].direction;
    f.per_day[d] += r.flows[i].completed / days;
    f.wait[d] += r.flows[i].wait_summary.mean * r.flows[i].wait_summary.n;
    n[d] += r.flows[i].wait_summary.n;
  }
  for (int d = 0; d < 2; ++d) f.wait[d] = n[d] > 0 ? f.wait[d] / n[d] : 0;
  return f;
}

std::string unit_of_direction(const Model& m, int d) {
  std::string u;
  for (const auto& f : m.flows)
    if (f.direction == d) {
      const std::string k = unit_name(f.arrivals.unit);
      if (u.empty())
        u = k;
      else if (u != k)
        return "unit";
    }
  return u;
}

const char* basis(ElementSpec::Kind k) {
  switch (k) {
    case ElementSpec::Kind::track:
      return "block occupancy incl. clearing time, mean over blocks";
    case ElementSpec::Kind::border:
      return "busy lane time / (lanes x time), all hours";
    case ElementSpec::Kind::yard:
      return "busy track time / (tracks x time)";
    case ElementSpec::Kind::ferry:
      return "mean deck load factor of sailings";
  }
  return "";
}

}  // namespace

SimResult simulate(const Model& model, const SimOptions& o) {
  SimResult res;
  res.model = model.name;
  res.file = model.file;
  res.seed = o.seed.value_or(model.seed);
  res.replications = o.replications.value_or(model.replications);
  res.days = o.days.value_or(model.days);
  res.warmup_days = o.warmup_days.value_or(model.warmup_days);
  if (res.replications < 1) throw Error(Errc::usage, "--replications must be >= 1");
  if (!(res.days > 0)) throw Error(Errc::usage, "--days must be > 0");
  // About 400 points for the queue-length chart, in whole minutes, at least one hour.
  res.bucket_minutes = std::max(60.0, std::ceil(res.days * 1440 / 400 / 60) * 60);

  RunSpec base;
  base.seed = res.seed;
  base.days = res.days;
  base.warmup_days = res.warmup_days;
  base.bucket_minutes = res.bucket_minutes;
  std::vector<ReplicationResult> reps = run_replications(model, base, res.replications, o.threads);

  const size_t R = reps.size();
  for (const auto& r : reps) res.events += r.events;
  double offered[2] = {0, 0};
  for (size_t i = 0; i < model.flows.size(); ++i) {
    const FlowSpec& f = model.flows[i];
    FlowResult fr;
    fr.id = f.id;
    fr.direction = dir_name(f.direction);
    fr.unit = unit_name(f.arrivals.unit);
    fr.offered_per_day = f.arrivals.units_per_day();
    offered[f.direction] += fr.offered_per_day;
    std::vector<double> pd, wm, w50, w95, sm;
    for (const auto& r : reps) {
      const FlowRaw& x = r.flows[i];
      pd.push_back(x.completed / res.days);
      wm.push_back(x.wait_summary.mean);
      w50.push_back(x.wait_summary.p50);
      w95.push_back(x.wait_summary.p95);
      sm.push_back(x.system_summary.mean);
    }
    fr.per_day = estimate(pd);
    fr.wait_mean = estimate(wm);
    fr.wait_p50 = estimate(w50);
    fr.wait_p95 = estimate(w95);
    fr.system_mean = estimate(sm);
    res.flows.push_back(std::move(fr));
  }
  for (int d = 0; d < 2; ++d) {
    bool any = false;
    for (const auto& f : model.flows) any = any || f.direction == d;
    if (!any) continue;
    DirectionResult dr;
    dr.direction = dir_name(d);
    dr.unit = unit_of_direction(model, d);
    dr.offered_per_day = offered[d];
    std::vector<double> pd;
    for (const auto& r : reps) pd.push_back(dir_figures(model, r, res.days).per_day[d]);
    dr.per_day = estimate(pd);
    res.directions.push_back(std::move(dr));
  }
  for (size_t e = 0; e < model.elements.size(); ++e) {
    const ElementSpec& el = model.elements[e];
    ResourceResult rr;
    rr.id = el.id;
    rr.kind = kind_name(el.kind);
    rr.name = el.name;
    rr.nodes = el.nodes;
    rr.links = el.links;
    rr.utilisation_basis = basis(el.kind);
    std::vector<double> ut, mq;
    for (const auto& r : reps) {
      ut.push_back(r.resources[e].utilisation);
      mq.push_back(r.resources[e].mean_queue);
      rr.deadlocks += r.resources[e].deadlocks;
    }
    rr.utilisation = estimate(ut);
    rr.mean_queue = estimate(mq);
    for (const auto& f : model.flows)
      if (std::find(f.route.begin(), f.route.end(), static_cast<int>(e)) != f.route.end())
        rr.used[f.direction] = true;
    for (int d = 0; d < 2; ++d) {
      if (!rr.used[d]) continue;
      std::vector<double> wm, w50, w95;
      for (const auto& r : reps) {
        const Summary& w = r.resources[e].wait_summary[d];
        wm.push_back(w.mean);
        w50.push_back(w.p50);
        w95.push_back(w.p95);
      }
      rr.wait_mean[d] = estimate(wm);
      rr.wait_p50[d] = estimate(w50);
      rr.wait_p95[d] = estimate(w95);
    }
    const size_t nb = reps.empty() ? 0 : reps[0].resources[e].queue_series.size();
    rr.queue_series.assign(nb, 0);
    for (const auto& r : reps)
      for (size_t k = 0; k < nb; ++k) rr.queue_series[k] += r.resources[e].queue_series[k] / R;
    res.resources.push_back(std::move(rr));
  }
  reps.clear();

  if (o.capacity) {
    CapacityResult cap;
    cap.wait_limit = model.wait_limit;
    RunSpec cb = base;
    cb.bucket_minutes = res.days * 1440;  // one bucket: the chart is not needed here
    auto scales_for = [&](const double want[2]) {
      std::vector<double> s;
      for (const auto& f : model.flows) {
        const double off = offered[f.direction];
        s.push_back(off > 0 ? want[f.direction] / off : 1.0);
      }
      return s;
    };
    auto run_at = [&](const std::vector<double>& scale) {
      RunSpec s = cb;
      s.flow_scale = scale;
      try {
        return run_replications(model, s, res.replications, o.threads);
      } catch (const std::invalid_argument& e) {
        throw Error(Errc::usage, std::string("--capacity: ") + e.what());
      }
    };
    // Capacity at the file's mix: the largest common multiplier s of every flow's demand at
    // which each direction still carries at least 99 % of what is offered (doubling, then 8
    // bisection steps). A saturated throughput under overload would overstate it when flows
    // have different bottlenecks (the unsaturated ones keep growing).
    auto carried = [&](double s, std::vector<double> out[2]) {
      const double want[2] = {s * offered[0], s * offered[1]};
      auto rr = run_at(scales_for(want));
      bool ok = true;
      for (int d = 0; d < 2; ++d) {
        out[d].clear();
        for (const auto& r : rr) out[d].push_back(dir_figures(model, r, res.days).per_day[d]);
        if (want[d] > 0 && estimate(out[d]).mean < 0.99 * want[d]) ok = false;
      }
      return ok;
    };
    std::vector<double> lo_runs[2], runs[2];
    double lo = 0, hi = 0, s = 1;
    for (int it = 0; it < 20 && hi == 0; ++it, s *= 2) {
      if (carried(s, runs)) {
        lo = s;
        for (int d = 0; d < 2; ++d) lo_runs[d] = runs[d];
      } else {
        hi = s;
      }
    }
    if (lo == 0) {  // saturated already at the file's demand: halve until carried
      for (s = 0.5; s > 1e-6 && lo == 0; s /= 2) {
        if (carried(s, runs)) {
          lo = s;
          for (int d = 0; d < 2; ++d) lo_runs[d] = runs[d];
        } else {
          hi = s;
        }
      }
    }
    for (int it = 0; it < 8 && hi > 0; ++it) {
      const double mid = (lo + hi) / 2;
      if (carried(mid, runs)) {
        lo = mid;
        for (int d = 0; d < 2; ++d) lo_runs[d] = runs[d];
      } else {
        hi = mid;
      }
    }
    double sat[2];
    for (int d = 0; d < 2; ++d) {
      sat[d] = lo * offered[d];
      cap.capacity_offered_per_day[d] = sat[d];
      cap.capacity_per_day[d] = estimate(lo_runs[d]);
    }
    for (double load : o.capacity_loads) {
      CapacityPoint p;
      p.load = load;
      const double w2[2] = {load * sat[0], load * sat[1]};
      p.offered_per_day[0] = w2[0];
      p.offered_per_day[1] = w2[1];
      auto rr = run_at(scales_for(w2));
      std::vector<double> pd[2], wt[2];
      for (const auto& r : rr) {
        DirFigures f = dir_figures(model, r, res.days);
        for (int d = 0; d < 2; ++d) {
          pd[d].push_back(f.per_day[d]);
          wt[d].push_back(f.wait[d]);
        }
      }
      for (int d = 0; d < 2; ++d) {
        p.per_day[d] = estimate(pd[d]);
        p.wait_mean[d] = estimate(wt[d]);
        if (cap.wait_limit > 0 && offered[d] > 0 && p.wait_mean[d].mean > cap.wait_limit)
          p.over_limit = true;
      }
      if (!p.over_limit && cap.wait_limit > 0)
        cap.highest_load_within_limit = std::max(cap.highest_load_within_limit, load);
      cap.points.push_back(p);
    }
    res.capacity = std::move(cap);
  }
  return res;
}

}  // namespace corridor::sim
