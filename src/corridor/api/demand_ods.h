// Internal to api/: the one place where a demand file's rows become ODs (critical.cpp, sweep.cpp,
// assign.cpp, forecast.cpp, calibrate.cpp), and the sections file.
#pragma once
#include <string>
#include <vector>

#include "corridor/api/engine.h"
#include "corridor/critical/critical.h"
#include "corridor/io/dataset.h"

namespace corridor::api {

// One demand row resolved: its places as nodes and its annual volume in tonnes. Tonnes per row
// unit: "tonnes" (or empty) = 1, else the tonnes_per_unit of the profile the unit names. Errors
// name the row's file:line.
struct DemandOd {
  network::NodeIdx origin{}, destination{};
  double tonnes_per_year = 0;
};
DemandOd resolve_demand_row(const Engine& e, const io::DemandRow& row);

struct DemandOds {
  std::vector<io::DemandRow> rows;
  std::vector<critical::Od> ods;  // one per row, units per day of the profile
};
// Annual volumes (tonnes, or units of a named profile) -> units/day of `profile`; places resolved
// like everywhere else (errors name the file:line of the row).
DemandOds demand_ods(const Engine& e, const std::string& file, const std::string& profile);

// sections.csv (section,name,link_id,source): named cuts of the network, in file order; empty
// when the dataset has no such file. Unknown links are errors naming file:line:column.
struct Section {
  std::string id, name;
  std::vector<std::string> links;
};
std::vector<Section> load_sections(const Engine& e);

}  // namespace corridor::api
