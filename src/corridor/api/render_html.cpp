// The HTML compare report: inline SVG only (no scripts, fonts or network), so it opens anywhere.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "corridor/api/api.h"
#include "corridor/api/engine.h"
#include "corridor/api/render.h"
#include "corridor/core/files.h"
#include "corridor/core/text.h"

namespace corridor::api {

using nlohmann::json;

namespace {

std::string esc(const std::string& s) { return text::html_escape(s); }

struct Box {
  double lon0 = 1e9, lon1 = -1e9, lat0 = 1e9, lat1 = -1e9;
  void add(double lon, double lat) {
    lon0 = std::min(lon0, lon), lon1 = std::max(lon1, lon);
    lat0 = std::min(lat0, lat), lat1 = std::max(lat1, lat);
  }
  bool empty() const { return lon0 > lon1; }
};

struct Projection {
  double lon0, lat1, k, kx;
  double w, h;
  Projection(Box b, double width) : w(width) {
    double mlon = std::max(0.5, (b.lon1 - b.lon0) * 0.12),
           mlat = std::max(0.5, (b.lat1 - b.lat0) * 0.12);
    b.lon0 -= mlon, b.lon1 += mlon, b.lat0 -= mlat, b.lat1 += mlat;
    kx = std::cos((b.lat0 + b.lat1) / 2 * M_PI / 180);
    lon0 = b.lon0;
    lat1 = b.lat1;
    k = width / ((b.lon1 - b.lon0) * kx);
    h = (b.lat1 - b.lat0) * k;
  }
  std::string pt(double lon, double lat) const {
    return fmt::format("{:.1f},{:.1f}", (lon - lon0) * kx * k, (lat1 - lat) * k);
  }
};

std::string polyline(const Projection& p, const json& pts) {
  std::string s;
  for (const auto& c : pts) s += p.pt(c[0].get<double>(), c[1].get<double>()) + " ";
  return s;
}

std::string pair_name(const CompareRow& p) { return p.from.name + " → " + p.to.name; }

std::string head(const std::string& base, const std::string& scen) {
  return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Corridor: " +
         esc(base) + " vs " + esc(scen) +
         "</title><style>"
         "body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}"
         "table{border-collapse:collapse;font-size:14px}td,th{padding:3px 8px;border-bottom:1px "
         "solid "
         "#ddd;text-align:right}"
         "td:first-child,th:first-child{text-align:left}.maps{display:flex;flex-wrap:wrap;gap:"
         "16px}"
         ".card{border:1px solid "
         "#ccc;border-radius:6px;padding:8px}.base{color:#c0392b}.scen{color:#1f6fb2}"
         "small{color:#666}.assumptions td{text-align:left;max-width:900px}"
         ".assumptions th{vertical-align:top}</style></head><body>";
}

// The side-by-side figures of every pair.
std::string summary_table(const CompareResult& cmp) {
  std::string html =
      "<table><tr><th>pair</th><th>scenario</th><th>km</th><th>hours</th><th>USD</th><th>borders</"
      "th><th>countries</th><th>t CO2e WTW per unit</th></tr>";
  for (const auto& p : cmp.rows) {
    for (bool is_base : {true, false}) {
      const auto& r = is_base ? p.base : p.scenario;
      html += "<tr><td>" + (is_base ? esc(pair_name(p)) : "") + "</td><td class=\"" +
              (is_base ? "base" : "scen") + "\">" + esc(is_base ? cmp.base : cmp.scenario) +
              "</td>";
      if (!r) {
        html += "<td colspan=\"6\">no route</td></tr>";
        continue;
      }
      const Totals& t = r->best().total;
      html += "<td>" + fmt_number(t.km, 0) + "</td><td>" + fmt_number(t.hours, 1) + "</td><td>" +
              fmt_number(t.usd, 0) + "</td><td>" + std::to_string(t.borders) + "</td><td>" +
              esc(text::join(r->best().countries, " ")) + "</td><td>" +
              (r->best().co2 ? fmt_number(r->best().co2->wtw_t, 3) : "") + "</td></tr>";
    }
  }
  return html + "</table>";
}

// Hours and USD change per pair as diverging bars (from the unrounded deltas).
std::string delta_chart(const CompareResult& cmp) {
  const double W = 900, row = 26, left = 260, mid = left + (W - left) / 2;
  double max_h = 1, max_u = 1;
  for (const auto& p : cmp.rows)
    if (p.delta) {
      max_h = std::max(max_h, std::abs(p.delta->hours));
      max_u = std::max(max_u, std::abs(p.delta->usd));
    }
  double H = row * (static_cast<double>(cmp.rows.size()) + 1) + 10;
  std::string html = "<h2>Change " + esc(cmp.base) + " → " + esc(cmp.scenario) + "</h2>";
  html += fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\" "
      "aria-label=\"delta chart\"><line x1=\"{}\" y1=\"0\" x2=\"{}\" y2=\"{}\" stroke=\"#999\"/>",
      W, H, mid, mid, H);
  html += fmt::format(
      "<text x=\"{}\" y=\"14\" font-size=\"12\" fill=\"#555\">bars: Δ hours (dark, ±{:.0f} h "
      "full scale) "
      "and Δ USD (light, ±{:.0f} $ full scale); left = faster / cheaper</text>",
      left, max_h, max_u);
  double y = row;
  for (const auto& p : cmp.rows) {
    html +=
        fmt::format("<text x=\"4\" y=\"{}\" font-size=\"13\">{}</text>", y + 14, esc(pair_name(p)));
    if (!p.delta) {
      std::string what =
          !p.base ? (!p.scenario ? "no route in either" : "new route") : "route lost";
      html += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#555\">{}</text>",
                          mid + 6, y + 14, what);
    } else {
      double dh = p.delta->hours, du = p.delta->usd;
      double half = (W - left) / 2 - 10;
      double wh = std::abs(dh) / max_h * half, wu = std::abs(du) / max_u * half;
      html += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"9\" fill=\"#1f6fb2\"><title>Δ "
          "hours {:+.1f}</title></rect>",
          dh < 0 ? mid - wh : mid, y + 3, wh, dh);
      html += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"9\" fill=\"#8fbce6\"><title>Δ "
          "USD {:+.0f}</title></rect>",
          du < 0 ? mid - wu : mid, y + 13, wu, du);
      html += fmt::format(
          "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#333\">{:+.1f} h, {:+.0f} $</text>",
          dh < 0 ? mid + 6 : mid - 120, y + 14, dh, du);
    }
    y += row;
  }
  return html + "</svg>";
}

