// corridor route: on the dataset (api::route) or on an imported network (--net, osm module).
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "corridor/api/api.h"
#include "corridor/api/render.h"
#include "corridor/core/error.h"
#include "corridor/core/files.h"
#include "corridor/core/text.h"
#include "corridor/export/tables.h"
#if CORRIDOR_HAVE_OSM
#include "corridor/api/net.h"
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

void reject_flags(const CLI::App& c, std::initializer_list<const char*> flags,
                  const std::string& what) {
  for (const char* flag : flags) {
    const CLI::Option* o = c.get_option_no_throw(flag);
    if (o && o->count() > 0)
      throw Error(Errc::usage, std::string(flag) + " cannot be applied to " + what);
  }
}

CLI::Option* add_list(CLI::App& c, const std::string& name, std::vector<std::string>& into,
                      const std::string& help) {
  return c.add_option_function<std::string>(
      name, [&into](const std::string& s) { into = text::split(s, ','); }, help);
}

namespace {
struct RouteFlags {
  api::RouteRequest req;
  std::string data = api::default_data_dir();
  std::string output, net, gpkg;
  bool json = false, geojson = false;
};

#if CORRIDOR_HAVE_OSM
int route_on_net(const CLI::App& c, const RouteFlags& f) {
  const std::string what = "an imported network (--net)";
  reject_flags(
      c, {"--data", "--max-borders", "--year", "--alternatives", "--explain", "--pareto", "--gpkg"},
      what);
  if (!f.req.scenario.empty() || !f.req.avoid.empty() || !f.req.modes.empty()) {
    // Under an overlay (or a filter): Dijkstra on the edited weights, the dataset's renderers.
    if (f.geojson)
      throw Error(Errc::usage, "--geojson with --scenario cannot be applied to " + what);
    const auto s = api::open_net(f.net, api::net_profile(f.req.profile, f.req.modes));
    const api::RouteResult r = api::net_route(s, f.req);
    emit(f.output, f.json ? api::to_json(r).dump(2) + "\n" : api::render_route_text(r));
    return 0;
  }
  if (f.geojson)
    throw Error(Errc::usage, "--geojson cannot be applied to " + what +
                                 ": use --json (its 'geometry' is a GeoJSON LineString)");
  osm::RouteNetOptions o;
  o.net = f.net;
  o.from = f.req.from;
  o.to = f.req.to;
  if (!f.req.profile.empty()) o.profile = f.req.profile;
  o.json = f.json;
  StderrReporter rep(false);
  std::ostringstream out;
  int rc = osm::cmd_route_net(o, rep, out);
  emit(f.output, out.str());
  return rc;
}
#endif
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
  c->add_option("--scenario", f->req.scenario,
                "Scenario name (see `corridor scenarios`; default: the dataset's)");
  c->add_option("--profile", f->req.profile,
                "Cost profile, e.g. teu or tonne (default: the dataset's; truck with --net)");
  add_list(*c, "--modes", f->req.modes,
           "Allowed modes, comma-separated: rail,road,ferry (default all)");
  add_list(*c, "--avoid", f->req.avoid,
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
  c->add_option("--gpkg", f->gpkg,
                "Also write the legs as GeoPackage layers (route_legs, route_transfers)");
  c->add_option("--net", f->net,
                "Route on an imported network (.cnet, with its .cch if built) instead");
  c->callback([f, c, &run] {
    run = [f, c] {
      if (!f->net.empty()) {
#if CORRIDOR_HAVE_OSM
        return route_on_net(*c, *f);
#else
        throw Error(Errc::usage, "this build has no osm module (--net)");
#endif
      }
      f->req.validate();
      auto engine = api::load_engine(f->data);
      const api::RouteResult r = api::route(*engine, f->req);
      if (f->geojson)
        emit(f->output, api::to_geojson(*engine, r).dump(1) + "\n");
      else if (f->json)
        emit(f->output, api::to_json(r).dump(2) + "\n");
      else
        emit(f->output, api::render_route_text(r));
      if (!f->gpkg.empty()) exporter::write_gpkg(f->gpkg, exporter::route_layers(*engine, r));
      return 0;
    };
  });
}

}  // namespace corridor::cli
