// The HTML compare report: inline SVG only (no scripts, fonts or network), so it opens anywhere.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "corridor/api/api.h"
#include "corridor/api/engine.h"
#include "corridor/api/render.h"
#include "corridor/core/files.h"

namespace corridor::api {

using nlohmann::json;

namespace {

std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&':
        o += "&amp;";
        break;
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '"':
        o += "&quot;";
        break;
      default:
        o += c;
    }
  }
  return o;
}

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

// Coordinates of a route (as JSON) through its links' geometries.
std::vector<std::vector<std::pair<double, double>>> route_lines(const json& geo) {
  std::vector<std::vector<std::pair<double, double>>> lines;
  for (const auto& f : geo["features"]) {
    if (f["geometry"]["type"] != "LineString") continue;
    std::vector<std::pair<double, double>> l;
    for (const auto& c : f["geometry"]["coordinates"])
      l.push_back({c[0].get<double>(), c[1].get<double>()});
    lines.push_back(std::move(l));
  }
  return lines;
}

std::string polyline(const Projection& p, const std::vector<std::pair<double, double>>& pts) {
  std::string s;
  for (const auto& [x, y] : pts) s += p.pt(x, y) + " ";
  return s;
}

}  // namespace

std::string render_compare_html(const Engine& e, const json& cmp) {
  json outlines;
  std::string opath = e.dir + "/outlines.geojson";
  if (files::exists(opath)) outlines = json::parse(files::read_all(opath), nullptr, false);
  const std::string base = cmp["base"], scen = cmp["scenario"];
  std::string html;
  html +=
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Corridor: " +
      esc(base) + " vs " + esc(scen) +
      "</title><style>"
      "body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}"
      "table{border-collapse:collapse;font-size:14px}td,th{padding:3px 8px;border-bottom:1px solid "
      "#ddd;text-align:right}"
      "td:first-child,th:first-child{text-align:left}.maps{display:flex;flex-wrap:wrap;gap:16px}"
      ".card{border:1px solid "
      "#ccc;border-radius:6px;padding:8px}.base{color:#c0392b}.scen{color:#1f6fb2}"
      "small{color:#666}</style></head><body>";
  html += "<h1>Corridor scenario comparison: <span class=\"base\">" + esc(base) +
          "</span> vs <span class=\"scen\">" + esc(scen) + "</span></h1>";
  html += "<p>Dataset <b>" + esc(e.base.name) + "</b>, profile <b>" +
          esc(cmp["profile"].get<std::string>()) + "</b>. Red dashed: " + esc(base) +
          "; blue: " + esc(scen) + ".</p>";
  // Summary table.
  html +=
      "<table><tr><th>pair</th><th>scenario</th><th>km</th><th>hours</th><th>USD</th><th>borders</"
      "th><th>countries</th></tr>";
  for (const auto& p : cmp["pairs"]) {
    std::string name =
        p["from"]["name"].get<std::string>() + " → " + p["to"]["name"].get<std::string>();
    for (const char* key : {"base", "scenario"}) {
      const json& r = p[key];
      html += "<tr><td>" + (std::string(key) == "base" ? esc(name) : "") + "</td><td class=\"" +
              (std::string(key) == "base" ? "base" : "scen") + "\">" +
              esc(cmp[key].get<std::string>()) + "</td>";
      if (r.is_null()) {
        html += "<td colspan=\"5\">no route</td></tr>";
        continue;
      }
      std::string countries;
      for (const auto& c : r["countries"])
        countries += (countries.empty() ? "" : " ") + c.get<std::string>();
      html += "<td>" + fmt_number(r["total"]["km"].get<double>(), 0) + "</td><td>" +
              fmt_number(r["total"]["hours"].get<double>(), 1) + "</td><td>" +
              fmt_number(r["total"]["usd"].get<double>(), 0) + "</td><td>" +
              std::to_string(r["total"]["borders"].get<int>()) + "</td><td>" + esc(countries) +
              "</td></tr>";
    }
  }
  html += "</table>";
  // Delta chart: hours and USD per pair, diverging bars.
  {
    const double W = 900, row = 26, left = 260, mid = left + (W - left) / 2;
    double max_h = 1, max_u = 1;
    for (const auto& p : cmp["pairs"])
      if (!p["delta"].is_null()) {
        max_h = std::max(max_h, std::abs(p["delta"]["hours"].get<double>()));
        max_u = std::max(max_u, std::abs(p["delta"]["usd"].get<double>()));
      }
    double H = row * (static_cast<double>(cmp["pairs"].size()) + 1) + 10;
    html += "<h2>Change " + esc(base) + " → " + esc(scen) + "</h2>";
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
    for (const auto& p : cmp["pairs"]) {
      std::string name =
          p["from"]["name"].get<std::string>() + " → " + p["to"]["name"].get<std::string>();
      html += fmt::format("<text x=\"4\" y=\"{}\" font-size=\"13\">{}</text>", y + 14, esc(name));
      if (p["delta"].is_null()) {
        std::string what = p["base"].is_null()
                               ? (p["scenario"].is_null() ? "no route in either" : "new route")
                               : "route lost";
        html += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#555\">{}</text>",
                            mid + 6, y + 14, what);
      } else {
        double dh = p["delta"]["hours"].get<double>(), du = p["delta"]["usd"].get<double>();
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
    html += "</svg>";
  }
  // One map per pair.
  html += "<h2>Routes</h2><div class=\"maps\">";
  const auto& net = e.base;
  for (const auto& p : cmp["pairs"]) {
    std::vector<std::vector<std::pair<double, double>>> lines[2];
    Box box;
    int k = 0;
    for (const char* key : {"base", "scenario"}) {
      if (!p[key].is_null()) {
        // Drawn from the legs the table reports (their links), never by routing again.
        json geo = route_legs_geojson(e.view(cmp[key].get<std::string>()).applied.net, p[key]);
        lines[k] = route_lines(geo);
        for (const auto& l : lines[k])
          for (const auto& [x, y] : l) box.add(x, y);
      }
      ++k;
    }
    for (const char* end : {"from", "to"}) {
      const auto& n = net.nodes[*net.find_node(p[end]["id"].get<std::string>())];
      box.add(n.lon, n.lat);
    }
    Projection pr(box, 420);
    std::string svg = fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" "
        "style=\"background:#eef4f8\">",
        pr.w, pr.h);
    if (outlines.is_object() && outlines.contains("features")) {
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
    }
    for (const auto& l : net.links) {
      const auto& a = net.nodes[l.from];
      const auto& b = net.nodes[l.to];
      svg += "<line x1=\"" + pr.pt(a.lon, a.lat).substr(0, pr.pt(a.lon, a.lat).find(',')) +
             "\" y1=\"" + pr.pt(a.lon, a.lat).substr(pr.pt(a.lon, a.lat).find(',') + 1) +
             "\" x2=\"" + pr.pt(b.lon, b.lat).substr(0, pr.pt(b.lon, b.lat).find(',')) +
             "\" y2=\"" + pr.pt(b.lon, b.lat).substr(pr.pt(b.lon, b.lat).find(',') + 1) +
             "\" stroke=\"#cfcfcf\" stroke-width=\"0.8\"/>";
    }
    for (const auto& l : lines[0])
      svg += "<polyline points=\"" + polyline(pr, l) +
             "\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"3\" stroke-dasharray=\"6 4\"/>";
    for (const auto& l : lines[1])
      svg += "<polyline points=\"" + polyline(pr, l) +
             "\" fill=\"none\" stroke=\"#1f6fb2\" stroke-width=\"2\"/>";
    for (const char* end : {"from", "to"}) {
      const auto& n = net.nodes[*net.find_node(p[end]["id"].get<std::string>())];
      std::string xy = pr.pt(n.lon, n.lat);
      std::string x = xy.substr(0, xy.find(',')), y = xy.substr(xy.find(',') + 1);
      svg += "<circle cx=\"" + x + "\" cy=\"" + y + "\" r=\"4\" fill=\"#222\"/><text x=\"" + x +
             "\" y=\"" + y + "\" dx=\"6\" dy=\"-6\" font-size=\"12\">" + esc(n.name) + "</text>";
    }
    svg += "</svg>";
    html += "<div class=\"card\"><b>" + esc(p["from"]["name"].get<std::string>()) + " → " +
            esc(p["to"]["name"].get<std::string>()) + "</b><br>" + svg + "</div>";
  }
  html +=
      "</div><p><small>Country outlines: Natural Earth (public domain). Link geometry: the "
      "dataset's "
      "sources; railway alignments derived from © OpenStreetMap contributors (ODbL) where noted in "
      "the "
      "dataset. Generated by Corridor 0.1.</small></p></body></html>\n";
  return html;
}

}  // namespace corridor::api
