// A strict RFC 4180 CSV reader that remembers where every cell came from (file, line, column),
// so every validation message can point at the offending cell.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corridor/core/error.h"

namespace corridor::io {

struct CsvCell {
  std::string value;  // unquoted, trimmed of surrounding blanks
  int line = 0;       // 1-based
  int column = 0;     // 1-based byte column of the cell's first character
};

struct CsvTable {
  std::string file;
  std::vector<CsvCell> header;
  std::vector<std::vector<CsvCell>> rows;  // each row has exactly header.size() cells

  // Index of a header column, or -1.
  int find(std::string_view name) const;
};

// Parses `text` (BOM, CRLF, quotes, '#' comment lines, blank lines). Structural problems
// (unterminated quote, wrong number of cells, empty file, duplicate header) are appended to
// `problems`; rows with the wrong width are dropped.
CsvTable parse_csv(std::string_view text, const std::string& file,
                   std::vector<Diagnostic>& problems);

// Typed access to one table with problem collection; used by every CSV loader.
class CsvRowReader {
 public:
  CsvRowReader(const CsvTable& table, std::vector<Diagnostic>& problems)
      : t_(table), problems_(problems) {}
  // Reports a missing required column once; returns false if any is missing.
  bool require_columns(const std::vector<std::string_view>& names);
  void set_row(size_t r) { row_ = r; }
  const CsvCell* cell(std::string_view column) const;
  // Strings: required ones report "expected a value, found empty".
  std::string str(std::string_view column, bool required);
  std::optional<double> number(std::string_view column, bool required, double min,
                               double max = 1e300);
  std::optional<long long> integer(std::string_view column, bool required, long long min,
                                   long long max);
  std::optional<bool> boolean(std::string_view column, bool required);
  // Reports a problem at a cell: "column 'name': <message>".
  void problem(std::string_view column, const std::string& message);
  void problem_at(const CsvCell& cell, std::string_view column, const std::string& message);

 private:
  const CsvTable& t_;
  std::vector<Diagnostic>& problems_;
  size_t row_ = 0;
};

}  // namespace corridor::io