std::string outline_paths(const Projection& pr, const json& outlines) {
  std::string svg;
  if (!outlines.is_object() || !outlines.contains("features")) return svg;
  for (const auto& f : outlines["features"]) {
    const auto& g = f["geometry"];
    std::vector<json> polys;
    if (g["type"] == "Polygon")
      polys.push_back(g["coordinates"]);
    else if (g["type"] == "MultiPolygon")
      for (const auto& pp : g["coordinates"]) polys.push_back(pp);
    for (const auto& poly : polys) {
      std::string d;
      for (const auto& ring : poly) {
        bool first = true;
        for (const auto& c : ring) {
          d += (first ? "M" : "L") + pr.pt(c[0].get<double>(), c[1].get<double>());
          first = false;
        }
        d += "Z";
      }
      svg += "<path d=\"" + d + "\" fill=\"#fbfaf5\" stroke=\"#b9b2a0\" stroke-width=\"0.7\"/>";
    }
  }
  return svg;
}

// One pair's map: outlines, the network, the base route (red, dashed) and the scenario route
// (blue), drawn from the links of the legs the table reports, never by routing again.
// A legend (what each line is) and a scale bar (a round number of km, about a quarter of the map's
// width) in the map's lower corners. The projection is equirectangular with cos(latitude)
// correction, so one km is the same number of pixels in every direction near the map's centre.
std::string legend_and_scale(const Projection& pr, const std::string& base_name,
                             const std::string& scen_name) {
  constexpr double kKmPerDegree = 111.32;  // one degree of latitude
  const double px_per_km = pr.k / kKmPerDegree;
  double km = 1;
  for (double c : {1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0})
    if (c * px_per_km <= pr.w / 4) km = c;
  const double len = km * px_per_km, x0 = 10, y0 = pr.h - 12;
  std::string svg = fmt::format(
      "<g class=\"scale\"><line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" "
      "stroke=\"#222\" stroke-width=\"2\"/>"
      "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#222\"/>"
      "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#222\"/>"
      "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\">{:.0f} km</text></g>",
      x0, y0, x0 + len, y0, x0, y0 - 4, x0, y0 + 4, x0 + len, y0 - 4, x0 + len, y0 + 4, x0, y0 - 7,
      km);
  const double lx = pr.w - 150, ly = pr.h - 52;
  svg += fmt::format(
      "<g class=\"legend\"><rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"144\" height=\"48\" "
      "fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"#b9b2a0\"/>",
      lx, ly);
  const struct {
    const char* style;
    std::string label;
  } rows[] = {{"stroke=\"#c0392b\" stroke-width=\"3\" stroke-dasharray=\"6 4\"", base_name},
              {"stroke=\"#1f6fb2\" stroke-width=\"2\"", scen_name},
              {"stroke=\"#cfcfcf\" stroke-width=\"1.5\"", "other links"}};
  for (int i = 0; i < 3; ++i) {
    const double y = ly + 10 + 14 * i;
    svg += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" {}/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\">{}</text>",
        lx + 6, y, lx + 30, y, rows[i].style, lx + 36, y + 4, esc(rows[i].label));
  }
  return svg + "</g>";
}

