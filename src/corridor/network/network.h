// The multimodal network model: nodes (places, terminals, border posts), links (rail, road and
// ferry lines and border crossings) and the cost parameters of each profile. Plain data with
// index maps; the routing graph over (node, mode, gauge) states is built from it by route/.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "corridor/network/index.h"

namespace corridor::network {

struct NodeTag;
struct LinkTag;
using NodeIdx = Index<NodeTag>;  // index into Network::nodes
using LinkIdx = Index<LinkTag>;  // index into Network::links

// The transport modes, shared by the dataset network and the imported (osm/) networks, whose
// .cnet files store these numbers.
enum class Mode : uint8_t { rail, road, ferry };
inline constexpr int kNumModes = 3;
// A set of modes, bit i = Mode(i). The one place mode numbers become bit positions: build and
// test masks with mode_bit()/has_mode(), never with a shift of your own.
using ModeMask = uint8_t;
constexpr ModeMask mode_bit(Mode m) {
  return static_cast<ModeMask>(1u << static_cast<unsigned>(m));
}
constexpr bool has_mode(ModeMask mask, Mode m) { return (mask & mode_bit(m)) != 0; }
inline constexpr ModeMask kAllModes =
    mode_bit(Mode::rail) | mode_bit(Mode::road) | mode_bit(Mode::ferry);
static_assert(kNumModes <= 8 && kAllModes == (1u << kNumModes) - 1);
enum class Status : uint8_t { operating, construction, planned, closed };
enum class NodeKind : uint8_t { city, station, port, terminal, border_post, junction };
enum class LinkType : uint8_t { line, border };

std::string_view to_string(Mode m);
std::string_view to_string(Status s);
std::string_view to_string(NodeKind k);
std::string_view to_string(LinkType t);
std::optional<Mode> parse_mode(std::string_view s);
std::optional<Status> parse_status(std::string_view s);
std::optional<NodeKind> parse_node_kind(std::string_view s);
std::optional<LinkType> parse_link_type(std::string_view s);

// True for an ISO 3166-1 alpha-2 country code (every officially assigned code, plus XK);
// false for anything else. Any dataset's countries pass; no dataset's list is built in.
bool is_known_country(std::string_view iso2);

// A transfer between two modes at a node, overriding the node's default (either direction).
struct TransferRule {
  Mode a, b;
  std::optional<double> hours;  // empty: this transfer is not possible here
  double usd = 0;               // per TEU
};

struct Node {
  std::string id;
  std::string name;
  std::vector<std::string> aliases;
  std::string country;  // ISO 3166-1 alpha-2
  double lat = 0, lon = 0;
  NodeKind kind = NodeKind::city;
  std::optional<double> transfer_hours;      // empty: no mode transfer here
  double transfer_usd = 0;                   // per TEU
  std::vector<TransferRule> transfer_rules;  // per mode pair, over the default above
  // The transfer between two modes here: hours and USD per TEU, or nullopt if not possible.
  std::optional<std::pair<double, double>> transfer(Mode from, Mode to) const;
  std::optional<double> gauge_change_hours;
  double gauge_change_usd = 0;  // per TEU
  std::string source;
};

struct Link {
  std::string id;
  std::string name;
  NodeIdx from{}, to{};
  bool directed = false;
  Mode mode = Mode::road;
  LinkType type = LinkType::line;
  double length_km = 0;
  std::optional<double> free_speed_kmh;
  std::optional<double> travel_hours;  // wins over free_speed
  double dwell_hours = 0;
  double dwell_sd_hours = 0;
  double fee_usd = 0;                   // per TEU
  std::optional<double> tariff_usd_km;  // per TEU-km override
  std::vector<uint16_t> gauges;         // rail only: 1520, 1435 or both
  std::optional<double> capacity_tpd;
  Status status = Status::operating;
  std::optional<int> status_year;
  std::string geometry_wkt;
  std::string source;

  // Running time plus dwell, in hours.
  double hours() const {
    double run = travel_hours
                     ? *travel_hours
                     : (free_speed_kmh && *free_speed_kmh > 0 ? length_km / *free_speed_kmh : 0);
    return run + dwell_hours;
  }
  // Open in the given year: operating, or construction/planned due by then.
  bool open_in(int year) const {
    switch (status) {
      case Status::operating:
        return true;
      case Status::closed:
        return false;
      default:
        return status_year && *status_year <= year;
    }
  }
};

struct TariffRow {
  Mode mode;
  std::string country;  // empty = any country
  double usd_per_km;
  std::string source;
};

struct Profile {
  std::string name;
  std::string description;
  double value_of_time = 0;    // USD per unit-hour
  double money_per_teu = 1;    // scales per-TEU money of nodes and links
  double tonnes_per_unit = 1;  // to compare flows with capacity_tpd
  std::vector<TariffRow> tariffs;
  // Most specific tariff for a mode in a country (country row over any-country row), 0 if none.
  double tariff_km(Mode m, std::string_view country) const;
};

struct Network {
  std::string name;
  int base_year = 2026;
  IndexedVector<NodeIdx, Node> nodes;
  IndexedVector<LinkIdx, Link> links;
  std::map<std::string, Profile> profiles;

  // Index maps, rebuilt by reindex().
  std::unordered_map<std::string, NodeIdx> node_by_id;
  std::unordered_map<std::string, LinkIdx> link_by_id;

  void reindex();
  std::optional<NodeIdx> find_node(std::string_view id) const;
  std::optional<LinkIdx> find_link(std::string_view id) const;
  // True if the link joins two countries (border links and international ferries).
  bool crosses_border(const Link& l) const { return nodes[l.from].country != nodes[l.to].country; }
  size_t num_border_links() const;
};

// Rail gauges we model: 1520 (ex-USSR), 1435 (standard), 1000, 1067, 1668.
bool is_known_gauge(int mm);
// Ids: letters, digits, '-', '_', '.' (no separators that would break CSV or URLs).
bool is_valid_id(std::string_view id);

// The rules one link must satisfy to join a network (used for links added by scenarios): each
// problem names the field and says what was expected. Ends must be valid node indices.
struct FieldProblem {
  std::string field, message;
};
std::vector<FieldProblem> link_problems(const Network& net, const Link& link);

// Checks every invariant of a built network and returns one message per violation (empty = ok):
// index maps consistent, ids unique and non-empty, link ends in range and distinct, lengths and
// times finite and non-negative, a time for every link, gauges on rail links only, border links
// between two countries, line links within one, coordinates in range, countries known.
std::vector<std::string> check(const Network& net);

}  // namespace corridor::network
