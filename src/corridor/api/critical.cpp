// api::critical and api::select_link: a dataset, a scenario and a demand file bound to
// src/corridor/critical, and their renderings.
#include "corridor/api/critical.h"

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "corridor/api/demand_ods.h"
#include "corridor/api/engine.h"
#include "corridor/api/render.h"
#include "corridor/core/error.h"

namespace corridor::api {

std::string demand_file_or_default(const Engine& e, const std::string& demand_file) {
  if (!demand_file.empty()) return demand_file;
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(e.dir, ec)) {
    auto name = entry.path().filename().string();
    if (name.rfind("demand-", 0) == 0 && entry.path().extension() == ".csv")
      found.push_back(entry.path().string());
  }
  if (found.empty())
    throw Error(Errc::usage, "the dataset '" + e.dir +
                                 "' has no demand-*.csv file; name one with --demand FILE");
  std::sort(found.begin(), found.end());
  return found.back();
}

std::optional<double> CriticalRequest::capacity_fraction() const {
  if (mode.rfind("capacity:", 0) != 0) return std::nullopt;
  const std::string v = mode.substr(9);
  size_t used = 0;
  double f = -1;
  try {
    f = std::stod(v, &used);
  } catch (...) {
    used = 0;
  }
  if (used != v.size() || v.empty() || !(f >= 0 && f < 1))
    throw Error(Errc::usage,
                "--mode capacity:F needs a fraction 0 <= F < 1 (e.g. capacity:0.3), "
                "found '" +
                    v + "'");
  return f;
}

void CriticalRequest::validate() const {
  if (metric != "cost" && metric != "unserved" && metric != "both" && metric != "interaction")
    throw Error(Errc::usage, "unknown metric '" + metric + "'", {},
                {"cost", "unserved", "both", "interaction"});
  if (metric == "interaction" && k != 2)
    throw Error(Errc::usage, "--metric interaction ranks pairs: it needs --k 2");
  if (assign != "aon" && assign != "ue")
    throw Error(Errc::usage, "unknown assignment '" + assign + "'", {}, {"aon", "ue"});
  if (mode != "removal" && mode.rfind("capacity:", 0) != 0)
    throw Error(Errc::usage, "unknown mode '" + mode + "'", {}, {"removal", "capacity:0.3"});
  if (capacity_fraction() && assign != "ue")
    throw Error(Errc::usage,
                "--mode capacity:F needs --assign ue: the all-or-nothing assignment is "
                "uncongested, so a capacity cut does not change it");
  if (top < 0) throw Error(Errc::usage, "--top must be >= 0");
  if (k != 1 && k != 2) throw Error(Errc::usage, "--k must be 1 or 2", {}, {"1", "2"});
  if (threads < 0 || threads > 1024) throw Error(Errc::usage, "--threads must be in [0, 1024]");
}

CriticalResult critical(const Engine& e, const CriticalRequest& req) {
  const int threads = req.threads;
  return critical(e, req, [threads](size_t n, const std::function<critical::Impact(size_t)>& f) {
    std::vector<critical::Impact> out(n);
    tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<size_t>(0, n), [&](const tbb::blocked_range<size_t>& r) {
        for (size_t i = r.begin(); i < r.end(); ++i) out[i] = f(i);
      });
    });
    return out;
  });
}

