// corridor compare: api::compare, printed as text, JSON or CSV, plus an optional HTML report.
#include <cstdio>

#include "commands.h"
#include "corridor/api/api.h"
#include "corridor/api/render.h"
#include "corridor/export/tables.h"
#include "corridor/io/dataset.h"
#if CORRIDOR_HAVE_OSM
#include "corridor/api/net.h"
#endif

namespace corridor::cli {

namespace {
struct CompareFlags {
  api::CompareRequest req;
  std::string data = api::default_data_dir(), pairs, report, output, gpkg, xlsx, net;
  bool json = false, csv = false;
};
}  // namespace

void add_compare(CLI::App& app, Action& run) {
  auto f = std::make_shared<CompareFlags>();
  auto* c = app.add_subcommand("compare",
                               "Side-by-side routes of key pairs under two scenarios, with deltas");
  c->add_option("--base", f->req.base, "Base scenario (default: the dataset's default scenario)");
  c->add_option("--scenario", f->req.scenario,
                "Scenario to compare with the base (default: the dataset's "
                "default_compare_scenario)");
  c->add_option("--pairs", f->pairs, "CSV of from,to pairs (default: the dataset's pairs.csv)");
  c->add_option("--data", f->data, "Dataset directory")->capture_default_str();
  c->add_option("--profile", f->req.profile, "Cost profile (default: the dataset's)");
  add_list(*c, "--modes", f->req.modes, "Allowed modes, comma-separated");
  add_list(*c, "--avoid", f->req.avoid, "Countries never entered, comma-separated");
  c->add_option("--year", f->req.year,
                "Links open by this year, for base and scenario alike (default: the scenario's "
                "year)");
  auto* json_flag = c->add_flag("--json", f->json, "Print JSON");
  c->add_flag("--csv", f->csv, "Print CSV")->excludes(json_flag);
  c->add_option("--report", f->report,
                "Also write a self-contained HTML report (maps + delta chart)");
  c->add_option("-o,--output", f->output, "Write to this file instead of stdout");
  c->add_option(
      "--gpkg", f->gpkg,
      "Also write both sides' routes as GeoPackage layers (base_legs, scenario_legs, ...)");
  c->add_option("--xlsx", f->xlsx,
                "Also write an Excel workbook (base, scenario and delta columns; assumptions)");
  c->add_option("--net", f->net,
                "Compare on an imported network (.cnet); --base/--scenario name overlay files "
                "(docs/osm-and-ch.md)");
  c->callback([f, c, &run] {
    run = [f, c] {
      auto& r = f->req;
      if (!f->pairs.empty())
        for (const auto& p : io::load_pairs(f->pairs)) r.pairs.push_back({p.from, p.to});
      if (!f->net.empty()) {
#if CORRIDOR_HAVE_OSM
        reject_flags(*c, {"--data", "--year", "--report", "--gpkg", "--xlsx"},
                     "an imported network (--net)");
        const auto s = api::open_net(f->net, api::net_profile(r.profile, r.modes), true);
        const api::CompareResult result = api::net_compare(s, r);
        if (f->json)
          emit(f->output, api::to_json(result).dump(2) + "\n");
        else if (f->csv)
          emit(f->output, api::render_compare_csv(result));
        else
          emit(f->output,
               api::render_banner(api::net_info(s), result.base + " vs " + result.scenario,
                                  result.profile) +
                   "\n" + api::render_compare_text(result));
        return 0;
#else
        throw Error(Errc::usage, "this build has no osm module (--net)");
#endif
      }
      r.validate();
      auto engine = api::load_engine(f->data);
      const api::CompareResult result = api::compare(*engine, r);
      if (f->json) {
        emit(f->output, api::to_json(result).dump(2) + "\n");
      } else if (f->csv) {
        emit(f->output, api::render_compare_csv(result));
      } else {
        emit(f->output, api::render_banner(api::dataset_info(*engine),
                                           result.base + " vs " + result.scenario, result.profile) +
                            "\n" + api::render_compare_text(result));
      }
      if (!f->gpkg.empty())
        exporter::write_gpkg(f->gpkg, exporter::compare_layers(*engine, result));
      if (!f->xlsx.empty())
        exporter::write_xlsx(f->xlsx, exporter::compare_workbook(*engine, result));
      if (!f->report.empty()) {
        emit(f->report, api::render_compare_html(*engine, result));
        std::fprintf(stderr, "Report written to %s (map + charts).\n", f->report.c_str());
      }
      return 0;
    };
  });
}

}  // namespace corridor::cli
