// Renderings of an appraisal: text summary, JSON, the annual table as CSV, and a self-contained
// HTML report (inline SVG only). Money in USD of the capex price year; figures rounded here.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "corridor/api/appraise.h"
#include "corridor/api/render.h"
#include "corridor/core/text.h"

namespace corridor::api {

using nlohmann::json;

namespace {

constexpr const char* kModes[3] = {"rail", "road", "ferry"};

std::string musd(double v) { return fmt_number(v / 1e6, 1); }
std::string pct(const std::optional<double>& v) {
  return v ? fmt_number(*v * 100, 2) + " %" : std::string("n/a");
}
std::string pad(const std::string& s, size_t w, bool right = false) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  if (n >= w) return s;
  return right ? std::string(w - n, ' ') + s : s + std::string(w - n, ' ');
}
json opt(const std::optional<double>& v, int d) {
  return v ? json(round_to(*v, d)) : json(nullptr);
}
json pct_json(const appraise::Percentiles& p, int d) {
  return {{"p10", round_to(p.p10, d)},
          {"p50", round_to(p.p50, d)},
          {"p90", round_to(p.p90, d)},
          {"mean", round_to(p.mean, d)}};
}
std::string esc(const std::string& s) { return text::html_escape(s); }

constexpr const char* kBcrConvention =
    "NPV = PVB - PVC; BCR = PVB / PVC with PVB = consumer surplus + producer surplus + CO2 + "
    "residual value and PVC = capex + maintenance - government revenue change (costs to the "
    "public budget)";

std::string after_last_text(const AppraiseResult& r) {
  return r.request.after_last == "growth"
             ? "grown after the last at the base tonnes' rate of the last two forecast years, ×" +
                   fmt_number(r.growth_after_last, 4) + " per year"
             : "held constant after the last: no growth beyond the last forecast year";
}

double sum_pv(const appraise::CbaResult& c, double appraise::AnnualRow::*f) {
  double s = 0;
  for (const auto& r : c.rows) s += r.*f * r.discount_factor;
  return s;
}

}  // namespace

NumberTable annual_table(const AppraiseResult& r) {
  NumberTable t;
  t.header = {"year", "discount_factor", "ramp", "base_tonnes", "scenario_tonnes",
              "generated_tonnes", "headline_tonnes", "user_benefit_usd", "operator_benefit_usd",
              "co2_change_t", "co2_rail_t", "co2_road_t", "co2_ferry_t", "carbon_price_usd_t",
              "co2_benefit_usd", "capex_usd", "maintenance_usd", "residual_usd", "benefits_usd",
              "costs_usd", "net_usd", "pv_net_usd", "cumulative_pv_usd",
              // Round 3, appended (column positions of earlier readers kept): the producer
              // surplus's two parts and the government account.
              "operator_revenue_usd", "operator_cost_usd", "government_usd"};
  for (const auto& a : r.central.rows)
    t.rows.push_back({static_cast<double>(a.year),
                      a.discount_factor,
                      a.ramp,
                      a.base_tonnes,
                      a.scenario_tonnes,
                      a.generated_tonnes,
                      a.headline_tonnes,
                      a.user_benefit,
                      a.operator_benefit,
                      a.co2_change_t,
                      a.co2_change_by_mode[0],
                      a.co2_change_by_mode[1],
                      a.co2_change_by_mode[2],
                      a.carbon_price,
                      a.co2_benefit,
                      a.capex,
                      a.maintenance,
                      a.residual,
                      a.benefits,
                      a.costs,
                      a.net,
                      a.pv_net,
                      a.cumulative_pv,
                      a.operator_revenue,
                      a.operator_cost,
                      a.government});
  return t;
}

std::string render_appraise_csv(const AppraiseResult& r) {
  NumberTable t = annual_table(r);
  std::string out = text::join(t.header, ",") + "\n";
  for (const auto& row : t.rows) {
    std::vector<std::string> cells;
    for (size_t i = 0; i < row.size(); ++i)
      cells.push_back(i == 0 ? fmt::format("{}", static_cast<int>(row[i]))
                             : fmt::format("{}", round_to(row[i], i == 1 ? 6 : 2)));
    out += text::join(cells, ",") + "\n";
  }
  return out;
}

