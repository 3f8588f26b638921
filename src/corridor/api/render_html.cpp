// The HTML compare report: inline SVG only (no scripts, fonts or network), so it opens anywhere.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "corridor/api/api.h"
#include "corridor/api/critical.h"
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

// ---- criticality report (corridor critical --report FILE.html) ---------------------------------

namespace {

// Five equal classes of Δ cost over (0, max], light to dark (ColorBrewer YlOrRd).
constexpr const char* kCritColours[5] = {"#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"};
constexpr const char* kStrandColour = "#54278f";  // removals that leave demand without a path

std::string crit_assumptions(const Engine& e, const CriticalResult& r) {
  std::string h = "<h2>Assumptions</h2><table class=\"assumptions\">";
  auto row = [&](const std::string& k, const std::string& v) {
    h += "<tr><th>" + k + "</th><td>" + v + "</td></tr>";
  };
  std::string scen_desc;
  for (const auto& s : scenarios(e).scenarios)
    if (s.name == r.scenario) scen_desc = s.description;
  row("Dataset", "<b>" + esc(e.base.name) + "</b>, base year " + std::to_string(e.base.base_year));
  row("Scenario", "<b>" + esc(r.scenario) + "</b>" +
                      (scen_desc.empty() ? "" : ": " + esc(scen_desc)) + "; links open in <b>" +
                      std::to_string(r.year) + "</b>");
  if (auto it = e.base.profiles.find(r.profile); it != e.base.profiles.end()) {
    const auto& prof = it->second;
    row("Profile", "<b>" + esc(r.profile) + "</b>" +
                       (prof.description.empty() ? "" : ": " + esc(prof.description)) +
                       fmt::format(" ({:.1f} t per unit); value of time USD {:.2f} per unit-hour",
                                   prof.tonnes_per_unit, prof.value_of_time));
  }
  row("Demand", "<code>" + esc(std::filesystem::path(r.demand_file).filename().string()) +
                    "</code>: annual volumes per OD pair, fixed (not re-distributed), as units "
                    "per day of the profile");
  row("Assignment",
      r.assign == "ue"
          ? std::string("<b>user equilibrium</b> (NRI-style): one full re-equilibration per "
                        "removal; Δ cost = total Σ flow × cost after − before")
          : std::string(
                "<b>all-or-nothing</b> (fixed demand, ra2ce-style): each OD on its "
                "cheapest path; only the ODs whose path used a removed link are re-routed"));
  row("Disruption", r.mode == "removal"
                        ? std::string("the link is removed")
                        : "its capacity is cut to " + esc(r.mode.substr(9)) + " of itself");
  row("Removals",
      r.k == 2 ? fmt::format("<b>pairs</b>: every unordered pair of the {} candidate links, both "
                             "disrupted together ({} pairs); <i>interaction</i> = the pair's Δ "
                             "cost − the two links' Δ costs when removed alone",
                             r.candidates, r.removals)
               : fmt::format("each of the {} candidate links alone", r.candidates));
  row("Δ cost",
      "USD per day of generalized cost (out-of-pocket charges + value of time × hours) "
      "summed over the OD pairs that are still served; demand that loses its only "
      "path is reported as <i>unserved</i>, never as a saving");
  row("Connected", "no OD pair lost its last path");
  if (r.emissions)
    row("Δ tCO2e",
        "well-to-wheel tonnes of CO2e per day, after − before, over the OD pairs still "
        "served: the dataset's cited emission factors per link "
        "(<code>appraisal/emission-factors.csv</code>, see docs/appraisal.md)");
  row("Ranking", r.metric == "cost"       ? "by Δ cost, largest first; ties by link id"
                 : r.metric == "unserved" ? "by unserved demand, largest first; ties by link id"
                 : r.metric == "both"     ? "by unserved demand, then Δ cost; ties by link id"
                                          : "by interaction, largest first; ties by link id");
  row("Base", fmt::format("{} USD/day generalized cost, {} units/day served, {} unserved",
                          fmt_number(r.base_cost, 0), fmt_number(r.base_served_units, 2),
                          fmt_number(r.base_unserved_units, 2)));
  return h + "</table>";
}

std::string crit_table(const CriticalResult& r) {
  std::string h =
      "<h2>Ranking</h2><table class=\"ranking\"><tr><th>rank</th><th class=\"id\">link</th>";
  if (r.k == 2) h += "<th class=\"id\">and link</th>";
  h += "<th>mode</th><th>border</th><th>base units/day</th><th>Δ cost USD/day</th>"
       "<th>unserved units/day</th><th>unserved t/day</th><th>connected</th>";
  if (r.k == 2) h += "<th>interaction USD/day</th>";
  if (r.emissions) h += "<th>Δ tCO2e/day</th>";
  h += "</tr>";
  for (const auto& x : r.rows) {
    auto cell = [](const std::string& id, const std::string& name) {
      return "<td class=\"id\"><b>" + esc(id) + "</b>" +
             (name.empty() || name == id ? "" : "<br><small>" + esc(name) + "</small>") + "</td>";
    };
    h += fmt::format("<tr class=\"{}\"><td>{}</td>", x.connected ? "" : "strand", x.rank);
    h += cell(x.id, x.name);
    if (r.k == 2) h += cell(x.id2, x.name2);
    const std::string mode =
        r.k == 2 ? fmt::format("{} + {}", network::to_string(x.mode), network::to_string(x.mode2))
                 : std::string(network::to_string(x.mode));
    const bool border = x.border || x.border2;
    const std::string base =
        r.k == 2 ? fmt_number(x.base_units, 2) + " / " + fmt_number(x.base_units2, 2)
                 : fmt_number(x.base_units, 2);
    h += fmt::format(
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", mode,
        border ? "yes" : "", base, fmt_number(x.delta_cost, 0), fmt_number(x.unserved_units, 2),
        fmt_number(x.unserved_tonnes, 0), x.connected ? "yes" : "<b>no</b>");
    // Optional columns go before the row's closing </tr>.
    if (r.k == 2) h.insert(h.size() - 5, "<td>" + fmt_number(x.interaction, 0) + "</td>");
    if (r.emissions) h.insert(h.size() - 5, "<td>" + fmt_number(x.delta_tco2e, 2) + "</td>");
  }
  return h + "</table>";
}

std::string crit_map(const Engine& e, const CriticalResult& r, const json& outlines) {
  const auto& net = e.view(r.scenario).applied.net;
  // Per link, the largest Δ cost (and whether demand is stranded) of any listed removal with it.
  std::map<uint32_t, std::pair<double, bool>> worst;
  double max_delta = 0;
  for (const auto& x : r.rows) {
    for (auto l : {std::optional<network::LinkIdx>(x.link), x.link2}) {
      if (!l) continue;
      auto& w = worst[l->v];
      w.first = std::max(w.first, x.delta_cost);
      w.second = w.second || !x.connected;
    }
    max_delta = std::max(max_delta, x.delta_cost);
  }
  Box box;
  for (const auto& n : net.nodes) box.add(n.lon, n.lat);
  Projection pr(box, 900);
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" "
      "style=\"background:#eef4f8\">",
      pr.w, pr.h + 72);
  svg += outline_paths(pr, outlines);
  std::string top;
  for (auto li : net.links.ids()) {
    const auto& l = net.links[li];
    if (!l.open_in(r.year)) continue;
    const std::string pts = polyline(pr, link_coords(net, l, false));
    auto it = worst.find(li.v);
    if (it == worst.end() || (it->second.first <= 0 && !it->second.second)) {
      svg +=
          "<polyline points=\"" + pts + "\" fill=\"none\" stroke=\"#b5b5b5\" stroke-width=\"1\"/>";
      continue;
    }
    const double d = it->second.first;
    const int cls =
        max_delta > 0 ? std::clamp(static_cast<int>(std::ceil(d / max_delta * 5)) - 1, 0, 4) : 0;
    const double width = max_delta > 0 ? 1.5 + 6.5 * std::max(0.0, d) / max_delta : 1.5;
    std::string title = esc(l.id) + fmt::format(": Δ {} USD/day", fmt_number(d, 0));
    if (it->second.second) title += ", strands demand";
    if (d > 0)
      top += fmt::format(
          "<polyline class=\"crit c{}\" points=\"{}\" fill=\"none\" stroke=\"{}\" "
          "stroke-width=\"{:.1f}\" stroke-linecap=\"round\"><title>{}</title></polyline>",
          cls, pts, kCritColours[cls], width, title);
    if (it->second.second)
      top += fmt::format(
          "<polyline class=\"crit strand\" points=\"{}\" fill=\"none\" stroke=\"{}\" "
          "stroke-width=\"2.5\" stroke-dasharray=\"5 3\"><title>{}</title></polyline>",
          pts, kStrandColour, title);
  }
  svg += top;
  // Legend in a strip under the map (so it never hides a link): the five classes with their Δ
  // ranges, stranding, the rest; then the km scale bar in the map's lower-left corner.
  const double ly = pr.h + 6;
  svg += fmt::format(
      "<g class=\"legend\"><rect x=\"0\" y=\"{:.1f}\" width=\"{:.0f}\" height=\"72\" "
      "fill=\"#ffffff\"/><text x=\"6\" y=\"{:.1f}\" font-size=\"11\" "
      "font-weight=\"bold\">Δ cost, USD/day{}</text>",
      pr.h, pr.w, ly + 12, r.k == 2 ? " (worst listed pair)" : "");
  for (int i = 0; i < 5; ++i) {
    const double x = 6 + 175 * i, y = ly + 26;
    const double w = 1.5 + 6.5 * (i + 1) / 5.0;
    svg += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" "
        "stroke-width=\"{:.1f}\"/><text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\">{} – {}</text>",
        x, y, x + 26, y, kCritColours[i], w, x + 31, y + 4, fmt_number(max_delta * i / 5, 0),
        fmt_number(max_delta * (i + 1) / 5, 0));
  }
  const double y2 = ly + 46;
  svg += fmt::format(
      "<line x1=\"6\" y1=\"{:.1f}\" x2=\"32\" y2=\"{:.1f}\" stroke=\"{}\" "
      "stroke-width=\"2.5\" stroke-dasharray=\"5 3\"/><text x=\"37\" y=\"{:.1f}\" "
      "font-size=\"11\">strands demand (no path left)</text>"
      "<line x1=\"356\" y1=\"{:.1f}\" x2=\"382\" y2=\"{:.1f}\" stroke=\"#b5b5b5\" "
      "stroke-width=\"1\"/><text x=\"387\" y=\"{:.1f}\" font-size=\"11\">Δ 0, or not in "
      "the listed ranking</text></g>",
      y2, y2, kStrandColour, y2 + 4, y2, y2, y2 + 4);
  constexpr double kKmPerDegree = 111.32;
  const double px_per_km = pr.k / kKmPerDegree;
  double km = 1;
  for (double c : {1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0})
    if (c * px_per_km <= pr.w / 4) km = c;
  const double len = km * px_per_km, x0 = 10, y0 = pr.h - 12;
  svg += fmt::format(
      "<g class=\"scale\"><line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" "
      "stroke=\"#222\" stroke-width=\"2\"/><line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" "
      "y2=\"{:.1f}\" stroke=\"#222\"/><line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" "
      "y2=\"{:.1f}\" stroke=\"#222\"/><text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\">{:.0f} "
      "km</text></g>",
      x0, y0, x0 + len, y0, x0, y0 - 4, x0, y0 + 4, x0 + len, y0 - 4, x0 + len, y0 + 4, x0, y0 - 7,
      km);
  return svg + "</svg>";
}

}  // namespace

