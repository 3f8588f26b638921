// Text and CSV renderings of the typed results (what the CLI prints by default).
#include <fmt/format.h>

#include <cmath>
#include <cstdio>

#include "corridor/api/render.h"
#include "corridor/core/text.h"

namespace corridor::api {

std::string fmt_number(double v, int decimals) {
  std::string s = fmt::format("{:.{}f}", std::abs(v), decimals);
  size_t dot = s.find('.');
  size_t int_end = dot == std::string::npos ? s.size() : dot;
  std::string out;
  for (size_t i = 0; i < int_end; ++i) {
    out.push_back(s[i]);
    size_t rest = int_end - i - 1;
    if (rest > 0 && rest % 3 == 0) out.push_back(',');
  }
  out += s.substr(int_end);
  bool zero = true;
  for (char c : out)
    if (c >= '1' && c <= '9') zero = false;
  return (v < 0 && !zero ? "-" : "") + out;
}

namespace {

std::string pad(const std::string& s, size_t w, bool right = false) {
  // width in code points, so "→" and "ə" count as one column
  size_t cps = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++cps;
  if (cps >= w) return s;
  std::string sp(w - cps, ' ');
  return right ? sp + s : s + sp;
}

std::string mode_name(network::Mode m) { return std::string(network::to_string(m)); }

std::string leg_mode(const Leg& leg) {
  if (leg.kind == LegKind::transfer)
    return "transfer " + mode_name(leg.from_mode) + "→" + mode_name(leg.mode);
  if (leg.kind == LegKind::gauge_change)
    return "gauge " + std::to_string(leg.from_gauge) + "→" + std::to_string(leg.to_gauge);
  std::string m = mode_name(leg.mode);
  if (leg.border) m = "border " + m;
  if (leg.gauge && leg.mode == network::Mode::rail) m += " " + std::to_string(*leg.gauge);
  return m;
}

std::string countries_of(const std::vector<std::string>& cs) { return text::join(cs, " "); }

std::string one_route(const RouteOption& r) {
  std::string out;
  out += "  #  " + pad("mode", 21) + pad("from → to", 44) + pad("km", 9, true) +
         pad("hours", 9, true) + pad("USD", 11, true) + "\n";
  int i = 1;
  for (const auto& leg : r.legs) {
    std::string ft =
        leg.from.id == leg.to.id ? "at " + leg.from.name : leg.from.name + " → " + leg.to.name;
    out += pad(std::to_string(i++), 3, true) + "  " + pad(leg_mode(leg), 21) + pad(ft, 44) +
           pad(fmt_number(leg.km, 1), 9, true) + pad(fmt_number(leg.hours, 2), 9, true) +
           pad(fmt_number(leg.usd, 2), 11, true) + "\n";
  }
  const Totals& t = r.total;
  out += "  total: " + fmt_number(t.km, 1) + " km · " + fmt_number(t.hours, 2) + " h · $" +
         fmt_number(t.usd, 2) + " · generalized cost $" + fmt_number(t.cost, 2) + " · " +
         std::to_string(t.borders) + (t.borders == 1 ? " border" : " borders") + " · " +
         countries_of(r.countries) + "\n";
  if (r.co2)
    out += "  CO2e: " + fmt_number(r.co2->wtw_t * 1000, 1) + " kg well-to-wheel (" +
           fmt_number(r.co2->ttw_t * 1000, 1) + " kg tank-to-wheel) per unit of " +
           fmt_number(r.co2->tonnes_per_unit, 1) + " t\n";
  return out;
}

std::string pair_name(const CompareRow& p) { return p.from.name + " → " + p.to.name; }

}  // namespace

std::string render_route_text(const RouteResult& r) {
  std::string out = r.from.name + " → " + r.to.name + "  (scenario " + r.scenario + ", profile " +
                    r.profile + (r.year ? ", year " + std::to_string(r.year) : "") + ")\n";
  if (r.kind != RouteKind::single) {
    int k = 1;
    for (const auto& alt : r.routes) {
      out += "\n" + std::string(r.kind == RouteKind::pareto ? "Pareto route " : "Route ") +
             std::to_string(k++) + " of " + std::to_string(r.routes.size()) + "\n";
      out += one_route(alt);
    }
  } else {
    out += one_route(r.best());
  }
  if (r.explained) {
    out += "\nsources:\n";
    for (const auto& src : r.sources)
      out += "  " + pad(src.kind, 13) + pad(src.id, 26) + src.source + "\n";
  }
  return out;
}

std::string render_compare_text(const CompareResult& c) {
  std::string out;
  out += pad("pair", 30) + pad("scenario", 20) + pad("km", 10, true) + pad("hours", 10, true) +
         pad("USD", 12, true) + pad("borders", 9, true) + pad("tCO2e", 10, true) + "  countries\n";
  for (const auto& p : c.rows) {
    bool first = true;
    for (const auto& [label, r] :
         {std::pair{&c.base, &p.base}, std::pair{&c.scenario, &p.scenario}}) {
      out += pad(first ? pair_name(p) : "", 30) + pad(*label, 20);
      first = false;
      if (!*r) {
        out += pad("no route", 10, true) + "\n";
        continue;
      }
      const Totals& t = (*r)->best().total;
      out += pad(fmt_number(t.km, 0), 10, true) + pad(fmt_number(t.hours, 1), 10, true) +
             pad(fmt_number(t.usd, 0), 12, true) + pad(std::to_string(t.borders), 9, true) +
             pad((*r)->best().co2 ? fmt_number((*r)->best().co2->wtw_t, 3) : "", 10, true) + "  " +
             countries_of((*r)->best().countries) + "\n";
    }
    out += pad("", 30) + pad("Δ", 20);
    if (!p.delta) {
      const char* what = !p.base ? (!p.scenario ? "no route" : "new route") : "route lost";
      out += pad(what, 10, true) + "\n";
    } else {
      // Rounded once, here, from the unrounded difference.
      auto sgn = [](double v, int d) {
        std::string s = fmt_number(v, d);
        return (v > 0 && s.find_first_of("123456789") != std::string::npos ? "+" : "") + s;
      };
      const Totals& d = *p.delta;
      out += pad(sgn(d.km, 0), 10, true) + pad(sgn(d.hours, 1), 10, true) +
             pad(sgn(d.usd, 0), 12, true) + pad(sgn(d.borders, 0), 9, true) +
             pad(p.co2_delta ? sgn(p.co2_delta->wtw_t, 3) : "", 10, true) + "\n";
    }
  }
  if (c.year)  // 0: an imported network, which has no dated links
    out += "(both evaluated with the links open in " + std::to_string(c.year) + ")\n";
  for (const auto& p : c.rows)
    if ((p.base && p.base->best().co2) || (p.scenario && p.scenario->best().co2)) {
      out += "(tCO2e: well-to-wheel, per " + c.profile + " unit)\n";
      break;
    }
  return out;
}

namespace {
std::string num(double v, int decimals) { return fmt::format("{}", round_to(v, decimals)); }
}  // namespace

std::string render_compare_csv(const CompareResult& c) {
  std::string out =
      "from,to,scenario,length_km,time_h,charges_usd,cost_usd,borders,countries,co2e_wtw_t,"
      "co2e_ttw_t,delta_length_km,delta_time_h,delta_charges_usd,delta_cost_usd,delta_borders\n";
  for (const auto& p : c.rows) {
    for (const auto& [label, r] :
         {std::pair{&c.base, &p.base}, std::pair{&c.scenario, &p.scenario}}) {
      out += text::csv_quote(p.from.id) + "," + text::csv_quote(p.to.id) + "," +
             text::csv_quote(*label) + ",";
      if (!*r) {
        out += ",,,,,,,,,,,,\n";
        continue;
      }
      const Totals& t = (*r)->best().total;
      const auto& co2 = (*r)->best().co2;
      out += num(t.km, 1) + "," + num(t.hours, 2) + "," + num(t.usd, 2) + "," + num(t.cost, 2) +
             "," + std::to_string(t.borders) + "," + countries_of((*r)->best().countries) + "," +
             (co2 ? num(co2->wtw_t, 4) : "") + "," + (co2 ? num(co2->ttw_t, 4) : "");
      // The delta (scenario - base, from unrounded totals) is on the scenario's row.
      if (r == &p.scenario && p.delta)
        out += "," + num(p.delta->km, 1) + "," + num(p.delta->hours, 2) + "," +
               num(p.delta->usd, 2) + "," + num(p.delta->cost, 2) + "," +
               std::to_string(p.delta->borders) + "\n";
      else
        out += ",,,,,\n";
    }
  }
  return out;
}

std::string render_table_csv(const TableResult& t) {
  std::string out = "from,to,cost_usd,time_h,charges_usd,length_km\n";
  for (size_t i = 0; i < t.sources.size(); ++i)
    for (size_t j = 0; j < t.targets.size(); ++j) {
      const auto& c = t.cells[i][j];
      out += text::csv_quote(t.sources[i].id) + "," + text::csv_quote(t.targets[j].id) + ",";
      out +=
          c ? num(c->cost, 2) + "," + num(c->hours, 2) + "," + num(c->usd, 2) + "," + num(c->km, 1)
            : std::string(",,,");
      out += "\n";
    }
  return out;
}

std::string render_places_text(const PlacesResult& r) {
  std::string out;
  for (const auto& m : r.places)
    out += fmt::format("{:<22} {:<28} {}  {}\n", m.place.id, m.place.name, m.place.country,
                       network::to_string(m.kind));
  return out;
}

std::string render_scenarios_text(const ScenarioList& r) {
  std::string out;
  for (const auto& s : r.scenarios)
    out += fmt::format("{:<20} {}  {}\n", s.name, s.year, s.description);
  return out;
}

std::string render_banner(const DatasetInfo& info, const std::string& scenario,
                          const std::string& profile) {
  double vot = 0;
  for (const auto& p : info.profiles)
    if (p.name == profile) vot = p.value_of_time;
  return fmt::format(
      "Corridor 0.1 · data: {} ({} nodes, {} links, {} border links) · scenario: {} · profile: {} "
      "(VoT ${}/h)\n",
      info.name, info.nodes, info.links, info.border_links, scenario, profile, fmt_number(vot, 2));
}

std::string render_assign_text(const AssignResult& r) {
  const bool has_base = r.base.has_value();
  const std::string b = has_base ? *r.base : "";
  std::string out = fmt::format(
      "Freight assignment · profile {} · year {} · demand {} units/day · {} ({} iterations, "
      "relative gap {:.1e})\n\n",
      r.profile, r.year, fmt_number(r.demand_units_per_day, 1), r.summary.algorithm,
      r.summary.iterations, r.summary.relative_gap);
  out += fmt::format("{:<58}{:>14}{:>14}{:>10}\n", "section (flow, Mt/yr both directions)", b,
                     r.scenario, "V/C");
  for (const auto& sec : r.sections) {
    std::string name = sec.name;
    if (name.size() > 56) name = name.substr(0, 53) + "...";
    std::string bv = sec.base ? fmt_number(sec.base->tonnes_per_day * 365 / 1e6, 2) : "";
    out += fmt::format("{:<58}{:>14}{:>14}{:>10}\n", name, bv,
                       fmt_number(sec.scenario.tonnes_per_day * 365 / 1e6, 2),
                       sec.scenario.vc ? fmt_number(*sec.scenario.vc, 2) : "-");
  }
  // The dataset's headline section (config.csv headline_section).
  const SectionFlow* head = nullptr;
  for (const auto& s : r.sections)
    if (s.id == r.headline_section) head = &s;
  if (!head) return out;
  out += "\nshare of each corridor's freight routed via " + head->name;
  out += has_base ? " (" + b + " → " + r.scenario + ")\n" : "\n";
  for (const auto& c : r.corridors) {
    const ShareVia* m = nullptr;
    for (const auto& sh : c.share_via)
      if (sh.section == head->id) m = &sh;
    if (!m) continue;
    out += fmt::format("  {:<28}{:>12} units/day   ", c.corridor,
                       fmt_number(c.demand_units_per_day, 1));
    if (m->base) out += fmt::format("{:>5.0f} % → ", *m->base * 100);
    out += fmt::format("{:>5.0f} %", m->scenario * 100);
    if (c.unrouted_units_per_day > 0)
      out +=
          fmt::format("   ({} units/day have no route)", fmt_number(c.unrouted_units_per_day, 1));
    out += "\n";
  }
  return out;
}

std::string render_assign_links_csv(const AssignResult& r) {
  std::string out =
      "link_id,mode,from,to,border,flow_ab_units_per_day,flow_ba_units_per_day,tonnes_per_day,"
      "capacity_tonnes_per_day,vc_ratio,delay_h\n";
  for (const auto& l : r.links)
    out += fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{}\n", text::csv_quote(l.id), network::to_string(l.mode),
        l.from, l.to, l.border ? 1 : 0, round_to(l.flow_ab, 2), round_to(l.flow_ba, 2),
        round_to(l.tonnes_per_day, 2), l.capacity_tpd ? fmt::format("{}", *l.capacity_tpd) : "",
        l.vc ? fmt::format("{}", round_to(*l.vc, 3)) : "", round_to(l.delay_hours, 2));
  return out;
}

}  // namespace corridor::api
