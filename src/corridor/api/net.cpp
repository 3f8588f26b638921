// api on an imported network: route and compare under overlays (net.h).
#include "corridor/api/net.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "corridor/core/text.h"
#include "corridor/route/dijkstra.h"
#include "corridor/scenario/scenario.h"

namespace corridor::api {

std::string net_profile(const std::string& profile, const std::vector<std::string>& modes) {
  if (!modes.empty() && !profile.empty())
    throw Error(Errc::usage,
                "--profile and --modes cannot be combined with --net: a profile "
                "of a .cnet is a mode list (e.g. --profile road,ferry)");
  if (!modes.empty()) return text::join(modes, ",");
  return profile.empty() ? "truck" : profile;
}

NetSession open_net(const std::string& cnet_path, const std::string& profile, bool customizable) {
  return open_net(cnet_path, profile,
                  customizable ? NetHierarchy::customizable : NetHierarchy::none);
}

NetSession open_net(const std::string& cnet_path, const std::string& profile, NetHierarchy h,
                    uint32_t cch_min_nodes) {
  NullReporter rep;
  NetSession s;
  s.router = osm::NetRouter::load(cnet_path, profile.empty() ? "truck" : profile, rep,
                                  /*with_hierarchy=*/false);
  if (h == NetHierarchy::customizable ||
      (h == NetHierarchy::if_large && s.net().num_nodes() >= cch_min_nodes))
    s.cch = std::make_unique<ch::Cch>(ch::Cch::build(s.router->graph, rep));
  return s;
}

osm::NetScenario net_scenario(const NetSession& s, const std::string& scenario) {
  if (scenario.empty() || scenario == scenario::kBaseline) {
    osm::NetScenario none;
    none.name = scenario::kBaseline;
    none.description = "the network as imported";
    return none;
  }
  return osm::load_net_scenario(scenario, s.net());
}

std::string net_link_id(const osm::FlatNetwork& net, uint32_t link) {
  return net.way_id[link] != 0 ? "w" + std::to_string(net.way_id[link])
                               : "t" + std::to_string(link);
}

std::string net_segment_id(const osm::FlatNetwork& net, uint32_t link) {
  const osm::FlatLink& l = net.links[link];
  return net_link_id(net, link) + ":" + std::to_string(net.input_id[l.tail]) + "-" +
         std::to_string(net.input_id[l.head]);
}

namespace {

Place place_of(const osm::FlatNetwork& net, uint32_t v, const std::string& name = "") {
  Place p;
  p.node = network::NodeIdx(v);
  p.id = std::to_string(net.input_id[v]);
  p.name = !name.empty() ? name
           : net.has_coordinates
               ? fmt::format("{:.5f},{:.5f}", net.nodes[v].lat(), net.nodes[v].lon())
               : "node " + p.id;
  p.country = net.countries[net.nodes[v].country];
  return p;
}

// Weights of a scenario, with links into avoided countries closed.
std::vector<uint32_t> weights_for(const NetSession& s, const osm::NetScenario& sc,
                                  const std::vector<std::string>& avoid) {
  const osm::FlatNetwork& net = s.net();
  std::vector<uint32_t> w = osm::scenario_weights(net, s.router->profile, sc);
  if (avoid.empty()) return w;
  std::vector<uint8_t> banned(net.countries.size(), 0);
  for (const auto& c : avoid) {
    const std::string cc = text::to_upper_ascii(c);
    if (!network::is_known_country(cc))
      throw Error(Errc::usage, "--avoid: '" + c + "' is not an ISO 3166-1 alpha-2 country code");
    auto it = std::find(net.countries.begin() + 1, net.countries.end(), cc);
    if (it != net.countries.end()) banned[it - net.countries.begin()] = 1;
  }
  for (uint32_t a = 0; a < net.num_links(); ++a)
    if (banned[net.nodes[net.links[a].head].country]) w[a] = route::Dijkstra<uint32_t>::kInf;
  return w;
}

double hours_of(const osm::FlatNetwork& net, uint64_t w) {
  return net.cost_unit == "ds" ? w / 36000.0 : double(w);
}

// The route along `links` (from -> to) as the dataset's RouteOption.
RouteOption option_of(const osm::FlatNetwork& net, const std::vector<uint32_t>& w,
                      const std::vector<uint32_t>& links, uint32_t from) {
  RouteOption o;
  auto add_country = [&](uint32_t v) {
    const std::string& c = net.countries[net.nodes[v].country];
    if (!c.empty() && (o.countries.empty() || o.countries.back() != c)) o.countries.push_back(c);
  };
  add_country(from);
  for (uint32_t a : links) {
    const osm::FlatLink& l = net.links[a];
    const double km = (l.flags & osm::kLengthKnown) ? l.length_m / 1000.0 : 0;
    const double h = hours_of(net, w[a]);
    const bool border = l.flags & osm::kBorder;
    const LegKind kind = l.transfer() ? LegKind::transfer : LegKind::link;
    o.total.km += km;
    o.total.hours += h;
    if (border) {
      ++o.total.borders;
      BorderCrossing b;
      b.link = network::LinkIdx(a);
      b.id = net_link_id(net, a);
      b.name =
          net.countries[net.nodes[l.tail].country] + "-" + net.countries[net.nodes[l.head].country];
      b.mode = l.link_mode();
      b.from_country = net.countries[net.nodes[l.tail].country];
      b.to_country = net.countries[net.nodes[l.head].country];
      b.hours = h;
      o.borders.push_back(std::move(b));
    }
    const bool extend = !o.legs.empty() && !border && !o.legs.back().border &&
                        o.legs.back().kind == kind && o.legs.back().mode == l.link_mode();
    if (!extend) {
      Leg leg;
      leg.kind = kind;
      leg.mode = leg.from_mode = l.link_mode();
      leg.border = border;
      leg.from = place_of(net, l.tail);
      o.legs.push_back(std::move(leg));
    }
    Leg& leg = o.legs.back();
    leg.to = place_of(net, l.head);
    leg.km += km;
    leg.hours += h;
    leg.links.push_back(network::LinkIdx(a));
    leg.link_ids.push_back(net_link_id(net, a));
    add_country(l.head);
  }
  // A transfer leg names the mode it leaves and the mode it enters.
  for (size_t i = 0; i < o.legs.size(); ++i) {
    if (o.legs[i].kind != LegKind::transfer) continue;
    if (i > 0) o.legs[i].from_mode = o.legs[i - 1].mode;
    if (i + 1 < o.legs.size()) o.legs[i].mode = o.legs[i + 1].mode;
  }
  o.total.cost = o.total.hours;
  return o;
}

// Dijkstra from -> to on w; nullopt when unreachable.
std::optional<RouteOption> shortest(const osm::FlatNetwork& net, const route::Graph& g,
                                    const std::vector<uint32_t>& w, route::Dijkstra<uint32_t>& d,
                                    uint32_t from, uint32_t to) {
  d.reset();
  d.add_source(from);
  d.run(g, w.data(), to);
  if (!d.reached(to)) return std::nullopt;
  return option_of(net, w, d.path_arcs(to), from);
}

}  // namespace

RouteResult net_route(const NetSession& s, const RouteRequest& req) {
  if (req.alternatives != 1 || req.pareto || req.explain || req.year || req.max_borders)
    throw Error(Errc::usage,
                "--alternatives, --pareto, --explain, --year and --max-borders cannot be applied "
                "to an imported network (--net)");
  const osm::FlatNetwork& net = s.net();
  const osm::NetScenario sc = net_scenario(s, req.scenario);
  const auto w = weights_for(s, sc, req.avoid);
  const uint32_t from = s.router->resolve(req.from), to = s.router->resolve(req.to);
  route::Dijkstra<uint32_t> d(net.num_nodes());
  auto best = shortest(net, s.router->graph, w, d, from, to);
  if (!best)
    throw Error(Errc::no_route, "no route from " + req.from + " to " + req.to + " under '" +
                                    sc.name + "' (profile " + s.router->profile.to_string() + ")");
  RouteResult r;
  r.from = place_of(net, from, req.from);
  r.to = place_of(net, to, req.to);
  r.scenario = sc.name;
  r.profile = s.router->profile.to_string();
  r.routes.push_back(std::move(*best));
  return r;
}

CompareResult net_compare(const NetSession& s, const CompareRequest& req) {
  if (req.year) throw Error(Errc::usage, "--year cannot be applied to an imported network (--net)");
  if (req.pairs.empty())
    throw Error(Errc::usage,
                "compare --net needs --pairs FILE.csv (from,to: OSM node ids or "
                "\"lat,lon\")");
  const osm::FlatNetwork& net = s.net();
  const osm::NetScenario base = net_scenario(s, req.base);
  if (req.scenario.empty()) throw Error(Errc::usage, "compare --net needs --scenario FILE.toml");
  const osm::NetScenario scen = net_scenario(s, req.scenario);
  const auto wb = weights_for(s, base, req.avoid), ws = weights_for(s, scen, req.avoid);
  CompareResult out;
  out.base = base.name;
  out.scenario = scen.name;
  out.profile = s.router->profile.to_string();
  route::Dijkstra<uint32_t> d(s.cch ? 0 : net.num_nodes());
  // With a Cch: each side is one customization of the shared hierarchy.
  std::optional<ch::CchMetric> mb, ms;
  std::optional<ch::CchQuery> qb, qs;
  if (s.cch) {
    mb.emplace(s.cch->customize(wb));
    ms.emplace(s.cch->customize(ws));
    qb.emplace(*mb);
    qs.emplace(*ms);
  }
  for (const auto& [f, t] : req.pairs) {
    const uint32_t from = s.router->resolve(f), to = s.router->resolve(t);
    CompareRow row;
    row.from = place_of(net, from, f);
    row.to = place_of(net, to, t);
    for (auto [w, slot, name, q] : {std::tuple{&wb, &row.base, &base.name, &qb},
                                    std::tuple{&ws, &row.scenario, &scen.name, &qs}}) {
      std::optional<RouteOption> opt;
      if (*q) {
        ch::CchPath p = (*q)->query(from, to);
        if (p.distance != ch::kInfWeight) opt = option_of(net, *w, p.arcs, from);
      } else {
        opt = shortest(net, s.router->graph, *w, d, from, to);
      }
      if (!opt) continue;
      RouteResult r;
      r.from = row.from;
      r.to = row.to;
      r.scenario = *name;
      r.profile = out.profile;
      r.routes.push_back(std::move(*opt));
      *slot = std::move(r);
    }
    if (row.base && row.scenario) row.delta = row.scenario->best().total - row.base->best().total;
    out.rows.push_back(std::move(row));
  }
  return out;
}

DatasetInfo net_info(const NetSession& s) {
  const osm::FlatNetwork& net = s.net();
  DatasetInfo i;
  i.name = net.name;
  i.nodes = net.num_nodes();
  i.links = net.num_links();
  for (const auto& l : net.links) i.border_links += (l.flags & osm::kBorder) ? 1 : 0;
  i.countries.assign(net.countries.begin() + 1, net.countries.end());
  std::sort(i.countries.begin(), i.countries.end());
  ProfileInfo p;
  p.name = s.router->profile.to_string();
  p.description = "travel time (cost = hours)";
  i.profiles.push_back(p);
  return i;
}

}  // namespace corridor::api