json to_json(const AppraiseResult& r) {
  const auto& c = r.central;
  json capex = json::array();
  for (const auto& k : r.capex)
    capex.push_back({{"item", k.id},
                     {"name", k.name},
                     {"usd", k.usd},
                     {"start_year", k.start_year},
                     {"end_year", k.end_year},
                     {"life_years", k.life_years},
                     {"maintenance_share", k.maintenance_share},
                     {"estimate", k.estimate},
                     {"source", k.source}});
  json opcosts = json::array();
  for (const auto& k : r.operating_costs.by_mode)
    if (k)
      opcosts.push_back({{"mode", k->mode},
                         {"basis", k->basis},
                         {"usd", k->usd},
                         {"net_tonnes", k->net_tonnes},
                         {"usd_per_tkm", round_to(k->usd_per_tkm, 6)},
                         {"estimate", k->estimate},
                         {"source", k->source}});
  json rows = json::array();
  NumberTable t = annual_table(r);
  for (const auto& row : t.rows) {
    json o = json::object();
    for (size_t i = 0; i < row.size(); ++i)
      o[t.header[i]] = i == 0 ? json(static_cast<int>(row[i])) : json(round_to(row[i], 2));
    rows.push_back(o);
  }
  json tornado = json::array();
  for (const auto& b : r.tornado)
    tornado.push_back({{"variable", b.variable},
                       {"low_factor", round_to(b.low_factor, 4)},
                       {"high_factor", round_to(b.high_factor, 4)},
                       {"npv_low_usd", round_to(b.npv_low, 0)},
                       {"npv_high_usd", round_to(b.npv_high, 0)},
                       {"switching_factor", opt(b.switching_factor, 4)}});
  json out = {
      {"base", r.base},
      {"scenario", r.scenario},
      {"dataset", r.dataset},
      {"from", r.request.from},
      {"to", r.request.to},
      {"discount", r.request.discount},
      {"base_year", r.params.base_year},
      {"opening_year", r.params.opening_year},
      {"ramp_up", r.params.ramp_up},
      {"forecast_years", r.forecast_years},
      {"after_last", r.request.after_last},
      {"growth_after_last", round_to(r.growth_after_last, 6)},
      {"bcr_convention", kBcrConvention},
      {"carbon_path", r.request.carbon_path},
      {"headline_section", r.headline_section},
      {"unrouted_ods", r.unrouted_ods},
      {"npv_usd", round_to(c.npv, 0)},
      {"bcr", round_to(c.bcr, 4)},
      {"eirr", opt(c.eirr, 6)},
      {"fyrr", opt(c.fyrr, 6)},
      {"payback_year", c.payback_year ? json(*c.payback_year) : json(nullptr)},
      {"pv_benefits_usd", round_to(c.pv_benefits, 0)},
      {"pv_costs_usd", round_to(c.pv_costs, 0)},
      {"pv_user_benefits_usd", round_to(sum_pv(c, &appraise::AnnualRow::user_benefit), 0)},
      {"pv_operator_benefits_usd", round_to(sum_pv(c, &appraise::AnnualRow::operator_benefit), 0)},
      {"pv_government_usd", round_to(sum_pv(c, &appraise::AnnualRow::government), 0)},
      {"pv_co2_benefits_usd", round_to(sum_pv(c, &appraise::AnnualRow::co2_benefit), 0)},
      {"pv_residual_usd", round_to(sum_pv(c, &appraise::AnnualRow::residual), 0)},
      {"co2_change_t", round_to(c.co2_change_t_total, 1)},
      {"headline_tonnes_opening", round_to(c.headline_tonnes_opening, 0)},
      {"headline_tonnes_final", round_to(c.headline_tonnes_final, 0)},
      {"capex", capex},
      {"operating_costs", opcosts},
      {"annual", rows},
      {"tornado", tornado}};
  if (r.mc) {
    const auto& m = *r.mc;
    out["monte_carlo"] = {{"draws", m.draws},
                          {"seed", m.seed},
                          {"npv_usd", pct_json(m.npv, 0)},
                          {"npv_se_usd", round_to(m.npv_se, 0)},
                          {"bcr", pct_json(m.bcr, 4)},
                          {"headline_tonnes", pct_json(m.headline, 0)},
                          {"p_npv_negative", round_to(m.p_npv_negative, 4)}};
  }
  return out;
}

