#include "corridor/core/text.h"

#include <gtest/gtest.h>

#include "corridor/core/error.h"
#include "corridor/core/files.h"

using namespace corridor;

TEST(Text, FoldRemovesCaseDiacriticsAndPunctuation) {
  EXPECT_EQ(text::fold("Naxçıvan"), "naxcivan");
  EXPECT_EQ(text::fold("NAXÇIVAN"), "naxcivan");
  EXPECT_EQ(text::fold("Böyük Kəsik"), "boyukkesik");
  EXPECT_EQ(text::fold("Iğdır"), "igdir");
  EXPECT_EQ(text::fold("Gəncə"), "gence");
  EXPECT_EQ(text::fold("Şərur"), "serur");
  EXPECT_EQ(text::fold("Doğu Kapı"), "dogukapi");
  EXPECT_EQ(text::fold("Kars–Iğdır"), "karsigdir");  // en dash dropped
  EXPECT_EQ(text::fold("Tbilisi"), text::fold("tbilisi"));
}

TEST(Text, FoldKeepsNonLatinScripts) {
  EXPECT_EQ(text::fold("თბილისი"), "თბილისი");
  EXPECT_EQ(text::fold("Ереван"), "Ереван");
}

TEST(Text, EditDistance) {
  EXPECT_EQ(text::edit_distance("kars", "kars"), 0u);
  EXPECT_EQ(text::edit_distance("nakhchivan", "nakhchevan"), 1u);
  EXPECT_EQ(text::edit_distance("", "abc"), 3u);
  EXPECT_EQ(text::edit_distance("baku", "batumi"), 3u);
}

TEST(Text, StrictNumbers) {
  EXPECT_EQ(*text::parse_double("12.5"), 12.5);
  EXPECT_EQ(*text::parse_double(" -3 "), -3);
  EXPECT_EQ(*text::parse_double("1e3"), 1000);
  EXPECT_FALSE(text::parse_double("12km"));
  EXPECT_FALSE(text::parse_double("nan"));
  EXPECT_FALSE(text::parse_double("inf"));
  EXPECT_FALSE(text::parse_double(""));
  EXPECT_EQ(*text::parse_int("2026"), 2026);
  EXPECT_FALSE(text::parse_int("20.5"));
  EXPECT_EQ(*text::parse_bool("TRUE"), true);
  EXPECT_EQ(*text::parse_bool("0"), false);
  EXPECT_FALSE(text::parse_bool("maybe"));
}

TEST(Text, Split) {
  EXPECT_EQ(text::split(" a; b ;;c ", ';'), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(text::split("", ',').empty());
}

TEST(Error, CatalogueMapsCodesToStatusAndExit) {
  EXPECT_EQ(info(Errc::unknown_place).http_status, 404);
  EXPECT_EQ(info(Errc::unknown_place).exit_code, 3);
  EXPECT_EQ(info(Errc::no_route).http_status, 422);
  EXPECT_EQ(info(Errc::invalid_dataset).exit_code, 4);
  EXPECT_EQ(info(Errc::usage).exit_code, 2);
  Error e(Errc::unknown_place, "unknown place 'Bku'", {{{"f.csv", 3, 7}, "bad"}}, {"Baku"});
  EXPECT_EQ(e.full_text(), "unknown place 'Bku'\n  f.csv:3:7: bad\n  did you mean: Baku?");
}

TEST(Files, WriteAtomicReplacesWholeFile) {
  std::string path = ::testing::TempDir() + "/corridor_atomic.txt";
  files::write_atomic(path, "first version, long");
  files::write_atomic(path, "second");
  EXPECT_EQ(files::read_all(path), "second");
  // Under a regular file no folder can exist, even for root.
  EXPECT_THROW(files::write_atomic(path + "/x.txt", "x"), Error);
  EXPECT_THROW(files::read_all(path + "/x.txt"), Error);
}

TEST(Text, CsvQuote) {
  EXPECT_EQ(text::csv_quote("plain"), "plain");
  EXPECT_EQ(text::csv_quote("a,b"), "\"a,b\"");
  EXPECT_EQ(text::csv_quote("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(text::csv_quote("two\nlines"), "\"two\nlines\"");
}
