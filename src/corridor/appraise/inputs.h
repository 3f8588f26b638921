// Appraisal input files of a dataset (data/<dataset>/appraisal/, docs/appraisal.md): capital
// costs (capex.csv) and the shadow price of carbon (carbon-price.csv). Every problem is an
// Error(invalid_input) with file:line:column.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corridor/appraise/cba.h"

namespace corridor::appraise {

std::vector<CapexItem> load_capex(const std::string& path);
std::vector<CapexItem> parse_capex(std::string_view text, const std::string& name);

// path: "low", "central" or "high" (a column of the file).
PricePath load_carbon_price(const std::string& path, const std::string& which = "central");
PricePath parse_carbon_price(std::string_view text, const std::string& name,
                             const std::string& which = "central");

// Operating costs of the carriers by mode (operating-costs.csv): a cost per vehicle-km (train-km,
// truck-km, vessel-km) or per tonne-km with the net tonnes per vehicle, so usd_per_tkm = usd /
// net_tonnes (per tonne-km rows: net_tonnes 1). Index by network::Mode (rail, road, ferry); a mode
// without a row has no operating cost (its revenue is all producer surplus).
struct OperatingCost {
  std::string mode, basis, source;
  double usd = 0, net_tonnes = 1, usd_per_tkm = 0;
  bool estimate = false;
};
struct OperatingCosts {
  std::array<std::optional<OperatingCost>, 3> by_mode;  // rail, road, ferry
  double usd_per_tkm(size_t mode) const { return by_mode[mode] ? by_mode[mode]->usd_per_tkm : 0; }
};
OperatingCosts load_operating_costs(const std::string& path);
OperatingCosts parse_operating_costs(std::string_view text, const std::string& name);

// One link's flows and prices in a run: what the operator and government accounts need.
struct LinkMoney {
  size_t mode = 0;             // network::Mode as index
  bool border = false;         // fees of a border link go to the state
  double tonnes = 0, tkm = 0;  // per year
  double fee_per_t = 0;        // USD per tonne per passage
  double tariff_per_tkm = 0;   // USD per tonne-km
};
struct Accounts {
  double operator_revenue = 0, operator_cost = 0, government = 0;  // USD per year
};
// Operator revenue = line fees x tonnes + tariff x tonne-km; operator cost = operating cost per
// tonne-km of the mode x tonne-km; government = border fees x tonnes.
Accounts accounts(const std::vector<LinkMoney>& links, const OperatingCosts& costs);

}  // namespace corridor::appraise
