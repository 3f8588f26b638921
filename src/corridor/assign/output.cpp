#include "corridor/assign/output.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "corridor/core/error.h"
#include "corridor/core/files.h"
#include "corridor/core/table.h"

namespace corridor::assign {

std::string link_csv(const AssignProblem& problem, const AssignResult& result, uint32_t node_base) {
  table::Table t({"link", "init_node", "term_node", "flow_veh_per_h", "cost_min", "vc_ratio"});
  for (uint32_t l = 0; l < problem.num_links(); ++l) {
    const double cap = problem.capacity[l];
    const double voc = cap > 0 ? result.flow[l] / cap : 0.0;
    t.add({table::integer(l + 1), table::integer(problem.tail[l] + node_base),
           table::integer(problem.head[l] + node_base), table::exact(result.flow[l]),
           table::exact(result.cost[l]), table::exact(voc)});
  }
  return table::to_csv(t);
}

bool coordinates_are_lonlat(const AssignProblem& problem, const std::vector<double>& x,
                            const std::vector<double>& y) {
  for (uint32_t l = 0; l < problem.num_links(); ++l) {
    for (uint32_t v : {problem.tail[l], problem.head[l]}) {
      if (v >= x.size() || v >= y.size()) return false;
      if (!(std::isfinite(x[v]) && std::isfinite(y[v]) && std::abs(x[v]) <= 180 &&
            std::abs(y[v]) <= 90))
        return false;
    }
  }
  return true;
}

std::string link_geojson(const AssignProblem& problem, const AssignResult& result,
                         const std::vector<double>& x, const std::vector<double>& y,
                         uint32_t node_base) {
  if (!coordinates_are_lonlat(problem, x, y))
    throw Error(Errc::invalid_input,
                "node coordinates are missing or not WGS84 longitude/latitude: GeoJSON (RFC 7946) "
                "needs degrees");
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[";
  for (uint32_t l = 0; l < problem.num_links(); ++l) {
    const uint32_t a = problem.tail[l], b = problem.head[l];
    const double cap = problem.capacity[l];
    out += fmt::format(
        "{}{{\"type\":\"Feature\",\"geometry\":{{\"type\":\"LineString\",\"coordinates\":"
        "[[{},{}],[{},{}]]}},\"properties\":{{\"link\":{},\"init_node\":{},\"term_node\":{},"
        "\"flow\":{},\"cost\":{},\"voc\":{}}}}}",
        l ? "," : "", x[a], y[a], x[b], y[b], l + 1, a + node_base, b + node_base, result.flow[l],
        result.cost[l], cap > 0 ? result.flow[l] / cap : 0.0);
  }
  return out + "]}\n";
}

void write_link_geojson(const std::string& path, const AssignProblem& problem,
                        const AssignResult& result, const std::vector<double>& x,
                        const std::vector<double>& y, uint32_t node_base) {
  files::write_atomic(path, link_geojson(problem, result, x, y, node_base));
}

std::string convergence_csv(const std::vector<LogRow>& log) {
  table::Table t({"iteration", "elapsed_s", "relative_gap", "aec_min", "beckmann_veh_min_per_h",
                  "tstt_veh_min_per_h"});
  for (const auto& r : log)
    t.add({table::integer(r.iteration), table::fixed(r.seconds, 6), table::exact(r.relative_gap),
           table::exact(r.aec), table::exact(r.beckmann), table::exact(r.tstt)});
  return table::to_csv(t);
}

std::string gap_svg(const std::vector<LogRow>& log, const std::string& title) {
  const double w = 640, h = 400, left = 70, right = 20, top = 40, bottom = 50;
  const double pw = w - left - right, ph = h - top - bottom;
  double tmax = 1e-9, gmin = 1e300, gmax = -1e300;
  for (const auto& r : log) {
    tmax = std::max(tmax, r.seconds);
    if (r.relative_gap > 0) {
      gmin = std::min(gmin, std::log10(r.relative_gap));
      gmax = std::max(gmax, std::log10(r.relative_gap));
    }
  }
  if (gmin > gmax) gmin = -1, gmax = 0;
  gmin = std::floor(gmin);
  gmax = std::ceil(gmax);
  if (gmax <= gmin) gmax = gmin + 1;
  auto px = [&](double t) { return left + pw * t / tmax; };
  auto py = [&](double lg) { return top + ph * (gmax - lg) / (gmax - gmin); };
  auto esc = [](const std::string& s) {
    std::string o;
    for (char c : s) {
      if (c == '<')
        o += "&lt;";
      else if (c == '>')
        o += "&gt;";
      else if (c == '&')
        o += "&amp;";
      else
        o += c;
    }
    return o;
  };
  std::string s = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n"
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      "<text x=\"{}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">{}</text>\n"
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"black\"/>\n",
      w, h, w / 2, esc(title), left, top, pw, ph);
  for (int e = static_cast<int>(gmin); e <= static_cast<int>(gmax); ++e) {
    const double y = py(e);
    s += fmt::format(
        "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>"
        "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">1e{}</text>\n",
        left, y, left + pw, y, left - 6, y + 4, e);
  }
  for (int i = 0; i <= 4; ++i) {
    const double t = tmax * i / 4;
    s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{:.3g}</text>\n", px(t),
                     top + ph + 18, t);
  }
  s += fmt::format(
      "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">seconds</text>\n"
      "<text x=\"16\" y=\"{}\" transform=\"rotate(-90 16 {})\" text-anchor=\"middle\">"
      "relative gap</text>\n",
      left + pw / 2, h - 10, top + ph / 2, top + ph / 2);
  std::string pts;
  for (const auto& r : log)
    if (r.relative_gap > 0)
      pts += fmt::format("{:.1f},{:.1f} ", px(r.seconds), py(std::log10(r.relative_gap)));
  s += fmt::format(
      "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"{}\"/>\n", pts);
  s += "</svg>\n";
  return s;
}

nlohmann::ordered_json summary_object(const AssignSummary& s) {
  nlohmann::ordered_json j;
  j["iterations"] = s.iterations;
  j["relative_gap"] = s.relative_gap;
  j["beckmann"] = s.beckmann;
  j["tstt"] = s.tstt;
  j["seconds"] = s.seconds;
  j["algorithm"] = s.algorithm;
  j["aec"] = s.aec;
  j["sptt"] = s.sptt;
  j["converged"] = s.converged;
  j["stop_reason"] = s.stop_reason;
  return j;
}

std::string summary_json(const AssignSummary& s) { return summary_object(s).dump(2) + "\n"; }

void write_link_csv(const std::string& path, const AssignProblem& problem,
                    const AssignResult& result, uint32_t node_base) {
  files::write_atomic(path, link_csv(problem, result, node_base));
}
void write_convergence_csv(const std::string& path, const std::vector<LogRow>& log) {
  files::write_atomic(path, convergence_csv(log));
}
void write_gap_svg(const std::string& path, const std::vector<LogRow>& log,
                   const std::string& title) {
  files::write_atomic(path, gap_svg(log, title));
}
void write_summary_json(const std::string& path, const AssignSummary& summary) {
  files::write_atomic(path, summary_json(summary));
}

}  // namespace corridor::assign
