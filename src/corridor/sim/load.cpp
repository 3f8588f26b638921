#include "corridor/sim/load.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "corridor/core/files.h"
#include "corridor/core/toml.h"

namespace corridor::sim {
namespace {

struct Ctx {
  std::string file;
  std::vector<Diagnostic> problems;
  SourceLocation file_loc() const { return {file, 0, 0}; }
  void fail(const toml::node& n, std::string msg) {
    problems.push_back({tomlx::location(n, file), std::move(msg)});
  }
  void fail_at(const toml::table& t, std::string msg) {
    problems.push_back({tomlx::location(t, file), std::move(msg)});
  }

  // Unknown keys are errors (they are usually typos that would silently change the model).
  void only(const toml::table& t, std::initializer_list<std::string_view> keys,
            const std::string& what) {
    for (const auto& [k, v] : t)
      if (std::find(keys.begin(), keys.end(), k.str()) == keys.end()) {
        std::string list;
        for (auto key : keys) list += (list.empty() ? "" : ", ") + std::string(key);
        fail(v, fmt::format("unknown key '{}' in {}: expected one of {}", k.str(), what, list));
      }
  }
  std::optional<double> number(const toml::table& t, std::string_view key, bool required, double lo,
                               double hi, const std::string& what) {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) fail_at(t, fmt::format("{}: missing '{}' (a number)", what, key));
      return std::nullopt;
    }
    if (!n->is_number()) {
      fail(*n, fmt::format("'{}': expected a number, found {}", key, tomlx::found(*n)));
      return std::nullopt;
    }
    const double v = *n->value<double>();
    if (!std::isfinite(v) || v < lo || v > hi) {
      fail(*n, fmt::format("'{}': expected a number in [{:g}, {:g}], found {:g}", key, lo, hi, v));
      return std::nullopt;
    }
    return v;
  }
  std::optional<int64_t> integer(const toml::table& t, std::string_view key, bool required,
                                 int64_t lo, int64_t hi, const std::string& what) {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) fail_at(t, fmt::format("{}: missing '{}' (an integer)", what, key));
      return std::nullopt;
    }
    if (!n->is_integer()) {
      fail(*n, fmt::format("'{}': expected an integer, found {}", key, tomlx::found(*n)));
      return std::nullopt;
    }
    const int64_t v = *n->value<int64_t>();
    if (v < lo || v > hi) {
      fail(*n, fmt::format("'{}': expected an integer in [{}, {}], found {}", key, lo, hi, v));
      return std::nullopt;
    }
    return v;
  }
  std::optional<std::string> string(const toml::table& t, std::string_view key, bool required,
                                    const std::string& what) {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) fail_at(t, fmt::format("{}: missing '{}' (a string)", what, key));
      return std::nullopt;
    }
    if (!n->is_string()) {
      fail(*n, fmt::format("'{}': expected a string, found {}", key, tomlx::found(*n)));
      return std::nullopt;
    }
    return *n->value<std::string>();
  }
  // A string or an array of strings (used for 'source' citations).
  void strings(const toml::table& t, std::string_view key, std::vector<std::string>* out,
               std::vector<SourceLocation>* where) {
    const toml::node* n = t.get(key);
    if (!n) return;
    if (n->is_string()) {
      if (out) out->push_back(*n->value<std::string>());
      if (where) where->push_back(tomlx::location(*n, file));
      return;
    }
    const toml::array* a = n->as_array();
    if (!a) {
      fail(*n, fmt::format("'{}': expected a string or an array of strings, found {}", key,
                           tomlx::found(*n)));
      return;
    }
    for (const auto& e : *a) {
      if (!e.is_string()) {
        fail(e, fmt::format("'{}': expected strings in the array, found {}", key, tomlx::found(e)));
        continue;
      }
      if (out) out->push_back(*e.value<std::string>());
      if (where) where->push_back(tomlx::location(e, file));
    }
  }
  // "HH:MM" or minutes after midnight.
  std::optional<double> time_of_day(const toml::node& n) {
    if (n.is_number()) {
      const double v = *n.value<double>();
      if (v >= 0 && v < 1440) return v;
    } else if (n.is_string()) {
      const std::string s = *n.value<std::string>();
      int h = -1, m = -1;
      char c = 0;
      if (std::sscanf(s.c_str(), "%d%c%d", &h, &c, &m) == 3 && c == ':' && h >= 0 && h < 24 &&
          m >= 0 && m < 60 && s.size() <= 5)
        return h * 60.0 + m;
    }
    fail(n, fmt::format("expected a time of day \"HH:MM\" (or minutes 0..1439), found {}",
                        tomlx::found(n)));
    return std::nullopt;
  }
  std::vector<double> times(const toml::table& t, std::string_view key) {
    std::vector<double> out;
    const toml::node* n = t.get(key);
    if (!n) return out;
    const toml::array* a = n->as_array();
    if (!a) {
      fail(*n, fmt::format("'{}': expected an array of times \"HH:MM\", found {}", key,
                           tomlx::found(*n)));
      return out;
    }
    for (const auto& e : *a)
      if (auto v = time_of_day(e)) out.push_back(*v);
    std::sort(out.begin(), out.end());
    return out;
  }

  // { dist = "exponential", mean = 6 } etc.; all times in minutes.
  std::optional<Distribution> dist(const toml::table& t, std::string_view key, bool required,
                                   const std::string& what) {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required)
        fail_at(t, fmt::format("{}: missing '{}' (a distribution table such as {{ dist = "
                               "\"exponential\", mean = 6 }})",
                               what, key));
      return std::nullopt;
    }
    const toml::table* d = n->as_table();
    if (!d) {
      fail(*n, fmt::format("'{}': expected a distribution table such as {{ dist = "
                           "\"exponential\", mean = 6 }}, found {}",
                           key, tomlx::found(*n)));
      return std::nullopt;
    }
    const std::string dw = fmt::format("'{}'", key);
    auto kind = string(*d, "dist", true, dw);
    if (!kind) return std::nullopt;
    Distribution out;
    const double big = 1e7;
    if (*kind == "deterministic") {
      only(*d, {"dist", "value"}, dw);
      auto v = number(*d, "value", true, 0, big, dw);
      if (!v) return std::nullopt;
      out = Distribution::fixed(*v);
    } else if (*kind == "exponential") {
      only(*d, {"dist", "mean"}, dw);
      auto m = number(*d, "mean", true, 1e-9, big, dw);
      if (!m) return std::nullopt;
      out = Distribution::exp(*m);
    } else if (*kind == "uniform") {
      only(*d, {"dist", "min", "max"}, dw);
      auto lo = number(*d, "min", true, 0, big, dw), hi = number(*d, "max", true, 0, big, dw);
      if (!lo || !hi) return std::nullopt;
      out = Distribution::uni(*lo, *hi);
    } else if (*kind == "lognormal") {
      only(*d, {"dist", "mean", "sd"}, dw);
      auto m = number(*d, "mean", true, 1e-9, big, dw), s = number(*d, "sd", true, 0, big, dw);
      if (!m || !s) return std::nullopt;
      out = Distribution::lognorm(*m, *s);
    } else if (*kind == "empirical") {
      only(*d, {"dist", "values"}, dw);
      const toml::node* vn = d->get("values");
      const toml::array* a = vn ? vn->as_array() : nullptr;
      if (!a || a->empty()) {
        if (vn)
          fail(*vn, fmt::format("'values': expected a non-empty array of minutes, found {}",
                                tomlx::found(*vn)));
        else
          fail_at(*d, dw + ": missing 'values' (a non-empty array of minutes)");
        return std::nullopt;
      }
      std::vector<double> vals;
      for (const auto& e : *a) {
        if (!e.is_number() || !(*e.value<double>() >= 0)) {
          fail(e,
               fmt::format("'values': expected numbers >= 0 (minutes), found {}", tomlx::found(e)));
          return std::nullopt;
        }
        vals.push_back(*e.value<double>());
      }
      out = Distribution::empirical(std::move(vals));
    } else {
      fail(*d->get("dist"), fmt::format("'dist': expected one of deterministic, exponential, "
                                        "uniform, lognormal, empirical; found \"{}\"",
                                        *kind));
      return std::nullopt;
    }
    if (std::string why = out.check(); !why.empty()) {
      fail(*n, dw + ": " + why);
      return std::nullopt;
    }
    return out;
  }
};

