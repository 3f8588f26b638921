// api::net_assign: freight assignment of a fixed demand on an imported network (net.h).
#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "corridor/api/detail/net_aon.h"
#include "corridor/api/net.h"

namespace corridor::api {
namespace {

struct Run {
  osm::NetScenario sc;
  std::vector<uint32_t> w;
  detail::NetAon aon;
  assign::AssignSummary summary;
};

Run run_one(const NetSession& s, const std::string& scenario,
            const std::vector<detail::NetOd>& ods) {
  const auto t0 = std::chrono::steady_clock::now();
  Run r;
  r.sc = net_scenario(s, scenario);
  r.w = osm::scenario_weights(s.net(), s.router->profile, r.sc);
  r.aon = detail::net_aon(s, r.w, ods);
  // Uncapacitated: the all-or-nothing loading is the equilibrium (gap 0 after one pass), and
  // Beckmann's objective, the total and the shortest-path travel time all equal Σ flow x cost.
  double tstt = 0;
  for (size_t i = 0; i < ods.size(); ++i)
    if (r.aon.paths[i].routed)
      tstt += ods[i].units * detail::hours_of(s.net(), r.aon.paths[i].cost);
  r.summary.iterations = 1;
  r.summary.relative_gap = 0;
  r.summary.tstt = r.summary.sptt = r.summary.beckmann = tstt;
  r.summary.algorithm = "aon (uncapacitated)";
  r.summary.converged = true;
  r.summary.stop_reason = "gap";
  r.summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace

AssignResult net_assign(const NetSession& s, const AssignRequest& req) {
  req.validate();
  if (req.year) throw Error(Errc::usage, "--year cannot be applied to an imported network (--net)");
  const osm::FlatNetwork& net = s.net();
  const std::vector<detail::NetOd> ods = detail::load_net_demand(s, req.demand_file, "assign");
  const Run scen = run_one(s, req.scenario, ods);
  std::optional<Run> base;
  if (!req.base.empty()) base = run_one(s, req.base, ods);

  AssignResult out;
  out.scenario = scen.sc.name;
  out.profile = s.router->profile.to_string();
  out.demand_file = req.demand_file;
  if (base) out.base = base->sc.name;
  for (const auto& od : ods) out.demand_units_per_day += od.units;
  out.summary = scen.summary;
  if (base) out.base_summary = base->summary;

  // Segments (a link and its reverse twin) that carry flow in either run.
  auto seg_of = [&](uint32_t a) {
    const uint32_t b = detail::twin(net, a);
    return b != route::kInvalid && b < a ? b : a;
  };
  std::set<uint32_t> loaded;
  for (const Run* r : {&scen, base ? static_cast<const Run*>(&*base) : nullptr}) {
    if (!r) continue;
    for (uint32_t a = 0; a < net.num_links(); ++a)
      if (r->aon.volume[a] > 0) loaded.insert(seg_of(a));
  }
  auto load = [&](const Run& r, uint32_t seg) {
    const uint32_t b = detail::twin(net, seg);
    SectionLoad l;
    l.units_per_day = r.aon.volume[seg] + (b != route::kInvalid ? r.aon.volume[b] : 0);
    l.tonnes_per_day = l.units_per_day;
    return l;
  };
  for (uint32_t seg : loaded) {
    const osm::FlatLink& l = net.links[seg];
    const uint32_t b = detail::twin(net, seg);
    LinkFlow f;
    f.link = network::LinkIdx(seg);
    f.id = net_segment_id(net, seg);
    f.from = std::to_string(net.input_id[l.tail]);
    f.to = std::to_string(net.input_id[l.head]);
    f.mode = l.link_mode();
    f.border = l.flags & osm::kBorder;
    f.flow_ab = scen.aon.volume[seg];
    f.flow_ba = b != route::kInvalid ? scen.aon.volume[b] : 0;
    f.tonnes_per_day = f.flow_ab + f.flow_ba;
    if (f.tonnes_per_day > 0) out.links.push_back(std::move(f));
    // Sections: the border crossings, busiest under the scenario first.
    if (!(l.flags & osm::kBorder)) continue;
    SectionFlow sf;
    sf.id = net_segment_id(net, seg);
    sf.name = net.countries[net.nodes[l.tail].country] + "-" +
              net.countries[net.nodes[l.head].country] + " crossing " + net_link_id(net, seg);
    sf.scenario = load(scen, seg);
    if (base) sf.base = load(*base, seg);
    out.sections.push_back(std::move(sf));
  }
  std::stable_sort(out.sections.begin(), out.sections.end(),
                   [](const SectionFlow& a, const SectionFlow& b) {
                     return a.scenario.units_per_day > b.scenario.units_per_day;
                   });
  if (!out.sections.empty()) out.headline_section = out.sections.front().id;

  // Corridors (the demand file's `corridor` column, else one "all"): share via each crossing.
  std::map<std::string, std::vector<size_t>> by_corridor;
  for (size_t i = 0; i < ods.size(); ++i)
    by_corridor[ods[i].corridor.empty() ? "all" : ods[i].corridor].push_back(i);
  for (const auto& entry : by_corridor) {
    // Not a structured binding: clang 14 cannot capture one in the lambda below.
    const std::vector<size_t>& idx = entry.second;
    CorridorFlow c;
    c.corridor = entry.first;
    for (size_t i : idx) {
      c.demand_units_per_day += ods[i].units;
      if (!scen.aon.paths[i].routed) c.unrouted_units_per_day += ods[i].units;
    }
    auto share = [&](const Run& r, const std::string& section) {
      double via = 0;
      for (size_t i : idx)
        for (uint32_t a : r.aon.paths[i].links)
          if (net_segment_id(net, seg_of(a)) == section) {
            via += ods[i].units;
            break;
          }
      return c.demand_units_per_day > 0 ? via / c.demand_units_per_day : 0;
    };
    for (const auto& sec : out.sections) {
      ShareVia sv;
      sv.section = sec.id;
      sv.scenario = share(scen, sec.id);
      if (base) sv.base = share(*base, sec.id);
      c.share_via.push_back(sv);
    }
    out.corridors.push_back(std::move(c));
  }
  return out;
}

}  // namespace corridor::api
