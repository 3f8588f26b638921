// The CLI on the tiny fixture dataset (tests/fixtures/tiny): exit codes, messages, JSON shape,
// golden files, determinism and atomic output.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "run.h"

using corridor::e2e::run_cli;
using corridor::e2e::slurp;
using nlohmann::json;

namespace {
const std::string kTiny = "--data tests/fixtures/tiny";

// Compares with tests/golden/<name>; CORRIDOR_UPDATE_GOLDEN=1 rewrites it (a reviewed step).
void expect_golden(const std::string& name, const std::string& actual) {
  std::string path = std::string(CORRIDOR_SOURCE_DIR) + "/tests/golden/" + name;
  if (std::getenv("CORRIDOR_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(path))
      << "missing golden file " << path << " (run with CORRIDOR_UPDATE_GOLDEN=1 to create it)";
  EXPECT_EQ(slurp(path), actual) << "golden file " << name << " differs";
}
}  // namespace

TEST(Cli, HelpListsEveryCommand) {
  auto r = run_cli("--help");
  EXPECT_EQ(r.code, 0);
  for (const char* c : {"route", "compare", "validate", "places", "scenarios"})
    EXPECT_NE(r.out.find(c), std::string::npos) << c;
  expect_golden("help.txt", r.out);
}

TEST(Cli, RouteHelpIsGolden) {
  auto r = run_cli("route --help");
  EXPECT_EQ(r.code, 0);
  // The default --data path depends on the checkout; normalise it.
  std::string out = r.out;
  for (size_t p; (p = out.find(CORRIDOR_SOURCE_DIR)) != std::string::npos;)
    out.replace(p, std::string(CORRIDOR_SOURCE_DIR).size(), "<src>");
  expect_golden("route-help.txt", out);
}

TEST(Cli, RouteTextIsGolden) {
  auto r = run_cli("route Alpha Delta " + kTiny);
  ASSERT_EQ(r.code, 0) << r.err;
  expect_golden("route-alpha-delta.txt", r.out);
}

TEST(Cli, RouteJsonHasTheDocumentedShapeAndHandComputedTotals) {
  auto r = run_cli("route alfa DELTA --json " + kTiny);
  ASSERT_EQ(r.code, 0) << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(j["from"]["id"], "AZ-ALPHA");
  EXPECT_EQ(j["to"]["name"], "Delta");
  EXPECT_EQ(j["scenario"], "baseline");
  EXPECT_EQ(j["profile"], "teu");
  // rail 260 km @40 + gauge change 6 h + border 120 km @40 + 8 h dwell + rail 40 km @40
  EXPECT_DOUBLE_EQ(j["total"]["km"].get<double>(), 420);
  EXPECT_DOUBLE_EQ(j["total"]["hours"].get<double>(), 6.5 + 6 + 11 + 1);
  EXPECT_DOUBLE_EQ(j["total"]["usd"].get<double>(), 130 + 300 + 160 + 28);
  EXPECT_DOUBLE_EQ(j["total"]["cost"].get<double>(), 618 + 5 * 24.5);
  ASSERT_EQ(j["borders"].size(), 1u);
  EXPECT_EQ(j["borders"][0]["id"], "BC-RAIL");
  EXPECT_EQ(j["borders"][0]["from_country"], "AZ");
  EXPECT_EQ(j["borders"][0]["to_country"], "GE");
  EXPECT_DOUBLE_EQ(j["borders"][0]["hours"].get<double>(), 11);
  EXPECT_DOUBLE_EQ(j["borders"][0]["usd"].get<double>(), 160);
  EXPECT_EQ(j["countries"], json::array({"AZ", "GE"}));
  ASSERT_EQ(j["legs"].size(), 4u);
  EXPECT_EQ(j["legs"][1]["mode"], "gauge_change");
  for (const auto& leg : j["legs"])
    for (const char* k : {"mode", "from", "to", "km", "hours", "usd", "gauge"})
      EXPECT_TRUE(leg.contains(k)) << k;
  expect_golden("route-alpha-delta.json", r.out);
}

TEST(Cli, ExplainListsTheSourceOfEveryFigure) {
  auto r = run_cli("route Alpha Delta --explain --json " + kTiny);
  ASSERT_EQ(r.code, 0) << r.err;
  json j = json::parse(r.out);
  std::set<std::string> ids;
  for (const auto& s : j["sources"]) {
    ids.insert(s["kind"].get<std::string>() + ":" + s["id"].get<std::string>());
    EXPECT_FALSE(s["source"].get<std::string>().empty());
  }
  for (const char* want : {"link:AB-RAIL", "gauge_change:AZ-BRAVO", "link:BC-RAIL", "link:CD-RAIL",
                           "tariff:rail:*", "tariff:rail:GE"})
    EXPECT_TRUE(ids.count(want)) << want << " in " << j["sources"].dump();
  EXPECT_NE(run_cli("route Alpha Delta --explain " + kTiny).out.find("sources:"),
            std::string::npos);
}

TEST(Cli, TonneProfileUsesItsOwnTariffs) {
  auto r = run_cli("route Alpha Delta --profile tonne --json " + kTiny);
  ASSERT_EQ(r.code, 0) << r.err;
  json j = json::parse(r.out);
  // rail 0.03 $/t-km x 420 km + (gauge 300 + border fee 100) x 0.07 $/t per $/TEU = 12.6 + 28
  EXPECT_NEAR(j["total"]["usd"].get<double>(), 12.6 + 28, 1e-9);
}

TEST(Cli, GeoJsonIsRfc7946) {
  auto r = run_cli("route Alpha Bravo --modes road --geojson " + kTiny);
  ASSERT_EQ(r.code, 0) << r.err;
  json g = json::parse(r.out);
  EXPECT_EQ(g["type"], "FeatureCollection");
  EXPECT_FALSE(g.contains("crs"));
  ASSERT_FALSE(g["features"].empty());
  for (const auto& f : g["features"]) {
    EXPECT_EQ(f["type"], "Feature");
    EXPECT_EQ(f["geometry"]["type"], "LineString");
    for (const auto& c : f["geometry"]["coordinates"]) {
      EXPECT_GE(c[0].get<double>(), -180);  // lon first
      EXPECT_LE(c[1].get<double>(), 90);
    }
  }
  // The Alpha–Bravo road has a drawn geometry: its middle vertex appears.
  EXPECT_NE(r.out.find("48.4"), std::string::npos);
}

TEST(Cli, UnknownPlaceSuggestsAndExits3) {
  auto r = run_cli("route Alpah Delta " + kTiny);
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("unknown place 'Alpah'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean: Alpha (AZ-ALPHA)"), std::string::npos) << r.err;
}

TEST(Cli, NoRouteExits3) {
  auto r = run_cli("route Echo Delta --modes rail " + kTiny);
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("no route from Echo to Delta"), std::string::npos) << r.err;
}

