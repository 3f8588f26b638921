// FlatNetwork: a large imported network as flat arrays (E3), stored in a .cnet file (E10).
// Links are directed and sorted by tail, so (first_out, links[].head) is the CSR routing graph
// and link index == arc index. A node is one OSM node in one layer: the road layer (roads and
// ferries, which trucks drive onto) or the rail layer; a level crossing is two nodes, and
// `transfer` links join the layers at stations and connect off-road ferry terminals.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "corridor/network/network.h"
#include "corridor/route/graph.h"

namespace corridor::osm {

using network::Mode;
enum class Layer : uint8_t { road = 0, rail = 1 };
enum class FlatNodeKind : uint8_t { plain = 0, station = 1, ferry_terminal = 2, border_post = 3 };
std::string_view to_string(FlatNodeKind k);

enum LinkFlag : uint8_t {
  kBorder = 1,   // ends in two different countries
  kNoHgv = 2,    // hgv=no: closed to trucks
  kService = 4,  // rail service=siding/yard/spur/crossover: not for through routing
  kElectrified = 8,
  kLengthKnown = 16,  // length_m is meaningful (false for DIMACS)
  // Joins the rail layer to the road layer at a station, or an off-road ferry landing to the
  // road: an access road (mode road) that a profile may use when it allows rail or ferry too.
  kTransfer = 32,
};

struct FlatNode {
  int32_t lat_e7 = 0, lon_e7 = 0;  // degrees * 1e7
  uint16_t country = 0;            // index into FlatNetwork::countries; 0 = unknown
  uint8_t kind = 0;                // FlatNodeKind
  uint8_t layer = 0;               // Layer
  double lat() const { return lat_e7 * 1e-7; }
  double lon() const { return lon_e7 * 1e-7; }
};
static_assert(sizeof(FlatNode) == 12 && std::is_trivially_copyable_v<FlatNode>);

struct FlatLink {
  uint32_t tail = 0, head = 0;
  uint32_t cost = 0;      // routing cost: travel time in deciseconds (DIMACS: the input weight)
  float length_m = 0;     // see kLengthKnown
  uint16_t gauge_mm = 0;  // rail only, 0 = unknown
  uint8_t mode = 0;       // network::Mode (the same numbers as the dataset network)
  uint8_t flags = 0;      // LinkFlag bits
  Mode link_mode() const { return static_cast<Mode>(mode); }
  bool transfer() const { return flags & kTransfer; }
};
static_assert(sizeof(FlatLink) == 20 && std::is_trivially_copyable_v<FlatLink>);

// What a link is, for people: "transfer" for transfer links, else its mode ("road", ...).
std::string_view kind_name(const FlatLink& l);

struct ShapePoint {
  int32_t lat_e7, lon_e7;
};
static_assert(sizeof(ShapePoint) == 8 && std::is_trivially_copyable_v<ShapePoint>);

struct FlatNetwork {
  std::string name;       // e.g. the input file's stem
  std::string source;     // input file name
  std::string cost_unit;  // "ds" (deciseconds of travel time) or "dimacs" (raw weights)
  bool has_coordinates = true;
  uint64_t input_hash = 0;                 // fingerprint of the input file and import options
  std::vector<std::string> countries{""};  // ISO 3166-1 alpha-2; [0] = unknown
  std::vector<FlatNode> nodes;
  std::vector<int64_t> input_id;         // OSM node id / DIMACS node id per node
  std::vector<uint32_t> first_out{0};    // CSR over links (size nodes+1)
  std::vector<FlatLink> links;           // sorted by tail
  std::vector<int64_t> way_id;           // per link: its OSM way (0: transfer links, DIMACS)
  std::vector<uint32_t> shape_first{0};  // per link: intermediate points [first, first+1)
  std::vector<ShapePoint> shape;

  uint32_t num_nodes() const { return static_cast<uint32_t>(nodes.size()); }
  uint32_t num_links() const { return static_cast<uint32_t>(links.size()); }
  // The routing graph (arc a == link a).
  route::Graph graph() const;
  // Fills first_out and sorts links (and their shapes) by tail; call after building links.
  void finalize();
  // Nodes with this input id (one per layer), in layer order.
  std::vector<uint32_t> find_input_id(int64_t id) const;
};

// Every invariant: array sizes, CSR order, link ends in range and distinct, country indices,
// coordinates in range, border flag == countries differ (when coordinates are known), modes.
std::vector<std::string> check(const FlatNetwork& net);

// Version 3: every link records its OSM way id (scenario overlays address links by way). Version
// 2 had no way ids; version 1 had its own mode numbering with transfer as a fourth mode. Older
// files are rejected with a message asking to re-import.
inline constexpr uint32_t kCnetVersion = 3;
void write_cnet(const std::string& path, const FlatNetwork& net);
// Throws corridor::Error(invalid_input) for a non-.cnet, other-version, truncated or corrupt file.
FlatNetwork read_cnet(const std::string& path);
// Payload fingerprint of a written .cnet (what a .cch is tied to).
uint64_t cnet_fingerprint(const std::string& path);

// Which links a route may use, and what they cost.
struct Profile {
  std::string name = "truck";
  network::ModeMask modes = network::kAllModes;
  bool truck = true;              // respect hgv=no
  uint32_t service_penalty = 20;  // rail sidings/yards cost x this (kept for first/last legs)
  bool allows(const FlatLink& l) const;
  uint32_t cost(const FlatLink& l) const;  // ch::kInfWeight if not allowed
  // "truck" (all modes), "road", "rail", "truck-road" ... or a mode list "road,ferry".
  static Profile parse(std::string_view s);
  std::string to_string() const;
};
std::vector<uint32_t> arc_weights(const FlatNetwork& net, const Profile& p);

}  // namespace corridor::osm
