// Issue 15, item 7: counts read from TNTP files are validated before they size or bound anything.
// A _net.tntp declaring 0 zones/nodes/links used to be accepted, after which the node-file
// parser wrote past an empty array.
#include <gtest/gtest.h>

#include <string>

#include "corridor/assign/tntp.h"
#include "corridor/core/error.h"

namespace corridor::assign {
namespace {

std::string net_text(int zones, int nodes, int links) {
  return "<NUMBER OF ZONES> " + std::to_string(zones) + "\n<NUMBER OF NODES> " +
         std::to_string(nodes) + "\n<NUMBER OF LINKS> " + std::to_string(links) +
         "\n<END OF METADATA>\n1 2 10 1 1 0.15 4 0 0 1 ;\n";
}

Errc code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return Errc::internal;  // nothing thrown
}

TEST(TntpCounts, ZeroCountsAreRefused) {
  TntpNetwork ok;
  parse_tntp_net(net_text(1, 2, 1), "ok_net.tntp", ok);
  EXPECT_EQ(ok.num_nodes, 2u);
  for (auto [z, n, l] : {std::tuple{0, 2, 1}, std::tuple{1, 0, 1}, std::tuple{1, 2, 0}}) {
    TntpNetwork net;
    EXPECT_EQ(code_of([&] { parse_tntp_net(net_text(z, n, l), "x_net.tntp", net); }),
              Errc::invalid_input)
        << z << " " << n << " " << l;
  }
}

TEST(TntpCounts, NodeFileNeedsABoundedNetwork) {
  TntpNetwork empty;  // no net file read (or one that declared no nodes)
  EXPECT_EQ(code_of([&] { parse_tntp_nodes("Node X Y\n7 1 2\n", "x_node.tntp", empty); }),
            Errc::invalid_input);
  TntpNetwork net;
  parse_tntp_net(net_text(1, 2, 1), "x_net.tntp", net);
  EXPECT_EQ(code_of([&] { parse_tntp_nodes("Node X Y\n3 1 2\n", "x_node.tntp", net); }),
            Errc::invalid_input);
  parse_tntp_nodes("Node X Y\n2 1 2\n", "x_node.tntp", net);
  EXPECT_EQ(net.node_x[1], 1.0);
}

TEST(TntpCounts, TripsNeedAZoneBoundThatFitsTheNetwork) {
  TntpNetwork net;
  parse_tntp_net(net_text(1, 2, 1), "x_net.tntp", net);
  net.num_zones = 0;  // a net file without <NUMBER OF ZONES>
  EXPECT_EQ(code_of([&] {
              parse_tntp_trips("<END OF METADATA>\nOrigin 1\n 5 : 1.0;\n", "x_trips.tntp", net);
            }),
            Errc::invalid_input);
  EXPECT_EQ(code_of([&] {
              parse_tntp_trips("<NUMBER OF ZONES> 9\n<END OF METADATA>\nOrigin 1\n 5 : 1.0;\n",
                               "x_trips.tntp", net);
            }),
            Errc::invalid_input);
  EXPECT_EQ(code_of([&] {
              parse_tntp_trips("<NUMBER OF ZONES> 0\n<END OF METADATA>\n", "x_trips.tntp", net);
            }),
            Errc::invalid_input);
}

// Found by fuzz_tntp (fuzz/regressions/fuzz_tntp): numbers written as huge floating-point values
// were converted to integers out of range (undefined behaviour); they are refused instead.
TEST(TntpCounts, HugeNumbersWhereIntegersBelongAreRefused) {
  auto net_with = [](const std::string& meta_nodes, const std::string& row) {
    return "<NUMBER OF ZONES> 1\n<NUMBER OF NODES> " + meta_nodes +
           "\n<NUMBER OF LINKS> 1\n<END OF METADATA>\n" + row + "\n";
  };
  for (const std::string& text :
       {net_with("3e30", "1 2 10 1 1 0.15 4 0 0 1 ;"),           // count
        net_with("2", "1e300 2 10 1 1 0.15 4 0 0 1 ;"),          // node id
        net_with("2", "1 2 10 1 1 0.15 4 0 0 3.3e58 ;"),         // link type
        net_with("2", "1 8589934593 10 1 1 0.15 4 0 0 1 ;")}) {  // id beyond 32 bits
    TntpNetwork net;
    EXPECT_EQ(code_of([&] { parse_tntp_net(text, "x_net.tntp", net); }), Errc::invalid_input)
        << text;
  }
  EXPECT_EQ(code_of([&] { parse_tntp_flows("From To Volume Cost\n4294967297 1 2 3\n", "f"); }),
            Errc::invalid_input);
}

}  // namespace
}  // namespace corridor::assign
