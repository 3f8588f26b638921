// OSM import in two passes over the file: (1) relations: admin_level=2 boundaries and ferry
// routes; (2) nodes and ways with node locations: routable ways, stations, border posts,
// boundary member ways. Then ways are split at shared nodes into links, countries are assigned
// from boundary rings (point in polygon; nearest boundary point of a partial boundary for nodes
// outside every closed ring; else the fallback), border links flagged, and transfer links added
// at stations and off-road ferry landings.
#include "corridor/osm/import_osm.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "corridor/ch/files.h"
#include "corridor/ch/snap.h"
#include "corridor/core/error.h"
#include "corridor/core/files.h"
#include "corridor/core/text.h"

namespace corridor::osm {
namespace {
// Two ASCII letters (ISO 3166-1 alpha-2, any case): anything else in a tag is ignored.
bool is_alpha2(const char* c) {
  return c && std::isalpha(static_cast<unsigned char>(c[0])) &&
         std::isalpha(static_cast<unsigned char>(c[1])) && c[2] == '\0';
}

constexpr uint32_t kInvalidNode = UINT32_MAX;

struct Pt {
  int64_t id;
  int32_t lat, lon;  // 1e-7 degrees
};

struct WayRec {
  Mode mode = Mode::road;
  int8_t oneway = 0;  // 1 forward only, -1 backward only
  uint8_t flags = 0;
  uint16_t gauge = 0;
  double kmh = 50;
  double duration_s = -1;        // ferry duration for the whole way
  uint32_t first = 0, last = 0;  // range in points
};

bool eq(const char* a, const char* b) { return a && std::strcmp(a, b) == 0; }

std::optional<double> parse_maxspeed(const char* s) {
  if (!s) return std::nullopt;
  std::string_view v(s);
  if (v.find("urban") != std::string_view::npos) return 50;
  if (v.find("rural") != std::string_view::npos) return 90;
  if (v.find("motorway") != std::string_view::npos) return 130;
  char* end = nullptr;
  double x = std::strtod(s, &end);
  if (end == s || !(x > 0) || x > 400) return std::nullopt;
  if (std::string_view(end).find("mph") != std::string_view::npos) x *= 1.609344;
  return x;
}

// "HH:MM", "HH:MM:SS", "MM" (minutes) or ISO-8601 "PT1H30M".
std::optional<double> parse_duration_s(const char* s) {
  if (!s) return std::nullopt;
  std::string v = std::string(text::trim(s));
  if (v.size() > 2 && (v[0] == 'P' || v[0] == 'p')) {
    double total = 0, num = 0;
    bool have = false;
    for (char c : v.substr(1)) {
      if (c == 'T' || c == 't') continue;
      if ((c >= '0' && c <= '9') || c == '.') {
        num = num * 10 + (c - '0');
        have = true;
      } else if (have) {
        total += num * (c == 'H' || c == 'h'   ? 3600
                        : c == 'M' || c == 'm' ? 60
                        : c == 'S' || c == 's' ? 1
                                               : 0);
        num = 0;
        have = false;
      }
    }
    return total > 0 ? std::optional<double>(total) : std::nullopt;
  }
  auto parts = text::split(v, ':');
  if (parts.empty() || parts.size() > 3) return std::nullopt;
  double f[3] = {0, 0, 0};
  for (size_t i = 0; i < parts.size(); ++i) {
    auto x = text::parse_double(parts[i]);
    if (!x || *x < 0) return std::nullopt;
    f[i] = *x;
  }
  double secs = parts.size() == 1 ? f[0] * 60 : f[0] * 3600 + f[1] * 60 + f[2];
  return secs > 0 ? std::optional<double>(secs) : std::nullopt;
}

double road_kmh(std::string_view hw) {
  static const std::map<std::string_view, double> k = {
      {"motorway", 110}, {"motorway_link", 60}, {"trunk", 90},     {"trunk_link", 50},
      {"primary", 70},   {"primary_link", 45},  {"secondary", 60}, {"secondary_link", 40},
      {"tertiary", 50},  {"tertiary_link", 35}};
  auto it = k.find(hw);
  return it == k.end() ? 0 : it->second;
}

struct CountryRel {
  std::string code;
  std::vector<int64_t> ways;
};

class RelationPass : public osmium::handler::Handler {
 public:
  std::vector<CountryRel> countries;
  std::unordered_set<int64_t> ferry_member_ways;
  void relation(const osmium::Relation& r) {
    const auto& t = r.tags();
    if ((eq(t["boundary"], "administrative") || eq(t["boundary"], "land_area")) &&
        eq(t["admin_level"], "2")) {
      const char* code = t["ISO3166-1:alpha2"];
      if (!code) code = t["ISO3166-1"];
      if (!code) code = t["country_code"];
      if (!is_alpha2(code)) return;
      CountryRel c;
      c.code = text::to_lower_ascii(code);
      for (char& ch : c.code) ch = char(std::toupper(static_cast<unsigned char>(ch)));
      for (const auto& m : r.members())
        if (m.type() == osmium::item_type::way) c.ways.push_back(m.ref());
      countries.push_back(std::move(c));
    } else if (eq(t["route"], "ferry")) {
      for (const auto& m : r.members())
        if (m.type() == osmium::item_type::way) ferry_member_ways.insert(m.ref());
    }
  }
};

struct Special {
  FlatNodeKind kind;
  int32_t lat, lon;
};

class MainPass : public osmium::handler::Handler {
 public:
  MainPass(const OsmImportConfig& cfg, const std::unordered_set<int64_t>& ferry_members,
           const std::unordered_set<int64_t>& boundary_ways)
      : cfg_(cfg), ferry_members_(ferry_members), boundary_ways_(boundary_ways) {}

