#include "corridor/api/appraise.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "corridor/api/engine.h"
#include "corridor/api/forecast.h"
#include "corridor/appraise/emissions.h"
#include "corridor/appraise/inputs.h"
#include "corridor/core/files.h"
#include "corridor/io/csv.h"

namespace corridor::api {

void AppraiseRequest::validate() const {
  if (from < 1990 || to > 2200 || to < from)
    throw Error(Errc::usage, "--from/--to: expected 1990 <= from <= to <= 2200, found " +
                                 std::to_string(from) + ".." + std::to_string(to));
  if (to - from > 100) throw Error(Errc::usage, "--from/--to: at most 100 years");
  if (!(discount > -0.5 && discount < 0.5))
    throw Error(Errc::usage, "--discount: expected a real rate such as 0.06 (in (-0.5, 0.5))");
  if (opening_year && (*opening_year < from || *opening_year > to))
    throw Error(Errc::usage, "--opening: expected a year in [--from, --to]");
  if (carbon_path != "low" && carbon_path != "central" && carbon_path != "high")
    throw Error(Errc::usage, "--carbon-path: expected low, central or high");
  for (double r : ramp_up)
    if (!(r >= 0 && r <= 1)) throw Error(Errc::usage, "--ramp-up: shares must be in [0, 1]");
  if (draws > 1000000) throw Error(Errc::usage, "--draws: at most 1,000,000");
  if (forecast_years) {
    if (forecast_years->size() > 20) throw Error(Errc::usage, "--forecast-years: at most 20");
    for (int y : *forecast_years)
      if (y < from || y > to)
        throw Error(Errc::usage, "--forecast-years: expected years in [--from, --to] = [" +
                                     std::to_string(from) + ", " + std::to_string(to) +
                                     "], found " + std::to_string(y));
  }
  if (after_last != "flat" && after_last != "growth")
    throw Error(Errc::usage, "--after-last: expected flat or growth, found '" + after_last + "'");
  for (const auto& v : tornado)
    if (std::find(std::begin(appraise::kUncertainVariables),
                  std::end(appraise::kUncertainVariables),
                  v) == std::end(appraise::kUncertainVariables))
      throw Error(Errc::usage, "--tornado: unknown variable '" + v +
                                   "' (expected demand, vot, border_dwell, tariff, capex, carbon)");
  if (threads < 0 || threads > 1024) throw Error(Errc::usage, "--threads: expected 0..1024");
}

appraise::YearFlows flows_from_forecast(const Engine& e, const demand::ForecastResult& f,
                                        int* unrouted, const appraise::OperatingCosts* opcosts,
                                        const network::Network* scenario_net) {
  if (!e.emissions)
    throw Error(Errc::invalid_dataset, "the dataset has no appraisal/emission-factors.csv (" +
                                           appraise::appraisal_dir(e.dir) + ")");
  appraise::YearFlows y;
  y.year = f.year;
  int skipped = 0;
  for (const auto& o : f.ods) {
    y.base_tonnes += o.base_tonnes;
    y.scenario_tonnes += o.scenario_tonnes;
    y.generated_tonnes += o.generated_tonnes;
    if (!o.routed || o.base_units <= 0 || !std::isfinite(o.base_composite_usd) ||
        !std::isfinite(o.scenario_composite_usd)) {
      ++skipped;
      continue;
    }
    y.ods.push_back({o.cargo_class + ":" + o.origin + ":" + o.destination + ":" + o.corridor,
                     o.base_units, o.scenario_units, o.base_composite_usd, o.scenario_composite_usd,
                     o.generated_units});
  }
  const auto& bnet = e.view(f.base_scenario).applied.net;
  const auto& snet = scenario_net ? *scenario_net : e.view(f.scenario).applied.net;
  // Money per tonne of the dataset's default profile (every class pays its profile's tariffs
  // scaled to its tonnes per unit, so per tonne they are the same; classes.csv).
  const network::Profile* prof = nullptr;
  if (auto it = bnet.profiles.find(e.defaults.profile); it != bnet.profiles.end())
    prof = &it->second;
  std::vector<appraise::LinkMoney> bmoney, smoney;
  for (const auto& l : f.links) {
    for (auto [net, tonnes, tkm, out, money] :
         {std::tuple{&bnet, l.base_tonnes, l.base_tkm, &y.base_co2_t, &bmoney},
          std::tuple{&snet, l.scenario_tonnes, l.scenario_tkm, &y.scenario_co2_t, &smoney}}) {
      if (tkm == 0 && tonnes == 0) continue;
      auto li = net->find_link(l.id);
      if (!li) throw Error(Errc::internal, "forecast link '" + l.id + "' is not in the network");
      const auto& link = net->links[*li];
      (*out)[static_cast<size_t>(link.mode)] +=
          tkm * e.emissions->intensity(*net, link).wtw_g_tkm / 1e6;
      if (!prof) continue;
      appraise::LinkMoney m;
      m.mode = static_cast<size_t>(link.mode);
      m.border = link.type == network::LinkType::border;
      m.tonnes = tonnes;
      m.tkm = tkm;
      m.fee_per_t = link.fee_usd * prof->money_per_teu / prof->tonnes_per_unit;
      m.tariff_per_tkm =
          (link.tariff_usd_km ? *link.tariff_usd_km * prof->money_per_teu
                              : prof->tariff_km(link.mode, net->nodes[link.from].country)) /
          prof->tonnes_per_unit;
      money->push_back(m);
    }
  }
  if (opcosts) {
    const auto b = appraise::accounts(bmoney, *opcosts), s = appraise::accounts(smoney, *opcosts);
    y.operator_revenue_change = s.operator_revenue - b.operator_revenue;
    y.operator_cost_change = s.operator_cost - b.operator_cost;
    y.government_revenue_change = s.government - b.government;
  }
  y.base_headline_tonnes = f.base_headline_tonnes;
  y.scenario_headline_tonnes = f.scenario_headline_tonnes;
  if (unrouted) *unrouted = skipped;
  return y;
}

namespace {

// The links the scenario opens or changes (relative to the base) at `year`: where the border
// dwell and tariff factors apply.
std::set<std::string> changed_links(const Engine& e, const std::string& base,
                                    const std::string& scen, int year) {
  std::set<std::string> out;
  const auto& b = e.view(base).applied.net;
  const auto& s = e.view(scen).applied.net;
  for (const auto& l : s.links) {
    if (!l.open_in(year)) continue;
    auto bi = b.find_link(l.id);
    if (!bi || !b.links[*bi].open_in(year) || b.links[*bi].hours() != l.hours() ||
        b.links[*bi].fee_usd != l.fee_usd)
      out.insert(l.id);
  }
  return out;
}

// classes.csv with every value_of_time scaled, in a private temporary file.
struct TempClasses {
  std::string path;
  TempClasses(const std::string& src, double factor) {
    static std::atomic<uint64_t> counter{0};
    std::string text = files::read_all(src);
    std::vector<Diagnostic> problems;
    io::CsvTable t = io::parse_csv(text, src, problems);
    int col = t.find("value_of_time");
    if (!problems.empty() || col < 0)
      throw Error(Errc::invalid_input, "cannot scale the value of time in " + src, problems);
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    for (const auto& row : t.rows) {
      const auto& c = row[static_cast<size_t>(col)];
      auto& line = lines[static_cast<size_t>(c.line - 1)];
      size_t at = static_cast<size_t>(c.column - 1);
      size_t len = line.find(',', at);
      len = (len == std::string::npos ? line.size() : len) - at;
      std::ostringstream v;
      v.precision(17);
      v << std::stod(c.value) * factor;
      line.replace(at, len, v.str());
    }
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    std::ostringstream name;
    name << "corridor-classes-" << ::getpid() << "-" << counter++ << ".csv";
    path = (std::filesystem::temp_directory_path() / name.str()).string();
    files::write_atomic(path, out);
  }
  ~TempClasses() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

appraise::CbaParams params_of(const AppraiseResult& s, const AppraiseFactors& f) {
  appraise::CbaParams p = s.params;
  p.demand_factor = f.demand;
  p.capex_factor = f.capex;
  p.carbon_factor = f.carbon;
  return p;
}

// Forecasts at `years` (all forecast years when empty) under the factors.
appraise::ScenarioFlows forecast_flows(const Engine& e, const AppraiseResult& s,
                                       const AppraiseFactors& f, int* unrouted,
                                       std::string* headline_name = nullptr,
                                       const std::vector<int>& only = {}) {
  std::optional<TempClasses> classes;
  if (f.vot != 1) classes.emplace(e.dir + "/classes.csv", f.vot);
  appraise::ScenarioFlows flows;
  flows.base = s.base;
  flows.scenario = s.scenario;
  for (int year : only.empty() ? s.forecast_years : only) {
    ForecastRequest fr;
    fr.base = s.base;
    fr.scenario = s.scenario;
    fr.year = year;
    if (classes) fr.classes_file = classes->path;
    std::function<void(network::Network&)> edit;
    if (f.border_dwell != 1 || f.tariff != 1) {
      auto changed = changed_links(e, s.base, s.scenario, year);
      const std::string profile = e.defaults.profile;
      edit = [changed, f, profile](network::Network& net) {
        const network::Profile* prof =
            net.profiles.count(profile) ? &net.profiles.at(profile) : nullptr;
        for (auto& l : net.links) {
          if (!changed.count(l.id)) continue;
          if (net.crosses_border(l) && l.type == network::LinkType::border)
            l.dwell_hours *= f.border_dwell;
          if (l.type == network::LinkType::line && l.mode != network::Mode::ferry && prof)
            l.tariff_usd_km =
                f.tariff * (l.tariff_usd_km ? *l.tariff_usd_km
                                            : prof->tariff_km(l.mode, net.nodes[l.from].country));
        }
      };
    }
    auto fc = forecast(e, fr, edit);
    flows.headline = fc.headline_section;
    if (headline_name) *headline_name = fc.headline_name;
    int skipped = 0;
    std::optional<network::Network> edited;
    if (edit) {  // the accounts see the edited tariffs, as the forecast did
      edited = e.view(s.scenario).applied.net;
      edit(*edited);
    }
    flows.years.push_back(
        flows_from_forecast(e, fc, &skipped, &s.operating_costs, edited ? &*edited : nullptr));
    if (unrouted) *unrouted = std::max(*unrouted, skipped);
  }
  return flows;
}

}  // namespace

appraise::CbaResult evaluate(const Engine& e, const AppraiseResult& s, const AppraiseFactors& f) {
  if (f.vot == 1 && f.border_dwell == 1 && f.tariff == 1)
    return appraise::appraise(s.flows, s.capex, s.carbon, params_of(s, f));
  // Forecast years before the last one <= the opening year only feed rows without benefits (ramp
  // 0 before opening: no user, operator, government or CO2 change), so NPV, BCR, EIRR and the
  // final headline volume do not depend on them: a draw skips them (the annual table of the
  // central case has them all). The opening year is always a forecast year. Tested: a draw with
  // factors that change nothing reproduces the central NPV.
  std::vector<int> used;
  for (int y : s.forecast_years)
    if (y >= s.params.opening_year) used.push_back(y);
  if (used.empty()) used = {s.forecast_years.back()};
  // Growth after the last forecast year continues the rate of the last two: keep both.
  const size_t n = s.forecast_years.size();
  if (s.params.after_last == appraise::CbaParams::AfterLast::growth && n >= 2 && used.size() < 2)
    used.insert(used.begin(), s.forecast_years[n - 2]);
  return appraise::appraise(forecast_flows(e, s, f, nullptr, nullptr, used), s.capex, s.carbon,
                            params_of(s, f));
}

namespace {
AppraiseFactors factors_of(const std::vector<std::string>& names, const std::vector<double>& v) {
  AppraiseFactors f;
  for (size_t i = 0; i < names.size(); ++i) {
    const auto& n = names[i];
    double* slot = n == "demand"         ? &f.demand
                   : n == "vot"          ? &f.vot
                   : n == "border_dwell" ? &f.border_dwell
                   : n == "tariff"       ? &f.tariff
                   : n == "capex"        ? &f.capex
                                         : &f.carbon;
    *slot = v[i];
  }
  return f;
}
}  // namespace

AppraiseResult appraise(const Engine& e, const AppraiseRequest& req) {
  req.validate();
  const auto t0 = std::chrono::steady_clock::now();
  AppraiseResult r;
  r.request = req;
  r.dataset = e.base.name;
  r.base = e.scenario_or_default(req.base);
  r.scenario = req.scenario.empty() ? e.defaults.compare_scenario : req.scenario;
  if (r.scenario.empty()) throw Error(Errc::usage, "no scenario to appraise: give --scenario");
  const auto& sv = e.view(r.scenario);
  e.view(r.base);
  const std::string dir = appraise::appraisal_dir(e.dir);
  r.capex_file = req.capex_file.empty() ? dir + "/capex.csv" : req.capex_file;
  r.carbon_file = req.carbon_file.empty() ? dir + "/carbon-price.csv" : req.carbon_file;
  r.uncertainty_file =
      req.uncertainty_file.empty() ? dir + "/uncertainty.toml" : req.uncertainty_file;
  r.operating_costs_file =
      req.operating_costs_file.empty() ? dir + "/operating-costs.csv" : req.operating_costs_file;
  r.capex = appraise::load_capex(r.capex_file);
  r.operating_costs = appraise::load_operating_costs(r.operating_costs_file);
  r.carbon = appraise::load_carbon_price(r.carbon_file, req.carbon_path);
  if (req.draws > 0 || req.sensitivity)
    r.uncertainty = appraise::Uncertainty::load(r.uncertainty_file);

  r.params.base_year = req.from;
  r.params.from = req.from;
  r.params.to = req.to;
  r.params.discount = req.discount;
  r.params.opening_year =
      req.opening_year ? *req.opening_year : std::clamp(sv.applied.year + 1, req.from, req.to);
  r.params.ramp_up = req.ramp_up;
  r.params.after_last = req.after_last == "growth" ? appraise::CbaParams::AfterLast::growth
                                                   : appraise::CbaParams::AfterLast::flat;
  // Forecast years: the first year, the opening year, every later year in which a link of either
  // network opens, and the years asked for (default 2040 and 2050 when in range).
  std::set<int> years = {req.from, r.params.opening_year};
  for (int y : req.forecast_years ? *req.forecast_years : std::vector<int>{2040, 2050})
    if (y >= req.from && y <= req.to) years.insert(y);
  for (const auto* name : {&r.base, &r.scenario})
    for (const auto& l : e.view(*name).applied.net.links)
      if (l.status_year && *l.status_year > req.from && *l.status_year <= req.to &&
          (l.status == network::Status::construction || l.status == network::Status::planned))
        years.insert(*l.status_year);
  r.forecast_years.assign(years.begin(), years.end());

  r.flows = forecast_flows(e, r, AppraiseFactors{}, &r.unrouted_ods, &r.headline_name);
  r.headline_section = r.flows.headline;
  r.growth_after_last = req.after_last == "growth" ? appraise::growth_after_last(r.flows) : 1;
  r.central = evaluate(e, r, AppraiseFactors{});
  if (req.sensitivity) {
    appraise::Uncertainty tu = r.uncertainty;
    if (!req.tornado.empty()) {
      appraise::Uncertainty only;
      for (size_t i = 0; i < tu.names.size(); ++i)
        if (std::find(req.tornado.begin(), req.tornado.end(), tu.names[i]) != req.tornado.end()) {
          only.names.push_back(tu.names[i]);
          only.dists.push_back(tu.dists[i]);
        }
      tu = std::move(only);
    }
    r.tornado = appraise::tornado(
        tu,
        [&](const std::string& name, double f) {
          return evaluate(e, r, factors_of({name}, {f})).npv;
        },
        r.central.npv);
  }
  if (req.draws > 0) {
    const auto& names = r.uncertainty.names;
    auto draws = appraise::run_draws(r.uncertainty, req.seed, req.draws, req.threads,
                                     [&](const std::vector<double>& v) {
                                       auto c = evaluate(e, r, factors_of(names, v));
                                       appraise::DrawResult d;
                                       d.npv = c.npv;
                                       d.bcr = c.bcr;
                                       d.eirr = c.eirr;
                                       d.headline = c.headline_tonnes_final;
                                       return d;
                                     });
    r.mc = appraise::summarise(draws, req.seed);
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace corridor::api
