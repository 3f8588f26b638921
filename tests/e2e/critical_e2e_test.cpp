// End-to-end: corridor critical, select-link and sweep on the bundled dataset.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "run.h"

namespace corridor::e2e {
namespace {

TEST(CriticalE2e, ThreadCountGivesIdenticalBytes) {
  for (const char* fmt : {"--csv", "--json", ""}) {
    e2e::Run a = run_cli(std::string("critical --threads 1 ") + fmt);
    e2e::Run b = run_cli(std::string("critical --threads 2 ") + fmt);
    ASSERT_EQ(a.code, 0) << a.err;
    ASSERT_EQ(b.code, 0) << b.err;
    EXPECT_EQ(a.out, b.out) << fmt;
    EXPECT_GT(a.out.size(), 100u);
  }
  e2e::Run a = run_cli("critical --assign ue --links border --threads 1 --csv");
  e2e::Run b = run_cli("critical --assign ue --links border --threads 2 --csv");
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
}

TEST(CriticalE2e, RankedByDeltaCostThenId) {
  e2e::Run r = run_cli("critical --json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  const auto& links = j["links"];
  ASSERT_GT(links.size(), 10u);
  for (size_t i = 1; i < links.size(); ++i) {
    double a = links[i - 1]["delta_cost_usd_per_day"], b = links[i]["delta_cost_usd_per_day"];
    EXPECT_GE(a, b) << i;
    if (a == b) {
      EXPECT_LT(links[i - 1]["id"].get<std::string>(), links[i]["id"].get<std::string>());
    }
  }
  // A link that carries flow in the base costs something (or strands demand) when removed.
  for (const auto& l : links) {
    if (l["base_units_per_day"].get<double>() > 0) {
      EXPECT_TRUE(l["delta_cost_usd_per_day"].get<double>() > 0 ||
                  l["unserved_units_per_day"].get<double>() > 0)
          << l["id"];
    }
  }
}

TEST(CriticalE2e, GeojsonHasOneLineStringPerRankedLink) {
  e2e::Run g = run_cli("critical --geojson --top 5");
  e2e::Run j = run_cli("critical --json --top 5");
  ASSERT_EQ(g.code, 0) << g.err;
  auto gj = nlohmann::json::parse(g.out);
  auto jj = nlohmann::json::parse(j.out);
  ASSERT_EQ(gj["features"].size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(gj["features"][i]["geometry"]["type"], "LineString");
    EXPECT_GE(gj["features"][i]["geometry"]["coordinates"].size(), 2u);
    EXPECT_EQ(gj["features"][i]["properties"], jj["links"][i]);
  }
  EXPECT_EQ(run_cli("critical --geojson --csv").code, 2);
}

TEST(CriticalE2e, PairsThreadCountGivesIdenticalBytesAndBothIds) {
  for (const char* fmt : {"--csv", "--json", ""}) {
    e2e::Run a = run_cli(std::string("critical --k 2 --links border,ferry --threads 1 ") + fmt);
    e2e::Run b = run_cli(std::string("critical --k 2 --links border,ferry --threads 2 ") + fmt);
    ASSERT_EQ(a.code, 0) << a.err;
    ASSERT_EQ(b.code, 0) << b.err;
    EXPECT_EQ(a.out, b.out) << fmt;
  }
  e2e::Run one = run_cli("critical --links border --json");
  e2e::Run two = run_cli("critical --k 2 --links border --json");
  ASSERT_EQ(two.code, 0) << two.err;
  auto j1 = nlohmann::json::parse(one.out);
  auto j2 = nlohmann::json::parse(two.out);
  const size_t n = j1["candidates"].get<size_t>();
  EXPECT_EQ(j2["k"], 2);
  EXPECT_EQ(j2["removals"].get<size_t>(), n * (n - 1) / 2);
  ASSERT_EQ(j2["links"].size(), n * (n - 1) / 2);
  std::map<std::string, double> single;
  for (const auto& l : j1["links"]) single[l["id"]] = l["delta_cost_usd_per_day"];
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t i = 0; i < j2["links"].size(); ++i) {
    const auto& l = j2["links"][i];
    const std::string a = l["id"], b = l["id2"];
    EXPECT_NE(a, b);
    EXPECT_TRUE(single.count(a) && single.count(b)) << a << " " << b;
    EXPECT_TRUE(seen.insert(std::minmax(a, b)).second) << "pair listed twice: " << a << " " << b;
    // Losing both costs at least as much as losing the worse one alone (AON: a path that avoids
    // both links also avoids each), unless demand is stranded (then Δ counts served ODs only).
    EXPECT_NEAR(l["interaction_usd_per_day"].get<double>(),
                l["delta_cost_usd_per_day"].get<double>() - single[a] - single[b], 0.02)
        << a << "+" << b;
    if (l["connected"].get<bool>()) {
      EXPECT_GE(l["delta_cost_usd_per_day"].get<double>() + 0.01, std::max(single[a], single[b]))
          << a << "+" << b;
    }
    if (i > 0) {
      const auto& p = j2["links"][i - 1];
      EXPECT_GE(p["delta_cost_usd_per_day"].get<double>(),
                l["delta_cost_usd_per_day"].get<double>());
    }
  }
  e2e::Run csv = run_cli("critical --k 2 --links border --csv --top 2");
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\n')),
            "rank,link_id,link_id2,mode,mode2,border,border2,from,to,from2,to2,base_units_per_day,"
            "base_units2_per_day,delta_cost_usd_per_day,unserved_units_per_day,"
            "unserved_tonnes_per_day,connected,interaction_usd_per_day,delta_tco2e_per_day");
  e2e::Run geo = run_cli("critical --k 2 --links border --geojson --top 2");
  ASSERT_EQ(geo.code, 0) << geo.err;
  auto g = nlohmann::json::parse(geo.out);
  ASSERT_EQ(g["features"].size(), 2u);
  EXPECT_EQ(g["features"][0]["geometry"]["type"], "MultiLineString");
  EXPECT_EQ(g["features"][0]["geometry"]["coordinates"].size(), 2u);
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

TEST(CriticalE2e, HtmlReportHasMapLegendScaleTableAndAssumptions) {
  const std::string path = ::testing::TempDir() + "/crit_report.html";
  std::filesystem::remove(path);
  e2e::Run r = run_cli("critical --top 12 --metric both --json --report '" + path + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);  // stdout is unchanged by --report
  const std::string html = slurp(path);
  ASSERT_GT(html.size(), 1000u);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.find("<script"), std::string::npos) << "self-contained: no scripts";
  EXPECT_EQ(html.find("src="), std::string::npos) << "nothing fetched";
  EXPECT_EQ(html.find("href="), std::string::npos) << "nothing fetched";
  // One table row per ranked link, each naming it; stranding rows marked.
  EXPECT_EQ(count(html, "<tr class=\""), j["links"].size());
  size_t stranded = 0, costly = 0;
  for (const auto& l : j["links"]) {
    EXPECT_NE(html.find("<b>" + l["id"].get<std::string>() + "</b>"), std::string::npos) << l["id"];
    stranded += !l["connected"].get<bool>();
    costly += l["delta_cost_usd_per_day"].get<double>() > 0;
  }
  EXPECT_EQ(count(html, "<tr class=\"strand\">"), stranded);
  // Every row has as many cells as the header has columns (Δ tCO2e included).
  {
    const size_t at = html.find("<table class=\"ranking\">");
    ASSERT_NE(at, std::string::npos);
    const std::string table = html.substr(at, html.find("</table>", at) - at);
    const size_t columns = count(table, "<th");
    EXPECT_NE(table.find("<th>Δ tCO2e/day</th>"), std::string::npos);
    EXPECT_EQ(count(table, "<td"), columns * j["links"].size());
  }
  ASSERT_GT(stranded, 0u);
  // The map: a coloured line per costly listed link, a dashed one per stranding link.
  EXPECT_EQ(count(html, "class=\"crit c"), costly);
  EXPECT_EQ(count(html, "class=\"crit strand\""), stranded);
  EXPECT_NE(html.find("class=\"legend\""), std::string::npos);
  EXPECT_NE(html.find("Δ cost, USD/day"), std::string::npos);
  EXPECT_NE(html.find("class=\"scale\""), std::string::npos);
  EXPECT_NE(html.find(" km</text>"), std::string::npos);
  EXPECT_NE(html.find("<h2>Assumptions</h2>"), std::string::npos);
  EXPECT_NE(html.find("all-or-nothing"), std::string::npos);
  EXPECT_NE(html.find("demand-2025.csv"), std::string::npos);
  // No temporary file left beside it (written atomically).
  size_t files = 0;
  for (const auto& e :
       std::filesystem::directory_iterator(std::filesystem::path(path).parent_path()))
    files += e.path().filename().string().rfind("crit_report.html", 0) == 0;
  EXPECT_EQ(files, 1u);

