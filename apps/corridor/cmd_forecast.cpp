// corridor forecast: api::forecast printed as text, JSON or CSV, optionally with an HTML report
// (docs/demand.md).
#include "commands.h"
#include "corridor/api/api.h"
#include "corridor/api/forecast.h"
#include "corridor/export/tables.h"

namespace corridor::cli {

namespace {
struct ForecastFlags {
  api::ForecastRequest req;
  std::string data = api::default_data_dir(), output, report, xlsx;
  bool json = false, csv = false, fixed = false, no_growth = false;
};
}  // namespace

void add_forecast(CLI::App& app, Action& run) {
  auto f = std::make_shared<ForecastFlags>();
  auto* c = app.add_subcommand(
      "forecast",
      "Freight forecast by cargo class: mode and route choice (nested logit SUE), diverted and "
      "generated traffic, section volumes (docs/demand.md)");
  c->add_option("--base", f->req.base, "Base scenario (default: the dataset's)");
  c->add_option("--scenario", f->req.scenario, "Scenario (default: the dataset's compare one)");
  c->add_option("--year", f->req.year, "Links open by this year (default: the scenario's)");
  add_list(*c, "--classes", f->req.classes, "Cargo classes to forecast (default: all)");
  c->add_option("--demand", f->req.demand_file,
                "Demand file (default: the dataset's demand-*.csv, the last by name)");
  c->add_option("--classes-file", f->req.classes_file, "Cargo classes (default: classes.csv)");
  c->add_flag("--fixed-demand", f->fixed, "No elastic demand (no generated traffic)");
  c->add_option("--equilibrium", f->req.equilibrium,
                "sue: nested-logit stochastic UE (default); ue: deterministic multi-class user "
                "equilibrium with shared link capacity")
      ->capture_default_str();
  c->add_option("--gap", f->req.ue_gap, "With --equilibrium ue: relative gap target")
      ->capture_default_str();
  c->add_option("--growth-file", f->req.growth_file,
                "Background growth by class (default: the dataset's growth.csv, if any)");
  c->add_flag("--no-growth", f->no_growth, "No background growth: the demand file's volumes");
  c->add_option("--demand-year", f->req.demand_year,
                "Base year of the demand file (default: from its name demand-YYYY.csv)");
  c->add_option("--data", f->data, "Dataset directory")->capture_default_str();
  auto* json_flag = c->add_flag("--json", f->json, "Print JSON");
  c->add_flag("--csv", f->csv, "Print CSV (one row per class and OD)")->excludes(json_flag);
  c->add_option("--report", f->report, "Also write an HTML report to this file (atomically)");
  c->add_option("--xlsx", f->xlsx, "Also write an Excel workbook (by class, by OD, sections)");
  c->add_option("-o,--output", f->output, "Write to this file (atomically) instead of stdout");
  c->callback([f, &run] {
    run = [f] {
      f->req.elastic = !f->fixed;
      f->req.growth = !f->no_growth;
      f->req.validate();
      auto engine = api::load_engine(f->data);
      const auto result = api::forecast(*engine, f->req);
      if (!f->report.empty()) emit(f->report, api::render_forecast_html(result));
      if (!f->xlsx.empty())
        exporter::write_xlsx(f->xlsx, exporter::forecast_workbook(*engine, result));
      if (f->json)
        emit(f->output, api::to_json(result).dump(2) + "\n");
      else if (f->csv)
        emit(f->output, api::render_forecast_csv(result));
      else
        emit(f->output, api::render_forecast_text(result));
      return 0;
    };
  });
}

}  // namespace corridor::cli
