// [[add]] geometry (issue 15): WKT LINESTRING with decimal coordinates, longitudes in
// [-180, 180], latitudes in [-90, 90], 2 to 100,000 points; problems are located at the
// offending character of the string (file:line:column).
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "corridor/scenario/scenario.h"
#include "support/world.h"

using namespace corridor;

namespace {

const char* kWorld = R"(
node A AZ
node B AZ
link ab A -- B road km=100 kmh=50
)";

// A scenario adding link A-B whose geometry line (line 11) is `geometry = <toml_value>`.
std::string with_geometry(const std::string& toml_value) {
  return "description = \"x\"\n[[add]]\nlink_id = \"z\"\ndirected = false\n"
         "from_node_id = \"A\"\nto_node_id = \"B\"\nmode = \"road\"\nlength = 3\n"
         "free_speed = 30\nsource = \"t\"\ngeometry = " +
         toml_value + "\n";
}

// The located errors, or one line saying it parsed.
std::vector<std::string> errors(const std::string& toml, const network::Network& net) {
  try {
    scenario::parse_scenario(toml, "s.toml", net);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_scenario);
    std::vector<std::string> out;
    for (const auto& d : e.details()) out.push_back(d.to_string());
    return out;
  }
  return {"(parsed without an error)"};
}

// The error at character `at` of a geometry written as a basic string on line 11 (column 13 + at).
std::string located(size_t at, const std::string& msg) {
  return "s.toml:11:" + std::to_string(13 + at) + ": [[add]] 'geometry': " + msg;
}

TEST(AddGeometry, ValidLinesParseAsLinkCsvWritesThem) {
  const auto net = test::world(kWorld);
  for (const std::string wkt :
       {"LINESTRING(46.07513 38.87707, 46.19600 38.86500)", "  linestring ( 44 41 ,-44.5 -41.25 ) ",
        "LINESTRING(-180 -90, 180 90, 0 0, .5 -.5, 5. 6.)"}) {
    SCOPED_TRACE(wkt);
    const auto sc = scenario::parse_scenario(with_geometry("\"" + wkt + "\""), "s.toml", net);
    ASSERT_EQ(sc.edits.size(), 1u);
    EXPECT_EQ(sc.edits[0].added.geometry_wkt, wkt);
  }
}

TEST(AddGeometry, EachProblemIsLocatedAtItsCharacter) {
  const auto net = test::world(kWorld);
  struct Case {
    std::string wkt, at, msg;  // `at`: the text the column points to (first occurrence)
  };
  const std::string zeros(400, '0');
  const std::vector<Case> cases = {
      {"LINESTRING(44.8 41.7, 44.9 95.5)", "95.5",
       "point 2: latitude 95.5 is outside [-90, 90] degrees"},
      {"LINESTRING(44.8 41.7, -200 41.8)", "-200",
       "point 2: longitude -200 is outside [-180, 180] degrees"},
      {"LINESTRING(44.8 41.7, 1" + zeros + " 41)", "1" + zeros,
       "point 2: longitude 1" + zeros.substr(0, 29) + "... is outside [-180, 180] degrees"},
      {"LINESTRING(44.8 41.7)", "LINESTRING", "a line needs at least 2 points, found 1"},
      {"LINESTRING(44.8 41.7, 44.9 1e5)", "e5", "after point 2: expected ',' or ')', found 'e'"},
      {"LINESTRING(44.8 41.7, 44.9 nan)", "nan",
       "point 2: expected the latitude as a decimal number, found 'n'"},
      {"LINESTRING(44.8 41.7, inf 41)", "inf",
       "point 2: expected the longitude as a decimal number, found 'i'"},
      {"LINESTRING(44.8 41.7, 44.9 41.8, 1 2 3)", "3)",
       "after point 3: expected ',' or ')', found '3'"},
      {"LINESTRING(44.8 41.7, 44.9 41.8) x", "x", "unexpected text after ')'"},
      {"LINESTRING(44.8 41.7, 44.9,41.8)", ",41.8",
       "point 2: expected a space, then the latitude, found ','"},
      {"LINESTRING(44.8 41.7, 44.9 41.8", "",
       "after point 2: expected ',' or ')', found the end "
       "of the geometry"},
      {"POINT(44.8 41.7)", "POINT", "expected WKT 'LINESTRING(lon lat, lon lat, ...)'"},
      {"LINESTRING 44.8 41.7", "44.8",
       "expected WKT 'LINESTRING(lon lat, lon lat, ...)', found '4'"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.wkt);
    const size_t at = c.at.empty() ? c.wkt.size() : c.wkt.find(c.at);
    ASSERT_NE(at, std::string::npos);
    EXPECT_EQ(errors(with_geometry("\"" + c.wkt + "\""), net),
              (std::vector<std::string>{located(at, c.msg)}));
  }
}