  e2e::Run p = run_cli("critical --k 2 --links border --top 5 --report '" + path + "'");
  ASSERT_EQ(p.code, 0) << p.err;
  const std::string h2 = slurp(path);
  EXPECT_NE(h2.find("and link"), std::string::npos);
  EXPECT_NE(h2.find("(worst listed pair)"), std::string::npos);
  EXPECT_EQ(count(h2, "<tr class=\""), 5u);
  {
    const size_t at = h2.find("<table class=\"ranking\">");
    const std::string table = h2.substr(at, h2.find("</table>", at) - at);
    EXPECT_NE(table.find("<th>interaction USD/day</th>"), std::string::npos);
    EXPECT_EQ(count(table, "<td"), count(table, "<th") * 5);
  }
  // An unwritable report path is an error, and nothing is printed as if it had worked.
  e2e::Run bad = run_cli("critical --top 1 --report /nonexistent-dir/x.html");
  EXPECT_NE(bad.code, 0);
  EXPECT_NE(bad.err.find("nonexistent-dir"), std::string::npos) << bad.err;
}

TEST(CriticalE2e, InteractionRanksPairsThatCostMoreThanTheirParts) {
  e2e::Run r = run_cli("critical --k 2 --metric interaction --links rail,border --top 20 --json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["links"].size(), 20u);
  for (size_t i = 1; i < j["links"].size(); ++i)
    EXPECT_GE(j["links"][i - 1]["interaction_usd_per_day"].get<double>(),
              j["links"][i]["interaction_usd_per_day"].get<double>());
  // The Georgia-Armenia crossing at Sadakhlo: its rail and road sides back each other up.
  EXPECT_GT(j["links"][0]["interaction_usd_per_day"].get<double>(), 100000);
  EXPECT_EQ(run_cli("critical --metric interaction").code, 2);  // needs --k 2
}

TEST(CriticalE2e, BadFlagsExitTwo) {
  EXPECT_EQ(run_cli("critical --k 3").code, 2);
  EXPECT_EQ(run_cli("critical --mode capacity:0.5").code, 2);  // needs --assign ue
  EXPECT_EQ(run_cli("critical --metric speed").code, 2);
  EXPECT_EQ(run_cli("critical --links no-such-link").code, 2);
  EXPECT_EQ(run_cli("critical --assign ue --mode capacity:1.5").code, 2);
}

TEST(CriticalE2e, OutputFileIsWritten) {
  std::string path = ::testing::TempDir() + "/crit_out.csv";
  e2e::Run r = run_cli("critical --csv --top 3 -o '" + path + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  std::string text = slurp(path);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4);
}

TEST(SelectLinkE2e, VolumesSumToTheLinksAssignedVolume) {
  e2e::Run c = run_cli("critical --json --top 5");
  ASSERT_EQ(c.code, 0) << c.err;
  auto cj = nlohmann::json::parse(c.out);
  for (const auto& l : cj["links"]) {
    e2e::Run r = run_cli("select-link " + l["id"].get<std::string>() + " --json");
    ASSERT_EQ(r.code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    double sum = 0;
    for (const auto& od : j["ods"]) sum += od["units_per_day"].get<double>();
    EXPECT_NEAR(sum, j["link_units_per_day"].get<double>(), 1e-3);
    EXPECT_NEAR(j["link_units_per_day"].get<double>(), l["base_units_per_day"].get<double>(), 1e-3);
    EXPECT_FALSE(j["ods"].empty());
  }
  EXPECT_EQ(run_cli("select-link NO-SUCH-LINK").code, 2);
}

TEST(SweepE2e, ThreadsAndShardsGiveTheSerialBytes) {
  for (const char* sweep :
       {"data/caucasus/sweeps/tripp-grid.toml", "data/caucasus/sweeps/monte-carlo.toml"}) {
    e2e::Run serial = run_cli(std::string("sweep ") + sweep + " --threads 1");
    ASSERT_EQ(serial.code, 0) << serial.err;
    EXPECT_GT(std::count(serial.out.begin(), serial.out.end(), '\n'), 20);
    e2e::Run two = run_cli(std::string("sweep ") + sweep + " --threads 2");
    EXPECT_EQ(serial.out, two.out) << sweep;
    for (int n : {2, 3, 5}) {
      std::string joined;
      for (int k = 1; k <= n; ++k) {
        e2e::Run s = run_cli(std::string("sweep ") + sweep + " --shard " + std::to_string(k) + "/" +
                             std::to_string(n));
        ASSERT_EQ(s.code, 0) << s.err;
        joined += s.out;
      }
      EXPECT_EQ(joined, serial.out) << sweep << " in " << n << " shards";
    }
    e2e::Run j1 = run_cli(std::string("sweep ") + sweep + " --json --threads 1");
    e2e::Run j2 = run_cli(std::string("sweep ") + sweep + " --json --threads 2");
    ASSERT_EQ(j1.code, 0) << j1.err;
    EXPECT_EQ(j1.out, j2.out);
  }
}

TEST(SweepE2e, GridVariesWhatItSays) {
  e2e::Run r = run_cli("sweep data/caucasus/sweeps/tripp-grid.toml --json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["runs"].size(), 27u);
  // Run ids are 1..27; the first key (opening_year) varies slowest.
  EXPECT_EQ(j["runs"][0]["opening_year"], 2028);
  EXPECT_EQ(j["runs"][26]["opening_year"], 2032);
  // Higher tariffs cost more, same everything else (runs 1..3: tariff 0.8, 1.0, 1.2).
  EXPECT_LT(j["runs"][0]["cost_usd_per_day"].get<double>(),
            j["runs"][1]["cost_usd_per_day"].get<double>());
  EXPECT_LT(j["runs"][1]["cost_usd_per_day"].get<double>(),
            j["runs"][2]["cost_usd_per_day"].get<double>());
  // TRIPP open by 2030 (run 2: opening 2028) is cheaper than TRIPP opening in 2032 (run 8).
  EXPECT_LT(j["runs"][1]["cost_usd_per_day"].get<double>(),
            j["runs"][7]["cost_usd_per_day"].get<double>());
}

TEST(SweepE2e, ListRunsMatchHandChecks) {
  std::string path = ::testing::TempDir() + "/list.toml";
  std::ofstream(path) << "scenario = \"baseline\"\n[[run]]\ndemand = 1.0\n[[run]]\ndemand = 2.0\n"
                         "[[run]]\ntariff = 1.0\nborder_dwell = 1.0\n";
  e2e::Run r = run_cli("sweep '" + path + "' --json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["runs"].size(), 3u);
  const double c1 = j["runs"][0]["cost_usd_per_day"], c2 = j["runs"][1]["cost_usd_per_day"];
  // All-or-nothing is linear in demand: twice the demand costs twice as much.
  EXPECT_NEAR(c2, 2 * c1, 0.02);
  EXPECT_EQ(j["runs"][0]["cost_usd_per_day"], j["runs"][2]["cost_usd_per_day"]);
  // The neutral run equals the base of `corridor critical` (same loading of the same demand).
  e2e::Run c = run_cli("critical --json --top 1");
  ASSERT_EQ(c.code, 0) << c.err;
  EXPECT_EQ(nlohmann::json::parse(c.out)["base"]["cost_usd_per_day"],
            j["runs"][0]["cost_usd_per_day"]);
}

TEST(SweepE2e, RandomDrawsStayInTheirRanges) {
  e2e::Run r = run_cli("sweep data/caucasus/sweeps/monte-carlo.toml --json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["runs"].size(), 64u);
  int tripp = 0;
  std::set<double> dwell;
  for (const auto& run : j["runs"]) {
    EXPECT_GE(run["border_dwell"].get<double>(), 0.5);
    EXPECT_LE(run["border_dwell"].get<double>(), 2.0);
    EXPECT_GE(run["tariff"].get<double>(), 0.75);
    EXPECT_LE(run["tariff"].get<double>(), 1.25);
    EXPECT_GE(run["demand"].get<double>(), 0.9);
    EXPECT_LE(run["demand"].get<double>(), 1.6);
    tripp += run["scenario"] == "tripp";
    dwell.insert(run["border_dwell"].get<double>());
  }
  EXPECT_GT(tripp, 10);
  EXPECT_LT(tripp, 54);
  EXPECT_EQ(dwell.size(), 64u);
}

TEST(SweepE2e, TomlErrorsNameFileLineColumn) {
  std::string dir = ::testing::TempDir();
  std::ofstream(dir + "/bad1.toml") << "[grid]\ntariff = [1.0,\n";
  e2e::Run a = run_cli("sweep '" + dir + "/bad1.toml'");
  EXPECT_NE(a.code, 0);
  EXPECT_NE(a.err.find("bad1.toml:"), std::string::npos) << a.err;
  std::ofstream(dir + "/bad2.toml") << "[grid]\ntariff = [1.0]\nspeed = [2]\n";
  e2e::Run b = run_cli("sweep '" + dir + "/bad2.toml'");
  EXPECT_NE(b.code, 0);
  EXPECT_NE(b.err.find("bad2.toml:3:9"), std::string::npos) << b.err;
  EXPECT_NE(b.err.find("unknown parameter 'speed'"), std::string::npos) << b.err;
  std::ofstream(dir + "/bad3.toml") << "[[run]]\ntariff = \"high\"\n";
  e2e::Run c = run_cli("sweep '" + dir + "/bad3.toml'");
  EXPECT_NE(c.err.find("bad3.toml:2:10"), std::string::npos) << c.err;
  EXPECT_EQ(run_cli("sweep data/caucasus/sweeps/tripp-grid.toml --shard 3/2").code, 2);
}

}  // namespace
}  // namespace corridor::e2e
