#include "corridor/osm/commands.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <sstream>

#include "corridor/ch/files.h"
#include "corridor/core/binfile.h"
#include "corridor/core/error.h"
#include "corridor/core/files.h"
#include "corridor/core/text.h"
#include "corridor/osm/dimacs.h"
#include "corridor/osm/router.h"

namespace corridor::osm {
namespace {

using Json = nlohmann::ordered_json;

std::string default_output(const std::string& input) {
  std::filesystem::path p(input);
  std::string stem = p.filename().string();
  stem = stem.substr(0, stem.find('.'));
  return (p.parent_path() / (stem + ".cnet")).string();
}

std::string mb(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
  return buf;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// User + system CPU time of the process (every thread).
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

// Resident memory now (VmRSS).
uint64_t rss_bytes() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  return 0;
}

std::string fixed(double x, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

Json info_json(const FlatNetwork& net) {
  uint64_t by_mode[network::kNumModes] = {}, transfers = 0, border = 0;
  for (const FlatLink& l : net.links) {
    if (l.transfer())
      ++transfers;
    else
      ++by_mode[l.mode];
    if (l.flags & kBorder) ++border;
  }
  auto count = [&](Mode m) { return by_mode[static_cast<int>(m)]; };
  std::set<std::string> countries;
  uint64_t kinds[4] = {0, 0, 0, 0};
  for (const FlatNode& n : net.nodes) {
    if (n.country) countries.insert(net.countries[n.country]);
    ++kinds[n.kind];
  }
  Json j;
  j["nodes"] = net.num_nodes();
  j["links"] = net.num_links();
  j["by_mode"] = {
      {"road", count(Mode::road)}, {"rail", count(Mode::rail)}, {"ferry", count(Mode::ferry)}};
  j["transfer_links"] = transfers;
  j["border_links"] = border;
  j["countries"] = Json(std::vector<std::string>(countries.begin(), countries.end()));
  j["stations"] = kinds[uint8_t(FlatNodeKind::station)];
  j["ferry_terminals"] = kinds[uint8_t(FlatNodeKind::ferry_terminal)];
  j["border_posts"] = kinds[uint8_t(FlatNodeKind::border_post)];
  j["name"] = net.name;
  j["source"] = net.source;
  j["cost_unit"] = net.cost_unit == "ds" ? "seconds" : "input weight";
  return j;
}

void print_info(const Json& j, std::ostream& out) {
  out << j["name"].get<std::string>() << " (" << j["source"].get<std::string>() << ")\n"
      << "  nodes " << j["nodes"] << ", links " << j["links"] << " (road " << j["by_mode"]["road"]
      << ", rail " << j["by_mode"]["rail"] << ", ferry " << j["by_mode"]["ferry"] << ", transfer "
      << j["transfer_links"] << ")\n"
      << "  border links " << j["border_links"] << ", border posts " << j["border_posts"]
      << ", stations " << j["stations"] << ", ferry terminals " << j["ferry_terminals"] << "\n"
      << "  countries " << text::join(j["countries"].get<std::vector<std::string>>(), " ") << "\n";
}

// One CSV record (RFC 4180 quotes).
std::vector<std::string> csv_fields(std::string_view line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  for (auto& f : out) f = std::string(text::trim(f));
  return out;
}

std::vector<std::string> place_list(const std::string& spec) {
  if (!spec.empty() && spec[0] == '@') {
    std::vector<std::string> out;
    std::istringstream in(files::read_all(spec.substr(1)));
    for (std::string line; std::getline(in, line);) {
      auto t = text::trim(line);
      if (!t.empty() && t[0] != '#') out.emplace_back(t);
    }
    return out;
  }
  return text::split(spec, ';');
}

void emit(const std::string& output, const std::string& text, std::ostream& out) {
  if (output.empty() || output == "-")
    out << text;
  else
    files::write_atomic(output, text);
}

}  // namespace

int cmd_import_osm(const ImportOsmOptions& o, Reporter& reporter, std::ostream& out) {
  if (o.input.empty()) throw Error(Errc::usage, "import osm: an input file is required");
  const std::string output = o.output.empty() ? default_output(o.input) : o.output;
  const auto t0 = std::chrono::steady_clock::now();
  const double cpu0 = cpu_seconds();
  const uint64_t rss0 = rss_bytes();
  OsmImportStats st;
  FlatNetwork net = import_osm(o.input, o.config, reporter, &st);
  const double import_secs = seconds_since(t0), import_cpu = cpu_seconds() - cpu0;
  const double peak = double(peak_rss_bytes());
  write_cnet(output, net);
  const double secs = seconds_since(t0);
  reporter.log("imported " + o.input + " -> " + output + " in " + fixed(secs, 2) +
               " s; peak memory " + mb(peak_rss_bytes()));
  // Throughput of the import itself (reading and building, not writing the .cnet): OSM objects
  // of the file per second, CPU use, and peak memory (whole process, and above what the process
  // held before the import) per million OSM nodes of the file.
  const double mnodes = double(st.osm_nodes) / 1e6;
  const double own = peak > double(rss0) ? peak - double(rss0) : 0;
  reporter.log("  throughput: " + std::to_string(st.osm_nodes) + " OSM nodes, " +
               std::to_string(st.osm_ways) + " ways in " + fixed(import_secs, 2) + " s (read " +
               fixed(st.read_seconds, 2) + " s, build " + fixed(st.build_seconds, 2) + " s); " +
               fixed(import_secs > 0 ? st.osm_nodes / import_secs : 0, 0) + " nodes/s, " +
               fixed(import_secs > 0 ? st.osm_ways / import_secs : 0, 0) + " ways/s; CPU " +
               fixed(import_secs > 0 ? import_cpu / import_secs : 0, 2) + " cores busy (" +
               std::to_string(st.threads) + " decoding threads)");
  reporter.log("  memory: peak " + mb(uint64_t(peak)) + " (" + mb(rss0) +
               " before the import): " + fixed(mnodes > 0 ? peak / 1e6 / mnodes : 0, 1) +
               " MB per million OSM nodes, " + fixed(mnodes > 0 ? own / 1e6 / mnodes : 0, 1) +
               " MB above the start; kept " + std::to_string(st.kept_refs) +
               " node references, coordinates of " + std::to_string(st.kept_node_ids) + " nodes");
  reporter.log(
      "  ways: road " + std::to_string(st.ways_road) + ", rail " + std::to_string(st.ways_rail) +
      ", ferry " + std::to_string(st.ways_ferry) + "; boundaries " +
      std::to_string(st.boundary_relations) + " (" + std::to_string(st.closed_rings) +
      " closed rings, " + std::to_string(st.approximate_rings) +
      " closed across gaps); node countries by polygon " + std::to_string(st.nodes_by_polygon) +
      ", nearest border " + std::to_string(st.nodes_by_nearest_border) + ", fallback " +
      std::to_string(st.nodes_by_fallback));
  print_info(info_json(net), out);
  return 0;
}

int cmd_import_dimacs(const ImportDimacsOptions& o, Reporter& reporter, std::ostream& out) {
  if (o.input.empty()) throw Error(Errc::usage, "import dimacs: an input file is required");
  const std::string output = o.output.empty() ? default_output(o.input) : o.output;
  const std::string text = read_maybe_gzip(o.input);
  DimacsGraph d = parse_dimacs(text, o.input);
  FlatNetwork net;
  net.source = std::filesystem::path(o.input).filename().string();
  net.name = net.source.substr(0, net.source.find(".gr"));
  net.cost_unit = "dimacs";
  net.has_coordinates = false;
  net.input_hash = binfile::hash_bytes(text.data(), text.size());
  net.nodes.resize(d.num_nodes);
  net.input_id.resize(d.num_nodes);
  for (uint32_t v = 0; v < d.num_nodes; ++v) net.input_id[v] = int64_t{v} + 1;
  for (size_t i = 0; i < d.tail.size(); ++i) {
    if (d.tail[i] == d.head[i]) continue;
    FlatLink l;
    l.tail = d.tail[i];
    l.head = d.head[i];
    l.cost = d.weight[i];
    l.mode = uint8_t(Mode::road);
    net.links.push_back(l);
  }
  net.shape_first.assign(net.links.size() + 1, 0);
  net.way_id.assign(net.links.size(), 0);
  net.finalize();
  write_cnet(output, net);
  reporter.log("imported " + o.input + " -> " + output + "; peak memory " + mb(peak_rss_bytes()));
  print_info(info_json(net), out);
  return 0;
}

int cmd_info(const InfoOptions& o, Reporter&, std::ostream& out) {
  FlatNetwork net = read_cnet(o.net);
  Json j = info_json(net);
  if (o.json)
    out << j.dump() << "\n";
  else
    print_info(j, out);
  return 0;
}

int cmd_build(const BuildOptions& o, Reporter& reporter, std::ostream& out) {
  FlatNetwork net = read_cnet(o.net);
  Profile p = Profile::parse(o.profile);
  route::Graph g = net.graph();
  std::vector<uint32_t> w = arc_weights(net, p);
  auto t0 = std::chrono::steady_clock::now();
  ch::ContractionHierarchy h = ch::build_ch(g, w.data(), reporter);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const std::string output = o.output.empty() ? cch_path_for(o.net) : o.output;
  ch::write_cch(output, h, cnet_fingerprint(o.net), p.to_string());
  out << "built " << output << " (profile " << p.to_string() << "): " << h.num_nodes() << " nodes, "
      << h.up.arcs.size() + h.down.arcs.size() << " CH arcs for " << g.num_arcs() << " links in "
      << fixed(secs, 2) << " s; peak memory " << mb(peak_rss_bytes()) << "\n";
  return 0;
}

int cmd_table(const TableOptions& o, Reporter& reporter, std::ostream& out) {
  if (o.pairs.empty() == (o.sources.empty() || o.targets.empty()))
    throw Error(Errc::usage, "table: give either --pairs FILE.csv or both --sources and --targets");
  auto r = NetRouter::load(o.net, o.profile, reporter);
  const bool km_known = r->net.cost_unit == "ds";
  Json rows = Json::array();
  std::ostringstream csv;
  csv << "from,to," << r->cost_name() << (km_known ? ",km" : "") << "\n";
  auto cell = [](const std::string& s) {
    return s.find_first_of(",\"") == std::string::npos ? s : "\"" + s + "\"";
  };
  auto add_row = [&](const std::string& from, const std::string& to, ch::Weight c, double km) {
    const bool ok = c != ch::kInfWeight;
    csv << cell(from) << "," << cell(to) << "," << (ok ? fixed(r->cost_value(c), 1) : "");
    if (km_known) csv << "," << (ok ? fixed(km, 3) : "");
    csv << "\n";
    Json row = {{"from", from}, {"to", to}};
    row[std::string(r->cost_name())] = ok ? Json(r->cost_value(c)) : Json(nullptr);
    if (km_known) row["km"] = ok ? Json(km) : Json(nullptr);
    rows.push_back(row);
  };
  if (!o.pairs.empty()) {
    std::istringstream in(files::read_all(o.pairs));
    std::string line;
    int line_no = 0;
    std::vector<std::string> header;
    ch::ChQuery q(r->ch);
    while (std::getline(in, line)) {
      ++line_no;
      if (text::trim(line).empty() || text::trim(line)[0] == '#') continue;
      auto f = csv_fields(line);
      if (header.empty()) {
        header = f;
        if (!header.empty() && header[0].rfind("\xEF\xBB\xBF", 0) == 0) header[0].erase(0, 3);
        continue;
      }
      auto col = [&](const char* name) -> std::string {
        for (size_t i = 0; i < header.size(); ++i)
          if (header[i] == name && i < f.size()) return f[i];
        return {};
      };
      std::string from = col("from"), to = col("to");
      if (from.empty() && !col("from_lat").empty()) from = col("from_lat") + "," + col("from_lon");
      if (to.empty() && !col("to_lat").empty()) to = col("to_lat") + "," + col("to_lon");
      if (from.empty() || to.empty())
        throw Error(Errc::invalid_input, "bad pairs file",
                    {Diagnostic{SourceLocation{o.pairs, line_no, 0},
                                "expected columns from,to or from_lat,from_lon,to_lat,to_lon"}});
      uint32_t s, t;
      try {
        s = r->resolve(from);
        t = r->resolve(to);
      } catch (const Error& e) {
        throw Error(e.code(), e.what(),
                    {Diagnostic{SourceLocation{o.pairs, line_no, 0}, e.what()}});
      }
      NetRoute route = route_between(*r, q, s, t);
      add_row(from, to, route.cost, route.km);
    }
  } else {
    auto src = place_list(o.sources), dst = place_list(o.targets);
    std::vector<uint32_t> sv, tv;
    for (auto& p : src) sv.push_back(r->resolve(p));
    for (auto& p : dst) tv.push_back(r->resolve(p));
    ch::ManyToMany m(r->ch);
    auto costs = m.table(sv, tv);
    // Distances along the paths, when the matrix is small enough to unpack every path.
    const bool with_km = km_known && sv.size() * tv.size() <= 10000;
    ch::ChQuery q(r->ch);
    for (size_t i = 0; i < sv.size(); ++i)
      for (size_t j = 0; j < tv.size(); ++j) {
        const ch::Weight c = costs[i * tv.size() + j];
        double km = 0;
        if (with_km && c != ch::kInfWeight) km = route_between(*r, q, sv[i], tv[j]).km;
        add_row(src[i], dst[j], c, km);
      }
  }
  if (o.json) {
    Json j = {{"unit", r->cost_name()}, {"profile", r->profile.to_string()}, {"rows", rows}};
    emit(o.output, j.dump() + "\n", out);
  } else {
    emit(o.output, csv.str(), out);
  }
  return 0;
}

int cmd_route_net(const RouteNetOptions& o, Reporter& reporter, std::ostream& out) {
  auto r = NetRouter::load(o.net, o.profile, reporter);
  const uint32_t s = r->resolve(o.from), t = r->resolve(o.to);
  ch::ChQuery q(r->ch);
  NetRoute route = route_between(*r, q, s, t);
  if (!route.found)
    throw Error(Errc::no_route, "no route from " + o.from + " to " + o.to + " for profile '" +
                                    r->profile.to_string() + "'");
  const FlatNetwork& net = r->net;
  auto node_json = [&](uint32_t v) {
    Json j = {{"id", net.input_id[v]}};
    if (net.has_coordinates) {
      j["lat"] = net.nodes[v].lat();
      j["lon"] = net.nodes[v].lon();
      j["country"] = net.countries[net.nodes[v].country];
      j["kind"] = to_string(FlatNodeKind(net.nodes[v].kind));
    }
    return j;
  };
  if (o.json) {
    Json j;
    j["from"] = node_json(s);
    j["to"] = node_json(t);
    j[std::string(r->cost_name())] = r->cost_value(route.cost);
    if (net.cost_unit == "ds") j["km"] = route.km;
    j["border_crossings"] = route.border_crossings;
    Json legs = Json::array();
    for (const auto& l : route.legs) {
      Json leg = {{"mode", l.name()}, {"from", node_json(l.from)}, {"to", node_json(l.to)}};
      if (net.cost_unit == "ds") leg["km"] = l.km;
      leg[std::string(r->cost_name())] = r->cost_value(l.cost);
      leg["links"] = l.links;
      legs.push_back(leg);
    }
    j["legs"] = legs;
    if (net.has_coordinates) {
      Json geo = Json::array();
      for (const auto& p : route.geometry) geo.push_back({p.lon_e7 * 1e-7, p.lat_e7 * 1e-7});
      j["geometry"] = {{"type", "LineString"}, {"coordinates", geo}};
    }
    out << j.dump() << "\n";
    return 0;
  }
  out << "route " << o.from << " -> " << o.to << " (profile " << r->profile.to_string()
      << "): " << fixed(r->cost_value(route.cost), 1) << " " << r->cost_name();
  if (net.cost_unit == "ds") out << ", " << fixed(route.km, 2) << " km";
  out << ", " << route.border_crossings << " border crossing(s)\n";
  for (const auto& l : route.legs)
    out << "  " << l.name() << ": " << net.input_id[l.from] << " -> " << net.input_id[l.to] << "  "
        << fixed(l.km, 2) << " km, " << fixed(r->cost_value(l.cost), 1) << " " << r->cost_name()
        << "\n";
  return 0;
}

}  // namespace corridor::osm
