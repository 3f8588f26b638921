// Freight assignment through the facade: demand file -> per-day ODs -> assign::assign_freight
// under one or two scenarios -> flows per link, section and corridor.
#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

#include "corridor/api/api.h"
#include "corridor/api/engine.h"
#include "corridor/api/render.h"
#include "corridor/assign/freight.h"
#include "corridor/core/files.h"
#include "corridor/core/text.h"
#include "corridor/io/csv.h"
#include "corridor/io/dataset.h"

namespace corridor::api {

using nlohmann::json;

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

double r2(double v) { return std::round(v * 100) / 100; }

struct Section {
  std::string id, name;
  std::vector<std::string> links;
};

std::vector<Section> load_sections(const Engine& e) {
  std::vector<Section> out;
  std::string path = e.dir + "/sections.csv";
  if (!files::exists(path)) return out;
  std::vector<Diagnostic> problems;
  auto t = io::parse_csv(files::read_all(path), path, problems);
  io::CsvRowReader r(t, problems);
  if (!t.header.empty() && r.require_columns({"section", "name", "link_id", "source"})) {
    for (size_t i = 0; i < t.rows.size(); ++i) {
      r.set_row(i);
      std::string id = r.str("section", true), name = r.str("name", true),
                  link = r.str("link_id", true);
      r.str("source", true);
      if (!link.empty() && !e.base.find_link(link))
        r.problem("link_id", "unknown link '" + link + "'");
      if (out.empty() || out.back().id != id) out.push_back({id, name, {}});
      out.back().links.push_back(link);
    }
  }
  if (!problems.empty())
    throw Error(Errc::invalid_dataset, "invalid sections file '" + path + "'", problems);
  return out;
}

struct Run {
  assign::FreightResult result;
  const network::Network* net;
  double tonnes_per_unit;
};

Run run_one(const Engine& e, const AssignRequest& req, const std::string& scenario,
            const std::vector<io::DemandRow>& rows) {
  const auto& v = e.view(scenario);
  const auto& prof = v.router->profile(req.profile);
  const auto& teu = v.router->profile("teu");
  std::vector<assign::FreightOd> ods;
  for (const auto& d : rows) {
    double tonnes = d.unit == "teu" ? d.volume * teu.tonnes_per_unit : d.volume;
    network::NodeIdx o, dd;
    try {
      o = e.resolve(d.origin);
      dd = e.resolve(d.destination);
    } catch (Error& err) {
      throw Error(err.code(), d.where.to_string() + ": " + err.what(), err.details(),
                  err.suggestions());
    }
    ods.push_back(
        {o, dd, tonnes / prof.tonnes_per_unit / 365.0, d.corridor.empty() ? "all" : d.corridor});
  }
  route::Options o;
  o.profile = req.profile;
  o.year = req.year ? *req.year : v.applied.year;
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

json summary_json(const assign::AssignSummary& s) {
  return {{"iterations", s.iterations},
          {"relative_gap", s.relative_gap},
          {"beckmann", r2(s.beckmann)},
          {"tstt", r2(s.tstt)},
          {"seconds", std::round(s.seconds * 1000) / 1000},
          {"algorithm", s.algorithm},
          {"converged", s.converged}};
}

// A section is a cut: its links run side by side, so flows and capacities add up; V/C is that of
// the busiest link (in its busier direction).
json section_json(const Section& sec, const Run& run) {
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
  double tpd = units * run.tonnes_per_unit;
  json j = {{"units_per_day", r2(units)},
            {"tonnes_per_day", r2(tpd)},
            {"mt_per_year", std::round(tpd * 365 / 1e4) / 100}};
  j["capacity_tpd"] = cap > 0 ? json(cap) : json(nullptr);
  j["vc"] = vc >= 0 ? json(std::round(vc * 1000) / 1000) : json(nullptr);
  return j;
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

json assign(const Engine& e, const AssignRequest& req) {
  req.validate();
  auto rows = io::load_demand(req.demand_file);
  auto sections = load_sections(e);
  Run scen = run_one(e, req, req.scenario, rows);
  std::optional<Run> base;
  if (!req.base.empty()) base = run_one(e, req, req.base, rows);
  json out = {
      {"scenario", req.scenario}, {"profile", req.profile}, {"demand_file", req.demand_file}};
  out["base"] = req.base.empty() ? json(nullptr) : json(req.base);
  double total = 0;
  for (const auto& [c, v] : scen.result.corridor_demand) total += v;
  for (const auto& [c, v] : scen.result.unrouted) total += v;
  out["demand_units_per_day"] = r2(total);
  out["summary"] = summary_json(scen.result.summary);
  if (base) out["base_summary"] = summary_json(base->result.summary);
  json secs = json::array();
  for (const auto& s : sections) {
    json j = {{"section", s.id}, {"name", s.name}, {"scenario", section_json(s, scen)}};
    j["base"] = base ? section_json(s, *base) : json(nullptr);
    secs.push_back(j);
  }
  out["sections"] = secs;
  std::set<std::string> corridors;
  for (const auto& [c, v] : scen.result.corridor_demand) corridors.insert(c);
  for (const auto& [c, v] : scen.result.unrouted) corridors.insert(c);
  json cors = json::array();
  for (const auto& c : corridors) {
    json j = {{"corridor", c}};
    auto dem = scen.result.corridor_demand.count(c) ? scen.result.corridor_demand.at(c) : 0.0;
    auto un = scen.result.unrouted.count(c) ? scen.result.unrouted.at(c) : 0.0;
    j["demand_units_per_day"] = r2(dem + un);
    j["unrouted_units_per_day"] = r2(un);
    json shares = json::object();
    for (const auto& s : sections) {
      json sh = {{"scenario", std::round(corridor_share(s, scen, c) * 1000) / 1000}};
      sh["base"] =
          base ? json(std::round(corridor_share(s, *base, c) * 1000) / 1000) : json(nullptr);
      shares[s.id] = sh;
    }
    j["share_via"] = shares;
    cors.push_back(j);
  }
  out["corridors"] = cors;
  json links = json::array();
  const auto& net = *scen.net;
  for (network::LinkIdx i : net.links.ids()) {
    const auto& l = net.links[i];
    double ab = scen.result.flow_ab[i], ba = scen.result.flow_ba[i];
    if (ab + ba <= 1e-9) continue;
    json j = {{"id", l.id},
              {"mode", network::to_string(l.mode)},
              {"from", net.nodes[l.from].id},
              {"to", net.nodes[l.to].id},
              {"border", net.crosses_border(l)},
              {"flow_ab", r2(ab)},
              {"flow_ba", r2(ba)},
              {"tonnes_per_day", r2((ab + ba) * scen.tonnes_per_unit)},
              {"delay_hours", r2(scen.result.delay_hours[i])}};
    if (l.capacity_tpd && *l.capacity_tpd > 0) {
      j["capacity_tpd"] = *l.capacity_tpd;
      j["vc"] = std::round(std::max(ab, ba) * scen.tonnes_per_unit / *l.capacity_tpd * 1000) / 1000;
    } else {
      j["capacity_tpd"] = nullptr;
      j["vc"] = nullptr;
    }
    links.push_back(j);
  }
  out["links"] = links;
  return out;
}

std::string render_assign_text(const json& r) {
  bool has_base = !r["base"].is_null();
  std::string b = has_base ? r["base"].get<std::string>() : "";
  std::string s = r["scenario"];
  std::string out = fmt::format(
      "Freight assignment · profile {} · demand {} units/day · {} ({} iterations, relative gap "
      "{:.1e})\n\n",
      r["profile"].get<std::string>(), fmt_number(r["demand_units_per_day"].get<double>(), 1),
      r["summary"]["algorithm"].get<std::string>(), r["summary"]["iterations"].get<int>(),
      r["summary"]["relative_gap"].get<double>());
  out += fmt::format("{:<58}{:>14}{:>14}{:>10}\n", "section (flow, Mt/yr both directions)",
                     has_base ? b : "", s, "V/C");
  for (const auto& sec : r["sections"]) {
    std::string name = sec["name"];
    if (name.size() > 56) name = name.substr(0, 53) + "...";
    std::string bv = has_base ? fmt_number(sec["base"]["mt_per_year"].get<double>(), 2) : "";
    const json& vc = sec["scenario"]["vc"];
    out += fmt::format("{:<58}{:>14}{:>14}{:>10}\n", name, bv,
                       fmt_number(sec["scenario"]["mt_per_year"].get<double>(), 2),
                       vc.is_null() ? "-" : fmt_number(vc.get<double>(), 2));
  }
  out += "\nshare of each corridor's freight routed via the Meghri section";
  out += has_base ? " (" + b + " → " + s + ")\n" : "\n";
  for (const auto& c : r["corridors"]) {
    if (!c["share_via"].contains("meghri")) break;
    const json& m = c["share_via"]["meghri"];
    out += fmt::format("  {:<28}{:>12} units/day   ", c["corridor"].get<std::string>(),
                       fmt_number(c["demand_units_per_day"].get<double>(), 1));
    if (has_base) out += fmt::format("{:>5.0f} % → ", m["base"].get<double>() * 100);
    out += fmt::format("{:>5.0f} %", m["scenario"].get<double>() * 100);
    if (c["unrouted_units_per_day"].get<double>() > 0)
      out += fmt::format("   ({} units/day have no route)",
                         fmt_number(c["unrouted_units_per_day"].get<double>(), 1));
    out += "\n";
  }
  return out;
}

json assign_links_geojson(const Engine& e, const json& r) {
  const auto& net = e.view(r["scenario"].get<std::string>()).applied.net;
  json features = json::array();
  for (const auto& l : r["links"]) {
    const auto& link = net.links[*net.find_link(l["id"].get<std::string>())];
    features.push_back(
        {{"type", "Feature"},
         {"geometry", {{"type", "LineString"}, {"coordinates", link_coords(net, link, false)}}},
         {"properties", l}});
  }
  return {{"type", "FeatureCollection"},
          {"properties", {{"scenario", r["scenario"]}, {"profile", r["profile"]}}},
          {"features", features}};
}

std::string render_assign_links_csv(const json& r) {
  std::string out =
      "link_id,mode,from,to,border,flow_ab,flow_ba,tonnes_per_day,capacity_tpd,vc,delay_hours\n";
  for (const auto& l : r["links"])
    out += fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{}\n", text::csv_quote(l["id"].get<std::string>()),
        l["mode"].get<std::string>(), l["from"].get<std::string>(), l["to"].get<std::string>(),
        l["border"].get<bool>() ? 1 : 0, l["flow_ab"].get<double>(), l["flow_ba"].get<double>(),
        l["tonnes_per_day"].get<double>(),
        l["capacity_tpd"].is_null() ? "" : fmt::format("{}", l["capacity_tpd"].get<double>()),
        l["vc"].is_null() ? "" : fmt::format("{}", l["vc"].get<double>()),
        l["delay_hours"].get<double>());
  return out;
}

}  // namespace corridor::api
