// The api facade: request parsing and validation (shared by CLI and HTTP), place lookup.
#include "corridor/api/api.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "corridor/api/render.h"

using namespace corridor;
using nlohmann::json;

namespace corridor {
std::string e2e_slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace corridor

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
    FAIL() << "an unknown field must be refused";
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
    FAIL() << "an unknown place must be refused";
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

// ---- typed results ------------------------------------------------------------------------------

namespace {
// The tiny fixture with its links replaced: two parallel Alpha–Bravo roads, the first 100.04 km
// (operating), the second 100.16 km (planned for 2030). Scenario "swap" closes the first and opens
// the second; scenario "later" only moves the year to 2030; "early" opens the second road.
std::string swap_dataset() {
  static const std::string dir = [] {
    // One copy per process: ctest runs the tests of this file in parallel processes.
    std::string d = ::testing::TempDir() + "/corridor_api_swap_" + std::to_string(::getpid());
    std::filesystem::remove_all(d);
    std::filesystem::copy(std::string(CORRIDOR_SOURCE_DIR) + "/tests/fixtures/tiny", d,
                          std::filesystem::copy_options::recursive);
    std::ofstream(d + "/link.csv")
        << "link_id,name,from_node_id,to_node_id,directed,mode,link_type,length,free_speed,"
           "travel_hours,dwell_hours,fee_usd,gauge_mm,capacity_tpd,status,status_year,geometry,"
           "source\n"
           "R1,old road,AZ-ALPHA,AZ-BRAVO,0,road,line,100.04,50,,,,,,operating,,,t\n"
           "R2,new road,AZ-ALPHA,AZ-BRAVO,0,road,line,100.16,50,,,,,,planned,2030,,t\n"
           "R3,echo road,AZ-ALPHA,AZ-ECHO,0,road,line,400,50,,,,,,operating,,,t\n"
           "R4,delta road,AZ-BRAVO,GE-DELTA,0,road,border,300,50,,1,10,,,operating,,,t\n";
    std::filesystem::remove(d + "/pairs.csv");
    std::filesystem::remove(d + "/scenarios/open-echo.toml");
    std::ofstream(d + "/scenarios/swap.toml")
        << "description = \"swap the roads\"\n\n[[close]]\nlinks = [\"R1\"]\n\n[[open]]\nlinks = "
           "[\"R2\"]\n";
    std::ofstream(d + "/scenarios/later.toml") << "description = \"2030\"\nyear = 2030\n";
    // config.csv names a default compare scenario that exists here.
    std::string cfg = corridor::e2e_slurp(d + "/config.csv");
    cfg.replace(cfg.find("open-echo"), 9, "swap");
    std::ofstream(d + "/config.csv") << cfg;
    return d;
  }();
  return dir;
}
}  // namespace

TEST(Api, CompareDeltasComeFromUnroundedTotals) {
  auto e = api::load_engine(swap_dataset());
  api::CompareRequest c;
  c.pairs = {{"Alpha", "Bravo"}};
  c.scenario = "swap";
  api::CompareResult r = api::compare(*e, c);
  ASSERT_EQ(r.rows.size(), 1u);
  ASSERT_TRUE(r.rows[0].base && r.rows[0].scenario && r.rows[0].delta);
  EXPECT_NEAR(r.rows[0].base->best().total.km, 100.04, 1e-9);
  EXPECT_NEAR(r.rows[0].scenario->best().total.km, 100.16, 1e-9);
  EXPECT_NEAR(r.rows[0].delta->km, 0.12, 1e-9);
  json j = api::to_json(r);
  // Printed totals are rounded to 0.1 km: 100.0 and 100.2. Their difference (0.2) is not the
  // change; the delta is rounded once from the unrounded difference: 0.12.
  EXPECT_EQ(j["pairs"][0]["base"]["total"]["km"], 100.0);
  EXPECT_EQ(j["pairs"][0]["scenario"]["total"]["km"], 100.2);
  EXPECT_EQ(j["pairs"][0]["delta"]["km"], 0.12);
}

TEST(Api, CompareEvaluatesBothSidesAtOneYear) {
  auto e = api::load_engine(swap_dataset());
  api::CompareRequest c;
  c.pairs = {{"Alpha", "Bravo"}};
  c.scenario = "later";  // 2030: the new road is open; the base alone would be 2026
  api::CompareResult r = api::compare(*e, c);
  EXPECT_EQ(r.year, 2030);
  ASSERT_TRUE(r.rows[0].base && r.rows[0].scenario);
  EXPECT_EQ(r.rows[0].base->year, 2030);
  EXPECT_EQ(r.rows[0].scenario->year, 2030);
  // Same links open on both sides: no change at all (mixing years would show one).
  ASSERT_TRUE(r.rows[0].delta);
  EXPECT_DOUBLE_EQ(r.rows[0].delta->cost, 0);
  EXPECT_EQ(api::to_json(r)["year"], 2030);
  // An explicit year wins for both.
  c.year = 2027;
  r = api::compare(*e, c);
  EXPECT_EQ(r.rows[0].base->year, 2027);
  EXPECT_EQ(r.rows[0].scenario->year, 2027);
  // The default compare scenario comes from config.csv (default_compare_scenario = swap).
  c = {};
  c.pairs = {{"Alpha", "Bravo"}};
  EXPECT_EQ(api::compare(*e, c).scenario, "swap");
}

TEST(Api, RouteResultCarriesTheLinksOfEachLeg) {
  api::RouteResult r = api::route(tiny(), req("Alpha", "Delta"));
  const auto& legs = r.best().legs;
  ASSERT_EQ(legs.size(), 4u);
  EXPECT_EQ(legs[1].kind, api::LegKind::gauge_change);
  EXPECT_TRUE(legs[1].links.empty());
  std::vector<std::string> ids;
  for (const auto& l : legs) {
    ASSERT_EQ(l.links.size(), l.link_ids.size());
    for (size_t i = 0; i < l.links.size(); ++i) ids.push_back(l.link_ids[i]);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"AB-RAIL", "BC-RAIL", "CD-RAIL"}));
  // The GeoJSON draws each leg from those indices: the Alpha–Bravo rail has no drawn geometry,
  // so its line runs between its two end nodes.
  json g = api::to_geojson(tiny(), r);
  ASSERT_EQ(g["features"].size(), 4u);
  EXPECT_EQ(g["features"][0]["geometry"]["coordinates"], json::parse("[[49.8,40.4],[47.0,40.6]]"));
  EXPECT_EQ(g["features"][1]["geometry"]["type"], "Point");
  EXPECT_EQ(g["properties"]["total"]["km"], 420.0);
  EXPECT_FALSE(g["features"][0]["properties"].contains("links"));
  // Unrounded totals are the sum of the legs.
  double km = 0;
  for (const auto& l : legs) km += l.km;
  EXPECT_DOUBLE_EQ(km, r.best().total.km);
  EXPECT_EQ(r.scenario, "baseline");  // the dataset's default, resolved
  EXPECT_EQ(r.profile, "teu");
}

