#include "corridor/demand/growth.h"

#include <fmt/format.h>

#include <map>

#include "corridor/core/files.h"
#include "corridor/io/csv.h"

namespace corridor::demand {

std::vector<GrowthRow> parse_growth(std::string_view text, const std::string& file) {
  std::vector<Diagnostic> problems;
  io::CsvTable t = io::parse_csv(text, file, problems);
  io::CsvRowReader r(t, problems);
  std::vector<GrowthRow> out;
  if (!t.header.empty() &&
      r.require_columns({"class", "from_year", "to_year", "rate_per_year", "source"})) {
    std::map<std::string, std::vector<std::pair<int, int>>> ranges;
    for (size_t i = 0; i < t.rows.size(); ++i) {
      r.set_row(i);
      GrowthRow g;
      g.cargo_class = r.str("class", true);
      if (const io::CsvCell* cell = r.cell("class")) g.where = {file, cell->line, cell->column};
      g.from_year = static_cast<int>(r.integer("from_year", true, 1900, 2200).value_or(0));
      g.to_year = static_cast<int>(r.integer("to_year", true, 1900, 2200).value_or(0));
      if (g.from_year && g.to_year && g.to_year <= g.from_year)
        r.problem("to_year", fmt::format("expected a year after from_year {}, found {}",
                                         g.from_year, g.to_year));
      g.rate_per_year = r.number("rate_per_year", true, -0.5, 0.5).value_or(0);
      g.source = r.str("source", true);
      if (!g.source.empty() && g.source.size() < 5)
        r.problem("source",
                  "expected a citation of at least 5 characters, found '" + g.source + "'");
      if (!g.cargo_class.empty() && g.from_year && g.to_year > g.from_year) {
        for (auto [a, b] : ranges[g.cargo_class])
          if (g.from_year < b && a < g.to_year)
            r.problem("from_year", fmt::format("years {}..{} of class '{}' overlap {}..{} of an "
                                               "earlier row",
                                               g.from_year, g.to_year, g.cargo_class, a, b));
        ranges[g.cargo_class].push_back({g.from_year, g.to_year});
      }
      out.push_back(std::move(g));
    }
  }
  if (!problems.empty())
    throw Error(Errc::invalid_dataset, "invalid growth file '" + file + "'", problems);
  return out;
}

std::vector<GrowthRow> load_growth(const std::string& path) {
  if (!files::exists(path))
    throw Error(Errc::io_error, "cannot read growth file '" + path + "': no such file");
  return parse_growth(files::read_all(path), path);
}

double growth_factor(const std::vector<GrowthRow>& rows, std::string_view cls, int from, int to,
                     const std::string& file) {
  if (to < from) return 1.0 / growth_factor(rows, cls, to, from, file);
  double f = 1;
  for (int y = from; y < to; ++y) {
    const GrowthRow* hit = nullptr;
    for (const auto& g : rows)
      if (g.cargo_class == cls && g.from_year <= y && y < g.to_year) hit = &g;
    if (!hit)
      throw Error(Errc::invalid_dataset,
                  fmt::format("{}: no growth rate for class '{}' in year {} (needed to grow its "
                              "demand from {} to {}); add a row covering it",
                              file, cls, y, from, to));
    f *= 1 + hit->rate_per_year;
  }
  return f;
}

}  // namespace corridor::demand
