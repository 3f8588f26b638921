// Appraisal input files of a dataset (data/<dataset>/appraisal/, docs/appraisal.md): capital
// costs (capex.csv) and the shadow price of carbon (carbon-price.csv). Every problem is an
// Error(invalid_input) with file:line:column.
#pragma once
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

}  // namespace corridor::appraise
