// Loader for a dataset directory (docs/file-formats.md): config.csv, node.csv, link.csv and
// params.csv into a network::Network. Validation is strict and exhaustive: every problem in every
// file is collected (up to kMaxProblems) and a dataset with any problem throws
// Error(invalid_dataset) carrying them all; a bad dataset never yields a partial network.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "corridor/core/error.h"
#include "corridor/network/network.h"

namespace corridor::io {

inline constexpr size_t kMaxProblems = 50;

// Reads from a directory on disk.
network::Network load_dataset(const std::string& dir);

// The same from in-memory file contents (tests feed inline text). Missing params.csv gets the
// default profiles (teu with VoT 0, tonne) so tiny test worlds stay tiny; "config.csv" may be empty
// text, meaning defaults.
struct DatasetText {
  std::string config;  // may be empty: defaults
  std::string nodes;
  std::string links;
  std::string params;  // may be empty: default profiles
  std::string dir = "<memory>";
};
network::Network load_dataset_text(const DatasetText& text);

// pairs.csv: from,to[,note]
struct PlacePair {
  std::string from, to, note;
  SourceLocation where;  // the row's 'from' cell
};
std::vector<PlacePair> load_pairs(const std::string& path);

// Demand CSV: origin,destination,volume,unit[,class],corridor,source. `class` names a cargo class
// of classes.csv (docs/demand.md); a file without the column leaves it empty and the demand model
// gives the documented default (container for teu rows, general for tonnes rows).
struct DemandRow {
  std::string origin, destination;
  double volume = 0;        // per year
  std::string unit;         // "teu" or "tonnes"
  std::string cargo_class;  // "" = the column is absent
  std::string corridor;
  std::string source;
  SourceLocation where;
};
std::vector<DemandRow> load_demand(const std::string& path);

}  // namespace corridor::io
