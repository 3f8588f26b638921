// api::net_critical: fixed-demand (all-or-nothing) criticality on an imported network (net.h).
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <numeric>
#include <optional>

#include "corridor/api/detail/net_aon.h"
#include "corridor/api/net.h"
#include "corridor/core/files.h"
#include "corridor/core/text.h"
#include "corridor/io/csv.h"
#include "corridor/route/dijkstra.h"

namespace corridor::api {
CriticalResult net_critical(const NetSession& s, const CriticalRequest& req, size_t cch_min_ods) {
  req.validate();
  if (req.assign != "aon" || req.mode != "removal")
    throw Error(Errc::usage,
                "critical --net supports --assign aon --mode removal (fixed demand): a .cnet has "
                "no capacities to cut or congest");
  if (req.year) throw Error(Errc::usage, "--year cannot be applied to an imported network (--net)");
  const osm::FlatNetwork& net = s.net();
  const route::Graph& g = s.router->graph;
  const osm::NetScenario sc = net_scenario(s, req.scenario);
  const std::vector<uint32_t> w = osm::scenario_weights(net, s.router->profile, sc);
  const std::vector<detail::NetOd> ods = detail::load_net_demand(s, req.demand_file, "critical");
  auto hours = [&](uint64_t c) { return detail::hours_of(net, c); };
  detail::NetAon aon = detail::net_aon(s, w, ods);
  const std::vector<detail::NetPath>& base = aon.paths;
  const std::vector<double>& volume = aon.volume;
  CriticalResult out;
  out.scenario = sc.name;
  out.profile = s.router->profile.to_string();
  out.demand_file = req.demand_file;
  out.metric = req.metric;
  out.mode = req.mode;
  out.assign = req.assign;
  for (size_t i = 0; i < ods.size(); ++i) {
    if (base[i].routed) {
      out.base_cost += ods[i].units * hours(base[i].cost);
      out.base_served_units += ods[i].units;
    } else {
      out.base_unserved_units += ods[i].units;
    }
  }

  // Candidates: a link with its reverse twin (same way, swapped ends), named by the lower index.
  auto twin = [&](uint32_t a) { return detail::twin(net, a); };
  const std::vector<std::string> terms = text::split(req.links, ',');
  auto selected = [&](uint32_t a) {
    if (w[a] == route::Dijkstra<uint32_t>::kInf)
      return false;  // closed or not allowed: nothing to remove
    if (terms.empty()) return true;
    const osm::FlatLink& l = net.links[a];
    for (const auto& t : terms) {
      if (t == "border" ? bool(l.flags & osm::kBorder)
          : t == "rail" || t == "road" || t == "ferry"
              ? !l.transfer() && network::to_string(l.link_mode()) == t
              : critical::glob_match(t, net_link_id(net, a)))
        return true;
    }
    return false;
  };
  std::vector<std::pair<uint32_t, uint32_t>> cands;  // (link, twin or kInvalid)
  for (uint32_t a = 0; a < net.num_links(); ++a) {
    const uint32_t b = twin(a);
    if (b != route::kInvalid && b < a) continue;  // the pair is named by its lower index
    if (!(selected(a) || (b != route::kInvalid && selected(b)))) continue;
    const double vol = volume[a] + (b != route::kInvalid ? volume[b] : 0);
    if (terms.empty() && vol == 0) continue;  // default: links that carry base flow
    cands.push_back({a, b});
  }
  if (cands.empty())
    throw Error(Errc::usage, req.links.empty()
                                 ? "no link carries demand in the base assignment"
                                 : "--links '" + req.links + "' selects no open link");
  out.candidates = cands.size();

  // ODs per link (CSR over links), for the re-routing of affected ODs only.
  std::vector<uint32_t> first(net.num_links() + 1, 0);
  for (const detail::NetPath& p : base)
    for (uint32_t a : p.links) ++first[a + 1];
  for (uint32_t a = 0; a < net.num_links(); ++a) first[a + 1] += first[a];
  std::vector<uint32_t> od_of(first.back()), fill(first.begin(), first.end() - 1);
  for (uint32_t i = 0; i < base.size(); ++i)
    for (uint32_t a : base[i].links) od_of[fill[a]++] = i;

  struct Work {
    route::Dijkstra<uint32_t> d;
    std::vector<uint32_t> w;
  };
  tbb::enumerable_thread_specific<Work> work([&] {
    return Work{route::Dijkstra<uint32_t>(net.num_nodes()), w};
  });
  std::vector<critical::Impact> impacts(cands.size());
  tbb::task_arena arena(req.threads > 0 ? req.threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(
        tbb::blocked_range<size_t>(0, cands.size()), [&](const tbb::blocked_range<size_t>& r) {
          Work& wk = work.local();
          for (size_t c = r.begin(); c < r.end(); ++c) {
            const auto [a, b] = cands[c];
            std::vector<uint32_t> affected(od_of.begin() + first[a], od_of.begin() + first[a + 1]);
            if (b != route::kInvalid)
              affected.insert(affected.end(), od_of.begin() + first[b],
                              od_of.begin() + first[b + 1]);
            std::sort(affected.begin(), affected.end());
            affected.erase(std::unique(affected.begin(), affected.end()), affected.end());
            wk.w[a] = route::Dijkstra<uint32_t>::kInf;
            if (b != route::kInvalid) wk.w[b] = route::Dijkstra<uint32_t>::kInf;
            critical::Impact& im = impacts[c];
            im.link = network::LinkIdx(a);
            im.base_volume = volume[a] + (b != route::kInvalid ? volume[b] : 0);
            im.ods_affected = static_cast<int>(affected.size());
            // Many affected ODs: one customization of the session's CCH without the segment,
            // then a query each; few: a Dijkstra each. Both give the exact same distances.
            std::optional<ch::CchMetric> metric;
            std::optional<ch::CchQuery> q;
            if (s.cch && affected.size() >= cch_min_ods) {
              metric.emplace(s.cch->customize(wk.w));
              q.emplace(*metric);
            }
            for (uint32_t i : affected) {
              uint32_t dist = route::Dijkstra<uint32_t>::kInf;
              if (q) {
                dist = q->distance(ods[i].origin, ods[i].destination);
              } else {
                wk.d.reset();
                wk.d.add_source(ods[i].origin);
                wk.d.run(g, wk.w.data(), ods[i].destination);
                dist = wk.d.dist(ods[i].destination);
              }
              if (dist != route::Dijkstra<uint32_t>::kInf)
                im.delta_cost += ods[i].units * (hours(dist) - hours(base[i].cost));
              else
                im.unserved += ods[i].units;
            }
            im.connected = im.unserved == 0;
            wk.w[a] = w[a];
            if (b != route::kInvalid) wk.w[b] = w[b];
          }
        });
  });