// The assumptions a reader needs to interpret every figure of the report.
std::string assumptions(const Engine& e, const CompareResult& cmp) {
  std::map<std::string, const ScenarioInfo*> by_name;
  const ScenarioList list = scenarios(e);
  for (const auto& s : list.scenarios) by_name[s.name] = &s;
  auto describe = [&](const std::string& name) {
    auto it = by_name.find(name);
    return "<b>" + esc(name) + "</b>" +
           (it == by_name.end() ? std::string() : ": " + esc(it->second->description));
  };
  const network::Profile* prof = nullptr;
  if (auto it = e.base.profiles.find(cmp.profile); it != e.base.profiles.end()) prof = &it->second;
  std::string unit = esc(cmp.profile);
  std::string h = "<h2>Assumptions</h2><table class=\"assumptions\">";
  auto row = [&](const std::string& k, const std::string& v) {
    h += "<tr><th>" + k + "</th><td>" + v + "</td></tr>";
  };
  row("Dataset", "<b>" + esc(e.base.name) + "</b>, base year " + std::to_string(e.base.base_year));
  row("Year", "both sides use the links open in <b>" + std::to_string(cmp.year) +
                  "</b>, so the comparison never mixes years");
  row("Without", describe(cmp.base));
  row("With", describe(cmp.scenario));
  if (prof) {
    row("Profile", "<b>" + unit + "</b>" +
                       (prof->description.empty() ? "" : ": " + esc(prof->description)) +
                       fmt::format(" ({:.1f} t per unit)", prof->tonnes_per_unit));
    row("Value of time", fmt::format("USD {:.2f} per {}-hour", prof->value_of_time, unit));
  }
  row("USD", "out-of-pocket charges per " + unit +
                 " (line tariffs per km, border fees, transfer and gauge-change charges) in the "
                 "dataset's prices; <i>cost</i> = USD + value of time × hours");
  row("Hours",
      "running time plus the stops, border dwell, transfers and gauge changes on the "
      "route; no queueing (see <code>corridor assign</code> and "
      "<code>corridor simulate</code> for congestion)");
  row("Route",
      "the least-cost route of each side for the profile; every figure is traceable "
      "with <code>corridor route --explain</code>");
  return h + "</table>";
}

