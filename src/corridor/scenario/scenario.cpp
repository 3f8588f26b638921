#include "corridor/scenario/scenario.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <optional>
#include <set>

#include "corridor/core/files.h"
#include "corridor/core/text.h"
#include "corridor/core/toml.h"

namespace corridor::scenario {
namespace {

using network::Link;

struct Ctx {
  const std::string& file;
  const network::Network& net;
  std::vector<Diagnostic>& problems;
  std::string_view text;  // the file's TOML (to locate a character inside a string value)
  void fail(const toml::node& n, std::string msg) {
    problems.push_back({tomlx::location(n, file), std::move(msg)});
  }
};

// Where byte `k` of the string value `value` of node `n` is in the file: the string's own
// position when the text does not hold the value verbatim right after the opening quote (a
// multi-line string, escapes), so the column never points at the wrong character.
SourceLocation loc_in_string(const Ctx& c, const toml::node& n, std::string_view value, size_t k) {
  const SourceLocation at = tomlx::location(n, c.file);
  size_t p = 0;
  for (int line = 1; line < at.line; ++line) {
    p = c.text.find('\n', p);
    if (p == std::string_view::npos) return at;
    ++p;
  }
  auto advance = [](std::string_view t, size_t from, size_t chars) {  // UTF-8 characters
    size_t i = from;
    for (; chars > 0 && i < t.size(); --chars) do
        ++i;
      while (i < t.size() && (static_cast<unsigned char>(t[i]) & 0xC0) == 0x80);
    return i;
  };
  p = advance(c.text, p, static_cast<size_t>(std::max(at.column - 1, 0)));
  if (p >= c.text.size() || (c.text[p] != '"' && c.text[p] != '\'')) return at;
  const char q = c.text[p];
  if (c.text.substr(p + 1, value.size()) != value ||
      c.text.substr(p + 1 + value.size(), 1) != std::string_view(&q, 1) ||
      c.text.substr(p, 3) == std::string(3, q))
    return at;
  int col = at.column + 1;
  for (size_t i = 0; i < k && i < value.size(); ++i)
    if ((static_cast<unsigned char>(value[i]) & 0xC0) != 0x80) ++col;
  return {c.file, at.line, col};
}

// An [[add]] geometry: WKT `LINESTRING(lon lat, lon lat, ...)` (keyword in any case, spaces
// around the punctuation as link.csv allows), decimal numbers, longitudes in [-180, 180] and
// latitudes in [-90, 90], 2 to kMaxGeometryPoints points. Returns the first problem and the
// byte of the geometry where it is.
constexpr size_t kMaxGeometryPoints = 100000;
struct WktProblem {
  size_t at;
  std::string message;
};
std::optional<WktProblem> linestring_problem(std::string_view w) {
  size_t i = 0;
  auto space = [&] {
    const size_t from = i;
    while (i < w.size() && std::isspace(static_cast<unsigned char>(w[i]))) ++i;
    return i > from;
  };
  auto found = [&] {
    if (i >= w.size()) return std::string("the end of the geometry");
    return "'" + std::string(1, w[i]) + "'";
  };
  const std::string expected = "expected WKT 'LINESTRING(lon lat, lon lat, ...)'";
  space();
  static constexpr std::string_view kKeyword = "LINESTRING";
  for (size_t k = 0; k < kKeyword.size(); ++k)
    if (i + k >= w.size() || std::toupper(static_cast<unsigned char>(w[i + k])) != kKeyword[k])
      return WktProblem{i, expected};
  i += kKeyword.size();
  space();
  if (i >= w.size() || w[i] != '(') return WktProblem{i, expected + ", found " + found()};
  ++i;
  size_t points = 0;
  for (;;) {
    space();
    const size_t point_at = i;
    if (++points > kMaxGeometryPoints)
      return WktProblem{point_at, "more than " + std::to_string(kMaxGeometryPoints) + " points"};
    const std::string pt = "point " + std::to_string(points);
    for (int axis = 0; axis < 2; ++axis) {
      const char* what = axis == 0 ? "longitude" : "latitude";
      if (axis == 1 && !space())
        return WktProblem{i, pt + ": expected a space, then the latitude, found " + found()};
      const size_t from = i;
      if (i < w.size() && w[i] == '-') ++i;
      const size_t digits_from = i;
      while (i < w.size() && std::isdigit(static_cast<unsigned char>(w[i]))) ++i;
      size_t digits = i - digits_from;
      if (i < w.size() && w[i] == '.') {
        ++i;
        const size_t d = i;
        while (i < w.size() && std::isdigit(static_cast<unsigned char>(w[i]))) ++i;
        digits += i - d;
      }
      if (digits == 0) {
        i = from;
        return WktProblem{from,
                          pt + ": expected the " + what + " as a decimal number, found " + found()};
      }
      double v = 0;
      const auto r = std::from_chars(w.data() + from, w.data() + i, v);
      const double limit = axis == 0 ? 180 : 90;
      if (r.ec != std::errc() || !std::isfinite(v) || v < -limit || v > limit)
        return WktProblem{from, pt + ": " + what + " " +
                                    std::string(w.substr(from, std::min<size_t>(i - from, 30))) +
                                    (i - from > 30 ? "..." : "") + " is outside [-" +
                                    std::to_string(int(limit)) + ", " + std::to_string(int(limit)) +
                                    "] degrees"};
    }
    space();
    if (i < w.size() && w[i] == ',') {
      ++i;
      continue;
    }
    break;
  }
  if (i >= w.size() || w[i] != ')')
    return WktProblem{
        i, "after point " + std::to_string(points) + ": expected ',' or ')', found " + found()};
  ++i;
  space();
  if (i != w.size()) return WktProblem{i, "unexpected text after ')'"};
  if (points < 2) return WktProblem{0, "a line needs at least 2 points, found 1"};
  return std::nullopt;
}

std::vector<std::string> string_list(Ctx& c, const toml::table& t, std::string_view key) {
  std::vector<std::string> out;
  const toml::node* n = t.get(key);
  if (!n) return out;
  const toml::array* a = n->as_array();
  if (!a) {
    c.fail(*n, "'" + std::string(key) + "': expected an array of strings");
    return out;
  }
  for (const auto& e : *a) {
    if (auto s = e.value<std::string>())
      out.push_back(*s);
    else
      c.fail(e, "'" + std::string(key) + "': expected a string");
  }
  return out;
}

const std::set<std::string> kSettable = {"dwell_hours",   "fee_usd",    "tariff_usd_km",
                                         "capacity_tpd",  "free_speed", "travel_hours",
                                         "dwell_sd_hours"};

Link parse_added_link(Ctx& c, const toml::table& t) {
  Link l;
  auto str = [&](std::string_view k, bool req) -> std::string {
    const toml::node* n = t.get(k);
    if (!n) {
      if (req) c.fail(t, "[[add]]: missing required field '" + std::string(k) + "'");
      return {};
    }
    if (auto s = n->value<std::string>()) return *s;
    c.fail(*n, "[[add]] '" + std::string(k) + "': expected a string");
    return {};
  };
  auto num = [&](std::string_view k, bool req) -> std::optional<double> {
    const toml::node* n = t.get(k);
    if (!n) {
      if (req) c.fail(t, "[[add]]: missing required field '" + std::string(k) + "'");
      return std::nullopt;
    }
    if (auto v = n->value<double>()) {
      if (*v < 0 || !std::isfinite(*v)) {
        c.fail(*n, "[[add]] '" + std::string(k) + "': expected a number >= 0");
        return std::nullopt;
      }
      return *v;
    }
    c.fail(*n, "[[add]] '" + std::string(k) + "': expected a number");
    return std::nullopt;
  };
  static const std::set<std::string> kKnown = {
      "link_id",      "name",           "from_node_id", "to_node_id",    "directed",
      "mode",         "link_type",      "length",       "free_speed",    "travel_hours",
      "dwell_hours",  "dwell_sd_hours", "fee_usd",      "tariff_usd_km", "gauge_mm",
      "capacity_tpd", "status",         "status_year",  "geometry",      "source"};
  for (const auto& [k, v] : t)
    if (!kKnown.count(std::string(k.str())))
      c.fail(v, "[[add]]: unknown field '" + std::string(k.str()) + "'");
  l.id = str("link_id", true);
  if (!l.id.empty() && c.net.find_link(l.id))
    c.fail(t, "[[add]]: link id '" + l.id + "' already exists");
  l.name = str("name", false);
  int ends_resolved = 0;
  for (auto [key, out] : {std::pair{"from_node_id", &l.from}, std::pair{"to_node_id", &l.to}}) {
    std::string id = str(key, true);
    if (id.empty()) continue;
    if (auto n = c.net.find_node(id)) {
      *out = *n;
      ++ends_resolved;
    } else {
      c.fail(*t.get(key), "[[add]] '" + std::string(key) + "': unknown node '" + id + "'");
    }
  }
  if (!t.get("directed")) c.fail(t, "[[add]]: missing required field 'directed'");
  if (const toml::node* d = t.get("directed")) {
    if (auto b = d->value<bool>())
      l.directed = *b;
    else if (auto i = d->value_exact<int64_t>())
      l.directed = *i != 0;
    else
      c.fail(*d, "[[add]] 'directed': expected true/false");
  }
  std::string mode = str("mode", true);
  if (auto m = network::parse_mode(mode))
    l.mode = *m;
  else if (!mode.empty())
    c.fail(t, "[[add]] 'mode': expected rail, road or ferry, found '" + mode + "'");
  std::string type = str("link_type", false);
  if (!type.empty()) {
    if (auto lt = network::parse_link_type(type))
      l.type = *lt;
    else
      c.fail(t, "[[add]] 'link_type': expected line or border, found '" + type + "'");
  }
  l.length_km = num("length", true).value_or(0);
  l.free_speed_kmh = num("free_speed", false);
  l.travel_hours = num("travel_hours", false);
  if (!l.free_speed_kmh && !l.travel_hours)
    c.fail(t, "[[add]]: expected free_speed or travel_hours");
  l.dwell_hours = num("dwell_hours", false).value_or(0);
  l.dwell_sd_hours = num("dwell_sd_hours", false).value_or(0);
  l.fee_usd = num("fee_usd", false).value_or(0);
  l.tariff_usd_km = num("tariff_usd_km", false);
  l.capacity_tpd = num("capacity_tpd", false);
  if (const toml::node* g = t.get("gauge_mm")) {
    std::string gs = g->value<std::string>().value_or(
        g->value_exact<int64_t>() ? std::to_string(*g->value_exact<int64_t>()) : std::string());
    if (text::split(gs, ';').empty())  // neither a string nor an integer (e.g. a float)
      c.fail(*g, "[[add]] 'gauge_mm': expected 1520, 1435 or \"1435;1520\"");
    for (const auto& part : text::split(gs, ';')) {
      auto v = text::parse_int(part);
      if (v && (*v == 1520 || *v == 1435))
        l.gauges.push_back(static_cast<uint16_t>(*v));
      else
        c.fail(*g, "[[add]] 'gauge_mm': expected 1520, 1435 or \"1435;1520\"");
    }
  }
  if (l.mode == network::Mode::rail && l.gauges.empty())
    c.fail(t, "[[add]]: a rail link needs gauge_mm");
  std::string status = str("status", false);
  if (status.empty()) status = "operating";
  if (auto s = network::parse_status(status))
    l.status = *s;
  else
    c.fail(t, "[[add]] 'status': expected operating, construction, planned or closed");
  if (const toml::node* y = t.get("status_year")) {
    if (auto v = y->value_exact<int64_t>())
      l.status_year = static_cast<int>(*v);
    else
      c.fail(*y, "[[add]] 'status_year': expected an integer");
  }
  l.geometry_wkt = str("geometry", false);
  if (const toml::node* g = t.get("geometry"); g && g->is_string() && !l.geometry_wkt.empty()) {
    if (const auto p = linestring_problem(l.geometry_wkt))
      c.problems.push_back(
          {loc_in_string(c, *g, l.geometry_wkt, p->at), "[[add]] 'geometry': " + p->message});
  }
  l.source = str("source", true);
  // The rules every link obeys (same as link.csv): reported at the field, else at the table.
  if (ends_resolved == 2) {
    for (const auto& fp : network::link_problems(c.net, l)) {
      if (fp.field == "source" || (fp.field == "link_id" && l.id.empty())) continue;  // reported
      const toml::node* at = t.get(fp.field);
      c.fail(at ? *at : static_cast<const toml::node&>(t),
             "[[add]] '" + fp.field + "': " + fp.message);
    }
  }
  return l;
}

}  // namespace

Scenario parse_scenario(const std::string& toml_text, const std::string& file,
                        const network::Network& net) {
  std::vector<Diagnostic> problems;
  Scenario sc;
  sc.file = file;
  sc.name = std::filesystem::path(file).stem().string();
  toml::table root;
  try {
    root = toml::parse(toml_text, file);
  } catch (const toml::parse_error& e) {
    const auto& s = e.source();
    throw Error(Errc::invalid_scenario, "invalid scenario '" + file + "'",
                {{{file, static_cast<int>(s.begin.line), static_cast<int>(s.begin.column)},
                  std::string(e.description())}});
  }
  Ctx c{file, net, problems, toml_text};
  static const std::set<std::string> kTop = {"description", "base", "year", "open",
                                             "close",       "set",  "add"};
  for (const auto& [k, v] : root)
    if (!kTop.count(std::string(k.str())))
      c.fail(v, "unknown key '" + std::string(k.str()) +
                    "': expected description, base, year, [[open]], [[close]], [[set]] or [[add]]");
  if (const toml::node* d = root.get("description")) {
    if (auto s = d->value<std::string>())
      sc.description = *s;
    else
      c.fail(*d, "'description': expected a string");
  } else {
    problems.push_back({{file, 1, 1}, "missing 'description': every scenario says what it is"});
  }
  if (const toml::node* b = root.get("base")) {
    if (auto s = b->value<std::string>())
      sc.base = *s;
    else
      c.fail(*b, "'base': expected a scenario name (string)");
  }
  if (const toml::node* y = root.get("year")) {
    auto v = y->value_exact<int64_t>();
    if (v && *v >= 1900 && *v <= 2200)
      sc.year = static_cast<int>(*v);
    else
      c.fail(*y, "'year': expected an integer year in [1900, 2200]");
  }
  std::set<std::string> own_adds;
  auto sections = [&](std::string_view key, Edit::Kind kind) {
    const toml::node* n = root.get(key);
    if (!n) return;
    const toml::array* arr = n->as_array();
    if (!arr) {
      c.fail(*n, "'" + std::string(key) + "': expected an array of tables ([[" + std::string(key) +
                     "]])");
      return;
    }
    for (const auto& e : *arr) {
      const toml::table* t = e.as_table();
      if (!t) {
        c.fail(e, "'" + std::string(key) + "': expected a table");
        continue;
      }
      Edit ed{kind, {}, {}, {}, {}, tomlx::location(*t, file)};
      if (kind == Edit::Kind::add) {
        ed.added = parse_added_link(c, *t);
        if (!ed.added.id.empty() && !own_adds.insert(ed.added.id).second)
          c.fail(*t, "[[add]]: link id '" + ed.added.id + "' added twice");
      } else {
        bool saw_settable = false;
        for (const auto& [k, v] : *t) {
          std::string ks(k.str());
          saw_settable |= kSettable.count(ks) > 0;
          if (ks == "links" || (ks == "countries" && kind == Edit::Kind::close)) continue;
          if (kind == Edit::Kind::set && kSettable.count(ks)) {
            auto d = v.value<double>();
            if (!d || *d < 0 || !std::isfinite(*d))
              c.fail(v, "[[set]] '" + ks + "': expected a number >= 0");
            else if ((ks == "free_speed") && *d <= 0)
              c.fail(v, "[[set]] 'free_speed': expected a number > 0");
            else
              ed.values[ks] = *d;
            continue;
          }
          c.fail(v, "[[" + std::string(key) + "]]: unknown field '" + ks + "'");
        }
        ed.links = string_list(c, *t, "links");
        ed.countries = string_list(c, *t, "countries");
        for (const auto& cc : ed.countries)
          if (!network::is_known_country(cc)) c.fail(*t, "unknown country code '" + cc + "'");
        for (const auto& id : ed.links) {
          if (net.find_link(id) || own_adds.count(id)) continue;
          if (sc.base)
            sc.unresolved.push_back({id, tomlx::location(*t, file)});
          else
            c.fail(*t, "unknown link id '" + id + "'");
        }
        if (ed.links.empty() && ed.countries.empty())
          c.fail(*t, "[[" + std::string(key) + "]]: expected a non-empty 'links' list");
        if (kind == Edit::Kind::set && !saw_settable)
          c.fail(*t,
                 "[[set]]: expected at least one of dwell_hours, fee_usd, tariff_usd_km, "
                 "capacity_tpd, "
                 "free_speed, travel_hours");
      }
      sc.edits.push_back(std::move(ed));
    }
  };
  // New links first, so that open/close/set may name them.
  sections("add", Edit::Kind::add);
  sections("open", Edit::Kind::open);
  sections("close", Edit::Kind::close);
  sections("set", Edit::Kind::set);
  if (!problems.empty()) {
    const size_t n = problems.size();
    throw Error(Errc::invalid_scenario,
                "invalid scenario '" + file + "': " + std::to_string(n) + " problem(s)",
                std::move(problems));
  }
  return sc;
}

namespace {
// What load_scenarios and load_scenarios_text share once every file is parsed: the implicit
// baseline, base chains (unknown, cycles), ids only a base can add; throws on any problem.
ScenarioSet resolve(ScenarioSet set, std::vector<Diagnostic> problems, const std::string& what);
}  // namespace

ScenarioSet load_scenarios(const std::string& dir, const network::Network& net) {
  namespace fs = std::filesystem;
  ScenarioSet set;
  std::error_code ec;
  std::vector<Diagnostic> problems;
  if (fs::is_directory(dir, ec)) {
    std::vector<fs::path> paths;
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (e.path().extension() == ".toml") paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      try {
        Scenario s = parse_scenario(files::read_all(p.string()), p.string(), net);
        set.emplace(s.name, std::move(s));
      } catch (const Error& e) {
        for (const auto& d : e.details()) problems.push_back(d);
      }
    }
  }
  return resolve(std::move(set), std::move(problems), dir);
}

