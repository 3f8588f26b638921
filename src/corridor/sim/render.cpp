#include "corridor/sim/render.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "corridor/core/table.h"
#include "corridor/core/text.h"
#include "corridor/sim/model.h"

namespace corridor::sim {
namespace {

std::string pm(const Estimate& e, int digits = 1) {
  return fmt::format("{:.{}f} ± {:.{}f}", e.mean, digits, e.half_width, digits);
}

nlohmann::ordered_json est(const Estimate& e) {
  // Rounded to 6 significant digits so the bytes are stable and readable.
  auto r = [](double v) {
    if (v == 0 || !std::isfinite(v)) return std::isfinite(v) ? 0.0 : v;
    return std::stod(fmt::format("{:.6g}", v));
  };
  return {{"mean", r(e.mean)}, {"ci95", r(e.half_width)}};
}

std::string esc(const std::string& s) { return text::html_escape(s); }

std::string header_text(const SimResult& r) {
  return fmt::format(
      "simulation: {}\nfile: {}\nseed: {}  replications: {}  measured days: {:g}  warm-up days: "
      "{:g}  events: {}\n",
      r.model, r.file, r.seed, r.replications, r.days, r.warmup_days, r.events);
}

// A line chart as inline SVG: x in [0, xmax], several series, optional horizontal limit.
struct Series {
  std::string label, colour;
  std::vector<std::pair<double, double>> pts;
};
std::string svg_chart(const std::string& title, const std::string& xlabel,
                      const std::string& ylabel, const std::vector<Series>& series,
                      double limit = -1, const std::string& limit_label = "", double ycap = -1) {
  const double W = 720, H = 300, L = 60, Rm = 20, T = 30, B = 45;
  double xmax = 0, ymax = limit > 0 ? limit * 1.1 : 0;
  for (const auto& s : series)
    for (auto [x, y] : s.pts) {
      xmax = std::max(xmax, x);
      if (std::isfinite(y)) ymax = std::max(ymax, y);
    }
  if (ycap > 0) ymax = std::min(ymax, ycap);  // values above are drawn at the top edge
  if (xmax <= 0) xmax = 1;
  if (ymax <= 0) ymax = 1;
  ymax *= 1.05;
  auto X = [&](double x) { return L + (W - L - Rm) * x / xmax; };
  auto Y = [&](double y) { return H - B - (H - T - B) * std::min(y, ymax) / ymax; };
  std::string o = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "font-family=\"sans-serif\" font-size=\"11\">\n<text x=\"{}\" y=\"18\" "
      "font-size=\"13\">{}</text>\n",
      W, H, W, H, L, esc(title));
  o += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#333\"/>\n", L, H - B,
                   W - Rm, H - B);
  o += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#333\"/>\n", L, T, L,
                   H - B);
  for (int i = 0; i <= 4; ++i) {
    const double yv = ymax * i / 4, xv = xmax * i / 4;
    o += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{:.3g}</text>\n", L - 4,
                     Y(yv) + 4, yv);
    o += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{:.3g}</text>\n",
                     X(xv), H - B + 14, xv);
  }
  o += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", (L + W) / 2,
                   H - 8, esc(xlabel));
  o += fmt::format(
      "<text x=\"14\" y=\"{:.1f}\" transform=\"rotate(-90 14 {:.1f})\" "
      "text-anchor=\"middle\">{}</text>\n",
      (T + H - B) / 2, (T + H - B) / 2, esc(ylabel));
  if (limit > 0)
    o += fmt::format(
        "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#c00\" "
        "stroke-dasharray=\"5,4\"/><text x=\"{}\" y=\"{:.1f}\" fill=\"#c00\" "
        "text-anchor=\"end\">{}</text>\n",
        L, Y(limit), W - Rm, Y(limit), W - Rm, Y(limit) - 4, esc(limit_label));
  int k = 0;
  for (const auto& s : series) {
    std::string pts;
    for (auto [x, y] : s.pts)
      if (std::isfinite(y)) pts += fmt::format("{:.1f},{:.1f} ", X(x), Y(y));
    o += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\" points=\"{}\"/>\n",
                     s.colour, pts);
    o += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"{}\">{}</text>\n", L + 10 + 170 * k, T + 4,
                     s.colour, esc(s.label));
    ++k;
  }
  return o + "</svg>\n";
}

}  // namespace

