#include "corridor/core/table.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "corridor/core/error.h"

using namespace corridor;

TEST(Table, CsvQuotesOnlyWhatNeedsIt) {
  table::Table t({"from", "to", "flow_veh_per_h"});
  t.add({"a", "b,c", table::exact(0.1)});
  t.add({"say \"x\"", "", table::exact(2)});
  EXPECT_EQ(table::to_csv(t), "from,to,flow_veh_per_h\na,\"b,c\",0.1\n\"say \"\"x\"\"\",,2\n");
}

TEST(Table, RowsMustHaveOneCellPerColumn) {
  table::Table t({"a", "b"});
  EXPECT_THROW(t.add({"1"}), Error);
  EXPECT_TRUE(t.rows.empty());
}

TEST(Table, NumbersReadBackAndNonFiniteIsEmpty) {
  for (double v : {0.1, 1.0 / 3, 1e-300, 123456789.123, -2.5}) {
    const std::string s = table::exact(v);
    EXPECT_EQ(std::stod(s), v) << s;
  }
  EXPECT_EQ(table::exact(std::numeric_limits<double>::quiet_NaN()), "");
  EXPECT_EQ(table::exact(std::numeric_limits<double>::infinity()), "");
  EXPECT_EQ(table::fixed(2.345, 1), "2.3");
  EXPECT_EQ(table::fixed(-0.001, 2), "0.00");  // no "-0"
  EXPECT_EQ(table::fixed(-1.5, 0), "-2");
  EXPECT_EQ(table::integer(-7), "-7");
}

TEST(Table, HtmlEscapesAndMarksRows) {
  table::Table t({"name", "v"});
  t.add({"<b>", "1"});
  t.add({"x", "2"}, "over");
  EXPECT_EQ(table::to_html(t),
            "<table><tr><th>name</th><th>v</th></tr>\n<tr><td>&lt;b&gt;</td><td>1</td></tr>\n"
            "<tr class=\"over\"><td>x</td><td>2</td></tr>\n</table>\n");
}
