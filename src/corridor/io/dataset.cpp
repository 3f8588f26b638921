#include "corridor/io/dataset.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>

#include "corridor/core/files.h"
#include "corridor/core/text.h"
#include "corridor/io/csv.h"

namespace corridor::io {
namespace {

using network::Link;
using network::Network;
using network::Node;

void fail_if_problems(std::vector<Diagnostic>& problems, const std::string& what) {
  if (problems.empty()) return;
  size_t n = problems.size();
  if (problems.size() > kMaxProblems) problems.resize(kMaxProblems);
  throw Error(Errc::invalid_dataset,
              what + ": " + std::to_string(n) + (n == 1 ? " problem" : " problems") +
                  (n > kMaxProblems ? " (first " + std::to_string(kMaxProblems) + " shown)" : ""),
              std::move(problems));
}

// True when `w` is `LINESTRING(x y, x y, ...)` with at least two points: case-insensitive keyword,
// numbers -?[0-9.]+, any whitespace around the punctuation. A single left-to-right pass (the
// grammar never needs to backtrack) instead of std::regex, whose recursive matcher overflowed the
// stack on a geometry of a few thousand points (found profiling fuzz_dataset_csv; regression
// input in fuzz/regressions/fuzz_dataset_csv/, tests in tests/unit/io/wkt_test.cpp).
bool is_linestring_wkt(std::string_view w) {
  size_t i = 0;
  auto space = [&] {
    size_t from = i;
    while (i < w.size() && std::isspace(static_cast<unsigned char>(w[i]))) ++i;
    return i > from;
  };
  auto number = [&] {
    if (i < w.size() && w[i] == '-') ++i;
    size_t from = i;
    while (i < w.size() && ((w[i] >= '0' && w[i] <= '9') || w[i] == '.')) ++i;
    return i > from;
  };
  auto point = [&] { return number() && space() && number(); };
  space();
  static constexpr std::string_view kKeyword = "LINESTRING";
  if (w.size() - i < kKeyword.size()) return false;
  for (char k : kKeyword)
    if (std::toupper(static_cast<unsigned char>(w[i++])) != k) return false;
  space();
  if (i >= w.size() || w[i++] != '(') return false;
  space();
  if (!point()) return false;
  size_t points = 1;
  for (;;) {
    space();
    if (i < w.size() && w[i] == ',') {
      ++i;
      space();
      if (!point()) return false;
      ++points;
      continue;
    }
    break;
  }
  if (points < 2 || i >= w.size() || w[i++] != ')') return false;
  space();
  return i == w.size();
}

void load_config(const std::string& text, const std::string& file, Network& net,
                 std::vector<Diagnostic>& problems) {
  net.name = "dataset";
  if (text.empty()) return;
  CsvTable t = parse_csv(text, file, problems);
  if (t.header.empty()) return;
  CsvRowReader r(t, problems);
  if (!r.require_columns({"dataset_name", "long_length", "speed", "crs", "currency"})) return;
  if (t.rows.size() != 1) {
    problems.push_back(
        {{file, 1, 1}, "expected exactly one data row, found " + std::to_string(t.rows.size())});
    if (t.rows.empty()) return;
  }
  r.set_row(0);
  net.name = r.str("dataset_name", true);
  auto expect = [&](std::string_view col, std::string_view want) {
    std::string v = r.str(col, true);
    if (!v.empty() && v != want)
      r.problem(col, "expected '" + std::string(want) + "', found '" + v + "'");
  };
  expect("long_length", "km");
  expect("speed", "km/h");
  expect("crs", "EPSG:4326");
  expect("currency", "USD");
  if (auto y = r.integer("base_year", false, 1900, 2200)) net.base_year = static_cast<int>(*y);
}

void load_nodes(const std::string& text, const std::string& file, Network& net,
                std::vector<Diagnostic>& problems) {
  CsvTable t = parse_csv(text, file, problems);
  if (t.header.empty()) return;
  CsvRowReader r(t, problems);
  if (!r.require_columns(
          {"node_id", "x_coord", "y_coord", "name", "country", "node_type", "source"}))
    return;
  if (t.rows.empty()) problems.push_back({{file, 1, 1}, "expected at least one node, found none"});
  for (size_t i = 0; i < t.rows.size(); ++i) {
    r.set_row(i);
    Node n;
    n.id = r.str("node_id", true);
    if (!n.id.empty() && !network::is_valid_id(n.id))
      r.problem("node_id", "expected letters, digits, '-', '_' or '.', found '" + n.id + "'");
    if (!n.id.empty() && net.node_by_id.count(n.id))
      r.problem("node_id", "duplicate node id '" + n.id + "'");
    n.name = r.str("name", true);
    n.lon = r.number("x_coord", true, -180, 180).value_or(0);
    n.lat = r.number("y_coord", true, -90, 90).value_or(0);
    n.country = r.str("country", true);
    if (!n.country.empty() && !network::is_known_country(n.country))
      r.problem("country",
                "expected an ISO 3166-1 alpha-2 code (e.g. AZ, AM, GE, TR, IR), found '" +
                    n.country + "'");
    std::string kind = r.str("node_type", true);
    if (auto k = network::parse_node_kind(kind)) {
      n.kind = *k;
    } else if (!kind.empty()) {
      r.problem("node_type",
                "expected one of city, station, port, terminal, border_post, junction, found '" +
                    kind + "'");
    }
    n.aliases = text::split(r.str("aliases", false), ';');
    n.transfer_hours = r.number("transfer_hours", false, 0);
    n.transfer_usd = r.number("transfer_usd", false, 0).value_or(0);
    // transfers: "rail-road:12/150;ferry-rail:6/80;road-ferry:-" (hours/USD per TEU, '-' = none)
    for (const auto& item : text::split(r.str("transfers", false), ';')) {
      auto colon = item.find(':');
      auto dash = item.find('-');
      auto bad = [&](const std::string& why) {
        r.problem("transfers",
                  "expected MODE-MODE:HOURS/USD or MODE-MODE:- (e.g. rail-road:12/150), " + why +
                      " in '" + item + "'");
      };
      if (colon == std::string::npos || dash == std::string::npos || dash > colon) {
        bad("found no MODE-MODE: prefix");
        continue;
      }
      auto ma = network::parse_mode(text::trim(std::string_view(item).substr(0, dash)));
      auto mb = network::parse_mode(
          text::trim(std::string_view(item).substr(dash + 1, colon - dash - 1)));
      if (!ma || !mb || *ma == *mb) {
        bad("found unknown or equal modes");
        continue;
      }
      std::string value(text::trim(std::string_view(item).substr(colon + 1)));
      network::TransferRule rule{*ma, *mb, std::nullopt, 0};
      if (value != "-") {
        auto slash = value.find('/');
        auto h = text::parse_double(value.substr(0, slash));
        auto u = slash == std::string::npos ? std::optional<double>(0)
                                            : text::parse_double(value.substr(slash + 1));
        if (!h || !u || *h < 0 || *u < 0) {
          bad("found a bad number");
          continue;
        }
        rule.hours = *h;
        rule.usd = *u;
      }
      n.transfer_rules.push_back(rule);
    }
    n.gauge_change_hours = r.number("gauge_change_hours", false, 0);
    n.gauge_change_usd = r.number("gauge_change_usd", false, 0).value_or(0);
    n.source = r.str("source", true);
    if (!n.id.empty() && !net.node_by_id.count(n.id))
      net.node_by_id.emplace(n.id, static_cast<network::NodeIdx>(net.nodes.size()));
    net.nodes.push_back(std::move(n));
  }
}

void load_links(const std::string& text, const std::string& file, Network& net,
                std::vector<Diagnostic>& problems) {
  CsvTable t = parse_csv(text, file, problems);
  if (t.header.empty()) return;
  CsvRowReader r(t, problems);
  if (!r.require_columns({"link_id", "from_node_id", "to_node_id", "directed", "mode", "length",
                          "status", "source"}))
    return;
  if (t.rows.empty()) problems.push_back({{file, 1, 1}, "expected at least one link, found none"});
  std::set<std::string> seen;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    r.set_row(i);
    Link l;
    l.id = r.str("link_id", true);
    if (!l.id.empty() && !network::is_valid_id(l.id))
      r.problem("link_id", "expected letters, digits, '-', '_' or '.', found '" + l.id + "'");
    if (!l.id.empty() && !seen.insert(l.id).second)
      r.problem("link_id", "duplicate link id '" + l.id + "'");
    l.name = r.str("name", false);
    bool ends_ok = true;
    auto end = [&](std::string_view col, network::NodeIdx& out) {
      std::string id = r.str(col, true);
      if (id.empty()) {
        ends_ok = false;
        return;
      }
      auto it = net.node_by_id.find(id);
      if (it == net.node_by_id.end()) {
        r.problem(col, "expected a node_id from node.csv, found unknown node '" + id + "'");
        ends_ok = false;
      } else {
        out = it->second;
      }
    };
    end("from_node_id", l.from);
    end("to_node_id", l.to);
    if (ends_ok && l.from == l.to)
      r.problem("to_node_id", "expected a node other than from_node_id, found the same node '" +
                                  net.nodes[l.to].id + "'");
    l.directed = r.boolean("directed", true).value_or(false);
    std::string mode = r.str("mode", true);
    if (auto m = network::parse_mode(mode))
      l.mode = *m;
    else if (!mode.empty())
      r.problem("mode", "expected rail, road or ferry, found '" + mode + "'");
    std::string type = r.str("link_type", false);
    if (!type.empty()) {
      if (auto lt = network::parse_link_type(type))
        l.type = *lt;
      else
        r.problem("link_type", "expected line or border, found '" + type + "'");
    }
    l.length_km = r.number("length", true, 0).value_or(0);
    l.free_speed_kmh = r.number("free_speed", false, 1e-9);
    l.travel_hours = r.number("travel_hours", false, 0);
    auto blank = [&](std::string_view col) { return !r.cell(col) || r.cell(col)->value.empty(); };
    if (blank("free_speed") && blank("travel_hours")) {
      const CsvCell* c = r.cell("free_speed") ? r.cell("free_speed") : r.cell("travel_hours");
      if (c)
        r.problem_at(*c, "free_speed", "expected free_speed (km/h) or travel_hours, found neither");
      else
        r.problem("length", "expected a free_speed or travel_hours column, found neither");
    }
    l.dwell_hours = r.number("dwell_hours", false, 0).value_or(0);
    l.dwell_sd_hours = r.number("dwell_sd_hours", false, 0).value_or(0);
    l.fee_usd = r.number("fee_usd", false, 0).value_or(0);
    l.tariff_usd_km = r.number("tariff_usd_km", false, 0);
    l.capacity_tpd = r.number("capacity_tpd", false, 0);
    std::string gauge = r.str("gauge_mm", false);
    for (const auto& g : text::split(gauge, ';')) {
      auto v = text::parse_int(g);
      if (!v || !network::is_known_gauge(static_cast<int>(*v)) ||
          std::count(l.gauges.begin(), l.gauges.end(), static_cast<uint16_t>(*v)) > 0)
        r.problem("gauge_mm",
                  "expected 1520, 1435 (or '1435;1520' for dual gauge), found '" + gauge + "'");
      else
        l.gauges.push_back(static_cast<uint16_t>(*v));
    }
    if (l.mode == network::Mode::rail && l.gauges.empty() && !gauge.empty() &&
        text::split(gauge, ';').empty())
      r.problem("gauge_mm",
                "expected 1520, 1435 (or '1435;1520' for dual gauge), found '" + gauge + "'");
    if (l.mode == network::Mode::rail && gauge.empty())
      r.problem("gauge_mm", "expected a gauge for a rail link (1520 or 1435), found an empty cell");
    if (l.mode != network::Mode::rail && !gauge.empty())
      r.problem("gauge_mm",
                "expected an empty cell for a " + mode + " link, found '" + gauge + "'");
    std::string status = r.str("status", true);
    if (auto s = network::parse_status(status))
      l.status = *s;
    else if (!status.empty())
      r.problem("status",
                "expected operating, construction, planned or closed, found '" + status + "'");
    if (auto y = r.integer("status_year", false, 1800, 2200)) l.status_year = static_cast<int>(*y);
    if ((l.status == network::Status::construction || l.status == network::Status::planned) &&
        !l.status_year)
      r.problem("status_year",
                "expected the year a " + status + " link is due to open, found an empty cell");
    l.geometry_wkt = r.str("geometry", false);
    if (!l.geometry_wkt.empty() && !is_linestring_wkt(l.geometry_wkt))
      r.problem("geometry", "expected WKT 'LINESTRING(lon lat, lon lat, ...)', found '" +
                                l.geometry_wkt.substr(0, 40) + "'");
    l.source = r.str("source", true);
    if (ends_ok && l.from != l.to) {
      const auto& a = net.nodes[l.from];
      const auto& b = net.nodes[l.to];
      bool cross = a.country != b.country;
      if (l.type == network::LinkType::border && !cross)
        r.problem(
            "link_type",
            "expected the ends of a border link in two countries, found both in " + a.country);
      if (l.type == network::LinkType::line && cross && l.mode != network::Mode::ferry)
        r.problem("link_type", "expected a 'border' link between " + a.country + " and " +
                                   b.country + " (" + a.id + " -> " + b.id + "), found 'line'");
    }
    net.links.push_back(std::move(l));
  }
}

void load_params(const std::string& text, const std::string& file, Network& net,
                 std::vector<Diagnostic>& problems) {
  if (text.empty()) {
    net.profiles["teu"] =
        network::Profile{"teu", "one 20-foot container (default, test world)", 0, 1, 14, {}};
    net.profiles["tonne"] =
        network::Profile{"tonne", "one tonne of bulk (test world)", 0, 1, 1, {}};
    return;
  }
  CsvTable t = parse_csv(text, file, problems);
  if (t.header.empty()) return;
  CsvRowReader r(t, problems);
  if (!r.require_columns({"profile", "parameter", "value", "source"})) return;
  // value_of_time may be split into cited components (cargo inventory, equipment hire); when it
  // is, the stated total must equal their sum, so the parts and the total cannot drift apart.
  std::map<std::string, double> vot_parts;
  std::map<std::string, size_t> vot_row;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    r.set_row(i);
    std::string prof = r.str("profile", true);
    std::string param = r.str("parameter", true);
    r.str("source", true);
    if (prof.empty() || param.empty()) continue;
    auto& p = net.profiles[prof];
    p.name = prof;
    if (param == "description") {
      p.description = r.str("value", true);
    } else if (param == "value_of_time") {
      p.value_of_time = r.number("value", true, 0).value_or(0);
      vot_row[prof] = i;
    } else if (param == "vot_inventory" || param == "vot_equipment") {
      vot_parts[prof] += r.number("value", true, 0).value_or(0);
    } else if (param == "money_per_teu") {
      p.money_per_teu = r.number("value", true, 1e-9).value_or(1);
    } else if (param == "tonnes_per_unit") {
      p.tonnes_per_unit = r.number("value", true, 1e-9).value_or(1);
    } else if (param == "tariff_km") {
      std::string mode = r.str("mode", true);
      auto m = network::parse_mode(mode);
      if (!m && !mode.empty())
        r.problem("mode", "expected rail, road or ferry, found '" + mode + "'");
      std::string country = r.str("country", false);
      if (country == "*") country.clear();
      if (!country.empty() && !network::is_known_country(country))
        r.problem("country", "expected an ISO 3166-1 alpha-2 code or '*', found '" + country + "'");
      auto v = r.number("value", true, 0);
      if (m && v) p.tariffs.push_back({*m, country, *v, r.str("source", false)});
    } else {
      r.problem("parameter",
                "expected description, value_of_time, vot_inventory, vot_equipment, money_per_teu, "
                "tonnes_per_unit or tariff_km, "
                "found '" +
                    param + "'");
    }
  }
  for (const auto& [prof, parts] : vot_parts) {
    auto row = vot_row.find(prof);
    if (row == vot_row.end()) continue;  // the missing value_of_time is reported below
    const double total = net.profiles[prof].value_of_time;
    if (std::abs(total - parts) > 1e-6 * std::max(1.0, std::abs(parts))) {
      r.set_row(row->second);
      r.problem("value", "expected value_of_time = vot_inventory + vot_equipment = " +
                             fmt::format("{:g}", parts) + " for profile '" + prof + "', found " +
                             fmt::format("{:g}", total));
    }
  }
  // Every profile states its value of time and units; every mode has an any-country tariff row
  // (0 is a valid tariff, e.g. ferries priced by fee): a forgotten row must not cost $0 silently.
  std::map<std::string, std::set<std::string>> given;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    r.set_row(i);
    std::string prof = r.str("profile", false), param = r.str("parameter", false);
    if (param == "tariff_km" && (r.str("country", false).empty() || r.str("country", false) == "*"))
      param += ":" + r.str("mode", false);
    given[prof].insert(param);
  }
  std::set<std::string> needs = {"value_of_time", "money_per_teu", "tonnes_per_unit"};
  for (const auto& l : net.links)
    needs.insert("tariff_km:" + std::string(network::to_string(l.mode)));
  for (const auto& [prof, params] : given) {
    for (const auto& need : needs) {
      if (params.count(need)) continue;
      std::string what = need;
      if (what.rfind("tariff_km:", 0) == 0)
        what = "tariff_km for mode " + what.substr(10) + " with country '*' (or empty)";
      problems.push_back(
          {{file, 1, 1}, "profile '" + prof + "': expected a row for " + what + ", found none"});
    }
  }
  // Which profiles a dataset has is its own business (config.csv default_profile names the
  // default); it needs at least one.
  if (net.profiles.empty())
    problems.push_back({{file, 1, 1}, "expected rows for at least one profile, found none"});
}

}  // namespace