std::string render_text(const SimResult& r) {
  std::string o = header_text(r);
  o += "\nthroughput per day and direction (mean ± 95% CI over replications)\n";
  for (const auto& d : r.directions)
    o += fmt::format("  {}  {:>14} {}s/day  (offered {:.1f})\n", d.direction, pm(d.per_day, 2),
                     d.unit, d.offered_per_day);
  o += "\nflows: throughput/day, waiting minutes mean / p50 / p95\n";
  for (const auto& f : r.flows)
    o += fmt::format("  {:<24} {}  {:>14}  wait {} / {} / {}\n", f.id, f.direction,
                     pm(f.per_day, 2), pm(f.wait_mean), pm(f.wait_p50), pm(f.wait_p95));
  o += "\nresources: utilisation, mean queue, waiting minutes (mean / p95) per direction\n";
  for (const auto& res : r.resources) {
    o += fmt::format("  {:<24} {:<12} util {}  queue {}", res.id, res.kind, pm(res.utilisation, 3),
                     pm(res.mean_queue, 2));
    for (int d = 0; d < 2; ++d)
      if (res.used[d])
        o += fmt::format("  {} {} / {}", dir_name(d), pm(res.wait_mean[d]), pm(res.wait_p95[d]));
    if (res.kind == "single_track") o += fmt::format("  deadlocks {}", res.deadlocks);
    o += "\n";
  }
  if (r.capacity) {
    const auto& c = *r.capacity;
    o += fmt::format(
        "\ncapacity (largest demand carried at the file's mix, per day): ab {:.2f}  ba {:.2f}"
        "  (throughput there: ab {}  ba {})\n",
        c.capacity_offered_per_day[0], c.capacity_offered_per_day[1], pm(c.capacity_per_day[0], 2),
        pm(c.capacity_per_day[1], 2));
    o += fmt::format("load  offered ab/ba  throughput ab / ba  mean wait min ab / ba{}\n",
                     c.wait_limit > 0 ? fmt::format("  (limit {:g} min)", c.wait_limit) : "");
    for (const auto& p : c.points)
      o += fmt::format("{:>4.0f}%  {:6.1f} {:6.1f}  {:>13} / {:<13}  {:>14} / {:<14}{}\n",
                       p.load * 100, p.offered_per_day[0], p.offered_per_day[1],
                       pm(p.per_day[0], 2), pm(p.per_day[1], 2), pm(p.wait_mean[0]),
                       pm(p.wait_mean[1]), p.over_limit ? "  over limit" : "");
    if (c.wait_limit > 0)
      o += fmt::format("highest load within the wait limit: {:.0f}% of capacity\n",
                       c.highest_load_within_limit * 100);
  }
  return o;
}