void read_border(Ctx& c, const toml::table& t, ElementSpec& e, const std::string& what) {
  c.only(
      t,
      {"id", "kind", "name", "nodes", "links", "source", "lanes", "lanes_ab", "lanes_ba", "service",
       "service_ab", "service_ba", "inspection_share", "inspection", "open_hour", "close_hour"},
      what);
  BorderSpec& b = e.border;
  const auto lanes = c.integer(t, "lanes", false, 1, 1000, what);
  for (int d = 0; d < 2; ++d) {
    const std::string key = std::string("lanes_") + dir_name(d);
    auto ld = c.integer(t, key, false, 1, 1000, what);
    b.lanes[d] = static_cast<int>(ld ? *ld : lanes ? *lanes : 1);
    const std::string skey = std::string("service_") + dir_name(d);
    auto s = c.dist(t, t.get(skey) ? std::string_view(skey) : "service", true, what);
    if (s) b.service[d] = *s;
  }
  b.inspection_share = c.number(t, "inspection_share", false, 0, 1, what).value_or(0);
  if (auto s = c.dist(t, "inspection", b.inspection_share > 0, what)) b.inspection = *s;
  b.open_hour = c.number(t, "open_hour", false, 0, 24, what).value_or(0);
  b.close_hour = c.number(t, "close_hour", false, 0, 24, what).value_or(24);
  if (b.open_hour == b.close_hour && !(b.open_hour == 0)) {
    c.fail_at(t, what + ": open_hour equals close_hour: the post would never open");
  }
  if (b.open_hour == 24) b.open_hour = 0;
}

