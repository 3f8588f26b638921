#include <filesystem>
#include <string>
#include <vector>

#include "commands.h"
#include "corridor/api/api.h"
#include "corridor/api/render.h"
#include "corridor/core/files.h"
#include "corridor/core/text.h"
#if CORRIDOR_HAVE_OSM
#include <iostream>

#include "corridor/core/reporter.h"
#include "corridor/osm/commands.h"
#endif

namespace corridor::cli {

void emit(const std::string& path, const std::string& text) {
  if (!path.empty() && path != "-") {
    // Like -o in most tools, a missing output folder is created (out/report.html on a clone).
    const auto parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  files::write_atomic(path.empty() ? "-" : path, text);
}

namespace {
struct RouteFlags {
  api::RouteRequest req;
  std::string data = api::default_data_dir();
  std::string modes, avoid, output, net;
  bool json = false, geojson = false;
};
}  // namespace

void add_route(CLI::App& app, Action& run) {
  auto f = std::make_shared<RouteFlags>();
  auto* c =
      app.add_subcommand("route", "Best route, time and cost from A to B by rail, road and ferry");
  c->add_option("from", f->req.from,
                "Origin: node id, name or alias (any case, diacritics optional) or lat,lon")
      ->required();
  c->add_option("to", f->req.to, "Destination")->required();
  c->add_option("--data", f->data, "Dataset directory")->capture_default_str();
  c->add_option("--scenario", f->req.scenario, "Scenario name (see `corridor scenarios`)")
      ->capture_default_str();
  c->add_option("--profile", f->req.profile, "Cost profile: teu (containers) or tonne (bulk)")
      ->capture_default_str();
  c->add_option("--modes", f->modes,
                "Allowed modes, comma-separated: rail,road,ferry (default all)");
  c->add_option("--avoid", f->avoid,
                "Countries never entered, ISO alpha-2, comma-separated (e.g. IR,RU)");
  c->add_option("--max-borders", f->req.max_borders, "At most this many border crossings");
  c->add_option("--year", f->req.year,
                "Use links open by this year (default: the scenario's year)");
  c->add_option("--alternatives", f->req.alternatives, "Up to K routes crossing different borders")
      ->capture_default_str();
  c->add_flag("--explain", f->req.explain,
              "List the source behind every link, transfer and tariff the route uses");
  c->add_flag("--pareto", f->req.pareto, "All non-dominated routes over hours, USD and borders");
  auto* json_flag = c->add_flag("--json", f->json, "Print JSON");
  c->add_flag("--geojson", f->geojson,
              "Print GeoJSON (RFC 7946): a LineString per leg, a Point per transfer")
      ->excludes(json_flag);
  c->add_option("-o,--output", f->output, "Write to this file (atomically) instead of stdout");
  c->add_option("--net", f->net,
                "Route on an imported network (.cnet, with its .cch if built) instead");
  c->callback([f, &run] {
    run = [f] {
      if (!f->net.empty()) {
#if CORRIDOR_HAVE_OSM
        osm::RouteNetOptions o;
        o.net = f->net;
        o.from = f->req.from;
        o.to = f->req.to;
        if (f->req.profile != "teu") o.profile = f->req.profile;
        o.json = f->json || f->geojson;
        StderrReporter rep(false);
        return osm::cmd_route_net(o, rep, std::cout);
#else
        throw Error(Errc::usage, "this build has no osm module (--net)");
#endif
      }
      auto& r = f->req;
      r.modes = text::split(f->modes, ',');
      r.avoid = text::split(f->avoid, ',');
      r.validate();
      auto engine = api::load_engine(f->data);
      if (f->geojson) {
        emit(f->output, api::route_geojson(*engine, r).dump(1) + "\n");
      } else if (f->json) {
        emit(f->output, api::route(*engine, r).dump(2) + "\n");
      } else {
        emit(f->output, api::render_route_text(api::route(*engine, r)));
      }
      return 0;
    };
  });
}

}  // namespace corridor::cli
