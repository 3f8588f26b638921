// Scenario overlays on a .cnet (overlay.h): TOML -> resolved link selections -> edited weights.
#include "corridor/osm/overlay.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>
#include <tuple>
#include <unordered_set>

#include "corridor/ch/ch.h"
#include "corridor/core/files.h"
#include "corridor/core/text.h"
#include "corridor/core/toml.h"
#include "corridor/geo/distance.h"

namespace corridor::osm {
namespace {

constexpr double kBorderNearMaxM = 10000;  // border_near: the crossing must be this close

struct Ctx {
  const std::string& file;
  const FlatNetwork& net;
  std::vector<Diagnostic>& problems;
  void fail(const toml::node& n, std::string msg) {
    problems.push_back({tomlx::location(n, file), std::move(msg)});
  }
};

std::string num_str(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

const toml::array* array_of(Ctx& c, const toml::table& t, std::string_view key,
                            const std::string& section, std::string_view expected) {
  const toml::node* n = t.get(key);
  if (!n) return nullptr;
  const toml::array* a = n->as_array();
  if (!a) {
    c.fail(*n, section + " '" + std::string(key) + "': expected " + std::string(expected) +
                   ", found " + tomlx::found(*n));
    return nullptr;
  }
  if (a->empty()) c.fail(*n, section + " '" + std::string(key) + "': expected a non-empty array");
  return a;
}

std::vector<int64_t> id_list(Ctx& c, const toml::table& t, std::string_view key,
                             const std::string& section) {
  std::vector<int64_t> out;
  const toml::array* a = array_of(c, t, key, section, "an array of OSM ids (integers)");
  if (!a) return out;
  for (const auto& e : *a) {
    if (auto v = e.value_exact<int64_t>())
      out.push_back(*v);
    else
      c.fail(e, section + " '" + std::string(key) + "': expected an OSM id (integer), found " +
                    tomlx::found(e));
  }
  return out;
}

std::vector<std::string> string_list(Ctx& c, const toml::table& t, std::string_view key,
                                     const std::string& section) {
  std::vector<std::string> out;
  const toml::array* a = array_of(c, t, key, section, "an array of strings");
  if (!a) return out;
  for (const auto& e : *a) {
    if (auto s = e.value_exact<std::string>())
      out.push_back(*s);
    else
      c.fail(e,
             section + " '" + std::string(key) + "': expected a string, found " + tomlx::found(e));
  }
  return out;
}

std::optional<double> number(Ctx& c, const toml::table& t, std::string_view key,
                             const std::string& section, double min, bool min_open) {
  const toml::node* n = t.get(key);
  if (!n) return std::nullopt;
  auto v = n->value<double>();
  if (!v || n->is_boolean() || !std::isfinite(*v) || *v < min || (min_open && *v == min)) {
    c.fail(*n, section + " '" + std::string(key) + "': expected a number " +
                   (min_open ? "> " : ">= ") + num_str(min) + ", found " + tomlx::found(*n));
    return std::nullopt;
  }
  return *v;
}

// Everything a selection needs from the network, built once per file.
struct Index {
  std::vector<std::pair<int64_t, uint32_t>> link_of_way;  // sorted (way, link)
  std::vector<std::pair<int64_t, uint32_t>> node_of_id;   // sorted (input id, node)
  explicit Index(const FlatNetwork& net) {
    for (uint32_t a = 0; a < net.num_links(); ++a)
      if (net.way_id[a] != 0) link_of_way.push_back({net.way_id[a], a});
    std::sort(link_of_way.begin(), link_of_way.end());
    for (uint32_t v = 0; v < net.num_nodes(); ++v) node_of_id.push_back({net.input_id[v], v});
    std::sort(node_of_id.begin(), node_of_id.end());
  }
  template <typename F>
  static bool each(const std::vector<std::pair<int64_t, uint32_t>>& v, int64_t id, F f) {
    bool any = false;
    for (auto it = std::lower_bound(v.begin(), v.end(), std::make_pair(id, 0u));
         it != v.end() && it->first == id; ++it) {
      f(it->second);
      any = true;
    }
    return any;
  }
};

void parse_edit(Ctx& c, const Index& ix, const toml::table& t, NetEdit& ed) {
  const FlatNetwork& net = c.net;
  const std::string section = ed.kind == NetEdit::Kind::close ? "[[close]]" : "[[set]]";
  static const std::set<std::string> kSelectors = {
      "ways", "border_posts", "border_near", "bbox", "countries", "modes", "border"};
  static const std::set<std::string> kSetters = {"kmh", "factor", "add_minutes"};
  bool any_selector = false, any_setter = false;
  for (const auto& [k, v] : t) {
    const std::string ks(k.str());
    if (kSelectors.count(ks)) {
      any_selector = true;
    } else if (kSetters.count(ks) && ed.kind == NetEdit::Kind::set) {
      any_setter = true;
    } else {
      c.fail(v, section + ": unknown field '" + ks +
                    "': expected ways, border_posts, border_near, bbox, countries, modes, border" +
                    (ed.kind == NetEdit::Kind::set ? " or kmh, factor, add_minutes" : ""));
    }
  }
  if (!any_selector)
    c.fail(t, section +
                  ": expected at least one selector (ways, border_posts, border_near, bbox, "
                  "countries, modes, border)");
  if (ed.kind == NetEdit::Kind::set && !any_setter)
    c.fail(t, "[[set]]: expected at least one of kmh, factor, add_minutes");
  if (ed.kind == NetEdit::Kind::set) {
    ed.kmh = number(c, t, "kmh", section, 0, true);
    ed.factor = number(c, t, "factor", section, 0, true).value_or(1);
    ed.add_minutes = number(c, t, "add_minutes", section, 0, false).value_or(0);
  }
  const size_t before = c.problems.size();

  // Each selector as a set of links (or a predicate); the selection is their intersection.
  std::vector<uint8_t> pick(net.num_links(), 1);
  auto keep_only = [&](const std::vector<uint8_t>& mark) {
    for (uint32_t a = 0; a < net.num_links(); ++a) pick[a] &= mark[a];
  };
  ed.ways = id_list(c, t, "ways", section);
  if (!ed.ways.empty()) {
    std::vector<uint8_t> mark(net.num_links(), 0);
    const toml::array& arr = *t.get("ways")->as_array();
    for (size_t i = 0; i < ed.ways.size(); ++i)
      if (!Index::each(ix.link_of_way, ed.ways[i], [&](uint32_t a) { mark[a] = 1; }))
        c.fail(*arr.get(i), section + " 'ways': no link of this network comes from OSM way " +
                                std::to_string(ed.ways[i]));
    keep_only(mark);
  }
  ed.border_posts = id_list(c, t, "border_posts", section);
  if (!ed.border_posts.empty()) {
    std::vector<uint8_t> node_mark(net.num_nodes(), 0), mark(net.num_links(), 0);
    const toml::array& arr = *t.get("border_posts")->as_array();
    for (size_t i = 0; i < ed.border_posts.size(); ++i)
      if (!Index::each(ix.node_of_id, ed.border_posts[i], [&](uint32_t v) { node_mark[v] = 1; }))
        c.fail(*arr.get(i), section + " 'border_posts': no node of this network has OSM id " +
                                std::to_string(ed.border_posts[i]));
    for (uint32_t a = 0; a < net.num_links(); ++a)
      mark[a] = node_mark[net.links[a].tail] || node_mark[net.links[a].head];
    keep_only(mark);
  }
  const auto near = string_list(c, t, "border_near", section);
  if (!near.empty()) {
    std::vector<uint8_t> mark(net.num_links(), 0);
    const toml::array& arr = *t.get("border_near")->as_array();
    for (size_t i = 0; i < near.size(); ++i) {
      const std::string& s = near[i];
      const size_t sep = s.find(',');
      std::optional<double> lat, lon;
      if (sep != std::string::npos) {
        lat = text::parse_double(text::trim(std::string_view(s).substr(0, sep)));
        lon = text::parse_double(text::trim(std::string_view(s).substr(sep + 1)));
      }
      if (!lat || !lon || std::abs(*lat) > 90 || std::abs(*lon) > 180) {
        c.fail(*arr.get(i),
               section + " 'border_near': expected \"lat,lon\" in degrees, found \"" + s + "\"");
        continue;
      }
      ed.border_near.push_back({*lat, *lon});
      // The border link with the nearest end, then every border link of its way (or, for a link
      // without a way, the link and its reverse).
      uint32_t best = UINT32_MAX;
      double best_d = kBorderNearMaxM;
      for (uint32_t a = 0; a < net.num_links(); ++a) {
        const FlatLink& l = net.links[a];
        if (!(l.flags & kBorder)) continue;
        for (uint32_t v : {l.tail, l.head}) {
          const double d = geo::haversine_m(*lat, *lon, net.nodes[v].lat(), net.nodes[v].lon());
          if (d < best_d) best_d = d, best = a;
        }
      }
      if (best == UINT32_MAX) {
        c.fail(*arr.get(i), section + " 'border_near': no border crossing within " +
                                std::to_string(int(kBorderNearMaxM / 1000)) + " km of " + s);
        continue;
      }
      const FlatLink& b = net.links[best];
      for (uint32_t a = 0; a < net.num_links(); ++a) {
        const FlatLink& l = net.links[a];
        if (!(l.flags & kBorder)) continue;
        const bool same_way = net.way_id[best] != 0 && net.way_id[a] == net.way_id[best];
        const bool same_ends =
            (l.tail == b.tail && l.head == b.head) || (l.tail == b.head && l.head == b.tail);
        if (same_way || same_ends) mark[a] = 1;
      }
    }
    keep_only(mark);
  }
  if (const toml::array* bb =
          array_of(c, t, "bbox", section, "[min_lon, min_lat, max_lon, max_lat]")) {
    std::array<double, 4> v{};
    bool ok = bb->size() == 4;
    for (size_t i = 0; ok && i < 4; ++i) {
      auto x = bb->get(i)->value<double>();
      ok = x && !bb->get(i)->is_boolean() && std::isfinite(*x);
      if (ok) v[i] = *x;
    }
    ok = ok && v[0] >= -180 && v[2] <= 180 && v[1] >= -90 && v[3] <= 90 && v[0] < v[2] &&
         v[1] < v[3];
    if (!ok) {
      c.fail(*t.get("bbox"), section +
                                 " 'bbox': expected [min_lon, min_lat, max_lon, max_lat] in "
                                 "degrees with min < max");
    } else {
      ed.bbox = v;
      auto inside = [&](uint32_t n) {
        const double la = net.nodes[n].lat(), lo = net.nodes[n].lon();
        return lo >= v[0] && lo <= v[2] && la >= v[1] && la <= v[3];
      };
      std::vector<uint8_t> mark(net.num_links(), 0);
      for (uint32_t a = 0; a < net.num_links(); ++a)
        mark[a] = inside(net.links[a].tail) || inside(net.links[a].head);
      keep_only(mark);
    }
  }
  ed.countries = string_list(c, t, "countries", section);
  if (!ed.countries.empty()) {
    const toml::array& arr = *t.get("countries")->as_array();
    std::vector<uint16_t> idx;
    for (size_t i = 0; i < ed.countries.size(); ++i) {
      auto it = std::find(net.countries.begin() + 1, net.countries.end(), ed.countries[i]);
      if (it == net.countries.end()) {
        std::vector<std::string> have(net.countries.begin() + 1, net.countries.end());
        c.fail(*arr.get(i), section + " 'countries': '" + ed.countries[i] +
                                "' is not a country of this network (it has: " +
                                (have.empty() ? std::string("none") : text::join(have, ", ")) +
                                ")");
      } else {
        idx.push_back(static_cast<uint16_t>(it - net.countries.begin()));
      }
    }
    if (ed.countries.size() > 2)
      c.fail(*t.get("countries"), section +
                                      " 'countries': expected one country (its border links) "
                                      "or two (the links between them)");
    if (idx.size() == ed.countries.size() && idx.size() <= 2) {
      std::vector<uint8_t> mark(net.num_links(), 0);
      for (uint32_t a = 0; a < net.num_links(); ++a) {
        const FlatLink& l = net.links[a];
        if (!(l.flags & kBorder)) continue;
        const uint16_t ct = net.nodes[l.tail].country, chh = net.nodes[l.head].country;
        mark[a] = idx.size() == 1
                      ? (ct == idx[0] || chh == idx[0])
                      : ((ct == idx[0] && chh == idx[1]) || (ct == idx[1] && chh == idx[0]));
      }
      keep_only(mark);
    }
  }
  const auto modes = string_list(c, t, "modes", section);
  if (!modes.empty()) {
    ed.modes = 0;
    const toml::array& arr = *t.get("modes")->as_array();
    for (size_t i = 0; i < modes.size(); ++i) {
      if (auto m = network::parse_mode(modes[i]))
        ed.modes |= network::mode_bit(*m);
      else
        c.fail(*arr.get(i),
               section + " 'modes': expected rail, road or ferry, found \"" + modes[i] + "\"");
    }
    for (uint32_t a = 0; a < net.num_links(); ++a)
      if (!network::has_mode(ed.modes, net.links[a].link_mode()) || net.links[a].transfer())
        pick[a] = 0;
  }
  if (const toml::node* b = t.get("border")) {
    if (auto v = b->value_exact<bool>()) {
      ed.border_only = *v;
      for (uint32_t a = 0; a < net.num_links(); ++a)
        if (*v != bool(net.links[a].flags & kBorder)) pick[a] = 0;
    } else {
      c.fail(*b, section + " 'border': expected true or false, found " + tomlx::found(*b));
    }
  }
  if (c.problems.size() != before || !any_selector) return;
  for (uint32_t a = 0; a < net.num_links(); ++a)
    if (pick[a]) ed.selected.push_back(a);
  if (ed.selected.empty())
    c.fail(t, section + ": the selectors together select no link of this network");
}

NetScenario parse_chain(const std::string& toml_text, const std::string& file,
                        const FlatNetwork& net, std::set<std::string>& seen,
                        std::vector<Diagnostic>& problems) {
  NetScenario sc;
  sc.file = file;
  sc.name = std::filesystem::path(file).stem().string();
  toml::table root;
  try {
    root = toml::parse(toml_text, file);
  } catch (const toml::parse_error& e) {
    const auto& s = e.source();
    problems.push_back({{file, static_cast<int>(s.begin.line), static_cast<int>(s.begin.column)},
                        std::string(e.description())});
    return sc;
  }
  Ctx c{file, net, problems};
  for (const auto& [k, v] : root) {
    const std::string ks(k.str());
    if (ks != "description" && ks != "base" && ks != "close" && ks != "set")
      c.fail(v, "unknown key '" + ks + "': expected description, base, [[close]] or [[set]]");
  }
  if (const toml::node* d = root.get("description")) {
    if (auto s = d->value_exact<std::string>())
      sc.description = *s;
    else
      c.fail(*d, "'description': expected a string, found " + tomlx::found(*d));
  } else {
    problems.push_back({{file, 1, 1}, "missing 'description': every scenario says what it is"});
  }
  if (const toml::node* b = root.get("base")) {
    auto s = b->value_exact<std::string>();
    if (!s || s->empty() || s->find('/') != std::string::npos) {
      c.fail(*b, "'base': expected the name of a scenario file beside this one (no .toml)");
    } else {
      const std::string base_path =
          (std::filesystem::path(file).parent_path() / (*s + ".toml")).string();
      if (!seen.insert(std::filesystem::weakly_canonical(base_path).string()).second) {
        c.fail(*b, "'base': scenarios form a cycle through '" + *s + "'");
      } else if (!files::exists(base_path)) {
        c.fail(*b, "'base': no scenario file '" + base_path + "'");
      } else {
        NetScenario base = parse_chain(files::read_all(base_path), base_path, net, seen, problems);
        sc.edits = std::move(base.edits);
      }
    }
  }
  Index ix(net);
  for (auto [key, kind] :
       {std::pair{"close", NetEdit::Kind::close}, std::pair{"set", NetEdit::Kind::set}}) {
    const toml::node* n = root.get(key);
    if (!n) continue;
    const toml::array* arr = n->as_array();
    if (!arr) {
      c.fail(*n, "'" + std::string(key) + "': expected an array of tables ([[" + key +
                     "]]), found " + tomlx::found(*n));
      continue;
    }
    for (const auto& e : *arr) {
      const toml::table* t = e.as_table();
      if (!t) {
        c.fail(e, "'" + std::string(key) + "': expected a table, found " + tomlx::found(e));
        continue;
      }
      NetEdit ed;
      ed.kind = kind;
      ed.where = tomlx::location(*t, file);
      parse_edit(c, ix, *t, ed);
      sc.edits.push_back(std::move(ed));
    }
  }
  return sc;
}

}  // namespace

NetScenario parse_net_scenario(const std::string& toml_text, const std::string& file,
                               const FlatNetwork& net) {
  std::vector<Diagnostic> problems;
  std::set<std::string> seen{std::filesystem::weakly_canonical(file).string()};
  NetScenario sc = parse_chain(toml_text, file, net, seen, problems);
  if (!problems.empty()) {
    std::stable_sort(problems.begin(), problems.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                       return std::tie(a.where.file, a.where.line, a.where.column) <
                              std::tie(b.where.file, b.where.line, b.where.column);
                     });
    const size_t n = problems.size();
    throw Error(Errc::invalid_scenario,
                "invalid scenario '" + file + "': " + std::to_string(n) + " problem(s)",
                std::move(problems));
  }
  return sc;
}

NetScenario load_net_scenario(const std::string& path, const FlatNetwork& net) {
  if (!files::exists(path))
    throw Error(Errc::usage, "scenario file '" + path +
                                 "' not found: with --net, --scenario and --base name TOML files "
                                 "(or 'baseline')");
  return parse_net_scenario(files::read_all(path), path, net);
}

std::vector<uint32_t> scenario_weights(const FlatNetwork& net, const Profile& p,
                                       const NetScenario& s) {
  std::vector<uint32_t> w = arc_weights(net, p);
  for (const NetEdit& e : s.edits) {
    for (uint32_t a : e.selected) {
      if (w[a] == ch::kInfWeight) continue;
      if (e.kind == NetEdit::Kind::close) {
        w[a] = ch::kInfWeight;
        continue;
      }
      double c = w[a];
      const FlatLink& l = net.links[a];
      if (e.kmh && (l.flags & kLengthKnown)) {
        c = l.length_m / (*e.kmh / 3.6) * 10;  // deciseconds
        if (l.flags & kService) c *= p.service_penalty;
      }
      c = c * e.factor + e.add_minutes * 600;
      w[a] = static_cast<uint32_t>(std::clamp(std::llround(c), 1LL, 0x3fffffffLL));
    }
  }
  return w;
}

}  // namespace corridor::osm