void read_track(Ctx& c, const toml::table& t, ElementSpec& e, const std::string& what) {
  c.only(t,
         {"id", "kind", "name", "nodes", "links", "source", "length_km", "loops_km", "speeds_kmh",
          "clearing_min", "loop_stop_min"},
         what);
  TrackSpec& s = e.track;
  s.length_km = c.number(t, "length_km", true, 0.01, 10000, what).value_or(1);
  if (const toml::node* n = t.get("loops_km")) {
    const toml::array* a = n->as_array();
    if (!a) {
      c.fail(*n, fmt::format("'loops_km': expected an array of km positions, found {}",
                             tomlx::found(*n)));
    } else {
      double prev = 0;
      for (const auto& x : *a) {
        if (!x.is_number()) {
          c.fail(x, fmt::format("'loops_km': expected numbers (km), found {}", tomlx::found(x)));
          continue;
        }
        const double km = *x.value<double>();
        if (!(km > prev) || !(km < s.length_km)) {
          c.fail(x, fmt::format("'loops_km': expected increasing positions strictly between {:g} "
                                "and the length {:g} km, found {:g}",
                                prev, s.length_km, km));
          continue;
        }
        s.loops_km.push_back(km);
        prev = km;
      }
    }
  }
  const toml::node* sp = t.get("speeds_kmh");
  const toml::table* st = sp ? sp->as_table() : nullptr;
  if (!st) {
    if (sp)
      c.fail(*sp, fmt::format("'speeds_kmh': expected a table {{ type = km/h }}, found {}",
                              tomlx::found(*sp)));
    else
      c.fail_at(t, what + ": missing 'speeds_kmh' (a table of train type = km/h)");
  } else {
    for (const auto& [k, v] : *st) {
      if (!v.is_number() || !(*v.value<double>() > 0) || *v.value<double>() > 500) {
        c.fail(v, fmt::format("'speeds_kmh.{}': expected a speed in (0, 500] km/h, found {}",
                              k.str(), tomlx::found(v)));
        continue;
      }
      s.speeds[std::string(k.str())] = *v.value<double>();
    }
    if (st->empty()) c.fail(*sp, "'speeds_kmh': expected at least one train type");
  }
  s.clearing = c.number(t, "clearing_min", false, 0, 1440, what).value_or(0);
  s.loop_stop = c.number(t, "loop_stop_min", false, 0, 1440, what).value_or(0);
}

void read_yard(Ctx& c, const toml::table& t, ElementSpec& e, const std::string& what) {
  c.only(t,
         {"id", "kind", "name", "nodes", "links", "source", "tracks", "method", "per", "service",
          "setup"},
         what);
  YardSpec& y = e.yard;
  y.tracks = static_cast<int>(c.integer(t, "tracks", true, 1, 1000, what).value_or(1));
  if (auto m = c.string(t, "method", true, what)) {
    if (*m != "bogie" && *m != "transshipment")
      c.fail(*t.get("method"),
             fmt::format("'method': expected \"bogie\" or \"transshipment\", found \"{}\"", *m));
    y.method = *m;
  }
  if (auto p = c.string(t, "per", true, what)) {
    if (*p != "wagon" && *p != "train")
      c.fail(*t.get("per"),
             fmt::format("'per': expected \"wagon\" or \"train\", found \"{}\"", *p));
    y.per_wagon = *p == "wagon";
  }
  if (auto s = c.dist(t, "service", true, what)) y.service = *s;
  if (auto s = c.dist(t, "setup", false, what)) y.setup = *s;
}

