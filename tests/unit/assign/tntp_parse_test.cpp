// TNTP parsing on inline text: every quirk of the real files, and located errors.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "corridor/assign/assign.h"
#include "corridor/assign/tntp.h"
#include "corridor/core/error.h"

namespace corridor::assign {
namespace {

// Tabs, blanks, ';' row ends, '~' comments, an <ORIGINAL HEADER> with a '~', power 0, zero
// free-flow time, a duplicate parallel link, an isolated node id (5) and the factor tags.
const char* kNet =
    "<NUMBER OF ZONES> 2\t\t\n"
    "<NUMBER OF NODES>\t\t5\n"
    "<FIRST THRU NODE> 3 \n"
    "<NUMBER OF LINKS> 5\n"
    "<ORIGINAL HEADER>~ \tInit node \tTerm node ;\n"
    "<TOLL FACTOR> 0.5\n"
    "<DISTANCE FACTOR> 0.25 ~ per mile\n"
    "<END OF METADATA>\t\t\n"
    "\n"
    "~\tinit_node\tterm_node\tcapacity\tlength\tfree_flow_time\tb\tpower\tspeed\ttoll\ttype\t;\n"
    "\t1\t3\t100\t2\t1.5\t0.15\t4\t0\t2\t1\t;\n"
    " 3   4   1  0  0  0.00000000000000000000E+00  0 ; ~ zero time, power 0\n"
    "\t4\t2\t50.0\t1\t2\t1\t0\t0\t0\t1\t;\n"
    "\t4\t2\t60\t1\t3\t0.5\t2\t0\t0\t1;\n"
    "\t3\t1\t100\t2\t1.5\t0.15\t4\t0\t0\t1\t;\n";

const char* kTrips =
    "<NUMBER OF ZONES> 2\n"
    "<TOTAL OD FLOW> 30.0\n"
    "<END OF METADATA>\n"
    "\n"
    "Origin \t1 \n"
    "    1 :      0.0;     2 :    20.0; \n"
    "\n"
    "Origin 2\n"
    "1\t:\t10.000000;\t2:5;\n";

TntpNetwork parse(const char* net_text = kNet, const char* trips = kTrips) {
  TntpNetwork net;
  parse_tntp_net(net_text, "t_net.tntp", net);
  parse_tntp_trips(trips, "t_trips.tntp", net);
  return net;
}

TEST(TntpParse, ReadsMetadataLinksAndQuirks) {
  TntpNetwork net = parse();
  EXPECT_EQ(net.num_zones, 2u);
  EXPECT_EQ(net.num_nodes, 5u);
  EXPECT_EQ(net.first_thru_node, 3u);
  ASSERT_TRUE(net.toll_factor && net.distance_factor);
  EXPECT_DOUBLE_EQ(*net.toll_factor, 0.5);
  EXPECT_DOUBLE_EQ(*net.distance_factor, 0.25);
  ASSERT_EQ(net.links.size(), 5u);
  EXPECT_EQ(net.links[0].init, 1u);
  EXPECT_EQ(net.links[0].term, 3u);
  EXPECT_DOUBLE_EQ(net.links[0].toll, 2);
  EXPECT_EQ(net.links[1].line, 12);
  EXPECT_DOUBLE_EQ(net.links[1].free_flow_time, 0);
  EXPECT_DOUBLE_EQ(net.links[1].power, 0);
  EXPECT_DOUBLE_EQ(net.links[3].capacity, 60);  // "1;" row end glued to the last field
  EXPECT_EQ(net.links[3].type, 1);
  ASSERT_EQ(net.demand.size(), 2u);  // zero flows and 2 -> 2 dropped
  EXPECT_EQ(net.demand[0].origin, 1u);
  EXPECT_EQ(net.demand[0].destination, 2u);
  EXPECT_DOUBLE_EQ(net.demand[0].flow, 20);
  EXPECT_DOUBLE_EQ(net.demand[1].flow, 10);
  // The stated total counts the intra-zonal 5 too: a warning, not an error.
  EXPECT_EQ(net.warnings.size(), 1u);
}

TEST(TntpParse, ToProblemAppliesFactorsAndFirstThruNode) {
  TntpNetwork net = parse();
  AssignProblem p = to_problem(net);  // factors from the metadata
  EXPECT_EQ(p.num_nodes, 5u);
  EXPECT_EQ(p.first_thru_node, 2u);  // 0-based: nodes 0 and 1 are zones
  EXPECT_EQ(p.tail[0], 0u);
  EXPECT_DOUBLE_EQ(p.linear_cost[0], 0.5 * 2 + 0.25 * 2);
  AssignOptions opt;
  opt.toll_factor = 0;
  opt.distance_factor = 1;  // the command line wins over metadata
  AssignProblem q = to_problem(net, opt);
  EXPECT_DOUBLE_EQ(q.linear_cost[0], 2);
  EXPECT_NO_THROW(q.validate());
}

TEST(TntpParse, MatchesBestKnownFlowsToDuplicateLinksInOrder) {
  TntpNetwork net = parse();
  auto flows = parse_tntp_flows(
      "From \tTo \tVolume \tCost \n1 \t3 \t7 \t1\n4\t2\t1.5\t2\n4\t2\t2.5\t3\n3 4 0 0\n3 1 0 0\n",
      "t_flow.tntp");
  ASSERT_EQ(flows.size(), 5u);
  auto v = match_flows(net, flows);
  EXPECT_DOUBLE_EQ(v[0], 7);
  EXPECT_DOUBLE_EQ(v[2], 1.5);
  EXPECT_DOUBLE_EQ(v[3], 2.5);
  auto extra = parse_tntp_flows("2 1 3 0\n", "x_flow.tntp");
  EXPECT_THROW(match_flows(net, extra), Error);
}

TEST(TntpParse, NodeCoordinates) {
  TntpNetwork net = parse();
  parse_tntp_nodes("Node\tX\tY\t;\n1\t-96.5\t43.1\t;\n5 1 2\n", "t_node.tntp", net);
  EXPECT_DOUBLE_EQ(net.node_x[0], -96.5);
  EXPECT_DOUBLE_EQ(net.node_y[4], 2);
  EXPECT_TRUE(std::isnan(net.node_x[2]));
}

// The error names file:line:column and says what is wrong.
void expect_error(const std::string& net_text, const std::string& trips, const std::string& where,
                  const std::string& what) {
  try {
    parse(net_text.c_str(), trips.c_str());
    FAIL() << "expected an error at " << where;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_input);
    EXPECT_NE(e.full_text().find(where + ":"), std::string::npos) << e.full_text();
    EXPECT_NE(e.full_text().find(what), std::string::npos) << e.full_text();
    EXPECT_NE(std::string(e.what()).find("malformed TNTP file"), std::string::npos);
    ASSERT_EQ(e.details().size(), 1u);
    EXPECT_NE(e.details()[0].where.to_string().find(where), std::string::npos);
  }
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  s.replace(s.find(from), from.size(), to);
  return s;
}

TEST(TntpParse, ErrorsNameFileAndLine) {
  expect_error(replace(kNet, "\t4\t2\t50.0", "\t4\t9\t50.0"), kTrips, "t_net.tntp:13:4",
               "term node 9 is outside 1..5");
  expect_error(replace(kNet, "50.0", "fifty"), kTrips, "t_net.tntp:13:6",
               "capacity 'fifty' is not a number");
  expect_error(replace(kNet, "<NUMBER OF LINKS> 5", "<NUMBER OF LINKS> 6"), kTrips, "t_net.tntp:4",
               "says 6 but the file has 5");
  expect_error(replace(kNet, " 3   4   1  0  0  0.00000000000000000000E+00  0 ;", " 3 4 1 0 0"),
               kTrips, "t_net.tntp:12", "at least 7 fields");
  expect_error(replace(kNet, "<END OF METADATA>\t\t\n", ""), kTrips, "t_net.tntp", "METADATA");
  expect_error(replace(kNet, "\t1\t3\t100\t2\t1.5\t0.15\t4", "\t1\t3\t100\t2\t-1.5\t0.15\t4"),
               kTrips, "t_net.tntp:11", "free flow time must be >= 0");
  expect_error(kNet, replace(kTrips, "2 :    20.0", "3 :    20.0"), "t_trips.tntp:6",
               "destination 3 is outside 1..2");
  expect_error(kNet, replace(kTrips, "2 :    20.0", "2     20.0"), "t_trips.tntp:6",
               "expected 'destination : flow'");
  expect_error(kNet, replace(kTrips, "Origin \t1 \n", ""), "t_trips.tntp:5",
               "before any 'Origin' line");
  expect_error(kNet, replace(kTrips, "10.000000", "-1"), "t_trips.tntp:9", "demand must be >= 0");
}

TEST(TntpParse, MissingFilesAreIoErrors) {
  try {
    read_tntp_network("/nonexistent/dir");
    FAIL();
  } catch (const Error& e) {
    EXPECT_TRUE(e.code() == Errc::usage || e.code() == Errc::io_error) << e.what();
  }
  EXPECT_THROW(find_tntp_files("/nonexistent/dir"), Error);
}

}  // namespace
}  // namespace corridor::assign
