// Observed volumes (counts.csv): published annual freight volumes on a section or a set of links,
// to compare with the base-year assignment (api/counts.h). Columns (docs/file-formats.md):
//   count_id,links,direction,year,volume,unit,use,source
// `links` is a section id of sections.csv or link ids separated by ';' (resolved by the caller,
// which knows the network); `direction` is both, ab (each link's from -> to) or ba; `use` is
// calibrate (the demand file is fitted to it) or check (shown, not fitted). Every problem is
// reported as file:line:column with what was expected and what was found; a file with any
// problem throws Error(invalid_dataset) carrying them all.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "corridor/core/error.h"

namespace corridor::io {

enum class CountDirection { both, ab, ba };
enum class CountUse { calibrate, check };

struct CountRow {
  std::string id;
  std::vector<std::string> links;  // as written: one section id, or link ids
  CountDirection direction = CountDirection::both;
  int year = 0;
  double volume = 0;  // per year, in `unit`
  std::string unit;   // "tonnes" or "teu"
  CountUse use = CountUse::check;
  std::string source;
  SourceLocation where;        // the row's count_id cell
  SourceLocation links_where;  // the links cell (for "unknown link or section" errors)
};

std::string_view to_string(CountDirection d);
std::string_view to_string(CountUse u);

// Parses counts text (`file` names it in messages). Throws Error(invalid_dataset) listing every
// problem: missing columns, empty or bad cells, unknown direction/unit/use, a year outside
// 1990..2100, a volume <= 0, a duplicate count_id, a source shorter than 5 characters.
std::vector<CountRow> parse_counts(std::string_view text, const std::string& file);
// Reads and parses a file on disk.
std::vector<CountRow> load_counts(const std::string& path);

}  // namespace corridor::io
