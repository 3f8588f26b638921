// Freight assignment through the facade: demand file -> per-day ODs -> assign::assign_freight
// under one or two scenarios -> flows per link, section and corridor.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "corridor/api/api.h"
#include "corridor/api/demand_ods.h"
#include "corridor/api/engine.h"
#include "corridor/assign/freight.h"
#include "corridor/core/files.h"
#include "corridor/core/text.h"
#include "corridor/io/csv.h"
#include "corridor/io/dataset.h"

namespace corridor::api {

void AssignRequest::validate() const {
  if (demand_file.empty()) throw Error(Errc::usage, "a demand file is required (--demand FILE)");
  if (!(gap > 0 && gap < 1)) throw Error(Errc::usage, "'gap' must be in (0, 1)");
  if (max_iter < 1 || max_iter > 1000000)
    throw Error(Errc::usage, "'max_iter' must be in [1, 1000000]");
  if (algorithm != "b" && algorithm != "fw" && algorithm != "cfw" && algorithm != "bfw")
    throw Error(Errc::usage, "unknown algorithm '" + algorithm + "'", {},
                {"b", "fw", "cfw", "bfw"});
}

namespace {

struct Run {
  assign::FreightResult result;
  const network::Network* net;
  double tonnes_per_unit;
};

Run run_one(const Engine& e, const AssignRequest& req, const std::string& scenario,
            const std::string& profile, int year, const std::vector<io::DemandRow>& rows) {
  const auto& v = e.view(scenario);
  const auto& prof = v.router->profile(profile);
  std::vector<assign::FreightOd> ods;
  for (const auto& d : rows) {
    DemandOd od = resolve_demand_row(e, d);
    ods.push_back({od.origin, od.destination, od.tonnes_per_year / prof.tonnes_per_unit / 365.0,
                   d.corridor.empty() ? "all" : d.corridor});
  }
  route::Options o;
  o.profile = profile;
  o.year = year;
  assign::AssignOptions ao;
  ao.algorithm = req.algorithm;
  ao.gap = req.gap;
  ao.max_iter = req.max_iter;
  ao.threads = req.threads;
  NullReporter quiet;
  return {
      assign::assign_freight(v.applied.net, *v.router, o, ods, ao, assign::FreightOptions{}, quiet),
      &v.applied.net, prof.tonnes_per_unit};
}

// A section is a cut: its links run side by side, so flows and capacities add up; V/C is that of
// the busiest link (in its busier direction).
SectionLoad section_load(const Section& sec, const Run& run) {
  double units = 0, cap = 0, vc = -1;
  for (const auto& id : sec.links) {
    auto li = run.net->find_link(id);
    if (!li) continue;
    const double ab = run.result.flow_ab[*li], ba = run.result.flow_ba[*li];
    units += ab + ba;
    const auto& l = run.net->links[*li];
    if (l.capacity_tpd && *l.capacity_tpd > 0) {
      cap += *l.capacity_tpd;
      vc = std::max(vc, std::max(ab, ba) * run.tonnes_per_unit / *l.capacity_tpd);
    }
  }
  SectionLoad s;
  s.units_per_day = units;
  s.tonnes_per_day = units * run.tonnes_per_unit;
  if (cap > 0) s.capacity_tpd = cap;
  if (vc >= 0) s.vc = vc;
  return s;
}

// Share of a corridor's demand routed across a section (select-link attribution; each OD path
// crosses a cut once).
double corridor_share(const Section& sec, const Run& run, const std::string& corridor) {
  auto it = run.result.corridor_link_flow.find(corridor);
  auto dt = run.result.corridor_demand.find(corridor);
  if (it == run.result.corridor_link_flow.end() || dt == run.result.corridor_demand.end() ||
      dt->second <= 0)
    return 0;
  double f = 0;
  for (const auto& id : sec.links)
    if (auto li = run.net->find_link(id)) f += it->second[*li];
  return std::min(1.0, f / dt->second);
}

}  // namespace

AssignResult assign(const Engine& e, const AssignRequest& req) {
  req.validate();
  AssignResult out;
  out.scenario = e.scenario_or_default(req.scenario);
  out.profile = e.profile_or_default(req.profile);
  out.demand_file = req.demand_file;
  // The base runs at the scenario's year: a with/without comparison never mixes years.
  out.year = req.year ? *req.year : e.view(out.scenario).applied.year;
  if (!req.base.empty()) {
    e.view(req.base);
    out.base = req.base;
  }
  auto rows = io::load_demand(req.demand_file);
  auto sections = load_sections(e);
  out.headline_section = e.defaults.headline_section;
  if (!out.headline_section.empty() &&
      std::none_of(sections.begin(), sections.end(),
                   [&](const Section& s) { return s.id == out.headline_section; }))
    throw Error(Errc::invalid_dataset, e.dir + "/config.csv:2:1: headline_section '" +
                                           out.headline_section +
                                           "' is not a section of sections.csv");
  if (out.headline_section.empty() && !sections.empty()) out.headline_section = sections[0].id;
  Run scen = run_one(e, req, out.scenario, out.profile, out.year, rows);
  std::optional<Run> base;
  if (out.base) base = run_one(e, req, *out.base, out.profile, out.year, rows);
  double total = 0;
  for (const auto& [c, v] : scen.result.corridor_demand) total += v;
  for (const auto& [c, v] : scen.result.unrouted) total += v;
  out.demand_units_per_day = total;
  out.summary = scen.result.summary;
  if (base) out.base_summary = base->result.summary;
  for (const auto& s : sections) {
    SectionFlow f{s.id, s.name, section_load(s, scen), std::nullopt};
    if (base) f.base = section_load(s, *base);
    out.sections.push_back(std::move(f));
  }
  std::set<std::string> corridors;
  for (const auto& [c, v] : scen.result.corridor_demand) corridors.insert(c);
  for (const auto& [c, v] : scen.result.unrouted) corridors.insert(c);
  for (const auto& c : corridors) {
    CorridorFlow cf;
    cf.corridor = c;
    auto dem = scen.result.corridor_demand.count(c) ? scen.result.corridor_demand.at(c) : 0.0;
    auto un = scen.result.unrouted.count(c) ? scen.result.unrouted.at(c) : 0.0;
    cf.demand_units_per_day = dem + un;
    cf.unrouted_units_per_day = un;
    for (const auto& s : sections) {
      ShareVia sh{s.id, corridor_share(s, scen, c), std::nullopt};
      if (base) sh.base = corridor_share(s, *base, c);
      cf.share_via.push_back(sh);
    }
    out.corridors.push_back(std::move(cf));
  }
  const auto& net = *scen.net;
  for (network::LinkIdx i : net.links.ids()) {
    const auto& l = net.links[i];
    double ab = scen.result.flow_ab[i], ba = scen.result.flow_ba[i];
    if (ab + ba <= 1e-9) continue;
    LinkFlow f;
    f.link = i;
    f.id = l.id;
    f.mode = l.mode;
    f.from = net.nodes[l.from].id;
    f.to = net.nodes[l.to].id;
    f.border = net.crosses_border(l);
    f.flow_ab = ab;
    f.flow_ba = ba;
    f.tonnes_per_day = (ab + ba) * scen.tonnes_per_unit;
    f.delay_hours = scen.result.delay_hours[i];
    if (l.capacity_tpd && *l.capacity_tpd > 0) {
      f.capacity_tpd = *l.capacity_tpd;
      f.vc = std::max(ab, ba) * scen.tonnes_per_unit / *l.capacity_tpd;
    }
    out.links.push_back(std::move(f));
  }
  return out;
}

}  // namespace corridor::api
