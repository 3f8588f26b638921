// Background demand growth (growth.csv, docs/demand.md "Background growth"): per cargo class, a
// constant annual rate over a range of years, applied to the demand matrix from its base year to
// the forecast year. Growth is the traffic that would exist without the scenario (economy and
// trade); the forecast reports it apart from diverted and generated traffic.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "corridor/core/error.h"

namespace corridor::demand {

// One row: from calendar year `from_year` to `to_year` (exclusive; each year y in
// [from_year, to_year) grows by rate_per_year, a fraction: 0.03 = 3 % a year).
struct GrowthRow {
  std::string cargo_class;
  int from_year = 0, to_year = 0;
  double rate_per_year = 0;
  std::string source;
  SourceLocation where;  // the row's class cell
};

// Columns class,from_year,to_year,rate_per_year,source (others ignored). Problems (missing
// column, bad number, to_year <= from_year, rate outside (-0.5, 0.5), a class's ranges
// overlapping, short source) are collected as file:line:column and thrown together as
// Error(invalid_dataset).
std::vector<GrowthRow> parse_growth(std::string_view text, const std::string& file);
std::vector<GrowthRow> load_growth(const std::string& path);

// Factor by which class `cls`'s demand of year `from` grows to year `to`: the product of
// (1 + rate) over the years y in [from, to) (the inverse when to < from; 1 when equal). Throws
// Error(invalid_dataset) naming the class, the year and the file when a year in between has no
// row for the class (growth is never silently zero).
double growth_factor(const std::vector<GrowthRow>& rows, std::string_view cls, int from, int to,
                     const std::string& file);

}  // namespace corridor::demand
