// OSM import: the phases in src/corridor/osm/detail/ (import_phases.h) run in order, then border
// flags and CSR order.
#include "corridor/osm/import_osm.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <vector>

#include "corridor/core/binfile.h"
#include "corridor/core/error.h"
#include "corridor/core/files.h"
#include "corridor/osm/detail/import_phases.h"
#include "corridor/osm/detail/input_check.h"

namespace corridor::osm {
namespace {

constexpr size_t kHashChunk = size_t{1} << 20;

uint64_t options_hash(uint64_t h, const OsmImportConfig& cfg) {
  std::string opts = cfg.fallback_country + "|" + std::to_string(cfg.transfer_minutes) + "|" +
                     std::to_string(cfg.ferry_kmh) + "|" + std::to_string(cfg.truck_max_kmh) + "|" +
                     std::to_string(cfg.rail_kmh_main) + "|" + std::to_string(cfg.rail_kmh_branch);
  return binfile::hash_bytes(opts.data(), opts.size(), h);
}

// The input's bytes hashed in 1 MiB chunks, then the options (a file and the same bytes in
// memory give the same fingerprint).
uint64_t file_fingerprint(const std::string& path, const OsmImportConfig& cfg) {
  std::ifstream in(path, std::ios::binary);
  uint64_t h = 0;
  std::vector<char> buf(kHashChunk);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    std::streamsize got = in.gcount();
    if (got <= 0) break;
    h = binfile::hash_bytes(buf.data(), static_cast<size_t>(got), h);
  }
  return options_hash(h, cfg);
}

uint64_t bytes_fingerprint(std::string_view bytes, const OsmImportConfig& cfg) {
  uint64_t h = 0;
  for (size_t at = 0; at < bytes.size(); at += kHashChunk)
    h = binfile::hash_bytes(bytes.data() + at, std::min(kHashChunk, bytes.size() - at), h);
  return options_hash(h, cfg);
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Phases 3-6 on what the reader collected.
FlatNetwork build(FlatNetwork net, const detail::OsmData& data, const OsmImportConfig& cfg,
                  Reporter& reporter, OsmImportStats& st) {
  detail::LinkSet links;
  const detail::LayerNodes nodes = detail::split_ways(data, net, links, st, reporter);
  detail::assign_countries(data, cfg, net, st, reporter);
  detail::add_transfers(data, nodes, cfg, net, links, st);

  // Border flags, CSR order.
  for (FlatLink& l : links.links)
    if (net.nodes[l.tail].country != net.nodes[l.head].country) l.flags |= kBorder;
  net.links = std::move(links.links);
  net.way_id = std::move(links.way_id);
  net.shape_first = std::move(links.shape_first);
  net.shape = std::move(links.shape);
  net.finalize();
  return net;
}

FlatNetwork run(FlatNetwork net, const detail::OsmInput& in, const std::string& path,
                const OsmImportConfig& cfg, Reporter& reporter, OsmImportStats* stats_out) {
  const auto t0 = std::chrono::steady_clock::now();
  // Input libosmium would misread is refused first, with its line:column or byte offset.
  try {
    detail::check_osm_input(in);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(Errc::invalid_input,
                "'" + (path.empty() ? in.name : path) + "': cannot read OSM data: " + e.what());
  }
  detail::OsmData data;
  if (cfg.full_node_index) {
    if (path.empty())
      throw Error(Errc::usage, "the full-node-index reader reads files only, not memory");
    data = detail::read_osm_full_index(path, in.name, cfg, reporter);
  } else {
    data = detail::read_osm(in, cfg, reporter);
  }
  OsmImportStats st = data.stats;
  st.read_seconds = seconds_since(t0);
  const auto t1 = std::chrono::steady_clock::now();
  net = build(std::move(net), data, cfg, reporter, st);
  st.build_seconds = seconds_since(t1);
  if (stats_out) *stats_out = st;
  return net;
}

FlatNetwork named(const std::string& file_name) {
  FlatNetwork net;
  net.source = file_name;
  net.name = net.source.substr(0, net.source.find('.'));
  net.cost_unit = "ds";
  return net;
}

}  // namespace

FlatNetwork import_osm(const std::string& path, const OsmImportConfig& cfg, Reporter& reporter,
                       OsmImportStats* stats_out) {
  if (!files::exists(path)) throw Error(Errc::io_error, "cannot read '" + path + "': no such file");
  FlatNetwork net = named(std::filesystem::path(path).filename().string());
  net.input_hash = file_fingerprint(path, cfg);
  detail::OsmInput in;
  in.path = path;
  in.name = net.source;
  return run(std::move(net), in, path, cfg, reporter, stats_out);
}

FlatNetwork import_osm_bytes(std::string_view bytes, const std::string& format,
                             const std::string& name, const OsmImportConfig& cfg,
                             Reporter& reporter, OsmImportStats* stats_out) {
  FlatNetwork net = named(name);
  net.input_hash = bytes_fingerprint(bytes, cfg);
  detail::OsmInput in;
  in.bytes = bytes;
  in.format = format;
  in.name = name;
  return run(std::move(net), in, "", cfg, reporter, stats_out);
}

}  // namespace corridor::osm
