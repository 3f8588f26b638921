// Internal to api/ (critical.cpp, sweep.cpp): a demand file's rows as per-day ODs of a profile.
#pragma once
#include <string>
#include <vector>

#include "corridor/api/engine.h"
#include "corridor/critical/critical.h"
#include "corridor/io/dataset.h"

namespace corridor::api {

struct DemandOds {
  std::vector<io::DemandRow> rows;
  std::vector<critical::Od> ods;  // one per row, units per day of the profile
};
// Annual volumes (tonnes, or units of a named profile) -> units/day of `profile`; places resolved
// like everywhere else (errors name the file:line of the row).
DemandOds demand_ods(const Engine& e, const std::string& file, const std::string& profile);

}  // namespace corridor::api
