#include "corridor/core/text.h"

#include <gtest/gtest.h>

#include <random>

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

// The banded distance equals the full one (the oracle) whenever that is <= k, else says k + 1.
TEST(Text, BoundedEditDistanceMatchesTheFullOne) {
  std::mt19937 rng(15);
  const std::string alphabet = "abcde";
  for (int trial = 0; trial < 3000; ++trial) {
    std::string a, b;
    const size_t la = rng() % 12, lb = rng() % 12;
    for (size_t i = 0; i < la; ++i) a += alphabet[rng() % alphabet.size()];
    for (size_t i = 0; i < lb; ++i) b += alphabet[rng() % alphabet.size()];
    const size_t full = text::edit_distance(a, b);
    for (size_t k = 0; k <= 12; ++k) {
      const size_t banded = text::edit_distance_at_most(a, b, k);
      if (full <= k)
        ASSERT_EQ(banded, full) << a << " / " << b << " k=" << k;
      else
        ASSERT_EQ(banded, k + 1) << a << " / " << b << " k=" << k;
    }
  }
  // Work bounded by k and the shorter string: a megabyte against a short name is instant.
  const std::string huge(1 << 20, 'x');
  EXPECT_EQ(text::edit_distance_at_most(huge, "xxxx", 3), 4u);
  EXPECT_EQ(text::edit_distance_at_most(huge, huge.substr(1), 3), 1u);
}

TEST(Error, MessageKeepsNulBytes) {
  const Error e(Errc::unknown_place, std::string("unknown place 'a\0b'", 19));
  EXPECT_EQ(e.message().size(), 19u);
  EXPECT_NE(e.full_text().find("b'"), std::string::npos);
}

TEST(Text, HtmlEscape) {
  EXPECT_EQ(text::html_escape("a < b & \"c\" > d"), "a &lt; b &amp; &quot;c&quot; &gt; d");
  EXPECT_EQ(text::html_escape("Naxçıvan → Kars"), "Naxçıvan → Kars");  // UTF-8 passes through
  EXPECT_EQ(text::html_escape(""), "");
  EXPECT_EQ(text::html_escape("&amp;"), "&amp;amp;");  // escapes once, never interprets
}