  std::vector<Pt> pts;
  std::vector<WayRec> ways;
  std::unordered_map<int64_t, std::pair<uint32_t, uint32_t>> boundary;  // way -> pts range
  std::vector<Pt> bpts;
  std::unordered_map<int64_t, Special> specials;  // border posts, stations, ferry terminals
  OsmImportStats stats;

  std::map<std::string, uint64_t> addr_country;  // addr:country values seen (fallback country)

  void count_addr_country(const osmium::TagList& t) {
    const char* c = t["addr:country"];
    if (is_alpha2(c)) {
      std::string code(c);
      for (char& ch : code) ch = char(std::toupper(static_cast<unsigned char>(ch)));
      ++addr_country[code];
    }
  }

  void node(const osmium::Node& n) {
    const auto& t = n.tags();
    if (t.empty() || !n.location().valid()) return;
    count_addr_country(t);
    FlatNodeKind k = FlatNodeKind::plain;
    if (eq(t["barrier"], "border_control"))
      k = FlatNodeKind::border_post;
    else if (eq(t["railway"], "station") || eq(t["railway"], "halt") || eq(t["railway"], "yard"))
      k = FlatNodeKind::station;
    else if (eq(t["amenity"], "ferry_terminal"))
      k = FlatNodeKind::ferry_terminal;
    if (k == FlatNodeKind::plain) return;
    specials[n.id()] = {k, n.location().y(), n.location().x()};
  }

