// Reader for the TNTP formats of "Transportation Networks for Research"
// (https://github.com/bstabler/TransportationNetworks): *_net.tntp, *_trips.tntp, *_node.tntp and
// the best-known *_flow.tntp. Node ids stay 1-based here, exactly as in the files; to_problem()
// (assign.h) converts to the 0-based generic AssignProblem.
//
// Accepted syntax: `<TAG> value` metadata up to `<END OF METADATA>`, `~` comments to the end of
// the line, fields separated by tabs or blanks, `;` row ends (optional), trips as
// `Origin o` followed by `d : flow;` entries (any number per line). Malformed input throws
// corridor::Error(Errc::invalid_input) whose Diagnostic names file:line:column.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::assign {

struct TntpLink {
  uint32_t init = 0, term = 0;  // 1-based node ids
  double capacity = 0, length = 0, free_flow_time = 0, b = 0, power = 0, speed = 0, toll = 0;
  int type = 0;
  int line = 0;  // line in the net file, for diagnostics
};

struct TntpDemand {
  uint32_t origin = 0, destination = 0;  // 1-based zone ids
  double flow = 0;
};

struct TntpNetwork {
  std::string name;  // e.g. "SiouxFalls" (file name without _net.tntp)
  std::string net_file, trips_file, node_file;
  uint32_t num_zones = 0, num_nodes = 0;
  uint32_t first_thru_node = 1;  // 1-based; zones 1..first_thru_node-1 may not be passed through
  std::optional<double> toll_factor, distance_factor;  // <TOLL FACTOR>, <DISTANCE FACTOR>
  std::vector<TntpLink> links;
  std::vector<TntpDemand> demand;       // as read (zero flows and o == d dropped), file order
  std::optional<double> total_od_flow;  // <TOTAL OD FLOW> as stated
  std::vector<double> node_x, node_y;   // from *_node.tntp, index id-1 (NaN = not given)
  std::vector<std::string> warnings;    // non-fatal findings (e.g. total OD flow mismatch)
};

// One row of a *_flow.tntp file.
struct TntpFlow {
  uint32_t init = 0, term = 0;
  double volume = 0, cost = 0;
};

struct TntpFiles {
  std::string net, trips, node, flow;  // empty = absent
};

// Finds *_net.tntp, *_trips.tntp, *_node.tntp, *_flow.tntp in a directory (case-insensitive
// suffixes). Throws io_error if the directory or the net file is missing.
TntpFiles find_tntp_files(const std::string& dir);

// Reads a network: `path` is a directory (see find_tntp_files) or a *_net.tntp file (trips and
// node files next to it are picked up by name). Trips are required unless require_trips is false.
TntpNetwork read_tntp_network(const std::string& path, bool require_trips = true);
TntpNetwork read_tntp(const TntpFiles& files, bool require_trips = true);

// Parsers over in-memory text; `file` is only used in diagnostics.
void parse_tntp_net(std::string_view text, const std::string& file, TntpNetwork& net);
void parse_tntp_trips(std::string_view text, const std::string& file, TntpNetwork& net);
void parse_tntp_nodes(std::string_view text, const std::string& file, TntpNetwork& net);
std::vector<TntpFlow> parse_tntp_flows(std::string_view text, const std::string& file);
std::vector<TntpFlow> read_tntp_flows(const std::string& path);

// Best-known volumes in link order: the k-th row for (i, j) goes to the k-th link i->j, so
// duplicate parallel links are matched in file order. Throws invalid_input if a row has no link.
std::vector<double> match_flows(const TntpNetwork& net, const std::vector<TntpFlow>& flows,
                                const std::string& file = "<flows>");

}  // namespace corridor::assign