TEST(Cli, UsageErrorsExit2) {
  EXPECT_EQ(run_cli("route Alpha").code, 2);
  EXPECT_EQ(run_cli("route Alpha Delta --alternatives 0 " + kTiny).code, 2);
  auto r = run_cli("route Alpha Delta --modes plane " + kTiny);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown mode 'plane'"), std::string::npos);
  EXPECT_EQ(run_cli("route Alpha Delta --avoid ZZ " + kTiny).code, 2);
  r = run_cli("route Alpha Delta --scenario tripp " + kTiny);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown scenario 'tripp'"), std::string::npos);
  EXPECT_EQ(run_cli("frobnicate").code, 2);
  // Out-of-range values reach validate() instead of meaning "not given".
  EXPECT_EQ(run_cli("route Alpha Delta --year 0 " + kTiny).code, 2);
  EXPECT_EQ(run_cli("route Alpha Delta --max-borders -7 " + kTiny).code, 2);
  EXPECT_EQ(run_cli("compare --year 0 " + kTiny).code, 2);
  EXPECT_EQ(run_cli("route Alpha Delta --json --geojson " + kTiny).code, 2);
  EXPECT_EQ(run_cli("compare --json --csv " + kTiny).code, 2);
}

TEST(Cli, CountryCodesAreCaseInsensitiveEverywhere) {
  auto a = run_cli("route Alpha Echo --avoid ge --json " + kTiny);
  auto b = run_cli("route Alpha Echo --avoid GE --json " + kTiny);
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_EQ(run_cli("compare --avoid ge --scenario open-echo " + kTiny).code, 0);
  EXPECT_EQ(run_cli("table --sources Alpha,Echo --avoid ge " + kTiny).code, 0);
}