std::string render_critical_html(const Engine& e, const CriticalResult& r) {
  json outlines;
  std::string opath = e.dir + "/outlines.geojson";
  if (files::exists(opath)) outlines = json::parse(files::read_all(opath), nullptr, false);
  std::string html =
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Corridor "
      "criticality: " +
      esc(r.scenario) +
      "</title><style>"
      "body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}"
      "table{border-collapse:collapse;font-size:14px}td,th{padding:3px 8px;border-bottom:1px "
      "solid #ddd;text-align:right;vertical-align:top}"
      "td:first-child,th:first-child,td.id,th.id{text-align:left}small{color:#666}"
      ".assumptions td{text-align:left;max-width:900px}.assumptions th{text-align:left}"
      "tr.strand td{background:#f2eef8}</style></head><body>";
  html += "<h1>Corridor criticality: " + esc(r.scenario) + "</h1>";
  html += fmt::format(
      "<p>Which {} would cost the most to lose: {} of {} candidate links, {} assignment, links "
      "open in <b>{}</b>, profile <b>{}</b>. Wider, darker lines cost more to lose.</p>",
      r.k == 2 ? "pairs of links and border crossings" : "links and border crossings",
      r.k == 2 ? fmt::format("the top {} of {} pairs", r.rows.size(), r.removals)
               : fmt::format("the top {}", r.rows.size()),
      r.candidates, esc(r.assign == "ue" ? "user-equilibrium" : "all-or-nothing"), r.year,
      esc(r.profile));
  html += "<h2>Map</h2>" + crit_map(e, r, outlines);
  html += crit_table(r);
  html += crit_assumptions(e, r);
  html +=
      "<p><small>Country outlines: Natural Earth (public domain). Link geometry: the dataset's "
      "sources; railway alignments derived from © OpenStreetMap contributors (ODbL) where noted "
      "in the dataset. Generated by Corridor 0.1 (<code>corridor critical --report</code>)."
      "</small></p></body></html>\n";
  return html;
}

}  // namespace corridor::api