TEST(Api, DefaultsComeFromConfigCsv) {
  const auto& d = api::defaults(tiny());
  EXPECT_EQ(d.scenario, "baseline");
  EXPECT_EQ(d.compare_scenario, "open-echo");
  EXPECT_EQ(d.profile, "teu");
  // A default naming something the dataset lacks is a dataset error at load.
  std::string dir =
      ::testing::TempDir() + "/corridor_api_bad_default_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::copy(std::string(CORRIDOR_SOURCE_DIR) + "/tests/fixtures/tiny", dir,
                        std::filesystem::copy_options::recursive);
  std::string cfg = corridor::e2e_slurp(dir + "/config.csv");
  cfg.replace(cfg.rfind(",teu,"), 5, ",nope,");
  std::ofstream(dir + "/config.csv") << cfg;
  try {
    api::load_engine(dir);
    FAIL() << "a default_profile naming no profile must not load";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_dataset);
    EXPECT_NE(e.full_text().find("default_profile 'nope'"), std::string::npos) << e.full_text();
  }
}

TEST(Api, TableCellsAreUnroundedAndNullWhenUnreachable) {
  api::TableRequest t;
  t.sources = {"Echo"};
  t.targets = {"Delta", "Echo"};
  t.modes = {"rail"};
  api::TableResult m = api::table(tiny(), t);
  ASSERT_EQ(m.cells.size(), 1u);
  EXPECT_FALSE(m.cells[0][0].has_value());  // no rail from Echo
  json j = api::to_json(m);
  EXPECT_TRUE(j["cost"][0][0].is_null());
  // Four empty fields (cost, hours, usd, km), then the reachable Echo -> Echo cell.
  EXPECT_EQ(api::render_table_csv(m),
            "from,to,cost_usd,time_h,charges_usd,length_km\nAZ-ECHO,GE-DELTA,,,,\nAZ-ECHO,AZ-ECHO,"
            "0,0,0,0\n");
}

