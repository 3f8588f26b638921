// GeoJSON (RFC 7946) renderings: drawn from the link indices the results carry, in the network
// of their scenario; no id is looked up by string.
#include "corridor/api/engine.h"
#include "corridor/api/render.h"

namespace corridor::api {

using nlohmann::json;

json to_geojson(const Engine& e, const RouteResult& r) {
  const auto& net = e.view(r.scenario).applied.net;
  json route = to_json(r);
  json features = json::array();
  for (size_t i = 0; i < r.best().legs.size(); ++i) {
    const Leg& leg = r.best().legs[i];
    json props = route["legs"][i];
    props.erase("links");
    json coords = leg_coords(net, leg);
    json geometry;
    if (coords.empty()) {
      const auto& n = net.nodes[leg.from.node];
      geometry = {{"type", "Point"}, {"coordinates", {n.lon, n.lat}}};
    } else {
      geometry = {{"type", "LineString"}, {"coordinates", coords}};
    }
    features.push_back({{"type", "Feature"}, {"geometry", geometry}, {"properties", props}});
  }
  route.erase("legs");
  return {{"type", "FeatureCollection"}, {"properties", route}, {"features", features}};
}

json to_geojson(const Engine& e, const AssignResult& r) {
  const auto& net = e.view(r.scenario).applied.net;
  const json links = to_json(r)["links"];
  json features = json::array();
  for (size_t i = 0; i < r.links.size(); ++i)
    features.push_back({{"type", "Feature"},
                        {"geometry",
                         {{"type", "LineString"},
                          {"coordinates", link_coords(net, net.links[r.links[i].link], false)}}},
                        {"properties", links[i]}});
  return {{"type", "FeatureCollection"},
          {"properties", {{"scenario", r.scenario}, {"profile", r.profile}}},
          {"features", features}};
}

}  // namespace corridor::api
