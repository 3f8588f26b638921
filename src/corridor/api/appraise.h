// Economic appraisal of a scenario on a dataset (issue 14, docs/appraisal.md):
// `corridor appraise --base B --scenario S --from Y0 --to Y1 --discount r` ->
// AppraiseRequest -> appraise() -> AppraiseResult -> text / JSON / CSV / HTML.
//
// The flows come from the freight forecast (api/forecast.h) at `from`, the opening year, every
// year in [from, to] in which the network changes (links due then) and the forecast years asked
// for (default 2040 and 2050), interpolated linearly in between and held (or grown) after the
// last; operator and government accounts from link tonne-km x tariffs, fees and operating costs
// (appraisal/operating-costs.csv); emissions
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
#include "corridor/appraise/inputs.h"
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
  std::string operating_costs_file;     // "" = <dataset>/appraisal/operating-costs.csv
  std::vector<double> ramp_up = {0.5, 0.75};
  // Forecast years besides `from`, the opening year and the network-change years; unset = the
  // defaults 2040 and 2050 (those in [from, to]); an empty list = none. At most 20.
  std::optional<std::vector<int>> forecast_years;
  std::string after_last = "flat";   // flat | growth (after the last forecast year)
  std::vector<std::string> tornado;  // tornado variables; empty = every variable of the file
  size_t draws = 0;                  // Monte Carlo draws (0 = none)
  uint64_t seed = 1;
  int threads = 0;          // 0 = all cores
  bool sensitivity = true;  // tornado and switching values
  void validate() const;    // throws Error(usage)
};

// The request of `POST /api/appraise` (docs/http-api.md): the CLI's options as JSON fields
// (base, scenario, from, to, discount, opening, ramp_up, carbon_path, forecast_years, after_last,
// draws, seed, sensitivity, tornado); files are the dataset's. Unknown fields and wrong types are
// Error(usage). The server bounds the work: draws <= kHttpMaxDraws, 1 thread per request.
inline constexpr size_t kHttpMaxDraws = 1000;
AppraiseRequest appraise_request_from_json(const nlohmann::json& body);

// One evaluation's factors (1 = central): what a Monte Carlo draw or a tornado end changes.
struct AppraiseFactors {
  double demand = 1, vot = 1, border_dwell = 1, tariff = 1, capex = 1, carbon = 1;
};

// The forecast of one year turned into appraisal flows: units and composite generalized cost per
// OD (rule of a half on the logsum cost), tonnes, tCO2e by mode from every link's tonne-km, and
// the headline section's tonnes. ODs not routed in both runs are left out (counted).
// `opcosts` gives the operator accounts (none: revenue and costs 0); `scenario_net` the
// scenario network the forecast ran on when it was edited (tariff and dwell factors).
appraise::YearFlows flows_from_forecast(const Engine& engine, const demand::ForecastResult& f,
                                        int* unrouted = nullptr,
                                        const appraise::OperatingCosts* opcosts = nullptr,
                                        const network::Network* scenario_net = nullptr);

struct AppraiseResult {
  std::string base, scenario, dataset, headline_section, headline_name;
  AppraiseRequest request;
  appraise::CbaParams params;
  std::vector<int> forecast_years;
  appraise::ScenarioFlows flows;
  std::vector<appraise::CapexItem> capex;
  appraise::PricePath carbon;
  std::string capex_file, carbon_file, uncertainty_file, operating_costs_file;
  appraise::OperatingCosts operating_costs;
  double growth_after_last = 1;  // compound factor per year after the last forecast year
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
// POST /api/appraise: the request from JSON, bounded (draws <= kHttpMaxDraws, else
// Error(limit_exceeded)), evaluated on one thread, rendered by to_json.
nlohmann::json appraise_http(const Engine& engine, const nlohmann::json& body);
std::string render_appraise_text(const AppraiseResult& r);
std::string render_appraise_csv(const AppraiseResult& r);   // the annual table
std::string render_appraise_html(const AppraiseResult& r);  // self-contained report

}  // namespace corridor::api
