// The api facade: request parsing and validation (shared by CLI and HTTP), place lookup.
#include "corridor/api/api.h"

#include <gtest/gtest.h>

#include <functional>

#include "corridor/api/render.h"

using namespace corridor;
using nlohmann::json;

namespace {
const api::Engine& tiny() {
  static auto e = api::load_engine(std::string(CORRIDOR_SOURCE_DIR) + "/tests/fixtures/tiny");
  return *e;
}
api::RouteRequest req(const std::string& from, const std::string& to) {
  api::RouteRequest r;
  r.from = from;
  r.to = to;
  return r;
}
Errc code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return Errc::internal;
}
}  // namespace

TEST(Api, RouteRequestFromJsonRejectsWrongTypesAndUnknownFields) {
  auto r = api::route_request_from_json(
      json::parse(R"({"from":"Alpha","to":"Delta","modes":["rail"],"year":2028})"));
  EXPECT_EQ(r.from, "Alpha");
  EXPECT_EQ(r.modes, std::vector<std::string>{"rail"});
  EXPECT_EQ(*r.year, 2028);
  EXPECT_EQ(r.scenario, "");  // the dataset default, resolved by api::route
  for (const char* bad :
       {R"({"to":"Delta"})", R"({"from":3,"to":"Delta"})",
        R"({"from":"A","to":"B","modes":"x","year":"2028"})",
        R"({"from":"A","to":"B","alternatives":1.5})", R"({"from":"A","to":"B","avoid":[1]})",
        R"({"from":"A","to":"B","frm":"x"})", R"([1,2])",
        R"({"from":"A","to":"B","pareto":"yes"})"}) {
    EXPECT_EQ(code_of([&] { api::route_request_from_json(json::parse(bad)); }), Errc::usage) << bad;
  }
  try {
    api::route_request_from_json(json::parse(R"({"from":"A","to":"B","senario":"x"})"));
  } catch (const Error& e) {
    EXPECT_EQ(e.suggestions(), std::vector<std::string>{"scenario"});
  }
}

TEST(Api, ValidateRejectsOutOfRangeValues) {
  api::RouteRequest r = req("Alpha", "Delta");
  EXPECT_NO_THROW(r.validate());
  r.alternatives = 11;
  EXPECT_EQ(code_of([&] { r.validate(); }), Errc::usage);
  r.alternatives = 1;
  r.avoid = {"XYZ"};
  EXPECT_EQ(code_of([&] { r.validate(); }), Errc::usage);
  // A well-formed code the dataset does not have is refused by the dataset, not a fixed list.
  r.avoid = {"XX"};
  EXPECT_NO_THROW(r.validate());
  EXPECT_EQ(code_of([&] { api::route(tiny(), r); }), Errc::usage);
  r.avoid = {"TR"};  // a real country, but not one of the tiny dataset's
  EXPECT_EQ(code_of([&] { api::route(tiny(), r); }), Errc::usage);
  r.avoid = {"ge"};  // accepted (any case) and applied: Delta is in Georgia
  EXPECT_EQ(code_of([&] { api::route(tiny(), r); }), Errc::no_route);
  r.avoid = {};
  r.year = 1200;
  EXPECT_EQ(code_of([&] { r.validate(); }), Errc::usage);
  api::TableRequest t;
  t.sources = std::vector<std::string>(200, "Alpha");
  EXPECT_EQ(code_of([&] { t.validate(); }), Errc::limit_exceeded);
}

TEST(Api, PlacesFindByPrefixAliasAndDiacritics) {
  auto p = api::places(tiny(), "alf", 5).places;
  ASSERT_FALSE(p.empty());
  EXPECT_EQ(p[0].place.id, "AZ-ALPHA");
  ASSERT_EQ(api::places(tiny(), "ÄLPHA", 1).places.size(), 1u);
  EXPECT_EQ(api::places(tiny(), "ÄLPHA", 1).places[0].place.id, "AZ-ALPHA");
  ASSERT_EQ(api::places(tiny(), "az-delta", 1).places.size(), 1u);
  EXPECT_EQ(api::places(tiny(), "az-delta", 1).places[0].place.id, "GE-DELTA");
  // An empty query lists places (capped at 50); a query matching nothing lists none.
  EXPECT_EQ(api::places(tiny(), "", 100).places.size(), 5u);
  EXPECT_TRUE(api::places(tiny(), "qqqqqqqqqq", 10).places.empty());
}

TEST(Api, RouteByCoordinatesSnapsToTheNearestNode) {
  api::RouteResult j = api::route(tiny(), req("40.41,49.79", "Delta"));
  EXPECT_EQ(j.from.id, "AZ-ALPHA");
  EXPECT_EQ(code_of([&] { api::route(tiny(), req("95,10", "Delta")); }), Errc::usage);
}

TEST(Api, ErrorsMapToStatusCodes) {
  EXPECT_EQ(code_of([&] { api::route(tiny(), req("Nowhere", "Delta")); }), Errc::unknown_place);
  api::RouteRequest r = req("Echo", "Delta");
  r.modes = {"rail"};
  EXPECT_EQ(code_of([&] { api::route(tiny(), r); }), Errc::no_route);
  try {
    api::route(tiny(), req("Nowhere", "Delta"));
  } catch (const Error& e) {
    json j = api::error_json(e);
    EXPECT_EQ(j["error"]["code"], "unknown_place");
    EXPECT_EQ(info(e.code()).http_status, 404);
  }
}

TEST(Api, TableMatchesSingleRoutes) {
  api::TableRequest t;
  t.sources = {"Alpha", "Echo"};
  t.targets = {"Delta", "Bravo"};
  api::TableResult m = api::table(tiny(), t);
  ASSERT_EQ(m.cells.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    ASSERT_EQ(m.cells[i].size(), 2u);
    for (size_t j = 0; j < 2; ++j) {
      api::RouteResult r = api::route(tiny(), req(t.sources[i], t.targets[j]));
      ASSERT_TRUE(m.cells[i][j].has_value());
      EXPECT_DOUBLE_EQ(m.cells[i][j]->cost, r.best().total.cost);
      EXPECT_DOUBLE_EQ(m.cells[i][j]->km, r.best().total.km);
    }
  }
  EXPECT_NE(api::render_table_csv(m).find("AZ-ALPHA,GE-DELTA,740.5"), std::string::npos);
}

TEST(Api, NetworkGeojsonCarriesStatusAndSource) {
  json g = api::network_geojson(tiny(), "baseline");
  size_t links = 0;
  for (const auto& f : g["features"]) {
    if (f["properties"]["kind"] != "link") continue;
    ++links;
    EXPECT_FALSE(f["properties"]["source"].get<std::string>().empty());
    if (f["properties"]["id"] == "ED-ROAD") {
      EXPECT_EQ(f["properties"]["status"], "planned");
      EXPECT_EQ(f["properties"]["open"], false);
    }
  }
  EXPECT_EQ(links, 6u);
  json o = api::network_geojson(tiny(), "open-echo");
  for (const auto& f : o["features"])
    if (f["properties"]["id"] == "ED-ROAD") {
      EXPECT_EQ(f["properties"]["open"], true);
    }
}

TEST(Api, RenderNumbers) {
  EXPECT_EQ(api::fmt_number(1234567.891, 2), "1,234,567.89");
  EXPECT_EQ(api::fmt_number(-1234, 0), "-1,234");
  EXPECT_EQ(api::fmt_number(-0.001, 1), "0.0");
  EXPECT_EQ(api::fmt_number(999, 0), "999");
}
