// OSM import: the phases in src/corridor/osm/detail/ (import_phases.h) run in order, then border
// flags and CSR order.
#include "corridor/osm/import_osm.h"

#include <filesystem>
#include <fstream>
#include <vector>

#include "corridor/core/binfile.h"
#include "corridor/core/error.h"
#include "corridor/core/files.h"
#include "corridor/osm/detail/import_phases.h"

namespace corridor::osm {
namespace {

uint64_t file_fingerprint(const std::string& path, const OsmImportConfig& cfg) {
  std::ifstream in(path, std::ios::binary);
  uint64_t h = 0;
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    std::streamsize got = in.gcount();
    if (got <= 0) break;
    h = binfile::hash_bytes(buf.data(), static_cast<size_t>(got), h);
  }
  std::string opts = cfg.fallback_country + "|" + std::to_string(cfg.transfer_minutes) + "|" +
                     std::to_string(cfg.ferry_kmh) + "|" + std::to_string(cfg.truck_max_kmh) + "|" +
                     std::to_string(cfg.rail_kmh_main) + "|" + std::to_string(cfg.rail_kmh_branch);
  return binfile::hash_bytes(opts.data(), opts.size(), h);
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

  const detail::OsmData data = detail::read_osm(path, net.source, cfg, reporter);
  OsmImportStats st = data.stats;
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
  if (stats_out) *stats_out = st;
  return net;
}

}  // namespace corridor::osm
