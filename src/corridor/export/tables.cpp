#include "corridor/export/tables.h"

#include <fmt/format.h>

#include <map>

#include "corridor/api/render.h"

namespace corridor::exporter {

using nlohmann::json;

namespace {

// Legs (LineStrings) and transfers / gauge changes (Points) of routes, as two layers.
struct RouteLayers {
  GeoLayer legs, transfers;
  RouteLayers(const std::string& prefix)
      : legs{prefix + "_legs", json::array(), {}, "LineString"},
        transfers{prefix + "_transfers", json::array(), {}, "Point"} {}
  void add(json f) {
    (f["geometry"].value("type", std::string()) == "Point" ? transfers : legs)
        .features.push_back(std::move(f));
  }
};

}  // namespace

std::vector<GeoLayer> route_layers(const api::Engine& e, const api::RouteResult& r) {
  RouteLayers out("route");
  const json fc = api::to_geojson(e, r);
  for (const json& f : fc["features"]) out.add(f);
  return {out.legs, out.transfers};
}

std::vector<GeoLayer> compare_layers(const api::Engine& e, const api::CompareResult& r) {
  RouteLayers base("base"), scen("scenario");
  for (const auto& row : r.rows)
    for (auto [side, layer] : {std::pair{&row.base, &base}, std::pair{&row.scenario, &scen}}) {
      if (!*side) continue;
      const json fc = api::to_geojson(e, **side);
      const json& total = fc["properties"]["total"];
      for (json f : fc["features"]) {
        json& p = f["properties"];
        p["pair_from"] = row.from.id;
        p["pair_to"] = row.to.id;
        p["scenario"] = (*side)->scenario;
        p["route_km"] = total["km"];
        p["route_hours"] = total["hours"];
        p["route_usd"] = total["usd"];
        p["route_cost"] = total["cost"];
        p["route_borders"] = total["borders"];
        layer->add(std::move(f));
      }
    }
  return {base.legs, base.transfers, scen.legs, scen.transfers};
}

std::vector<GeoLayer> assign_layers(const api::Engine& e, const api::AssignResult& r) {
  return {{"link_flows",
           api::to_geojson(e, r),
           {{"capacity_tpd", FieldType::real}, {"vc", FieldType::real}}}};
}

std::vector<GeoLayer> critical_layers(const api::Engine& e, const api::CriticalResult& r) {
  return {{"critical_links", api::to_geojson(e, r)}};
}

std::vector<GeoLayer> network_gmns_layers(const api::Engine& e, const std::string& scenario) {
  return network_layers(api::scenario_network(e, scenario));
}

std::vector<Assumption> dataset_assumptions(const api::Engine& e,
                                            const std::vector<std::string>& scenarios,
                                            const std::string& profile, int year) {
  const api::DatasetInfo info = api::dataset_info(e);
  const api::ScenarioList list = api::scenarios(e);
  std::vector<Assumption> out;
  out.push_back({"dataset", info.name,
                 fmt::format("{} nodes, {} links; base year {}; every row cites its source "
                             "(node.csv, link.csv, params.csv)",
                             info.nodes, info.links, info.base_year)});
  out.push_back({"year", std::to_string(year), "links open by this year, on every side"});
  for (const auto& name : scenarios)
    for (const auto& s : list.scenarios)
      if (s.name == name)
        out.push_back({"scenario " + name, s.description,
                       fmt::format("scenarios/{} (year {})", name, s.year)});
  for (const auto& p : info.profiles)
    if (p.name == profile) {
      out.push_back({"profile", p.name, p.description});
      out.push_back({"value of time", fmt::format("{} USD per {}-hour", p.value_of_time, p.name),
                     "params.csv"});
    }
  out.push_back({"USD", "out-of-pocket charges per " + profile + " unit",
                 "line tariffs per km, border fees, transfer and gauge-change charges "
                 "(params.csv, link.csv, node.csv)"});
  out.push_back({"hours", "running time plus stops, border dwell, transfers, gauge changes",
                 "link.csv, node.csv"});
  out.push_back({"cost", "USD + value of time x hours", "params.csv"});
  return out;
}

namespace {

Cell num(double v) { return v; }
Cell opt(const std::optional<double>& v) { return v ? Cell(*v) : Cell(std::monostate{}); }

}  // namespace

Workbook compare_workbook(const api::Engine& e, const api::CompareResult& r) {
  const std::string money = "USD/" + r.profile;
  Sheet s{"Compare", {}, {}};
  s.columns = {{"from", "", ColumnKind::text}, {"to", "", ColumnKind::text}};
  const char* sides[] = {"base", "scenario", "delta"};
  for (const char* side : sides) {
    const std::string p = side;
    s.columns.push_back({p + " km", "km", ColumnKind::number, 1});
    s.columns.push_back({p + " hours", "h", ColumnKind::number, 2});
    s.columns.push_back({p + " usd", money, ColumnKind::number, 2});
    s.columns.push_back({p + " cost", money, ColumnKind::number, 2});
    s.columns.push_back({p + " borders", "", ColumnKind::integer, 0});
  }
  for (const auto& row : r.rows) {
    std::vector<Cell> cells = {row.from.name, row.to.name};
    auto add = [&](const std::optional<api::Totals>& t) {
      if (!t) {
        cells.insert(cells.end(), 5, std::monostate{});
        return;
      }
      cells.insert(cells.end(), {num(t->km), num(t->hours), num(t->usd), num(t->cost),
                                 num(static_cast<double>(t->borders))});
    };
    add(row.base ? std::optional(row.base->best().total) : std::nullopt);
    add(row.scenario ? std::optional(row.scenario->best().total) : std::nullopt);
    add(row.delta);
    s.rows.push_back(std::move(cells));
  }
  Workbook b;
  b.sheets.push_back(std::move(s));
  b.assumptions = dataset_assumptions(e, {r.base, r.scenario}, r.profile, r.year);
  b.assumptions.push_back({"delta", "scenario - base", "from unrounded totals"});
  return b;
}

Workbook assign_workbook(const api::Engine& e, const api::AssignResult& r) {
  Workbook b;
  const std::string per_day = r.profile + "/day";
  Sheet sum{"Summary",
            {{"run", "", ColumnKind::text},
             {"iterations", "", ColumnKind::integer, 0},
             {"relative gap", "", ColumnKind::number, 8},
             {"tstt", "cost units", ColumnKind::number, 2},
             {"seconds", "s", ColumnKind::number, 3},
             {"converged", "", ColumnKind::text}},
            {}};
  auto add_summary = [&](const std::string& name, const assign::AssignSummary& s) {
    sum.rows.push_back({name, num(s.iterations), num(s.relative_gap), num(s.tstt), num(s.seconds),
                        std::string(s.converged ? "yes" : "no")});
  };
  add_summary(r.scenario, r.summary);
  if (r.base && r.base_summary) add_summary(*r.base, *r.base_summary);
  b.sheets.push_back(std::move(sum));

  Sheet sec{"Sections",
            {{"section", "", ColumnKind::text},
             {"name", "", ColumnKind::text},
             {"scenario flow", per_day, ColumnKind::number, 1},
             {"scenario tonnes", "t/day", ColumnKind::number, 1},
             {"scenario capacity", "t/day", ColumnKind::number, 0},
             {"scenario vc", "", ColumnKind::number, 3},
             {"base flow", per_day, ColumnKind::number, 1},
             {"base tonnes", "t/day", ColumnKind::number, 1},
             {"delta tonnes", "t/day", ColumnKind::number, 1}},
            {}};
  for (const auto& s : r.sections) {
    std::vector<Cell> c = {s.id,
                           s.name,
                           num(s.scenario.units_per_day),
                           num(s.scenario.tonnes_per_day),
                           opt(s.scenario.capacity_tpd),
                           opt(s.scenario.vc)};
    if (s.base)
      c.insert(c.end(), {num(s.base->units_per_day), num(s.base->tonnes_per_day),
                         num(s.scenario.tonnes_per_day - s.base->tonnes_per_day)});
    else
      c.insert(c.end(), 3, std::monostate{});
    sec.rows.push_back(std::move(c));
  }
  b.sheets.push_back(std::move(sec));

  Sheet cor{"Corridors",
            {{"corridor", "", ColumnKind::text},
             {"section", "", ColumnKind::text},
             {"demand", per_day, ColumnKind::number, 1},
             {"unrouted", per_day, ColumnKind::number, 1},
             {"share via section", "fraction", ColumnKind::number, 4},
             {"base share via section", "fraction", ColumnKind::number, 4}},
            {}};
  for (const auto& c : r.corridors)
    for (const auto& v : c.share_via)
      cor.rows.push_back({c.corridor, v.section, num(c.demand_units_per_day),
                          num(c.unrouted_units_per_day), num(v.scenario), opt(v.base)});
  b.sheets.push_back(std::move(cor));

  Sheet links{"Links",
              {{"link", "", ColumnKind::text},
               {"mode", "", ColumnKind::text},
               {"from", "", ColumnKind::text},
               {"to", "", ColumnKind::text},
               {"border", "", ColumnKind::integer, 0},
               {"flow a-b", per_day, ColumnKind::number, 2},
               {"flow b-a", per_day, ColumnKind::number, 2},
               {"tonnes", "t/day", ColumnKind::number, 1},
               {"capacity", "t/day", ColumnKind::number, 0},
               {"vc", "", ColumnKind::number, 3},
               {"delay", "h", ColumnKind::number, 2}},
              {}};
  for (const auto& l : r.links)
    links.rows.push_back({l.id, std::string(network::to_string(l.mode)), l.from, l.to,
                          num(l.border ? 1 : 0), num(l.flow_ab), num(l.flow_ba),
                          num(l.tonnes_per_day), opt(l.capacity_tpd), opt(l.vc),
                          num(l.delay_hours)});
  b.sheets.push_back(std::move(links));

  std::vector<std::string> scen = {r.scenario};
  if (r.base) scen.push_back(*r.base);
  b.assumptions = dataset_assumptions(e, scen, r.profile, r.year);
  b.assumptions.push_back({"demand", r.demand_file, "annual volumes converted to per day"});
  b.assumptions.push_back({"assignment", r.summary.algorithm,
                           "user equilibrium with capacities and congested borders"});
  return b;
}

}  // namespace corridor::exporter