std::string render_json(const SimResult& r) {
  nlohmann::ordered_json j;
  j["model"] = r.model;
  j["file"] = r.file;
  j["seed"] = r.seed;
  j["replications"] = r.replications;
  j["days"] = r.days;
  j["warmup_days"] = r.warmup_days;
  j["events"] = r.events;
  j["directions"] = nlohmann::ordered_json::array();
  for (const auto& d : r.directions)
    j["directions"].push_back({{"direction", d.direction},
                               {"unit", d.unit},
                               {"offered_per_day", d.offered_per_day},
                               {"per_day", est(d.per_day)}});
  j["flows"] = nlohmann::ordered_json::array();
  for (const auto& f : r.flows)
    j["flows"].push_back(
        {{"id", f.id},
         {"direction", f.direction},
         {"unit", f.unit},
         {"offered_per_day", f.offered_per_day},
         {"per_day", est(f.per_day)},
         {"wait_min",
          {{"mean", est(f.wait_mean)}, {"p50", est(f.wait_p50)}, {"p95", est(f.wait_p95)}}},
         {"system_min", est(f.system_mean)}});
  j["resources"] = nlohmann::ordered_json::array();
  for (const auto& res : r.resources) {
    nlohmann::ordered_json x{{"id", res.id},
                             {"kind", res.kind},
                             {"name", res.name},
                             {"nodes", res.nodes},
                             {"links", res.links},
                             {"utilisation", est(res.utilisation)},
                             {"utilisation_basis", res.utilisation_basis},
                             {"mean_queue", est(res.mean_queue)}};
    nlohmann::ordered_json w = nlohmann::ordered_json::object();
    for (int d = 0; d < 2; ++d)
      if (res.used[d])
        w[dir_name(d)] = {{"mean", est(res.wait_mean[d])},
                          {"p50", est(res.wait_p50[d])},
                          {"p95", est(res.wait_p95[d])}};
    x["wait_min"] = w;
    if (res.kind == "single_track") x["deadlocks"] = res.deadlocks;
    x["queue_bucket_min"] = r.bucket_minutes;
    nlohmann::ordered_json qs = nlohmann::ordered_json::array();
    for (double v : res.queue_series) qs.push_back(std::stod(fmt::format("{:.4g}", v)));
    x["queue_series"] = qs;
    j["resources"].push_back(x);
  }
  if (r.capacity) {
    const auto& c = *r.capacity;
    nlohmann::ordered_json cj{
        {"wait_limit_min", c.wait_limit},
        {"capacity_offered_per_day",
         {{"ab", c.capacity_offered_per_day[0]}, {"ba", c.capacity_offered_per_day[1]}}},
        {"capacity_per_day",
         {{"ab", est(c.capacity_per_day[0])}, {"ba", est(c.capacity_per_day[1])}}},
        {"highest_load_within_limit", c.highest_load_within_limit}};
    cj["points"] = nlohmann::ordered_json::array();
    for (const auto& p : c.points)
      cj["points"].push_back(
          {{"load", p.load},
           {"offered_per_day", {{"ab", p.offered_per_day[0]}, {"ba", p.offered_per_day[1]}}},
           {"per_day", {{"ab", est(p.per_day[0])}, {"ba", est(p.per_day[1])}}},
           {"wait_mean_min", {{"ab", est(p.wait_mean[0])}, {"ba", est(p.wait_mean[1])}}},
           {"over_limit", p.over_limit}});
    j["capacity"] = cj;
  }
  return j.dump(2) + "\n";
}

