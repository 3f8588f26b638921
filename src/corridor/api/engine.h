// The loaded dataset behind the api facade (internal to api/; other modules use api.h).
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "corridor/api/api.h"
#include "corridor/io/dataset.h"
#include "corridor/network/network.h"
#include "corridor/route/router.h"
#include "corridor/scenario/scenario.h"

namespace corridor::api {

class Engine {
 public:
  struct ScenarioView {
    scenario::Applied applied;
    std::unique_ptr<route::Router> router;
  };

  std::string dir;
  network::Network base;
  scenario::ScenarioSet scenarios;
  std::map<std::string, std::unique_ptr<ScenarioView>> views;  // one per scenario, built at load
  std::vector<io::PlacePair> pairs;
  // Folded id, name and aliases of every node (text::fold), computed once at load.
  std::vector<std::vector<std::string>> place_keys;

  const ScenarioView& view(const std::string& scenario) const;
  // Resolves an id, name, alias (case- and diacritic-insensitive) or "lat,lon" to a node.
  // Throws Error(unknown_place) with "did you mean" suggestions.
  network::NodeIdx resolve(const std::string& place) const;
  std::vector<std::pair<network::NodeIdx, double>> search_places(const std::string& q,
                                                                 size_t limit) const;
};

// A link's coordinates [[lon, lat], ...] from its WKT geometry, else its two end nodes.
nlohmann::json link_coords(const network::Network& net, const network::Link& l, bool reversed);

// A route result (api::route JSON) as a GeoJSON FeatureCollection, one feature per leg, drawn
// from the links of its legs in the network of its scenario.
nlohmann::json route_legs_geojson(const network::Network& net, const nlohmann::json& route);

}  // namespace corridor::api
