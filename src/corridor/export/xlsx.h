// Excel workbooks (libxlsxwriter): sheets of typed tables. Numbers are written as numbers
// (never as text), each column's unit goes into its header ("hours [h]"), and every workbook
// ends with an "Assumptions" sheet of what the figures rest on (name, value, source).
//
// To give a command an --xlsx FILE: build a Workbook from its typed result (see tables.h for
// compare and assign) and call write_xlsx(); a new table is a Sheet with typed Columns.
#pragma once
#include <string>
#include <variant>
#include <vector>

namespace corridor::exporter {

enum class ColumnKind { text, number, integer };

struct Column {
  std::string name;  // e.g. "hours"
  std::string unit;  // e.g. "h", "USD/TEU"; "" = none (the header is then just the name)
  ColumnKind kind = ColumnKind::number;
  int decimals = 2;  // display format only; the cell holds the unrounded value
  std::string header() const { return unit.empty() ? name : name + " [" + unit + "]"; }
};

// std::monostate = an empty cell (e.g. no route).
using Cell = std::variant<std::monostate, double, std::string>;

struct Sheet {
  std::string name;  // <= 31 characters, no []:*?/\ (Excel's rules; checked)
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;  // each row has columns.size() cells
};

struct Assumption {
  std::string name, value, source;
};

struct Workbook {
  std::vector<Sheet> sheets;
  std::vector<Assumption> assumptions;  // the last sheet, "Assumptions"
};

// Writes atomically (a temporary file next to `path`, then a rename); the document's creation
// time is fixed so the same workbook gives the same bytes. Throws Error(usage) for a bad sheet
// (name, a row of the wrong width, text in a number column) and Error(io_error) when the file
// cannot be written.
void write_xlsx(const std::string& path, const Workbook& book);

}  // namespace corridor::exporter