std::string render_appraise_text(const AppraiseResult& r) {
  const auto& c = r.central;
  std::string o;
  o += "Appraisal of " + r.scenario + " against " + r.base + " (" + r.dataset + "), " +
       std::to_string(r.request.from) + "–" + std::to_string(r.request.to) + ", discount " +
       fmt_number(r.request.discount * 100, 1) + " % real, discounted to " +
       std::to_string(r.params.base_year) + "; constant USD of the capex price year\n";
  std::vector<std::string> ys;
  for (int y : r.forecast_years) ys.push_back(std::to_string(y));
  std::vector<std::string> ramp;
  for (double x : r.params.ramp_up) ramp.push_back(fmt_number(x * 100, 0) + " %");
  o += "forecasts: " + text::join(ys, ", ") + " (interpolated between; " + after_last_text(r) +
       "); opening " + std::to_string(r.params.opening_year) +
       (ramp.empty() ? "" : ", ramp-up " + text::join(ramp, ", ")) + "; carbon price path " +
       r.request.carbon_path + "\n\n";
  o += "NPV  $" + musd(c.npv) + " m   BCR " + fmt_number(c.bcr, 2) + "   EIRR " + pct(c.eirr) +
       "   FYRR " + pct(c.fyrr) + "   payback " +
       (c.payback_year ? std::to_string(*c.payback_year) : std::string("none")) + "\n";
  o += "PV benefits $" + musd(c.pv_benefits) + " m (consumer surplus $" +
       musd(sum_pv(c, &appraise::AnnualRow::user_benefit)) + " m, producer surplus $" +
       musd(sum_pv(c, &appraise::AnnualRow::operator_benefit)) + " m [revenue $" +
       musd(sum_pv(c, &appraise::AnnualRow::operator_revenue)) + " m − operating cost $" +
       musd(sum_pv(c, &appraise::AnnualRow::operator_cost)) + " m], CO2 $" +
       musd(sum_pv(c, &appraise::AnnualRow::co2_benefit)) + " m, residual value $" +
       musd(sum_pv(c, &appraise::AnnualRow::residual)) + " m); PV costs $" + musd(c.pv_costs) +
       " m (capex $" + musd(sum_pv(c, &appraise::AnnualRow::capex)) + " m, maintenance $" +
       musd(sum_pv(c, &appraise::AnnualRow::maintenance)) + " m, minus government revenue $" +
       musd(sum_pv(c, &appraise::AnnualRow::government)) + " m)\n" + kBcrConvention + "\n";
  o += "CO2e change " + fmt_number(c.co2_change_t_total, 0) + " t WTW over the period; " +
       r.headline_section + " " + fmt_number(c.headline_tonnes_opening, 0) + " t/yr in " +
       std::to_string(r.params.opening_year) + ", " + fmt_number(c.headline_tonnes_final, 0) +
       " t/yr in " + std::to_string(r.request.to) + "\n";
  if (r.unrouted_ods > 0)
    o += "(" + std::to_string(r.unrouted_ods) +
         " OD rows without a route in one of the runs carry no user benefit)\n";
  if (!r.tornado.empty()) {
    o += "\nsensitivity (each input at its P10 and P90, the others central; NPV $ m):\n";
    o += pad("input", 14) + pad("P10", 8, true) + pad("P90", 8, true) +
         pad("NPV at P10", 13, true) + pad("NPV at P90", 13, true) + pad("switching", 11, true) +
         "\n";
    for (const auto& b : r.tornado)
      o += pad(b.variable, 14) + pad(fmt_number(b.low_factor, 2), 8, true) +
           pad(fmt_number(b.high_factor, 2), 8, true) + pad(musd(b.npv_low), 13, true) +
           pad(musd(b.npv_high), 13, true) +
           pad(b.switching_factor ? "×" + fmt_number(*b.switching_factor, 3) : "–", 11, true) +
           "\n";
  }
  if (r.mc) {
    const auto& m = *r.mc;
    o += "\nMonte Carlo: " + std::to_string(m.draws) + " draws, seed " + std::to_string(m.seed) +
         "\n";
    o += "  NPV $ m     P10 " + musd(m.npv.p10) + "  P50 " + musd(m.npv.p50) + "  P90 " +
         musd(m.npv.p90) + "  mean " + musd(m.npv.mean) + " ± " + musd(m.npv_se) + " (SE)\n";
    o += "  BCR         P10 " + fmt_number(m.bcr.p10, 2) + "  P50 " + fmt_number(m.bcr.p50, 2) +
         "  P90 " + fmt_number(m.bcr.p90, 2) + "\n";
    o += "  " + r.headline_section + " t/yr  P10 " + fmt_number(m.headline.p10, 0) + "  P50 " +
         fmt_number(m.headline.p50, 0) + "  P90 " + fmt_number(m.headline.p90, 0) + "\n";
    o += "  P(NPV < 0) = " + fmt_number(m.p_npv_negative, 3) + "\n";
  }
  o += "\n" + pad("year", 6) + pad("ramp", 6, true) + pad("CS $m", 10, true) +
       pad("PS $m", 9, true) + pad("gov $m", 8, true) + pad("CO2 t", 11, true) +
       pad("CO2 $m", 9, true) + pad("capex $m", 10, true) + pad("maint $m", 10, true) +
       pad("resid $m", 10, true) + pad("net $m", 10, true) + pad("cum PV $m", 11, true) + "\n";
  for (const auto& a : c.rows)
    o += pad(std::to_string(a.year), 6) + pad(fmt_number(a.ramp, 2), 6, true) +
         pad(musd(a.user_benefit), 10, true) + pad(musd(a.operator_benefit), 9, true) +
         pad(musd(a.government), 8, true) + pad(fmt_number(a.co2_change_t, 0), 11, true) +
         pad(musd(a.co2_benefit), 9, true) + pad(musd(a.capex), 10, true) +
         pad(musd(a.maintenance), 10, true) + pad(musd(a.residual), 10, true) +
         pad(musd(a.net), 10, true) + pad(musd(a.cumulative_pv), 11, true) + "\n";
  return o;
}