void read_ferry(Ctx& c, const toml::table& t, ElementSpec& e, const std::string& what) {
  c.only(t,
         {"id", "kind", "name", "nodes", "links", "source", "vessels", "capacity_wagons",
          "capacity_trucks", "crossing", "turnaround", "policy", "departures_a", "departures_b",
          "max_wait_min"},
         what);
  FerrySpec& f = e.ferry;
  f.vessels = static_cast<int>(c.integer(t, "vessels", true, 1, 1000, what).value_or(1));
  f.capacity_wagons =
      static_cast<int>(c.integer(t, "capacity_wagons", false, 0, 10000, what).value_or(0));
  f.capacity_trucks =
      static_cast<int>(c.integer(t, "capacity_trucks", false, 0, 10000, what).value_or(0));
  if (f.capacity_wagons == 0 && f.capacity_trucks == 0)
    c.fail_at(t, what + ": give 'capacity_wagons' and/or 'capacity_trucks' (> 0)");
  if (auto s = c.dist(t, "crossing", true, what)) f.crossing = *s;
  if (auto s = c.dist(t, "turnaround", false, what)) f.turnaround = *s;
  const std::string policy = c.string(t, "policy", true, what).value_or("when_full");
  if (policy == "schedule") {
    f.scheduled = true;
    f.departures[0] = c.times(t, "departures_a");
    f.departures[1] = c.times(t, "departures_b");
    if (f.departures[0].empty() && f.departures[1].empty())
      c.fail_at(t, what + ": policy \"schedule\" needs 'departures_a' and/or 'departures_b'");
  } else if (policy == "when_full") {
    f.max_wait = c.number(t, "max_wait_min", true, 1, 1e6, what).value_or(1440);
  } else {
    c.fail(*t.get("policy"),
           fmt::format("'policy': expected \"schedule\" or \"when_full\", found \"{}\"", policy));
  }
}

