#include "corridor/export/sim_layers.h"

#include <fmt/format.h>

#include <cmath>
#include <map>

namespace corridor::exporter {

using nlohmann::json;

namespace {

// Rounded like sim::render_json (6 significant digits): stable bytes.
double r6(double v) {
  if (v == 0 || !std::isfinite(v)) return std::isfinite(v) ? 0.0 : v;
  return std::stod(fmt::format("{:.6g}", v));
}

void put(json& p, const std::string& name, const sim::Estimate& e) {
  p[name] = r6(e.mean);
  p[name + "_ci95"] = r6(e.half_width);
}

// The mean of the element's node coordinates, else of its links' end nodes; null if none.
json site_point(const network::Network* net, const sim::ResourceResult& res) {
  if (!net) return nullptr;
  double lon = 0, lat = 0;
  int n = 0;
  auto add = [&](network::NodeIdx v) {
    lon += net->nodes[v].lon;
    lat += net->nodes[v].lat;
    ++n;
  };
  for (const auto& id : res.nodes)
    if (auto v = net->find_node(id)) add(*v);
  if (n == 0)
    for (const auto& id : res.links)
      if (auto l = net->find_link(id)) {
        add(net->links[*l].from);
        add(net->links[*l].to);
      }
  if (n == 0) return nullptr;
  return {{"type", "Point"}, {"coordinates", {r6(lon / n), r6(lat / n)}}};
}

json resource_properties(const sim::SimResult& r, const sim::ResourceResult& res) {
  json p;
  p["resource_id"] = res.id;
  p["kind"] = res.kind;
  p["name"] = res.name;
  put(p, "utilisation_share", res.utilisation);
  p["utilisation_basis"] = res.utilisation_basis;
  put(p, "mean_queue_units", res.mean_queue);
  for (int d = 0; d < 2; ++d) {
    const std::string dir = sim::dir_name(d);
    if (res.used[d]) {
      put(p, "wait_" + dir + "_mean_min", res.wait_mean[d]);
      put(p, "wait_" + dir + "_p50_min", res.wait_p50[d]);
      put(p, "wait_" + dir + "_p95_min", res.wait_p95[d]);
    } else {
      for (const char* q : {"mean", "p50", "p95"}) {
        p["wait_" + dir + "_" + q + "_min"] = nullptr;
        p["wait_" + dir + "_" + q + "_min_ci95"] = nullptr;
      }
    }
  }
  p["deadlocks"] = res.deadlocks;
  p["queue_bucket_min"] = r.bucket_minutes;
  p["node_ids"] = res.nodes;
  p["link_ids"] = res.links;
  return p;
}

json feature(json geometry, json properties) {
  return {{"type", "Feature"}, {"geometry", std::move(geometry)}, {"properties", properties}};
}

}  // namespace

std::vector<GeoLayer> simulate_layers(const sim::Model& model, const sim::SimResult& r,
                                      const network::Network* net) {
  // Fields that may be null everywhere (an unused direction) still have a number type.
  std::map<std::string, FieldType> resource_types;
  for (const char* d : {"ab", "ba"})
    for (const char* q : {"mean", "p50", "p95"}) {
      resource_types[fmt::format("wait_{}_{}_min", d, q)] = FieldType::real;
      resource_types[fmt::format("wait_{}_{}_min_ci95", d, q)] = FieldType::real;
    }
  resource_types["node_ids"] = FieldType::json;
  resource_types["link_ids"] = FieldType::json;

  GeoLayer resources{"sim_resources", json::array(), resource_types, "Point"};
  GeoLayer links{"sim_links", json::array(), resource_types, "LineString"};
  links.types["link_id"] = FieldType::string;
  for (const auto& res : r.resources) {
    const json p = resource_properties(r, res);
    resources.features.push_back(feature(site_point(net, res), p));
    for (const auto& id : res.links) {
      json q = p;
      q["link_id"] = id;
      const auto l = net ? net->find_link(id) : std::nullopt;
      links.features.push_back(feature(l ? link_geometry(*net, net->links[*l]) : json(), q));
    }
  }

  std::map<std::string, const sim::FlowSpec*> spec;
  for (const auto& f : model.flows) spec[f.id] = &f;
  // A flow's line: the links of the elements on its route, in travel order.
  auto route_lines = [&](const sim::FlowSpec& f) {
    json lines = json::array();
    if (!net) return json();
    for (int k : f.route)
      if (k >= 0 && static_cast<size_t>(k) < model.elements.size())
        for (const auto& id : model.elements[static_cast<size_t>(k)].links)
          if (auto l = net->find_link(id)) {
            const json g = link_geometry(*net, net->links[*l]);
            if (g.value("type", std::string()) == "LineString") lines.push_back(g["coordinates"]);
          }
    return lines.empty() ? json() : json{{"type", "MultiLineString"}, {"coordinates", lines}};
  };
  GeoLayer flows{"sim_flows", json::array(), {{"route", FieldType::json}}, "MultiLineString"};
  for (const auto& f : r.flows) {
    json p;
    p["flow_id"] = f.id;
    p["direction"] = f.direction;
    p["unit"] = f.unit;
    p["offered_units_per_day"] = r6(f.offered_per_day);
    put(p, "throughput_units_per_day", f.per_day);
    put(p, "wait_mean_min", f.wait_mean);
    put(p, "wait_p50_min", f.wait_p50);
    put(p, "wait_p95_min", f.wait_p95);
    put(p, "system_mean_min", f.system_mean);
    json route = json::array(), geometry;
    if (auto it = spec.find(f.id); it != spec.end()) {
      for (int k : it->second->route)
        if (k >= 0 && static_cast<size_t>(k) < model.elements.size())
          route.push_back(model.elements[static_cast<size_t>(k)].id);
      geometry = route_lines(*it->second);
    }
    p["route"] = route;
    flows.features.push_back(feature(geometry, p));
  }

  GeoLayer directions{"sim_directions", json::array(), {}, "None"};
  for (const auto& d : r.directions) {
    json p;
    p["direction"] = d.direction;
    p["unit"] = d.unit;
    p["offered_units_per_day"] = r6(d.offered_per_day);
    put(p, "throughput_units_per_day", d.per_day);
    directions.features.push_back(feature(nullptr, p));
  }

  std::vector<GeoLayer> out{resources, links, flows, directions};
  if (r.capacity) {
    GeoLayer cap{"sim_capacity", json::array(), {}, "None"};
    for (const auto& pt : r.capacity->points)
      for (int d = 0; d < 2; ++d) {
        json p;
        p["load_share"] = pt.load;
        p["direction"] = sim::dir_name(d);
        p["offered_units_per_day"] = r6(pt.offered_per_day[d]);
        put(p, "throughput_units_per_day", pt.per_day[d]);
        put(p, "wait_mean_min", pt.wait_mean[d]);
        p["over_limit"] = pt.over_limit;
        p["wait_limit_min"] = r.capacity->wait_limit;
        cap.features.push_back(feature(nullptr, p));
      }
    out.push_back(cap);
  }
  return out;
}

}  // namespace corridor::exporter
