// JSON renderings of the typed results. The layouts are those documented in docs/cli.md and
// docs/http-api.md; figures are rounded here (km to 0.1, hours and USD to 0.01).
#include <cmath>

#include "corridor/api/render.h"

namespace corridor::api {

using nlohmann::json;

double round_to(double v, int decimals) {
  double f = std::pow(10.0, decimals);
  double r = std::round(v * f) / f;
  return r == 0 ? 0.0 : r;  // no "-0"
}

namespace {

json place_json(const Place& p) { return {{"id", p.id}, {"name", p.name}, {"country", p.country}}; }

json leg_json(const Leg& l) {
  json leg;
  switch (l.kind) {
    case LegKind::transfer:
      leg = {{"mode", "transfer"},
             {"from_mode", network::to_string(l.from_mode)},
             {"to_mode", network::to_string(l.mode)}};
      break;
    case LegKind::gauge_change:
      leg = {{"mode", "gauge_change"}, {"from_gauge", l.from_gauge}, {"to_gauge", l.to_gauge}};
      break;
    case LegKind::link:
      leg = {{"mode", network::to_string(l.mode)}};
      break;
  }
  leg["from"] = l.from.id;
  leg["from_name"] = l.from.name;
  leg["to"] = l.to.id;
  leg["to_name"] = l.to.name;
  leg["km"] = round_to(l.km, 1);
  leg["hours"] = round_to(l.hours, 2);
  leg["usd"] = round_to(l.usd, 2);
  leg["gauge"] = l.gauge ? json(*l.gauge) : json(nullptr);
  leg["links"] = l.link_ids;
  if (l.border) leg["border"] = true;
  return leg;
}

}  // namespace

json co2_json(const RouteCo2& c) {
  json by_mode = json::object();
  for (auto m : {network::Mode::rail, network::Mode::road, network::Mode::ferry})
    by_mode[std::string(network::to_string(m))] =
        round_to(c.wtw_t_by_mode[static_cast<size_t>(m)], 4);
  return {{"wtw_t", round_to(c.wtw_t, 4)},
          {"ttw_t", round_to(c.ttw_t, 4)},
          {"per", "profile unit"},
          {"tonnes_per_unit", c.tonnes_per_unit},
          {"wtw_t_by_mode", by_mode}};
}

namespace {

json option_json(const RouteOption& r) {
  json legs = json::array(), borders = json::array();
  for (const auto& l : r.legs) legs.push_back(leg_json(l));
  for (const auto& b : r.borders)
    borders.push_back({{"id", b.id},
                       {"name", b.name},
                       {"mode", network::to_string(b.mode)},
                       {"from_country", b.from_country},
                       {"to_country", b.to_country},
                       {"hours", round_to(b.hours, 2)},
                       {"usd", round_to(b.usd, 2)}});
  json out = {{"total",
               {{"km", round_to(r.total.km, 1)},
                {"hours", round_to(r.total.hours, 2)},
                {"usd", round_to(r.total.usd, 2)},
                {"cost", round_to(r.total.cost, 2)},
                {"borders", r.total.borders}}},
              {"borders", borders},
              {"countries", r.countries},
              {"legs", legs}};
  if (r.co2) out["co2e"] = co2_json(*r.co2);
  return out;
}

json cell(const std::optional<Totals>& t, double Totals::*field, int decimals) {
  return t ? json(round_to((*t).*field, decimals)) : json(nullptr);
}

json summary_json(const assign::AssignSummary& s) {
  return {{"iterations", s.iterations},
          {"relative_gap", s.relative_gap},
          {"beckmann", round_to(s.beckmann, 2)},
          {"tstt", round_to(s.tstt, 2)},
          {"seconds", round_to(s.seconds, 3)},
          {"algorithm", s.algorithm},
          {"converged", s.converged}};
}

json opt(const std::optional<double>& v, int decimals) {
  return v ? json(round_to(*v, decimals)) : json(nullptr);
}

json section_json(const SectionLoad& s) {
  return {{"units_per_day", round_to(s.units_per_day, 2)},
          {"tonnes_per_day", round_to(s.tonnes_per_day, 2)},
          {"mt_per_year", round_to(s.tonnes_per_day * 365 / 1e6, 2)},
          {"capacity_tpd", s.capacity_tpd ? json(*s.capacity_tpd) : json(nullptr)},
          {"vc", opt(s.vc, 3)}};
}

}  // namespace

json to_json(const RouteResult& r) {
  json j = {{"from", place_json(r.from)},
            {"to", place_json(r.to)},
            {"scenario", r.scenario},
            {"profile", r.profile},
            {"year", r.year}};
  j.update(option_json(r.best()));
  if (r.kind != RouteKind::single) {
    json all = json::array();
    for (const auto& o : r.routes) all.push_back(option_json(o));
    j["routes"] = all;
    j["kind"] = r.kind == RouteKind::pareto ? "pareto" : "alternatives";
  }
  if (r.explained) {
    json s = json::array();
    for (const auto& x : r.sources)
      s.push_back({{"kind", x.kind}, {"id", x.id}, {"what", x.what}, {"source", x.source}});
    j["sources"] = s;
  }
  return j;
}

json to_json(const CompareResult& c) {
  json pairs = json::array();
  for (const auto& row : c.rows) {
    json p = {{"from", place_json(row.from)}, {"to", place_json(row.to)}};
    p["base"] = row.base ? to_json(*row.base) : json(nullptr);
    p["scenario"] = row.scenario ? to_json(*row.scenario) : json(nullptr);
    if (row.delta) {
      // From the unrounded totals, rounded once here.
      const Totals& d = *row.delta;
      p["delta"] = {{"km", round_to(d.km, 2)},
                    {"hours", round_to(d.hours, 2)},
                    {"usd", round_to(d.usd, 2)},
                    {"cost", round_to(d.cost, 2)},
                    {"borders", static_cast<double>(d.borders)}};
    } else {
      p["delta"] = nullptr;
    }
    if (row.co2_delta) p["delta_co2e"] = co2_json(*row.co2_delta);
    pairs.push_back(std::move(p));
  }
  return {{"base", c.base},
          {"scenario", c.scenario},
          {"profile", c.profile},
          {"year", c.year},
          {"pairs", pairs}};
}

json to_json(const TableResult& t) {
  json out = {{"scenario", t.scenario}, {"profile", t.profile}, {"year", t.year}};
  json js = json::array(), jt = json::array();
  for (const auto& s : t.sources) js.push_back(place_json(s));
  for (const auto& d : t.targets) jt.push_back(place_json(d));
  out["sources"] = js;
  out["targets"] = jt;
  json cost = json::array(), hours = json::array(), usd = json::array(), km = json::array();
  for (const auto& row : t.cells) {
    json c = json::array(), h = json::array(), u = json::array(), k = json::array();
    for (const auto& p : row) {
      c.push_back(cell(p, &Totals::cost, 2));
      h.push_back(cell(p, &Totals::hours, 2));
      u.push_back(cell(p, &Totals::usd, 2));
      k.push_back(cell(p, &Totals::km, 1));
    }
    cost.push_back(c);
    hours.push_back(h);
    usd.push_back(u);
    km.push_back(k);
  }
  out["cost"] = cost;
  out["hours"] = hours;
  out["usd"] = usd;
  out["km"] = km;
  return out;
}

json to_json(const PlacesResult& r) {
  json out = json::array();
  for (const auto& m : r.places)
    out.push_back({{"id", m.place.id},
                   {"name", m.place.name},
                   {"country", m.place.country},
                   {"kind", network::to_string(m.kind)},
                   {"lat", m.lat},
                   {"lon", m.lon},
                   {"aliases", m.aliases}});
  return out;
}

json to_json(const ScenarioList& r) {
  json out = json::array();
  for (const auto& s : r.scenarios) {
    json j = {{"name", s.name}, {"description", s.description}, {"year", s.year}};
    j["base"] = s.base ? json(*s.base) : json(nullptr);
    out.push_back(j);
  }
  return out;
}

json to_json(const DatasetInfo& d) {
  json profiles = json::array();
  for (const auto& p : d.profiles)
    profiles.push_back(
        {{"name", p.name}, {"description", p.description}, {"value_of_time", p.value_of_time}});
  return {{"name", d.name},           {"nodes", d.nodes},
          {"links", d.links},         {"border_links", d.border_links},
          {"countries", d.countries}, {"base_year", d.base_year},
          {"profiles", profiles},     {"scenarios", d.scenarios}};
}

json to_json(const AssignResult& r) {
  json out = {{"scenario", r.scenario},
              {"profile", r.profile},
              {"demand_file", r.demand_file},
              {"year", r.year}};
  out["base"] = r.base ? json(*r.base) : json(nullptr);
  out["demand_units_per_day"] = round_to(r.demand_units_per_day, 2);
  out["summary"] = summary_json(r.summary);
  if (r.base_summary) out["base_summary"] = summary_json(*r.base_summary);
  json secs = json::array();
  for (const auto& s : r.sections) {
    json j = {{"section", s.id}, {"name", s.name}, {"scenario", section_json(s.scenario)}};
    j["base"] = s.base ? section_json(*s.base) : json(nullptr);
    secs.push_back(j);
  }
  out["sections"] = secs;
  json cors = json::array();
  for (const auto& c : r.corridors) {
    json shares = json::object();
    for (const auto& sh : c.share_via)
      shares[sh.section] = {{"scenario", round_to(sh.scenario, 3)}, {"base", opt(sh.base, 3)}};
    cors.push_back({{"corridor", c.corridor},
                    {"demand_units_per_day", round_to(c.demand_units_per_day, 2)},
                    {"unrouted_units_per_day", round_to(c.unrouted_units_per_day, 2)},
                    {"share_via", shares}});
  }
  out["corridors"] = cors;
  json links = json::array();
  for (const auto& l : r.links)
    links.push_back({{"id", l.id},
                     {"mode", network::to_string(l.mode)},
                     {"from", l.from},
                     {"to", l.to},
                     {"border", l.border},
                     {"flow_ab", round_to(l.flow_ab, 2)},
                     {"flow_ba", round_to(l.flow_ba, 2)},
                     {"tonnes_per_day", round_to(l.tonnes_per_day, 2)},
                     {"delay_hours", round_to(l.delay_hours, 2)},
                     {"capacity_tpd", l.capacity_tpd ? json(*l.capacity_tpd) : json(nullptr)},
                     {"vc", opt(l.vc, 3)}});
  out["links"] = links;
  return out;
}

}  // namespace corridor::api