TEST(Cli, YearAndScenarioOpenThePlannedRoad) {
  auto before = run_cli("route Echo Delta --json " + kTiny);
  auto later = run_cli("route Echo Delta --year 2028 --json " + kTiny);
  auto scen = run_cli("route Echo Delta --scenario open-echo --json " + kTiny);
  ASSERT_EQ(before.code, 0);
  ASSERT_EQ(later.code, 0);
  ASSERT_EQ(scen.code, 0);
  EXPECT_DOUBLE_EQ(json::parse(before.out)["total"]["km"].get<double>(), 820);
  EXPECT_DOUBLE_EQ(json::parse(later.out)["total"]["km"].get<double>(), 300);
  // The scenario also cuts the border dwell from 2 h to 1 h: 6 h driving + 1 h.
  EXPECT_DOUBLE_EQ(json::parse(scen.out)["total"]["hours"].get<double>(), 7);
}

TEST(Cli, AlternativesAndParetoInJson) {
  auto r = run_cli("route Echo Delta --year 2028 --alternatives 3 --json " + kTiny);
  ASSERT_EQ(r.code, 0) << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(j["kind"], "alternatives");
  ASSERT_EQ(j["routes"].size(), 2u);  // via the Echo road border, via the rail border
  EXPECT_NE(j["routes"][0]["borders"][0]["id"], j["routes"][1]["borders"][0]["id"]);
  auto p = run_cli("route Echo Delta --year 2028 --pareto --json " + kTiny);
  ASSERT_EQ(p.code, 0) << p.err;
  EXPECT_EQ(json::parse(p.out)["kind"], "pareto");
}

