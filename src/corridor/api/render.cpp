#include "corridor/api/render.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>

#include "corridor/core/text.h"

namespace corridor::api {

using nlohmann::json;

std::string fmt_number(double v, int decimals) {
  std::string s = fmt::format("{:.{}f}", std::abs(v), decimals);
  size_t dot = s.find('.');
  size_t int_end = dot == std::string::npos ? s.size() : dot;
  std::string out;
  for (size_t i = 0; i < int_end; ++i) {
    out.push_back(s[i]);
    size_t rest = int_end - i - 1;
    if (rest > 0 && rest % 3 == 0) out.push_back(',');
  }
  out += s.substr(int_end);
  bool zero = true;
  for (char c : out)
    if (c >= '1' && c <= '9') zero = false;
  return (v < 0 && !zero ? "-" : "") + out;
}

namespace {

std::string pad(const std::string& s, size_t w, bool right = false) {
  // width in code points, so "→" and "ə" count as one column
  size_t cps = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++cps;
  if (cps >= w) return s;
  std::string sp(w - cps, ' ');
  return right ? sp + s : s + sp;
}

std::string leg_mode(const json& leg) {
  std::string m = leg["mode"];
  if (m == "transfer")
    return "transfer " + leg["from_mode"].get<std::string>() + "→" +
           leg["to_mode"].get<std::string>();
  if (m == "gauge_change")
    return "gauge " + std::to_string(leg["from_gauge"].get<int>()) + "→" +
           std::to_string(leg["to_gauge"].get<int>());
  if (leg.contains("border") && leg["border"].get<bool>()) m = "border " + m;
  if (!leg["gauge"].is_null() && leg["mode"] == "rail")
    m += " " + std::to_string(leg["gauge"].get<int>());
  return m;
}

std::string one_route(const json& r, const json& head) {
  std::string out;
  out += "  #  " + pad("mode", 21) + pad("from → to", 44) + pad("km", 9, true) +
         pad("hours", 9, true) + pad("USD", 11, true) + "\n";
  int i = 1;
  for (const auto& leg : r["legs"]) {
    std::string ft = leg["from"] == leg["to"] ? "at " + leg["from_name"].get<std::string>()
                                              : leg["from_name"].get<std::string>() + " → " +
                                                    leg["to_name"].get<std::string>();
    out += pad(std::to_string(i++), 3, true) + "  " + pad(leg_mode(leg), 21) + pad(ft, 44) +
           pad(fmt_number(leg["km"].get<double>(), 1), 9, true) +
           pad(fmt_number(leg["hours"].get<double>(), 2), 9, true) +
           pad(fmt_number(leg["usd"].get<double>(), 2), 11, true) + "\n";
  }
  const json& t = r["total"];
  std::string countries;
  for (const auto& c : r["countries"])
    countries += (countries.empty() ? "" : " ") + c.get<std::string>();
  out += "  total: " + fmt_number(t["km"].get<double>(), 1) + " km · " +
         fmt_number(t["hours"].get<double>(), 2) + " h · $" +
         fmt_number(t["usd"].get<double>(), 2) + " · generalized cost $" +
         fmt_number(t["cost"].get<double>(), 2) + " · " + std::to_string(t["borders"].get<int>()) +
         (t["borders"].get<int>() == 1 ? " border" : " borders") + " · " + countries + "\n";
  (void)head;
  return out;
}

}  // namespace

std::string render_route_text(const json& r) {
  std::string out =
      r["from"]["name"].get<std::string>() + " → " + r["to"]["name"].get<std::string>() +
      "  (scenario " + r["scenario"].get<std::string>() + ", profile " +
      r["profile"].get<std::string>() + ", year " + std::to_string(r["year"].get<int>()) + ")\n";
  if (r.contains("routes")) {
    int k = 1;
    for (const auto& alt : r["routes"]) {
      out += "\n" + std::string(r["kind"] == "pareto" ? "Pareto route " : "Route ") +
             std::to_string(k++) + " of " + std::to_string(r["routes"].size()) + "\n";
      out += one_route(alt, r);
    }
  } else {
    out += one_route(r, r);
  }
  if (r.contains("sources")) {
    out += "\nsources:\n";
    for (const auto& src : r["sources"])
      out += "  " + pad(src["kind"].get<std::string>(), 13) +
             pad(src["id"].get<std::string>(), 26) + src["source"].get<std::string>() + "\n";
  }
  return out;
}

std::string render_compare_text(const json& c) {
  std::string out;
  out += pad("pair", 30) + pad("scenario", 20) + pad("km", 10, true) + pad("hours", 10, true) +
         pad("USD", 12, true) + pad("borders", 9, true) + "  countries\n";
  for (const auto& p : c["pairs"]) {
    std::string name =
        p["from"]["name"].get<std::string>() + " → " + p["to"]["name"].get<std::string>();
    bool first = true;
    for (const char* key : {"base", "scenario"}) {
      std::string label = c[key];
      const json& r = p[key];
      out += pad(first ? name : "", 30) + pad(label, 20);
      first = false;
      if (r.is_null()) {
        out += pad("no route", 10, true) + "\n";
        continue;
      }
      std::string countries;
      for (const auto& cc : r["countries"])
        countries += (countries.empty() ? "" : " ") + cc.get<std::string>();
      out += pad(fmt_number(r["total"]["km"].get<double>(), 0), 10, true) +
             pad(fmt_number(r["total"]["hours"].get<double>(), 1), 10, true) +
             pad(fmt_number(r["total"]["usd"].get<double>(), 0), 12, true) +
             pad(std::to_string(r["total"]["borders"].get<int>()), 9, true) + "  " + countries +
             "\n";
    }
    out += pad("", 30) + pad("Δ", 20);
    if (p["delta"].is_null()) {
      out += pad(p["base"].is_null() ? "new route" : "route lost", 10, true) + "\n";
    } else {
      auto sgn = [](double v, int d) { return (v > 0 ? "+" : "") + fmt_number(v, d); };
      const json& d = p["delta"];
      out += pad(sgn(d["km"].get<double>(), 0), 10, true) +
             pad(sgn(d["hours"].get<double>(), 1), 10, true) +
             pad(sgn(d["usd"].get<double>(), 0), 12, true) +
             pad(sgn(d["borders"].get<double>(), 0), 9, true) + "\n";
    }
  }
  return out;
}

namespace {
std::string cell(const json& v) { return text::csv_quote(v.get<std::string>()); }
std::string num_or_empty(const json& v) {
  if (v.is_null()) return "";
  return fmt::format("{}", v.get<double>());
}
}  // namespace

std::string render_compare_csv(const json& c) {
  std::string out = "from,to,scenario,km,hours,usd,cost,borders,countries\n";
  for (const auto& p : c["pairs"]) {
    for (const char* key : {"base", "scenario"}) {
      const json& r = p[key];
      out += cell(p["from"]["id"]) + "," + cell(p["to"]["id"]) + "," + cell(c[key]) + ",";
      if (r.is_null()) {
        out += ",,,,,\n";
        continue;
      }
      std::string countries;
      for (const auto& cc : r["countries"])
        countries += (countries.empty() ? "" : " ") + cc.get<std::string>();
      const json& t = r["total"];
      out += num_or_empty(t["km"]) + "," + num_or_empty(t["hours"]) + "," + num_or_empty(t["usd"]) +
             "," + num_or_empty(t["cost"]) + "," + std::to_string(t["borders"].get<int>()) + "," +
             countries + "\n";
    }
  }
  return out;
}

std::string render_table_csv(const json& t) {
  std::string out = "from,to,cost,hours,usd,km\n";
  for (size_t i = 0; i < t["sources"].size(); ++i)
    for (size_t j = 0; j < t["targets"].size(); ++j)
      out += cell(t["sources"][i]["id"]) + "," + cell(t["targets"][j]["id"]) + "," +
             num_or_empty(t["cost"][i][j]) + "," + num_or_empty(t["hours"][i][j]) + "," +
             num_or_empty(t["usd"][i][j]) + "," + num_or_empty(t["km"][i][j]) + "\n";
  return out;
}

std::string render_banner(const json& info, const std::string& scenario, const std::string& profile,
                          double vot) {
  return fmt::format(
      "Corridor 0.1 · data: {} ({} nodes, {} links, {} border links) · scenario: {} · profile: {} "
      "(VoT ${}/h)\n",
      info["name"].get<std::string>(), info["nodes"].get<size_t>(), info["links"].get<size_t>(),
      info["border_links"].get<size_t>(), scenario, profile, fmt_number(vot, 2));
}

}  // namespace corridor::api
