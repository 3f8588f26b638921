// The bundled South Caucasus dataset: it validates, every row is cited, route totals match the
// published figures used, and TRIPP changes what it should.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "corridor/api/api.h"
#include "corridor/core/files.h"
#include "corridor/io/csv.h"
#include "run.h"

using namespace corridor;
using nlohmann::json;

namespace {

const std::string kDir = std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus";

const api::Engine& engine() {
  static auto e = api::load_engine(kDir);
  return *e;
}

// link id -> {from node id, to node id}
std::map<std::string, std::pair<std::string, std::string>> link_ends() {
  std::map<std::string, std::pair<std::string, std::string>> m;
  const json geo = api::network_geojson(engine(), "tripp-kars");
  for (const auto& f : geo["features"]) {
    const json& p = f["properties"];
    if (p["kind"] == "link")
      m[p["id"].get<std::string>()] = {p["from"].get<std::string>(), p["to"].get<std::string>()};
  }
  return m;
}

std::set<std::string> nodes_visited(const json& route) {
  auto ends = link_ends();
  std::set<std::string> s;
  for (const auto& leg : route["legs"]) {
    s.insert(leg["from"].get<std::string>());
    s.insert(leg["to"].get<std::string>());
    for (const auto& l : leg["links"]) {
      const auto& e = ends[l.get<std::string>()];
      s.insert(e.first);
      s.insert(e.second);
    }
  }
  return s;
}

json route(const std::string& from, const std::string& to, const std::string& scenario,
           std::vector<std::string> modes = {}, std::vector<std::string> avoid = {}) {
  api::RouteRequest r;
  r.from = from;
  r.to = to;
  r.scenario = scenario;
  r.modes = std::move(modes);
  r.avoid = std::move(avoid);
  return api::to_json(api::route(engine(), r));
}

// Node flow conservation of an assignment's JSON: at every node that no demand row starts or
// ends at, the flow in equals the flow out (to the rounding of the printed flows); a node only
// sending sends, one only receiving receives, and no more leaves the origins than the demand.
void expect_flow_conserved(const json& j) {
  std::map<std::string, double> net_out;  // node id -> flow out - flow in
  std::map<std::string, int> degree;
  for (const auto& l : j["links"]) {
    const std::string a = l["from"], b = l["to"];
    const double ab = l["flow_ab"], ba = l["flow_ba"];
    net_out[a] += ab - ba;
    net_out[b] += ba - ab;
    ++degree[a];
    ++degree[b];
  }
  // The demand rows' nodes, as the engine resolves them (the ends of a route between them).
  std::set<std::string> origins, destinations;
  std::vector<Diagnostic> problems;
  const std::string path = kDir + "/demand-2025.csv";
  auto t = io::parse_csv(files::read_all(path), path, problems);
  ASSERT_TRUE(problems.empty());
  const int o = t.find("origin"), d = t.find("destination");
  ASSERT_GE(o, 0);
  ASSERT_GE(d, 0);
  for (const auto& row : t.rows) {
    try {
      const json r =
          route(row[size_t(o)].value, row[size_t(d)].value, j["scenario"].get<std::string>());
      origins.insert(r["from"]["id"].get<std::string>());
      destinations.insert(r["to"]["id"].get<std::string>());
    } catch (const Error& e) {
      // Unrouted demand carries no flow; its ends stay out of the sets, so they are checked as
      // through nodes, which is right for a node that only unrouted rows name.
      EXPECT_EQ(e.code(), Errc::no_route) << e.what();
    }
  }
  ASSERT_FALSE(origins.empty());
  int transit = 0;
  double sent = 0;
  for (const auto& [node, out] : net_out) {
    const bool is_o = origins.count(node), is_d = destinations.count(node);
    if (!is_o && !is_d) {
      ++transit;
      EXPECT_NEAR(out, 0, 0.01 * degree[node]) << "flow is not conserved at " << node;
    } else if (is_o && !is_d) {
      EXPECT_GT(out, 0) << "origin " << node << " sends nothing";
      sent += out;
    } else if (is_d && !is_o) {
      EXPECT_LT(out, 0) << "destination " << node << " receives nothing";
    }
  }
  EXPECT_GT(transit, 10) << "the check must cover the network's through nodes";
  EXPECT_LE(sent, j["demand_units_per_day"].get<double>() + 0.01 * double(j["links"].size()));
}

}  // namespace

TEST(Caucasus, ValidatesWithTheCli) {
  auto r = e2e::run_cli("validate data/caucasus");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("ok"), std::string::npos);
}

