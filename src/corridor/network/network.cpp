#include "corridor/network/network.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

namespace corridor::network {

std::string_view to_string(Mode m) {
  switch (m) {
    case Mode::rail:
      return "rail";
    case Mode::road:
      return "road";
    case Mode::ferry:
      return "ferry";
  }
  return "?";
}
std::string_view to_string(Status s) {
  switch (s) {
    case Status::operating:
      return "operating";
    case Status::construction:
      return "construction";
    case Status::planned:
      return "planned";
    case Status::closed:
      return "closed";
  }
  return "?";
}
std::string_view to_string(NodeKind k) {
  switch (k) {
    case NodeKind::city:
      return "city";
    case NodeKind::station:
      return "station";
    case NodeKind::port:
      return "port";
    case NodeKind::terminal:
      return "terminal";
    case NodeKind::border_post:
      return "border_post";
    case NodeKind::junction:
      return "junction";
  }
  return "?";
}
std::string_view to_string(LinkType t) { return t == LinkType::border ? "border" : "line"; }

std::optional<Mode> parse_mode(std::string_view s) {
  if (s == "rail") return Mode::rail;
  if (s == "road") return Mode::road;
  if (s == "ferry") return Mode::ferry;
  return std::nullopt;
}
std::optional<Status> parse_status(std::string_view s) {
  if (s == "operating") return Status::operating;
  if (s == "construction") return Status::construction;
  if (s == "planned") return Status::planned;
  if (s == "closed") return Status::closed;
  return std::nullopt;
}
std::optional<NodeKind> parse_node_kind(std::string_view s) {
  for (auto k : {NodeKind::city, NodeKind::station, NodeKind::port, NodeKind::terminal,
                 NodeKind::border_post, NodeKind::junction})
    if (s == to_string(k)) return k;
  return std::nullopt;
}
std::optional<LinkType> parse_link_type(std::string_view s) {
  if (s == "line") return LinkType::line;
  if (s == "border") return LinkType::border;
  return std::nullopt;
}

// Every officially assigned ISO 3166-1 alpha-2 code (249, as of 2024) plus XK, the user-assigned
// code in common use for Kosovo: a standard, not a list of the bundled dataset's countries.
bool is_known_country(std::string_view c) {
  static const std::set<std::string_view> kCodes = {
      "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX",
      "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ",
      "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK",
      "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
      "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR",
      "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS",
      "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN",
      "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
      "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV",
      "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ",
      "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI",
      "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
      "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC",
      "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV",
      "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR",
      "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
      "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW", "XK"};
  return kCodes.count(c) > 0;
}

double Profile::tariff_km(Mode m, std::string_view country) const {
  double any = 0;
  for (const auto& t : tariffs) {
    if (t.mode != m) continue;
    if (t.country == country) return t.usd_per_km;
    if (t.country.empty()) any = t.usd_per_km;
  }
  return any;
}

void Network::reindex() {
  node_by_id.clear();
  link_by_id.clear();
  for (NodeIdx i : nodes.ids()) node_by_id.emplace(nodes[i].id, i);
  for (LinkIdx i : links.ids()) link_by_id.emplace(links[i].id, i);
}

std::optional<NodeIdx> Network::find_node(std::string_view id) const {
  auto it = node_by_id.find(std::string(id));
  if (it == node_by_id.end()) return std::nullopt;
  return it->second;
}
std::optional<LinkIdx> Network::find_link(std::string_view id) const {
  auto it = link_by_id.find(std::string(id));
  if (it == link_by_id.end()) return std::nullopt;
  return it->second;
}

size_t Network::num_border_links() const {
  return static_cast<size_t>(
      std::count_if(links.begin(), links.end(), [&](const Link& l) { return crosses_border(l); }));
}

std::optional<std::pair<double, double>> Node::transfer(Mode from, Mode to) const {
  for (const auto& r : transfer_rules)
    if ((r.a == from && r.b == to) || (r.a == to && r.b == from)) {
      if (!r.hours) return std::nullopt;
      return std::pair{*r.hours, r.usd};
    }
  if (!transfer_hours) return std::nullopt;
  return std::pair{*transfer_hours, transfer_usd};
}

bool is_known_gauge(int mm) {
  return mm == 1520 || mm == 1435 || mm == 1000 || mm == 1067 || mm == 1668;
}

bool is_valid_id(std::string_view id) {
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
      return false;
  return !id.empty();
}

std::vector<FieldProblem> link_problems(const Network& net, const Link& l) {
  std::vector<FieldProblem> p;
  if (!is_valid_id(l.id))
    p.push_back({"link_id", "expected letters, digits, '-', '_' or '.', found '" + l.id + "'"});
  if (!net.nodes.contains(l.from) || !net.nodes.contains(l.to)) {
    p.push_back({"to_node_id", "expected node ids of the network"});
    return p;
  }
  if (l.from == l.to)
    p.push_back({"to_node_id", "expected a node other than from_node_id, found the same node '" +
                                   net.nodes[l.to].id + "'"});
  if (!(std::isfinite(l.length_km) && l.length_km >= 0))
    p.push_back({"length", "expected a number >= 0"});
  if (!l.travel_hours && !(l.free_speed_kmh && *l.free_speed_kmh > 0))
    p.push_back({"free_speed", "expected free_speed (km/h) or travel_hours, found neither"});
  if (l.mode == Mode::rail && l.gauges.empty())
    p.push_back({"gauge_mm", "expected a gauge for a rail link (1520 or 1435)"});
  if (l.mode != Mode::rail && !l.gauges.empty())
    p.push_back(
        {"gauge_mm", "expected no gauge for a " + std::string(to_string(l.mode)) + " link"});
  std::set<uint16_t> seen;
  for (uint16_t g : l.gauges) {
    if (!is_known_gauge(g)) p.push_back({"gauge_mm", "unknown gauge " + std::to_string(g)});
    if (!seen.insert(g).second)
      p.push_back({"gauge_mm", "gauge " + std::to_string(g) + " listed twice"});
  }
  if ((l.status == Status::construction || l.status == Status::planned) && !l.status_year)
    p.push_back({"status_year", "expected the year a " + std::string(to_string(l.status)) +
                                    " link is due to open"});
  const auto& a = net.nodes[l.from];
  const auto& b = net.nodes[l.to];
  if (l.type == LinkType::border && a.country == b.country)
    p.push_back(
        {"link_type",
         "expected the ends of a border link in two countries, found both in " + a.country});
  if (l.type == LinkType::line && a.country != b.country && l.mode != Mode::ferry)
    p.push_back({"link_type", "expected a 'border' link between " + a.country + " and " +
                                  b.country + ", found 'line'"});
  if (l.source.empty()) p.push_back({"source", "expected a citation, found none"});
  return p;
}

std::vector<std::string> check(const Network& net) {
  std::vector<std::string> bad;
  auto fail = [&](std::string m) { bad.push_back(std::move(m)); };
  if (net.node_by_id.size() != net.nodes.size()) fail("node ids are not unique or not indexed");
  if (net.link_by_id.size() != net.links.size()) fail("link ids are not unique or not indexed");
  for (NodeIdx i : net.nodes.ids()) {
    const Node& n = net.nodes[i];
    if (n.id.empty()) fail("node " + std::to_string(i.v) + " has an empty id");
    auto it = net.node_by_id.find(n.id);
    if (it == net.node_by_id.end() || it->second != i) fail("node " + n.id + " is not indexed");
    if (!(std::isfinite(n.lat) && std::abs(n.lat) <= 90 && std::isfinite(n.lon) &&
          std::abs(n.lon) <= 180))
      fail("node " + n.id + " has coordinates out of range");
    if (!is_known_country(n.country)) fail("node " + n.id + " has unknown country " + n.country);
    if (n.transfer_hours && !(*n.transfer_hours >= 0)) fail("node " + n.id + " transfer_hours < 0");
    for (const auto& r : n.transfer_rules)
      if (r.a == r.b || (r.hours && !(*r.hours >= 0)) || !(r.usd >= 0))
        fail("node " + n.id + " has a bad transfer rule");
    if (n.gauge_change_hours && !(*n.gauge_change_hours >= 0))
      fail("node " + n.id + " gauge_change_hours < 0");
  }
  for (LinkIdx i : net.links.ids()) {
    const Link& l = net.links[i];
    std::string name = "link " + (l.id.empty() ? std::to_string(i.v) : l.id);
    auto it = net.link_by_id.find(l.id);
    if (it == net.link_by_id.end() || it->second != i) fail(name + " is not indexed");
    if (!net.nodes.contains(l.from) || !net.nodes.contains(l.to)) {
      fail(name + " has an end out of range");
      continue;
    }
    if (l.from == l.to) fail(name + " joins a node to itself");
    if (!(std::isfinite(l.length_km) && l.length_km >= 0)) fail(name + " has a bad length");
    if (!l.travel_hours && !(l.free_speed_kmh && *l.free_speed_kmh > 0))
      fail(name + " has neither travel_hours nor a positive free_speed");
    double h = l.hours();
    if (!(std::isfinite(h) && h >= 0)) fail(name + " has a bad travel time");
    if (!(l.fee_usd >= 0 && l.dwell_hours >= 0)) fail(name + " has a negative fee or dwell");
    if ((l.mode == Mode::rail) == l.gauges.empty())
      fail(name +
           (l.mode == Mode::rail ? " is rail without a gauge" : " has a gauge but is not rail"));
    bool cross = net.crosses_border(l);
    if (l.type == LinkType::border && !cross) fail(name + " is a border link within one country");
    if (l.type == LinkType::line && cross && l.mode != Mode::ferry)
      fail(name + " is a " + std::string(to_string(l.mode)) + " line link between two countries");
  }
  for (const auto& [pname, p] : net.profiles) {
    if (!(p.value_of_time >= 0 && p.money_per_teu > 0 && p.tonnes_per_unit > 0))
      fail("profile " + pname + " has a bad value_of_time, money_per_teu or tonnes_per_unit");
  }
  return bad;
}

}  // namespace corridor::network