ScenarioSet load_scenarios_text(const std::vector<ScenarioFile>& scenario_files,
                                const network::Network& net, const std::string& what) {
  ScenarioSet set;
  std::vector<Diagnostic> problems;
  for (const auto& f : scenario_files) {
    try {
      Scenario s = parse_scenario(f.text, f.file, net);
      set.emplace(s.name, std::move(s));
    } catch (const Error& e) {
      for (const auto& d : e.details()) problems.push_back(d);
    }
  }
  return resolve(std::move(set), std::move(problems), what);
}

namespace {
ScenarioSet resolve(ScenarioSet set, std::vector<Diagnostic> problems, const std::string& what) {
  if (!set.count(kBaseline))
    set[kBaseline] = Scenario{kBaseline, "the network as it is today", "", {}, {}, {}, {}};
  for (const auto& [name, s] : set) {
    std::set<std::string> chain{name};
    const Scenario* cur = &s;
    while (cur->base) {
      auto it = set.find(*cur->base);
      if (it == set.end()) {
        problems.push_back({{s.file, 1, 1}, "'base': unknown scenario '" + *cur->base + "'"});
        break;
      }
      if (!chain.insert(it->first).second) {
        problems.push_back(
            {{s.file, 1, 1}, "'base': scenarios form a cycle through '" + it->first + "'"});
        break;
      }
      cur = &it->second;
    }
  }
  // Ids a scenario names but neither the dataset nor the file adds: a base scenario must add them.
  for (const auto& [name, s] : set) {
    if (s.unresolved.empty()) continue;
    std::set<std::string> added, visited{name};
    for (const Scenario* b = &s;
         b->base && set.count(*b->base) && visited.insert(*b->base).second;) {
      b = &set.at(*b->base);
      for (const auto& e : b->edits)
        if (e.kind == Edit::Kind::add) added.insert(e.added.id);
    }
    for (const auto& [id, where] : s.unresolved)
      if (!added.count(id)) problems.push_back({where, "unknown link id '" + id + "'"});
  }
  if (!problems.empty()) {
    const size_t n = problems.size();
    throw Error(Errc::invalid_scenario,
                "invalid scenarios in '" + what + "': " + std::to_string(n) + " problem(s)",
                std::move(problems));
  }
  return set;
}
}  // namespace