  void way(const osmium::Way& w) {
    const auto& t = w.tags();
    count_addr_country(t);
    if (boundary_ways_.count(w.id())) {
      uint32_t b = static_cast<uint32_t>(bpts.size());
      for (const auto& nr : w.nodes())
        if (nr.location().valid()) bpts.push_back({nr.ref(), nr.location().y(), nr.location().x()});
      boundary[w.id()] = {b, static_cast<uint32_t>(bpts.size())};
    }
    WayRec r;
    const char* hw = t["highway"];
    if (hw && road_kmh(hw) > 0) {
      r.mode = Mode::road;
      double kmh = road_kmh(hw);
      if (auto m = parse_maxspeed(t["maxspeed"])) kmh = std::min(*m, kmh * 1.2);
      r.kmh = std::min(kmh, cfg_.truck_max_kmh);
      const char* ow = t["oneway"];
      if (eq(ow, "yes") || eq(ow, "true") || eq(ow, "1"))
        r.oneway = 1;
      else if (eq(ow, "-1") || eq(ow, "reverse"))
        r.oneway = -1;
      else if (!eq(ow, "no") &&
               (std::strncmp(hw, "motorway", 8) == 0 || eq(t["junction"], "roundabout")))
        r.oneway = 1;
      if (eq(t["hgv"], "no")) r.flags |= kNoHgv;
      ++stats.ways_road;
    } else if (eq(t["railway"], "rail")) {
      r.mode = Mode::rail;
      const char* usage = t["usage"];
      const char* service = t["service"];
      double kmh = eq(usage, "main") ? cfg_.rail_kmh_main : cfg_.rail_kmh_branch;
      if (service) {
        kmh = cfg_.rail_kmh_service;
        r.flags |= kService;
      } else if (eq(usage, "industrial") || eq(usage, "military")) {
        kmh = std::min(kmh, 40.0);
      }
      if (auto m = parse_maxspeed(t["maxspeed"])) kmh = std::min(*m, 120.0);
      r.kmh = kmh;
      if (const char* g = t["gauge"])
        r.gauge = static_cast<uint16_t>(std::clamp(std::atoi(g), 0, 9999));
      if (const char* e = t["electrified"]; e && !eq(e, "no")) r.flags |= kElectrified;
      ++stats.ways_rail;
    } else if (eq(t["route"], "ferry") || ferry_members_.count(w.id())) {
      r.mode = Mode::ferry;
      r.kmh = cfg_.ferry_kmh;
      if (auto d = parse_duration_s(t["duration"])) r.duration_s = *d;
      ++stats.ways_ferry;
    } else {
      return;
    }
    r.first = static_cast<uint32_t>(pts.size());
    for (const auto& nr : w.nodes()) {
      if (!nr.location().valid()) continue;  // node outside the extract
      if (!pts.empty() && pts.size() > r.first && pts.back().id == nr.ref()) continue;
      pts.push_back({nr.ref(), nr.location().y(), nr.location().x()});
    }
    r.last = static_cast<uint32_t>(pts.size());
    if (r.last - r.first < 2) {
      pts.resize(r.first);
      return;
    }
    ways.push_back(r);
  }

 private:
  const OsmImportConfig& cfg_;
  const std::unordered_set<int64_t>& ferry_members_;
  const std::unordered_set<int64_t>& boundary_ways_;
};

double dist_m(const Pt& a, const Pt& b) {
  return ch::haversine_m(a.lat * 1e-7, a.lon * 1e-7, b.lat * 1e-7, b.lon * 1e-7);
}

uint64_t file_fingerprint(const std::string& path, const OsmImportConfig& cfg) {
  std::ifstream in(path, std::ios::binary);
  uint64_t h = 0;
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    std::streamsize got = in.gcount();
    if (got <= 0) break;
    h = ch::hash_bytes(buf.data(), static_cast<size_t>(got), h);
  }
  std::string opts = cfg.fallback_country + "|" + std::to_string(cfg.transfer_minutes) + "|" +
                     std::to_string(cfg.ferry_kmh) + "|" + std::to_string(cfg.truck_max_kmh) + "|" +
                     std::to_string(cfg.rail_kmh_main) + "|" + std::to_string(cfg.rail_kmh_branch);
  return ch::hash_bytes(opts.data(), opts.size(), h);
}

// A closed boundary ring with its bounding box (1e-7 degrees).
struct Ring {
  uint32_t country;
  uint32_t group;  // boundary relation: even-odd rule within one relation
  std::vector<std::pair<int32_t, int32_t>> pts;  // (lat, lon)
  int32_t min_lat, max_lat, min_lon, max_lon;
  // Cell cache (see inside()): 0 unknown, 1 inside, 2 outside, 3 crossed by the ring.
  int64_t cell = 1;
  uint32_t nx = 0, ny = 0;
  std::vector<uint8_t> state;
};

bool inside_exact(const Ring& r, double lat, double lon) {
  bool in = false;
  const size_t n = r.pts.size();
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    const double yi = r.pts[i].first, xi = r.pts[i].second, yj = r.pts[j].first,
                 xj = r.pts[j].second;
    if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) in = !in;
  }
  return in;
}

