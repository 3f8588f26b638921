// `corridor calibrate`: estimates demand-model parameters (per-class mode constants and logit
// scales) so that the multi-class SUE of the base-year demand on a scenario (default: the
// dataset's) reproduces the calibrate rows of counts.csv (docs/demand.md).
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "corridor/api/api.h"
#include "corridor/demand/calibrate.h"

namespace corridor::api {

struct CalibrateRequest {
  std::string scenario;      // "" = the dataset's default scenario
  std::optional<int> year;   // "" = the scenario's year
  std::string demand_file;   // "" = the dataset's demand-*.csv
  std::string classes_file;  // "" = <dataset>/classes.csv
  std::string counts_file;   // "" = <dataset>/counts.csv
  // Parameters: asc_rail:<class>, asc_road:<class>, asc_ferry:<class> (nest constant of that
  // main mode, relative to the others) or scale:<class> (the class's cost_scale, estimated in
  // log space). Empty = the scale of every class the counts identify (demand::identify; the
  // others are listed in CalibrateResult::left_out with the reason). Named parameters the counts
  // cannot identify are refused (Error(invalid_input) naming the parameter and why).
  std::vector<std::string> params;
  void validate() const;
};

struct CalibrateResult {
  std::string scenario, demand_file, classes_file, counts_file;
  int year = 0;
  std::vector<std::string> skipped;  // counts not fitted, with the reason
  // Default parameters left out because the counts cannot identify them: (name, why).
  std::vector<std::pair<std::string, std::string>> left_out;
  demand::CalibrationResult fit;
};

CalibrateResult calibrate(const Engine& engine, const CalibrateRequest& req);
nlohmann::json to_json(const CalibrateResult& r);
std::string render_calibrate_text(const CalibrateResult& r);

}  // namespace corridor::api
