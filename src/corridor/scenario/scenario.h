// Scenarios: named TOML overlays on the base network (docs/file-formats.md): open, close, set
// (dwell, fee, tariff, capacity, speed, time) and add links, optionally chained on another
// scenario and with a year. Applying a scenario yields a new Network; the base is never mutated.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "corridor/core/error.h"
#include "corridor/network/network.h"

namespace corridor::scenario {

struct Edit {
  enum class Kind { open, close, set, add } kind;
  std::vector<std::string> links;        // open/close/set
  std::vector<std::string> countries;    // close: every cross-border link touching these countries
  std::map<std::string, double> values;  // set: field -> value
  network::Link added;                   // add (from/to resolved at load)
  SourceLocation where;
};

struct Scenario {
  std::string name;
  std::string description;
  std::string file;
  std::optional<std::string> base;
  std::optional<int> year;
  std::vector<Edit> edits;  // [[add]] edits first, then open/close/set in file order
  // Link ids that are neither in the dataset nor added by this file; they must be added by a
  // scenario of the base chain (checked by load_scenarios).
  std::vector<std::pair<std::string, SourceLocation>> unresolved;
};

using ScenarioSet = std::map<std::string, Scenario>;

// The scenario every set has (the network as it is, no overlay): a dataset without a
// baseline.toml gets an empty one, and an imported network (.cnet) names its no-overlay case so.
inline constexpr const char* kBaseline = "baseline";

// Loads every *.toml in dir and validates it against the network (unknown link or node ids,
// unknown fields, wrong types, base cycles). All problems are collected; any problem throws
// Error(invalid_scenario) with file:line diagnostics. A missing dir yields {"baseline"} only.
ScenarioSet load_scenarios(const std::string& dir, const network::Network& net);

// The same loading and validation over scenario files already in memory, in the order given
// (load_scenarios reads every *.toml of dir, sorted by path, and does exactly this). `what`
// names the set in the error message, as the directory does for load_scenarios.
struct ScenarioFile {
  std::string file;  // the name diagnostics give (file:line:column)
  std::string text;  // TOML
};
ScenarioSet load_scenarios_text(const std::vector<ScenarioFile>& scenario_files,
                                const network::Network& net, const std::string& what = "<memory>");

// Parses one scenario from TOML text; validated against net. Link ids that only a base scenario
// can add are kept in `unresolved` when the scenario names a base, and are errors otherwise.
Scenario parse_scenario(const std::string& toml_text, const std::string& file,
                        const network::Network& net);

struct Applied {
  network::Network net;
  int year;  // the scenario's year, else the dataset's base_year
};
// Applies the named scenario (and its base chain). Unknown name: Error(usage) with suggestions.
Applied apply(const network::Network& base, const ScenarioSet& set, const std::string& name);

}  // namespace corridor::scenario
