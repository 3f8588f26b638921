// Economic appraisal of a scenario on a dataset (issue 14, docs/appraisal.md):
// `corridor appraise --base B --scenario S --from Y0 --to Y1 --discount r` ->
// AppraiseRequest -> appraise() -> AppraiseResult -> text / JSON / CSV / HTML.
//
// The flows come from the freight forecast (api/forecast.h) at every year in [from, to] in which
// the network changes (links due then), interpolated and held constant in between; emissions
// from the dataset's appraisal/emission-factors.csv on each link's tonne-km; costs from
// appraisal/capex.csv and carbon-price.csv; uncertainty from appraisal/uncertainty.toml.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "corridor/api/api.h"
#include "corridor/appraise/cba.h"
#include "corridor/appraise/montecarlo.h"
#include "corridor/demand/forecast.h"

namespace corridor::api {

struct AppraiseRequest {
  std::string base;      // "" = the dataset's default scenario
  std::string scenario;  // "" = the dataset's default compare scenario
  int from = 2028, to = 2057;
  double discount = 0.06;
  std::optional<int> opening_year;      // default: the scenario's year + 1
  std::string capex_file;               // "" = <dataset>/appraisal/capex.csv
  std::string carbon_file;              // "" = <dataset>/appraisal/carbon-price.csv
  std::string carbon_path = "central";  // low | central | high
  std::string uncertainty_file;         // "" = <dataset>/appraisal/uncertainty.toml
  std::vector<double> ramp_up = {0.5, 0.75};
  size_t draws = 0;  // Monte Carlo draws (0 = none)
  uint64_t seed = 1;
  int threads = 0;          // 0 = all cores
  bool sensitivity = true;  // tornado and switching values
  void validate() const;    // throws Error(usage)
};

// One evaluation's factors (1 = central): what a Monte Carlo draw or a tornado end changes.
struct AppraiseFactors {
  double demand = 1, vot = 1, border_dwell = 1, tariff = 1, capex = 1, carbon = 1;
};

// The forecast of one year turned into appraisal flows: units and composite generalized cost per
// OD (rule of a half on the logsum cost), tonnes, tCO2e by mode from every link's tonne-km, and
// the headline section's tonnes. ODs not routed in both runs are left out (counted).
appraise::YearFlows flows_from_forecast(const Engine& engine, const demand::ForecastResult& f,
                                        int* unrouted = nullptr);

struct AppraiseResult {
  std::string base, scenario, dataset, headline_section, headline_name;
  AppraiseRequest request;
  appraise::CbaParams params;
  std::vector<int> forecast_years;
  appraise::ScenarioFlows flows;
  std::vector<appraise::CapexItem> capex;
  appraise::PricePath carbon;
  std::string capex_file, carbon_file, uncertainty_file;
  appraise::CbaResult central;
  appraise::Uncertainty uncertainty;
  std::vector<appraise::TornadoBar> tornado;
  std::optional<appraise::McSummary> mc;
  int unrouted_ods = 0;
  double seconds = 0;
};

AppraiseResult appraise(const Engine& engine, const AppraiseRequest& req);

// One full evaluation (forecasts at every forecast year under the factors, then the CBA): what
// each Monte Carlo draw runs (bench/appraise_bench.cpp times it).
appraise::CbaResult evaluate(const Engine& engine, const AppraiseResult& setup,
                             const AppraiseFactors& factors);

// A plain table (header + rows of numbers) of the annual flows: the CSV output and what an xlsx
// writer needs.
struct NumberTable {
  std::vector<std::string> header;
  std::vector<std::vector<double>> rows;
};
NumberTable annual_table(const AppraiseResult& r);

nlohmann::json to_json(const AppraiseResult& r);
std::string render_appraise_text(const AppraiseResult& r);
std::string render_appraise_csv(const AppraiseResult& r);   // the annual table
std::string render_appraise_html(const AppraiseResult& r);  // self-contained report

}  // namespace corridor::api