// Point in ring with a cell cache: cells no ring segment passes through are wholly inside or
// outside, so one exact test at the cell centre answers every node in them. Segments mark
// their cells (sampled every half cell, dilated by one cell) as needing the exact test.
void index_ring(Ring& r) {
  constexpr int64_t kCells = 256;
  const int64_t w = int64_t(r.max_lon) - r.min_lon + 1, h = int64_t(r.max_lat) - r.min_lat + 1;
  r.cell = std::max<int64_t>({1, (w + kCells - 1) / kCells, (h + kCells - 1) / kCells});
  r.nx = static_cast<uint32_t>(w / r.cell + 1);
  r.ny = static_cast<uint32_t>(h / r.cell + 1);
  r.state.assign(size_t{r.nx} * r.ny, 0);
  auto mark = [&](double lat, double lon) {
    const int64_t cx = int64_t((lon - r.min_lon) / r.cell),
                  cy = int64_t((lat - r.min_lat) / r.cell);
    for (int64_t y = cy - 1; y <= cy + 1; ++y)
      for (int64_t x = cx - 1; x <= cx + 1; ++x)
        if (x >= 0 && y >= 0 && x < r.nx && y < r.ny) r.state[size_t(y) * r.nx + size_t(x)] = 3;
  };
  for (size_t i = 1; i < r.pts.size(); ++i) {
    const double y0 = r.pts[i - 1].first, x0 = r.pts[i - 1].second, y1 = r.pts[i].first,
                 x1 = r.pts[i].second;
    const double len = std::max(std::abs(x1 - x0), std::abs(y1 - y0));
    const int steps = 1 + int(len / (r.cell / 2.0));
    for (int k = 0; k <= steps; ++k) mark(y0 + (y1 - y0) * k / steps, x0 + (x1 - x0) * k / steps);
  }
}

bool inside(Ring& r, int32_t lat, int32_t lon) {
  if (lat < r.min_lat || lat > r.max_lat || lon < r.min_lon || lon > r.max_lon) return false;
  if (r.state.empty()) index_ring(r);
  const size_t cell = size_t((lat - int64_t(r.min_lat)) / r.cell) * r.nx +
                      size_t((lon - int64_t(r.min_lon)) / r.cell);
  uint8_t& st = r.state[cell];
  if (st == 3) return inside_exact(r, lat, lon);
  if (st == 0) {
    const int64_t cy = (lat - int64_t(r.min_lat)) / r.cell,
                  cx = (lon - int64_t(r.min_lon)) / r.cell;
    st = inside_exact(r, r.min_lat + (cy + 0.5) * r.cell, r.min_lon + (cx + 0.5) * r.cell) ? 1 : 2;
  }
  return st == 1;
}

}  // namespace