CriticalResult critical(const Engine& e, const CriticalRequest& req, const ImpactRunner& runner) {
  req.validate();
  CriticalResult out;
  out.scenario = e.scenario_or_default(req.scenario);
  out.profile = e.profile_or_default(req.profile);
  out.demand_file = demand_file_or_default(e, req.demand_file);
  out.metric = req.metric;
  out.mode = req.mode;
  out.assign = req.assign;
  const auto& v = e.view(out.scenario);
  out.year = req.year ? *req.year : v.applied.year;
  const auto& net = v.applied.net;
  out.tonnes_per_unit = v.router->profile(out.profile).tonnes_per_unit;
  DemandOds d = demand_ods(e, out.demand_file, out.profile);
  route::Options ro;
  ro.profile = out.profile;
  ro.year = out.year;
  auto candidates = critical::select_links(net, req.links, out.year);
  out.k = req.k;
  if (req.k == 2 && candidates.size() > 1 &&
      candidates.size() * (candidates.size() - 1) / 2 > kMaxPairRemovals)
    throw Error(Errc::usage,
                fmt::format("--k 2 over {} candidate links is {} pair removals (more than {}); "
                            "narrow the candidates with --links",
                            candidates.size(), candidates.size() * (candidates.size() - 1) / 2,
                            kMaxPairRemovals),
                {}, {"--links border", "--links rail,ferry"});
  // k = 2: the pairs, then every candidate alone (for each pair's interaction: its Δ cost minus
  // the two single Δ costs); only the pairs are ranked.
  auto removals = req.k == 2 ? critical::pairs_of(candidates) : critical::singles_of(candidates);
  const size_t ranked = removals.size();
  if (req.k == 2)
    for (const auto& s : critical::singles_of(candidates)) removals.push_back(s);
  critical::Options co;
  co.assignment = req.assign == "ue" ? critical::Assignment::ue : critical::Assignment::aon;
  co.capacity_fraction = req.capacity_fraction();
  co.threads = req.threads;
  // Well-to-wheel kg CO2e per unit over each link: the dataset's factors (kg per tonne) x tonnes
  // per unit of the profile.
  if (e.emissions) {
    const auto per_link = e.emissions->links(net);
    co.link_emission = network::IndexedVector<network::LinkIdx, double>(net.links.size(), 0.0);
    for (auto l : net.links.ids())
      co.link_emission[l] = per_link[l.v].wtw_kg_per_t * out.tonnes_per_unit;
    out.emissions = true;
  }
  critical::Analyser analyser(net, *v.router, ro, d.ods, co);
  critical::Analysis a = analyser.base();
  a.impacts = runner(removals.size(), [&](size_t i) { return analyser.impact(removals[i]); });
  if (a.impacts.size() != removals.size())
    throw Error(Errc::internal, "criticality runner returned the wrong number of impacts");
  out.base_cost = a.base_cost;
  out.base_served_units = a.base_served;
  out.base_unserved_units = a.base_unserved;
  out.candidates = candidates.size();
  out.removals = ranked;
  if (req.k == 2) {
    std::vector<critical::Impact> singles(a.impacts.begin() + ranked, a.impacts.end());
    a.impacts.resize(ranked);
    critical::pair_interactions(a.impacts, singles);
  }
  auto metric = req.metric == "cost"       ? critical::Metric::cost
                : req.metric == "unserved" ? critical::Metric::unserved
                : req.metric == "both"     ? critical::Metric::both
                                           : critical::Metric::interaction;
  auto order = critical::rank(net, a.impacts, metric);
  size_t n = req.top > 0 ? std::min<size_t>(req.top, order.size()) : order.size();
  for (size_t k = 0; k < n; ++k) {
    const auto& im = a.impacts[order[k]];
    const auto& l = net.links[im.link];
    CriticalRow r;
    r.rank = static_cast<int>(k + 1);
    r.link = im.link;
    r.id = l.id;
    r.name = l.name;
    r.from = net.nodes[l.from].id;
    r.to = net.nodes[l.to].id;
    r.mode = l.mode;
    r.border = net.crosses_border(l) || l.type == network::LinkType::border;
    r.base_units = im.base_volume;
    r.delta_cost = im.delta_cost;
    r.unserved_units = im.unserved;
    r.unserved_tonnes = im.unserved * out.tonnes_per_unit;
    r.connected = im.connected;
    r.ods_affected = im.ods_affected;
    r.delta_tco2e = im.delta_emission / 1000;
    r.interaction = im.interaction;
    if (im.link2) {
      const auto& l2 = net.links[*im.link2];
      r.link2 = im.link2;
      r.id2 = l2.id;
      r.name2 = l2.name;
      r.from2 = net.nodes[l2.from].id;
      r.to2 = net.nodes[l2.to].id;
      r.mode2 = l2.mode;
      r.border2 = net.crosses_border(l2) || l2.type == network::LinkType::border;
      r.base_units2 = im.base_volume2;
    }
    out.rows.push_back(std::move(r));
  }
  return out;
}

namespace {
nlohmann::json row_json(const CriticalRow& x, bool emissions) {
  nlohmann::json j = {{"rank", x.rank},
                      {"id", x.id},
                      {"name", x.name},
                      {"mode", std::string(network::to_string(x.mode))},
                      {"border", x.border},
                      {"from", x.from},
                      {"to", x.to},
                      {"base_units_per_day", round_to(x.base_units, 4)},
                      {"delta_cost_usd_per_day", round_to(x.delta_cost, 2)},
                      {"unserved_units_per_day", round_to(x.unserved_units, 4)},
                      {"unserved_tonnes_per_day", round_to(x.unserved_tonnes, 2)},
                      {"connected", x.connected},
                      {"ods_affected", x.ods_affected}};
  if (x.link2) {
    j["id2"] = x.id2;
    j["name2"] = x.name2;
    j["mode2"] = std::string(network::to_string(x.mode2));
    j["border2"] = x.border2;
    j["from2"] = x.from2;
    j["to2"] = x.to2;
    j["base_units2_per_day"] = round_to(x.base_units2, 4);
    j["interaction_usd_per_day"] = round_to(x.interaction, 2);
  }
  if (emissions) j["delta_tco2e_per_day"] = round_to(x.delta_tco2e, 3);
  return j;
}
}  // namespace

