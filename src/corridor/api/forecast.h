// Freight forecast and demand-model calibration on a dataset (issue 11, docs/demand.md).
//
// forecast: `corridor forecast --base B --scenario S --year Y` -> ForecastRequest -> forecast()
// -> demand::ForecastResult (demand/forecast.h) -> to_json / render_forecast_text / _csv / _html.
// The demand file's rows carry a cargo class (classes.csv) and are grown from the file's base year
// to the forecast year by growth.csv; both networks are assigned with the multi-class logit SUE
// or (equilibrium "ue") the deterministic multi-class UE (assign::assign_freight_classes); the
// scenario uses the base run's logit scale per OD (pivot) and its composite cost (elastic
// demand).
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "corridor/api/api.h"
#include "corridor/demand/forecast.h"
#include "corridor/network/network.h"

namespace corridor::api {

struct ForecastRequest {
  std::string base;         // "" = the dataset's default scenario
  std::string scenario;     // "" = the dataset's default compare scenario
  std::optional<int> year;  // links open by this year in both runs; unset = the scenario's year
  std::vector<std::string> classes;  // empty = all classes of classes.csv
  std::string demand_file;           // "" = the dataset's demand-*.csv (the last by name)
  std::string classes_file;          // "" = <dataset>/classes.csv
  bool elastic = true;               // false = fixed total demand (no generated traffic)
  // true: the base routes join the scenario route sets (an added link never removes an
  // alternative); false: each run searches its own routes (the behaviour before round 2).
  bool keep_base_routes = true;
  // "sue" (nested-logit SUE, the pivot) or "ue" (deterministic multi-class user equilibrium with
  // shared physical-link capacity; assign::FreightClassOptions::equilibrium).
  std::string equilibrium = "sue";
  double ue_gap = 1e-4;  // relative gap target of the UE
  // Background growth from the demand's base year to `year` with <dataset>/growth.csv (or
  // growth_file); false or no such file = the demand file's volumes in every year.
  bool growth = true;
  std::string growth_file;
  // The demand file's base year; unset = the 4 digits of its name demand-YYYY.csv.
  std::optional<int> demand_year;
  void validate() const;  // throws Error(usage)
};

// <dataset>/terminals.csv as a per-node container-terminal flag of `net` (empty when the file is
// absent: no restriction); an unknown node id throws Error(invalid_dataset) at file:line:column.
std::vector<char> container_terminals(const Engine& engine, const network::Network& net);

demand::ForecastResult forecast(const Engine& engine, const ForecastRequest& req);
// The same with the scenario's network edited before routing (sweeps and continuity tests, e.g.
// one border's dwell).
demand::ForecastResult forecast(const Engine& engine, const ForecastRequest& req,
                                const std::function<void(network::Network&)>& edit_scenario);

nlohmann::json to_json(const demand::ForecastResult& r);
std::string render_forecast_text(const demand::ForecastResult& r);
std::string render_forecast_csv(const demand::ForecastResult& r);  // one row per class and OD
std::string render_forecast_html(const demand::ForecastResult& r);

}  // namespace corridor::api
