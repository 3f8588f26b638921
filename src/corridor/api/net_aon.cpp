// All-or-nothing loading on an imported network (detail/net_aon.h).
#include "corridor/api/detail/net_aon.h"

#include <algorithm>
#include <numeric>
#include <tuple>

#include "corridor/core/files.h"
#include "corridor/io/csv.h"
#include "corridor/route/dijkstra.h"

namespace corridor::api::detail {

std::vector<NetOd> load_net_demand(const NetSession& s, const std::string& file,
                                   const std::string& command) {
  if (file.empty())
    throw Error(Errc::usage, command +
                                 " --net needs --demand FILE.csv (origin,destination,volume: OSM "
                                 "node ids or \"lat,lon\", units per day)");
  std::vector<Diagnostic> problems;
  const io::CsvTable t = io::parse_csv(files::read_all(file), file, problems);
  io::CsvRowReader rr(t, problems);
  std::vector<NetOd> ods;
  if (rr.require_columns({"origin", "destination", "volume"})) {
    const bool has_corridor = t.find("corridor") >= 0;
    for (size_t i = 0; i < t.rows.size(); ++i) {
      rr.set_row(i);
      const std::string o = rr.str("origin", true), d = rr.str("destination", true);
      const auto v = rr.number("volume", true, 0);
      NetOd od;
      if (has_corridor) od.corridor = rr.str("corridor", false);
      if (o.empty() || d.empty() || !v) continue;
      od.units = *v;
      bool ok = true;
      for (auto [col, place, out] :
           {std::tuple{"origin", &o, &od.origin}, std::tuple{"destination", &d, &od.destination}}) {
        try {
          *out = s.router->resolve(*place);
        } catch (const Error& e) {
          rr.problem(col, e.what());
          ok = false;
        }
      }
      if (ok) ods.push_back(od);
    }
  }
  if (!problems.empty()) {
    const size_t n = problems.size();
    throw Error(Errc::invalid_input,
                "invalid demand file '" + file + "': " + std::to_string(n) + " problem(s)",
                std::move(problems));
  }
  return ods;
}

NetAon net_aon(const NetSession& s, const std::vector<uint32_t>& w, const std::vector<NetOd>& ods) {
  const osm::FlatNetwork& net = s.net();
  NetAon out;
  out.paths.resize(ods.size());
  out.volume.assign(net.num_links(), 0);
  route::Dijkstra<uint32_t> d(net.num_nodes());
  std::vector<size_t> order(ods.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return ods[a].origin < ods[b].origin; });
  for (size_t k = 0; k < order.size(); ++k) {
    const NetOd& od = ods[order[k]];
    if (k == 0 || ods[order[k - 1]].origin != od.origin) {
      d.reset();
      d.add_source(od.origin);
      d.run(s.router->graph, w.data());
    }
    NetPath& p = out.paths[order[k]];
    if (!d.reached(od.destination)) continue;
    p.routed = true;
    p.cost = d.dist(od.destination);
    p.links = d.path_arcs(od.destination);
    for (uint32_t a : p.links) out.volume[a] += od.units;
  }
  return out;
}

uint32_t twin(const osm::FlatNetwork& net, uint32_t a) {
  const osm::FlatLink& l = net.links[a];
  for (uint32_t b = net.first_out[l.head]; b < net.first_out[l.head + 1]; ++b)
    if (net.links[b].head == l.tail && net.way_id[b] == net.way_id[a] &&
        net.links[b].transfer() == l.transfer())
      return b;
  return route::kInvalid;
}

}  // namespace corridor::api::detail