TEST(Cli, InvalidDatasetExits4WithLocations) {
  std::string dir = ::testing::TempDir() + "/corridor_bad_ds";
  std::filesystem::remove_all(dir);
  std::filesystem::copy(std::string(CORRIDOR_SOURCE_DIR) + "/tests/fixtures/tiny", dir,
                        std::filesystem::copy_options::recursive);
  std::ofstream(dir + "/link.csv", std::ios::app)
      << "XX,,AZ-ALPHA,AZ-NOWHERE,0,road,line,-3,50,,,,,,operating,,,x\n";
  auto r = run_cli("validate " + dir);
  EXPECT_EQ(r.code, 4);
  EXPECT_NE(r.err.find("link.csv:8:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("unknown node 'AZ-NOWHERE'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("column 'length': expected a number >= 0, found '-3'"), std::string::npos)
      << r.err;
  // A scenario naming an unknown link is rejected with its file and line.
  std::filesystem::copy(std::string(CORRIDOR_SOURCE_DIR) + "/tests/fixtures/tiny/link.csv",
                        dir + "/link.csv", std::filesystem::copy_options::overwrite_existing);
  std::ofstream(dir + "/scenarios/bad.toml")
      << "description = \"bad\"\n\n[[close]]\nlinks = [\"NOPE\"]\n";
  r = run_cli("validate " + dir);
  EXPECT_EQ(r.code, 4);
  EXPECT_NE(r.err.find("bad.toml:3:1: unknown link id 'NOPE'"), std::string::npos) << r.err;
}

TEST(Cli, ATypoInPairsCsvIsADatasetErrorWithItsLocation) {
  std::string dir = ::testing::TempDir() + "/corridor_bad_pairs";
  std::filesystem::remove_all(dir);
  std::filesystem::copy(std::string(CORRIDOR_SOURCE_DIR) + "/tests/fixtures/tiny", dir,
                        std::filesystem::copy_options::recursive);
  std::ofstream(dir + "/pairs.csv", std::ios::app) << "Alpah,Delta,typo\n";
  auto r = run_cli("validate " + dir);
  EXPECT_EQ(r.code, 4);
  EXPECT_NE(r.err.find("pairs.csv:4:1: unknown place 'Alpah' (did you mean: Alpha (AZ-ALPHA)?)"),
            std::string::npos)
      << r.err;
}

TEST(Cli, OutputIsWrittenAtomically) {
  std::string out = ::testing::TempDir() + "/corridor_route.json";
  std::filesystem::remove(out);
  auto r = run_cli("route Alpha Delta --json -o " + out + " " + kTiny);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(json::parse(slurp(out))["total"]["km"], 420);
  // A failing run leaves the previous file untouched and no temp file behind.
  r = run_cli("route Alpha Nowhere --json -o " + out + " " + kTiny);
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(json::parse(slurp(out))["total"]["km"], 420);
  // A folder that cannot exist (its parent is a regular file): exit 5, nothing written.
  std::string blocker = ::testing::TempDir() + "/corridor_blocker";
  std::ofstream(blocker) << "a file, not a folder";
  r = run_cli("route Alpha Delta --json -o " + blocker + "/sub/x.json " + kTiny);
  EXPECT_EQ(r.code, 5);
  EXPECT_NE(r.err.find("cannot write '" + blocker + "/sub/x.json'"), std::string::npos) << r.err;
  // A missing folder is created, as with -o in most tools.
  std::string nested = ::testing::TempDir() + "/corridor_new_dir/a/b/route.json";
  std::filesystem::remove_all(::testing::TempDir() + "/corridor_new_dir");
  ASSERT_EQ(run_cli("route Alpha Delta --json -o " + nested + " " + kTiny).code, 0);
  EXPECT_EQ(json::parse(slurp(nested))["total"]["km"], 420);
}

TEST(Cli, SameInputSameBytes) {
  auto a = run_cli("compare --json --scenario open-echo " + kTiny);
  auto b = run_cli("compare --json --scenario open-echo " + kTiny);
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
}

TEST(Cli, CompareCsvAndReport) {
  std::string report = ::testing::TempDir() + "/corridor_report.html";
  auto r = run_cli("compare --scenario open-echo --csv --report " + report + " " + kTiny);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
            "from,to,scenario,length_km,time_h,charges_usd,cost_usd,borders,countries,co2e_wtw_t,"
            "co2e_ttw_t,delta_length_km,delta_time_h,delta_charges_usd,delta_cost_usd,"
            "delta_borders");
  EXPECT_NE(
      r.out.find("AZ-ECHO,GE-DELTA,open-echo,300,7,390,425,1,AZ GE,,,-520,-28.5,-758,-900.5,0"),
      std::string::npos)
      << r.out;
  std::string html = slurp(report);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("Echo → Delta"), std::string::npos);
  EXPECT_EQ(html.find("http://"),
            html.find("http://www.w3.org/2000/svg"));  // no external resources
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(Cli, ReportMapsTheRoutesOfItsOwnTable) {
  // With --avoid GE, Echo -> Delta can only use the Echo road (opened by the scenario); the map
  // must draw that road, not the unconstrained rail route.
  std::string a = ::testing::TempDir() + "/corridor_report_avoid.html";
  std::string b = ::testing::TempDir() + "/corridor_report_free.html";
  ASSERT_EQ(run_cli("compare --scenario open-echo --modes road --report " + a + " " + kTiny).code,
            0);
  ASSERT_EQ(run_cli("compare --scenario open-echo --report " + b + " " + kTiny).code, 0);
  std::string ha = slurp(a), hb = slurp(b);
  EXPECT_NE(ha.substr(ha.find("<h2>Routes")), hb.substr(hb.find("<h2>Routes")));
}

