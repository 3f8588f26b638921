// Observed volumes next to the model: for every row of a counts file (io/counts.h), the volume the
// base-year assignment (api::assign of a demand file under a scenario) puts on the count's links,
// with the ratio model/count and the GEH statistic. `corridor validate` prints this table for a
// dataset that has counts.csv.
//
// Acceptance (calibrate rows): 0.8 <= model/count <= 1.25 and GEH < 5. GEH =
// sqrt(2 (M - C)^2 / (M + C)) is computed on daily flows in loads: 20-tonne loads (one truck, or
// a third of a loaded wagon) for tonnes counts, one unit for counts in a unit of classes.csv
// (e.g. containers; tonnes per unit from the class, else from the params.csv profile of that
// name), so it keeps its usual scale
// (GEH < 5 is the DMRB/TAG link-flow criterion). The ratio band reflects the counts themselves:
// annual figures from press statements, rounded and of mixed definitions (±10–20 %).
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "corridor/scenario/scenario.h"  // kBaseline

namespace corridor::api {

class Engine;

struct CountsRequest {
  std::string counts_file;  // counts.csv
  std::string demand_file;  // origin,destination,volume,unit,corridor,source
  std::string scenario = scenario::kBaseline;
  std::string profile;  // "" = the dataset's default profile (config.csv default_profile)
};

struct CountCheck {
  std::string id;
  std::vector<std::string> links;  // as written in the file (a section id or link ids)
  std::string direction;           // both, ab, ba
  int year = 0;
  std::string unit;     // tonnes or teu
  std::string use;      // calibrate or check
  double observed = 0;  // per year, in unit
  double modelled = 0;  // per year, in unit
  double ratio = 0;     // modelled / observed
  double geh = 0;       // on daily loads (see above)
  bool within = false;  // ratio and GEH within the acceptance
  std::string source;
};

struct CountsCheck {
  std::string counts_file, demand_file, scenario, profile;
  int year = 0;  // the scenario's year (network) of the assignment
  double ratio_min = 0.8, ratio_max = 1.25, geh_max = 5, tonnes_per_load = 20;
  std::vector<CountCheck> rows;
  size_t calibrate_rows() const;
  size_t calibrate_within() const;
};

// Loads the counts, resolves their links (a sections.csv id of the engine's dataset, or link ids;
// unknown ones are reported at file:line:column, Error(invalid_dataset)), runs the assignment and
// fills the table. Throws corridor::Error for bad files.
CountsCheck check_counts(const Engine& engine, const CountsRequest& req);

// The dataset's own counts: <dir>/counts.csv with the newest <dir>/demand-YYYY.csv, under
// "baseline"; nullopt when the dataset has no counts.csv.
std::optional<CountsRequest> dataset_counts_request(const Engine& engine);

// A fixed-width table (one line per count, then the acceptance summary).
std::string render_counts_text(const CountsCheck& c);
// {"counts_file","demand_file","scenario","profile","year","acceptance":{..},"rows":[..],
//  "calibrate":{"rows","within"}}
nlohmann::json counts_json(const CountsCheck& c);

}  // namespace corridor::api
