// One test per loader error class: message and location (file:line:column).
#include "corridor/io/dataset.h"

#include <gtest/gtest.h>

#include "corridor/core/error.h"
#include "support/world.h"

using namespace corridor;

namespace {

const char* kNodes =
    "node_id,name,x_coord,y_coord,country,node_type,source\n"
    "A,Alpha,49.8,40.4,AZ,city,test\n"
    "B,Beta,44.8,41.7,GE,city,test\n";
const char* kLinks =
    "link_id,from_node_id,to_node_id,directed,mode,link_type,length,free_speed,gauge_mm,status,"
    "source\n"
    "AB,A,B,0,road,border,10,50,,operating,test\n";

// Loads and returns the diagnostics as "file:line:col: message" lines (empty only if it loaded).
std::vector<std::string> problems(std::string nodes, std::string links, std::string params = "",
                                  std::string config = "") {
  io::DatasetText t;
  t.nodes = std::move(nodes);
  t.links = std::move(links);
  t.params = std::move(params);
  t.config = std::move(config);
  try {
    io::load_dataset_text(t);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_dataset);
    std::vector<std::string> out;
    for (const auto& d : e.details()) out.push_back(d.to_string());
    // A failure without located details is a failure too, never "no problems".
    if (out.empty()) out.push_back(std::string("error without a location: ") + e.what());
    return out;
  }
  return {};
}

std::string only(const std::vector<std::string>& v) {
  EXPECT_EQ(v.size(), 1u) << ::testing::PrintToString(v);
  return v.empty() ? "" : v.front();
}

}  // namespace

TEST(Dataset, ValidWorldLoads) { EXPECT_TRUE(problems(kNodes, kLinks).empty()); }

TEST(Dataset, UnknownNode) {
  std::string links = std::string(kLinks) + "BX,B,X,0,road,line,10,50,,operating,test\n";
  EXPECT_EQ(only(problems(kNodes, links)),
            "link.csv:3:6: column 'to_node_id': expected a node_id from node.csv, found unknown "
            "node 'X'");
}

TEST(Dataset, DuplicateIds) {
  std::string nodes = std::string(kNodes) + "A,Again,45,40,AZ,city,test\n";
  EXPECT_EQ(only(problems(nodes, kLinks)), "node.csv:4:1: column 'node_id': duplicate node id 'A'");
  std::string links = std::string(kLinks) + "AB,A,B,0,road,border,12,50,,operating,test\n";
  EXPECT_EQ(only(problems(kNodes, links)),
            "link.csv:3:1: column 'link_id': duplicate link id 'AB'");
}

TEST(Dataset, BadAndNonFiniteNumbers) {
  std::string links = std::string(kLinks) + "AB2,A,B,0,road,border,ten,50,,operating,test\n" +
                      "AB3,A,B,0,road,border,nan,50,,operating,test\n" +
                      "AB4,A,B,0,road,border,10,inf,,operating,test\n";
  auto p = problems(kNodes, links);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0], "link.csv:3:23: column 'length': expected a finite number, found 'ten'");
  EXPECT_EQ(p[1], "link.csv:4:23: column 'length': expected a finite number, found 'nan'");
  EXPECT_EQ(p[2], "link.csv:5:26: column 'free_speed': expected a finite number, found 'inf'");
}

TEST(Dataset, NegativeLength) {
  std::string links = std::string(kLinks) + "AB2,A,B,0,road,border,-5,50,,operating,test\n";
  EXPECT_EQ(only(problems(kNodes, links)),
            "link.csv:3:23: column 'length': expected a number >= 0, found '-5'");
}

TEST(Dataset, LatLonOutOfRange) {
  std::string nodes =
      std::string(kNodes) + "C,Gamma,190,40,AZ,city,test\n" + "D,Delta,45,-91,AZ,city,test\n";
  auto p = problems(nodes, kLinks);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0], "node.csv:4:9: column 'x_coord': expected a number in [-180, 180], found '190'");
  EXPECT_EQ(p[1], "node.csv:5:12: column 'y_coord': expected a number in [-90, 90], found '-91'");
}

