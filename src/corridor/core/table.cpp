#include "corridor/core/table.h"

#include <fmt/format.h>

#include <cmath>

#include "corridor/core/error.h"
#include "corridor/core/text.h"

namespace corridor::table {

void Table::add(std::vector<std::string> cells, std::string html_class) {
  if (cells.size() != columns.size())
    throw Error(Errc::internal,
                fmt::format("table row of {} cells for {} columns", cells.size(), columns.size()));
  if (!html_class.empty() && row_class.size() < rows.size()) row_class.resize(rows.size());
  if (!html_class.empty() || !row_class.empty()) row_class.push_back(std::move(html_class));
  rows.push_back(std::move(cells));
}

namespace {
void csv_line(const std::vector<std::string>& cells, std::string& out) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    out += text::csv_quote(cells[i]);
  }
  out += '\n';
}
}  // namespace

std::string to_csv(const Table& t) {
  std::string out;
  csv_line(t.columns, out);
  for (const auto& r : t.rows) csv_line(r, out);
  return out;
}

std::string to_html(const Table& t) {
  std::string out = "<table><tr>";
  for (const auto& c : t.columns) out += "<th>" + text::html_escape(c) + "</th>";
  out += "</tr>\n";
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const std::string cls = i < t.row_class.size() ? t.row_class[i] : std::string();
    out += cls.empty() ? "<tr>" : "<tr class=\"" + text::html_escape(cls) + "\">";
    for (const auto& c : t.rows[i]) out += "<td>" + text::html_escape(c) + "</td>";
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

std::string exact(double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string(); }

std::string fixed(double v, int decimals) {
  if (!std::isfinite(v)) return {};
  std::string s = fmt::format("{:.{}f}", v, decimals);
  if (s.find_first_not_of("-0.") == std::string::npos && s[0] == '-') s.erase(0, 1);
  return s;
}

std::string integer(long long v) { return std::to_string(v); }

}  // namespace corridor::table