namespace {

std::string svg_open(double w, double h, const std::string& label) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\" "
      "aria-label=\"{}\" style=\"background:#fafafa\">",
      w, h, esc(label));
}

// Annual benefits (up) and costs (down) as bars, cumulative PV as a line.
std::string flows_chart(const AppraiseResult& r) {
  const auto& rows = r.central.rows;
  if (rows.empty()) return "";
  const double W = 900, H = 320, L = 70, T = 20, B = 40;
  double hi = 1, lo = -1;
  for (const auto& a : rows) {
    hi = std::max({hi, a.benefits, a.cumulative_pv});
    lo = std::min({lo, -a.costs, a.cumulative_pv});
  }
  auto y = [&](double v) { return T + (hi - v) / (hi - lo) * (H - T - B); };
  double bw = (W - L - 10) / rows.size();
  std::string s = svg_open(W, H, "annual flows");
  s += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#555\"/>", L,
                   y(0), W - 10, y(0));
  std::string path;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& a = rows[i];
    double x = L + i * bw;
    s += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
        "fill=\"#2e8b57\"><title>{} benefits ${} m</title></rect>",
        x + 1, y(a.benefits), bw - 2, std::max(0.0, y(0) - y(a.benefits)), a.year,
        musd(a.benefits));
    s += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
        "fill=\"#c0392b\"><title>{} costs ${} m</title></rect>",
        x + 1, y(0), bw - 2, std::max(0.0, y(-a.costs) - y(0)), a.year, musd(a.costs));
    path += fmt::format("{}{:.1f},{:.1f} ", i ? "L" : "M", x + bw / 2, y(a.cumulative_pv));
    if (a.year % 5 == 0)
      s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"11\">{}</text>", x, H - 22, a.year);
  }
  s += "<path d=\"" + path + "\" fill=\"none\" stroke=\"#1f6fb2\" stroke-width=\"2\"/>";
  for (double v : {hi, 0.0, lo})
    s += fmt::format("<text x=\"4\" y=\"{:.1f}\" font-size=\"11\">${} m</text>", y(v) + 4, musd(v));
  s += fmt::format(
      "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#333\">green: benefits (consumer and "
      "producer surplus, CO2, residual value); red: capex and maintenance net of government "
      "revenue; blue line: cumulative discounted net flow</text>",
      L, H - 6);
  return s + "</svg>";
}

