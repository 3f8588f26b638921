// corridor appraise: api::appraise (forecasts -> emissions -> CBA -> sensitivity, Monte Carlo),
// printed as text, JSON or the annual CSV, plus an optional HTML report (docs/appraisal.md).
#include <cstdio>

#include "commands.h"
#include "corridor/api/api.h"
#include "corridor/api/appraise.h"
#include "corridor/export/tables.h"

namespace corridor::cli {

namespace {
struct AppraiseFlags {
  api::AppraiseRequest req;
  std::string data = api::default_data_dir(), report, output, xlsx;
  std::vector<std::string> ramp, years, tornado;
  bool json = false, csv = false, no_sensitivity = false;
};
}  // namespace

void add_appraise(CLI::App& app, Action& run) {
  auto f = std::make_shared<AppraiseFlags>();
  auto* c = app.add_subcommand(
      "appraise",
      "Economic appraisal of a scenario: NPV, BCR, EIRR, CO2, sensitivity, Monte Carlo");
  c->add_option("--base", f->req.base, "Base scenario (default: the dataset's)");
  c->add_option("--scenario", f->req.scenario, "Scenario (default: the dataset's compare one)");
  c->add_option("--from", f->req.from, "First appraisal year (discounted to it)")
      ->capture_default_str();
  c->add_option("--to", f->req.to, "Last appraisal year")->capture_default_str();
  c->add_option("--discount", f->req.discount, "Real discount rate")->capture_default_str();
  c->add_option("--opening", f->req.opening_year,
                "First year of benefits (default: the scenario's year + 1)");
  add_list(*c, "--ramp-up", f->ramp,
           "Shares of the change in the first opening years, comma-separated (default 0.5,0.75)");
  add_list(*c, "--forecast-years", f->years,
           "Forecast years besides --from, the opening year and network changes, comma-separated "
           "(default 2040,2050; none: no others)");
  c->add_option("--after-last", f->req.after_last,
                "After the last forecast year: flat (hold volumes) or growth (the base tonnes' "
                "rate of the last two forecast years)")
      ->capture_default_str();
  add_list(*c, "--tornado", f->tornado,
           "Tornado variables, comma-separated (default: all of the uncertainty file)");
  c->add_option("--capex", f->req.capex_file, "Capex file (default: appraisal/capex.csv)");
  c->add_option("--operating-costs", f->req.operating_costs_file,
                "Operator costs by mode (default: appraisal/operating-costs.csv)");
  c->add_option("--carbon", f->req.carbon_file,
                "Carbon price file (default: appraisal/carbon-price.csv)");
  c->add_option("--carbon-path", f->req.carbon_path, "low, central or high")->capture_default_str();
  c->add_option("--uncertainty", f->req.uncertainty_file,
                "Distributions (default: appraisal/uncertainty.toml)");
  c->add_option("--draws", f->req.draws, "Monte Carlo draws (each a full forecast; 0 = none)")
      ->capture_default_str();
  c->add_option("--seed", f->req.seed, "Monte Carlo seed")->capture_default_str();
  c->add_option("--threads", f->req.threads, "Threads for the draws (0 = all cores)")
      ->capture_default_str();
  c->add_flag("--no-sensitivity", f->no_sensitivity, "Skip the tornado and switching values");
  c->add_option("--data", f->data, "Dataset directory")->capture_default_str();
  auto* json_flag = c->add_flag("--json", f->json, "Print JSON");
  c->add_flag("--csv", f->csv, "Print the annual table as CSV")->excludes(json_flag);
  c->add_option("--report", f->report, "Also write a self-contained HTML report");
  c->add_option("--xlsx", f->xlsx,
                "Also write an Excel workbook (summary, annual, tornado, Monte Carlo, capex, "
                "assumptions)");
  c->add_option("-o,--output", f->output, "Write to this file (atomically) instead of stdout");
  c->callback([f, &run] {
    run = [f] {
      auto& r = f->req;
      if (!f->ramp.empty()) {
        r.ramp_up.clear();
        for (const auto& s : f->ramp) {
          try {
            size_t used = 0;
            r.ramp_up.push_back(std::stod(s, &used));
            if (used != s.size()) throw std::invalid_argument(s);
          } catch (const std::exception&) {
            throw Error(Errc::usage,
                        "--ramp-up: expected numbers such as 0.5,0.75, found '" + s + "'");
          }
        }
      }
      if (!f->years.empty()) {
        std::vector<int> ys;
        for (const auto& s : f->years) {
          if (s == "none" && f->years.size() == 1) break;
          try {
            size_t used = 0;
            ys.push_back(std::stoi(s, &used));
            if (used != s.size()) throw std::invalid_argument(s);
          } catch (const std::exception&) {
            throw Error(Errc::usage,
                        "--forecast-years: expected years such as 2040,2050, found '" + s + "'");
          }
        }
        r.forecast_years = ys;
      }
      r.tornado = f->tornado;
      r.sensitivity = !f->no_sensitivity;
      r.validate();
      auto engine = api::load_engine(f->data);
      const api::AppraiseResult result = api::appraise(*engine, r);
      if (!f->xlsx.empty())
        exporter::write_xlsx(f->xlsx, exporter::appraise_workbook(*engine, result));
      if (f->json)
        emit(f->output, api::to_json(result).dump(2) + "\n");
      else if (f->csv)
        emit(f->output, api::render_appraise_csv(result));
      else
        emit(f->output, api::render_appraise_text(result));
      if (!f->report.empty()) {
        emit(f->report, api::render_appraise_html(result));
        std::fprintf(stderr, "Report written to %s.\n", f->report.c_str());
      }
      return 0;
    };
  });
}

}  // namespace corridor::cli