nlohmann::json to_geojson(const Engine& e, const CriticalResult& r) {
  const auto& net = e.view(r.scenario).applied.net;
  nlohmann::json features = nlohmann::json::array();
  for (const auto& x : r.rows) {
    nlohmann::json geometry;
    if (x.link2)
      geometry = {{"type", "MultiLineString"},
                  {"coordinates",
                   {link_coords(net, net.links[x.link], false),
                    link_coords(net, net.links[*x.link2], false)}}};
    else
      geometry = {{"type", "LineString"},
                  {"coordinates", link_coords(net, net.links[x.link], false)}};
    features.push_back(
        {{"type", "Feature"}, {"geometry", geometry}, {"properties", row_json(x, r.emissions)}});
  }
  return {{"type", "FeatureCollection"}, {"features", features}};
}

nlohmann::json to_json(const CriticalResult& r) {
  nlohmann::json links = nlohmann::json::array();
  for (const auto& x : r.rows) links.push_back(row_json(x, r.emissions));
  nlohmann::json j = {{"scenario", r.scenario},
                      {"profile", r.profile},
                      {"demand_file", r.demand_file},
                      {"metric", r.metric},
                      {"mode", r.mode},
                      {"assign", r.assign},
                      {"year", r.year},
                      {"base",
                       {{"cost_usd_per_day", round_to(r.base_cost, 2)},
                        {"served_units_per_day", round_to(r.base_served_units, 4)},
                        {"unserved_units_per_day", round_to(r.base_unserved_units, 4)}}},
                      {"candidates", r.candidates},
                      {"links", links}};
  if (r.k == 2) {
    j["k"] = r.k;
    j["removals"] = r.removals;
  }
  return j;
}

namespace {
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}
}  // namespace

std::string render_critical_csv(const CriticalResult& r) {
  if (r.k == 2) {
    std::string o =
        "rank,link_id,link_id2,mode,mode2,border,border2,from,to,from2,to2,base_units_per_day,"
        "base_units2_per_day,delta_cost_usd_per_day,unserved_units_per_day,"
        "unserved_tonnes_per_day,connected,interaction_usd_per_day" +
        std::string(r.emissions ? ",delta_tco2e_per_day" : "") + "\n";
    for (const auto& x : r.rows)
      o += fmt::format(
          "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}{}\n", x.rank, csv_field(x.id),
          csv_field(x.id2), network::to_string(x.mode), network::to_string(x.mode2),
          x.border ? 1 : 0, x.border2 ? 1 : 0, csv_field(x.from), csv_field(x.to),
          csv_field(x.from2), csv_field(x.to2), round_to(x.base_units, 4),
          round_to(x.base_units2, 4), round_to(x.delta_cost, 2), round_to(x.unserved_units, 4),
          round_to(x.unserved_tonnes, 2), x.connected ? 1 : 0, round_to(x.interaction, 2),
          r.emissions ? fmt::format(",{}", round_to(x.delta_tco2e, 3)) : "");
    return o;
  }
  std::string o =
      "rank,link_id,mode,border,from,to,base_units_per_day,delta_cost_usd_per_day,"
      "unserved_units_per_day,unserved_tonnes_per_day,connected" +
      std::string(r.emissions ? ",delta_tco2e_per_day" : "") + "\n";
  for (const auto& x : r.rows)
    o += fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{}{}\n", x.rank, csv_field(x.id), network::to_string(x.mode),
        x.border ? 1 : 0, csv_field(x.from), csv_field(x.to), round_to(x.base_units, 4),
        round_to(x.delta_cost, 2), round_to(x.unserved_units, 4), round_to(x.unserved_tonnes, 2),
        x.connected ? 1 : 0, r.emissions ? fmt::format(",{}", round_to(x.delta_tco2e, 3)) : "");
  return o;
}