std::string render_html(const SimResult& r) {
  static const char* colours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};
  std::string o =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Corridor "
      "simulation: " +
      esc(r.model) +
      "</title>\n<style>body{font-family:sans-serif;max-width:60rem;margin:1rem auto;padding:0 "
      "1rem}table{border-collapse:collapse;margin:0.5rem 0}td,th{border:1px solid "
      "#ccc;padding:2px 6px;text-align:right}th{background:#eee}td:first-child,th:first-child{"
      "text-align:left}.over{color:#c00}</style></head><body>\n";
  o += "<h1>" + esc(r.model) + "</h1>\n";
  o += fmt::format(
      "<p>File <code>{}</code>, seed <b>{}</b>, {} replications of {:g} measured days after a "
      "{:g}-day warm-up; {} events. Figures are means over replications ± the half-width of "
      "the 95 % confidence interval.</p>\n",
      esc(r.file), r.seed, r.replications, r.days, r.warmup_days, r.events);
  o += "<h2>Throughput per day</h2>\n";
  table::Table through({"direction", "unit", "offered", "throughput"});
  for (const auto& d : r.directions)
    through.add({d.direction, d.unit, table::fixed(d.offered_per_day, 2), pm(d.per_day, 2)});
  o += table::to_html(through);
  o += "<h2>Waiting (minutes)</h2>\n";
  table::Table waiting({"flow", "dir", "per day", "mean", "p50", "p95", "time in system"});
  for (const auto& f : r.flows)
    waiting.add({f.id, f.direction, pm(f.per_day, 2), pm(f.wait_mean), pm(f.wait_p50),
                 pm(f.wait_p95), pm(f.system_mean)});
  o += table::to_html(waiting);
  o += "<h2>Resources</h2>\n";
  table::Table resources({"resource", "kind", "dataset ids", "utilisation", "mean queue",
                          "wait ab (mean / p95)", "wait ba (mean / p95)", "utilisation is"});
  for (const auto& res : r.resources) {
    std::string ids;
    for (const auto& s : res.nodes) ids += (ids.empty() ? "" : ", ") + s;
    for (const auto& s : res.links) ids += (ids.empty() ? "" : ", ") + s;
    std::string w[2];
    for (int d = 0; d < 2; ++d)
      w[d] = res.used[d] ? pm(res.wait_mean[d]) + " / " + pm(res.wait_p95[d]) : "–";
    resources.add({res.name, res.kind, ids, pm(res.utilisation, 3), pm(res.mean_queue, 2), w[0],
                   w[1], res.utilisation_basis});
  }
  o += table::to_html(resources);
  o += "<h2>Queue length over time</h2>\n";
  std::vector<Series> qs;
  int k = 0;
  for (const auto& res : r.resources) {
    Series s{res.id, colours[k++ % 6], {}};
    for (size_t b = 0; b < res.queue_series.size(); ++b)
      s.pts.push_back(
          {(static_cast<double>(b) + 0.5) * r.bucket_minutes / 1440, res.queue_series[b]});
    qs.push_back(std::move(s));
  }
  o += svg_chart(
      fmt::format("units waiting (mean over replications, {:g}-minute buckets)", r.bucket_minutes),
      "day after warm-up", "units waiting", qs);
  if (r.capacity) {
    const auto& c = *r.capacity;
    o += "<h2>Capacity</h2>\n";
    o += fmt::format(
        "<p>Capacity per day (largest demand carried at the file's mix): ab {:.2f}, ba {:.2f} "
        "(throughput there {} and {}). Loads are fractions of it; the wait limit is {:g} "
        "minutes{}.</p>\n",
        c.capacity_offered_per_day[0], c.capacity_offered_per_day[1], pm(c.capacity_per_day[0], 2),
        pm(c.capacity_per_day[1], 2), c.wait_limit,
        c.wait_limit > 0
            ? fmt::format(" (highest load within it: {:.0f} %)", c.highest_load_within_limit * 100)
            : "");
    std::vector<Series> th, wt;
    for (int d = 0; d < 2; ++d) {
      Series a{std::string("throughput ") + dir_name(d), colours[d], {}};
      Series b{std::string("mean wait ") + dir_name(d), colours[d], {}};
      for (const auto& p : c.points) {
        a.pts.push_back({p.offered_per_day[d], p.per_day[d].mean});
        b.pts.push_back({p.load * 100, p.wait_mean[d].mean});
      }
      th.push_back(a);
      wt.push_back(b);
    }
    o += svg_chart("throughput vs offered load", "offered per day", "throughput per day", th);
    // Near and above saturation waits explode; scale the axis to the loads up to 95 %.
    double ycap = c.wait_limit > 0 ? 2 * c.wait_limit : -1;
    for (const auto& p : c.points)
      if (p.load <= 0.95)
        for (int d = 0; d < 2; ++d) ycap = std::max(ycap, p.wait_mean[d].mean);
    o += svg_chart("mean wait vs load (axis cut at the 95 % point; higher values at the top)",
                   "load (% of capacity)", "minutes", wt, c.wait_limit > 0 ? c.wait_limit : -1,
                   "wait limit", ycap);
    table::Table loads({"load", "offered ab", "offered ba", "throughput ab", "throughput ba",
                        "wait ab", "wait ba"});
    for (const auto& p : c.points)
      loads.add({fmt::format("{:.0f} %", p.load * 100), table::fixed(p.offered_per_day[0], 1),
                 table::fixed(p.offered_per_day[1], 1), pm(p.per_day[0], 2), pm(p.per_day[1], 2),
                 pm(p.wait_mean[0]), pm(p.wait_mean[1])},
                p.over_limit ? "over" : "");
    o += table::to_html(loads);
  }
  return o + "</body></html>\n";
}

}  // namespace corridor::sim
