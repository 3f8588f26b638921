#include "corridor/api/api.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "corridor/api/engine.h"
#include "corridor/core/text.h"

namespace corridor::api {

using network::Mode;
using nlohmann::json;

namespace {

double round_to(double v, int decimals) {
  double f = std::pow(10.0, decimals);
  double r = std::round(v * f) / f;
  return r == 0 ? 0.0 : r;  // no "-0"
}

void validate_common(const std::string& profile, const std::vector<std::string>& modes,
                     const std::vector<std::string>& avoid, const std::optional<int>& year) {
  if (profile.empty()) throw Error(Errc::usage, "'profile' must not be empty");
  for (const auto& m : modes)
    if (!network::parse_mode(m))
      throw Error(Errc::usage, "unknown mode '" + m + "': expected rail, road or ferry", {},
                  {"rail", "road", "ferry"});
  for (const auto& c : avoid)
    if (!network::is_known_country(text::to_upper_ascii(c)))
      throw Error(Errc::usage,
                  "unknown country '" + c +
                      "' in avoid: expected ISO 3166-1 alpha-2 codes such as IR, RU, AM");
  if (year && (*year < 1900 || *year > 2200))
    throw Error(Errc::usage, "year " + std::to_string(*year) + " out of range [1900, 2200]");
}

route::Options make_options(const Engine::ScenarioView& v, const std::string& profile,
                            const std::vector<std::string>& modes,
                            const std::vector<std::string>& avoid, const std::optional<int>& year) {
  route::Options o;
  o.profile = profile;
  if (!modes.empty()) {
    o.modes = 0;
    for (const auto& m : modes)
      o.modes |= static_cast<uint8_t>(1u << static_cast<int>(*network::parse_mode(m)));
  }
  for (const auto& c : avoid) o.avoid.push_back(text::to_upper_ascii(c));
  o.year = year ? *year : v.applied.year;
  return o;
}

json place_json(const network::Node& n) {
  return {{"id", n.id}, {"name", n.name}, {"country", n.country}};
}

json path_json(const network::Network& net, const route::Path& p) {
  json legs = json::array(), borders = json::array();
  for (size_t i = 0; i < p.steps.size(); ++i) {
    const auto& s = p.steps[i];
    json leg;
    if (s.kind == route::StepKind::transfer) {
      leg = {{"mode", "transfer"},
             {"from_mode", network::to_string(s.from_mode)},
             {"to_mode", network::to_string(s.mode)}};
    } else if (s.kind == route::StepKind::gauge_change) {
      leg = {{"mode", "gauge_change"}, {"from_gauge", s.from_gauge}, {"to_gauge", s.gauge}};
    } else {
      leg = {{"mode", network::to_string(s.mode)}};
    }
    double km = s.km, hours = s.hours, usd = s.usd;
    json links = json::array();
    if (s.kind == route::StepKind::link) links.push_back(net.links[s.link].id);
    size_t j = i;
    // Merge consecutive same-mode, same-gauge line links into one leg.
    while (s.kind == route::StepKind::link && !s.border && j + 1 < p.steps.size()) {
      const auto& n = p.steps[j + 1];
      if (n.kind != route::StepKind::link || n.border || n.mode != s.mode || n.gauge != s.gauge)
        break;
      ++j;
      km += n.km;
      hours += n.hours;
      usd += n.usd;
      links.push_back(net.links[n.link].id);
    }
    const auto& from = net.nodes[s.from];
    const auto& to = net.nodes[p.steps[j].to];
    leg["from"] = from.id;
    leg["from_name"] = from.name;
    leg["to"] = to.id;
    leg["to_name"] = to.name;
    leg["km"] = round_to(km, 1);
    leg["hours"] = round_to(hours, 2);
    leg["usd"] = round_to(usd, 2);
    leg["gauge"] =
        s.mode == Mode::rail && s.kind != route::StepKind::transfer ? json(s.gauge) : json(nullptr);
    if (s.kind == route::StepKind::transfer) leg["gauge"] = nullptr;
    leg["links"] = links;
    if (s.border) {
      const auto& l = net.links[s.link];
      leg["border"] = true;
      borders.push_back({{"id", l.id},
                         {"name", l.name},
                         {"mode", network::to_string(l.mode)},
                         {"from_country", from.country},
                         {"to_country", to.country},
                         {"hours", round_to(s.hours, 2)},
                         {"usd", round_to(s.usd, 2)}});
    }
    legs.push_back(std::move(leg));
    i = j;
  }
  return {{"total",
           {{"km", round_to(p.km, 1)},
            {"hours", round_to(p.hours, 2)},
            {"usd", round_to(p.usd, 2)},
            {"cost", round_to(p.cost, 2)},
            {"borders", p.borders}}},
          {"borders", borders},
          {"countries", p.countries},
          {"legs", legs}};
}

// What every figure of a route rests on: each link's and each transfer node's `source`, and the
// profile's value of time and tariffs that priced it.
json sources_json(const network::Network& net, const network::Profile& prof, const route::Path& p) {
  json out = json::array();
  std::set<std::string> seen;
  auto add = [&](const std::string& kind, const std::string& id, const std::string& what,
                 const std::string& source) {
    if (seen.insert(kind + ":" + id).second)
      out.push_back({{"kind", kind}, {"id", id}, {"what", what}, {"source", source}});
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

json route_json(const network::Network& net, network::NodeIdx from, network::NodeIdx to,
                const std::string& scenario, const std::string& profile, int year,
                const route::Path& p) {
  json j = {{"from", place_json(net.nodes[from])},
            {"to", place_json(net.nodes[to])},
            {"scenario", scenario},
            {"profile", profile},
            {"year", year}};
  j.update(path_json(net, p));
  return j;
}

std::string join_names(const network::Network& net, network::NodeIdx a, network::NodeIdx b) {
  return net.nodes[a].name + " to " + net.nodes[b].name;
}

}  // namespace

void RouteRequest::validate(const Limits& limits) const {
  if (from.empty()) throw Error(Errc::usage, "'from' is required");
  if (to.empty()) throw Error(Errc::usage, "'to' is required");
  if (scenario.empty()) throw Error(Errc::usage, "'scenario' must not be empty");
  validate_common(profile, modes, avoid, year);
  if (alternatives < 1 || alternatives > limits.max_alternatives)
    throw Error(Errc::usage,
                "'alternatives' must be between 1 and " + std::to_string(limits.max_alternatives));
  if (max_borders && (*max_borders < 0 || *max_borders > 50))
    throw Error(Errc::usage, "'max_borders' must be between 0 and 50");
  if (pareto && alternatives > 1)
    throw Error(Errc::usage, "choose either 'pareto' or 'alternatives'");
}

void CompareRequest::validate(const Limits& limits) const {
  if (base.empty() || scenario.empty())
    throw Error(Errc::usage, "'base' and 'scenario' must not be empty");
  validate_common(profile, modes, avoid, year);
  if (pairs.size() > limits.max_pairs)
    throw Error(Errc::limit_exceeded, "too many pairs: " + std::to_string(pairs.size()) + " > " +
                                          std::to_string(limits.max_pairs));
}

void TableRequest::validate(const Limits& limits) const {
  if (sources.empty()) throw Error(Errc::usage, "'sources' must name at least one place");
  validate_common(profile, modes, avoid, year);
  size_t cells = sources.size() * (targets.empty() ? sources.size() : targets.size());
  if (cells > limits.max_table_cells)
    throw Error(Errc::limit_exceeded, "table too large: " + std::to_string(cells) + " cells > " +
                                          std::to_string(limits.max_table_cells));
}

json route(const Engine& e, const RouteRequest& req, const Limits& limits) {
  req.validate(limits);
  const auto& v = e.view(req.scenario);
  network::NodeIdx from = e.resolve(req.from), to = e.resolve(req.to);
  route::Options o = make_options(v, req.profile, req.modes, req.avoid, req.year);
  if (req.max_borders) o.max_borders = *req.max_borders;
  const auto& net = v.applied.net;
  v.router->profile(req.profile);  // unknown profile -> usage error before routing
  std::vector<route::Path> paths;
  if (req.pareto)
    paths = v.router->pareto(from, to, o, limits.max_pareto_labels);
  else if (req.alternatives > 1)
    paths = v.router->alternatives(from, to, o, req.alternatives);
  else if (auto p = v.router->shortest(from, to, o))
    paths.push_back(std::move(*p));
  if (paths.empty()) {
    std::string why =
        "no route from " + join_names(net, from, to) + " under scenario '" + req.scenario + "'";
    std::vector<std::string> constraints;
    if (!req.modes.empty()) constraints.push_back("modes " + text::join(req.modes, ","));
    if (!req.avoid.empty()) constraints.push_back("avoiding " + text::join(req.avoid, ","));
    if (req.max_borders)
      constraints.push_back("at most " + std::to_string(*req.max_borders) + " borders");
    constraints.push_back("year " + std::to_string(o.year));
    throw Error(Errc::no_route, why + " (" + text::join(constraints, ", ") + ")");
  }
  json j = route_json(net, from, to, req.scenario, req.profile, o.year, paths.front());
  if (req.pareto || req.alternatives > 1) {
    json all = json::array();
    for (const auto& p : paths) all.push_back(path_json(net, p));
    j["routes"] = all;
    j["kind"] = req.pareto ? "pareto" : "alternatives";
  }
  if (req.explain) j["sources"] = sources_json(net, v.router->profile(req.profile), paths.front());
  return j;
}

// Geometry helpers shared with assign.cpp (declared in engine.h).
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

json route_legs_geojson(const network::Network& net, const json& r) {
  json features = json::array();
  for (const auto& leg : r["legs"]) {
    json coords = json::array();
    std::string at = leg["from"];
    for (const auto& lid : leg["links"]) {
      const auto& l = net.links[*net.find_link(lid.get<std::string>())];
      bool rev = net.nodes[l.from].id != at;
      json c = link_coords(net, l, rev);
      for (size_t k = coords.empty() ? 0 : 1; k < c.size(); ++k) coords.push_back(c[k]);
      at = rev ? net.nodes[l.from].id : net.nodes[l.to].id;
    }
    json props = leg;
    props.erase("links");
    if (coords.empty()) {
      const auto& n = net.nodes[*net.find_node(leg["from"].get<std::string>())];
      features.push_back({{"type", "Feature"},
                          {"geometry", {{"type", "Point"}, {"coordinates", {n.lon, n.lat}}}},
                          {"properties", props}});
    } else {
      features.push_back({{"type", "Feature"},
                          {"geometry", {{"type", "LineString"}, {"coordinates", coords}}},
                          {"properties", props}});
    }
  }
  json props = r;
  props.erase("legs");
  return {{"type", "FeatureCollection"}, {"properties", props}, {"features", features}};
}

json route_geojson(const Engine& e, const RouteRequest& req, const Limits& limits) {
  return route_legs_geojson(e.view(req.scenario).applied.net, route(e, req, limits));
}

json compare(const Engine& e, const CompareRequest& req, const Limits& limits) {
  req.validate(limits);
  e.view(req.base);
  e.view(req.scenario);
  std::vector<std::pair<std::string, std::string>> pairs = req.pairs;
  if (pairs.empty())
    for (const auto& p : e.pairs) pairs.push_back({p.from, p.to});
  if (pairs.empty())
    throw Error(Errc::usage, "no pairs to compare: give pairs or add pairs.csv to the dataset");
  json out = {{"base", req.base},
              {"scenario", req.scenario},
              {"profile", req.profile},
              {"pairs", json::array()}};
  for (const auto& [f, t] : pairs) {
    json row = {{"from", place_json(e.base.nodes[e.resolve(f)])},
                {"to", place_json(e.base.nodes[e.resolve(t)])}};
    for (const auto& [key, sc] :
         {std::pair{"base", req.base}, std::pair{"scenario", req.scenario}}) {
      RouteRequest rr{f,         t,        sc,           req.profile, req.modes,
                      req.avoid, req.year, std::nullopt, 1,           false};
      try {
        row[key] = route(e, rr);
      } catch (const Error& err) {
        if (err.code() != Errc::no_route) throw;
        row[key] = nullptr;
      }
    }
    if (!row["base"].is_null() && !row["scenario"].is_null()) {
      json d;
      for (const char* k : {"km", "hours", "usd", "cost", "borders"}) {
        double a = row["base"]["total"][k].get<double>(),
               b = row["scenario"]["total"][k].get<double>();
        d[k] = round_to(b - a, 2);
      }
      row["delta"] = d;
    } else {
      row["delta"] = nullptr;
    }
    out["pairs"].push_back(std::move(row));
  }
  return out;
}

json table(const Engine& e, const TableRequest& req, const Limits& limits) {
  req.validate(limits);
  const auto& v = e.view(req.scenario);
  route::Options o = make_options(v, req.profile, req.modes, req.avoid, req.year);
  v.router->profile(req.profile);
  std::vector<network::NodeIdx> src, dst;
  for (const auto& s : req.sources) src.push_back(e.resolve(s));
  for (const auto& t : (req.targets.empty() ? req.sources : req.targets))
    dst.push_back(e.resolve(t));
  json out = {{"scenario", req.scenario}, {"profile", req.profile}, {"year", o.year}};
  json js = json::array(), jt = json::array();
  for (auto s : src) js.push_back(place_json(e.base.nodes[s]));
  for (auto t : dst) jt.push_back(place_json(e.base.nodes[t]));
  out["sources"] = js;
  out["targets"] = jt;
  json cost = json::array(), hours = json::array(), usd = json::array(), km = json::array();
  for (auto s : src) {
    auto row = v.router->one_to_many(s, dst, o);
    json c = json::array(), h = json::array(), u = json::array(), k = json::array();
    for (const auto& p : row) {
      c.push_back(p ? json(round_to(p->cost, 2)) : json(nullptr));
      h.push_back(p ? json(round_to(p->hours, 2)) : json(nullptr));
      u.push_back(p ? json(round_to(p->usd, 2)) : json(nullptr));
      k.push_back(p ? json(round_to(p->km, 1)) : json(nullptr));
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

json places(const Engine& e, const std::string& q, size_t limit) {
  json out = json::array();
  limit = std::min<size_t>(limit, 50);
  for (auto [v, score] : e.search_places(q, limit)) {
    if (!q.empty() && score >= 3.5) continue;
    const auto& n = e.base.nodes[v];
    out.push_back({{"id", n.id},
                   {"name", n.name},
                   {"country", n.country},
                   {"kind", network::to_string(n.kind)},
                   {"lat", n.lat},
                   {"lon", n.lon},
                   {"aliases", n.aliases}});
  }
  return out;
}

json network_geojson(const Engine& e, const std::string& scenario) {
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

json scenarios(const Engine& e) {
  json out = json::array();
  for (const auto& [name, s] : e.scenarios) {
    json j = {
        {"name", name}, {"description", s.description}, {"year", e.views.at(name)->applied.year}};
    j["base"] = s.base ? json(*s.base) : json(nullptr);
    out.push_back(j);
  }
  return out;
}

json dataset_info(const Engine& e) {
  std::set<std::string> countries;
  for (const auto& n : e.base.nodes) countries.insert(n.country);
  json profiles = json::array();
  for (const auto& [n, p] : e.base.profiles)
    profiles.push_back(
        {{"name", n}, {"description", p.description}, {"value_of_time", p.value_of_time}});
  return {{"name", e.base.name},          {"nodes", e.base.nodes.size()},
          {"links", e.base.links.size()}, {"border_links", e.base.num_border_links()},
          {"countries", countries},       {"base_year", e.base.base_year},
          {"profiles", profiles},         {"scenarios", e.scenarios.size()}};
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

}  // namespace corridor::api