TEST(AddGeometry, PointCountIsBounded) {
  const auto net = test::world(kWorld);
  auto line = [](size_t n) {
    std::string w = "LINESTRING(";
    for (size_t i = 0; i < n; ++i) w += (i ? ", " : "") + std::string("44.5 41.5");
    return w + ")";
  };
  const std::string most = line(100000);
  EXPECT_EQ(scenario::parse_scenario(with_geometry("\"" + most + "\""), "s.toml", net)
                .edits[0]
                .added.geometry_wkt.size(),
            most.size());
  const std::string over = line(100001);
  const size_t last = over.rfind(", ") + 2;
  EXPECT_EQ(errors(with_geometry("\"" + over + "\""), net),
            (std::vector<std::string>{located(last, "more than 100000 points")}));
}

TEST(AddGeometry, StringsNotWrittenVerbatimAreLocatedAtTheString) {
  const auto net = test::world(kWorld);
  // An escape, a multi-line string: no column inside the value is trustworthy, so the string's.
  EXPECT_EQ(errors(with_geometry(R"x("LINESTRING(44.8 41.7,\u0020 44.9 95)")x"), net),
            (std::vector<std::string>{
                "s.toml:11:12: [[add]] 'geometry': point 2: latitude 95 is outside [-90, 90] "
                "degrees"}));
  EXPECT_EQ(errors(with_geometry("\"\"\"\nLINESTRING(44.8 41.7, 44.9 95)\"\"\""), net),
            (std::vector<std::string>{
                "s.toml:11:12: [[add]] 'geometry': point 2: latitude 95 is outside [-90, 90] "
                "degrees"}));
  // A literal string is verbatim: the column is the character's.
  EXPECT_EQ(errors(with_geometry("'LINESTRING(44.8 41.7, 44.9 95)'"), net),
            (std::vector<std::string>{located(27,
                                              "point 2: latitude 95 is outside [-90, 90] "
                                              "degrees")}));
}

// Random lines whose coordinates are drawn first: refused exactly when one is out of range, at
// that coordinate (the expectation comes from the drawing, not from the parser).
TEST(AddGeometry, RandomLinesAreRefusedExactlyAtTheFirstOutOfRangeCoordinate) {
  const auto net = test::world(kWorld);
  std::mt19937 rng(15);
  std::uniform_real_distribution<double> lon(-200, 200), lat(-100, 100);
  int refused = 0, accepted = 0;
  for (int k = 0; k < 400; ++k) {
    const int n = 2 + static_cast<int>(rng() % 6);
    std::string wkt = "LINESTRING(";
    size_t first_bad = std::string::npos;
    std::string msg;
    for (int p = 0; p < n; ++p) {
      if (p) wkt += ", ";
      const double v[2] = {lon(rng), lat(rng)};
      for (int a = 0; a < 2; ++a) {
        if (a) wkt += ' ';
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.5f", v[a]);
        const double limit = a == 0 ? 180 : 90;
        if (first_bad == std::string::npos && std::abs(std::stod(buf)) > limit) {
          first_bad = wkt.size();
          msg = "point " + std::to_string(p + 1) + ": " + (a == 0 ? "longitude " : "latitude ") +
                buf + " is outside [-" + std::to_string(int(limit)) + ", " +
                std::to_string(int(limit)) + "] degrees";
        }
        wkt += buf;
      }
    }
    wkt += ")";
    SCOPED_TRACE(wkt);
    const auto got = errors(with_geometry("\"" + wkt + "\""), net);
    if (first_bad == std::string::npos) {
      ++accepted;
      EXPECT_EQ(got, (std::vector<std::string>{"(parsed without an error)"}));
    } else {
      ++refused;
      EXPECT_EQ(got, (std::vector<std::string>{located(first_bad, msg)}));
    }
  }
  EXPECT_GT(accepted, 50);
  EXPECT_GT(refused, 50);
}

}  // namespace