TEST(Dataset, UnknownModeStatusCountry) {
  std::string nodes = std::string(kNodes) + "C,Gamma,45,40,XX,city,test\n";
  std::string links = std::string(kLinks) + "AB2,A,B,0,plane,border,10,50,,operating,test\n" +
                      "AB3,A,B,0,road,border,10,50,,open,test\n";
  auto p = problems(nodes, links);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0],
            "node.csv:4:15: column 'country': expected an ISO 3166-1 alpha-2 code (e.g. AZ, AM, "
            "GE, TR, IR), found 'XX'");
  EXPECT_EQ(p[1], "link.csv:3:11: column 'mode': expected rail, road or ferry, found 'plane'");
  EXPECT_EQ(p[2],
            "link.csv:4:30: column 'status': expected operating, construction, planned or closed, "
            "found 'open'");
}

TEST(Dataset, MissingRequiredColumn) {
  std::string nodes = "node_id,name,x_coord,country,node_type,source\nA,Alpha,49.8,AZ,city,test\n";
  auto p = problems(nodes, kLinks);
  ASSERT_FALSE(p.empty());
  EXPECT_EQ(p[0], "node.csv:1:1: missing required column 'y_coord'");
}

TEST(Dataset, EmptyFile) {
  auto p = problems("", kLinks);
  ASSERT_FALSE(p.empty());
  EXPECT_EQ(p[0], "node.csv:1:1: empty file: expected a header line");
}

TEST(Dataset, LinkBetweenTheSameNode) {
  std::string links = std::string(kLinks) + "AA,A,A,0,road,line,10,50,,operating,test\n";
  EXPECT_EQ(only(problems(kNodes, links)),
            "link.csv:3:6: column 'to_node_id': expected a node other than from_node_id, found the "
            "same node 'A'");
}

TEST(Dataset, BorderLinkWithinOneCountry) {
  std::string nodes = std::string(kNodes) + "C,Gamma,45,40,AZ,city,test\n";
  std::string links = std::string(kLinks) + "AC,A,C,0,road,border,10,50,,operating,test\n";
  EXPECT_EQ(only(problems(nodes, links)),
            "link.csv:3:15: column 'link_type': expected the ends of a border link in two "
            "countries, found both in AZ");
}

TEST(Dataset, LineLinkAcrossABorder) {
  std::string links = std::string(kLinks) + "AB2,A,B,0,road,line,10,50,,operating,test\n";
  EXPECT_EQ(only(problems(kNodes, links)),
            "link.csv:3:16: column 'link_type': expected a 'border' link between AZ and GE (A -> "
            "B), found 'line'");
}

TEST(Dataset, RailNeedsGaugeRoadMustNotHaveOne) {
  std::string links = std::string(kLinks) + "R1,A,B,0,rail,border,10,50,,operating,test\n" +
                      "R2,A,B,0,road,border,10,50,1520,operating,test\n" +
                      "R3,A,B,0,rail,border,10,50,1000x,operating,test\n";
  auto p = problems(kNodes, links);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0],
            "link.csv:3:28: column 'gauge_mm': expected a gauge for a rail link (1520 or 1435), "
            "found an empty cell");
  EXPECT_EQ(
      p[1],
      "link.csv:4:28: column 'gauge_mm': expected an empty cell for a road link, found '1520'");
  EXPECT_EQ(p[2],
            "link.csv:5:28: column 'gauge_mm': expected 1520, 1435 (or '1435;1520' for dual "
            "gauge), found '1000x'");
}

TEST(Dataset, PlannedLinkNeedsAYear) {
  std::string links = std::string(kLinks) + "AB2,A,B,0,road,border,10,50,,planned,test\n";
  auto p = problems(kNodes, links);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].find("column 'status_year': expected the year a planned link is due to open"),
            std::string::npos);
}

TEST(Dataset, MissingSource) {
  std::string links = std::string(kLinks) + "AB2,A,B,0,road,border,10,50,,operating,\n";
  EXPECT_EQ(only(problems(kNodes, links)),
            "link.csv:3:40: column 'source': expected a value, found an empty cell");
}

TEST(Dataset, WrongFieldCountAndUnterminatedQuote) {
  std::string links =
      std::string(kLinks) + "AB2,A,B,0,road\n" + "AB3,\"A,B,0,road,border,10,50,,operating,test\n";
  auto p = problems(kNodes, links);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0], "link.csv:3:1: expected 11 fields (as in the header), found 5");
  EXPECT_EQ(p[1],
            "link.csv:4:5: unterminated quoted field: expected a closing '\"', found end of file");
}