  // Ranking with stable ties (by link id, then index), as critical::rank on the dataset.
  std::vector<size_t> order(impacts.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::vector<std::string> ids(cands.size());
  for (size_t c = 0; c < cands.size(); ++c) ids[c] = net_segment_id(net, cands[c].first);
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const auto& a = impacts[x];
    const auto& b = impacts[y];
    if (req.metric == "cost") {
      if (a.delta_cost != b.delta_cost) return a.delta_cost > b.delta_cost;
    } else {
      if (a.unserved != b.unserved) return a.unserved > b.unserved;
      if (req.metric == "both" && a.delta_cost != b.delta_cost) return a.delta_cost > b.delta_cost;
    }
    if (ids[x] != ids[y]) return ids[x] < ids[y];
    return cands[x].first < cands[y].first;
  });
  const size_t n = req.top > 0 ? std::min<size_t>(order.size(), size_t(req.top)) : order.size();
  for (size_t k = 0; k < n; ++k) {
    const critical::Impact& im = impacts[order[k]];
    const uint32_t a = cands[order[k]].first;
    const osm::FlatLink& l = net.links[a];
    CriticalRow row;
    row.rank = static_cast<int>(k + 1);
    row.link = network::LinkIdx(a);
    row.id = ids[order[k]];
    row.from = std::to_string(net.input_id[l.tail]);
    row.to = std::to_string(net.input_id[l.head]);
    const std::string& ct = net.countries[net.nodes[l.tail].country];
    const std::string& chh = net.countries[net.nodes[l.head].country];
    row.name = (l.flags & osm::kBorder) ? ct + "-" + chh : (ct.empty() ? "" : ct);
    row.mode = l.link_mode();
    row.border = l.flags & osm::kBorder;
    row.base_units = im.base_volume;
    row.delta_cost = im.delta_cost;
    row.unserved_units = row.unserved_tonnes = im.unserved;
    row.connected = im.connected;
    row.ods_affected = im.ods_affected;
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace corridor::api