std::string pair_map(const Engine& e, const CompareRow& p, const json& outlines,
                     const std::string& base_name, const std::string& scen_name) {
  json lines[2];
  Box box;
  int k = 0;
  for (const auto* r : {&p.base, &p.scenario}) {
    lines[k] = json::array();
    if (*r) {
      const auto& net = e.view((*r)->scenario).applied.net;
      for (const auto& leg : (*r)->best().legs) {
        json c = leg_coords(net, leg);
        if (c.empty()) continue;
        for (const auto& pt : c) box.add(pt[0].get<double>(), pt[1].get<double>());
        lines[k].push_back(std::move(c));
      }
    }
    ++k;
  }
  const auto& net = e.base;
  for (const Place* end : {&p.from, &p.to})
    box.add(net.nodes[end->node].lon, net.nodes[end->node].lat);
  Projection pr(box, 420);
  auto xy = [&](double lon, double lat) {
    std::string s = pr.pt(lon, lat);
    auto comma = s.find(',');
    return std::pair{s.substr(0, comma), s.substr(comma + 1)};
  };
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" "
      "style=\"background:#eef4f8\">",
      pr.w, pr.h);
  svg += outline_paths(pr, outlines);
  for (const auto& l : net.links) {
    const auto& a = net.nodes[l.from];
    const auto& b = net.nodes[l.to];
    auto [x1, y1] = xy(a.lon, a.lat);
    auto [x2, y2] = xy(b.lon, b.lat);
    svg += "<line x1=\"" + x1 + "\" y1=\"" + y1 + "\" x2=\"" + x2 + "\" y2=\"" + y2 +
           "\" stroke=\"#cfcfcf\" stroke-width=\"0.8\"/>";
  }
  for (const auto& l : lines[0])
    svg += "<polyline points=\"" + polyline(pr, l) +
           "\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"3\" stroke-dasharray=\"6 4\"/>";
  for (const auto& l : lines[1])
    svg += "<polyline points=\"" + polyline(pr, l) +
           "\" fill=\"none\" stroke=\"#1f6fb2\" stroke-width=\"2\"/>";
  for (const Place* end : {&p.from, &p.to}) {
    const auto& n = net.nodes[end->node];
    auto [x, y] = xy(n.lon, n.lat);
    svg += "<circle cx=\"" + x + "\" cy=\"" + y + "\" r=\"4\" fill=\"#222\"/><text x=\"" + x +
           "\" y=\"" + y + "\" dx=\"6\" dy=\"-6\" font-size=\"12\">" + esc(n.name) + "</text>";
  }
  svg += legend_and_scale(pr, base_name, scen_name);
  svg += "</svg>";
  return "<div class=\"card\"><b>" + esc(p.from.name) + " → " + esc(p.to.name) + "</b><br>" + svg +
         "</div>";
}

}  // namespace

std::string render_compare_html(const Engine& e, const CompareResult& cmp) {
  json outlines;
  std::string opath = e.dir + "/outlines.geojson";
  if (files::exists(opath)) outlines = json::parse(files::read_all(opath), nullptr, false);
  std::string html = head(cmp.base, cmp.scenario);
  html += "<h1>Corridor scenario comparison: <span class=\"base\">" + esc(cmp.base) +
          "</span> vs <span class=\"scen\">" + esc(cmp.scenario) + "</span></h1>";
  html += "<p>Dataset <b>" + esc(e.base.name) + "</b>, profile <b>" + esc(cmp.profile) +
          "</b>, links open in <b>" + std::to_string(cmp.year) +
          "</b>. Red dashed: " + esc(cmp.base) + "; blue: " + esc(cmp.scenario) + ".</p>";
  html += summary_table(cmp);
  html += delta_chart(cmp);
  html += assumptions(e, cmp);
  html += "<h2>Routes</h2><div class=\"maps\">";
  for (const auto& p : cmp.rows) html += pair_map(e, p, outlines, cmp.base, cmp.scenario);
  html +=
      "</div><p><small>Country outlines: Natural Earth (public domain). Link geometry: the "
      "dataset's "
      "sources; railway alignments derived from © OpenStreetMap contributors (ODbL) where noted in "
      "the "
      "dataset. Generated by Corridor 0.1.</small></p></body></html>\n";
  return html;
}

}  // namespace corridor::api