std::string tornado_chart(const AppraiseResult& r) {
  if (r.tornado.empty()) return "";
  const double W = 900, row = 28, L = 150, H = row * r.tornado.size() + 40;
  double lo = r.central.npv, hi = r.central.npv;
  for (const auto& b : r.tornado) {
    lo = std::min({lo, b.npv_low, b.npv_high});
    hi = std::max({hi, b.npv_low, b.npv_high});
  }
  if (hi == lo) hi = lo + 1;
  auto x = [&](double v) { return L + (v - lo) / (hi - lo) * (W - L - 20); };
  std::string s = svg_open(W, H, "tornado");
  for (size_t i = 0; i < r.tornado.size(); ++i) {
    const auto& b = r.tornado[i];
    double yy = 10 + i * row;
    s += fmt::format("<text x=\"4\" y=\"{:.1f}\" font-size=\"13\">{}</text>", yy + 15,
                     esc(b.variable));
    for (auto [v, col, what] :
         {std::tuple{b.npv_low, "#e67e22", "P10"}, std::tuple{b.npv_high, "#8e44ad", "P90"}}) {
      double a = std::min(x(v), x(r.central.npv)), w = std::abs(x(v) - x(r.central.npv));
      s += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"18\" fill=\"{}\" "
          "fill-opacity=\"0.8\"><title>{} at {}: NPV ${} m</title></rect>",
          a, yy + 2, w, col, esc(b.variable), what, musd(v));
    }
  }
  s += fmt::format(
      "<line x1=\"{:.1f}\" y1=\"0\" x2=\"{:.1f}\" y2=\"{}\" stroke=\"#222\"/>"
      "<text x=\"{:.1f}\" y=\"{}\" font-size=\"11\">central NPV ${} m; orange: input at P10, "
      "purple: at P90 (scale ${} m to ${} m)</text>",
      x(r.central.npv), x(r.central.npv), H - 20, L, H - 6, musd(r.central.npv), musd(lo),
      musd(hi));
  return s + "</svg>";
}

std::string histogram(const appraise::McSummary& m) {
  const auto& v = m.npv_sample;
  if (v.empty()) return "";
  double lo = *std::min_element(v.begin(), v.end()), hi = *std::max_element(v.begin(), v.end());
  if (hi == lo) hi = lo + 1;
  const int bins = 40;
  std::vector<int> n(bins, 0);
  for (double x : v) n[std::min(bins - 1, static_cast<int>((x - lo) / (hi - lo) * bins))]++;
  int top = *std::max_element(n.begin(), n.end());
  const double W = 900, H = 260, L = 40, B = 40;
  std::string s = svg_open(W, H, "NPV distribution");
  double bw = (W - L - 10) / bins;
  for (int i = 0; i < bins; ++i) {
    double h = (H - B - 10) * n[i] / std::max(1, top);
    double x0 = lo + (hi - lo) * i / bins;
    s += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
        "<title>NPV ${} m to ${} m: {} draws</title></rect>",
        L + i * bw + 1, H - B - h, bw - 2, h, x0 + (hi - lo) / bins <= 0 ? "#c0392b" : "#2e8b57",
        musd(x0), musd(x0 + (hi - lo) / bins), n[i]);
  }
  s += fmt::format(
      "<text x=\"{}\" y=\"{}\" font-size=\"11\">${} m</text><text x=\"{}\" y=\"{}\" "
      "font-size=\"11\" text-anchor=\"end\">${} m</text>",
      L, H - 24, musd(lo), W - 10, H - 24, musd(hi));
  s += fmt::format(
      "<text x=\"{}\" y=\"{}\" font-size=\"11\">{} draws; red bins: NPV &lt; 0 (P = {}); P10 ${} "
      "m, P50 ${} m, P90 ${} m</text>",
      L, H - 6, m.draws, fmt_number(m.p_npv_negative, 3), musd(m.npv.p10), musd(m.npv.p50),
      musd(m.npv.p90));
  return s + "</svg>";
}

