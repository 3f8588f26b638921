#include "corridor/demand/classes.h"

#include <set>

#include "corridor/core/files.h"
#include "corridor/io/csv.h"

namespace corridor::demand {

std::vector<CargoClass> parse_classes(std::string_view text, const std::string& file) {
  std::vector<Diagnostic> problems;
  io::CsvTable t = io::parse_csv(text, file, problems);
  io::CsvRowReader r(t, problems);
  std::vector<CargoClass> out;
  std::set<std::string> seen;
  if (!t.header.empty() &&
      r.require_columns({"class", "unit", "tonnes_per_unit", "value_of_time", "reliability_ratio",
                         "modes", "profile", "capacity_tonnes_per_unit", "cost_scale", "nest_scale",
                         "elasticity", "source"})) {
    for (size_t i = 0; i < t.rows.size(); ++i) {
      r.set_row(i);
      CargoClass c;
      c.name = r.str("class", true);
      if (const io::CsvCell* cell = r.cell("class")) c.where = {file, cell->line, cell->column};
      if (!c.name.empty() && !seen.insert(c.name).second)
        r.problem("class", "duplicate class '" + c.name + "'");
      c.unit = r.str("unit", true);
      if (!c.unit.empty() && c.unit != "teu" && c.unit != "tonnes")
        r.problem("unit", "expected teu or tonnes, found '" + c.unit + "'");
      c.tonnes_per_unit = r.number("tonnes_per_unit", true, 1e-9).value_or(1);
      c.value_of_time = r.number("value_of_time", true, 0).value_or(0);
      c.reliability_ratio = r.number("reliability_ratio", true, 0, 100).value_or(0);
      std::string modes = r.str("modes", true);
      c.modes = 0;
      size_t start = 0;
      while (!modes.empty() && start <= modes.size()) {
        size_t end = modes.find(';', start);
        if (end == std::string::npos) end = modes.size();
        std::string m = modes.substr(start, end - start);
        auto mode = network::parse_mode(m);
        if (!mode)
          r.problem("modes", "expected rail, road or ferry separated by ';', found '" + m + "'");
        else
          c.modes |= network::mode_bit(*mode);
        start = end + 1;
      }
      c.profile = r.str("profile", true);
      c.capacity_tonnes_per_unit = r.number("capacity_tonnes_per_unit", true, 1e-9).value_or(1);
      c.cost_scale = r.number("cost_scale", true, 1e-9).value_or(1);
      if (auto v = r.number("nest_scale", true, 1e-9)) {
        if (*v > 1)
          r.problem("nest_scale",
                    "expected a value in (0, 1] (nested logit consistent with "
                    "random utility), found " +
                        std::to_string(*v));
        c.nest_scale = *v;
      }
      if (auto v = r.number("elasticity", true, -10)) {
        if (*v > 0)
          r.problem("elasticity", "expected a value <= 0 (demand falls when cost rises), found " +
                                      std::to_string(*v));
        c.elasticity = *v;
      }
      const char* asc_columns[3] = {"asc_rail", "asc_road", "asc_ferry"};
      for (int m = 0; m < 3; ++m)
        if (t.find(asc_columns[m]) >= 0)
          c.mode_asc[m] = r.number(asc_columns[m], false, -50, 50).value_or(0);
      if (t.find("terminal") >= 0) {
        const std::string term = r.str("terminal", false);
        if (term == "container")
          c.needs_container_terminal = true;
        else if (!term.empty())
          r.problem("terminal", "expected 'container' or empty, found '" + term + "'");
      }
      c.source = r.str("source", true);
      if (!c.source.empty() && c.source.size() < 5)
        r.problem("source",
                  "expected a citation of at least 5 characters, found '" + c.source + "'");
      out.push_back(std::move(c));
    }
  }
  if (!problems.empty())
    throw Error(Errc::invalid_dataset, "invalid classes file '" + file + "'", problems);
  if (out.empty())
    throw Error(Errc::invalid_dataset,
                file + ":1:1: expected at least one cargo class, found none");
  return out;
}

std::vector<CargoClass> load_classes(const std::string& path) {
  if (!files::exists(path))
    throw Error(Errc::io_error, "cannot read classes file '" + path + "': no such file");
  return parse_classes(files::read_all(path), path);
}

std::vector<TerminalRow> parse_terminals(std::string_view text, const std::string& file) {
  std::vector<Diagnostic> problems;
  std::vector<TerminalRow> out;
  io::CsvTable t = io::parse_csv(text, file, problems);
  io::CsvRowReader r(t, problems);
  std::set<std::string> seen;
  if (!t.header.empty() && r.require_columns({"node_id", "container", "source"})) {
    for (size_t i = 0; i < t.rows.size(); ++i) {
      r.set_row(i);
      TerminalRow row;
      row.node_id = r.str("node_id", true);
      if (const io::CsvCell* cell = r.cell("node_id")) row.where = {file, cell->line, cell->column};
      const std::string v = r.str("container", true);
      if (v == "yes")
        row.container = true;
      else if (v != "no")
        r.problem("container", "expected yes or no, found '" + v + "'");
      const std::string src = r.str("source", true);
      if (src.size() < 5)
        r.problem("source", "expected a citation of at least 5 characters, found '" + src + "'");
      if (!row.node_id.empty() && !seen.insert(row.node_id).second)
        r.problem("node_id", "expected each node once, found '" + row.node_id + "' again");
      out.push_back(std::move(row));
    }
  }
  if (!problems.empty())
    throw Error(Errc::invalid_dataset, "invalid terminals file '" + file + "'", problems);
  return out;
}

std::vector<TerminalRow> load_terminals(const std::string& path) {
  if (!files::exists(path))
    throw Error(Errc::io_error, "cannot read terminals file '" + path + "': no such file");
  return parse_terminals(files::read_all(path), path);
}

const CargoClass* find_class(const std::vector<CargoClass>& classes, std::string_view name) {
  for (const auto& c : classes)
    if (c.name == name) return &c;
  return nullptr;
}

std::string default_class_for_unit(std::string_view unit) {
  return unit == "teu" ? "container" : "general";
}

}  // namespace corridor::demand
