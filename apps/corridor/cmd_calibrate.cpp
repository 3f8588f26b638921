// corridor calibrate: api::calibrate printed as text or JSON (docs/demand.md).
#include "commands.h"
#include "corridor/api/api.h"
#include "corridor/api/calibrate.h"

namespace corridor::cli {

namespace {
struct CalibrateFlags {
  api::CalibrateRequest req;
  std::string data = api::default_data_dir(), output;
  bool json = false;
};
}  // namespace

void add_calibrate(CLI::App& app, Action& run) {
  auto f = std::make_shared<CalibrateFlags>();
  auto* c = app.add_subcommand(
      "calibrate",
      "Estimate demand-model parameters (mode constants, logit scales) against counts.csv, with "
      "standard errors, GEH, RMSE and R^2 (docs/demand.md)");
  c->add_option("--scenario", f->req.scenario,
                "Scenario of the base year (default: the dataset's)");
  c->add_option("--year", f->req.year, "Links open by this year (default: the scenario's)");
  c->add_option("--demand", f->req.demand_file,
                "Demand file (default: the dataset's demand-*.csv, the last by name)");
  c->add_option("--classes-file", f->req.classes_file, "Cargo classes (default: classes.csv)");
  c->add_option("--counts", f->req.counts_file, "Counts (default: counts.csv)");
  add_list(
      *c, "--params", f->req.params,
      "Parameters: asc_rail:<class>, asc_road:<class>, asc_ferry:<class>, scale:<class> "
      "(default: the class scales the counts identify; the others are listed as left out, with "
      "the reason)");
  c->add_option("--data", f->data, "Dataset directory")->capture_default_str();
  c->add_flag("--json", f->json, "Print JSON");
  c->add_option("-o,--output", f->output, "Write to this file (atomically) instead of stdout");
  c->callback([f, &run] {
    run = [f] {
      f->req.validate();
      auto engine = api::load_engine(f->data);
      const auto result = api::calibrate(*engine, f->req);
      emit(f->output,
           f->json ? api::to_json(result).dump(2) + "\n" : api::render_calibrate_text(result));
      return 0;
    };
  });
}

}  // namespace corridor::cli
