#include "corridor/appraise/cba.h"

#include <algorithm>
#include <cmath>

#include "corridor/core/error.h"

namespace corridor::appraise {

double npv(const std::vector<double>& flows, double rate) {
  double s = 0, f = 1;
  for (double x : flows) {
    s += x / f;
    f *= 1 + rate;
  }
  return s;
}

double annuity_factor(double rate, int n) {
  if (rate == 0) return n;
  return (1 - std::pow(1 + rate, -n)) / rate;
}

std::optional<double> irr(const std::vector<double>& flows) {
  int changes = 0;
  double last = 0;
  for (double x : flows) {
    if (x == 0) continue;
    if (last != 0 && (x > 0) != (last > 0)) ++changes;
    last = x;
  }
  if (changes != 1) return std::nullopt;
  double lo = -0.99, hi = 10;
  double flo = npv(flows, lo), fhi = npv(flows, hi);
  if (!(flo * fhi < 0)) return std::nullopt;
  for (int i = 0; i < 200 && hi - lo > 1e-12; ++i) {
    double mid = 0.5 * (lo + hi), fm = npv(flows, mid);
    if ((fm < 0) == (flo < 0)) {
      lo = mid;
      flo = fm;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

double rule_of_half(double t0, double t1, double gc0, double gc1) {
  return 0.5 * (gc0 - gc1) * (t0 + t1);
}

double PricePath::at(int year) const {
  if (points.empty()) return 0;
  if (year <= points.front().first) return points.front().second;
  if (year >= points.back().first) return points.back().second;
  for (size_t i = 1; i < points.size(); ++i)
    if (year <= points[i].first) {
      const auto& [y0, p0] = points[i - 1];
      const auto& [y1, p1] = points[i];
      return p0 + (p1 - p0) * (year - y0) / static_cast<double>(y1 - y0);
    }
  return points.back().second;
}

double growth_after_last(const ScenarioFlows& flows) {
  const auto& ys = flows.years;
  if (ys.size() < 2) return 1;
  const auto& a = ys[ys.size() - 2];
  const auto& b = ys.back();
  if (!(a.base_tonnes > 0) || !(b.base_tonnes > 0) || b.year <= a.year) return 1;
  return std::pow(b.base_tonnes / a.base_tonnes, 1.0 / (b.year - a.year));
}

YearFlows interpolate(const ScenarioFlows& flows, int year, double k, CbaParams::AfterLast after) {
  const auto& ys = flows.years;
  if (ys.empty()) throw Error(Errc::usage, "appraisal: the forecast has no years");
  if (after == CbaParams::AfterLast::growth && year > ys.back().year)
    k *= std::pow(growth_after_last(flows), year - ys.back().year);
  size_t hi = 0;
  while (hi < ys.size() && ys[hi].year < year) ++hi;
  const YearFlows* a;
  const YearFlows* b;
  double w = 0;
  if (hi == 0) {
    a = b = &ys.front();
  } else if (hi == ys.size()) {
    a = b = &ys.back();
  } else {
    a = &ys[hi - 1];
    b = &ys[hi];
    w = (year - a->year) / static_cast<double>(b->year - a->year);
  }
  auto lerp = [w](double x, double y) { return x + (y - x) * w; };
  YearFlows out;
  out.year = year;
  // ODs are matched by key; one missing in a year counts as zero volume there.
  std::vector<std::string> keys;
  for (const auto* yf : {a, b})
    for (const auto& o : yf->ods) keys.push_back(o.key);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  auto find = [](const YearFlows& yf, const std::string& key) -> const OdFlow* {
    for (const auto& o : yf.ods)
      if (o.key == key) return &o;
    return nullptr;
  };
  for (const auto& key : keys) {
    const OdFlow* oa = find(*a, key);
    const OdFlow* ob = find(*b, key);
    // An OD missing in one year has zero volume there and the other year's costs.
    OdFlow x = oa ? *oa : OdFlow{key, 0, 0, ob->base_cost, ob->scenario_cost, 0};
    OdFlow y = ob ? *ob : OdFlow{key, 0, 0, oa->base_cost, oa->scenario_cost, 0};
    OdFlow o;
    o.key = key;
    o.base_units = k * lerp(x.base_units, y.base_units);
    o.scenario_units = k * lerp(x.scenario_units, y.scenario_units);
    o.generated_units = k * lerp(x.generated_units, y.generated_units);
    o.base_cost = lerp(x.base_cost, y.base_cost);
    o.scenario_cost = lerp(x.scenario_cost, y.scenario_cost);
    out.ods.push_back(std::move(o));
  }
  out.base_tonnes = k * lerp(a->base_tonnes, b->base_tonnes);
  out.scenario_tonnes = k * lerp(a->scenario_tonnes, b->scenario_tonnes);
  out.generated_tonnes = k * lerp(a->generated_tonnes, b->generated_tonnes);
  for (size_t m = 0; m < 3; ++m) {
    out.base_co2_t[m] = k * lerp(a->base_co2_t[m], b->base_co2_t[m]);
    out.scenario_co2_t[m] = k * lerp(a->scenario_co2_t[m], b->scenario_co2_t[m]);
  }
  out.base_headline_tonnes = k * lerp(a->base_headline_tonnes, b->base_headline_tonnes);
  out.scenario_headline_tonnes = k * lerp(a->scenario_headline_tonnes, b->scenario_headline_tonnes);
  out.operator_revenue_change = k * lerp(a->operator_revenue_change, b->operator_revenue_change);
  out.operator_cost_change = k * lerp(a->operator_cost_change, b->operator_cost_change);
  out.government_revenue_change =
      k * lerp(a->government_revenue_change, b->government_revenue_change);
  return out;
}

CbaResult appraise(const ScenarioFlows& flows, const std::vector<CapexItem>& capex,
                   const PricePath& carbon, const CbaParams& p) {
  if (p.to < p.from) throw Error(Errc::usage, "appraisal: --to must not be before --from");
  if (p.to - p.from > 200) throw Error(Errc::usage, "appraisal: at most 200 years");
  if (!(p.discount > -1) || !(p.discount < 1))
    throw Error(Errc::usage, "appraisal: the discount rate must be in (-1, 1), e.g. 0.06");
  if (flows.years.empty()) throw Error(Errc::usage, "appraisal: the forecast has no years");
  for (const auto& c : capex)
    if (c.end_year < c.start_year || c.life_years <= 0 || c.usd < 0)
      throw Error(Errc::usage, "appraisal: capex item '" + c.id +
                                   "' needs start_year <= end_year, life > 0 and usd >= 0");
  int first = p.from;
  for (const auto& c : capex) first = std::min(first, c.start_year);

  CbaResult r;
  double cum = 0;
  for (int year = first; year <= p.to; ++year) {
    AnnualRow row;
    row.year = year;
    row.discount_factor = std::pow(1 + p.discount, -(year - p.base_year));
    const int since = year - p.opening_year;
    row.ramp = since < 0                                    ? 0
               : since < static_cast<int>(p.ramp_up.size()) ? p.ramp_up[static_cast<size_t>(since)]
                                                            : 1;
    if (year >= p.from) {
      YearFlows yf = interpolate(flows, year, p.demand_factor, p.after_last);
      row.base_tonnes = yf.base_tonnes;
      row.scenario_tonnes = row.base_tonnes + row.ramp * (yf.scenario_tonnes - yf.base_tonnes);
      row.generated_tonnes = row.ramp * yf.generated_tonnes;
      row.headline_tonnes = yf.base_headline_tonnes +
                            row.ramp * (yf.scenario_headline_tonnes - yf.base_headline_tonnes);
      double ub = 0;
      for (const auto& o : yf.ods)
        ub += rule_of_half(o.base_units, o.scenario_units, o.base_cost, o.scenario_cost);
      row.user_benefit = row.ramp * p.benefit_factor * ub;
      row.operator_revenue = row.ramp * yf.operator_revenue_change;
      row.operator_cost = row.ramp * yf.operator_cost_change;
      row.operator_benefit = row.operator_revenue - row.operator_cost;
      row.government = row.ramp * yf.government_revenue_change;
      for (size_t m = 0; m < 3; ++m) {
        row.co2_change_by_mode[m] = row.ramp * (yf.scenario_co2_t[m] - yf.base_co2_t[m]);
        row.co2_change_t += row.co2_change_by_mode[m];
      }
      row.carbon_price = p.carbon_factor * carbon.at(year);
      row.co2_benefit = -row.co2_change_t * row.carbon_price;
    }
    for (const auto& c : capex) {
      double usd = c.usd * p.capex_factor;
      if (year >= c.start_year && year <= c.end_year)
        row.capex += usd / (c.end_year - c.start_year + 1);
      if (year > c.end_year) row.maintenance += usd * c.maintenance_share;
      if (year == p.to) {
        double used = std::max(0, p.to - c.end_year);
        row.residual += usd * std::max(0.0, c.life_years - used) / c.life_years;
      }
    }
    row.benefits = row.user_benefit + row.operator_benefit + row.co2_benefit + row.residual;
    row.costs = row.capex + row.maintenance - row.government;
    row.net = row.benefits - row.costs;
    row.pv_net = row.net * row.discount_factor;
    cum += row.pv_net;
    row.cumulative_pv = cum;
    r.pv_benefits += row.benefits * row.discount_factor;
    r.pv_costs += row.costs * row.discount_factor;
    r.total_capex += row.capex;
    r.co2_change_t_total += row.co2_change_t;
    if (year == p.opening_year) r.headline_tonnes_opening = row.headline_tonnes;
    if (year == p.to) r.headline_tonnes_final = row.headline_tonnes;
    r.rows.push_back(row);
  }
  r.npv = r.pv_benefits - r.pv_costs;
  r.bcr = r.pv_costs > 0 ? r.pv_benefits / r.pv_costs : 0;
  std::vector<double> net;
  for (const auto& row : r.rows) net.push_back(row.net);
  r.eirr = irr(net);
  for (const auto& row : r.rows)
    if (row.year == p.opening_year && r.total_capex > 0)
      r.fyrr = (row.benefits - row.residual - row.maintenance + row.government) / r.total_capex;
  // Payback: the first year from which the cumulative discounted net flow stays >= 0.
  r.payback_year.reset();
  for (size_t i = r.rows.size(); i-- > 0;) {
    if (r.rows[i].cumulative_pv < 0) break;
    if (r.rows[i].year >= p.opening_year) r.payback_year = r.rows[i].year;
  }
  return r;
}

}  // namespace corridor::appraise