TEST(Api, AssignResultIsTypedAndItsTextNamesTheHeadlineSectionFromData) {
  std::string dir = ::testing::TempDir() + "/corridor_api_assign_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::copy(std::string(CORRIDOR_SOURCE_DIR) + "/tests/fixtures/tiny", dir,
                        std::filesystem::copy_options::recursive);
  std::ofstream(dir + "/sections.csv") << "section,name,link_id,source\n"
                                          "bc,Bravo–Charlie cut,BC-RAIL,t\n"
                                          "ed,Echo–Delta cut,ED-ROAD,t\n";
  std::ofstream(dir + "/demand.csv")
      << "origin,destination,volume,unit,corridor,source\n"
         "Alpha,Delta,3650,teu,west,t\n"       // 10 TEU per day
         "Alpha,Delta,25550,tonnes,west,t\n";  // 25550 / 14 / 365 = 5 TEU per day
  auto e = api::load_engine(dir);
  api::AssignRequest q;
  q.demand_file = dir + "/demand.csv";
  q.scenario = "open-echo";
  q.base = "baseline";
  api::AssignResult r = api::assign(*e, q);
  EXPECT_EQ(r.profile, "teu");  // config.csv default_profile
  EXPECT_EQ(r.year, 2026);
  EXPECT_NEAR(r.demand_units_per_day, 15, 1e-9);
  ASSERT_EQ(r.sections.size(), 2u);
  ASSERT_TRUE(r.sections[0].base.has_value());
  // Baseline: the Echo–Delta road is planned, so all 15 TEU/day cross Bravo–Charlie.
  EXPECT_NEAR(r.sections[0].base->units_per_day, 15, 1e-6);
  EXPECT_NEAR(r.sections[0].base->tonnes_per_day, 15 * 14, 1e-6);
  // Flows are conserved across the two cuts under the scenario.
  EXPECT_NEAR(r.sections[0].scenario.units_per_day + r.sections[1].scenario.units_per_day, 15,
              1e-6);
  ASSERT_EQ(r.corridors.size(), 1u);
  EXPECT_EQ(r.corridors[0].corridor, "west");
  ASSERT_EQ(r.corridors[0].share_via.size(), 2u);
  EXPECT_NEAR(*r.corridors[0].share_via[0].base, 1, 1e-9);
  // No headline_section in config.csv: the first section, named from sections.csv.
  EXPECT_EQ(r.headline_section, "bc");
  const std::string text = api::render_assign_text(r);
  EXPECT_NE(text.find("routed via Bravo–Charlie cut (baseline → open-echo)"), std::string::npos)
      << text;
  json j = api::to_json(r);
  EXPECT_EQ(j["year"], 2026);
  EXPECT_EQ(j["base"], "baseline");
  EXPECT_EQ(j["sections"][0]["base"]["units_per_day"], 15.0);
  EXPECT_TRUE(j["corridors"][0]["share_via"].contains("ed"));
  // Every loaded link is drawn from its index.
  json g = api::to_geojson(*e, r);
  EXPECT_EQ(g["features"].size(), r.links.size());
  // A headline_section that names no section is a dataset error.
  std::string cfg = corridor::e2e_slurp(dir + "/config.csv");
  std::ofstream(dir + "/config.csv") << cfg.substr(0, cfg.rfind(',') + 1) + "nope\n";
  EXPECT_EQ(code_of([&] { api::assign(*api::load_engine(dir), q); }), Errc::invalid_dataset);
  std::filesystem::remove_all(dir);
}