TEST(Caucasus, EveryRowHasASource) {
  for (const char* f : {"node.csv", "link.csv", "params.csv", "config.csv", "demand-2025.csv"}) {
    std::string path = kDir + "/" + f;
    if (std::string(f) == "demand-2025.csv" && !files::exists(path)) continue;
    std::vector<Diagnostic> problems;
    auto t = io::parse_csv(files::read_all(path), path, problems);
    ASSERT_TRUE(problems.empty()) << f;
    int col = t.find("source");
    ASSERT_GE(col, 0) << f << " has no source column";
    ASSERT_FALSE(t.rows.empty()) << f;
    for (const auto& row : t.rows)
      EXPECT_GE(row[static_cast<size_t>(col)].value.size(), 5u)
          << f << ":" << row[0].line << " has no real source";
  }
}

TEST(Caucasus, CoversTheRequiredPlaces) {
  for (const char* p :
       {"Baku",         "Alat",     "Ganja",       "Yevlakh",     "Horadiz",     "Aghband",
        "Meghri",       "Agarak",   "Nurduz",      "Ordubad",     "Julfa",       "Jolfa",
        "Nakhchivan",   "Naxçıvan", "Sharur",      "Sadarak",     "Dilucu",      "Yeraskh",
        "Igdir",        "Iğdır",    "Kars",        "Erzurum",     "Akhalkalaki", "Kartsakhi",
        "Marabda",      "Tbilisi",  "Böyük Kəsik", "Gardabani",   "Red Bridge",  "Poti",
        "Batumi",       "Sarpi",    "Yerevan",     "Gyumri",      "Akhurik",     "Margara",
        "Alican",       "Sadakhlo", "Ayrum",       "Bagratashen", "Ijevan",      "Gazakh",
        "Astara",       "Rasht",    "Qazvin",      "Tabriz",      "Aktau",       "Kuryk",
        "Turkmenbashi", "Istanbul"}) {
    // places() never throws on a name; it must find this one, as the best match.
    const auto m = api::places(engine(), p, 1).places;
    ASSERT_EQ(m.size(), 1u) << p << ": places finds nothing";
    api::RouteRequest r;
    r.from = p;
    r.to = "Baku";
    try {
      EXPECT_EQ(api::route(engine(), r).from.id, m[0].place.id) << p;
    } catch (const Error& e) {
      EXPECT_NE(e.code(), Errc::unknown_place) << p << ": " << e.what();
    }
  }
}

TEST(Caucasus, BakuKarsByRailIsNearThePublishedBtkLength) {
  // Fact sheet §2.1: BTK ≈ 846 km (504 AZ + 263 GE + 79 TR); sources range 826–850 km. Baku sits
  // a few km from the Alat end of the published figure, so allow ±5 %.
  json r = route("Baku", "Kars", "baseline", {"rail"});
  double km = r["total"]["km"];
  EXPECT_NEAR(km, 846, 846 * 0.05) << r.dump();
  EXPECT_EQ(r["countries"], json::array({"AZ", "GE", "TR"}));
  bool gauge_change = false;
  for (const auto& leg : r["legs"])
    if (leg["mode"] == "gauge_change" && leg["from"] == "GE-AKHALKALAKI") gauge_change = true;
  EXPECT_TRUE(gauge_change) << "BTK changes gauge at Akhalkalaki";
}

TEST(Caucasus, TrippRunsBakuNakhchivanThroughMeghriNeverIran) {
  json r = route("Baku", "Nakhchivan", "tripp", {"rail"});
  auto visited = nodes_visited(r);
  std::string seen;
  for (const auto& v : visited) seen += v + " ";
  EXPECT_TRUE(visited.count("AM-MEGHRI")) << seen;
  for (const auto& c : r["countries"]) EXPECT_NE(c, "IR");
  EXPECT_EQ(r["countries"], json::array({"AZ", "AM", "AZ"}));
  // The Meghri section is ~42 km (fact sheet §2.4: 42–46 km).
  double am_km = 0;
  for (const auto& leg : r["legs"])
    if (leg["from"].get<std::string>().rfind("AM-", 0) == 0 &&
        leg["to"].get<std::string>().rfind("AM-", 0) == 0)
      am_km += leg["km"].get<double>();
  EXPECT_GT(am_km, 20);
  EXPECT_LT(am_km, 60);
}