std::string render_critical_text(const CriticalResult& r) {
  std::string o = fmt::format(
      "Criticality: {} under {} ({}, year {}, {} assignment, {}), demand {}\n"
      "Base: {} USD/day generalized cost, {} units/day served, {} unserved; {} candidate "
      "links{}\n\n",
      r.mode == "removal" ? (r.k == 2 ? "removal of link pairs" : "link removal") : r.mode,
      r.scenario, r.profile, r.year, r.assign, "ranked by " + r.metric, r.demand_file,
      fmt_number(r.base_cost, 0), fmt_number(r.base_served_units, 2),
      fmt_number(r.base_unserved_units, 2), r.candidates,
      r.k == 2 ? fmt::format(", {} pairs (all pairs of the candidates)", r.removals) : "");
  // Δ tCO2e/day (well-to-wheel) as a last column when the dataset has emission factors.
  // (the connected column is padded only when a column follows: no trailing blanks)
  auto co2 = [&](const CriticalRow* x) {
    if (!r.emissions) return std::string();
    return x ? fmt::format("  {:>12}", fmt_number(x->delta_tco2e, 2))
             : fmt::format("  {:>12}", "Δ tCO2e/day");
  };
  const size_t cw = r.emissions ? 9 : 0;
  if (r.k == 2) {
    o += fmt::format("{:>4}  {:<28} {:<28} {:>3}  {:>16}  {:>16}  {:>14}  {:<{}}{}\n", "rank",
                     "link", "and link", "brd", "Δ cost USD/day", "interaction", "unserved u/day",
                     "connected", cw, co2(nullptr));
    for (const auto& x : r.rows)
      o += fmt::format("{:>4}  {:<28} {:<28} {:>3}  {:>16}  {:>16}  {:>14}  {:<{}}{}\n", x.rank,
                       x.id, x.id2, x.border || x.border2 ? "yes" : "", fmt_number(x.delta_cost, 0),
                       fmt_number(x.interaction, 0), fmt_number(x.unserved_units, 2),
                       x.connected ? "yes" : "NO", cw, co2(&x));
    return o;
  }
  o += fmt::format("{:>4}  {:<28} {:<5} {:>3}  {:>12}  {:>16}  {:>14}  {:<{}}{}\n", "rank", "link",
                   "mode", "brd", "base u/day", "Δ cost USD/day", "unserved u/day", "connected", cw,
                   co2(nullptr));
  for (const auto& x : r.rows)
    o += fmt::format("{:>4}  {:<28} {:<5} {:>3}  {:>12}  {:>16}  {:>14}  {:<{}}{}\n", x.rank, x.id,
                     network::to_string(x.mode), x.border ? "yes" : "", fmt_number(x.base_units, 2),
                     fmt_number(x.delta_cost, 0), fmt_number(x.unserved_units, 2),
                     x.connected ? "yes" : "NO", cw, co2(&x));
  return o;
}

namespace {
// The fields of an HTTP request body: only `known` ones, each of the expected type.
void check_fields(const nlohmann::json& j, std::initializer_list<const char*> known) {
  if (!j.is_object()) throw Error(Errc::usage, "request body must be a JSON object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool ok = false;
    for (auto k : known) ok = ok || it.key() == k;
    if (!ok) {
      std::vector<std::string> names(known.begin(), known.end());
      const std::string shown = it.key().size() > 64 ? it.key().substr(0, 64) + "..." : it.key();
      throw Error(Errc::usage, "unknown field '" + shown + "'", {}, names);
    }
  }
}
std::string str_field(const nlohmann::json& j, const char* k, const std::string& dflt) {
  if (!j.contains(k) || j[k].is_null()) return dflt;
  if (!j[k].is_string()) throw Error(Errc::usage, "'" + std::string(k) + "' must be a string");
  return j[k].get<std::string>();
}
std::optional<int> int_field(const nlohmann::json& j, const char* k) {
  if (!j.contains(k) || j[k].is_null()) return std::nullopt;
  if (!j[k].is_number_integer() || j[k].get<int64_t>() < -1'000'000 ||
      j[k].get<int64_t>() > 1'000'000)
    throw Error(Errc::usage, "'" + std::string(k) + "' must be an integer");
  return static_cast<int>(j[k].get<int64_t>());
}
}  // namespace

CriticalRequest critical_request_from_json(const nlohmann::json& j) {
  check_fields(j, {"scenario", "profile", "metric", "links", "top", "year"});
  CriticalRequest r;
  r.scenario = str_field(j, "scenario", "");
  r.profile = str_field(j, "profile", "");
  r.metric = str_field(j, "metric", r.metric);
  r.links = str_field(j, "links", "");
  r.top = int_field(j, "top").value_or(0);
  r.year = int_field(j, "year");
  r.threads = 1;  // one request, one core: the server runs requests in parallel
  r.validate();
  return r;
}

