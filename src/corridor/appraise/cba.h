// The cost–benefit engine: pure functions of plain inputs (no files, no network).
//
// Conventions (docs/appraisal.md):
// * Prices are constant (real) USD of the capex price year; flows are per calendar year and
//   discounted to `base_year` (t = year - base_year): NPV = sum (B_t - C_t) / (1 + r)^t.
// * Forecast years are interpolated linearly; before the first forecast year volumes and costs
//   stay at its values; after the last one they stay flat (CbaParams::after_last = flat) or every
//   volume and money flow grows at the compound rate of the base tonnes between the last two
//   forecast years (= growth; unit costs held). In the first years after opening the change
//   (scenario - base) is scaled by the ramp-up shares.
// * User benefit per OD and year: rule of a half, 1/2 (GC0 - GC1)(T0 + T1) (appraisal-facts §C.3):
//   existing traffic gets the full saving, diverted and generated traffic half.
// * CO2: (base - scenario) tCO2e x shadow price (a benefit when emissions fall).
// * Accounts (docs/appraisal.md): consumer surplus = the user benefit above (generalized cost
//   includes tariffs and fees); producer surplus = operator revenue change - operator operating
//   cost change (tariffs paid by users are revenue here: a pure tariff change nets out);
//   government = change of the fees the state collects (border fees).
// * Benefits (PVB) = consumer + producer surplus + CO2 + residual value; costs to the public budget
//   (PVC) = capex + maintenance - government revenue change (maintenance is a cost, not netted
//   off benefits). NPV = PVB - PVC; BCR = PVB / PVC.
// * Residual value (final year): straight line, capex x remaining life / economic life.
// * EIRR: the rate where NPV = 0, by bisection; none when the net flows do not change sign once.
// * FYRR: net benefit of the first full year of operation / total capex (undiscounted).
// * Payback year: the first year whose cumulative discounted net flow is >= 0.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace corridor::appraise {

// ---- cash-flow arithmetic (oracles in tests/unit/appraise) -----------------------------------
// flows[t] at t = 0, 1, ...
double npv(const std::vector<double>& flows, double rate);
// a(r, n) = (1 - (1 + r)^-n) / r; n for r = 0.
double annuity_factor(double rate, int n);
// The IRR: nullopt when the flows do not change sign exactly once (no unique root).
std::optional<double> irr(const std::vector<double>& flows);
// 1/2 (gc0 - gc1)(t0 + t1): consumer surplus change on a linear demand curve.
double rule_of_half(double t0, double t1, double gc0, double gc1);

// ---- inputs ------------------------------------------------------------------------------------
// One OD (and class) of a forecast year: units per year and generalized cost per unit (USD).
struct OdFlow {
  std::string key;  // "class:origin:destination"
  double base_units = 0, scenario_units = 0;
  double base_cost = 0, scenario_cost = 0;
  double generated_units = 0;  // of scenario_units (reporting)
};

// What the appraisal needs from one forecast year (appraise::ScenarioFlows is built from
// demand::ForecastResult by the api, or synthetically by tests).
struct YearFlows {
  int year = 0;
  std::vector<OdFlow> ods;
  double base_tonnes = 0, scenario_tonnes = 0, generated_tonnes = 0;
  std::array<double, 3> base_co2_t{}, scenario_co2_t{};  // tCO2e WTW per year by mode
  double base_headline_tonnes = 0, scenario_headline_tonnes = 0;
  double operator_revenue_change = 0, operator_cost_change = 0;  // USD per year, if given
  double government_revenue_change = 0;                          // USD per year (fees to the state)
};

struct ScenarioFlows {
  std::string base, scenario, headline;
  std::vector<YearFlows> years;  // sorted by year, at least one
};

struct CapexItem {
  std::string id, name, source;
  double usd = 0;  // investment still to be spent in the appraisal (USD, price year)
  int start_year = 0, end_year = 0;  // spent evenly over [start, end]
  double life_years = 50;            // economic life (residual value)
  double maintenance_share = 0;      // of usd per year once open (after end_year)
  bool estimate = false;
};

// Shadow price of carbon, USD per tCO2e by year, linear between points, constant outside.
struct PricePath {
  std::vector<std::pair<int, double>> points;  // sorted by year
  double at(int year) const;
};

struct CbaParams {
  int base_year = 2028, from = 2028, to = 2057;  // discount to base_year; appraise [from, to]
  double discount = 0.06;
  int opening_year = 2029;           // first year of benefits
  std::vector<double> ramp_up = {};  // shares of the change in the first opening years
  double demand_factor = 1;          // scales every volume (base and scenario)
  double capex_factor = 1;           // scales capex and maintenance
  double carbon_factor = 1;          // scales the carbon price
  double benefit_factor = 1;         // scales user benefits (value-of-time style sensitivity)
  // After the last forecast year: hold volumes (flat) or continue the base tonnes' compound growth
  // rate of the last two forecast years (growth).
  enum class AfterLast { flat, growth };
  AfterLast after_last = AfterLast::flat;
};

// ---- result ------------------------------------------------------------------------------------
struct AnnualRow {
  int year = 0;
  double discount_factor = 1, ramp = 1;
  double base_tonnes = 0, scenario_tonnes = 0, generated_tonnes = 0, headline_tonnes = 0;
  double user_benefit = 0;      // consumer surplus (rule of a half on generalized cost)
  double operator_benefit = 0;  // producer surplus = operator_revenue - operator_cost
  double operator_revenue = 0, operator_cost = 0;  // changes, USD per year (ramped)
  double government = 0;                           // change of fees to the state (ramped)
  double co2_change_t = 0;                         // scenario - base, tCO2e WTW (negative = saving)
  std::array<double, 3> co2_change_by_mode{};
  double carbon_price = 0, co2_benefit = 0;
  double capex = 0, maintenance = 0, residual = 0;
  // benefits = user + operator + co2 + residual; costs = capex + maintenance - government.
  double benefits = 0, costs = 0, net = 0;
  double pv_net = 0, cumulative_pv = 0;
};

struct CbaResult {
  std::vector<AnnualRow> rows;
  double pv_benefits = 0, pv_costs = 0, npv = 0, bcr = 0;
  std::optional<double> eirr, fyrr;
  std::optional<int> payback_year;
  double total_capex = 0;
  double headline_tonnes_opening = 0, headline_tonnes_final = 0;  // scenario, per year
  double co2_change_t_total = 0;                                  // over the period
};

// Linear interpolation of the forecast years at `year` (held before the first; after the last
// held or grown, see CbaParams::after_last); volumes scaled by demand_factor. Exposed for tests.
YearFlows interpolate(const ScenarioFlows& flows, int year, double demand_factor = 1,
                      CbaParams::AfterLast after_last = CbaParams::AfterLast::flat);
// The compound annual growth factor used after the last forecast year (1 when flat, when there is
// one forecast year only, or when a base tonnage is not positive).
double growth_after_last(const ScenarioFlows& flows);

// Throws Error(usage) for inconsistent parameters (to < from, discount <= -1, no years, ...).
CbaResult appraise(const ScenarioFlows& flows, const std::vector<CapexItem>& capex,
                   const PricePath& carbon, const CbaParams& params);

}  // namespace corridor::appraise