void read_flow(Ctx& c, const toml::table& t, Model& m, const std::map<std::string, int>& ids) {
  FlowSpec f;
  const std::string what0 = "[[flow]]";
  c.only(t,
         {"id", "direction", "route", "process", "per_day", "interarrival", "times", "headway_min",
          "offset_min", "delay", "batch", "unit", "wagons", "train_type", "source"},
         what0);
  f.id = c.string(t, "id", true, what0).value_or("?");
  const std::string what = "flow '" + f.id + "'";
  const std::string dir = c.string(t, "direction", true, what).value_or("ab");
  if (dir == "ab")
    f.direction = 0;
  else if (dir == "ba")
    f.direction = 1;
  else
    c.fail(*t.get("direction"),
           fmt::format("'direction': expected \"ab\" or \"ba\", found \"{}\"", dir));
  ArrivalSpec& a = f.arrivals;
  const std::string unit = c.string(t, "unit", true, what).value_or("train");
  if (unit == "train")
    a.unit = UnitKind::train;
  else if (unit == "truck")
    a.unit = UnitKind::truck;
  else if (unit == "wagon")
    a.unit = UnitKind::wagon;
  else
    c.fail(*t.get("unit"),
           fmt::format("'unit': expected \"train\", \"truck\" or \"wagon\", found \"{}\"", unit));
  a.wagons = static_cast<int>(c.integer(t, "wagons", false, 1, 1000, what).value_or(1));
  a.batch = static_cast<int>(c.integer(t, "batch", false, 1, 100000, what).value_or(1));
  a.train_type = c.string(t, "train_type", false, what).value_or("");
  const std::string proc = c.string(t, "process", true, what).value_or("poisson");
  if (proc == "poisson" || proc == "batch") {
    a.process = proc == "poisson" ? ArrivalSpec::Process::poisson : ArrivalSpec::Process::batch;
    a.per_day = c.number(t, "per_day", true, 0, 1e7, what).value_or(0);
  } else if (proc == "renewal") {
    a.process = ArrivalSpec::Process::renewal;
    if (auto d = c.dist(t, "interarrival", true, what)) a.interarrival = *d;
    if (a.interarrival.mean() <= 0) c.fail_at(t, what + ": 'interarrival' must have a mean > 0");
  } else if (proc == "scheduled") {
    a.process = ArrivalSpec::Process::scheduled;
    a.times_of_day = c.times(t, "times");
    a.headway = c.number(t, "headway_min", false, 1, 1e6, what).value_or(0);
    a.offset = c.number(t, "offset_min", false, 0, 1e6, what).value_or(0);
    if (a.times_of_day.empty() == (a.headway == 0))
      c.fail_at(t, what + ": a scheduled flow needs either 'times' or 'headway_min' (not both)");
    if (auto d = c.dist(t, "delay", false, what)) a.delay = *d;
  } else {
    c.fail(*t.get("process"), fmt::format("'process': expected poisson, renewal, scheduled or "
                                          "batch, found \"{}\"",
                                          proc));
  }
  if (const toml::node* r = t.get("route")) {
    const toml::array* arr = r->as_array();
    if (!arr || arr->empty()) {
      c.fail(*r, fmt::format("'route': expected a non-empty array of element ids, found {}",
                             tomlx::found(*r)));
    } else {
      for (const auto& e : *arr) {
        auto s = e.value<std::string>();
        auto it = s ? ids.find(*s) : ids.end();
        if (it == ids.end()) {
          c.fail(e, fmt::format("'route': expected an element id, found {}", tomlx::found(e)));
          continue;
        }
        f.route.push_back(it->second);
      }
    }
  } else {
    for (int i = 0; i < static_cast<int>(m.elements.size()); ++i) f.route.push_back(i);
    if (f.direction == 1) std::reverse(f.route.begin(), f.route.end());
  }
  // Consistency between the units and the elements they pass.
  for (int e : f.route) {
    const ElementSpec& el = m.elements[e];
    if (el.kind == ElementSpec::Kind::track) {
      if (a.unit != UnitKind::train)
        c.fail_at(t, what + ": only trains can use the single track '" + el.id + "'");
      else if (!el.track.speeds.empty() && !a.train_type.empty() &&
               !el.track.speeds.count(a.train_type))
        c.fail_at(t, what + ": train_type '" + a.train_type + "' has no speed in '" + el.id + "'");
      else if (a.train_type.empty() && el.track.speeds.size() > 1)
        c.fail_at(t, what + ": give 'train_type' (the track '" + el.id + "' has several speeds)");
    }
    if (el.kind == ElementSpec::Kind::ferry) {
      const FerrySpec& fs = el.ferry;
      if (a.unit == UnitKind::truck && fs.capacity_trucks == 0)
        c.fail_at(t, what + ": the ferry '" + el.id + "' takes no trucks (capacity_trucks = 0)");
      if (a.unit != UnitKind::truck && a.wagons > fs.capacity_wagons)
        c.fail_at(t, fmt::format("{}: a unit of {} wagons does not fit the ferry '{}' "
                                 "(capacity_wagons = {})",
                                 what, a.wagons, el.id, fs.capacity_wagons));
    }
  }
  m.flows.push_back(std::move(f));
}

}  // namespace

