// Workbook writer over libxlsxwriter.
#include "corridor/export/xlsx.h"

#include <xlsxwriter.h>

#include <filesystem>
#include <map>
#include <set>

#include "corridor/core/error.h"

namespace corridor::exporter {

namespace {

void check_sheet(const Sheet& s, std::set<std::string>& names) {
  if (s.name.empty() || s.name.size() > 31 || s.name.find_first_of("[]:*?/\\") != std::string::npos)
    throw Error(Errc::usage,
                "xlsx: bad sheet name '" + s.name + "' (1-31 characters, none of []:*?/\\)");
  if (s.name == "Assumptions" || !names.insert(s.name).second)
    throw Error(Errc::usage, "xlsx: two sheets named '" + s.name + "'");
  for (size_t r = 0; r < s.rows.size(); ++r) {
    if (s.rows[r].size() != s.columns.size())
      throw Error(Errc::usage, "xlsx: sheet '" + s.name + "' row " + std::to_string(r + 1) +
                                   " has " + std::to_string(s.rows[r].size()) +
                                   " cells, expected " + std::to_string(s.columns.size()));
    for (size_t c = 0; c < s.columns.size(); ++c) {
      const bool text = std::holds_alternative<std::string>(s.rows[r][c]);
      if (text != (s.columns[c].kind == ColumnKind::text) &&
          !std::holds_alternative<std::monostate>(s.rows[r][c]))
        throw Error(Errc::usage, "xlsx: sheet '" + s.name + "' row " + std::to_string(r + 1) +
                                     " column '" + s.columns[c].name + "': expected " +
                                     (text ? "a number" : "text"));
    }
  }
}

std::string number_format(const Column& c) {
  if (c.kind == ColumnKind::integer || c.decimals <= 0) return "#,##0";
  return "#,##0." + std::string(static_cast<size_t>(c.decimals), '0');
}

}  // namespace

void write_xlsx(const std::string& path, const Workbook& book) {
  std::set<std::string> names;
  for (const Sheet& s : book.sheets) check_sheet(s, names);
  const auto target = std::filesystem::path(path);
  std::error_code ec;
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ec);
  const std::string tmp = path + ".tmp.xlsx";
  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(tmp.c_str(), &options);
  if (!wb) throw Error(Errc::io_error, "cannot create " + path);
  lxw_doc_properties props{};
  props.title = const_cast<char*>("Corridor results");
  props.author = const_cast<char*>("Corridor");
  props.created = 946684800;  // 2000-01-01: a fixed date, so the same workbook gives the same bytes
  workbook_set_properties(wb, &props);
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_text_wrap(bold);
  std::map<std::string, lxw_format*> formats;
  auto number_fmt = [&](const Column& c) {
    const std::string f = number_format(c);
    auto it = formats.find(f);
    if (it == formats.end()) {
      lxw_format* x = workbook_add_format(wb);
      format_set_num_format(x, f.c_str());
      it = formats.emplace(f, x).first;
    }
    return it->second;
  };
  auto add_table = [&](const std::string& name, const std::vector<Column>& cols,
                       const std::vector<std::vector<Cell>>& rows) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
    for (size_t c = 0; c < cols.size(); ++c) {
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), cols[c].header().c_str(), bold);
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           cols[c].kind == ColumnKind::text ? 22 : 14, nullptr);
    }
    for (size_t r = 0; r < rows.size(); ++r)
      for (size_t c = 0; c < cols.size(); ++c) {
        const auto row = static_cast<lxw_row_t>(r + 1);
        const auto col = static_cast<lxw_col_t>(c);
        if (const double* d = std::get_if<double>(&rows[r][c]))
          worksheet_write_number(ws, row, col, *d, number_fmt(cols[c]));
        else if (const std::string* s = std::get_if<std::string>(&rows[r][c]))
          worksheet_write_string(ws, row, col, s->c_str(), nullptr);
      }
    worksheet_freeze_panes(ws, 1, 0);
  };
  for (const Sheet& s : book.sheets) add_table(s.name, s.columns, s.rows);
  std::vector<std::vector<Cell>> rows;
  for (const auto& a : book.assumptions) rows.push_back({a.name, a.value, a.source});
  add_table("Assumptions",
            {{"assumption", "", ColumnKind::text},
             {"value", "", ColumnKind::text},
             {"source", "", ColumnKind::text}},
            rows);
  const lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) {
    std::filesystem::remove(tmp, ec);
    throw Error(Errc::io_error, "cannot write " + path + ": " + lxw_strerror(err));
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw Error(Errc::io_error, "cannot write " + path + ": " + ec.message());
  }
}

}  // namespace corridor::exporter