network::Network load_dataset_text(const DatasetText& in) {
  Network net;
  std::vector<Diagnostic> problems;
  auto path = [&](const char* f) {
    return in.dir == "<memory>" ? std::string(f) : in.dir + "/" + f;
  };
  load_config(in.config, path("config.csv"), net, problems);
  load_nodes(in.nodes, path("node.csv"), net, problems);
  load_links(in.links, path("link.csv"), net, problems);
  load_params(in.params, path("params.csv"), net, problems);
  fail_if_problems(problems, "invalid dataset '" + in.dir + "'");
  net.reindex();
  auto broken = network::check(net);
  if (!broken.empty()) {
    std::vector<Diagnostic> d;
    for (auto& b : broken) d.push_back({{in.dir, 0, 0}, b});
    fail_if_problems(d, "invalid dataset '" + in.dir + "' (network invariants)");
  }
  return net;
}

network::Network load_dataset(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw Error(Errc::invalid_dataset, "dataset directory '" + dir + "' does not exist");
  DatasetText t;
  t.dir = dir;
  for (const char* required : {"config.csv", "node.csv", "link.csv", "params.csv"}) {
    if (!fs::exists(dir + "/" + required, ec))
      throw Error(Errc::invalid_dataset, "dataset '" + dir + "' has no " + required,
                  {{{dir + "/" + required, 0, 0}, "file not found"}});
  }
  t.config = files::read_all(dir + "/config.csv");
  t.nodes = files::read_all(dir + "/node.csv");
  t.links = files::read_all(dir + "/link.csv");
  t.params = files::read_all(dir + "/params.csv");
  if (t.config.empty())
    throw Error(Errc::invalid_dataset, "invalid dataset '" + dir + "'",
                {{{dir + "/config.csv", 1, 1}, "empty file: expected a header line"}});
  return load_dataset_text(t);
}