TEST(Caucasus, BaselineHasNoAllRailBakuNakhchivan) {
  api::RouteRequest r{"Baku", "Nakhchivan", "baseline",   "teu", {"rail"},
                      {},     std::nullopt, std::nullopt, 1,     false};
  try {
    api::route(engine(), r);
    FAIL() << "the Meghri line is closed today and Kars–Dilucu is not built";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::no_route);
  }
}

TEST(Caucasus, BaselineAvoidingIranDetoursThroughGeorgiaAndTurkey) {
  // The detour exists (Georgia and Türkiye): a "no route" answer fails the test.
  const json r = route("Baku", "Nakhchivan", "baseline", {}, {"IR"});
  std::set<std::string> c;
  for (const auto& x : r["countries"]) c.insert(x);
  EXPECT_FALSE(c.count("IR"));
  EXPECT_TRUE(c.count("GE") || c.count("AM")) << r.dump();
  EXPECT_TRUE(c.count("TR") || c.count("AM")) << r.dump();
  json t = route("Baku", "Nakhchivan", "tripp", {}, {"IR"});
  EXPECT_LT(t["total"]["hours"].get<double>(), r["total"]["hours"].get<double>());
  EXPECT_LT(t["total"]["km"].get<double>(), r["total"]["km"].get<double>());
}

TEST(Caucasus, CompareDeltasHaveTheRightSign) {
  api::CompareRequest c;
  c.base = "baseline";
  c.scenario = "tripp";
  json j = api::to_json(api::compare(engine(), c));
  ASSERT_GE(j["pairs"].size(), 7u);
  bool saw_nakhchivan = false;
  for (const auto& p : j["pairs"]) {
    ASSERT_FALSE(p["base"].is_null()) << p["from"]["name"] << " → " << p["to"]["name"];
    ASSERT_FALSE(p["scenario"].is_null());
    // Opening links can only lower the generalized cost.
    EXPECT_LE(p["delta"]["cost"].get<double>(), 1e-6)
        << p["from"]["name"] << " → " << p["to"]["name"];
    if (p["from"]["id"] == "AZ-BAKU" && p["to"]["id"] == "AZ-NAKHCHIVAN") {
      saw_nakhchivan = true;
      EXPECT_LT(p["delta"]["hours"].get<double>(), 0);
      EXPECT_LT(p["delta"]["cost"].get<double>(), 0);
    }
  }
  EXPECT_TRUE(saw_nakhchivan);
  // Closing Georgia's crossings can only raise costs, and they do for some pair.
  int compared = 0, dearer = 0;
  c.scenario = "georgia-disruption";
  const json disrupted = api::to_json(api::compare(engine(), c));
  for (const auto& p : disrupted["pairs"])
    if (!p["delta"].is_null()) {
      ++compared;
      EXPECT_GE(p["delta"]["cost"].get<double>(), -1e-6);
      dearer += p["delta"]["cost"].get<double>() > 1e-6;
    }
  EXPECT_GT(compared, 0) << "no pair has a route in both scenarios";
  EXPECT_GT(dearer, 0) << "closing Georgia's crossings changed no pair's cost";
}

TEST(Caucasus, EveryScenarioHasADescriptionAndLoads) {
  json s = api::to_json(api::scenarios(engine()));
  std::set<std::string> names;
  for (const auto& x : s) {
    names.insert(x["name"]);
    EXPECT_GE(x["description"].get<std::string>().size(), 10u) << x["name"];
  }
  for (const char* n : {"baseline", "tripp", "tripp-kars", "am-tr-border", "georgia-disruption"})
    EXPECT_TRUE(names.count(n)) << n;
}

TEST(Caucasus, TrippKarsOpensAnAllRailNakhchivanKarsLink) {
  json r = route("Nakhchivan", "Kars", "tripp-kars", {"rail"});
  EXPECT_EQ(r["countries"], json::array({"AZ", "TR"}));
  bool gauge = false;
  for (const auto& leg : r["legs"]) gauge |= leg["mode"] == "gauge_change";
  EXPECT_TRUE(gauge) << "1520/1435 break between Sadarak and Dilucu";
}

TEST(Caucasus, MainJobPrintsTheTableAndWritesTheReport) {
  std::string report = ::testing::TempDir() + "/compare-baseline-tripp.html";
  auto r = e2e::run_cli("compare --base baseline --scenario tripp --report " + report);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Baku → Nakhchivan"), std::string::npos);
  EXPECT_NE(r.out.find("Δ"), std::string::npos);
  std::string html = e2e::slurp(report);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("<path"), std::string::npos) << "country outlines drawn";
}

