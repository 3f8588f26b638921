// Cargo classes (classes.csv, docs/demand.md): what a class of freight is counted in, what an hour
// and a unit of capacity cost it, which modes it may use, and its logit and elasticity parameters.
#pragma once
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "corridor/core/error.h"
#include "corridor/network/network.h"

namespace corridor::demand {

struct CargoClass {
  std::string name;
  std::string unit;              // "teu" or "tonnes"
  double tonnes_per_unit = 1;    // > 0
  double value_of_time = 0;      // USD per unit-hour, >= 0
  double reliability_ratio = 0;  // extra weight of congested (queue) hours, >= 0
  network::ModeMask modes = network::kAllModes;
  std::string profile;                  // params.csv profile whose tariffs the class pays
  double capacity_tonnes_per_unit = 1;  // tonnes of link capacity one unit uses, > 0
  double cost_scale = 1;                // logit scale per unit of relative cost, > 0
  double nest_scale = 1;                // route-within-mode logsum parameter, (0, 1]
  double elasticity = 0;                // of total demand w.r.t. composite cost, <= 0
  // Optional columns asc_rail, asc_road, asc_ferry: constant of the route nest of that main mode
  // (utility units; 0 when absent), fitted by `corridor calibrate`.
  std::array<double, 3> mode_asc{0, 0, 0};
  // Optional column `terminal`: "container" = the class changes mode only at nodes with a
  // container terminal (terminals.csv); empty = at any transfer node.
  bool needs_container_terminal = false;
  std::string source;
  SourceLocation where;  // the row's class cell
};

// Parses classes text (`file` names it in messages). Every problem (missing column, bad number,
// unknown mode or unit, duplicate class, nest_scale outside (0,1], positive elasticity, short
// source) is collected as file:line:column; any problem throws Error(invalid_dataset) carrying them
// all.
std::vector<CargoClass> parse_classes(std::string_view text, const std::string& file);
std::vector<CargoClass> load_classes(const std::string& path);

// terminals.csv (docs/demand.md): node_id,container,source; container is yes or no. Returns the
// node ids with container = yes, each with its row's location; problems as parse_classes.
struct TerminalRow {
  std::string node_id;
  bool container = false;
  SourceLocation where;
};
std::vector<TerminalRow> parse_terminals(std::string_view text, const std::string& file);
std::vector<TerminalRow> load_terminals(const std::string& path);

// The class named `name`, or nullptr.
const CargoClass* find_class(const std::vector<CargoClass>& classes, std::string_view name);

// The class a demand row without a `class` column gets (docs/demand.md): "container" for teu,
// "general" for tonnes.
std::string default_class_for_unit(std::string_view unit);

}  // namespace corridor::demand