Model load_model_text(const std::string& text, const std::string& file) {
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    const auto& s = e.source();
    throw Error(Errc::invalid_input, "simulation file " + file + " is not valid TOML",
                {{{file, static_cast<int>(s.begin.line), static_cast<int>(s.begin.column)},
                  std::string(e.description())}});
  }
  Ctx c{file, {}};
  Model m;
  m.file = file;
  c.only(root, {"simulation", "element", "flow"}, "the file");
  if (const toml::node* n = root.get("simulation")) {
    if (const toml::table* s = n->as_table()) {
      const std::string w = "[simulation]";
      c.only(*s,
             {"name", "seed", "days", "warmup_days", "replications", "wait_limit_min", "source",
              "notes"},
             w);
      m.name = c.string(*s, "name", false, w).value_or("");
      m.seed = static_cast<uint64_t>(c.integer(*s, "seed", false, 0, INT64_MAX, w).value_or(1));
      m.days = c.number(*s, "days", false, 0.01, 36500, w).value_or(365);
      m.warmup_days = c.number(*s, "warmup_days", false, 0, 3650, w).value_or(7);
      m.replications =
          static_cast<int>(c.integer(*s, "replications", false, 1, 100000, w).value_or(10));
      m.wait_limit = c.number(*s, "wait_limit_min", false, 0, 1e7, w).value_or(0);
    } else {
      c.fail(*n, "'simulation': expected a table [simulation]");
    }
  }
  std::map<std::string, int> ids;
  const toml::node* en = root.get("element");
  const toml::array* elems = en ? en->as_array() : nullptr;
  if (!elems || elems->empty()) {
    if (en)
      c.fail(*en, "'element': expected one or more [[element]] tables");
    else
      c.problems.push_back({{file, 1, 1}, "expected at least one [[element]] table"});
  } else {
    for (const auto& node : *elems) {
      const toml::table* t = node.as_table();
      if (!t) {
        c.fail(node, "'element': expected [[element]] tables");
        continue;
      }
      ElementSpec e;
      e.id = c.string(*t, "id", true, "[[element]]").value_or("");
      const std::string what = "element '" + e.id + "'";
      if (!e.id.empty() && !ids.emplace(e.id, static_cast<int>(m.elements.size())).second)
        c.fail(*t->get("id"), fmt::format("'id': duplicate element id \"{}\"", e.id));
      e.name = c.string(*t, "name", false, what).value_or(e.id);
      c.strings(*t, "nodes", &e.nodes, &e.node_where);
      c.strings(*t, "links", &e.links, &e.link_where);
      c.strings(*t, "source", nullptr, nullptr);
      const std::string kind = c.string(*t, "kind", true, what).value_or("");
      if (kind == "single_track") {
        e.kind = ElementSpec::Kind::track;
        read_track(c, *t, e, what);
      } else if (kind == "border_post") {
        e.kind = ElementSpec::Kind::border;
        read_border(c, *t, e, what);
      } else if (kind == "gauge_yard") {
        e.kind = ElementSpec::Kind::yard;
        read_yard(c, *t, e, what);
      } else if (kind == "ferry") {
        e.kind = ElementSpec::Kind::ferry;
        read_ferry(c, *t, e, what);
      } else if (t->get("kind")) {
        c.fail(*t->get("kind"), fmt::format("'kind': expected single_track, border_post, "
                                            "gauge_yard or ferry, found \"{}\"",
                                            kind));
      }
      m.elements.push_back(std::move(e));
    }
  }
  const toml::node* fn = root.get("flow");
  const toml::array* flows = fn ? fn->as_array() : nullptr;
  if (!flows || flows->empty()) {
    if (fn)
      c.fail(*fn, "'flow': expected one or more [[flow]] tables");
    else
      c.problems.push_back({{file, 1, 1}, "expected at least one [[flow]] table"});
  } else if (c.problems.empty()) {
    std::set<std::string> fids;
    for (const auto& node : *flows) {
      const toml::table* t = node.as_table();
      if (!t) {
        c.fail(node, "'flow': expected [[flow]] tables");
        continue;
      }
      read_flow(c, *t, m, ids);
      if (!fids.insert(m.flows.back().id).second)
        c.fail(*t->get("id"), fmt::format("'id': duplicate flow id \"{}\"", m.flows.back().id));
    }
  }
  if (!c.problems.empty()) {
    std::string msg = fmt::format("simulation file {} has {} problem{}", file, c.problems.size(),
                                  c.problems.size() == 1 ? "" : "s");
    throw Error(Errc::invalid_input, std::move(msg), std::move(c.problems));
  }
  return m;
}

Model load_model(const std::string& path) { return load_model_text(files::read_all(path), path); }

void check_dataset_ids(const Model& m, const std::function<bool(const std::string&)>& node_exists,
                       const std::function<bool(const std::string&)>& link_exists) {
  std::vector<Diagnostic> problems;
  for (const auto& e : m.elements) {
    for (size_t i = 0; i < e.nodes.size(); ++i)
      if (!node_exists(e.nodes[i]))
        problems.push_back({e.node_where[i], fmt::format("'nodes': expected a node id of the "
                                                         "dataset, found \"{}\"",
                                                         e.nodes[i])});
    for (size_t i = 0; i < e.links.size(); ++i)
      if (!link_exists(e.links[i]))
        problems.push_back({e.link_where[i], fmt::format("'links': expected a link id of the "
                                                         "dataset, found \"{}\"",
                                                         e.links[i])});
  }
  if (!problems.empty()) {
    std::string msg = fmt::format("simulation file {} names {} id{} not in the dataset", m.file,
                                  problems.size(), problems.size() == 1 ? "" : "s");
    throw Error(Errc::invalid_input, std::move(msg), std::move(problems));
  }
}

}  // namespace corridor::sim
