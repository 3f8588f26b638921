// FlatNetwork helpers and the .cnet file (all of this module's binary I/O).
#include "corridor/osm/flat_network.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>

#include "corridor/ch/ch.h"
#include "corridor/core/binfile.h"
#include "corridor/core/error.h"
#include "corridor/core/text.h"

namespace corridor::osm {

std::string_view to_string(FlatNodeKind k) {
  switch (k) {
    case FlatNodeKind::plain:
      return "node";
    case FlatNodeKind::station:
      return "station";
    case FlatNodeKind::ferry_terminal:
      return "ferry_terminal";
    case FlatNodeKind::border_post:
      return "border_post";
  }
  return "?";
}

std::string_view kind_name(const FlatLink& l) {
  return l.transfer() ? "transfer" : network::to_string(l.link_mode());
}

route::Graph FlatNetwork::graph() const {
  route::Graph g;
  g.first_out = first_out;
  g.head.resize(links.size());
  for (size_t i = 0; i < links.size(); ++i) g.head[i] = links[i].head;
  return g;
}

void FlatNetwork::finalize() {
  const uint32_t n = num_nodes();
  std::vector<uint32_t> idx(links.size());
  std::iota(idx.begin(), idx.end(), 0u);
  std::stable_sort(idx.begin(), idx.end(),
                   [&](uint32_t a, uint32_t b) { return links[a].tail < links[b].tail; });
  std::vector<FlatLink> sorted(links.size());
  std::vector<int64_t> sway(links.size(), 0);
  const bool have_ways = way_id.size() == links.size();
  std::vector<uint32_t> sfirst{0};
  std::vector<ShapePoint> sshape;
  const bool have_shapes = shape_first.size() == links.size() + 1;
  sfirst.reserve(links.size() + 1);
  for (size_t i = 0; i < idx.size(); ++i) {
    sorted[i] = links[idx[i]];
    if (have_ways) sway[i] = way_id[idx[i]];
    if (have_shapes)
      sshape.insert(sshape.end(), shape.begin() + shape_first[idx[i]],
                    shape.begin() + shape_first[idx[i] + 1]);
    sfirst.push_back(static_cast<uint32_t>(sshape.size()));
  }
  links = std::move(sorted);
  way_id = std::move(sway);
  shape_first = std::move(sfirst);
  shape = std::move(sshape);
  first_out.assign(n + 1, 0);
  for (const FlatLink& l : links) ++first_out[l.tail + 1];
  for (uint32_t v = 0; v < n; ++v) first_out[v + 1] += first_out[v];
}

std::vector<uint32_t> FlatNetwork::find_input_id(int64_t id) const {
  std::vector<uint32_t> out;
  for (uint32_t v = 0; v < num_nodes(); ++v)
    if (input_id[v] == id) out.push_back(v);
  return out;
}

std::vector<std::string> check(const FlatNetwork& net) {
  std::vector<std::string> e;
  const uint32_t n = net.num_nodes();
  if (net.input_id.size() != n) e.push_back("input_id size differs from node count");
  if (net.first_out.size() != size_t{n} + 1 || net.first_out.back() != net.links.size())
    e.push_back("first_out inconsistent with nodes/links");
  if (net.shape_first.size() != net.links.size() + 1 || net.shape_first.back() != net.shape.size())
    e.push_back("shape_first inconsistent with links/shape");
  if (net.countries.empty() || !net.countries[0].empty()) e.push_back("countries[0] must be ''");
  if (net.way_id.size() != net.links.size()) e.push_back("way_id size differs from link count");
  if (net.nodes.size() != n) e.push_back("node count differs from first_out");
  if (!e.empty()) return e;
  // Offsets must start at 0 and never decrease, so every range read from them is in bounds.
  if (net.first_out[0] != 0 || !std::is_sorted(net.first_out.begin(), net.first_out.end()))
    e.push_back("first_out does not start at 0 or decreases");
  if (net.shape_first[0] != 0 || !std::is_sorted(net.shape_first.begin(), net.shape_first.end()))
    e.push_back("shape_first does not start at 0 or decreases");
  for (size_t c = 1; c < net.countries.size(); ++c) {
    const auto& code = net.countries[c];
    if (code.size() != 2 || !std::isupper(static_cast<unsigned char>(code[0])) ||
        !std::isupper(static_cast<unsigned char>(code[1])))
      e.push_back("country code " + std::to_string(c) + " is not two capital letters");
  }
  if (!e.empty()) return e;
  for (uint32_t v = 0; v < n; ++v) {
    const FlatNode& x = net.nodes[v];
    if (x.country >= net.countries.size())
      e.push_back("node " + std::to_string(v) + ": bad country");
    if (x.kind > uint8_t(FlatNodeKind::border_post) || x.layer > uint8_t(Layer::rail))
      e.push_back("node " + std::to_string(v) + ": bad kind or layer");
    if (std::abs(x.lat_e7) > 900000000 || std::abs(x.lon_e7) > 1800000000)
      e.push_back("node " + std::to_string(v) + ": coordinates out of range");
    for (uint32_t a = net.first_out[v]; a < net.first_out[v + 1]; ++a)
      if (net.links[a].tail != v) {
        e.push_back("link " + std::to_string(a) + ": not sorted by tail");
        break;
      }
    if (e.size() > 20) return e;
  }
  for (uint32_t a = 0; a < net.num_links(); ++a) {
    const FlatLink& l = net.links[a];
    auto bad = [&](const std::string& m) { e.push_back("link " + std::to_string(a) + ": " + m); };
    if (l.tail >= n || l.head >= n) {
      bad("end out of range");
      continue;
    }
    if (l.tail == l.head) bad("loop");
    if (l.mode >= network::kNumModes) bad("bad mode");
    if (l.transfer() && l.link_mode() != Mode::road) bad("transfer link whose mode is not road");
    if (!(l.length_m >= 0) || !std::isfinite(l.length_m)) bad("bad length");
    if (l.cost == ch::kInfWeight) bad("infinite cost");
    if (l.gauge_mm && l.link_mode() != Mode::rail) bad("gauge on a non-rail link");
    const bool differ = net.nodes[l.tail].country != net.nodes[l.head].country;
    if (net.has_coordinates && differ != bool(l.flags & kBorder))
      bad("border flag does not match the countries of its ends");
    if (e.size() > 40) return e;
  }
  return e;
}

namespace {
constexpr char kCnetMagic[9] = "CORRCNET";
}

void write_cnet(const std::string& path, const FlatNetwork& net) {
  auto errors = check(net);
  if (!errors.empty())
    throw Error(Errc::internal, "refusing to write an invalid network: " + errors.front());
  binfile::Writer w;
  w.add_string(binfile::tag("name"), net.name);
  w.add_string(binfile::tag("srce"), net.source);
  w.add_string(binfile::tag("unit"), net.cost_unit);
  w.add(binfile::tag("coor"), std::vector<uint8_t>{uint8_t(net.has_coordinates)});
  w.add_string(binfile::tag("ctry"), text::join(net.countries, "\n"));
  w.add(binfile::tag("node"), net.nodes);
  w.add(binfile::tag("inid"), net.input_id);
  w.add(binfile::tag("frst"), net.first_out);
  w.add(binfile::tag("link"), net.links);
  w.add(binfile::tag("wayi"), net.way_id);
  w.add(binfile::tag("shpf"), net.shape_first);
  w.add(binfile::tag("shpe"), net.shape);
  w.write(path, kCnetMagic, kCnetVersion, net.input_hash);
}

FlatNetwork read_cnet(const std::string& path) {
  binfile::Reader r(path, kCnetMagic, kCnetVersion, ".cnet");
  FlatNetwork net;
  net.input_hash = r.header().input_hash;
  net.name = r.next_string(binfile::tag("name"));
  net.source = r.next_string(binfile::tag("srce"));
  net.cost_unit = r.next_string(binfile::tag("unit"));
  auto coords = r.next<uint8_t>(binfile::tag("coor"));
  if (coords.size() != 1) r.fail("bad coordinates flag");
  net.has_coordinates = coords[0] != 0;
  std::string c = r.next_string(binfile::tag("ctry"));
  net.countries.clear();
  size_t start = 0;
  for (;;) {
    size_t nl = c.find('\n', start);
    net.countries.push_back(
        c.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  net.nodes = r.next<FlatNode>(binfile::tag("node"));
  net.input_id = r.next<int64_t>(binfile::tag("inid"));
  net.first_out = r.next<uint32_t>(binfile::tag("frst"));
  net.links = r.next<FlatLink>(binfile::tag("link"));
  net.way_id = r.next<int64_t>(binfile::tag("wayi"));
  net.shape_first = r.next<uint32_t>(binfile::tag("shpf"));
  net.shape = r.next<ShapePoint>(binfile::tag("shpe"));
  auto errors = check(net);
  if (!errors.empty()) r.fail("inconsistent network: " + errors.front());
  return net;
}

uint64_t cnet_fingerprint(const std::string& path) {
  binfile::Reader r(path, kCnetMagic, kCnetVersion, ".cnet");
  return r.header().payload_hash;
}

bool Profile::allows(const FlatLink& l) const {
  using network::has_mode;
  const bool road = has_mode(modes, Mode::road), rail = has_mode(modes, Mode::rail),
             ferry = has_mode(modes, Mode::ferry);
  if (l.transfer()) return (road || ferry) && (rail || ferry);
  switch (l.link_mode()) {
    case Mode::road:
      return road && !(truck && (l.flags & kNoHgv));
    case Mode::rail:
      return rail;
    case Mode::ferry:
      return ferry;
  }
  return false;
}

uint32_t Profile::cost(const FlatLink& l) const {
  if (!allows(l)) return ch::kInfWeight;
  uint64_t c = l.cost;
  if (l.flags & kService) c *= service_penalty;
  return static_cast<uint32_t>(std::min<uint64_t>(c, 0x3fffffff));
}

Profile Profile::parse(std::string_view s) {
  Profile p;
  std::string lower = text::to_lower_ascii(s);
  if (lower.empty() || lower == "truck" || lower == "all" || lower == "multimodal") return p;
  p.name = lower;
  p.modes = 0;
  for (const std::string& t : text::split(lower, ',')) {
    if (auto m = network::parse_mode(t))
      p.modes |= network::mode_bit(*m);
    else if (t == "car")
      p.truck = false;
    else if (t == "truck")
      p.modes = network::kAllModes;
    else
      throw Error(Errc::usage, "unknown profile or mode '" + t + "'", {},
                  {"truck", "road", "rail", "ferry", "road,ferry", "car"});
  }
  if (p.modes == 0) p.modes = network::mode_bit(Mode::road) | network::mode_bit(Mode::ferry);
  return p;
}

std::string Profile::to_string() const { return name; }

std::vector<uint32_t> arc_weights(const FlatNetwork& net, const Profile& p) {
  std::vector<uint32_t> w(net.links.size());
  for (size_t a = 0; a < w.size(); ++a) w[a] = p.cost(net.links[a]);
  return w;
}

}  // namespace corridor::osm
