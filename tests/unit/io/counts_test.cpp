// counts.csv loader: every field parsed, every error class reported at file:line:column with what
// was expected and what was found.
#include "corridor/io/counts.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "corridor/core/error.h"

using namespace corridor;

namespace {

const std::string kHeader = "count_id,links,direction,year,volume,unit,use,source\n";

// The diagnostics of a bad file as "file:line:column: message" lines ({} if it parsed).
std::vector<std::string> problems(const std::string& text) {
  try {
    io::parse_counts(text, "counts.csv");
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_dataset);
    std::vector<std::string> out;
    for (const auto& d : e.details()) out.push_back(d.to_string());
    return out;
  }
  return {};
}

}  // namespace

TEST(Counts, ParsesEveryField) {
  auto rows = io::parse_counts(kHeader +
                                   "# a comment\n"
                                   "btk-2025,btk,both,2025,430000,tonnes,calibrate,\"ADY, 2025\"\n"
                                   "pair,L1; L2,ab,2021,1.5e3,teu,check,estimate: test\n",
                               "counts.csv");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, "btk-2025");
  EXPECT_EQ(rows[0].links, std::vector<std::string>{"btk"});
  EXPECT_EQ(rows[0].direction, io::CountDirection::both);
  EXPECT_EQ(rows[0].year, 2025);
  EXPECT_DOUBLE_EQ(rows[0].volume, 430000);
  EXPECT_EQ(rows[0].unit, "tonnes");
  EXPECT_EQ(rows[0].use, io::CountUse::calibrate);
  EXPECT_EQ(rows[0].source, "ADY, 2025");
  EXPECT_EQ(rows[0].where.to_string(), "counts.csv:3:1");
  EXPECT_EQ(rows[1].links, (std::vector<std::string>{"L1", "L2"}));
  EXPECT_EQ(rows[1].links_where.to_string(), "counts.csv:4:6");
  EXPECT_EQ(rows[1].direction, io::CountDirection::ab);
  EXPECT_DOUBLE_EQ(rows[1].volume, 1500);
  EXPECT_EQ(rows[1].use, io::CountUse::check);
  EXPECT_EQ(io::to_string(rows[1].direction), "ab");
  EXPECT_EQ(io::to_string(rows[0].use), "calibrate");
}

TEST(Counts, MissingColumnIsReportedOnce) {
  auto p =
      problems("count_id,links,direction,year,volume,unit,source\nx,btk,both,2025,1,tonnes,s\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0], "counts.csv:1:1: missing required column 'use'");
}

TEST(Counts, EveryBadCellIsReportedWithItsPlace) {
  auto p = problems(kHeader +
                    "a,btk,up,2025,1,tonnes,check,source a\n"        // line 2: direction
                    "b,btk,both,1890,1,tonnes,check,source b\n"      // line 3: year
                    "c,btk,both,2025,0,tonnes,check,source c\n"      // line 4: volume 0
                    "d,btk,both,2025,-5,tonnes,check,source d\n"     // line 5: volume < 0
                    "e,btk,both,2025,1,trucks,check,source e\n"      // line 6: unit
                    "f,btk,both,2025,1,tonnes,fit,source f\n"        // line 7: use
                    "a,btk,both,2025,1,tonnes,check,source g\n"      // line 8: duplicate id
                    "h,btk,both,2025,1,tonnes,check,abc\n"           // line 9: source too short
                    "i,;,both,2025,1,tonnes,check,source i\n"        // line 10: no links
                    "j,btk,both,2025,nan,tonnes,check,source j\n");  // line 11: nan
  ASSERT_EQ(p.size(), 10u) << ::testing::PrintToString(p);
  EXPECT_EQ(p[0], "counts.csv:2:7: column 'direction': expected both, ab or ba, found 'up'");
  EXPECT_NE(p[1].find("counts.csv:3:12: column 'year': expected an integer in [1990, 2100]"),
            std::string::npos)
      << p[1];
  EXPECT_EQ(p[2], "counts.csv:4:17: column 'volume': expected a volume > 0 per year, found '0'");
  EXPECT_EQ(p[3].rfind("counts.csv:5:17: column 'volume':", 0), 0u) << p[3];
  EXPECT_EQ(p[4], "counts.csv:6:19: column 'unit': expected tonnes or teu, found 'trucks'");
  EXPECT_EQ(p[5], "counts.csv:7:26: column 'use': expected calibrate or check, found 'fit'");
  EXPECT_EQ(p[6], "counts.csv:8:1: column 'count_id': expected a unique id, found 'a' again");
  EXPECT_EQ(
      p[7],
      "counts.csv:9:32: column 'source': expected a citation or 'estimate: why', found 'abc'");
  EXPECT_EQ(p[8].rfind("counts.csv:10:3: column 'links': expected a section id or link ids", 0), 0u)
      << p[8];
  EXPECT_EQ(p[9].rfind("counts.csv:11:17: column 'volume':", 0), 0u) << p[9];
}

TEST(Counts, EmptyCellsOfRequiredColumnsAreProblems) {
  auto p = problems(kHeader + ",,,,,,,\n");
  EXPECT_EQ(p.size(), 8u) << ::testing::PrintToString(p);
  for (const auto& s : p) EXPECT_EQ(s.rfind("counts.csv:2:", 0), 0u) << s;
}

TEST(Counts, AFileWithNoRowsIsAProblem) {
  auto p = problems(kHeader);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0], "counts.csv:1:1: expected at least one count, found none");
}

TEST(Counts, MissingFileIsAnError) {
  try {
    io::load_counts("/nonexistent/counts.csv");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_dataset);
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos);
  }
}

TEST(Counts, LoadsFromDisk) {
  auto path = std::filesystem::path(::testing::TempDir()) / "counts_test.csv";
  std::ofstream(path) << kHeader << "x,L1,ba,2024,10,teu,check,estimate: disk\n";
  auto rows = io::load_counts(path.string());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].direction, io::CountDirection::ba);
  EXPECT_EQ(rows[0].where.file, path.string());
}
