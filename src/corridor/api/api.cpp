#include "corridor/api/api.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "corridor/api/engine.h"
#include "corridor/api/render.h"
#include "corridor/core/text.h"

namespace corridor::api {

using network::Mode;
using nlohmann::json;

namespace {

void validate_common(const std::vector<std::string>& modes, const std::vector<std::string>& avoid,
                     const std::optional<int>& year) {
  for (const auto& m : modes)
    if (!network::parse_mode(m))
      throw Error(Errc::usage, "unknown mode '" + m + "': expected rail, road or ferry", {},
                  {"rail", "road", "ferry"});
  // Which countries exist is the dataset's business (Engine::check_countries); here the form.
  for (const auto& c : avoid)
    if (c.size() != 2 || !std::isalpha(static_cast<unsigned char>(c[0])) ||
        !std::isalpha(static_cast<unsigned char>(c[1])))
      throw Error(Errc::usage,
                  "unknown country '" + c +
                      "' in avoid: expected ISO 3166-1 alpha-2 codes such as IR, RU, AM");
  if (year && (*year < 1900 || *year > 2200))
    throw Error(Errc::usage, "year " + std::to_string(*year) + " out of range [1900, 2200]");
}

route::Options make_options(const Engine& e, const std::string& profile,
                            const std::vector<std::string>& modes,
                            const std::vector<std::string>& avoid, int year) {
  route::Options o;
  o.profile = profile;
  if (!modes.empty()) {
    o.modes = 0;
    for (const auto& m : modes) o.modes |= network::mode_bit(*network::parse_mode(m));
  }
  o.avoid = e.check_countries(avoid);
  o.year = year;
  return o;
}

Place net_place(const network::Network& net, network::NodeIdx v) {
  const auto& n = net.nodes[v];
  return {v, n.id, n.name, n.country};
}

// tCO2e per profile unit of a path's links (a link's factor is the same in both directions).
RouteCo2 co2_of(const appraise::EmissionFactors& ef, const network::Network& net,
                const network::Profile& prof, const route::Path& p) {
  RouteCo2 c;
  c.tonnes_per_unit = prof.tonnes_per_unit;
  for (const auto& s : p.steps) {
    if (s.kind != route::StepKind::link) continue;
    auto e = ef.link(net, s.link);
    c.wtw_t += e.wtw_kg_per_t * prof.tonnes_per_unit / 1000.0;
    c.ttw_t += e.ttw_kg_per_t * prof.tonnes_per_unit / 1000.0;
    c.wtw_t_by_mode[static_cast<size_t>(net.links[s.link].mode)] +=
        e.wtw_kg_per_t * prof.tonnes_per_unit / 1000.0;
  }
  return c;
}

RouteOption option_of(const network::Network& net, const route::Path& p) {
  RouteOption r;
  r.total = {p.km, p.hours, p.usd, p.cost, p.borders};
  r.countries = p.countries;
  for (size_t i = 0; i < p.steps.size(); ++i) {
    const auto& s = p.steps[i];
    Leg leg;
    leg.mode = s.mode;
    if (s.kind == route::StepKind::transfer) {
      leg.kind = LegKind::transfer;
      leg.from_mode = s.from_mode;
    } else if (s.kind == route::StepKind::gauge_change) {
      leg.kind = LegKind::gauge_change;
      leg.from_gauge = s.from_gauge;
      leg.to_gauge = s.gauge;
    }
    if (s.mode == network::Mode::rail && s.kind != route::StepKind::transfer) leg.gauge = s.gauge;
    leg.km = s.km;
    leg.hours = s.hours;
    leg.usd = s.usd;
    if (s.kind == route::StepKind::link) {
      leg.links.push_back(s.link);
      leg.link_ids.push_back(net.links[s.link].id);
    }
    size_t j = i;
    // Merge consecutive same-mode, same-gauge line links into one leg.
    while (s.kind == route::StepKind::link && !s.border && j + 1 < p.steps.size()) {
      const auto& n = p.steps[j + 1];
      if (n.kind != route::StepKind::link || n.border || n.mode != s.mode || n.gauge != s.gauge)
        break;
      ++j;
      leg.km += n.km;
      leg.hours += n.hours;
      leg.usd += n.usd;
      leg.links.push_back(n.link);
      leg.link_ids.push_back(net.links[n.link].id);
    }
    leg.from = net_place(net, s.from);
    leg.to = net_place(net, p.steps[j].to);
    if (s.border) {
      const auto& l = net.links[s.link];
      leg.border = true;
      r.borders.push_back(
          {s.link, l.id, l.name, l.mode, leg.from.country, leg.to.country, s.hours, s.usd});
    }
    r.legs.push_back(std::move(leg));
    i = j;
  }
  return r;
}

// What every figure of a route rests on: each link's and each transfer node's `source`, and the
// profile's value of time and tariffs that priced it.
std::vector<SourceRef> sources_of(const network::Network& net, const network::Profile& prof,
                                  const route::Path& p) {
  std::vector<SourceRef> out;
  std::set<std::string> seen;
  auto add = [&](const std::string& kind, const std::string& id, const std::string& what,
                 const std::string& source) {
    if (seen.insert(kind + ":" + id).second) out.push_back({kind, id, what, source});
  };
  std::set<std::pair<network::Mode, std::string>> priced;
  for (const auto& s : p.steps) {
    if (s.kind == route::StepKind::link) {
      const auto& l = net.links[s.link];
      add("link", l.id, l.name.empty() ? l.id : l.name, l.source);
      if (!l.tariff_usd_km) priced.insert({l.mode, net.nodes[l.from].country});
    } else {
      const auto& n = net.nodes[s.from];
      add(s.kind == route::StepKind::transfer ? "transfer" : "gauge_change", n.id, n.name,
          n.source);
    }
  }
  for (const auto& t : prof.tariffs)
    for (const auto& [mode, country] : priced)
      if (t.mode == mode &&
          (t.country == country ||
           (t.country.empty() && std::none_of(prof.tariffs.begin(), prof.tariffs.end(),
                                              [&, &mode = mode, &country = country](const auto& o) {
                                                return o.mode == mode && o.country == country;
                                              }))))
        add("tariff",
            std::string(network::to_string(mode)) + (t.country.empty() ? ":*" : ":" + t.country),
            "USD " + fmt::format("{}", t.usd_per_km) + " per unit-km (" + prof.name + ")",
            t.source);
  return out;
}

std::string join_names(const network::Network& net, network::NodeIdx a, network::NodeIdx b) {
  return net.nodes[a].name + " to " + net.nodes[b].name;
}

}  // namespace

Totals operator-(const Totals& s, const Totals& b) {
  return {s.km - b.km, s.hours - b.hours, s.usd - b.usd, s.cost - b.cost, s.borders - b.borders};
}

const DatasetDefaults& defaults(const Engine& e) { return e.defaults; }

void RouteRequest::validate(const Limits& limits) const {
  if (from.empty()) throw Error(Errc::usage, "'from' is required");
  if (to.empty()) throw Error(Errc::usage, "'to' is required");
  validate_common(modes, avoid, year);
  if (alternatives < 1 || alternatives > limits.max_alternatives)
    throw Error(Errc::usage,
                "'alternatives' must be between 1 and " + std::to_string(limits.max_alternatives));
  if (max_borders && (*max_borders < 0 || *max_borders > 50))
    throw Error(Errc::usage, "'max_borders' must be between 0 and 50");
  if (pareto && alternatives > 1)
    throw Error(Errc::usage, "choose either 'pareto' or 'alternatives'");
}

void CompareRequest::validate(const Limits& limits) const {
  validate_common(modes, avoid, year);
  if (pairs.size() > limits.max_pairs)
    throw Error(Errc::limit_exceeded, "too many pairs: " + std::to_string(pairs.size()) + " > " +
                                          std::to_string(limits.max_pairs));
}

void TableRequest::validate(const Limits& limits) const {
  if (sources.empty()) throw Error(Errc::usage, "'sources' must name at least one place");
  validate_common(modes, avoid, year);
  size_t cells = sources.size() * (targets.empty() ? sources.size() : targets.size());
  if (cells > limits.max_table_cells)
    throw Error(Errc::limit_exceeded, "table too large: " + std::to_string(cells) + " cells > " +
                                          std::to_string(limits.max_table_cells));
}

RouteResult route(const Engine& e, const RouteRequest& req, const Limits& limits) {
  req.validate(limits);
  const std::string scenario = e.scenario_or_default(req.scenario);
  const auto& v = e.view(scenario);
  const std::string profile = e.profile_or_default(req.profile);
  network::NodeIdx from = e.resolve(req.from), to = e.resolve(req.to);
  route::Options o =
      make_options(e, profile, req.modes, req.avoid, req.year ? *req.year : v.applied.year);
  if (req.max_borders) o.max_borders = *req.max_borders;
  const auto& net = v.applied.net;
  std::vector<route::Path> paths;
  if (req.pareto)
    paths = v.router->pareto(from, to, o, limits.max_pareto_labels);
  else if (req.alternatives > 1)
    paths = v.router->alternatives(from, to, o, req.alternatives);
  else if (auto p = v.router->shortest(from, to, o))
    paths.push_back(std::move(*p));
  if (paths.empty()) {
    std::string why =
        "no route from " + join_names(net, from, to) + " under scenario '" + scenario + "'";
    std::vector<std::string> constraints;
    if (!req.modes.empty()) constraints.push_back("modes " + text::join(req.modes, ","));
    if (!req.avoid.empty()) constraints.push_back("avoiding " + text::join(req.avoid, ","));
    if (req.max_borders)
      constraints.push_back("at most " + std::to_string(*req.max_borders) + " borders");
    constraints.push_back("year " + std::to_string(o.year));
    throw Error(Errc::no_route, why + " (" + text::join(constraints, ", ") + ")");
  }
  RouteResult r;
  r.from = net_place(net, from);
  r.to = net_place(net, to);
  r.scenario = scenario;
  r.profile = profile;
  r.year = o.year;
  r.kind = req.pareto             ? RouteKind::pareto
           : req.alternatives > 1 ? RouteKind::alternatives
                                  : RouteKind::single;
  for (const auto& p : paths) {
    r.routes.push_back(option_of(net, p));
    if (e.emissions) r.routes.back().co2 = co2_of(*e.emissions, net, v.router->profile(profile), p);
  }
  if (req.explain) {
    r.explained = true;
    r.sources = sources_of(net, v.router->profile(profile), paths.front());
  }
  return r;
}

// Geometry helpers shared with the renderers (declared in engine.h).
json wkt_coords(const std::string& wkt) {
  json coords = json::array();
  auto open = wkt.find('(');
  auto close = wkt.rfind(')');
  if (open == std::string::npos || close == std::string::npos) return coords;
  for (const auto& pt :
       text::split(std::string_view(wkt).substr(open + 1, close - open - 1), ',')) {
    auto parts = text::split(pt, ' ');
    if (parts.size() < 2) continue;
    auto x = text::parse_double(parts[0]), y = text::parse_double(parts[1]);
    if (x && y) coords.push_back({*x, *y});
  }
  return coords;
}
json link_coords(const network::Network& net, const network::Link& l, bool reversed) {
  json c = wkt_coords(l.geometry_wkt);
  if (c.size() < 2)
    c = json::array({{net.nodes[l.from].lon, net.nodes[l.from].lat},
                     {net.nodes[l.to].lon, net.nodes[l.to].lat}});
  if (reversed) std::reverse(c.begin(), c.end());
  return c;
}
json leg_coords(const network::Network& net, const Leg& leg) {
  json coords = json::array();
  network::NodeIdx at = leg.from.node;
  for (auto li : leg.links) {
    const auto& l = net.links[li];
    bool rev = l.from != at;
    json c = link_coords(net, l, rev);
    for (size_t k = coords.empty() ? 0 : 1; k < c.size(); ++k) coords.push_back(c[k]);
    at = rev ? l.from : l.to;
  }
  return coords;
}

CompareResult compare(const Engine& e, const CompareRequest& req, const Limits& limits) {
  req.validate(limits);
  CompareResult out;
  out.base = e.scenario_or_default(req.base);
  out.scenario = req.scenario.empty() ? e.defaults.compare_scenario : req.scenario;
  if (out.scenario.empty())
    throw Error(Errc::usage,
                "no scenario to compare with: give one (--scenario) or declare "
                "default_compare_scenario in the dataset's config.csv");
  e.view(out.base);
  // One year for both sides: a with/without comparison never mixes years.
  out.year = req.year ? *req.year : e.view(out.scenario).applied.year;
  out.profile = e.profile_or_default(req.profile);
  std::vector<std::pair<std::string, std::string>> pairs = req.pairs;
  if (pairs.empty())
    for (const auto& p : e.pairs) pairs.push_back({p.from, p.to});
  if (pairs.empty())
    throw Error(Errc::usage, "no pairs to compare: give pairs or add pairs.csv to the dataset");
  for (const auto& [f, t] : pairs) {
    CompareRow row;
    row.from = e.place(e.resolve(f));
    row.to = e.place(e.resolve(t));
    for (auto [slot, sc] :
         {std::pair{&row.base, out.base}, std::pair{&row.scenario, out.scenario}}) {
      RouteRequest rr{f,         t,        sc,           out.profile, req.modes,
                      req.avoid, out.year, std::nullopt, 1,           false};
      try {
        *slot = route(e, rr);
      } catch (const Error& err) {
        if (err.code() != Errc::no_route) throw;
        slot->reset();
      }
    }
    if (row.base && row.scenario) row.delta = row.scenario->best().total - row.base->best().total;
    if (row.base && row.scenario && row.base->best().co2 && row.scenario->best().co2) {
      RouteCo2 d = *row.scenario->best().co2;
      const RouteCo2& b = *row.base->best().co2;
      d.wtw_t -= b.wtw_t;
      d.ttw_t -= b.ttw_t;
      for (size_t m = 0; m < d.wtw_t_by_mode.size(); ++m) d.wtw_t_by_mode[m] -= b.wtw_t_by_mode[m];
      row.co2_delta = d;
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

TableResult table(const Engine& e, const TableRequest& req, const Limits& limits) {
  req.validate(limits);
  TableResult out;
  out.scenario = e.scenario_or_default(req.scenario);
  const auto& v = e.view(out.scenario);
  out.profile = e.profile_or_default(req.profile);
  route::Options o =
      make_options(e, out.profile, req.modes, req.avoid, req.year ? *req.year : v.applied.year);
  out.year = o.year;
  std::vector<network::NodeIdx> src, dst;
  for (const auto& s : req.sources) src.push_back(e.resolve(s));
  for (const auto& t : (req.targets.empty() ? req.sources : req.targets))
    dst.push_back(e.resolve(t));
  for (auto s : src) out.sources.push_back(e.place(s));
  for (auto t : dst) out.targets.push_back(e.place(t));
  for (auto s : src) {
    std::vector<std::optional<Totals>> row;
    for (const auto& p : v.router->one_to_many(s, dst, o))
      row.push_back(p ? std::optional<Totals>(Totals{p->km, p->hours, p->usd, p->cost, p->borders})
                      : std::nullopt);
    out.cells.push_back(std::move(row));
  }
  return out;
}

PlacesResult places(const Engine& e, const std::string& q, size_t limit) {
  PlacesResult out;
  limit = std::min<size_t>(limit, 50);
  for (auto [v, score] : e.search_places(q, limit)) {
    if (!q.empty() && score >= 3.5) continue;
    const auto& n = e.base.nodes[v];
    out.places.push_back({e.place(v), n.kind, n.lat, n.lon, n.aliases});
  }
  return out;
}

json network_geojson(const Engine& e, const std::string& scenario_name) {
  const std::string scenario = e.scenario_or_default(scenario_name);
  const auto& v = e.view(scenario);
  const auto& net = v.applied.net;
  json features = json::array();
  for (const auto& n : net.nodes) {
    json props = {{"kind", "node"},
                  {"id", n.id},
                  {"name", n.name},
                  {"country", n.country},
                  {"node_type", network::to_string(n.kind)},
                  {"aliases", n.aliases},
                  {"source", n.source}};
    if (n.transfer_hours) props["transfer_hours"] = *n.transfer_hours;
    if (n.gauge_change_hours) props["gauge_change_hours"] = *n.gauge_change_hours;
    features.push_back({{"type", "Feature"},
                        {"geometry", {{"type", "Point"}, {"coordinates", {n.lon, n.lat}}}},
                        {"properties", props}});
  }
  for (const auto& l : net.links) {
    json props = {{"kind", "link"},
                  {"id", l.id},
                  {"name", l.name},
                  {"mode", network::to_string(l.mode)},
                  {"link_type", network::to_string(l.type)},
                  {"border", net.crosses_border(l)},
                  {"from", net.nodes[l.from].id},
                  {"to", net.nodes[l.to].id},
                  {"directed", l.directed},
                  {"status", network::to_string(l.status)},
                  {"open", l.open_in(v.applied.year)},
                  {"length_km", l.length_km},
                  {"hours", round_to(l.hours(), 2)},
                  {"dwell_hours", l.dwell_hours},
                  {"fee_usd", l.fee_usd},
                  {"source", l.source},
                  {"countries", {net.nodes[l.from].country, net.nodes[l.to].country}}};
    if (l.status_year) props["status_year"] = *l.status_year;
    if (l.capacity_tpd) props["capacity_tpd"] = *l.capacity_tpd;
    if (!l.gauges.empty()) props["gauge_mm"] = l.gauges;
    if (l.free_speed_kmh) props["free_speed"] = *l.free_speed_kmh;
    features.push_back(
        {{"type", "Feature"},
         {"geometry", {{"type", "LineString"}, {"coordinates", link_coords(net, l, false)}}},
         {"properties", props}});
  }
  return {{"type", "FeatureCollection"},
          {"properties", {{"scenario", scenario}, {"year", v.applied.year}}},
          {"features", features}};
}

ScenarioList scenarios(const Engine& e) {
  ScenarioList out;
  for (const auto& [name, s] : e.scenarios)
    out.scenarios.push_back({name, s.description, e.views.at(name)->applied.year, s.base});
  return out;
}

DatasetInfo dataset_info(const Engine& e) {
  DatasetInfo d;
  d.name = e.base.name;
  d.nodes = e.base.nodes.size();
  d.links = e.base.links.size();
  d.border_links = e.base.num_border_links();
  d.scenarios = e.scenarios.size();
  d.countries.assign(e.countries.begin(), e.countries.end());
  d.base_year = e.base.base_year;
  for (const auto& [n, p] : e.base.profiles)
    d.profiles.push_back({n, p.description, p.value_of_time});
  return d;
}

// ---- JSON -> requests ---------------------------------------------------------------------

namespace {
struct Fields {
  const json& j;
  std::set<std::string> known;
  explicit Fields(const json& in, std::initializer_list<const char*> names) : j(in) {
    if (!j.is_object()) throw Error(Errc::usage, "request body must be a JSON object");
    for (auto n : names) known.insert(n);
    for (auto it = j.begin(); it != j.end(); ++it)
      if (!known.count(it.key())) {
        std::vector<std::string> s;
        for (const auto& k : known)
          if (text::edit_distance_at_most(k, it.key(), 3) <= 3) s.push_back(k);
        const std::string shown = it.key().size() > text::kMaxNameBytes
                                      ? it.key().substr(0, text::kMaxNameBytes) + "..."
                                      : it.key();
        throw Error(Errc::usage, "unknown field '" + shown + "'", {}, s);
      }
  }
  bool has(const char* k) const { return j.contains(k) && !j[k].is_null(); }
  std::string str(const char* k, const std::string& dflt, bool required = false) const {
    if (!has(k)) {
      if (required) throw Error(Errc::usage, "'" + std::string(k) + "' is required");
      return dflt;
    }
    if (!j[k].is_string()) throw Error(Errc::usage, "'" + std::string(k) + "' must be a string");
    return j[k].get<std::string>();
  }
  std::vector<std::string> list(const char* k) const {
    std::vector<std::string> out;
    if (!has(k)) return out;
    if (!j[k].is_array())  // docs/http-api.md: arrays only
      throw Error(Errc::usage, "'" + std::string(k) + "' must be an array of strings");
    for (const auto& e : j[k]) {
      if (!e.is_string())
        throw Error(Errc::usage, "'" + std::string(k) + "' must be an array of strings");
      out.push_back(e.get<std::string>());
    }
    return out;
  }
  std::optional<int> integer(const char* k) const {
    if (!has(k)) return std::nullopt;
    if (!j[k].is_number_integer())
      throw Error(Errc::usage, "'" + std::string(k) + "' must be an integer");
    // Unsigned values above INT64_MAX (e.g. 18446744073709551615) must not wrap to -1.
    if (j[k].is_number_unsigned() && j[k].get<unsigned long long>() > 1000000)
      throw Error(Errc::usage, "'" + std::string(k) + "' " + j[k].dump() + " out of range");
    auto v = j[k].get<long long>();
    if (v < -1000000 || v > 1000000)
      throw Error(Errc::usage, "'" + std::string(k) + "' " + j[k].dump() + " out of range");
    return static_cast<int>(v);
  }
  bool boolean(const char* k) const {
    if (!has(k)) return false;
    if (!j[k].is_boolean())
      throw Error(Errc::usage, "'" + std::string(k) + "' must be true or false");
    return j[k].get<bool>();
  }
};
}  // namespace

RouteRequest route_request_from_json(const json& j) {
  Fields f(j, {"from", "to", "scenario", "profile", "modes", "avoid", "year", "max_borders",
               "alternatives", "pareto", "explain"});
  RouteRequest r;
  r.from = f.str("from", "", true);
  r.to = f.str("to", "", true);
  r.scenario = f.str("scenario", r.scenario);
  r.profile = f.str("profile", r.profile);
  r.modes = f.list("modes");
  r.avoid = f.list("avoid");
  r.year = f.integer("year");
  r.max_borders = f.integer("max_borders");
  r.alternatives = f.integer("alternatives").value_or(1);
  r.pareto = f.boolean("pareto");
  r.explain = f.boolean("explain");
  return r;
}

CompareRequest compare_request_from_json(const json& j) {
  Fields f(j, {"base", "scenario", "pairs", "profile", "modes", "avoid", "year"});
  CompareRequest r;
  r.base = f.str("base", r.base);
  r.scenario = f.str("scenario", r.scenario);
  r.profile = f.str("profile", r.profile);
  r.modes = f.list("modes");
  r.avoid = f.list("avoid");
  r.year = f.integer("year");
  if (f.has("pairs")) {
    const json& p = j["pairs"];
    if (!p.is_array())
      throw Error(Errc::usage,
                  "'pairs' must be an array of {\"from\",\"to\"} objects or [from, to] arrays");
    for (const auto& e : p) {
      if (e.is_array() && e.size() == 2 && e[0].is_string() && e[1].is_string())
        r.pairs.push_back({e[0].get<std::string>(), e[1].get<std::string>()});
      else if (e.is_object() && e.size() == 2 && e.contains("from") && e.contains("to") &&
               e["from"].is_string() && e["to"].is_string())
        r.pairs.push_back({e["from"].get<std::string>(), e["to"].get<std::string>()});
      else
        throw Error(Errc::usage,
                    "'pairs' must be an array of {\"from\",\"to\"} objects or [from, to] arrays");
    }
  }
  return r;
}

TableRequest table_request_from_json(const json& j) {
  Fields f(j, {"sources", "targets", "scenario", "profile", "modes", "avoid", "year"});
  TableRequest r;
  r.sources = f.list("sources");
  r.targets = f.list("targets");
  r.scenario = f.str("scenario", r.scenario);
  r.profile = f.str("profile", r.profile);
  r.modes = f.list("modes");
  r.avoid = f.list("avoid");
  r.year = f.integer("year");
  return r;
}

json error_json(const Error& e) {
  json details = json::array();
  for (const auto& d : e.details()) details.push_back(d.to_string());
  json err = {{"code", info(e.code()).name}, {"message", e.message()}, {"details", details}};
  if (!e.suggestions().empty()) err["suggestions"] = e.suggestions();
  return {{"error", err}};
}

const network::Network& scenario_network(const Engine& engine, const std::string& scenario) {
  return engine.view(engine.scenario_or_default(scenario)).applied.net;
}

}  // namespace corridor::api
