#include "corridor/io/counts.h"

#include <set>

#include "corridor/core/files.h"
#include "corridor/core/text.h"
#include "corridor/io/csv.h"
#include "corridor/io/dataset.h"

namespace corridor::io {

std::string_view to_string(CountDirection d) {
  switch (d) {
    case CountDirection::ab:
      return "ab";
    case CountDirection::ba:
      return "ba";
    default:
      return "both";
  }
}

std::string_view to_string(CountUse u) { return u == CountUse::calibrate ? "calibrate" : "check"; }

std::vector<CountRow> parse_counts(std::string_view text, const std::string& file) {
  std::vector<Diagnostic> problems;
  CsvTable t = parse_csv(text, file, problems);
  std::vector<CountRow> out;
  CsvRowReader r(t, problems);
  if (!t.header.empty() && r.require_columns({"count_id", "links", "direction", "year", "volume",
                                              "unit", "use", "source"})) {
    std::set<std::string> ids;
    for (size_t i = 0; i < t.rows.size(); ++i) {
      r.set_row(i);
      CountRow c;
      c.id = r.str("count_id", true);
      if (!c.id.empty() && !ids.insert(c.id).second)
        r.problem("count_id", "expected a unique id, found '" + c.id + "' again");
      if (const CsvCell* cell = r.cell("count_id")) c.where = {file, cell->line, cell->column};
      const std::string links = r.str("links", true);
      c.links = text::split(links, ';');
      if (const CsvCell* cell = r.cell("links")) c.links_where = {file, cell->line, cell->column};
      if (!links.empty() && c.links.empty())
        r.problem("links",
                  "expected a section id or link ids separated by ';', found '" + links + "'");
      const std::string dir = r.str("direction", true);
      if (dir == "both") {
        c.direction = CountDirection::both;
      } else if (dir == "ab") {
        c.direction = CountDirection::ab;
      } else if (dir == "ba") {
        c.direction = CountDirection::ba;
      } else if (!dir.empty()) {
        r.problem("direction", "expected both, ab or ba, found '" + dir + "'");
      }
      c.year = static_cast<int>(r.integer("year", true, 1990, 2100).value_or(0));
      auto v = r.number("volume", true, 0);
      if (v && !(*v > 0)) r.problem("volume", "expected a volume > 0 per year, found '0'");
      c.volume = v.value_or(0);
      c.unit = r.str("unit", true);
      if (!c.unit.empty() && c.unit != "tonnes" && c.unit != "teu")
        r.problem("unit", "expected tonnes or teu, found '" + c.unit + "'");
      const std::string use = r.str("use", true);
      if (use == "calibrate") {
        c.use = CountUse::calibrate;
      } else if (use == "check") {
        c.use = CountUse::check;
      } else if (!use.empty()) {
        r.problem("use", "expected calibrate or check, found '" + use + "'");
      }
      c.source = r.str("source", true);
      if (!c.source.empty() && c.source.size() < 5)
        r.problem("source", "expected a citation or 'estimate: why', found '" + c.source + "'");
      out.push_back(std::move(c));
    }
    if (t.rows.empty())
      problems.push_back({{file, 1, 1}, "expected at least one count, found none"});
  }
  if (!problems.empty()) {
    size_t n = problems.size();
    if (problems.size() > kMaxProblems) problems.resize(kMaxProblems);
    throw Error(Errc::invalid_dataset,
                "invalid counts file '" + file + "': " + std::to_string(n) +
                    (n == 1 ? " problem" : " problems"),
                std::move(problems));
  }
  return out;
}

std::vector<CountRow> load_counts(const std::string& path) {
  if (!files::exists(path))
    throw Error(Errc::invalid_dataset, "counts file '" + path + "' does not exist",
                {{{path, 0, 0}, "file not found"}});
  return parse_counts(files::read_all(path), path);
}

}  // namespace corridor::io