namespace {
void apply_one(network::Network& net, const Scenario& s) {
  for (const auto& e : s.edits) {
    switch (e.kind) {
      case Edit::Kind::open:
        for (const auto& id : e.links)
          net.links[*net.find_link(id)].status = network::Status::operating;
        break;
      case Edit::Kind::close:
        for (const auto& id : e.links)
          net.links[*net.find_link(id)].status = network::Status::closed;
        for (auto& l : net.links) {
          if (!net.crosses_border(l)) continue;
          for (const auto& cc : e.countries)
            if (net.nodes[l.from].country == cc || net.nodes[l.to].country == cc)
              l.status = network::Status::closed;
        }
        break;
      case Edit::Kind::set:
        for (const auto& id : e.links) {
          Link& l = net.links[*net.find_link(id)];
          for (const auto& [k, v] : e.values) {
            if (k == "dwell_hours")
              l.dwell_hours = v;
            else if (k == "dwell_sd_hours")
              l.dwell_sd_hours = v;
            else if (k == "fee_usd")
              l.fee_usd = v;
            else if (k == "tariff_usd_km")
              l.tariff_usd_km = v;
            else if (k == "capacity_tpd")
              l.capacity_tpd = v;
            else if (k == "free_speed")
              l.free_speed_kmh = v;
            else if (k == "travel_hours")
              l.travel_hours = v;
          }
        }
        break;
      case Edit::Kind::add:
        net.link_by_id[e.added.id] = static_cast<network::LinkIdx>(net.links.size());
        net.links.push_back(e.added);
        break;
    }
  }
  net.reindex();
}
}  // namespace

