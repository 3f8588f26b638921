// Human-readable renderings of api JSON results (what the CLI prints by default) and CSV.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace corridor::api {

// "1,234.5"-style numbers.
std::string fmt_number(double v, int decimals);

// A route (as returned by api::route) as a table of legs and totals; with "routes" (alternatives
// or Pareto) every route is printed in turn.
std::string render_route_text(const nlohmann::json& route);
// A compare result as the side-by-side table with deltas.
std::string render_compare_text(const nlohmann::json& cmp);
std::string render_compare_csv(const nlohmann::json& cmp);
// A table result as CSV: from,to,cost,hours,usd,km
std::string render_table_csv(const nlohmann::json& table);
// A one-line header: "Corridor 0.1 · data: caucasus (54 nodes, 131 links, 19 border links)".
std::string render_banner(const nlohmann::json& dataset_info, const std::string& scenario,
                          const std::string& profile, double value_of_time);

}  // namespace corridor::api
