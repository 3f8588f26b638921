// The loaded dataset behind the api facade (internal to api/; other modules use api.h).
#pragma once
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "corridor/api/api.h"
#include "corridor/appraise/emissions.h"
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
  DatasetDefaults defaults;  // from config.csv
  // appraisal/emission-factors.csv when the dataset has it (routes then report tCO2e).
  std::optional<appraise::EmissionFactors> emissions;
  std::set<std::string> countries;  // of the dataset's nodes (what 'avoid' may name)
  // Folded id, name and aliases of every node (text::fold), computed once at load.
  std::vector<std::vector<std::string>> place_keys;

  const ScenarioView& view(const std::string& scenario) const;
  // "" -> the dataset's default scenario / profile; a profile unknown to the dataset is a usage
  // error listing the known ones.
  std::string scenario_or_default(const std::string& scenario) const;
  std::string profile_or_default(const std::string& profile) const;
  // Upper-cased country codes; one the dataset does not have is a usage error.
  std::vector<std::string> check_countries(const std::vector<std::string>& avoid) const;
  Place place(network::NodeIdx v) const;
  // Resolves an id, name, alias (case- and diacritic-insensitive) or "lat,lon" to a node.
  // Throws Error(unknown_place) with "did you mean" suggestions.
  network::NodeIdx resolve(const std::string& place) const;
  std::vector<std::pair<network::NodeIdx, double>> search_places(const std::string& q,
                                                                 size_t limit) const;
};

// A link's coordinates [[lon, lat], ...] from its WKT geometry, else its two end nodes.
nlohmann::json link_coords(const network::Network& net, const network::Link& l, bool reversed);
// The coordinates of one leg of a route [[lon, lat], ...] through its links (empty for a transfer
// or gauge change), in the network the route was found in.
nlohmann::json leg_coords(const network::Network& net, const Leg& leg);

}  // namespace corridor::api
