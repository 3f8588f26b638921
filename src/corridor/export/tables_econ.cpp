// Workbooks of the forecast (demand::ForecastResult) and the appraisal (api::AppraiseResult):
// the same typed results the CLI renders, one sheet per table, units in the headers.
#include <fmt/format.h>

#include <map>
#include <optional>
#include <string>

#include "corridor/api/appraise.h"
#include "corridor/api/demand_ods.h"
#include "corridor/api/forecast.h"
#include "corridor/export/tables.h"

namespace corridor::exporter {

namespace {

Cell num(double v) { return v; }
Cell opt(const std::optional<double>& v) { return v ? Cell(*v) : Cell(std::monostate{}); }
Column text(const std::string& n) { return {n, "", ColumnKind::text, 0}; }
Column number(const std::string& n, const std::string& unit, int decimals = 2) {
  return {n, unit, ColumnKind::number, decimals};
}
Column integer(const std::string& n, const std::string& unit = "") {
  return {n, unit, ColumnKind::integer, 0};
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A column of api::annual_table: "user_benefit_usd" -> "user_benefit [USD]", "base_tonnes" ->
// "base_tonnes [t/yr]".
Column annual_column(const std::string& h) {
  struct Suffix {
    std::string suffix, unit;
    bool strip;
  };
  static const Suffix suffixes[] = {{"_usd_t", "USD/tCO2e", true},
                                    {"_usd", "USD", true},
                                    {"_tonnes", "t/yr", false},
                                    {"_t", "tCO2e", true}};
  if (h == "year") return integer("year");
  for (const auto& s : suffixes)
    if (ends_with(h, s.suffix))
      return number(s.strip ? h.substr(0, h.size() - s.suffix.size()) : h, s.unit);
  return number(h, "", 4);
}

// The dataset's assumptions for results in each cargo class's own unit (TEU or tonne).
std::vector<Assumption> class_assumptions(const api::Engine& e,
                                          const std::vector<std::string>& scenarios, int year) {
  auto out = dataset_assumptions(e, scenarios, "", year);
  for (auto& a : out)
    if (a.name == "USD") a.value = "out-of-pocket charges per unit of the cargo class (TEU or t)";
  return out;
}

}  // namespace

Workbook forecast_workbook(const api::Engine& e, const demand::ForecastResult& r) {
  Workbook b;
  Sheet classes{"By class",
                {text("class"), text("unit"), number("base units", "units/yr", 0),
                 number("scenario units", "units/yr", 0), number("diverted units", "units/yr", 0),
                 number("generated units", "units/yr", 0), number("base tonnes", "t/yr", 0),
                 number("scenario tonnes", "t/yr", 0), number("diverted tonnes", "t/yr", 0),
                 number("generated tonnes", "t/yr", 0), number("base headline", "t/yr", 0),
                 number("scenario headline", "t/yr", 0), number("base rail", "tkm/yr", 0),
                 number("base road", "tkm/yr", 0), number("base ferry", "tkm/yr", 0),
                 number("scenario rail", "tkm/yr", 0), number("scenario road", "tkm/yr", 0),
                 number("scenario ferry", "tkm/yr", 0)},
                {}};
  for (const auto& c : r.classes)
    classes.rows.push_back(
        {c.cargo_class, c.unit, num(c.base_units), num(c.scenario_units), num(c.diverted_units),
         num(c.generated_units), num(c.base_tonnes), num(c.scenario_tonnes), num(c.diverted_tonnes),
         num(c.generated_tonnes), num(c.base_headline_tonnes), num(c.scenario_headline_tonnes),
         num(c.base_tkm.rail), num(c.base_tkm.road), num(c.base_tkm.ferry),
         num(c.scenario_tkm.rail), num(c.scenario_tkm.road), num(c.scenario_tkm.ferry)});
  b.sheets.push_back(std::move(classes));

  Sheet ods{"By OD",
            {text("class"), text("unit"), text("origin"), text("destination"), text("corridor"),
             text("routed"), number("base units", "units/yr", 0),
             number("scenario units", "units/yr", 0), number("diverted units", "units/yr", 0),
             number("generated units", "units/yr", 0), number("base tonnes", "t/yr", 0),
             number("scenario tonnes", "t/yr", 0), number("base cost", "USD/unit"),
             number("scenario cost", "USD/unit"), number("base composite cost", "USD/unit"),
             number("scenario composite cost", "USD/unit"), number("theta", "1/USD", 6),
             number("base headline", "units/yr", 0), number("scenario headline", "units/yr", 0)},
            {}};
  for (const auto& o : r.ods)
    ods.rows.push_back({o.cargo_class, o.unit, o.origin, o.destination, o.corridor,
                        std::string(o.routed ? "yes" : "no"), num(o.base_units),
                        num(o.scenario_units), num(o.diverted_units), num(o.generated_units),
                        num(o.base_tonnes), num(o.scenario_tonnes), num(o.base_cost_usd),
                        num(o.scenario_cost_usd), num(o.base_composite_usd),
                        num(o.scenario_composite_usd), num(o.theta), num(o.base_headline_units),
                        num(o.scenario_headline_units)});
  b.sheets.push_back(std::move(ods));

  Sheet sections{"Sections",
                 {text("section"), text("name"), number("base tonnes", "t/yr", 0),
                  number("scenario tonnes", "t/yr", 0), number("capacity", "t/yr per direction", 0),
                  number("base V/C", "", 3), number("scenario V/C", "", 3),
                  number("base delay", "h"), number("scenario delay", "h")},
                 {}};
  for (const auto& s : r.sections)
    sections.rows.push_back({s.id, s.name, num(s.base_tonnes), num(s.scenario_tonnes),
                             s.capacity_tonnes > 0 ? num(s.capacity_tonnes) : Cell{},
                             num(s.base_vc), num(s.scenario_vc), num(s.base_delay_hours),
                             num(s.scenario_delay_hours)});
  b.sheets.push_back(std::move(sections));

  b.assumptions = class_assumptions(e, {r.base_scenario, r.scenario}, r.year);
  b.assumptions.push_back({"demand file", r.demand_file, "observed or estimated flows by class"});
  b.assumptions.push_back({"classes file", r.classes_file, "cargo classes (value of time, unit)"});
  b.assumptions.push_back({"headline section", r.headline_section + " (" + r.headline_name + ")",
                           "the section the headline columns count"});
  b.assumptions.push_back({"model",
                           "multi-class logit SUE; scenario pivots on the base; elastic total",
                           "docs/demand.md"});
  b.assumptions.push_back(
      {"convergence",
       fmt::format("base {} iterations (max change {:.3g}), scenario {} (max change {:.3g}); {}",
                   r.base_iterations, r.base_max_change, r.scenario_iterations,
                   r.scenario_max_change, r.converged ? "converged" : "NOT converged"),
       "api::forecast"});
  return b;
}

Workbook appraise_workbook(const api::Engine& e, const api::AppraiseResult& r) {
  Workbook b;
  const auto& c = r.central;
  Sheet sum{"Summary", {text("measure"), number("value", "", 6), text("unit")}, {}};
  auto row = [&](const std::string& name, Cell v, const std::string& unit) {
    sum.rows.push_back({name, std::move(v), unit});
  };
  row("NPV", num(c.npv), "USD");
  row("BCR", num(c.bcr), "");
  row("EIRR", opt(c.eirr), "per year");
  row("FYRR", opt(c.fyrr), "per year");
  row("payback year", c.payback_year ? num(*c.payback_year) : Cell{}, "year");
  row("PV benefits", num(c.pv_benefits), "USD");
  row("PV costs", num(c.pv_costs), "USD");
  row("total capex", num(c.total_capex), "USD");
  row("CO2 change over the period", num(c.co2_change_t_total), "tCO2e");
  row("headline tonnes, opening year", num(c.headline_tonnes_opening), "t/yr");
  row("headline tonnes, final year", num(c.headline_tonnes_final), "t/yr");
  row("discount rate", num(r.request.discount), "per year");
  row("from", num(r.request.from), "year");
  row("to", num(r.request.to), "year");
  row("opening year", num(r.params.opening_year), "year");
  row("unrouted ODs", num(r.unrouted_ods), "");
  b.sheets.push_back(std::move(sum));

  const api::NumberTable t = api::annual_table(r);
  Sheet annual{"Annual", {}, {}};
  for (const auto& h : t.header) annual.columns.push_back(annual_column(h));
  for (const auto& tr : t.rows) {
    std::vector<Cell> cells;
    for (double v : tr) cells.push_back(v);
    annual.rows.push_back(std::move(cells));
  }
  b.sheets.push_back(std::move(annual));

  if (!r.tornado.empty()) {
    Sheet tor{"Tornado",
              {text("variable"), number("low factor", "", 4), number("high factor", "", 4),
               number("NPV low", "USD", 0), number("NPV high", "USD", 0),
               number("switching factor", "", 4)},
              {}};
    for (const auto& bar : r.tornado)
      tor.rows.push_back({bar.variable, num(bar.low_factor), num(bar.high_factor), num(bar.npv_low),
                          num(bar.npv_high), opt(bar.switching_factor)});
    b.sheets.push_back(std::move(tor));
  }
  if (r.mc) {
    const auto& m = *r.mc;
    Sheet mc{"Monte Carlo",
             {text("measure"), text("unit"), number("P10", "", 4), number("P50", "", 4),
              number("P90", "", 4), number("mean", "", 4)},
             {}};
    auto pr = [&](const std::string& n, const std::string& unit, const appraise::Percentiles& p) {
      mc.rows.push_back({n, unit, num(p.p10), num(p.p50), num(p.p90), num(p.mean)});
    };
    pr("NPV", "USD", m.npv);
    pr("BCR", "", m.bcr);
    pr("headline tonnes", "t/yr", m.headline);
    b.sheets.push_back(std::move(mc));
    b.assumptions.push_back(
        {"Monte Carlo",
         fmt::format("{} draws, seed {}; P(NPV < 0) = {:.4f}; NPV SD {:.0f} USD", m.draws, m.seed,
                     m.p_npv_negative, m.npv_sd),
         r.uncertainty_file});
  }

  Sheet capex{
      "Capex",
      {text("item"), text("name"), number("investment", "USD", 0), integer("start year"),
       integer("end year"), number("life", "years", 0),
       number("maintenance share", "of investment per year", 4), text("estimate"), text("source")},
      {}};
  for (const auto& k : r.capex)
    capex.rows.push_back({k.id, k.name, num(k.usd), num(k.start_year), num(k.end_year),
                          num(k.life_years), num(k.maintenance_share),
                          std::string(k.estimate ? "yes" : "no"), k.source});
  b.sheets.push_back(std::move(capex));

  auto assumptions = class_assumptions(e, {r.base, r.scenario}, r.params.base_year);
  assumptions.insert(assumptions.end(), b.assumptions.begin(), b.assumptions.end());
  b.assumptions = std::move(assumptions);
  std::string years, ramp;
  for (int y : r.forecast_years) years += (years.empty() ? "" : ", ") + std::to_string(y);
  for (double x : r.params.ramp_up) ramp += (ramp.empty() ? "" : ", ") + fmt::format("{}", x);
  b.assumptions.push_back(
      {"discounting", fmt::format("real rate {}, to {}", r.request.discount, r.params.base_year),
       "docs/appraisal.md"});
  b.assumptions.push_back({"forecast years", years,
                           "freight forecast (api::forecast) at each year the network changes; "
                           "interpolated in between"});
  b.assumptions.push_back({"ramp-up", ramp, "shares of the change in the first opening years"});
  b.assumptions.push_back({"capex", r.capex_file, "see the Capex sheet's sources"});
  b.assumptions.push_back({"carbon price", r.request.carbon_path + " path", r.carbon_file});
  b.assumptions.push_back({"uncertainty", r.uncertainty_file, "distributions and their sources"});
  b.assumptions.push_back({"headline section", r.headline_section + " (" + r.headline_name + ")",
                           "the section the headline tonnes count"});
  return b;
}

}  // namespace corridor::exporter

// ---- layers -----------------------------------------------------------------------------------

namespace corridor::exporter {

namespace {

// The networks an id may be found in: the scenario's, then the base's.
struct Nets {
  const network::Network& scenario;
  const network::Network& base;
  std::optional<std::pair<const network::Network*, network::LinkIdx>> link(
      const std::string& id) const {
    for (const network::Network* n : {&scenario, &base})
      if (auto l = n->find_link(id)) return std::pair{n, *l};
    return std::nullopt;
  }
  std::optional<std::pair<double, double>> lonlat(const std::string& id) const {
    for (const network::Network* n : {&scenario, &base})
      if (auto v = n->find_node(id)) return std::pair{n->nodes[*v].lon, n->nodes[*v].lat};
    return std::nullopt;
  }
};

nlohmann::json feature(nlohmann::json geometry, nlohmann::json properties) {
  return {{"type", "Feature"}, {"geometry", std::move(geometry)}, {"properties", properties}};
}

// The base, scenario and change columns of a forecast layer, in t/yr.
void put_tonnes(nlohmann::json& p, double base, double scenario) {
  p["base_tonnes_per_year"] = base;
  p["scenario_tonnes_per_year"] = scenario;
  p["change_tonnes_per_year"] = scenario - base;
}

}  // namespace

std::vector<GeoLayer> forecast_layers(const api::Engine& e, const demand::ForecastResult& r) {
  using nlohmann::json;
  const Nets nets{api::scenario_network(e, r.scenario), api::scenario_network(e, r.base_scenario)};
  GeoLayer links{"forecast_links", json::array(), {}, "LineString"};
  for (const auto& l : r.links) {
    const auto at = nets.link(l.id);
    json p;
    p["link_id"] = l.id;
    p["mode"] = l.mode;
    p["length_km"] = l.length_km;
    put_tonnes(p, l.base_tonnes, l.scenario_tonnes);
    p["base_tkm_per_year"] = l.base_tkm;
    p["scenario_tkm_per_year"] = l.scenario_tkm;
    links.features.push_back(
        feature(at ? link_geometry(*at->first, at->first->links[at->second]) : json(), p));
  }
  std::map<std::string, std::vector<std::string>> section_links;
  for (const auto& s : api::load_sections(e)) section_links[s.id] = s.links;
  GeoLayer sections{"forecast_sections",
                    json::array(),
                    {{"capacity_tonnes_per_year", FieldType::real}},
                    "MultiLineString"};
  for (const auto& s : r.sections) {
    json lines = json::array();
    if (auto it = section_links.find(s.id); it != section_links.end())
      for (const auto& id : it->second)
        if (const auto at = nets.link(id)) {
          const json g = link_geometry(*at->first, at->first->links[at->second]);
          if (g.value("type", std::string()) == "LineString") lines.push_back(g["coordinates"]);
        }
    const json geometry =
        lines.empty() ? json() : json{{"type", "MultiLineString"}, {"coordinates", lines}};
    for (const auto& c : s.by_class) {
      json p;
      p["section_id"] = s.id;
      p["section_name"] = s.name;
      p["cargo_class"] = c.cargo_class;
      put_tonnes(p, c.base_tonnes, c.scenario_tonnes);
      p["section_base_tonnes_per_year"] = s.base_tonnes;
      p["section_scenario_tonnes_per_year"] = s.scenario_tonnes;
      p["capacity_tonnes_per_year"] = s.capacity_tonnes > 0 ? json(s.capacity_tonnes) : json();
      p["base_vc"] = s.base_vc;
      p["scenario_vc"] = s.scenario_vc;
      p["base_delay_hours"] = s.base_delay_hours;
      p["scenario_delay_hours"] = s.scenario_delay_hours;
      sections.features.push_back(feature(geometry, p));
    }
  }
  return {links, sections};
}

std::vector<GeoLayer> appraise_layers(const api::Engine& e, const api::AppraiseResult& r) {
  using nlohmann::json;
  const Nets nets{api::scenario_network(e, r.scenario), api::scenario_network(e, r.base)};
  GeoLayer ods{"appraise_ods", json::array(), {}, "LineString"};
  for (const auto& y : r.flows.years)
    for (const auto& o : y.ods) {
      // key: class:origin:destination:corridor (api/appraise.cpp; ids hold no ':').
      std::vector<std::string> part;
      size_t from = 0;
      for (size_t i = 0; i <= o.key.size(); ++i)
        if (i == o.key.size() || o.key[i] == ':') {
          part.push_back(o.key.substr(from, i - from));
          from = i + 1;
        }
      part.resize(4);
      const auto a = nets.lonlat(part[1]), b = nets.lonlat(part[2]);
      const json geometry =
          a && b ? json{{"type", "LineString"},
                        {"coordinates", {{a->first, a->second}, {b->first, b->second}}}}
                 : json();
      json p;
      p["year"] = y.year;
      p["cargo_class"] = part[0];
      p["origin"] = part[1];
      p["destination"] = part[2];
      p["corridor"] = part[3];
      p["base_units_per_year"] = o.base_units;
      p["scenario_units_per_year"] = o.scenario_units;
      p["generated_units_per_year"] = o.generated_units;
      p["base_composite_usd_per_unit"] = o.base_cost;
      p["scenario_composite_usd_per_unit"] = o.scenario_cost;
      p["user_benefit_usd_per_year"] =
          0.5 * (o.base_cost - o.scenario_cost) * (o.base_units + o.scenario_units);
      ods.features.push_back(feature(geometry, p));
    }
  return {ods};
}

}  // namespace corridor::exporter
