// api::forecast: demand rows with cargo classes -> multi-class logit SUE on the base and the
// scenario network -> per class and OD shares, diverted and generated volumes, sections, headline.
#include "corridor/api/forecast.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "corridor/api/critical.h"
#include "corridor/api/demand_ods.h"
#include "corridor/api/engine.h"
#include "corridor/api/render.h"
#include "corridor/assign/freight.h"
#include "corridor/core/error.h"
#include "corridor/core/files.h"
#include "corridor/core/text.h"
#include "corridor/demand/classes.h"
#include "corridor/demand/growth.h"

namespace corridor::api {

void ForecastRequest::validate() const {
  if (year && (*year < 1990 || *year > 2100))
    throw Error(Errc::usage, "--year must be in 1990..2100, found " + std::to_string(*year));
  if (demand_year && (*demand_year < 1990 || *demand_year > 2100))
    throw Error(Errc::usage,
                "--demand-year must be in 1990..2100, found " + std::to_string(*demand_year));
  if (equilibrium != "sue" && equilibrium != "ue")
    throw Error(Errc::usage, "--equilibrium must be sue or ue, found '" + equilibrium + "'");
  if (!(ue_gap > 0 && ue_gap < 1))
    throw Error(Errc::usage, "--gap must be in (0, 1), found " + std::to_string(ue_gap));
}

namespace {

constexpr const char* kModeName[3] = {"rail", "road", "ferry"};

struct Inputs {
  std::vector<demand::CargoClass> classes;  // the selected ones
  std::vector<io::DemandRow> rows;          // rows of the selected classes
  std::vector<assign::FreightClassOd> ods;  // one per row, grown to the forecast year
  std::vector<double> observed;             // per row: units/day of the demand file
  std::vector<Section> sections;
};

// The base year of a demand file named demand-YYYY.csv; 0 when the name has no year.
int year_of_demand_file(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  if (name.size() != 15 || name.rfind("demand-", 0) != 0) return 0;
  int y = 0;
  for (size_t i = 7; i < 11; ++i) {
    if (name[i] < '0' || name[i] > '9') return 0;
    y = 10 * y + (name[i] - '0');
  }
  return y;
}

Inputs load_inputs(const Engine& e, const ForecastRequest& req, demand::ForecastResult& out) {
  std::string& demand_file = out.demand_file;
  std::string& classes_file = out.classes_file;
  Inputs in;
  classes_file = req.classes_file.empty() ? e.dir + "/classes.csv" : req.classes_file;
  auto all = demand::load_classes(classes_file);
  std::set<std::string> wanted(req.classes.begin(), req.classes.end());
  for (const auto& w : wanted)
    if (!demand::find_class(all, w)) {
      std::vector<std::string> names;
      for (const auto& c : all) names.push_back(c.name);
      throw Error(
          Errc::usage,
          "unknown cargo class '" + w + "' (classes.csv has: " + text::join(names, ", ") + ")", {},
          names);
    }
  for (const auto& c : all)
    if (wanted.empty() || wanted.count(c.name)) in.classes.push_back(c);
  demand_file = demand_file_or_default(e, req.demand_file);
  // Background growth (growth.csv) from the demand's base year to the forecast year.
  std::vector<demand::GrowthRow> growth;
  if (req.growth) {
    const std::string gf = req.growth_file.empty() ? e.dir + "/growth.csv" : req.growth_file;
    if (!req.growth_file.empty() || files::exists(gf)) {
      growth = demand::load_growth(gf);
      out.growth_file = gf;
    }
  }
  out.demand_year = req.demand_year ? *req.demand_year : year_of_demand_file(demand_file);
  if (!out.growth_file.empty() && out.demand_year == 0) {
    // Growth needs the base year: without it the file's volumes are used, and the result says so.
    out.growth_note = "background growth not applied: the base year of '" + demand_file +
                      "' is unknown (name it demand-YYYY.csv or pass --demand-year)";
    out.growth_file.clear();
  }
  for (auto& row : io::load_demand(demand_file)) {
    const std::string name =
        row.cargo_class.empty() ? demand::default_class_for_unit(row.unit) : row.cargo_class;
    if (!demand::find_class(all, name))
      throw Error(Errc::invalid_input, row.where.to_string() + ": class '" + name +
                                           "' is not a class of " + classes_file);
    auto it = std::find_if(in.classes.begin(), in.classes.end(),
                           [&](const demand::CargoClass& c) { return c.name == name; });
    if (it == in.classes.end()) continue;
    DemandOd od = resolve_demand_row(e, row);
    assign::FreightClassOd f;
    f.origin = od.origin;
    f.destination = od.destination;
    f.cls = static_cast<uint32_t>(it - in.classes.begin());
    f.units_per_day = od.tonnes_per_year / it->tonnes_per_unit / 365.0;
    in.observed.push_back(f.units_per_day);
    if (!out.growth_file.empty())
      f.units_per_day *=
          demand::growth_factor(growth, name, out.demand_year, out.year, out.growth_file);
    f.corridor = row.corridor.empty() ? "all" : row.corridor;
    row.cargo_class = name;
    in.ods.push_back(f);
    in.rows.push_back(std::move(row));
  }
  in.sections = load_sections(e);
  return in;
}

std::string route_key(const assign::FreightRoute& r) {
  std::string k;
  for (size_t i = 0; i < r.links.size(); ++i)
    k += std::to_string(r.links[i].v) + (r.forward[i] ? "+" : "-") + ",";
  return k;
}

}  // namespace

// <dataset>/terminals.csv as a per-node flag of `net` (absent file: no restriction).
std::vector<char> container_terminals(const Engine& e, const network::Network& net) {
  const std::string path = e.dir + "/terminals.csv";
  std::vector<char> out;
  if (!files::exists(path)) return out;
  out.assign(net.nodes.size(), 0);
  for (const auto& row : demand::load_terminals(path)) {
    auto n = net.find_node(row.node_id);
    if (!n)
      throw Error(Errc::invalid_dataset, row.where.to_string() +
                                             ": expected a node of node.csv, "
                                             "found '" +
                                             row.node_id + "'");
    out[n->v] = row.container ? 1 : 0;
  }
  return out;
}

demand::ForecastResult forecast(const Engine& e, const ForecastRequest& req) {
  return forecast(e, req, {});
}

demand::ForecastResult forecast(const Engine& e, const ForecastRequest& req,
                                const std::function<void(network::Network&)>& edit_scenario) {
  req.validate();
  const auto t0 = std::chrono::steady_clock::now();
  demand::ForecastResult out;
  out.base_scenario = e.scenario_or_default(req.base);
  out.scenario =
      req.scenario.empty()
          ? (e.defaults.compare_scenario.empty() ? out.base_scenario : e.defaults.compare_scenario)
          : e.scenario_or_default(req.scenario);
  const auto& bv = e.view(out.base_scenario);
  const auto& sv = e.view(out.scenario);
  out.year = req.year ? *req.year : sv.applied.year;
  Inputs in = load_inputs(e, req, out);
  const size_t K = in.classes.size();

  assign::FreightClassOptions opt;
  opt.year = out.year;
  for (const auto& c : in.classes) opt.mode_asc.push_back(c.mode_asc);
  opt.container_terminal = container_terminals(e, bv.applied.net);
  opt.equilibrium = req.equilibrium;
  opt.ue.gap = req.ue_gap;
  out.equilibrium = req.equilibrium;
  assign::FreightClassResult base =
      assign::assign_freight_classes(bv.applied.net, *bv.router, in.classes, in.ods, opt);
  std::vector<assign::FreightClassOd> sods = in.ods;
  for (size_t i = 0; i < sods.size(); ++i) {
    sods[i].ref_cost = base.ods[i].ref_cost;
    if (req.elastic && base.ods[i].routed) sods[i].base_composite = base.ods[i].composite;
  }
  auto add_seeds = [&](const network::Network& snet_) {
    // The base routes, resolved by link id in the scenario network, join the scenario's route
    // sets: without them the scenario's own route search (link-penalty alternatives capped at
    // max_routes) may return a different set and lower a class's composite utility although the
    // scenario only adds options (docs/demand.md, "Generated traffic").
    for (size_t i = 0; i < sods.size(); ++i)
      for (const auto& r : base.ods[i].routes) {
        std::vector<std::pair<network::LinkIdx, bool>> seed;
        bool ok = true;
        for (size_t j = 0; j < r.links.size() && ok; ++j) {
          auto li = snet_.find_link(bv.applied.net.links[r.links[j]].id);
          if (li)
            seed.push_back({*li, r.forward[j] != 0});
          else
            ok = false;
        }
        if (ok) sods[i].seed_routes.push_back(std::move(seed));
      }
  };
  std::optional<network::Network> edited;
  std::unique_ptr<route::Router> edited_router;
  const network::Network* snet = &sv.applied.net;
  const route::Router* srouter = sv.router.get();
  if (edit_scenario) {
    edited = sv.applied.net;
    edit_scenario(*edited);
    edited_router = std::make_unique<route::Router>(*edited);
    snet = &*edited;
    srouter = edited_router.get();
  }
  if (req.keep_base_routes) add_seeds(*snet);
  assign::FreightClassResult scen =
      assign::assign_freight_classes(*snet, *srouter, in.classes, sods, opt);
  out.base_iterations = base.iterations;
  out.scenario_iterations = scen.iterations;
  out.base_max_change = base.max_change;
  out.scenario_max_change = scen.max_change;
  out.base_relative_gap = base.relative_gap;
  out.scenario_relative_gap = scen.relative_gap;
  out.converged = base.converged && scen.converged;

  // Sections: link index sets (by id: the base and scenario networks index links alike, but a
  // scenario may add links, so ids are resolved in each).
  std::map<std::string, std::string> section_of_link;  // link id -> section id
  for (const auto& s : in.sections)
    for (const auto& l : s.links) section_of_link.emplace(l, s.id);
  out.headline_section = e.defaults.headline_section.empty() && !in.sections.empty()
                             ? in.sections[0].id
                             : e.defaults.headline_section;
  const Section* head = nullptr;
  for (const auto& s : in.sections)
    if (s.id == out.headline_section) head = &s;
  if (head) out.headline_name = head->name;
  std::set<std::string> head_links;
  if (head) head_links.insert(head->links.begin(), head->links.end());

  auto corridor_of = [&](const network::Network& net, const assign::FreightRoute& r) {
    std::vector<std::string> secs;
    for (auto li : r.links) {
      auto it = section_of_link.find(net.links[li].id);
      if (it != section_of_link.end() &&
          std::find(secs.begin(), secs.end(), it->second) == secs.end())
        secs.push_back(it->second);
    }
    return secs.empty() ? std::string("other") : text::join(secs, "+");
  };
  // Direction of a route through the headline section: that of its first headline link; "" if
  // it does not cross it.
  auto head_dir = [&](const network::Network& net, const assign::FreightRoute& r) -> std::string {
    for (size_t i = 0; i < r.links.size(); ++i)
      if (head_links.count(net.links[r.links[i]].id)) return r.forward[i] ? "ab" : "ba";
    return "";
  };

  // Emissions (WTW kg CO2e per tonne over each link) of both networks, from appraise: demand
  // itself does not depend on appraise.
  std::vector<double> base_kg, scen_kg;
  if (e.emissions) {
    out.has_emissions = true;
    for (const auto& le : e.emissions->links(bv.applied.net)) base_kg.push_back(le.wtw_kg_per_t);
    for (const auto& le : e.emissions->links(*snet)) scen_kg.push_back(le.wtw_kg_per_t);
  }
  auto add_co2 = [](demand::ModeAmounts& m, const network::Network& net,
                    const std::vector<double>& kg, const assign::FreightRoute& r, double tonnes) {
    if (kg.empty()) return;
    for (auto li : r.links) {
      const double t = tonnes * kg[li.v] / 1000;
      const auto mode = net.links[li].mode;
      (mode == network::Mode::rail ? m.rail : mode == network::Mode::road ? m.road : m.ferry) += t;
    }
  };
  std::map<std::pair<std::string, std::string>, demand::HeadlineRow> headline;
  out.classes.resize(K);
  for (size_t k = 0; k < K; ++k) {
    out.classes[k].cargo_class = in.classes[k].name;
    out.classes[k].unit = in.classes[k].unit;
  }
  for (size_t i = 0; i < in.ods.size(); ++i) {
    const auto& c = in.classes[in.ods[i].cls];
    const auto& b = base.ods[i];
    const auto& s = scen.ods[i];
    demand::OdForecast f;
    f.cargo_class = c.name;
    f.unit = c.unit;
    f.origin = e.base.nodes[in.ods[i].origin].id;
    f.destination = e.base.nodes[in.ods[i].destination].id;
    f.corridor = in.ods[i].corridor;
    f.tonnes_per_unit = c.tonnes_per_unit;
    f.routed = s.routed;
    const double t0 = b.routed ? b.demand * 365 : 0, t1 = s.routed ? s.demand * 365 : 0;
    f.base_units = t0;
    f.scenario_units = t1;
    f.observed_units = b.routed ? in.observed[i] * 365 : 0;
    f.background_units = t0 - f.observed_units;
    f.observed_tonnes = f.observed_units * c.tonnes_per_unit;
    f.background_tonnes = f.background_units * c.tonnes_per_unit;
    f.generated_units = t1 - t0;
    std::map<std::string, std::pair<double, double>> by_route, by_mode, by_corr;
    double bh = 0, sh = 0;  // headline shares
    std::map<std::string, double> bh_dir, sh_dir;
    for (const auto& r : b.routes) {
      by_route[route_key(r)].first += r.prob;
      by_mode[kModeName[static_cast<int>(r.main_mode)]].first += r.prob;
      by_corr[corridor_of(bv.applied.net, r)].first += r.prob;
      for (int m = 0; m < 3; ++m)
        (m == 0   ? f.base_tkm.rail
         : m == 1 ? f.base_tkm.road
                  : f.base_tkm.ferry) += r.flow * 365 * r.km[m] * c.tonnes_per_unit;
      add_co2(f.base_tco2e, bv.applied.net, base_kg, r, r.flow * 365 * c.tonnes_per_unit);
      std::string d = head_dir(bv.applied.net, r);
      if (!d.empty()) bh += r.prob, bh_dir[d] += r.prob;
    }
    for (const auto& r : s.routes) {
      by_route[route_key(r)].second += r.prob;
      by_mode[kModeName[static_cast<int>(r.main_mode)]].second += r.prob;
      by_corr[corridor_of(*snet, r)].second += r.prob;
      for (int m = 0; m < 3; ++m)
        (m == 0   ? f.scenario_tkm.rail
         : m == 1 ? f.scenario_tkm.road
                  : f.scenario_tkm.ferry) += r.flow * 365 * r.km[m] * c.tonnes_per_unit;
      add_co2(f.scenario_tco2e, *snet, scen_kg, r, r.flow * 365 * c.tonnes_per_unit);
      std::string d = head_dir(*snet, r);
      if (!d.empty()) sh += r.prob, sh_dir[d] += r.prob;
    }
    double moved = 0;
    for (const auto& [k, v] : by_route) moved += std::fabs(v.second - v.first);
    f.diverted_units = b.routed && s.routed ? t0 * 0.5 * moved : 0;
    for (const auto& [k, v] : by_mode) f.mode_shares.push_back({k, v.first, v.second});
    for (const auto& [k, v] : by_corr) f.corridor_shares.push_back({k, v.first, v.second});
    f.base_cost_usd = b.mean_cost;
    f.scenario_cost_usd = s.mean_cost;
    f.base_composite_usd = b.composite;
    f.scenario_composite_usd = s.composite;
    f.theta = b.theta;
    f.base_headline_units = t0 * bh;
    f.scenario_headline_units = t1 * sh;
    f.base_tonnes = t0 * c.tonnes_per_unit;
    f.scenario_tonnes = t1 * c.tonnes_per_unit;
    f.diverted_tonnes = f.diverted_units * c.tonnes_per_unit;
    f.generated_tonnes = f.generated_units * c.tonnes_per_unit;
    for (const auto& dir : {std::string("ab"), std::string("ba")}) {
      const double b_share = bh_dir.count(dir) ? bh_dir[dir] : 0,
                   s_share = sh_dir.count(dir) ? sh_dir[dir] : 0;
      if (b_share <= 0 && s_share <= 0) continue;
      auto& row = headline[{c.name, dir}];
      row.cargo_class = c.name;
      row.direction = dir;
      row.base_units += t0 * b_share;
      row.scenario_units += t1 * s_share;
      row.base_tonnes += t0 * b_share * c.tonnes_per_unit;
      row.scenario_tonnes += t1 * s_share * c.tonnes_per_unit;
      row.generated_tonnes += std::max(0.0, t1 - t0) * s_share * c.tonnes_per_unit;
      row.diverted_tonnes += t0 * std::max(0.0, s_share - b_share) * c.tonnes_per_unit;
    }
    auto& ct = out.classes[in.ods[i].cls];
    ct.observed_units += f.observed_units;
    ct.background_units += f.background_units;
    ct.observed_tonnes += f.observed_tonnes;
    ct.background_tonnes += f.background_tonnes;
    ct.base_units += f.base_units;
    ct.scenario_units += f.scenario_units;
    ct.diverted_units += f.diverted_units;
    ct.generated_units += f.generated_units;
    ct.base_tonnes += f.base_tonnes;
    ct.scenario_tonnes += f.scenario_tonnes;
    ct.diverted_tonnes += f.diverted_tonnes;
    ct.generated_tonnes += f.generated_tonnes;
    for (auto [to, from] : {std::pair{&ct.base_tco2e, &f.base_tco2e},
                            std::pair{&ct.scenario_tco2e, &f.scenario_tco2e}})
      to->rail += from->rail, to->road += from->road, to->ferry += from->ferry;
    ct.base_headline_tonnes += f.base_headline_units * c.tonnes_per_unit;
    ct.scenario_headline_tonnes += f.scenario_headline_units * c.tonnes_per_unit;
    ct.base_tkm.rail += f.base_tkm.rail, ct.base_tkm.road += f.base_tkm.road;
    ct.base_tkm.ferry += f.base_tkm.ferry;
    ct.scenario_tkm.rail += f.scenario_tkm.rail, ct.scenario_tkm.road += f.scenario_tkm.road;
    ct.scenario_tkm.ferry += f.scenario_tkm.ferry;
    out.base_headline_tonnes += f.base_headline_units * c.tonnes_per_unit;
    out.scenario_headline_tonnes += f.scenario_headline_units * c.tonnes_per_unit;
    out.ods.push_back(std::move(f));
  }
  // Headline direction names: the first headline link's ends (in the scenario network).
  std::string from_name, to_name;
  if (head && !head->links.empty())
    if (auto li = snet->find_link(head->links.front())) {
      from_name = snet->nodes[snet->links[*li].from].name;
      to_name = snet->nodes[snet->links[*li].to].name;
    }
  for (auto& [key, row] : headline) {
    row.from = row.direction == "ab" ? from_name : to_name;
    row.to = row.direction == "ab" ? to_name : from_name;
    out.headline.push_back(row);
  }

  // Sections and links: tonnes per year per class from the per-class link flows.
  auto link_tonnes = [&](const assign::FreightClassResult& r, const network::Network& net,
                         const std::string& id, size_t k) {
    auto li = net.find_link(id);
    if (!li || li->v >= r.class_ab[k].size()) return 0.0;
    return (r.class_ab[k][*li] + r.class_ba[k][*li]) * 365 * in.classes[k].tonnes_per_unit;
  };
  for (const auto& sec : in.sections) {
    demand::SectionForecast sf;
    sf.id = sec.id;
    sf.name = sec.name;
    for (size_t k = 0; k < K; ++k) {
      demand::ClassSectionVolume cv{in.classes[k].name, 0, 0};
      for (const auto& id : sec.links) {
        cv.base_tonnes += link_tonnes(base, bv.applied.net, id, k);
        cv.scenario_tonnes += link_tonnes(scen, *snet, id, k);
      }
      sf.base_tonnes += cv.base_tonnes;
      sf.scenario_tonnes += cv.scenario_tonnes;
      if (cv.base_tonnes > 0 || cv.scenario_tonnes > 0) sf.by_class.push_back(cv);
    }
    for (const auto& id : sec.links) {
      for (int run = 0; run < 2; ++run) {
        const auto& net = run == 0 ? bv.applied.net : *snet;
        const auto& r = run == 0 ? base : scen;
        auto li = net.find_link(id);
        if (!li) continue;
        const auto& l = net.links[*li];
        if (!(l.capacity_tpd && *l.capacity_tpd > 0)) continue;
        if (run == 1) sf.capacity_tonnes += *l.capacity_tpd * 365;
        const double vc = std::max(r.load_ab[*li], r.load_ba[*li]) / *l.capacity_tpd;
        (run == 0 ? sf.base_vc : sf.scenario_vc) =
            std::max(run == 0 ? sf.base_vc : sf.scenario_vc, vc);
        (run == 0 ? sf.base_delay_hours : sf.scenario_delay_hours) =
            std::max(run == 0 ? sf.base_delay_hours : sf.scenario_delay_hours, r.delay_hours[*li]);
      }
    }
    out.sections.push_back(std::move(sf));
  }
  for (network::LinkIdx li : snet->links.ids()) {
    const auto& l = snet->links[li];
    demand::LinkForecast lf;
    lf.id = l.id;
    lf.mode = kModeName[static_cast<int>(l.mode)];
    lf.length_km = l.length_km;
    for (size_t k = 0; k < K; ++k) {
      lf.base_tonnes += link_tonnes(base, bv.applied.net, l.id, k);
      lf.scenario_tonnes += link_tonnes(scen, *snet, l.id, k);
    }
    if (lf.base_tonnes + lf.scenario_tonnes <= 1e-6) continue;
    lf.base_tkm = lf.base_tonnes * l.length_km;
    lf.scenario_tkm = lf.scenario_tonnes * l.length_km;
    out.links.push_back(std::move(lf));
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

// ---- renderings ------------------------------------------------------------------------------

namespace {
nlohmann::ordered_json modes_json(const demand::ModeAmounts& m) {
  return {{"rail", round_to(m.rail, 0)},
          {"road", round_to(m.road, 0)},
          {"ferry", round_to(m.ferry, 0)}};
}
}  // namespace

nlohmann::json to_json(const demand::ForecastResult& r) {
  nlohmann::ordered_json j;
  j["base"] = r.base_scenario;
  j["scenario"] = r.scenario;
  j["year"] = r.year;
  j["demand_file"] = r.demand_file;
  j["classes_file"] = r.classes_file;
  j["demand_year"] = r.demand_year;
  j["growth_file"] = r.growth_file;
  j["growth_note"] = r.growth_note;
  j["equilibrium"] = r.equilibrium;
  j["headline_section"] = r.headline_section;
  j["headline"] = {{"base_tonnes", round_to(r.base_headline_tonnes, 0)},
                   {"scenario_tonnes", round_to(r.scenario_headline_tonnes, 0)},
                   {"rows", nlohmann::ordered_json::array()}};
  for (const auto& h : r.headline)
    j["headline"]["rows"].push_back({{"class", h.cargo_class},
                                     {"direction", h.direction},
                                     {"from", h.from},
                                     {"to", h.to},
                                     {"base_tonnes", round_to(h.base_tonnes, 0)},
                                     {"scenario_tonnes", round_to(h.scenario_tonnes, 0)},
                                     {"base_units", round_to(h.base_units, 0)},
                                     {"scenario_units", round_to(h.scenario_units, 0)},
                                     {"diverted_tonnes", round_to(h.diverted_tonnes, 0)},
                                     {"generated_tonnes", round_to(h.generated_tonnes, 0)}});
  j["classes"] = nlohmann::ordered_json::array();
  for (const auto& c : r.classes)
    j["classes"].push_back({{"class", c.cargo_class},
                            {"unit", c.unit},
                            {"base_units", round_to(c.base_units, 0)},
                            {"scenario_units", round_to(c.scenario_units, 0)},
                            {"diverted_units", round_to(c.diverted_units, 0)},
                            {"generated_units", round_to(c.generated_units, 0)},
                            {"observed_units", round_to(c.observed_units, 0)},
                            {"background_units", round_to(c.background_units, 0)},
                            {"observed_tonnes", round_to(c.observed_tonnes, 0)},
                            {"background_tonnes", round_to(c.background_tonnes, 0)},
                            {"base_tonnes", round_to(c.base_tonnes, 0)},
                            {"scenario_tonnes", round_to(c.scenario_tonnes, 0)},
                            {"diverted_tonnes", round_to(c.diverted_tonnes, 0)},
                            {"generated_tonnes", round_to(c.generated_tonnes, 0)},
                            {"base_headline_tonnes", round_to(c.base_headline_tonnes, 0)},
                            {"scenario_headline_tonnes", round_to(c.scenario_headline_tonnes, 0)},
                            {"base_tkm", modes_json(c.base_tkm)},
                            {"scenario_tkm", modes_json(c.scenario_tkm)},
                            {"base_tco2e_wtw", modes_json(c.base_tco2e)},
                            {"scenario_tco2e_wtw", modes_json(c.scenario_tco2e)}});
  j["ods"] = nlohmann::ordered_json::array();
  for (const auto& f : r.ods) {
    nlohmann::ordered_json o = {
        {"class", f.cargo_class},
        {"unit", f.unit},
        {"origin", f.origin},
        {"destination", f.destination},
        {"corridor", f.corridor},
        {"routed", f.routed},
        {"tonnes_per_unit", f.tonnes_per_unit},
        {"base_units", round_to(f.base_units, 1)},
        {"scenario_units", round_to(f.scenario_units, 1)},
        {"diverted_units", round_to(f.diverted_units, 1)},
        {"generated_units", round_to(f.generated_units, 1)},
        {"observed_units", round_to(f.observed_units, 1)},
        {"background_units", round_to(f.background_units, 1)},
        {"base_tonnes", round_to(f.base_tonnes, 0)},
        {"scenario_tonnes", round_to(f.scenario_tonnes, 0)},
        {"diverted_tonnes", round_to(f.diverted_tonnes, 0)},
        {"generated_tonnes", round_to(f.generated_tonnes, 0)},
        {"base_cost_usd", round_to(f.base_cost_usd, 2)},
        {"scenario_cost_usd", round_to(f.scenario_cost_usd, 2)},
        {"base_composite_usd", round_to(f.base_composite_usd, 2)},
        {"scenario_composite_usd", round_to(f.scenario_composite_usd, 2)},
        {"theta", f.theta},
        {"base_tkm", modes_json(f.base_tkm)},
        {"scenario_tkm", modes_json(f.scenario_tkm)},
        {"base_tco2e_wtw", modes_json(f.base_tco2e)},
        {"scenario_tco2e_wtw", modes_json(f.scenario_tco2e)},
        {"base_headline_units", round_to(f.base_headline_units, 1)},
        {"scenario_headline_units", round_to(f.scenario_headline_units, 1)}};
    o["mode_shares"] = nlohmann::ordered_json::array();
    for (const auto& s : f.mode_shares)
      o["mode_shares"].push_back(
          {{"mode", s.key}, {"base", round_to(s.base, 4)}, {"scenario", round_to(s.scenario, 4)}});
    o["corridor_shares"] = nlohmann::ordered_json::array();
    for (const auto& s : f.corridor_shares)
      o["corridor_shares"].push_back({{"corridor", s.key},
                                      {"base", round_to(s.base, 4)},
                                      {"scenario", round_to(s.scenario, 4)}});
    j["ods"].push_back(std::move(o));
  }
  j["sections"] = nlohmann::ordered_json::array();
  for (const auto& s : r.sections) {
    nlohmann::ordered_json o = {{"section", s.id},
                                {"name", s.name},
                                {"base_tonnes", round_to(s.base_tonnes, 0)},
                                {"scenario_tonnes", round_to(s.scenario_tonnes, 0)},
                                {"capacity_tonnes", round_to(s.capacity_tonnes, 0)},
                                {"base_vc", round_to(s.base_vc, 3)},
                                {"scenario_vc", round_to(s.scenario_vc, 3)},
                                {"base_delay_hours", round_to(s.base_delay_hours, 2)},
                                {"scenario_delay_hours", round_to(s.scenario_delay_hours, 2)},
                                {"by_class", nlohmann::ordered_json::array()}};
    for (const auto& c : s.by_class)
      o["by_class"].push_back({{"class", c.cargo_class},
                               {"base_tonnes", round_to(c.base_tonnes, 0)},
                               {"scenario_tonnes", round_to(c.scenario_tonnes, 0)}});
    j["sections"].push_back(std::move(o));
  }
  j["links"] = nlohmann::ordered_json::array();
  for (const auto& l : r.links)
    j["links"].push_back({{"id", l.id},
                          {"mode", l.mode},
                          {"length_km", round_to(l.length_km, 1)},
                          {"base_tonnes", round_to(l.base_tonnes, 0)},
                          {"scenario_tonnes", round_to(l.scenario_tonnes, 0)},
                          {"base_tkm", round_to(l.base_tkm, 0)},
                          {"scenario_tkm", round_to(l.scenario_tkm, 0)}});
  j["convergence"] = {{"base_iterations", r.base_iterations},
                      {"scenario_iterations", r.scenario_iterations},
                      {"base_max_change", r.base_max_change},
                      {"scenario_max_change", r.scenario_max_change},
                      {"equilibrium", r.equilibrium},
                      {"base_relative_gap", r.base_relative_gap},
                      {"scenario_relative_gap", r.scenario_relative_gap},
                      {"converged", r.converged}};
  return nlohmann::json(j);
}

std::string render_forecast_text(const demand::ForecastResult& r) {
  std::string s = fmt::format(
      "Freight forecast {}: {} (base) vs {} (scenario), links open by {}; {}, demand {}{}\n\n",
      r.year, r.base_scenario, r.scenario, r.year,
      r.equilibrium == "ue" ? "multi-class deterministic UE" : "multi-class logit SUE",
      r.demand_file,
      r.growth_file.empty()
          ? " (no background growth" + (r.growth_note.empty() ? "" : ": " + r.growth_note) + ")"
          : fmt::format(" ({}) grown to {} by {}", r.demand_year, r.year, r.growth_file));
  s += fmt::format("{:<14} {:>6} {:>14} {:>14} {:>14} {:>14} {:>14} {:>12} {:>12}\n", "class",
                   "unit", "base/yr", "scenario/yr", "background/yr", "diverted/yr", "generated/yr",
                   "base " + r.headline_section, "scen " + r.headline_section);
  double tb = 0, ts = 0, tbg = 0, td = 0, tg = 0;
  for (const auto& c : r.classes) {
    s += fmt::format("{:<14} {:>6} {:>14} {:>14} {:>14} {:>14} {:>14} {:>12} {:>12}\n",
                     c.cargo_class, c.unit, fmt_number(c.base_units, 0),
                     fmt_number(c.scenario_units, 0), fmt_number(c.background_units, 0),
                     fmt_number(c.diverted_units, 0), fmt_number(c.generated_units, 0),
                     fmt_number(c.base_headline_tonnes, 0) + " t",
                     fmt_number(c.scenario_headline_tonnes, 0) + " t");
    tb += c.base_tonnes, ts += c.scenario_tonnes, td += c.diverted_tonnes, tg += c.generated_tonnes;
    tbg += c.background_tonnes;
  }
  s += fmt::format("{:<14} {:>6} {:>14} {:>14} {:>14} {:>14} {:>14} {:>12} {:>12}\n", "all", "t",
                   fmt_number(tb, 0), fmt_number(ts, 0), fmt_number(tbg, 0), fmt_number(td, 0),
                   fmt_number(tg, 0), fmt_number(r.base_headline_tonnes, 0) + " t",
                   fmt_number(r.scenario_headline_tonnes, 0) + " t");
  s += "(base = the demand file's volume + background growth to the forecast year; scenario = "
       "base + generated; diverted is part of base)\n";
  if (r.has_emissions) {
    s += "\nEmissions, t CO2e/yr well-to-wheel (appraisal emission factors), by class and mode:\n";
    s += fmt::format("{:<14} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}\n", "class", "rail base",
                     "rail scen", "road base", "road scen", "ferry base", "ferry scen");
    demand::ModeAmounts tb2, ts2;
    for (const auto& c : r.classes) {
      s += fmt::format("{:<14} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}\n", c.cargo_class,
                       fmt_number(c.base_tco2e.rail, 0), fmt_number(c.scenario_tco2e.rail, 0),
                       fmt_number(c.base_tco2e.road, 0), fmt_number(c.scenario_tco2e.road, 0),
                       fmt_number(c.base_tco2e.ferry, 0), fmt_number(c.scenario_tco2e.ferry, 0));
      tb2.rail += c.base_tco2e.rail, tb2.road += c.base_tco2e.road, tb2.ferry += c.base_tco2e.ferry;
      ts2.rail += c.scenario_tco2e.rail, ts2.road += c.scenario_tco2e.road;
      ts2.ferry += c.scenario_tco2e.ferry;
    }
    s += fmt::format("{:<14} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}  (total {} -> {})\n", "all",
                     fmt_number(tb2.rail, 0), fmt_number(ts2.rail, 0), fmt_number(tb2.road, 0),
                     fmt_number(ts2.road, 0), fmt_number(tb2.ferry, 0), fmt_number(ts2.ferry, 0),
                     fmt_number(tb2.total(), 0), fmt_number(ts2.total(), 0));
  }
  {
    // Negative generated traffic: the scenario's route sets contain the base routes, so a
    // composite-cost rise comes from congestion shared with other classes (docs/demand.md).
    int losing = 0;
    double lost = 0;
    for (const auto& f : r.ods)
      if (f.generated_tonnes < 0) ++losing, lost += f.generated_tonnes;
    if (losing > 0)
      s += fmt::format(
          "note: {} class-OD pairs lose {} t/yr (generated < 0): their composite cost rose "
          "through congestion that other classes' diverted flow adds on links they share\n",
          losing, fmt_number(-lost, 0));
  }
  s += fmt::format("\nFreight through {} ({}), by class and direction, t/yr:\n", r.headline_name,
                   r.headline_section);
  s += fmt::format("{:<14} {:<36} {:>12} {:>12} {:>12} {:>12}\n", "class", "direction", "base",
                   "scenario", "diverted", "generated");
  for (const auto& h : r.headline)
    s += fmt::format("{:<14} {:<36} {:>12} {:>12} {:>12} {:>12}\n", h.cargo_class,
                     h.from + " -> " + h.to, fmt_number(h.base_tonnes, 0),
                     fmt_number(h.scenario_tonnes, 0), fmt_number(h.diverted_tonnes, 0),
                     fmt_number(h.generated_tonnes, 0));
  s += "\nSections, t/yr (V/C of the busiest link and direction; delay = congested extra hours):\n";
  s += fmt::format("{:<16} {:>12} {:>12} {:>8} {:>8} {:>9} {:>9}\n", "section", "base", "scenario",
                   "V/C b", "V/C s", "delay b", "delay s");
  for (const auto& sec : r.sections)
    s += fmt::format("{:<16} {:>12} {:>12} {:>8} {:>8} {:>9} {:>9}\n", sec.id,
                     fmt_number(sec.base_tonnes, 0), fmt_number(sec.scenario_tonnes, 0),
                     sec.capacity_tonnes > 0 ? fmt_number(sec.base_vc, 2) : "-",
                     sec.capacity_tonnes > 0 ? fmt_number(sec.scenario_vc, 2) : "-",
                     fmt_number(sec.base_delay_hours, 1), fmt_number(sec.scenario_delay_hours, 1));
  if (r.equilibrium == "ue")
    s += fmt::format(
        "\nconvergence (UE): base {} iterations (relative gap {:.1e}), scenario {} ({:.1e}){}\n",
        r.base_iterations, r.base_relative_gap, r.scenario_iterations, r.scenario_relative_gap,
        r.converged ? "" : " NOT CONVERGED");
  else
    s += fmt::format(
        "\nconvergence: base {} iterations (max change {:.1e}), scenario {} ({:.1e}){}\n",
        r.base_iterations, r.base_max_change, r.scenario_iterations, r.scenario_max_change,
        r.converged ? "" : " NOT CONVERGED");
  return s;
}

std::string render_forecast_csv(const demand::ForecastResult& r) {
  std::string s =
      // Units in every numeric column's name (the same names as the Python DataFrame).
      "class,unit,origin,destination,corridor,base_units_per_year,scenario_units_per_year,"
      "diverted_units_per_year,generated_units_per_year,base_tonnes_per_year,"
      "scenario_tonnes_per_year,diverted_tonnes_per_year,generated_tonnes_per_year,"
      "base_cost_usd_per_unit,scenario_cost_usd_per_unit,base_composite_usd_per_unit,"
      "scenario_composite_usd_per_unit,base_rail_tkm_per_year,base_road_tkm_per_year,"
      "base_ferry_tkm_per_year,scenario_rail_tkm_per_year,scenario_road_tkm_per_year,"
      "scenario_ferry_tkm_per_year,base_headline_units_per_year,scenario_headline_units_per_year,"
      "base_tco2e_per_year,scenario_tco2e_per_year,observed_units_per_year,"
      "background_units_per_year\n";
  auto q = [](const std::string& v) { return text::csv_quote(v); };
  for (const auto& f : r.ods)
    s += fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
        q(f.cargo_class), q(f.unit), q(f.origin), q(f.destination), q(f.corridor),
        round_to(f.base_units, 1), round_to(f.scenario_units, 1), round_to(f.diverted_units, 1),
        round_to(f.generated_units, 1), round_to(f.base_tonnes, 0), round_to(f.scenario_tonnes, 0),
        round_to(f.diverted_tonnes, 0), round_to(f.generated_tonnes, 0),
        round_to(f.base_cost_usd, 2), round_to(f.scenario_cost_usd, 2),
        round_to(f.base_composite_usd, 2), round_to(f.scenario_composite_usd, 2),
        round_to(f.base_tkm.rail, 0), round_to(f.base_tkm.road, 0), round_to(f.base_tkm.ferry, 0),
        round_to(f.scenario_tkm.rail, 0), round_to(f.scenario_tkm.road, 0),
        round_to(f.scenario_tkm.ferry, 0), round_to(f.base_headline_units, 1),
        round_to(f.scenario_headline_units, 1), round_to(f.base_tco2e.total(), 1),
        round_to(f.scenario_tco2e.total(), 1), round_to(f.observed_units, 1),
        round_to(f.background_units, 1));
  return s;
}

std::string render_forecast_html(const demand::ForecastResult& r) {
  auto h = [](const std::string& v) { return text::html_escape(v); };
  std::string s =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Freight forecast " +
      h(r.scenario) + " " + std::to_string(r.year) +
      "</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
      "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}td:first-child,th:first-child"
      "{text-align:left}</style></head><body>\n";
  s += "<h1>Freight forecast " + std::to_string(r.year) + ": " + h(r.scenario) + " vs " +
       h(r.base_scenario) + "</h1>\n";
  s += "<p>Assumptions: multi-class " +
       std::string(r.equilibrium == "ue" ? "deterministic user equilibrium"
                                         : "logit stochastic user equilibrium") +
       " on both networks (links open by " + std::to_string(r.year) + "); demand " +
       h(r.demand_file) +
       (r.growth_file.empty() ? std::string(" (base-year matrix, no background growth)")
                              : " (" + std::to_string(r.demand_year) + ", grown to " +
                                    std::to_string(r.year) + " by " + h(r.growth_file) + ")") +
       "; cargo classes " + h(r.classes_file) +
       "; generated traffic from the composite-cost change with each class's elasticity. Volumes "
       "per year.</p>\n";
  s += "<h2>By class</h2><table><tr><th>class</th><th>unit</th><th>base</th><th>scenario</th>"
       "<th>background</th><th>diverted</th><th>generated</th><th>base " +
       h(r.headline_section) + " t</th><th>scenario " + h(r.headline_section) + " t</th></tr>\n";
  for (const auto& c : r.classes)
    s += "<tr><td>" + h(c.cargo_class) + "</td><td>" + h(c.unit) + "</td><td>" +
         fmt_number(c.base_units, 0) + "</td><td>" + fmt_number(c.scenario_units, 0) + "</td><td>" +
         fmt_number(c.background_units, 0) + "</td><td>" + fmt_number(c.diverted_units, 0) +
         "</td><td>" + fmt_number(c.generated_units, 0) + "</td><td>" +
         fmt_number(c.base_headline_tonnes, 0) + "</td><td>" +
         fmt_number(c.scenario_headline_tonnes, 0) + "</td></tr>\n";
  s += "</table>\n<h2>Through " + h(r.headline_name) +
       " by class and direction (t/yr)</h2><table><tr><th>class</th><th>direction</th>"
       "<th>base</th><th>scenario</th><th>diverted</th><th>generated</th></tr>\n";
  for (const auto& x : r.headline)
    s += "<tr><td>" + h(x.cargo_class) + "</td><td>" + h(x.from + " → " + x.to) + "</td><td>" +
         fmt_number(x.base_tonnes, 0) + "</td><td>" + fmt_number(x.scenario_tonnes, 0) +
         "</td><td>" + fmt_number(x.diverted_tonnes, 0) + "</td><td>" +
         fmt_number(x.generated_tonnes, 0) + "</td></tr>\n";
  s += "</table>\n<h2>Sections (t/yr)</h2><table><tr><th>section</th><th>base</th><th>scenario"
       "</th><th>V/C base</th><th>V/C scenario</th><th>delay h base</th><th>delay h scenario</th>"
       "</tr>\n";
  for (const auto& x : r.sections)
    s += "<tr><td>" + h(x.name) + "</td><td>" + fmt_number(x.base_tonnes, 0) + "</td><td>" +
         fmt_number(x.scenario_tonnes, 0) + "</td><td>" + fmt_number(x.base_vc, 2) + "</td><td>" +
         fmt_number(x.scenario_vc, 2) + "</td><td>" + fmt_number(x.base_delay_hours, 1) +
         "</td><td>" + fmt_number(x.scenario_delay_hours, 1) + "</td></tr>\n";
  s += "</table>\n<h2>Class and OD</h2><table><tr><th>class</th><th>origin</th><th>destination"
       "</th><th>base</th><th>scenario</th><th>diverted</th><th>generated</th><th>cost base USD"
       "</th><th>cost scenario USD</th></tr>\n";
  for (const auto& f : r.ods)
    s += "<tr><td>" + h(f.cargo_class) + "</td><td>" + h(f.origin) + "</td><td>" +
         h(f.destination) + "</td><td>" + fmt_number(f.base_units, 0) + "</td><td>" +
         fmt_number(f.scenario_units, 0) + "</td><td>" + fmt_number(f.diverted_units, 0) +
         "</td><td>" + fmt_number(f.generated_units, 0) + "</td><td>" +
         fmt_number(f.base_cost_usd, 2) + "</td><td>" + fmt_number(f.scenario_cost_usd, 2) +
         "</td></tr>\n";
  s += "</table>\n</body></html>\n";
  return s;
}

}  // namespace corridor::api