std::vector<PlacePair> load_pairs(const std::string& path) {
  std::vector<Diagnostic> problems;
  CsvTable t = parse_csv(files::read_all(path), path, problems);
  CsvRowReader r(t, problems);
  std::vector<PlacePair> out;
  if (!t.header.empty() && r.require_columns({"from", "to"})) {
    for (size_t i = 0; i < t.rows.size(); ++i) {
      r.set_row(i);
      PlacePair p{r.str("from", true), r.str("to", true), r.str("note", false), {}};
      if (const CsvCell* c = r.cell("from")) p.where = {path, c->line, c->column};
      if (!p.from.empty() && !p.to.empty()) out.push_back(std::move(p));
    }
  }
  if (!problems.empty())
    throw Error(Errc::invalid_input, "invalid pairs file '" + path + "'", problems);
  return out;
}

std::vector<DemandRow> load_demand(const std::string& path) {
  std::vector<Diagnostic> problems;
  CsvTable t = parse_csv(files::read_all(path), path, problems);
  CsvRowReader r(t, problems);
  std::vector<DemandRow> out;
  if (!t.header.empty() &&
      r.require_columns({"origin", "destination", "volume", "unit", "source"})) {
    for (size_t i = 0; i < t.rows.size(); ++i) {
      r.set_row(i);
      DemandRow d;
      d.origin = r.str("origin", true);
      d.destination = r.str("destination", true);
      d.volume = r.number("volume", true, 0).value_or(0);
      d.unit = r.str("unit", true);
      if (!d.unit.empty() && d.unit != "teu" && d.unit != "tonnes")
        r.problem("unit", "expected teu or tonnes, found '" + d.unit + "'");
      if (t.find("class") >= 0) d.cargo_class = r.str("class", true);
      d.corridor = r.str("corridor", false);
      d.source = r.str("source", true);
      if (const CsvCell* c = r.cell("origin")) d.where = {path, c->line, c->column};
      out.push_back(std::move(d));
    }
  }
  if (!problems.empty())
    throw Error(Errc::invalid_input, "invalid demand file '" + path + "'", problems);
  return out;
}

}  // namespace corridor::io
