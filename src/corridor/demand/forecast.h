// Typed result of a freight forecast (`corridor forecast`, api::forecast; docs/demand.md): a base
// and a scenario network assigned with the multi-class logit SUE (or deterministic UE), the
// scenario's route and mode shares pivoting on the base, total demand responding to the
// composite-cost change. Volumes are per year; money is USD per unit of the class (TEU or tonne).
//
// Stable interface (issue 14 appraisal reads it): fields are only ever added.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace corridor::demand {

// Per mode (rail, road, ferry) quantities.
struct ModeAmounts {
  double rail = 0, road = 0, ferry = 0;
  double total() const { return rail + road + ferry; }
};

struct ShareRow {
  std::string key;  // a mode ("rail") or a corridor (the sections a route crosses, "+"-joined)
  double base = 0, scenario = 0;  // share of the OD's units
};

struct OdForecast {
  std::string cargo_class, unit;  // unit: "teu" or "tonnes"
  std::string origin, destination, corridor;
  double tonnes_per_unit = 1;
  bool routed = true;  // false: no path for the class in the scenario (volumes are then 0)
  // Units and tonnes per year. scenario = base + generated; diverted = the part of the base
  // volume that uses another route in the scenario (T0 x half the sum of |share change| over
  // routes), generated = the elastic response of total demand (scenario - base, may be < 0).
  double base_units = 0, scenario_units = 0, diverted_units = 0, generated_units = 0;
  double base_tonnes = 0, scenario_tonnes = 0, diverted_tonnes = 0, generated_tonnes = 0;
  // The demand file's volume (its base year, ForecastResult::demand_year) and the background
  // growth to the forecast year (growth.csv): base = observed + background.
  double observed_units = 0, background_units = 0;
  double observed_tonnes = 0, background_tonnes = 0;
  // Generalized cost per unit (USD): mean over routes weighted by flow, and the composite
  // (logsum) cost -logsum/theta that drives elastic demand; the logsum change per unit is
  // base_composite_usd - scenario_composite_usd (docs/demand.md).
  double base_cost_usd = 0, scenario_cost_usd = 0;
  double base_composite_usd = 0, scenario_composite_usd = 0;
  double theta = 0;  // utility per USD per unit (the logit scale used)
  // Tonne-km per year by mode.
  ModeAmounts base_tkm, scenario_tkm;
  std::vector<ShareRow> mode_shares, corridor_shares;
  // Units per year through the headline section (e.g. Meghri).
  double base_headline_units = 0, scenario_headline_units = 0;
  // Well-to-wheel tonnes CO2e per year by mode of the links used (computed by api::forecast
  // from the dataset's appraisal emission factors; 0 when it has none).
  ModeAmounts base_tco2e, scenario_tco2e;
};

struct ClassSectionVolume {
  std::string cargo_class;
  double base_tonnes = 0, scenario_tonnes = 0;  // per year, both directions
};

struct SectionForecast {
  std::string id, name;
  double base_tonnes = 0, scenario_tonnes = 0;  // per year, both directions
  double capacity_tonnes = 0;                   // per year, per direction, summed; 0 = none
  double base_vc = 0, scenario_vc = 0;          // busiest link and direction (capacity load)
  double base_delay_hours = 0, scenario_delay_hours = 0;  // worst congested extra hours
  std::vector<ClassSectionVolume> by_class;
};

// Freight through the headline section, by class and direction (ab = each link's from -> to).
struct HeadlineRow {
  std::string cargo_class, direction;  // direction: "ab" or "ba" (and its place names below)
  std::string from, to;                // the section's end places in that direction
  double base_tonnes = 0, scenario_tonnes = 0;
  double base_units = 0, scenario_units = 0;
  double diverted_tonnes = 0, generated_tonnes = 0;  // of the scenario tonnes
};

struct LinkForecast {
  std::string id, mode;
  double length_km = 0;
  double base_tonnes = 0, scenario_tonnes = 0;  // per year, both directions
  double base_tkm = 0, scenario_tkm = 0;        // per year
};

struct ClassTotals {
  std::string cargo_class, unit;
  double base_units = 0, scenario_units = 0, diverted_units = 0, generated_units = 0;
  double base_tonnes = 0, scenario_tonnes = 0, diverted_tonnes = 0, generated_tonnes = 0;
  double observed_units = 0, background_units = 0, observed_tonnes = 0, background_tonnes = 0;
  double base_headline_tonnes = 0, scenario_headline_tonnes = 0;
  ModeAmounts base_tkm, scenario_tkm;
  ModeAmounts base_tco2e, scenario_tco2e;  // WTW t CO2e per year by mode
};

struct ForecastResult {
  std::string base_scenario, scenario, demand_file, classes_file;
  int year = 0;
  std::string headline_section, headline_name;
  std::vector<OdForecast> ods;
  std::vector<ClassTotals> classes;
  std::vector<SectionForecast> sections;
  std::vector<HeadlineRow> headline;
  std::vector<LinkForecast> links;  // links loaded in either run
  bool has_emissions = false;       // the dataset has emission factors (tco2e fields filled)
  double base_headline_tonnes = 0, scenario_headline_tonnes = 0;
  // Background growth: the demand file's base year and growth.csv ("" = none applied: base
  // volumes are the demand file's).
  int demand_year = 0;
  std::string growth_file;
  std::string growth_note;  // why growth was not applied although a growth file exists
  // Convergence of the two runs. equilibrium: "sue" (max_change = largest |y - x| / demand) or
  // "ue" (relative_gap = sum x c / sum T c_min - 1; max_change = the elastic-demand residual).
  std::string equilibrium = "sue";
  int base_iterations = 0, scenario_iterations = 0;
  double base_max_change = 0, scenario_max_change = 0;
  double base_relative_gap = 0, scenario_relative_gap = 0;
  bool converged = false;
  double seconds = 0;
};

}  // namespace corridor::demand
