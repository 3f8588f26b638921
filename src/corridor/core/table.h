// A tidy table: one row per observation, one column per variable, the unit in the column name
// (`flow_veh_per_h`, `time_min`, `length_km`, `cost_usd`). The one place rows become CSV (RFC
// 4180) or an HTML <table>, so the writers of the modules (assign/output, sim/render, api) only
// say which columns and rows they have.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace corridor::table {

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // cells as text, one per column
  std::vector<std::string> row_class;          // HTML class per row ("" = none); may be empty

  explicit Table(std::vector<std::string> cols) : columns(std::move(cols)) {}
  // Appends a row; throws Error(internal) unless it has one cell per column.
  void add(std::vector<std::string> cells, std::string html_class = {});
};

// Header line and one line per row; a cell is quoted only when it holds ',', '"', CR or LF.
std::string to_csv(const Table& t);
// <table> with a header row; cells HTML-escaped.
std::string to_html(const Table& t);

// Cells. A non-finite number is an empty cell (no value), never "nan" or "inf".
std::string exact(double v);                // shortest text that reads back the same double
std::string fixed(double v, int decimals);  // fixed decimals, without "-0"
std::string integer(long long v);

}  // namespace corridor::table
