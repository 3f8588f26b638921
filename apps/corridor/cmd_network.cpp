// corridor network: the dataset's network under a scenario as GeoJSON or as a GMNS GeoPackage
// (node and link layers, for QGIS), and the reverse: read a GMNS GeoPackage, check it and print
// what it holds (export module).
#include <fmt/format.h>

#include "commands.h"
#include "corridor/api/api.h"
#include "corridor/core/error.h"
#include "corridor/export/gpkg.h"
#include "corridor/export/tables.h"

namespace corridor::cli {

namespace {
struct NetworkFlags {
  std::string data = api::default_data_dir(), scenario, output, gpkg, read_gpkg;
  bool geojson = false;
};
}  // namespace

void add_network(CLI::App& app, Action& run) {
  auto f = std::make_shared<NetworkFlags>();
  auto* c = app.add_subcommand(
      "network", "The network of a scenario as GeoJSON or a GMNS GeoPackage; or read one back");
  c->add_option("--data", f->data, "Dataset directory")->capture_default_str();
  c->add_option("--scenario", f->scenario, "Scenario (default: the dataset's)");
  c->add_option("--gpkg", f->gpkg, "Write GMNS node and link layers to this GeoPackage");
  c->add_flag("--geojson", f->geojson, "Print the network as GeoJSON (nodes and links)");
  c->add_option("-o,--output", f->output, "With --geojson: write to this file instead of stdout");
  c->add_option("--read-gpkg", f->read_gpkg,
                "Read a GMNS GeoPackage (node and link layers), check it and print a summary");
  c->callback([f, c, &run] {
    run = [f, c] {
      if (!f->read_gpkg.empty()) {
        reject_flags(*c, {"--data", "--scenario", "--gpkg", "--geojson", "-o"},
                     "reading a GeoPackage (--read-gpkg)");
        const network::Network net = exporter::read_network_gpkg(f->read_gpkg);
        size_t modes[network::kNumModes] = {};
        for (const auto& l : net.links) ++modes[static_cast<int>(l.mode)];
        emit("-", fmt::format("{}: {} nodes, {} links ({} rail, {} road, {} ferry), {} border "
                              "links; network check: ok\n",
                              f->read_gpkg, net.nodes.size(), net.links.size(), modes[0], modes[1],
                              modes[2], net.num_border_links()));
        return 0;
      }
      if (f->gpkg.empty() && !f->geojson)
        throw Error(Errc::usage, "network: give --gpkg FILE, --geojson or --read-gpkg FILE");
      auto engine = api::load_engine(f->data);
      if (f->geojson) emit(f->output, api::network_geojson(*engine, f->scenario).dump() + "\n");
      if (!f->gpkg.empty())
        exporter::write_gpkg(f->gpkg, exporter::network_gmns_layers(*engine, f->scenario));
      return 0;
    };
  });
}

}  // namespace corridor::cli