TEST(Cli, PlacesAndScenarios) {
  auto r = run_cli("places alp --json " + kTiny);
  ASSERT_EQ(r.code, 0);
  EXPECT_EQ(json::parse(r.out)[0]["id"], "AZ-ALPHA");
  r = run_cli("scenarios --json " + kTiny);
  ASSERT_EQ(r.code, 0);
  EXPECT_EQ(json::parse(r.out).size(), 2u);
}

namespace {
bool have_shared_tntp() {
  return std::filesystem::exists(std::string(CORRIDOR_SOURCE_DIR) +
                                 "/../shared/data/tntp/SiouxFalls");
}
}  // namespace

TEST(Cli, AssignTntpReachesTheGapAndWritesItsFiles) {
  if (!have_shared_tntp()) GTEST_SKIP() << "../shared/data/tntp is absent";
  std::string dir = ::testing::TempDir() + "/corridor_assign_sf";
  std::filesystem::remove_all(dir);
  auto r = run_cli("assign --tntp ../shared/data/tntp/SiouxFalls --gap 1e-8 --json --out-dir " +
                   dir + " --plot " + dir + "/gap.svg");
  ASSERT_EQ(r.code, 0) << r.err;
  json j = json::parse(r.out);
  EXPECT_LE(j["relative_gap"].get<double>(), 1e-8);
  // SiouxFalls best-known Beckmann objective: 42.31335287107440 x 1e5 (data README).
  EXPECT_NEAR(j["beckmann"].get<double>(), 4231335.287107, 4231335.287107 * 1e-7);
  for (const char* f : {"link_flows.csv", "convergence.csv", "summary.json", "gap.svg"})
    EXPECT_TRUE(std::filesystem::exists(dir + "/" + f)) << f;
  EXPECT_EQ(run_cli("assign --tntp ../shared/data/tntp/SiouxFalls --gap -1").code, 2);
  EXPECT_LT(j["iterations"].get<int>(), 1000) << "stops at the gap, not at the iteration limit";
  EXPECT_EQ(run_cli("assign --tntp /nonexistent").code, 2);
}