TEST(Dataset, ConfigUnitsAreChecked) {
  std::string cfg = "dataset_name,long_length,speed,crs,currency\ntest,mi,km/h,EPSG:4326,USD\n";
  EXPECT_EQ(only(problems(kNodes, kLinks, "", cfg)),
            "config.csv:2:6: column 'long_length': expected 'km', found 'mi'");
}

TEST(Dataset, AllProblemsAreReportedNotOnlyTheFirst) {
  std::string links = std::string(kLinks);
  for (int i = 0; i < 80; ++i)
    links += "L" + std::to_string(i) + ",A,Q,0,road,line,10,50,,operating,test\n";
  io::DatasetText t{"", kNodes, links, "", "<memory>"};
  try {
    io::load_dataset_text(t);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.details().size(), io::kMaxProblems);
    EXPECT_NE(std::string(e.what()).find("80 problems (first 50 shown)"), std::string::npos);
  }
}

TEST(Dataset, BomCrlfAndQuotesAccepted) {
  std::string nodes =
      "\xEF\xBB\xBFnode_id,name,x_coord,y_coord,country,node_type,aliases,source\r\n"
      "A,\"Naxçıvan, city\",45.4,39.2,AZ,city,\"Nakhchivan;Naxçıvan\",\"test, with comma\"\r\n"
      "B,Beta,44.8,41.7,GE,city,,test\r\n";
  std::string links =
      "link_id,from_node_id,to_node_id,directed,mode,link_type,length,free_speed,status,source\r\n"
      "# a comment line\r\n\r\n"
      "AB,A,B,0,road,border,10,50,operating,\"say \"\"hi\"\"\"\r\n";
  io::DatasetText t{"", nodes, links, "", "<memory>"};
  auto net = io::load_dataset_text(t);
  ASSERT_EQ(net.nodes.size(), 2u);
  EXPECT_EQ(net.nodes[network::NodeIdx{0}].name, "Naxçıvan, city");
  EXPECT_EQ(net.nodes[network::NodeIdx{0}].aliases,
            (std::vector<std::string>{"Nakhchivan", "Naxçıvan"}));
  EXPECT_EQ(net.links[network::LinkIdx{0}].source, "say \"hi\"");
}

TEST(Dataset, TestWorldGoesThroughTheLoader) {
  auto net = corridor::test::world("node A AZ\nnode B AZ\nlink ab A -- B road km=10 kmh=50\n");
  EXPECT_EQ(net.nodes.size(), 2u);
  EXPECT_DOUBLE_EQ(net.links[network::LinkIdx{0}].hours(), 0.2);
  EXPECT_TRUE(network::check(net).empty());
}

TEST(Dataset, MissingDirectoryIsAClearError) {
  try {
    io::load_dataset("/nonexistent/dataset");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_dataset);
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos);
  }
}

TEST(Dataset, ForgottenCostParametersAreErrorsNotZeros) {
  std::string params =
      "profile,parameter,mode,country,value,source\n"
      "teu,money_per_teu,,,1,t\nteu,tonnes_per_unit,,,14,t\nteu,tariff_km,road,GE,1,t\n"
      "tonne,value_of_time,,,0.1,t\ntonne,money_per_teu,,,0.07,t\ntonne,tonnes_per_unit,,,1,t\n"
      "tonne,tariff_km,road,,0.1,t\n";
  auto p = problems(kNodes, kLinks, params);
  ASSERT_EQ(p.size(), 2u) << ::testing::PrintToString(p);
  EXPECT_EQ(p[0],
            "params.csv:1:1: profile 'teu': expected a row for tariff_km for mode road with "
            "country '*' (or empty), found none");
  EXPECT_EQ(p[1], "params.csv:1:1: profile 'teu': expected a row for value_of_time, found none");
}

TEST(Dataset, TransferRulesAreParsedAndChecked) {
  std::string nodes =
      "node_id,name,x_coord,y_coord,country,node_type,transfers,source\n"
      "A,Alpha,49.8,40.4,AZ,port,\"rail-road:12/150;ferry-rail:-\",test\n"
      "B,Beta,44.8,41.7,GE,city,rail-plane:1/2,test\n";
  auto p = problems(nodes, kLinks);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0],
            "node.csv:3:26: column 'transfers': expected MODE-MODE:HOURS/USD or MODE-MODE:- (e.g. "
            "rail-road:12/150), found unknown or equal modes in 'rail-plane:1/2'");
}
