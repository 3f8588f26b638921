// core/toml.h: every TOML loader's "found X at file:line:column" comes from here.
#include "corridor/core/toml.h"

#include <gtest/gtest.h>

#include <string_view>

using namespace corridor;

TEST(Toml, FoundNamesEachKindOfValue) {
  const auto t = toml::parse(
      std::string_view(
          "s = \"abc\"\ni = -3\nf = 2.5\nb = false\na = [1]\nt = { x = 1 }\nd = 1979-05-27\n"),
      std::string_view("x.toml"));
  EXPECT_EQ(tomlx::found(*t.get("s")), "the string \"abc\"");
  EXPECT_EQ(tomlx::found(*t.get("i")), "the integer -3");
  EXPECT_EQ(tomlx::found(*t.get("f")), "the number 2.5");
  EXPECT_EQ(tomlx::found(*t.get("b")), "false");
  EXPECT_EQ(tomlx::found(*t.get("a")), "an array");
  EXPECT_EQ(tomlx::found(*t.get("t")), "a table");
  EXPECT_EQ(tomlx::found(*t.get("d")), "a date/time");
}

TEST(Toml, LocationIsTheNodesLineAndColumn) {
  const auto t =
      toml::parse(std::string_view("a = 1\n\n  b = \"x\"\n"), std::string_view("dir/over.toml"));
  const auto loc = tomlx::location(*t.get("b"), "dir/over.toml");
  EXPECT_EQ(loc.file, "dir/over.toml");
  EXPECT_EQ(loc.line, 3);
  EXPECT_EQ(loc.column, 7);  // the value, where toml++ puts a node's source
  EXPECT_EQ(loc.to_string(), "dir/over.toml:3:7");
}