FlatNetwork import_osm(const std::string& path, const OsmImportConfig& cfg, Reporter& reporter,
                       OsmImportStats* stats_out) {
  if (!files::exists(path)) throw Error(Errc::io_error, "cannot read '" + path + "': no such file");
  FlatNetwork net;
  net.source = std::filesystem::path(path).filename().string();
  net.name = net.source.substr(0, net.source.find('.'));
  net.cost_unit = "ds";
  net.input_hash = file_fingerprint(path, cfg);
  RelationPass rel;
  std::unique_ptr<MainPass> main_pass;
  try {
    {
      osmium::io::Reader reader{path, osmium::osm_entity_bits::relation};
      osmium::apply(reader, rel);
      reader.close();
    }
    std::unordered_set<int64_t> boundary_ways;
    for (const auto& c : rel.countries) boundary_ways.insert(c.ways.begin(), c.ways.end());
    main_pass = std::make_unique<MainPass>(cfg, rel.ferry_member_ways, boundary_ways);
    using Index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
    Index index;
    osmium::handler::NodeLocationsForWays<Index> locations{index};
    locations.ignore_errors();
    osmium::io::Reader reader{path, osmium::osm_entity_bits::node | osmium::osm_entity_bits::way};
    const uint64_t size = reader.file_size();
    while (osmium::memory::Buffer buffer = reader.read()) {
      osmium::apply(buffer, locations, *main_pass);
      reporter.progress("read " + net.source, reader.offset(), size);
    }
    reader.close();
    reporter.finish("read " + net.source);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(Errc::invalid_input, "'" + path + "': cannot read OSM data: " + e.what());
  }
  MainPass& mp = *main_pass;
  OsmImportStats& st = mp.stats;
  st.boundary_relations = rel.countries.size();

  // --- Split ways into links at shared nodes, ends and special nodes. ---
  std::unordered_map<int64_t, uint32_t> use[2];
  auto layer_of = [](Mode m) { return m == Mode::rail ? 1 : 0; };
  for (const WayRec& w : mp.ways) {
    auto& u = use[layer_of(w.mode)];
    for (uint32_t i = w.first; i < w.last; ++i)
      u[mp.pts[i].id] += (i == w.first || i + 1 == w.last) ? 2 : 1;
  }
  std::unordered_map<int64_t, uint32_t> vid[2];
  auto vertex = [&](int layer, const Pt& p) {
    auto [it, fresh] = vid[layer].try_emplace(p.id, net.num_nodes());
    if (fresh) {
      FlatNode n;
      n.lat_e7 = p.lat;
      n.lon_e7 = p.lon;
      n.layer = uint8_t(layer);
      auto sp = mp.specials.find(p.id);
      if (sp != mp.specials.end() && sp->second.kind == FlatNodeKind::border_post) {
        n.kind = uint8_t(FlatNodeKind::border_post);
        ++st.border_posts;
      }
      net.nodes.push_back(n);
      net.input_id.push_back(p.id);
    }
    return it->second;
  };
  std::vector<FlatLink> links;
  std::vector<uint32_t> sfirst{0};
  std::vector<ShapePoint> shape;
  auto add_link = [&](uint32_t a, uint32_t b, Mode mode, double len, double secs, const WayRec* w,
                      const std::vector<ShapePoint>& pts_between, uint8_t extra_flags = 0) {
    if (a == b) return;
    FlatLink l;
    l.tail = a;
    l.head = b;
    l.mode = uint8_t(mode);
    l.length_m = static_cast<float>(len);
    l.cost = static_cast<uint32_t>(std::clamp(std::llround(secs * 10), 1LL, 0x3fffffffLL));
    l.flags = kLengthKnown | (w ? w->flags : 0) | extra_flags;
    l.gauge_mm = w && mode == Mode::rail ? w->gauge : 0;
    links.push_back(l);
    shape.insert(shape.end(), pts_between.begin(), pts_between.end());
    sfirst.push_back(static_cast<uint32_t>(shape.size()));
  };
  std::vector<ShapePoint> between, rbetween;
  uint64_t done = 0;
  for (const WayRec& w : mp.ways) {
    const int layer = layer_of(w.mode);
    double way_len = 0;
    for (uint32_t i = w.first + 1; i < w.last; ++i) way_len += dist_m(mp.pts[i - 1], mp.pts[i]);
    uint32_t start = w.first;
    double len = 0;
    between.clear();
    for (uint32_t i = w.first + 1; i < w.last; ++i) {
      len += dist_m(mp.pts[i - 1], mp.pts[i]);
      const Pt& p = mp.pts[i];
      const bool split = i + 1 == w.last || use[layer][p.id] >= 2 || mp.specials.count(p.id);
      if (!split) {
        between.push_back({p.lat, p.lon});
        continue;
      }
      const uint32_t a = vertex(layer, mp.pts[start]), b = vertex(layer, p);
      double secs =
          w.duration_s > 0 && way_len > 0 ? w.duration_s * len / way_len : len / (w.kmh / 3.6);
      if (w.oneway >= 0) add_link(a, b, w.mode, len, secs, &w, between);
      if (w.oneway <= 0) {
        rbetween.assign(between.rbegin(), between.rend());
        add_link(b, a, w.mode, len, secs, &w, rbetween);
      }
      if (w.mode == Mode::ferry) {
        if (start == w.first) net.nodes[a].kind = uint8_t(FlatNodeKind::ferry_terminal);
        if (i + 1 == w.last) net.nodes[b].kind = uint8_t(FlatNodeKind::ferry_terminal);
      }
      start = i;
      len = 0;
      between.clear();
    }
    if ((++done & 0x3ff) == 0) reporter.progress("links", done, mp.ways.size());
  }
  reporter.finish("links");
  const uint32_t n = net.num_nodes();

  // --- Countries. ---
  std::map<std::string, uint32_t> code_index;
  auto country_idx = [&](const std::string& code) {
    auto [it, fresh] = code_index.try_emplace(code, 0);
    if (fresh) {
      it->second = static_cast<uint32_t>(net.countries.size());
      net.countries.push_back(code);
    }
    return it->second;
  };
  std::vector<Ring> rings;
  std::vector<uint8_t> complete(1, 0);      // per country index: some relation fully closed
  std::map<uint32_t, uint8_t> approximate;  // countries with a ring closed across gaps
  // boundary point -> countries (by index) of the ways it lies on (partial boundaries only)
  std::vector<Pt> border_pts;
  std::vector<std::vector<uint32_t>> border_pt_countries;
  auto make_ring = [&](uint32_t ci, uint32_t group, const std::vector<Pt>& pts) {
    Ring r{ci, group, {}, INT32_MAX, INT32_MIN, INT32_MAX, INT32_MIN, 1, 0, 0, {}};
    for (const Pt& p : pts) {
      r.pts.push_back({p.lat, p.lon});
      r.min_lat = std::min(r.min_lat, p.lat);
      r.max_lat = std::max(r.max_lat, p.lat);
      r.min_lon = std::min(r.min_lon, p.lon);
      r.max_lon = std::max(r.max_lon, p.lon);
    }
    return r;
  };
  struct Partial {
    uint32_t ci, group;
    std::vector<std::vector<Pt>> open_chains;
  };
  std::vector<Partial> partials;
  for (uint32_t ri = 0; ri < rel.countries.size(); ++ri) {
    const CountryRel& c = rel.countries[ri];
    const uint32_t ci = country_idx(c.code);
    if (complete.size() <= ci) complete.resize(ci + 1, 0);
    // Chain the member ways into rings by their end nodes.
    std::vector<std::vector<Pt>> chains;
    for (int64_t wid : c.ways) {
      auto it = mp.boundary.find(wid);
      if (it == mp.boundary.end()) continue;
      auto [b, e] = it->second;
      if (e - b >= 2) chains.emplace_back(mp.bpts.begin() + b, mp.bpts.begin() + e);
    }
    const size_t present = chains.size();
    std::vector<uint8_t> used(chains.size(), 0);
    std::vector<std::vector<Pt>> open_chains;
    for (size_t s = 0; s < chains.size(); ++s) {
      if (used[s]) continue;
      used[s] = 1;
      std::vector<Pt> ring = chains[s];
      bool grew = true;
      while (ring.front().id != ring.back().id && grew) {
        grew = false;
        for (size_t k = 0; k < chains.size(); ++k) {
          if (used[k]) continue;
          const auto& ch = chains[k];
          if (ch.front().id == ring.back().id) {
            ring.insert(ring.end(), ch.begin() + 1, ch.end());
          } else if (ch.back().id == ring.back().id) {
            ring.insert(ring.end(), ch.rbegin() + 1, ch.rend());
          } else {
            continue;
          }
          used[k] = 1;
          grew = true;
        }
      }
      if (ring.front().id == ring.back().id && ring.size() >= 4) {
        rings.push_back(make_ring(ci, ri, ring));
        ++st.closed_rings;
      } else {
        open_chains.push_back(std::move(ring));
      }
    }
    if (present == c.ways.size() && open_chains.empty() && present > 0) complete[ci] = 1;
    // Most of the outline is in the file (a small country inside the extract, whose sea or far
    // borders are cut off): candidate for a ring closed across the gaps (below).
    if (!open_chains.empty() && present * 2 >= c.ways.size())
      partials.push_back({ci, ri, std::move(open_chains)});
  }
  auto overlap = [](const Ring& a, const Ring& b) {  // share of a's bbox inside b's bbox
    const double h =
        std::max(0.0, double(std::min(a.max_lat, b.max_lat)) - std::max(a.min_lat, b.min_lat));
    const double w =
        std::max(0.0, double(std::min(a.max_lon, b.max_lon)) - std::max(a.min_lon, b.min_lon));
    const double area =
        std::max(1.0, double(a.max_lat - a.min_lat) * double(a.max_lon - a.min_lon));
    return h * w / area;
  };
  const size_t closed_count = rings.size();
  for (Partial& p : partials) {
    if (complete[p.ci]) continue;
    auto& oc = p.open_chains;
    // Join the open pieces nearest end to nearest start and close with a straight line.
    std::sort(oc.begin(), oc.end(),
              [](const auto& a, const auto& b) { return a.size() > b.size(); });
    std::vector<Pt> ring = oc[0];
    std::vector<uint8_t> taken(oc.size(), 0);
    taken[0] = 1;
    for (size_t round = 1; round < oc.size(); ++round) {
      size_t best = 0;
      bool reverse = false;
      double best_d = 1e300;
      for (size_t k = 0; k < oc.size(); ++k) {
        if (taken[k]) continue;
        const double df = dist_m(ring.back(), oc[k].front()),
                     db = dist_m(ring.back(), oc[k].back());
        if (df < best_d) best_d = df, best = k, reverse = false;
        if (db < best_d) best_d = db, best = k, reverse = true;
      }
      taken[best] = 1;
      if (reverse)
        ring.insert(ring.end(), oc[best].rbegin(), oc[best].rend());
      else
        ring.insert(ring.end(), oc[best].begin(), oc[best].end());
    }
    if (ring.size() < 3) continue;
    ring.push_back(ring.front());
    Ring r = make_ring(p.ci, p.group, ring);
    // A guess that covers another country's known outline (the same border ways listed in a
    // neighbour's relation) would claim that country: drop it.
    bool clash = false;
    for (size_t k = 0; k < rings.size() && !clash; ++k)
      if (rings[k].country != p.ci && overlap(r, rings[k]) > 0.5 &&
          (k < closed_count || approximate.count(rings[k].country)))
        clash = true;
    if (clash) continue;
    rings.push_back(std::move(r));
    approximate[p.ci] = 1;
    ++st.approximate_rings;
  }
  // Points of boundaries of countries without a complete outline, with their countries.
  {
    std::unordered_map<int64_t, std::vector<uint32_t>> way_countries;
    for (const CountryRel& c : rel.countries)
      for (int64_t wid : c.ways) way_countries[wid].push_back(code_index[c.code]);
    for (auto& [wid, range] : mp.boundary) {
      auto& cs = way_countries[wid];
      std::vector<uint32_t> partial;
      for (uint32_t ci : cs)
        if (!complete[ci] && !approximate.count(ci)) partial.push_back(ci);
      if (partial.empty()) continue;
      for (uint32_t i = range.first; i < range.second; ++i) {
        border_pts.push_back(mp.bpts[i]);
        border_pt_countries.push_back(partial);
      }
    }
  }
  std::vector<double> blat, blon;
  for (const Pt& p : border_pts) {
    blat.push_back(p.lat * 1e-7);
    blon.push_back(p.lon * 1e-7);
  }
  ch::SpatialGrid border_grid(blat, blon, {}, 0.02);
  std::string fallback_code = text::to_upper_ascii(cfg.fallback_country);
  if (!fallback_code.empty() && !is_alpha2(fallback_code.c_str()))
    throw Error(Errc::usage, "--country must be an ISO 3166-1 alpha-2 code such as AZ, found '" +
                                 cfg.fallback_country + "'");
  if (fallback_code.empty() && !mp.addr_country.empty()) {
    auto best = std::max_element(mp.addr_country.begin(), mp.addr_country.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    fallback_code = best->first;
    reporter.log(
        "note: no admin_level=2 boundary decides some nodes; using the most common "
        "addr:country '" +
        fallback_code + "' for them");
  }
  const uint32_t fallback = fallback_code.empty() ? 0 : country_idx(fallback_code);
  for (uint32_t v = 0; v < n; ++v) {
    FlatNode& node = net.nodes[v];
    std::map<uint32_t, int> in_group;
    std::map<uint32_t, int> crossings;  // country -> inside one of its outlines
    for (Ring& r : rings)
      if (inside(r, node.lat_e7, node.lon_e7)) in_group[r.group] ^= 1;
    uint32_t c = 0;
    for (const Ring& r : rings)
      if (in_group[r.group]) {
        crossings[r.country] = 1;
        if (!c) c = r.country;
      }
    if (c) {
      ++st.nodes_by_polygon;
    } else if (uint32_t b = border_grid.nearest(node.lat(), node.lon()); b != UINT32_MAX) {
      // Outside every closed outline: the country of the nearest partial boundary that is not a
      // country whose closed outline we already know excludes this node.
      for (uint32_t ci : border_pt_countries[b])
        if (!crossings[ci]) {
          c = ci;
          break;
        }
      if (c) ++st.nodes_by_nearest_border;
    }
    if (!c) {
      c = fallback;
      ++st.nodes_by_fallback;
    }
    node.country = static_cast<uint16_t>(c);
    if ((v & 0xfff) == 0) reporter.progress("countries", v, n);
  }
  reporter.finish("countries");

  // --- Transfers: stations (rail <-> road) and off-road ferry landings (ferry <-> road). ---
  std::vector<network::ModeMask> modes(n, 0);
  for (const FlatLink& l : links) {
    modes[l.tail] |= network::mode_bit(l.link_mode());
    modes[l.head] |= network::mode_bit(l.link_mode());
  }
  std::vector<double> lat(n), lon(n);
  std::vector<uint8_t> is_road(n), is_rail(n);
  for (uint32_t v = 0; v < n; ++v) {
    lat[v] = net.nodes[v].lat();
    lon[v] = net.nodes[v].lon();
    is_road[v] = network::has_mode(modes[v], Mode::road);
    is_rail[v] = network::has_mode(modes[v], Mode::rail);
  }
  ch::SpatialGrid road_grid(lat, lon, is_road), rail_grid(lat, lon, is_rail);
  auto connect = [&](uint32_t a, uint32_t b, double handling_s) {
    const double d = ch::haversine_m(lat[a], lon[a], lat[b], lon[b]);
    const double secs = handling_s + d / (10 / 3.6);  // 10 km/h on the access road
    add_link(a, b, Mode::road, d, secs, nullptr, {}, kTransfer);
    add_link(b, a, Mode::road, d, secs, nullptr, {}, kTransfer);
    ++st.transfers;
  };
  std::set<std::pair<uint32_t, uint32_t>> transfer_pairs;
  for (const auto& [id, sp] : mp.specials) {
    if (sp.kind != FlatNodeKind::station) continue;
    const double la = sp.lat * 1e-7, lo = sp.lon * 1e-7;
    uint32_t rv = kInvalidNode;
    if (auto it = vid[1].find(id); it != vid[1].end())
      rv = it->second;
    else
      rv = rail_grid.nearest(la, lo, cfg.station_rail_radius_m);
    if (rv == kInvalidNode) continue;
    ++st.stations;
    net.nodes[rv].kind = uint8_t(FlatNodeKind::station);
    const uint32_t road = road_grid.nearest(lat[rv], lon[rv], cfg.station_road_radius_m);
    if (road == kInvalidNode || !transfer_pairs.insert({rv, road}).second) continue;
    connect(rv, road, cfg.transfer_minutes * 60);
  }
  for (uint32_t v = 0; v < n; ++v) {
    if (net.nodes[v].kind != uint8_t(FlatNodeKind::ferry_terminal)) continue;
    ++st.ferry_terminals;
    if (is_road[v]) continue;  // the ferry lands on the road network
    const uint32_t road = road_grid.nearest(lat[v], lon[v], cfg.terminal_road_radius_m);
    if (road != kInvalidNode) connect(v, road, 0);
  }

  // --- Border flags, CSR order. ---
  for (FlatLink& l : links)
    if (net.nodes[l.tail].country != net.nodes[l.head].country) l.flags |= kBorder;
  net.links = std::move(links);
  net.shape_first = std::move(sfirst);
  net.shape = std::move(shape);
  net.finalize();
  if (stats_out) *stats_out = st;
  return net;
}

}  // namespace corridor::osm