// tCO2e per year by mode, base and scenario, in the last forecast year.
std::string co2_chart(const AppraiseResult& r) {
  if (r.flows.years.empty()) return "";
  const auto& y = r.flows.years.back();
  const double W = 900, row = 26, L = 150, H = row * 6 + 40;
  double hi = 1;
  for (size_t m = 0; m < 3; ++m) hi = std::max({hi, y.base_co2_t[m], y.scenario_co2_t[m]});
  std::string s = svg_open(W, H, "CO2 by mode");
  int i = 0;
  for (size_t m = 0; m < 3; ++m)
    for (bool scen : {false, true}) {
      double v = scen ? y.scenario_co2_t[m] : y.base_co2_t[m];
      double yy = 10 + i++ * row;
      s += fmt::format(
          "<text x=\"4\" y=\"{:.1f}\" font-size=\"12\">{} ({})</text><rect x=\"{}\" "
          "y=\"{:.1f}\" width=\"{:.1f}\" height=\"18\" fill=\"{}\"/><text x=\"{:.1f}\" "
          "y=\"{:.1f}\" font-size=\"11\">{} t</text>",
          yy + 15, kModes[m], esc(scen ? r.scenario : r.base), L, yy + 2, (W - L - 120) * v / hi,
          scen ? "#1f6fb2" : "#c0392b", L + (W - L - 120) * v / hi + 6, yy + 15, fmt_number(v, 0));
    }
  s += fmt::format(
      "<text x=\"4\" y=\"{}\" font-size=\"11\">tCO2e per year, well-to-wheel, in {} "
      "(appraisal/emission-factors.csv on each link's tonne-km)</text>",
      H - 6, y.year);
  return s + "</svg>";
}

}  // namespace

