// api::calibrate: counts.csv calibrate rows vs the multi-class SUE of the demand file, parameters
// estimated by demand::calibrate.
#include "corridor/api/calibrate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "corridor/api/critical.h"
#include "corridor/api/demand_ods.h"
#include "corridor/api/engine.h"
#include "corridor/api/forecast.h"
#include "corridor/api/render.h"
#include "corridor/assign/freight.h"
#include "corridor/core/error.h"
#include "corridor/core/text.h"
#include "corridor/demand/classes.h"
#include "corridor/io/counts.h"

namespace corridor::api {

void CalibrateRequest::validate() const {
  if (year && (*year < 1990 || *year > 2100))
    throw Error(Errc::usage, "--year must be in 1990..2100, found " + std::to_string(*year));
}

namespace {

struct Param {
  size_t cls = 0;
  int mode = -1;  // 0 rail, 1 road, 2 ferry; -1 = the class's cost scale
};

}  // namespace

CalibrateResult calibrate(const Engine& e, const CalibrateRequest& req) {
  req.validate();
  CalibrateResult out;
  out.scenario = e.scenario_or_default(req.scenario);
  const auto& view = e.view(out.scenario);
  out.year = req.year ? *req.year : view.applied.year;
  out.classes_file = req.classes_file.empty() ? e.dir + "/classes.csv" : req.classes_file;
  out.counts_file = req.counts_file.empty() ? e.dir + "/counts.csv" : req.counts_file;
  out.demand_file = demand_file_or_default(e, req.demand_file);
  auto classes = demand::load_classes(out.classes_file);

  // Demand rows -> class ODs.
  std::vector<assign::FreightClassOd> ods;
  for (const auto& row : io::load_demand(out.demand_file)) {
    const std::string name =
        row.cargo_class.empty() ? demand::default_class_for_unit(row.unit) : row.cargo_class;
    const auto* c = demand::find_class(classes, name);
    if (!c)
      throw Error(Errc::invalid_input, row.where.to_string() + ": class '" + name +
                                           "' is not a class of " + out.classes_file);
    DemandOd od = resolve_demand_row(e, row);
    assign::FreightClassOd f;
    f.origin = od.origin;
    f.destination = od.destination;
    f.cls = static_cast<uint32_t>(c - classes.data());
    f.units_per_day = od.tonnes_per_year / c->tonnes_per_unit / 365.0;
    ods.push_back(f);
  }

  // Parameters (default: the scale of every class; those the counts cannot identify are left
  // out below, with the reason).
  const bool defaults = req.params.empty();
  std::vector<std::string> names = req.params;
  if (defaults)
    for (const auto& c : classes) names.push_back("scale:" + c.name);
  std::vector<Param> ps;
  std::vector<demand::CalibrationParameter> cps;
  for (const auto& n : names) {
    const auto colon = n.find(':');
    const std::string kind = n.substr(0, colon),
                      cls = colon == std::string::npos ? "" : n.substr(colon + 1);
    const auto* c = demand::find_class(classes, cls);
    if (!c)
      throw Error(Errc::usage, "parameter '" + n +
                                   "': expected asc_rail|asc_road|asc_ferry|scale:<class of " +
                                   out.classes_file + ">");
    Param p;
    p.cls = static_cast<size_t>(c - classes.data());
    demand::CalibrationParameter cp;
    cp.name = n;
    if (kind == "scale") {
      // In log space: relative steps, always positive.
      cp.initial = c->cost_scale;
      cp.lower = 0.05;
      cp.upper = 100;
      cp.step = 0.05;
      cp.log_scale = true;
    } else if (kind == "asc_rail" || kind == "asc_road" || kind == "asc_ferry") {
      p.mode = kind == "asc_rail" ? 0 : kind == "asc_road" ? 1 : 2;
      if (!network::has_mode(c->modes, static_cast<network::Mode>(p.mode)))
        throw Error(Errc::usage,
                    "parameter '" + n + "': class '" + c->name + "' may not use that mode");
      cp.initial = c->mode_asc[p.mode];
      cp.lower = -20;
      cp.upper = 20;
      cp.step = 0.02;
    } else {
      throw Error(Errc::usage,
                  "parameter '" + n + "': expected asc_rail|asc_road|asc_ferry|scale:<class>");
    }
    ps.push_back(p);
    cps.push_back(cp);
  }

  // Counts: calibrate rows; their links (a section or link ids) and direction.
  std::map<std::string, std::vector<std::string>> sections;
  for (const auto& s : load_sections(e)) sections[s.id] = s.links;
  // A count in tonnes sums every class's tonnes; a count in another unit (e.g. the containers'
  // unit of classes.csv) sums the units of the classes counted in it.
  struct Target {
    std::vector<network::LinkIdx> links;
    io::CountDirection dir;
    std::string unit;
    bool in_tonnes;
  };
  std::vector<Target> targets;
  std::vector<demand::CalibrationCount> counts;
  for (const auto& c : io::load_counts(out.counts_file)) {
    if (c.use != io::CountUse::calibrate) continue;
    std::vector<std::string> ids =
        c.links.size() == 1 && sections.count(c.links[0]) ? sections[c.links[0]] : c.links;
    const bool in_tonnes = c.unit.empty() || c.unit == "tonnes";
    if (!in_tonnes && std::none_of(classes.begin(), classes.end(),
                                   [&](const auto& k) { return k.unit == c.unit; }))
      throw Error(Errc::invalid_dataset, c.links_where.to_string() + ": count '" + c.id +
                                             "' is in '" + c.unit +
                                             "', which is neither tonnes nor the unit of a class "
                                             "of " +
                                             out.classes_file);
    Target t{{}, c.direction, c.unit, in_tonnes};
    for (const auto& id : ids) {
      auto li = view.applied.net.find_link(id);
      if (!li)
        throw Error(Errc::invalid_dataset,
                    c.links_where.to_string() +
                        ": column 'links': expected a section of sections.csv or a link id, "
                        "found '" +
                        id + "'");
      t.links.push_back(*li);
    }
    targets.push_back(std::move(t));
    // GEH on daily 20-t loads for tonnes counts (as `corridor validate`), daily units otherwise.
    counts.push_back({c.id, c.volume, in_tonnes ? 365.0 * 20 : 365.0});
  }

  assign::FreightClassOptions opt;
  opt.container_terminal = container_terminals(e, view.applied.net);
  opt.year = out.year;
  auto model = [&](const std::vector<double>& x) {
    auto cls = classes;
    opt.mode_asc.assign(cls.size(), {0, 0, 0});
    for (size_t k = 0; k < cls.size(); ++k)
      for (int m = 0; m < 3; ++m) opt.mode_asc[k][m] = cls[k].mode_asc[m];
    for (size_t i = 0; i < ps.size(); ++i) {
      if (ps[i].mode < 0)
        cls[ps[i].cls].cost_scale = x[i];
      else
        opt.mode_asc[ps[i].cls][ps[i].mode] = x[i];
    }
    auto r = assign::assign_freight_classes(view.applied.net, *view.router, cls, ods, opt);
    std::vector<double> v;
    for (const auto& t : targets) {
      double s = 0;
      for (size_t k = 0; k < cls.size(); ++k) {
        if (!t.in_tonnes && cls[k].unit != t.unit) continue;
        const double per = t.in_tonnes ? cls[k].tonnes_per_unit : 1.0;
        for (auto li : t.links) {
          if (t.dir != io::CountDirection::ba) s += r.class_ab[k][li] * per;
          if (t.dir != io::CountDirection::ab) s += r.class_ba[k][li] * per;
        }
      }
      v.push_back(s * 365);
    }
    return v;
  };
  if (defaults) {
    // Leave out what the counts cannot identify, saying why: first at the initial values
    // (demand::identify: no effect, collinear, predicted standard error too large), then at the
    // fit (not converged, at a bound, or a standard error above a factor e: the counts do not
    // bound it, e.g. a scale drifting toward a deterministic choice), refitting without the
    // worst such parameter until every fitted one is identified.
    const demand::CalibrationOptions co;
    std::vector<char> excluded(cps.size(), 0);  // by the fit
    std::vector<std::pair<std::string, std::string>> fit_left_out;
    for (;;) {
      std::vector<size_t> cand;
      std::vector<demand::CalibrationParameter> cp_cand;
      for (size_t k = 0; k < cps.size(); ++k)
        if (!excluded[k]) cand.push_back(k), cp_cand.push_back(cps[k]);
      if (cand.empty()) break;
      std::vector<Param> saved = ps;
      std::vector<Param> ps_cand;
      for (size_t k : cand) ps_cand.push_back(saved[k]);
      ps = ps_cand;
      demand::Identification id = demand::identify(cp_cand, counts, model, co);
      std::vector<size_t> chosen;
      std::vector<demand::CalibrationParameter> cp_fit;
      std::vector<Param> ps_fit;
      // Identification reasons of this round (the final round's are the ones reported).
      std::vector<std::pair<std::string, std::string>> unidentified;
      for (size_t i = 0; i < cand.size(); ++i) {
        if (id.problem[i].empty()) {
          chosen.push_back(cand[i]);
          cp_fit.push_back(cps[cand[i]]);
          ps_fit.push_back(saved[cand[i]]);
        } else {
          unidentified.push_back({cps[cand[i]].name, id.problem[i]});
        }
      }
      auto report_left_out = [&] {
        for (auto& u : unidentified) out.left_out.push_back(std::move(u));
        for (auto& f : fit_left_out) out.left_out.push_back(std::move(f));
      };
      ps = ps_fit;
      if (chosen.empty()) {
        ps = saved;
        report_left_out();
        break;
      }
      demand::CalibrationResult fit = demand::calibrate(cp_fit, counts, model, co);
      // The worst fitted parameter the counts do not bound: a standard error above the limit
      // (or at a bound), else, when the fit did not converge, the least determined one.
      int worst = -1;
      double worst_se = -1;
      for (size_t i = 0; i < chosen.size(); ++i) {
        const double se_u = fit.at_bound[i]       ? std::numeric_limits<double>::infinity()
                            : cp_fit[i].log_scale ? fit.std_errors[i] / fit.values[i]
                                                  : fit.std_errors[i];
        if (se_u > worst_se) worst_se = se_u, worst = static_cast<int>(i);
      }
      if (worst_se <= co.fit_max_se && fit.converged) worst = -1;
      std::string why;
      if (worst >= 0) {
        const size_t i = static_cast<size_t>(worst);
        why = fit.at_bound[i]
                  ? fmt::format("the counts push parameter '{}' to its bound {} at the fit",
                                cp_fit[i].name, fit.values[i])
                  : fmt::format(
                        "the counts do not bound parameter '{}' at the fit: {:.3g} +- {:.3g} "
                        "(standard error {:.2g} in {} units, limit {:.2g}{})",
                        cp_fit[i].name, fit.values[i], fit.std_errors[i], worst_se,
                        cp_fit[i].log_scale ? "ln" : "its", co.fit_max_se,
                        fit.converged ? "" : "; the fit did not converge");
      }
      if (worst < 0) {
        out.fit = std::move(fit);
        report_left_out();
        return out;
      }
      excluded[chosen[static_cast<size_t>(worst)]] = 1;
      fit_left_out.push_back({cp_fit[static_cast<size_t>(worst)].name, why});
      ps = saved;
    }
    throw Error(Errc::invalid_input,
                "the counts identify none of the default parameters: " +
                    (out.left_out.empty() ? std::string() : out.left_out.front().second) +
                    "; name parameters with --params");
  }
  out.fit = demand::calibrate(cps, counts, model);
  return out;
}

nlohmann::json to_json(const CalibrateResult& r) {
  nlohmann::ordered_json j;
  j["scenario"] = r.scenario;
  j["year"] = r.year;
  j["demand_file"] = r.demand_file;
  j["classes_file"] = r.classes_file;
  j["counts_file"] = r.counts_file;
  j["parameters"] = nlohmann::ordered_json::array();
  for (size_t k = 0; k < r.fit.names.size(); ++k)
    j["parameters"].push_back(
        {{"name", r.fit.names[k]},
         {"initial", r.fit.initial[k]},
         {"value", round_to(r.fit.values[k], 4)},
         {"std_error", r.fit.at_bound[k] ? nlohmann::json(nullptr)
                                         : nlohmann::json(round_to(r.fit.std_errors[k], 4))},
         {"at_bound", static_cast<bool>(r.fit.at_bound[k])}});
  j["counts"] = nlohmann::ordered_json::array();
  for (const auto& c : r.fit.counts)
    j["counts"].push_back({{"count", c.id},
                           {"observed", round_to(c.observed, 0)},
                           {"model", round_to(c.model, 0)},
                           {"ratio", round_to(c.ratio, 3)},
                           {"geh", round_to(c.geh, 2)}});
  j["rmse"] = round_to(r.fit.rmse, 0);
  j["r2"] = round_to(r.fit.r2, 4);
  j["left_out"] = nlohmann::ordered_json::array();
  for (const auto& [name, why] : r.left_out)
    j["left_out"].push_back({{"name", name}, {"reason", why}});
  j["stop_reason"] = r.fit.stop_reason;
  j["gradient"] = r.fit.gradient;
  j["iterations"] = r.fit.iterations;
  j["evaluations"] = r.fit.evaluations;
  j["converged"] = r.fit.converged;
  return nlohmann::json(j);
}

std::string render_calibrate_text(const CalibrateResult& r) {
  std::string s = fmt::format(
      "Calibration: {} assigned under '{}' (links open by {}), multi-class logit SUE, against the "
      "calibrate rows of {}\n\n",
      r.demand_file, r.scenario, r.year, r.counts_file);
  s += fmt::format("{:<28} {:>10} {:>10} {:>10}\n", "parameter", "initial", "fitted", "std.err");
  for (size_t k = 0; k < r.fit.names.size(); ++k)
    s += fmt::format(
        "{:<28} {:>10.3f} {:>10.3f} {:>10}\n", r.fit.names[k], r.fit.initial[k], r.fit.values[k],
        r.fit.at_bound[k] ? "at bound"
        : r.fit.std_errors[k] > std::fabs(r.fit.values[k])
            ? fmt::format("{:.3f} (weak: the counts barely identify it)", r.fit.std_errors[k])
            : fmt::format("{:.3f}", r.fit.std_errors[k]));
  for (const auto& [name, why] : r.left_out) s += fmt::format("{:<28} left out: {}\n", name, why);
  s += fmt::format("\n{:<20} {:>14} {:>14} {:>7} {:>7}\n", "count", "observed/yr", "model/yr",
                   "ratio", "GEH");
  for (const auto& c : r.fit.counts)
    s += fmt::format("{:<20} {:>14} {:>14} {:>7.2f} {:>7.1f}\n", c.id, fmt_number(c.observed, 0),
                     fmt_number(c.model, 0), c.ratio, c.geh);
  s += fmt::format(
      "\nRMSE {} per year, R² {:.4f}; GEH on daily 20-t loads (daily units for counts in a "
      "class's unit); {} iterations, {} model runs; {} (last SSR decrease {:.1e}, gradient "
      "{:.1e}){}\n",
      fmt_number(r.fit.rmse, 0), r.fit.r2, r.fit.iterations, r.fit.evaluations,
      r.fit.converged ? "converged" : r.fit.stop_reason, r.fit.last_drop, r.fit.gradient,
      r.fit.converged ? "" : " (NOT CONVERGED)");
  return s;
}

}  // namespace corridor::api
