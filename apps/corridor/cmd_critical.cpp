// corridor critical / corridor select-link: api::critical and api::select_link, printed as text,
// JSON or CSV (docs/criticality.md).
#include "commands.h"
#include "corridor/api/api.h"
#include "corridor/api/critical.h"
#include "corridor/core/files.h"
#include "corridor/export/tables.h"
#if CORRIDOR_HAVE_OSM
#include "corridor/api/net.h"
#endif

namespace corridor::cli {

namespace {
struct CriticalFlags {
  api::CriticalRequest req;
  std::string data = api::default_data_dir(), output, report, gpkg, net;
  bool json = false, csv = false, geojson = false;
};
struct SelectLinkFlags {
  api::SelectLinkRequest req;
  std::string data = api::default_data_dir(), output;
  bool json = false, csv = false;
};
}  // namespace

void add_critical(CLI::App& app, Action& run) {
  auto f = std::make_shared<CriticalFlags>();
  auto* c = app.add_subcommand(
      "critical", "Rank links and border crossings by the cost of losing them (fixed demand)");
  c->add_option("--scenario", f->req.scenario, "Scenario (default: the dataset's)");
  c->add_option("--profile", f->req.profile, "Cost profile (default: the dataset's)");
  c->add_option("--demand", f->req.demand_file,
                "Demand file (default: the dataset's demand-*.csv, the last by name)");
  c->add_option(
       "--metric", f->req.metric,
       "Ranking: cost | unserved | both | interaction (--k 2: pair Δ minus the two single Δs)")
      ->capture_default_str();
  c->add_option("--mode", f->req.mode, "removal | capacity:F (keep fraction F; needs --assign ue)")
      ->capture_default_str();
  c->add_option("--assign", f->req.assign,
                "aon (all-or-nothing, fixed paths) | ue (re-equilibrate per cut)")
      ->capture_default_str();
  c->add_option("--links", f->req.links,
                "Candidates: comma-separated border, rail, road, ferry or id globs (default: all)");
  c->add_option("--k", f->req.k,
                "Links per removal: 1, or 2 (every pair of the candidates, removed together)")
      ->capture_default_str();
  c->add_option("--top", f->req.top, "Print the N most critical (default: all)");
  c->add_option("--threads", f->req.threads, "Threads (default: all cores)");
  c->add_option("--year", f->req.year, "Links open by this year (default: the scenario's)");
  c->add_option("--data", f->data, "Dataset directory")->capture_default_str();
  auto* json_flag = c->add_flag("--json", f->json, "Print JSON");
  auto* csv_flag = c->add_flag("--csv", f->csv, "Print CSV")->excludes(json_flag);
  c->add_flag("--geojson", f->geojson, "Print the ranked links as GeoJSON (map layer)")
      ->excludes(json_flag)
      ->excludes(csv_flag);
  c->add_option("-o,--output", f->output, "Write to this file (atomically) instead of stdout");
  c->add_option("--report", f->report,
                "Also write a self-contained HTML report (map, ranking, assumptions) to FILE.html");
  c->add_option("--gpkg", f->gpkg, "Also write the ranked links as a GeoPackage layer");
  c->add_option("--net", f->net,
                "Rank the links of an imported network (.cnet) instead (needs --demand; "
                "--scenario names an overlay file)");
  c->callback([f, c, &run] {
    run = [f, c] {
      f->req.validate();
      if (!f->net.empty()) {
#if CORRIDOR_HAVE_OSM
        reject_flags(*c, {"--data", "--year", "--geojson", "--report", "--gpkg"},
                     "an imported network (--net)");
        const auto s = api::open_net(f->net, api::net_profile(f->req.profile, {}),
                                     api::NetHierarchy::if_large);
        const auto result = api::net_critical(s, f->req);
        if (f->json)
          emit(f->output, api::to_json(result).dump(2) + "\n");
        else if (f->csv)
          emit(f->output, api::render_critical_csv(result));
        else
          emit(f->output, api::render_critical_text(result));
        return 0;
#else
        throw Error(Errc::usage, "this build has no osm module (--net)");
#endif
      }
      auto engine = api::load_engine(f->data);
      const auto result = api::critical(*engine, f->req);
      if (!f->report.empty())
        files::write_atomic(f->report, api::render_critical_html(*engine, result));
      if (f->json)
        emit(f->output, api::to_json(result).dump(2) + "\n");
      else if (f->geojson)
        emit(f->output, api::to_geojson(*engine, result).dump() + "\n");
      else if (f->csv)
        emit(f->output, api::render_critical_csv(result));
      else
        emit(f->output, api::render_critical_text(result));
      if (!f->gpkg.empty())
        exporter::write_gpkg(f->gpkg, exporter::critical_layers(*engine, result));
      return 0;
    };
  });

  auto s = std::make_shared<SelectLinkFlags>();
  auto* sl = app.add_subcommand(
      "select-link", "OD pairs (and volumes) whose assigned paths use a link or border crossing");
  sl->add_option("link", s->req.link, "Link id")->required();
  sl->add_option("--scenario", s->req.scenario, "Scenario (default: the dataset's)");
  sl->add_option("--profile", s->req.profile, "Cost profile (default: the dataset's)");
  sl->add_option("--demand", s->req.demand_file, "Demand file (default: the dataset's)");
  sl->add_option("--year", s->req.year, "Links open by this year (default: the scenario's)");
  sl->add_option("--data", s->data, "Dataset directory")->capture_default_str();
  auto* sj = sl->add_flag("--json", s->json, "Print JSON");
  sl->add_flag("--csv", s->csv, "Print CSV")->excludes(sj);
  sl->add_option("-o,--output", s->output, "Write to this file (atomically) instead of stdout");
  sl->callback([s, &run] {
    run = [s] {
      s->req.validate();
      auto engine = api::load_engine(s->data);
      const auto result = api::select_link(*engine, s->req);
      if (s->json)
        emit(s->output, api::to_json(result).dump(2) + "\n");
      else if (s->csv)
        emit(s->output, api::render_select_link_csv(result));
      else
        emit(s->output, api::render_select_link_text(result));
      return 0;
    };
  });
}

}  // namespace corridor::cli
