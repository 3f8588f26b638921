#include "corridor/io/csv.h"

#include <cstdio>
#include <set>

#include "corridor/core/text.h"

namespace corridor::io {

int CsvTable::find(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i].value == name) return static_cast<int>(i);
  return -1;
}

namespace {

std::string fmt_num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string quote_found(std::string_view v) {
  if (v.size() > 60) return "'" + std::string(v.substr(0, 57)) + "...'";
  return "'" + std::string(v) + "'";
}

}  // namespace

CsvTable parse_csv(std::string_view text, const std::string& file,
                   std::vector<Diagnostic>& problems) {
  CsvTable t;
  t.file = file;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t i = 0;
  size_t line_start = 0;  // offset of the current physical line
  int line = 1;
  bool have_header = false;
  auto col = [&](size_t pos) { return static_cast<int>(pos - line_start) + 1; };
  while (i < text.size()) {
    int record_line = line;
    size_t eol = text.find('\n', i);
    std::string_view raw =
        text.substr(i, eol == std::string_view::npos ? text.size() - i : eol - i);
    if (text::trim(raw).empty() || raw.front() == '#') {  // blank or comment line
      i = eol == std::string_view::npos ? text.size() : eol + 1;
      ++line;
      line_start = i;
      continue;
    }
    std::vector<CsvCell> cells;
    bool bad = false;
    for (;;) {
      CsvCell cell;
      while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
      cell.line = line;
      cell.column = col(i);
      if (i < text.size() && text[i] == '"') {
        ++i;
        bool closed = false;
        while (i < text.size()) {
          char c = text[i];
          if (c == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              cell.value.push_back('"');
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (c == '\n') {
            ++line;
            line_start = i + 1;
          }
          if (c != '\r') cell.value.push_back(c);
          ++i;
        }
        if (!closed) {
          problems.push_back(
              {{file, cell.line, cell.column},
               "unterminated quoted field: expected a closing '\"', found end of file"});
          bad = true;
          break;
        }
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r')) ++i;
        if (i < text.size() && text[i] != ',' && text[i] != '\n') {
          problems.push_back(
              {{file, line, col(i)},
               std::string("expected ',' or end of line after a quoted field, found '") + text[i] +
                   "'"});
          bad = true;
          while (i < text.size() && text[i] != ',' && text[i] != '\n') ++i;
        }
      } else {
        size_t s = i;
        while (i < text.size() && text[i] != ',' && text[i] != '\n') ++i;
        cell.value = std::string(text::trim(text.substr(s, i - s)));
      }
      cells.push_back(std::move(cell));
      if (i < text.size() && text[i] == ',') {
        ++i;
        continue;
      }
      if (i < text.size() && text[i] == '\n') {
        ++i;
        ++line;
        line_start = i;
      }
      break;
    }
    if (bad) continue;
    if (!have_header) {
      have_header = true;
      std::set<std::string> seen;
      for (auto& c : cells) {
        if (!seen.insert(c.value).second)
          problems.push_back(
              {{file, c.line, c.column}, "duplicate column name " + quote_found(c.value)});
      }
      t.header = std::move(cells);
      continue;
    }
    if (cells.size() != t.header.size()) {
      problems.push_back({{file, record_line, 1},
                          "expected " + std::to_string(t.header.size()) +
                              " fields (as in the header), found " + std::to_string(cells.size())});
      continue;
    }
    t.rows.push_back(std::move(cells));
  }
  if (!have_header) problems.push_back({{file, 1, 1}, "empty file: expected a header line"});
  return t;
}

bool CsvRowReader::require_columns(const std::vector<std::string_view>& names) {
  bool ok = true;
  for (auto n : names) {
    if (t_.find(n) < 0) {
      problems_.push_back({{t_.file, 1, 1}, "missing required column '" + std::string(n) + "'"});
      ok = false;
    }
  }
  return ok;
}

const CsvCell* CsvRowReader::cell(std::string_view column) const {
  int c = t_.find(column);
  if (c < 0) return nullptr;
  return &t_.rows[row_][static_cast<size_t>(c)];
}

void CsvRowReader::problem_at(const CsvCell& c, std::string_view column, const std::string& msg) {
  problems_.push_back(
      {{t_.file, c.line, c.column}, "column '" + std::string(column) + "': " + msg});
}

void CsvRowReader::problem(std::string_view column, const std::string& msg) {
  if (const CsvCell* c = cell(column)) {
    problem_at(*c, column, msg);
  } else {
    int line = t_.rows.empty() ? 1 : t_.rows[row_].front().line;
    problems_.push_back({{t_.file, line, 1}, "column '" + std::string(column) + "': " + msg});
  }
}

std::string CsvRowReader::str(std::string_view column, bool required) {
  const CsvCell* c = cell(column);
  if (!c || c->value.empty()) {
    if (required && c) problem_at(*c, column, "expected a value, found an empty cell");
    return {};
  }
  return c->value;
}

std::optional<double> CsvRowReader::number(std::string_view column, bool required, double min,
                                           double max) {
  const CsvCell* c = cell(column);
  if (!c || c->value.empty()) {
    if (required && c) problem_at(*c, column, "expected a number, found an empty cell");
    return std::nullopt;
  }
  auto v = text::parse_double(c->value);
  if (!v) {
    problem_at(*c, column, "expected a finite number, found " + quote_found(c->value));
    return std::nullopt;
  }
  if (*v < min || *v > max) {
    std::string range = max >= 1e300 ? "a number >= " + fmt_num(min)
                                     : "a number in [" + fmt_num(min) + ", " + fmt_num(max) + "]";
    problem_at(*c, column, "expected " + range + ", found " + quote_found(c->value));
    return std::nullopt;
  }
  return v;
}

std::optional<long long> CsvRowReader::integer(std::string_view column, bool required,
                                               long long min, long long max) {
  const CsvCell* c = cell(column);
  if (!c || c->value.empty()) {
    if (required && c) problem_at(*c, column, "expected an integer, found an empty cell");
    return std::nullopt;
  }
  auto v = text::parse_int(c->value);
  if (!v || *v < min || *v > max) {
    problem_at(*c, column,
               "expected an integer in [" + std::to_string(min) + ", " + std::to_string(max) +
                   "], found " + quote_found(c->value));
    return std::nullopt;
  }
  return v;
}

std::optional<bool> CsvRowReader::boolean(std::string_view column, bool required) {
  const CsvCell* c = cell(column);
  if (!c || c->value.empty()) {
    if (required && c)
      problem_at(*c, column, "expected 1/0/true/false/yes/no, found an empty cell");
    return std::nullopt;
  }
  auto v = text::parse_bool(c->value);
  if (!v) problem_at(*c, column, "expected 1/0/true/false/yes/no, found " + quote_found(c->value));
  return v;
}

}  // namespace corridor::io