TEST(Caucasus, FreightMovesToMeghriWhenTrippOpens) {
  auto r = e2e::run_cli(
      "assign --demand data/caucasus/demand-2025.csv --scenario tripp --base baseline --json");
  ASSERT_EQ(r.code, 0) << r.err;
  json j = json::parse(r.out);
  EXPECT_TRUE(j["summary"]["converged"].get<bool>());
  bool meghri = false;
  for (const auto& s : j["sections"])
    if (s["section"] == "meghri") {
      meghri = true;
      EXPECT_EQ(s["base"]["tonnes_per_day"].get<double>(), 0);
      EXPECT_GT(s["scenario"]["tonnes_per_day"].get<double>(), 0);
    }
  EXPECT_TRUE(meghri);
  for (const auto& c : j["corridors"])
    if (c["corridor"] == "az-nakhchivan") {
      EXPECT_EQ(c["share_via"]["meghri"]["base"].get<double>(), 0);
      EXPECT_GT(c["share_via"]["meghri"]["scenario"].get<double>(), 0.5);
    }
  // Flows are conserved: what a corridor sends is what the network carries from its origins.
  EXPECT_GT(j["demand_units_per_day"].get<double>(), 0);
  expect_flow_conserved(j);
  // --out-dir is created if missing and gets CSV, GeoJSON (the dataset's geometry) and JSON.
  std::string dir = ::testing::TempDir() + "/corridor_assign_out/nested";
  std::filesystem::remove_all(::testing::TempDir() + "/corridor_assign_out");
  auto text = e2e::run_cli(
      "assign --demand data/caucasus/demand-2025.csv --scenario tripp --base baseline --out-dir " +
      dir);
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("TRIPP Meghri section"), std::string::npos);
  json geo = json::parse(e2e::slurp(dir + "/link_flows.geojson"));
  EXPECT_EQ(geo["features"].size(), j["links"].size());
  EXPECT_EQ(geo["features"][0]["geometry"]["type"], "LineString");
  EXPECT_GT(geo["features"][0]["geometry"]["coordinates"].size(), 1u);
  EXPECT_NE(e2e::slurp(dir + "/link_flows.csv").find("R-MEGHRI-NRNADZOR"), std::string::npos);
  EXPECT_EQ(json::parse(e2e::slurp(dir + "/assignment.json"))["scenario"], "tripp");
}

TEST(Caucasus, RouteLengthsMatchThePublishedFigures) {
  struct Case {
    const char *from, *to, *scenario, *mode;
    double km, tolerance;
    const void* unused;
    const char* source;
  };
  const Case cases[] = {
      {"Horadiz", "Aghband", "tripp", "rail", 110.4, 0.05, nullptr,
       "facts §2.3: 110.4 km main line (ADY)"},
      {"Kars", "Dilucu", "tripp-kars", "rail", 224, 0.05, nullptr, "facts §2.5: 224 km (Uraloğlu)"},
      {"Rasht", "Qazvin", "baseline", "rail", 164, 0.05, nullptr,
       "facts §2.7: 164 km, opened 2019"},
      {"Jolfa", "Tabriz", "baseline", "rail", 146, 0.06, nullptr, "facts §2.4: 140–146 km"},
      {"Astara (Iran)", "Rasht", "tripp-kars", "rail", 162, 0.06, nullptr,
       "facts §2.7: Rasht–Astara gap 162 km (open by 2029)"},
  };
  for (const auto& c : cases) {
    api::RouteRequest r;
    r.from = c.from;
    r.to = c.to;
    r.scenario = c.scenario;
    r.modes = {c.mode};
    r.year = 2030;
    json j = api::to_json(api::route(engine(), r));
    EXPECT_NEAR(j["total"]["km"].get<double>(), c.km, c.km * c.tolerance)
        << c.from << " → " << c.to << ": " << c.source;
  }
  // The Nakhchivan railway's published 188 km (ADY, Dec 2025) / 194.1 km (ADY, Jan 2026) count
  // station tracks; the dataset's main line follows OSM geometry, so it must come out shorter
  // than 188 km but not by more than the station and siding share (as Horadiz–Aghband: 110.4 km
  // main line of 140.6 km in all, facts §2.3).
  api::RouteRequest r;
  r.from = "Sadarak";
  r.to = "Sallammelik";
  r.scenario = "tripp";
  r.modes = {"rail"};
  double km = api::route(engine(), r).best().total.km;
  EXPECT_LE(km, 188);
  EXPECT_GE(km, 188 * 110.4 / 140.6);
}