SelectLinkRequest select_link_request_from_json(const nlohmann::json& j) {
  check_fields(j, {"link", "scenario", "profile", "year"});
  SelectLinkRequest r;
  r.link = str_field(j, "link", "");
  r.scenario = str_field(j, "scenario", "");
  r.profile = str_field(j, "profile", "");
  r.year = int_field(j, "year");
  r.validate();
  return r;
}

nlohmann::json critical_http(const Engine& e, const nlohmann::json& body) {
  auto j = to_json(critical(e, critical_request_from_json(body)));
  j["demand_file"] = std::filesystem::path(j["demand_file"].get<std::string>()).filename().string();
  return j;
}

nlohmann::json select_link_http(const Engine& e, const nlohmann::json& body) {
  auto j = to_json(select_link(e, select_link_request_from_json(body)));
  j["demand_file"] = std::filesystem::path(j["demand_file"].get<std::string>()).filename().string();
  return j;
}

void SelectLinkRequest::validate() const {
  if (link.empty()) throw Error(Errc::usage, "a link id is required");
}

SelectLinkResult select_link(const Engine& e, const SelectLinkRequest& req) {
  req.validate();
  SelectLinkResult out;
  out.scenario = e.scenario_or_default(req.scenario);
  out.profile = e.profile_or_default(req.profile);
  out.demand_file = demand_file_or_default(e, req.demand_file);
  const auto& v = e.view(out.scenario);
  out.year = req.year ? *req.year : v.applied.year;
  const auto& net = v.applied.net;
  auto li = net.find_link(req.link);
  if (!li) throw Error(Errc::usage, "unknown link '" + req.link + "'");
  out.link = req.link;
  out.name = net.links[*li].name;
  const double tpu = v.router->profile(out.profile).tonnes_per_unit;
  DemandOds d = demand_ods(e, out.demand_file, out.profile);
  route::Options ro;
  ro.profile = out.profile;
  ro.year = out.year;
  auto base = critical::assign_aon(*v.router, ro, d.ods);
  out.link_units = base.volume[*li];
  out.link_tonnes = out.link_units * tpu;
  for (const auto& s : critical::select_link(base, *li)) {
    const auto& row = d.rows[s.od];
    out.rows.push_back(
        {row.origin, row.destination, row.corridor, s.units_per_day, s.units_per_day * tpu});
  }
  return out;
}

nlohmann::json to_json(const SelectLinkResult& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& x : r.rows)
    rows.push_back({{"origin", x.origin},
                    {"destination", x.destination},
                    {"corridor", x.corridor},
                    {"units_per_day", round_to(x.units, 4)},
                    {"tonnes_per_day", round_to(x.tonnes, 2)}});
  return {{"link", r.link},
          {"name", r.name},
          {"scenario", r.scenario},
          {"profile", r.profile},
          {"demand_file", r.demand_file},
          {"year", r.year},
          {"link_units_per_day", round_to(r.link_units, 4)},
          {"link_tonnes_per_day", round_to(r.link_tonnes, 2)},
          {"ods", rows}};
}

std::string render_select_link_csv(const SelectLinkResult& r) {
  std::string o = "origin,destination,corridor,units_per_day,tonnes_per_day\n";
  for (const auto& x : r.rows)
    o += fmt::format("{},{},{},{},{}\n", csv_field(x.origin), csv_field(x.destination),
                     csv_field(x.corridor), round_to(x.units, 4), round_to(x.tonnes, 2));
  return o;
}

std::string render_select_link_text(const SelectLinkResult& r) {
  std::string o = fmt::format(
      "Select-link {} ({}) under {} ({}, year {}): {} units/day, {} t/day, {} OD pairs\n\n", r.link,
      r.name, r.scenario, r.profile, r.year, fmt_number(r.link_units, 2),
      fmt_number(r.link_tonnes, 0), r.rows.size());
  o += fmt::format("{:<24} {:<24} {:<16} {:>12} {:>12}\n", "origin", "destination", "corridor",
                   "units/day", "t/day");
  for (const auto& x : r.rows)
    o += fmt::format("{:<24} {:<24} {:<16} {:>12} {:>12}\n", x.origin, x.destination, x.corridor,
                     fmt_number(x.units, 2), fmt_number(x.tonnes, 0));
  return o;
}

}  // namespace corridor::api
