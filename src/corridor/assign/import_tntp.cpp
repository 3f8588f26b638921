// `corridor import tntp`: TNTP -> GMNS v0.96 CSV (config, node, link, demand). The TNTP files are
// read with the existing reader (tntp.h); this file only maps fields and writes the tables.
#include "corridor/assign/import_tntp.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "corridor/assign/tntp.h"
#include "corridor/core/error.h"
#include "corridor/core/files.h"
#include "corridor/core/text.h"

namespace corridor::assign {
namespace {

namespace fs = std::filesystem;

// Shortest text that reads back to the same double; NaN (= not given) is an empty field.
std::string num(double v) { return std::isnan(v) ? std::string() : fmt::format("{}", v); }

struct GmnsTables {
  std::string config, node, link, demand;
  size_t od_pairs = 0;
  double total_demand = 0;
};

std::string speed_unit(const std::string& long_length) {
  if (long_length == "mi") return "mph";
  if (long_length == "km") return "kph";
  return long_length + "/h";
}

GmnsTables to_gmns(const TntpNetwork& net, const ImportTntpRequest& opt) {
  GmnsTables t;
  // config.csv: TNTP files carry no units; see docs/assignment.md ("Import to GMNS").
  t.config =
      "dataset_name,short_length,long_length,speed,crs,geometry_field_format,currency,"
      "version_number,id_type\n";
  t.config +=
      fmt::format("{},{},{},{},{},WKT,{},0.96,integer\n", text::csv_quote(net.name),
                  opt.long_length == "km" || opt.long_length == "m" ? "m" : "ft",
                  text::csv_quote(opt.long_length), text::csv_quote(speed_unit(opt.long_length)),
                  text::csv_quote(opt.crs), text::csv_quote(opt.currency));

  // node.csv: every id 1..num_nodes (isolated ids included); zones are 1..num_zones.
  t.node = "node_id,x_coord,y_coord,zone_id,node_type\n";
  const double nan = std::nan("");
  for (uint32_t id = 1; id <= net.num_nodes; ++id) {
    const double x = id <= net.node_x.size() ? net.node_x[id - 1] : nan;
    const double y = id <= net.node_y.size() ? net.node_y[id - 1] : nan;
    const bool zone = id <= net.num_zones;
    t.node += fmt::format("{},{},{},{},{}\n", id, num(x), num(y), zone ? std::to_string(id) : "",
                          zone ? "centroid" : "intersection");
  }

  // link.csv: one row per TNTP link in file order (duplicates stay separate rows), link_id = the
  // 1-based row. lanes = 1 so that the GMNS per-lane capacity times lanes is the TNTP capacity.
  // The VDF columns appear twice: suffixed with demand period 1 (DTALite, Path4GMNS) and
  // unsuffixed (TAPLite and later DTALite builds).
  t.link =
      "link_id,from_node_id,to_node_id,directed,length,lanes,capacity,free_speed,toll,link_type,"
      "VDF_fftt1,VDF_cap1,VDF_alpha1,VDF_beta1,VDF_fftt,VDF_cap,VDF_alpha,VDF_beta\n";
  for (size_t i = 0; i < net.links.size(); ++i) {
    const TntpLink& l = net.links[i];
    // Free-flow times are taken as minutes: speed in long_length units per hour.
    const double free_speed =
        l.length > 0 && l.free_flow_time > 0 ? 60.0 * l.length / l.free_flow_time : nan;
    const std::string vdf =
        fmt::format("{},{},{},{}", num(l.free_flow_time), num(l.capacity), num(l.b), num(l.power));
    t.link +=
        fmt::format("{},{},{},1,{},1,{},{},{},{},{},{}\n", i + 1, l.init, l.term, num(l.length),
                    num(l.capacity), num(free_speed), num(l.toll), l.type, vdf, vdf);
  }

  // demand.csv: positive, non-intrazonal flows (the reader drops the rest); a pair listed twice
  // in the trips file becomes one row with the summed volume, in order of first appearance.
  std::map<std::pair<uint32_t, uint32_t>, size_t> row_of;
  std::vector<TntpDemand> rows;
  for (const TntpDemand& d : net.demand) {
    auto [it, fresh] = row_of.try_emplace({d.origin, d.destination}, rows.size());
    if (fresh)
      rows.push_back(d);
    else
      rows[it->second].flow += d.flow;
  }
  t.demand = "o_zone_id,d_zone_id,volume\n";
  for (const TntpDemand& d : rows) {
    t.demand += fmt::format("{},{},{}\n", d.origin, d.destination, num(d.flow));
    t.total_demand += d.flow;
  }
  t.od_pairs = rows.size();
  return t;
}

// All-or-nothing write of the four tables into `dir`: each file is written with
// files::write_atomic under a hidden staging name, and only when all four are complete are they
// renamed to their final names (same directory, so each rename is atomic).
void write_tables(const std::string& dir, const GmnsTables& t) {
  const std::vector<std::pair<std::string, const std::string*>> files = {{"config.csv", &t.config},
                                                                         {"node.csv", &t.node},
                                                                         {"link.csv", &t.link},
                                                                         {"demand.csv", &t.demand}};
  std::error_code ec;
  const bool existed = fs::exists(dir, ec);
  if (existed && !fs::is_directory(dir, ec))
    throw Error(Errc::io_error, fmt::format("output '{}' exists and is not a directory", dir));
  for (const auto& [name, _] : files)
    if (fs::is_directory(fs::path(dir) / name, ec))
      throw Error(Errc::io_error, fmt::format("cannot write '{}': is a directory; nothing written",
                                              (fs::path(dir) / name).string()));
  if (!existed) {
    fs::create_directories(dir, ec);
    if (ec) throw Error(Errc::io_error, fmt::format("cannot create '{}': {}", dir, ec.message()));
  }

  std::vector<std::string> staged;
  auto drop_staged = [&] {
    for (const auto& p : staged) fs::remove(p, ec);
    if (!existed) fs::remove(dir, ec);  // only succeeds if empty
  };
  for (const auto& [name, content] : files) {
    const std::string tmp =
        (fs::path(dir) / fmt::format(".{}.import-{}", name, ::getpid())).string();
    try {
      files::write_atomic(tmp, *content);
    } catch (const Error& e) {
      drop_staged();
      throw Error(Errc::io_error, fmt::format("cannot write {} in '{}' ({}); nothing written", name,
                                              dir, e.what()));
    }
    staged.push_back(tmp);
  }
  std::vector<std::string> done;
  for (size_t i = 0; i < files.size(); ++i) {
    fs::rename(staged[i], fs::path(dir) / files[i].first, ec);
    if (ec) {
      const std::string why = ec.message();
      for (size_t j = i; j < staged.size(); ++j) fs::remove(staged[j], ec);
      std::string placed;
      for (const auto& d : done) placed += (placed.empty() ? "" : ", ") + d;
      throw Error(Errc::io_error,
                  fmt::format("cannot rename {} into '{}': {}; the import is incomplete ({} "
                              "already replaced)",
                              files[i].first, dir, why, placed.empty() ? "none" : placed));
    }
    done.push_back(files[i].first);
  }
}

}  // namespace

void ImportTntpRequest::validate() const {
  if (input.empty()) throw Error(Errc::usage, "the TNTP directory (or *_net.tntp) is required");
  if (out_dir.empty()) throw Error(Errc::usage, "-o OUTDIR is required");
  if (long_length.empty()) throw Error(Errc::usage, "--length-unit needs a non-empty unit");
}

std::string import_tntp(const ImportTntpRequest& opt, Reporter& reporter) {
  opt.validate();
  const std::string& in = opt.input;
  const std::string& out_dir = opt.out_dir;
  TntpNetwork net = read_tntp_network(in);  // throws before anything is written
  for (const auto& w : net.warnings) reporter.log("warning: " + w);
  reporter.log(fmt::format(
      "note: TNTP files state no units; config.csv declares long_length={}, speed={} (free "
      "flow times taken as minutes), crs='{}', currency='{}'; values are copied unconverted "
      "(set them with --length-unit, --crs, --currency)",
      opt.long_length, speed_unit(opt.long_length), opt.crs, opt.currency));
  if (net.first_thru_node > 1)
    reporter.log(fmt::format(
        "note: <FIRST THRU NODE> {} (zones may not be passed through) has no GMNS field; zone "
        "nodes are marked node_type=centroid",
        net.first_thru_node));
  if (net.toll_factor.value_or(0) != 0 || net.distance_factor.value_or(0) != 0)
    reporter.log(fmt::format(
        "note: generalized-cost weights (<TOLL FACTOR> {}, <DISTANCE FACTOR> {}) have no GMNS "
        "field and are not exported; toll and length are",
        net.toll_factor.value_or(0), net.distance_factor.value_or(0)));
  GmnsTables t = to_gmns(net, opt);
  write_tables(out_dir, t);

  if (opt.json) {
    nlohmann::ordered_json j;
    j["nodes"] = net.num_nodes;
    j["links"] = net.links.size();
    j["zones"] = net.num_zones;
    j["od_pairs"] = t.od_pairs;
    j["total_demand"] = t.total_demand;
    j["out_dir"] = out_dir;
    return j.dump() + "\n";
  } else {
    return fmt::format(
        "{}: {} nodes, {} links, {} zones, {} OD pairs, total demand {} -> {}/{{config,node,"
        "link,demand}}.csv\n",
        net.name, net.num_nodes, net.links.size(), net.num_zones, t.od_pairs, t.total_demand,
        out_dir);
  }
}

}  // namespace corridor::assign