std::string render_appraise_html(const AppraiseResult& r) {
  const auto& c = r.central;
  std::string h =
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Corridor "
      "appraisal: " +
      esc(r.scenario) + " vs " + esc(r.base) +
      "</title><style>body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:"
      "1100px}table{border-collapse:collapse;font-size:14px}td,th{padding:3px 8px;border-bottom:"
      "1px solid #ddd;text-align:right}td:first-child,th:first-child{text-align:left}"
      ".a td{text-align:left}.big{font-size:20px}small{color:#666}</style></head><body>";
  h += "<h1>Economic appraisal: <b>" + esc(r.scenario) + "</b> against <b>" + esc(r.base) +
       "</b></h1>";
  h += "<p class=\"big\">NPV <b>$" + musd(c.npv) + " m</b> · BCR <b>" + fmt_number(c.bcr, 2) +
       "</b> · EIRR <b>" + pct(c.eirr) + "</b> · FYRR " + pct(c.fyrr) + " · payback " +
       (c.payback_year ? std::to_string(*c.payback_year) : std::string("none")) + "</p>";
  if (r.mc)
    h += "<p>Monte Carlo (" + std::to_string(r.mc->draws) + " draws, seed " +
         std::to_string(r.mc->seed) + "): NPV P10 $" + musd(r.mc->npv.p10) + " m, P50 $" +
         musd(r.mc->npv.p50) + " m, P90 $" + musd(r.mc->npv.p90) + " m; BCR P10–P90 " +
         fmt_number(r.mc->bcr.p10, 2) + "–" + fmt_number(r.mc->bcr.p90, 2) +
         "; probability that NPV &lt; 0: <b>" + fmt_number(r.mc->p_npv_negative, 3) + "</b></p>";
  std::vector<std::string> ys;
  for (int y : r.forecast_years) ys.push_back(std::to_string(y));
  h += "<h2>Assumptions</h2><table class=\"a\">";
  auto row = [&](const std::string& k, const std::string& v) {
    h += "<tr><th>" + esc(k) + "</th><td>" + v + "</td></tr>";
  };
  row("Dataset", esc(r.dataset));
  row("Without / with", esc(r.base) + " / " + esc(r.scenario));
  row("Period", std::to_string(r.request.from) + "–" + std::to_string(r.request.to) +
                    ", discounted to " + std::to_string(r.params.base_year) + " at " +
                    fmt_number(r.request.discount * 100, 1) +
                    " % real (earlier capex compounded forward)");
  row("Forecasts", "corridor forecast (multi-class logit SUE, elastic demand) at " +
                       esc(text::join(ys, ", ")) +
                       " (background demand growth of the dataset "
                       "applied by the forecast); interpolated linearly between, " +
                       esc(after_last_text(r)));
  std::vector<std::string> ramp;
  for (double x : r.params.ramp_up) ramp.push_back(fmt_number(x * 100, 0) + " %");
  row("Opening and ramp-up", std::to_string(r.params.opening_year) + "; " +
                                 (ramp.empty() ? "none" : esc(text::join(ramp, ", "))) +
                                 " of the change in the first years (estimate)");
  row("Consumer surplus",
      "rule of a half on each OD's composite (logsum) generalized cost (tariffs and fees "
      "included), ½ (C₀ − C₁)(T₀ + T₁), units per year");
  row("Producer surplus",
      "change of operator revenue (line tariffs and fees × link tonne-km and tonnes) minus "
      "change of operating cost (" +
          esc(r.operating_costs_file) +
          " per tonne-km by mode); tariffs are transfers between users and operators");
  row("Government", "change of border fees (to the state), netted off the public-budget costs");
  row("CO2",
      "tCO2e well-to-wheel from each link's tonne-km (appraisal/emission-factors.csv) at "
      "the " +
          esc(r.request.carbon_path) + " shadow price path of " + esc(r.carbon_file));
  row("Costs", "capex and maintenance (" + esc(r.capex_file) +
                   "); residual value straight-line at the end; " + esc(kBcrConvention));
  row("Uncertainty", esc(r.uncertainty_file));
  h += "</table><h3>Capital costs</h3><table><tr><th>item</th><th>USD m</th><th>years</th>"
       "<th>life</th><th>maint./yr</th><th>estimate</th><th>source</th></tr>";
  for (const auto& k : r.capex)
    h += "<tr><td>" + esc(k.name) + "</td><td>" + musd(k.usd) + "</td><td>" +
         std::to_string(k.start_year) + "–" + std::to_string(k.end_year) + "</td><td>" +
         fmt_number(k.life_years, 0) + "</td><td>" + fmt_number(k.maintenance_share * 100, 1) +
         " %</td><td>" + (k.estimate ? "yes" : "no") +
         "</td><td style=\"text-align:left\"><small>" + esc(k.source) + "</small></td></tr>";
  h += "</table><h3>Operating costs (producer surplus)</h3><table><tr><th>mode</th><th>USD</th>"
       "<th>per</th><th>net t</th><th>USD per t-km</th><th>estimate</th><th>source</th></tr>";
  for (const auto& k : r.operating_costs.by_mode)
    if (k)
      h += "<tr><td>" + esc(k->mode) + "</td><td>" + fmt_number(k->usd, 4) + "</td><td>" +
           esc(k->basis) + "</td><td>" + fmt_number(k->net_tonnes, 0) + "</td><td>" +
           fmt_number(k->usd_per_tkm, 4) + "</td><td>" + (k->estimate ? "yes" : "no") +
           "</td><td style=\"text-align:left\"><small>" + esc(k->source) + "</small></td></tr>";
  h += "</table>";
  if (!r.uncertainty.names.empty()) {
    h += "<h3>Distributions</h3><table><tr><th>input</th><th>P10</th><th>P50</th><th>P90</th>"
         "<th>source</th></tr>";
    for (size_t i = 0; i < r.uncertainty.names.size(); ++i) {
      const auto& d = r.uncertainty.dists[i];
      h += "<tr><td>" + esc(r.uncertainty.names[i]) + "</td><td>" + fmt_number(d.quantile(0.1), 3) +
           "</td><td>" + fmt_number(d.quantile(0.5), 3) + "</td><td>" +
           fmt_number(d.quantile(0.9), 3) + "</td><td style=\"text-align:left\"><small>" +
           esc(d.source) + "</small></td></tr>";
    }
    h += "</table>";
  }
  h += "<h2>Annual flows</h2>" + flows_chart(r);
  if (!r.tornado.empty()) h += "<h2>Sensitivity (tornado)</h2>" + tornado_chart(r);
  if (r.mc) h += "<h2>NPV distribution</h2>" + histogram(*r.mc);
  h += "<h2>CO2 by mode</h2>" + co2_chart(r);
  h += "<h2>Annual table (USD m)</h2><table><tr><th>year</th><th>consumer</th>"
       "<th>producer</th><th>government</th><th>CO2</th>"
       "<th>capex</th><th>maintenance</th><th>residual</th><th>net</th><th>cumulative PV</th>"
       "</tr>";
  for (const auto& a : c.rows)
    h += "<tr><td>" + std::to_string(a.year) + "</td><td>" + musd(a.user_benefit) + "</td><td>" +
         musd(a.operator_benefit) + "</td><td>" + musd(a.government) + "</td><td>" +
         musd(a.co2_benefit) + "</td><td>" + musd(a.capex) + "</td><td>" + musd(a.maintenance) +
         "</td><td>" + musd(a.residual) + "</td><td>" + musd(a.net) + "</td><td>" +
         musd(a.cumulative_pv) + "</td></tr>";
  h += "</table><p><small>Generated by Corridor 0.1 (corridor appraise). Every input is in the "
       "dataset's appraisal/ folder with its source.</small></p></body></html>";
  return h;
}

}  // namespace corridor::api