Applied apply(const network::Network& base, const ScenarioSet& set, const std::string& name) {
  auto it = set.find(name);
  if (it == set.end()) {
    std::vector<std::string> names;
    for (const auto& [n, s] : set) names.push_back(n);
    std::sort(names.begin(), names.end(), [&](const auto& a, const auto& b) {
      return text::edit_distance(a, name) < text::edit_distance(b, name);
    });
    if (names.size() > 3) names.resize(3);
    throw Error(Errc::usage, "unknown scenario '" + name + "'", {}, names);
  }
  std::vector<const Scenario*> chain;
  for (const Scenario* s = &it->second; s; s = s->base ? &set.at(*s->base) : nullptr)
    chain.push_back(s);
  Applied out{base, base.base_year};
  for (auto c = chain.rbegin(); c != chain.rend(); ++c) {
    apply_one(out.net, **c);
    if ((*c)->year) out.year = *(*c)->year;
  }
  auto broken = network::check(out.net);
  if (!broken.empty()) {
    std::vector<Diagnostic> d;
    for (auto& b : broken) d.push_back({{it->second.file, 0, 0}, b});
    throw Error(Errc::invalid_scenario, "scenario '" + name + "' breaks the network", d);
  }
  return out;
}

}  // namespace corridor::scenario
