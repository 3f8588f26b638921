// Test worlds: a network from a few lines of text, so each routing test fits on one screen.
//
//   node A AZ city transfer=2/100          id, country, kind, transfer hours/USD per TEU
//   node B AZ station gauge=6/300          gauge change hours/USD
//   node P AZ port transfers=ferry-rail:6/80;road-ferry:-   per mode pair (over transfer=)
//   link AB A -- B rail km=100 kmh=50 g=1520      '--' both ways, '->' one way
//   link BX B -- X road km=1 h=3 border fee=50    h= fixed hours (instead of kmh=), dwell=, fee=
//   link CD C -- D rail km=10 kmh=50 g=1435 status=planned@2028
//   profile teu vot=10 rail=0.5 road=1 ferry=0    value of time and per-km tariffs
//
// The text goes through the real dataset loader (io::load_dataset_text), so worlds are validated
// exactly like shipped data.
#pragma once
#include <sstream>
#include <string>
#include <vector>

#include "corridor/io/dataset.h"
#include "corridor/network/network.h"

namespace corridor::test {

inline io::DatasetText world_text(const std::string& spec) {
  std::ostringstream nodes, links, params;
  nodes << "node_id,name,x_coord,y_coord,country,node_type,transfer_hours,transfer_usd,gauge_"
           "change_hours,"
           "gauge_change_usd,aliases,transfers,source\n";
  links << "link_id,from_node_id,to_node_id,directed,mode,link_type,length,free_speed,travel_hours,"
           "dwell_hours,"
           "fee_usd,gauge_mm,status,status_year,source\n";
  params << "profile,parameter,mode,country,value,source\n";
  bool have_params = false;
  std::istringstream in(spec);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string kw;
    if (!(ls >> kw)) continue;
    std::vector<std::string> t;
    for (std::string w; ls >> w;) t.push_back(w);
    auto opt = [&](const std::string& key, const std::string& dflt = "") {
      for (const auto& w : t)
        if (w.rfind(key + "=", 0) == 0) return w.substr(key.size() + 1);
      return dflt;
    };
    auto flag = [&](const std::string& f) {
      for (const auto& w : t)
        if (w == f) return true;
      return false;
    };
    auto pair_of = [](const std::string& v, std::string& a, std::string& b) {
      auto s = v.find('/');
      a = v.substr(0, s);
      b = s == std::string::npos ? "0" : v.substr(s + 1);
    };
    if (kw == "node") {
      std::string th, tu, gh, gu;
      if (!opt("transfer").empty()) pair_of(opt("transfer"), th, tu);
      if (!opt("gauge").empty()) pair_of(opt("gauge"), gh, gu);
      std::string kind = t.size() > 2 && t[2].find('=') == std::string::npos ? t[2] : "city";
      // Nodes are laid out on a diagonal so coordinates are valid and distinct.
      nodes << t[0] << "," << opt("name", t[0]) << "," << 40 + 0.1 * n << "," << 40 + 0.05 * n
            << "," << t[1] << "," << kind << "," << th << "," << tu << "," << gh << "," << gu << ","
            << opt("aliases") << ",\"" << opt("transfers") << "\",test\n";
      ++n;
    } else if (kw == "link") {
      std::string status = "operating", year;
      if (auto s = opt("status"); !s.empty()) {
        auto at = s.find('@');
        status = s.substr(0, at);
        if (at != std::string::npos) year = s.substr(at + 1);
      }
      links << t[0] << "," << t[1] << "," << t[3] << "," << (t[2] == "->" ? 1 : 0) << "," << t[4]
            << "," << (flag("border") ? "border" : "line") << "," << opt("km", "0") << ","
            << opt("kmh") << "," << opt("h") << "," << opt("dwell", "0") << "," << opt("fee", "0")
            << "," << opt("g") << "," << status << "," << year << ",test\n";
    } else if (kw == "profile") {
      have_params = true;
      params << t[0] << ",value_of_time,,," << opt("vot", "0") << ",test\n";
      params << t[0] << ",money_per_teu,,," << opt("money", "1") << ",test\n";
      params << t[0] << ",tonnes_per_unit,,," << opt("tonnes", "1") << ",test\n";
      for (const char* m : {"rail", "road", "ferry"})
        params << t[0] << ",tariff_km," << m << ",," << opt(m, "0") << ",test\n";
    }
  }
  if (have_params && spec.find("profile tonne") == std::string::npos)
    params << "tonne,value_of_time,,,0,test\ntonne,money_per_teu,,,1,test\ntonne,tonnes_per_unit,,,"
              "1,test\n"
              "tonne,tariff_km,rail,,0,test\ntonne,tariff_km,road,,0,test\ntonne,tariff_km,ferry,,"
              "0,test\n";
  io::DatasetText d;
  d.nodes = nodes.str();
  d.links = links.str();
  if (have_params) d.params = params.str();
  return d;
}

inline network::Network world(const std::string& spec) {
  return io::load_dataset_text(world_text(spec));
}

}  // namespace corridor::test