TEST(Cli, ImportTntpWritesGmns) {
  if (!have_shared_tntp()) GTEST_SKIP() << "../shared/data/tntp is absent";
  std::string dir = ::testing::TempDir() + "/corridor_gmns_sf";
  std::filesystem::remove_all(dir);
  auto r = run_cli("import tntp ../shared/data/tntp/SiouxFalls -o " + dir + " --json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["links"], 76);
  EXPECT_EQ(slurp(dir + "/link.csv").substr(0, 33), "link_id,from_node_id,to_node_id,d");
}

TEST(Cli, AssignTntpWritesGeojsonWhenNodesHaveLonLat) {
  if (!have_shared_tntp()) GTEST_SKIP() << "../shared/data/tntp is absent";
  std::string path = ::testing::TempDir() + "/corridor_sf_flows.geojson";
  auto r = run_cli("assign --tntp ../shared/data/tntp/SiouxFalls --json --flows-geojson " + path);
  ASSERT_EQ(r.code, 0) << r.err;
  json g = json::parse(slurp(path));
  ASSERT_EQ(g["features"].size(), 76u);
  EXPECT_NEAR(g["features"][0]["geometry"]["coordinates"][0][0].get<double>(), -96.77, 0.01);
  EXPECT_GT(g["features"][0]["properties"]["flow"].get<double>(), 0);
  // Anaheim has no node file: asking for GeoJSON is a clear error, not an empty map.
  r = run_cli("assign --tntp ../shared/data/tntp/Anaheim --flows-geojson " + path + ".x");
  EXPECT_EQ(r.code, 4) << r.err;
  EXPECT_NE(r.err.find("not WGS84"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(path + ".x"));
}

// ---- No silently ignored flags ----------------------------------------------------------------

namespace {
// A three-node DIMACS graph imported to .cnet: 1 -10- 2 -5- 3 (both directions).
std::string tiny_cnet() {
  static const std::string net = [] {
    std::string dir = ::testing::TempDir() + "/corridor_e2e_cnet";
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "/t.gr") << "c tiny\np sp 3 4\na 1 2 10\na 2 1 10\na 2 3 5\na 3 2 5\n";
    auto r = run_cli("import dimacs " + dir + "/t.gr -o " + dir + "/t.cnet");
    EXPECT_EQ(r.code, 0) << r.err;
    return dir + "/t.cnet";
  }();
  return net;
}
}  // namespace

TEST(Cli, RouteOnANetworkRefusesEachFlagItCannotApply) {
#if !CORRIDOR_HAVE_OSM
  GTEST_SKIP() << "this build has no osm module (--net)";
#endif
  const std::string net = tiny_cnet();
  for (const char* flag : {"--alternatives 3", "--max-borders 1", "--year 2030", "--explain",
                           "--pareto", "--data tests/fixtures/tiny", "--geojson"}) {
    auto r = run_cli("route --net " + net + " 1 3 " + flag);
    EXPECT_EQ(r.code, 2) << flag << ": " << r.out;
    const std::string name = std::string(flag).substr(0, std::string(flag).find(' '));
    EXPECT_NE(r.err.find(name + " cannot be applied to an imported network (--net)"),
              std::string::npos)
        << flag << ": " << r.err;
  }
  // The example: it used to exit 0, print a road route and write no file.
  std::string out = ::testing::TempDir() + "/corridor_net_route.json";
  std::filesystem::remove(out);
  auto r = run_cli("route --net " + net +
                   " 1 3 --scenario nosuch --avoid ZZ --modes rail --alternatives 3 -o " + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--alternatives"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  // --scenario names an overlay file on a .cnet (net_e2e_test.cpp): a missing one exits 2.
  r = run_cli("route --net " + net + " 1 3 --scenario nosuch -o " + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("scenario file 'nosuch' not found"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(Cli, RouteOnANetworkHonoursJsonOutputAndProfile) {
#if !CORRIDOR_HAVE_OSM
  GTEST_SKIP() << "this build has no osm module (--net)";
#endif
  const std::string net = tiny_cnet();
  std::string out = ::testing::TempDir() + "/corridor_net_route_ok.json";
  std::filesystem::remove(out);
  auto r = run_cli("route --net " + net + " 1 3 --json -o " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.out.empty()) << "-o writes the file, not stdout: " << r.out;
  json j = json::parse(slurp(out));
  EXPECT_DOUBLE_EQ(j["cost"].get<double>(), 15);
  // --profile reaches the network router: a rail-only profile finds no route on a road graph,
  // and the dataset's profile names are not silently replaced by the default.
  EXPECT_EQ(run_cli("route --net " + net + " 1 3 --profile rail").code, 3);
  r = run_cli("route --net " + net + " 1 3 --profile teu");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("'teu'"), std::string::npos) << r.err;
}

TEST(Cli, TableRefusesFlagsOfTheOtherMode) {
#if !CORRIDOR_HAVE_OSM
  GTEST_SKIP() << "this build has no osm module (--net)";
#endif
  const std::string net = tiny_cnet();
  for (const char* flag :
       {"--scenario open-echo", "--modes road", "--avoid GE", "--year 2030", "--data x"}) {
    auto r = run_cli("table --net " + net + " --sources '1;2' --targets 3 " + flag);
    EXPECT_EQ(r.code, 2) << flag;
    EXPECT_NE(r.err.find("cannot be applied to an imported network"), std::string::npos)
        << flag << ": " << r.err;
  }
  std::string out = ::testing::TempDir() + "/corridor_net_table.csv";
  std::filesystem::remove(out);
  auto r = run_cli("table --net " + net + " --sources '1;2' --targets 3 -o " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(slurp(out).find("2,3,5"), std::string::npos) << slurp(out);
  // --pairs belongs to --net; on the dataset it is refused, not ignored.
  r = run_cli("table --sources Alpha,Echo --pairs x.csv " + kTiny);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--pairs cannot be applied to the dataset"), std::string::npos) << r.err;
  // --year on the dataset table is honoured: the planned Echo–Delta road opens in 2028.
  auto a = json::parse(run_cli("table --sources Echo --targets Delta --json " + kTiny).out);
  auto b =
      json::parse(run_cli("table --sources Echo --targets Delta --year 2028 --json " + kTiny).out);
  EXPECT_EQ(a["km"][0][0], 820.0);
  EXPECT_EQ(b["km"][0][0], 300.0);
  EXPECT_EQ(b["year"], 2028);
}

TEST(Cli, AssignRefusesFlagsOfTheOtherMode) {
  // Dataset flags with --tntp (checked before any file is read).
  for (const char* flag : {"--demand d.csv", "--scenario tripp", "--base baseline",
                           "--profile tonne", "--year 2030", "--data tests/fixtures/tiny"}) {
    auto r = run_cli("assign --tntp /nonexistent " + std::string(flag));
    EXPECT_EQ(r.code, 2) << flag;
    const std::string name = std::string(flag).substr(0, std::string(flag).find(' '));
    EXPECT_NE(r.err.find(name + " cannot be applied to a TNTP network (--tntp)"), std::string::npos)
        << r.err;
  }
  // TNTP flags with --demand.
  for (const char* flag : {"--compare-best", "--max-seconds 5", "--toll-factor 1",
                           "--flows-geojson x.geojson", "--plot g.svg", "--quiet"}) {
    auto r = run_cli("assign --demand tests/fixtures/none.csv " + std::string(flag) + " " + kTiny);
    EXPECT_EQ(r.code, 2) << flag;
    EXPECT_NE(r.err.find("cannot be applied to the dataset (--demand)"), std::string::npos)
        << r.err;
  }
  // Flags the old pass-through parser never saw are now parse errors, not silently dropped.
  EXPECT_EQ(run_cli("assign --tntp /nonexistent --frobnicate").code, 2);
}

TEST(Cli, AssignTntpOptionsAreBoundOnce) {
  if (!have_shared_tntp()) GTEST_SKIP() << "../shared/data/tntp is absent";
  std::string dir = ::testing::TempDir() + "/corridor_assign_cb";
  std::filesystem::remove_all(dir);
  auto r = run_cli(
      "assign --tntp ../shared/data/tntp/SiouxFalls --gap 1e-6 --threads 1 --compare-best "
      "--out-dir " +
      dir);
  ASSERT_EQ(r.code, 0) << r.err;
  json j = json::parse(r.out);
  EXPECT_LE(j["relative_gap"].get<double>(), 1e-6);
  EXPECT_TRUE(j.contains("max_flow_deviation")) << r.out;
  for (const char* f : {"link_flows.csv", "convergence.csv", "gap.svg", "summary.json"})
    EXPECT_TRUE(std::filesystem::exists(dir + "/" + f)) << f;
  // --max-iter reaches the TNTP run (it used to be replaced by the dataset default of 1000).
  r = run_cli("assign --tntp ../shared/data/tntp/SiouxFalls --gap 1e-12 --max-iter 3");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["iterations"].get<int>(), 3);
  r = run_cli("assign --tntp ../shared/data/tntp/SiouxFalls --algorithm xx");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown assignment algorithm"), std::string::npos) << r.err;
}

TEST(Cli, PlacesLimitOutOfRangeIsRefused) {
  EXPECT_EQ(run_cli("places alp --limit 0 " + kTiny).code, 2);
  EXPECT_EQ(run_cli("places alp --limit 51 " + kTiny).code, 2);
  auto r = run_cli("places a --limit 2 --json " + kTiny);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out).size(), 2u);
}

TEST(Cli, ImportTntpFlagsAreParsedOnceByTheCli) {
  auto r = run_cli("import tntp somewhere");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--out-dir is required"), std::string::npos) << r.err;
  r = run_cli("import tntp somewhere -o x --frobnicate");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--frobnicate"), std::string::npos) << r.err;
  EXPECT_EQ(run_cli("import tntp a b -o x").code, 2);
  EXPECT_EQ(run_cli("import tntp a -o").code, 2);
  EXPECT_EQ(run_cli("import tntp a -o x --length-unit ''").code, 2);
}

TEST(Cli, TheDefaultDatasetIsFoundFromTheBinaryNotTheBuildMachine) {
  // An installed layout: <prefix>/bin/corridor and <prefix>/share/corridor/caucasus.
  const std::string prefix =
      ::testing::TempDir() + "/corridor_prefix_" + std::to_string(::getpid());
  std::filesystem::remove_all(prefix);
  std::filesystem::create_directories(prefix + "/bin");
  std::filesystem::create_directories(prefix + "/share/corridor");
  std::filesystem::copy_file(CORRIDOR_BIN, prefix + "/bin/corridor");
  std::filesystem::permissions(prefix + "/bin/corridor", std::filesystem::perms::owner_exec,
                               std::filesystem::perm_options::add);
  auto run_in = [&](const std::string& args) {
    const std::string out = prefix + "/out.txt";
    int st = std::system(("cd / && env -u CORRIDOR_DATA '" + prefix + "/bin/corridor' " + args +
                          " >'" + out + "' 2>&1")
                             .c_str());
    return std::pair{WIFEXITED(st) ? WEXITSTATUS(st) : -1, slurp(out)};
  };
  // Nothing beside it: a clear usage error, not a path of the machine that built it.
  auto [code, text] = run_in("route Alpha Delta");
  EXPECT_EQ(code, 2) << text;
  EXPECT_NE(text.find("no dataset found"), std::string::npos) << text;
  std::filesystem::copy(std::string(CORRIDOR_SOURCE_DIR) + "/tests/fixtures/tiny",
                        prefix + "/share/corridor/caucasus",
                        std::filesystem::copy_options::recursive);
  std::tie(code, text) = run_in("route Alpha Delta");
  EXPECT_EQ(code, 0) << text;
  EXPECT_NE(text.find("Alpha → Delta"), std::string::npos) << text;
  std::filesystem::remove_all(prefix);
}

TEST(Cli, EveryRenderingIsGolden) {
  // One golden per rendering of the typed results on the tiny dataset. Compared with the
  // renderings of the JSON results before issue 9, the only change is the year a comparison
  // is evaluated at (JSON "year", the table's last line, the report's header line).
  const std::pair<const char*, const char*> cases[] = {
      {"compare-open-echo.json", "compare --scenario open-echo --json"},
      {"compare-open-echo.csv", "compare --scenario open-echo --csv"},
      {"compare-open-echo.txt", "compare --scenario open-echo"},
      {"route-alpha-bravo-road.geojson", "route Alpha Bravo --modes road --geojson"},
      {"route-echo-delta-alternatives.txt", "route Echo Delta --year 2028 --alternatives 3"},
      {"route-alpha-delta-explain.txt", "route Alpha Delta --explain"},
      {"table-tiny.csv", "table --sources Alpha,Echo --targets Delta,Bravo,Echo"},
  };
  for (const auto& [name, args] : cases) {
    auto r = run_cli(std::string(args) + " " + kTiny);
    ASSERT_EQ(r.code, 0) << args << ": " << r.err;
    expect_golden(name, r.out);
  }
  std::string report = ::testing::TempDir() + "/corridor_golden_report.html";
  ASSERT_EQ(run_cli("compare --scenario open-echo --report " + report + " " + kTiny).code, 0);
  expect_golden("compare-open-echo.html", slurp(report));
}

TEST(Cli, CompareTextSaysWhenNeitherSideHasARoute) {
  auto r = run_cli("compare --scenario open-echo --modes rail " + kTiny);
  ASSERT_EQ(r.code, 0) << r.err;
  // Echo has no railway: neither scenario routes it, which is not a "new route".
  const auto at = r.out.find("Echo → Delta");
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string block = r.out.substr(at, r.out.find("(both", at) - at);
  EXPECT_EQ(block.find("new route"), std::string::npos) << block;
  EXPECT_NE(block.find("Δ                     no route"), std::string::npos) << block;
  EXPECT_NE(r.out.find("(both evaluated with the links open in 2026)"), std::string::npos);
}
