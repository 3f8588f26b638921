// Phase 4 of the OSM import: the country of every node from admin_level=2 boundary rings (point
// in polygon; the nearest boundary point of a partial boundary for nodes outside every closed
// ring; else the fallback country).
#include <algorithm>
#include <climits>
#include <cmath>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include "corridor/core/error.h"
#include "corridor/core/text.h"
#include "corridor/geo/grid.h"
#include "corridor/osm/detail/import_phases.h"

namespace corridor::osm::detail {
namespace {

// A closed boundary ring with its bounding box (1e-7 degrees).
struct Ring {
  uint32_t country;
  uint32_t group;  // boundary relation: even-odd rule within one relation
  std::vector<std::pair<int32_t, int32_t>> pts;  // (lat, lon)
  int32_t min_lat, max_lat, min_lon, max_lon;
  // Cell cache (see inside()): 0 unknown, 1 inside, 2 outside, 3 crossed by the ring.
  int64_t cell = 1;
  uint32_t nx = 0, ny = 0;
  std::vector<uint8_t> state;
};

bool inside_exact(const Ring& r, double lat, double lon) {
  bool in = false;
  const size_t n = r.pts.size();
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    const double yi = r.pts[i].first, xi = r.pts[i].second, yj = r.pts[j].first,
                 xj = r.pts[j].second;
    if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) in = !in;
  }
  return in;
}

// Point in ring with a cell cache: cells no ring segment passes through are wholly inside or
// outside, so one exact test at the cell centre answers every node in them. Segments mark
// their cells (sampled every half cell, dilated by one cell) as needing the exact test.
void index_ring(Ring& r) {
  constexpr int64_t kCells = 256;
  const int64_t w = int64_t(r.max_lon) - r.min_lon + 1, h = int64_t(r.max_lat) - r.min_lat + 1;
  r.cell = std::max<int64_t>({1, (w + kCells - 1) / kCells, (h + kCells - 1) / kCells});
  r.nx = static_cast<uint32_t>(w / r.cell + 1);
  r.ny = static_cast<uint32_t>(h / r.cell + 1);
  r.state.assign(size_t{r.nx} * r.ny, 0);
  auto mark = [&](double lat, double lon) {
    const int64_t cx = int64_t((lon - r.min_lon) / r.cell),
                  cy = int64_t((lat - r.min_lat) / r.cell);
    for (int64_t y = cy - 1; y <= cy + 1; ++y)
      for (int64_t x = cx - 1; x <= cx + 1; ++x)
        if (x >= 0 && y >= 0 && x < r.nx && y < r.ny) r.state[size_t(y) * r.nx + size_t(x)] = 3;
  };
  for (size_t i = 1; i < r.pts.size(); ++i) {
    const double y0 = r.pts[i - 1].first, x0 = r.pts[i - 1].second, y1 = r.pts[i].first,
                 x1 = r.pts[i].second;
    const double len = std::max(std::abs(x1 - x0), std::abs(y1 - y0));
    const int steps = 1 + int(len / (r.cell / 2.0));
    for (int k = 0; k <= steps; ++k) mark(y0 + (y1 - y0) * k / steps, x0 + (x1 - x0) * k / steps);
  }
}

// `state`: this thread's copy of r.state (index_ring() done).
bool inside(const Ring& r, std::vector<uint8_t>& state, int32_t lat, int32_t lon) {
  if (lat < r.min_lat || lat > r.max_lat || lon < r.min_lon || lon > r.max_lon) return false;
  const size_t cell = size_t((lat - int64_t(r.min_lat)) / r.cell) * r.nx +
                      size_t((lon - int64_t(r.min_lon)) / r.cell);
  uint8_t& st = state[cell];
  if (st == 3) return inside_exact(r, lat, lon);
  if (st == 0) {
    const int64_t cy = (lat - int64_t(r.min_lat)) / r.cell,
                  cx = (lon - int64_t(r.min_lon)) / r.cell;
    st = inside_exact(r, r.min_lat + (cy + 0.5) * r.cell, r.min_lon + (cx + 0.5) * r.cell) ? 1 : 2;
  }
  return st == 1;
}

}  // namespace

void assign_countries(const OsmData& d, const OsmImportConfig& cfg, FlatNetwork& net,
                      OsmImportStats& st, Reporter& reporter) {
  const uint32_t n = net.num_nodes();
  std::map<std::string, uint32_t> code_index;
  auto country_idx = [&](const std::string& code) {
    auto [it, fresh] = code_index.try_emplace(code, 0);
    if (fresh) {
      it->second = static_cast<uint32_t>(net.countries.size());
      net.countries.push_back(code);
    }
    return it->second;
  };
  std::vector<Ring> rings;
  std::vector<uint8_t> complete(1, 0);      // per country index: some relation fully closed
  std::map<uint32_t, uint8_t> approximate;  // countries with a ring closed across gaps
  // boundary point -> countries (by index) of the ways it lies on (partial boundaries only)
  std::vector<Pt> border_pts;
  std::vector<std::vector<uint32_t>> border_pt_countries;
  auto make_ring = [&](uint32_t ci, uint32_t group, const std::vector<Pt>& pts) {
    Ring r{ci, group, {}, INT32_MAX, INT32_MIN, INT32_MAX, INT32_MIN, 1, 0, 0, {}};
    for (const Pt& p : pts) {
      r.pts.push_back({p.lat, p.lon});
      r.min_lat = std::min(r.min_lat, p.lat);
      r.max_lat = std::max(r.max_lat, p.lat);
      r.min_lon = std::min(r.min_lon, p.lon);
      r.max_lon = std::max(r.max_lon, p.lon);
    }
    return r;
  };
  struct Partial {
    uint32_t ci, group;
    std::vector<std::vector<Pt>> open_chains;
  };
  std::vector<Partial> partials;
  for (uint32_t ri = 0; ri < d.countries.size(); ++ri) {
    const CountryRel& c = d.countries[ri];
    const uint32_t ci = country_idx(c.code);
    if (complete.size() <= ci) complete.resize(ci + 1, 0);
    // Chain the member ways into rings by their end nodes.
    std::vector<std::vector<Pt>> chains;
    for (int64_t wid : c.ways) {
      auto it = d.boundary.find(wid);
      if (it == d.boundary.end()) continue;
      auto [b, e] = it->second;
      if (e - b >= 2) chains.emplace_back(d.bpts.begin() + b, d.bpts.begin() + e);
    }
    const size_t present = chains.size();
    std::vector<uint8_t> used(chains.size(), 0);
    std::vector<std::vector<Pt>> open_chains;
    for (size_t s = 0; s < chains.size(); ++s) {
      if (used[s]) continue;
      used[s] = 1;
      std::vector<Pt> ring = chains[s];
      bool grew = true;
      while (ring.front().id != ring.back().id && grew) {
        grew = false;
        for (size_t k = 0; k < chains.size(); ++k) {
          if (used[k]) continue;
          const auto& ch = chains[k];
          if (ch.front().id == ring.back().id) {
            ring.insert(ring.end(), ch.begin() + 1, ch.end());
          } else if (ch.back().id == ring.back().id) {
            ring.insert(ring.end(), ch.rbegin() + 1, ch.rend());
          } else {
            continue;
          }
          used[k] = 1;
          grew = true;
        }
      }
      if (ring.front().id == ring.back().id && ring.size() >= 4) {
        rings.push_back(make_ring(ci, ri, ring));
        ++st.closed_rings;
      } else {
        open_chains.push_back(std::move(ring));
      }
    }
    if (present == c.ways.size() && open_chains.empty() && present > 0) complete[ci] = 1;
    // Most of the outline is in the file (a small country inside the extract, whose sea or far
    // borders are cut off): candidate for a ring closed across the gaps (below).
    if (!open_chains.empty() && present * 2 >= c.ways.size())
      partials.push_back({ci, ri, std::move(open_chains)});
  }
  auto overlap = [](const Ring& a, const Ring& b) {  // share of a's bbox inside b's bbox
    const double h =
        std::max(0.0, double(std::min(a.max_lat, b.max_lat)) - std::max(a.min_lat, b.min_lat));
    const double w =
        std::max(0.0, double(std::min(a.max_lon, b.max_lon)) - std::max(a.min_lon, b.min_lon));
    const double area =
        std::max(1.0, double(a.max_lat - a.min_lat) * double(a.max_lon - a.min_lon));
    return h * w / area;
  };
  const size_t closed_count = rings.size();
  for (Partial& p : partials) {
    if (complete[p.ci]) continue;
    auto& oc = p.open_chains;
    // Join the open pieces nearest end to nearest start and close with a straight line.
    std::sort(oc.begin(), oc.end(),
              [](const auto& a, const auto& b) { return a.size() > b.size(); });
    std::vector<Pt> ring = oc[0];
    std::vector<uint8_t> taken(oc.size(), 0);
    taken[0] = 1;
    for (size_t round = 1; round < oc.size(); ++round) {
      size_t best = 0;
      bool reverse = false;
      double best_d = 1e300;
      for (size_t k = 0; k < oc.size(); ++k) {
        if (taken[k]) continue;
        const double df = dist_m(ring.back(), oc[k].front()),
                     db = dist_m(ring.back(), oc[k].back());
        if (df < best_d) best_d = df, best = k, reverse = false;
        if (db < best_d) best_d = db, best = k, reverse = true;
      }
      taken[best] = 1;
      if (reverse)
        ring.insert(ring.end(), oc[best].rbegin(), oc[best].rend());
      else
        ring.insert(ring.end(), oc[best].begin(), oc[best].end());
    }
    if (ring.size() < 3) continue;
    ring.push_back(ring.front());
    Ring r = make_ring(p.ci, p.group, ring);
    // A guess that covers another country's known outline (the same border ways listed in a
    // neighbour's relation) would claim that country: drop it.
    bool clash = false;
    for (size_t k = 0; k < rings.size() && !clash; ++k)
      if (rings[k].country != p.ci && overlap(r, rings[k]) > 0.5 &&
          (k < closed_count || approximate.count(rings[k].country)))
        clash = true;
    if (clash) continue;
    rings.push_back(std::move(r));
    approximate[p.ci] = 1;
    ++st.approximate_rings;
  }
  // Points of boundaries of countries without a complete outline, with their countries.
  {
    std::unordered_map<int64_t, std::vector<uint32_t>> way_countries;
    for (const CountryRel& c : d.countries)
      for (int64_t wid : c.ways) way_countries[wid].push_back(code_index[c.code]);
    for (auto& [wid, range] : d.boundary) {
      auto& cs = way_countries[wid];
      std::vector<uint32_t> partial;
      for (uint32_t ci : cs)
        if (!complete[ci] && !approximate.count(ci)) partial.push_back(ci);
      if (partial.empty()) continue;
      for (uint32_t i = range.first; i < range.second; ++i) {
        border_pts.push_back(d.bpts[i]);
        border_pt_countries.push_back(partial);
      }
    }
  }
  std::vector<double> blat, blon;
  for (const Pt& p : border_pts) {
    blat.push_back(p.lat * 1e-7);
    blon.push_back(p.lon * 1e-7);
  }
  geo::SpatialGrid border_grid(blat, blon, {}, 0.02);
  std::string fallback_code = text::to_upper_ascii(cfg.fallback_country);
  if (!fallback_code.empty() && !is_alpha2(fallback_code.c_str()))
    throw Error(Errc::usage, "--country must be an ISO 3166-1 alpha-2 code such as AZ, found '" +
                                 cfg.fallback_country + "'");
  if (fallback_code.empty() && !d.addr_country.empty()) {
    auto best = std::max_element(d.addr_country.begin(), d.addr_country.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    fallback_code = best->first;
    reporter.log(
        "note: no admin_level=2 boundary decides some nodes; using the most common "
        "addr:country '" +
        fallback_code + "' for them");
  }
  const uint32_t fallback = fallback_code.empty() ? 0 : country_idx(fallback_code);

  // Every node on its own (so in parallel, in contiguous chunks; each thread has its own copy of
  // the rings' cell caches, which only memoize inside_exact(), so the result does not depend on
  // the thread count).
  for (Ring& r : rings) index_ring(r);
  const size_t num_groups = d.countries.size(), num_countries = net.countries.size();
  struct Tally {
    uint64_t polygon = 0, nearest = 0, fallback = 0;
  };
  auto assign = [&](uint32_t begin, uint32_t end, Tally& tally, bool report) {
    std::vector<std::vector<uint8_t>> cache;
    cache.reserve(rings.size());
    for (const Ring& r : rings) cache.push_back(r.state);
    std::vector<uint8_t> in_group(num_groups, 0), crossings(num_countries, 0);
    std::vector<uint32_t> touched;
    for (uint32_t v = begin; v < end; ++v) {
      FlatNode& node = net.nodes[v];
      touched.clear();
      for (size_t k = 0; k < rings.size(); ++k)
        if (inside(rings[k], cache[k], node.lat_e7, node.lon_e7)) {
          in_group[rings[k].group] ^= 1;
          touched.push_back(rings[k].group);
        }
      uint32_t c = 0;
      for (const Ring& r : rings)
        if (in_group[r.group]) {
          crossings[r.country] = 1;  // inside one of this country's outlines
          if (!c) c = r.country;
        }
      if (c) {
        ++tally.polygon;
      } else if (uint32_t b = border_grid.nearest(node.lat(), node.lon()); b != UINT32_MAX) {
        // Outside every closed outline: the country of the nearest partial boundary that is not
        // a country whose closed outline we already know excludes this node.
        for (uint32_t ci : border_pt_countries[b])
          if (!crossings[ci]) {
            c = ci;
            break;
          }
        if (c) ++tally.nearest;
      }
      if (!c) {
        c = fallback;
        ++tally.fallback;
      }
      node.country = static_cast<uint16_t>(c);
      for (uint32_t g : touched) in_group[g] = 0;
      for (const Ring& r : rings) crossings[r.country] = 0;
      if (report && ((v - begin) & 0xfff) == 0)
        reporter.progress("countries", v - begin, end - begin);
    }
  };
  const unsigned want =
      cfg.threads ? cfg.threads : std::max(1u, std::thread::hardware_concurrency());
  // Chunks of at least 16,384 nodes (a thread costs more than a small network's whole loop).
  const uint32_t parts = std::max<uint32_t>(1, std::min<uint32_t>(want, n / 16384));
  std::vector<Tally> tallies(parts);
  std::vector<std::thread> workers;
  std::exception_ptr failure;
  std::mutex failure_mutex;
  for (uint32_t p = 1; p < parts; ++p)
    workers.emplace_back([&, p] {
      try {
        assign(uint32_t(uint64_t(n) * p / parts), uint32_t(uint64_t(n) * (p + 1) / parts),
               tallies[p], false);
      } catch (...) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        failure = std::current_exception();
      }
    });
  try {
    assign(0, uint32_t(uint64_t(n) / parts), tallies[0], true);
  } catch (...) {
    std::lock_guard<std::mutex> lock(failure_mutex);
    failure = std::current_exception();
  }
  for (auto& w : workers) w.join();
  if (failure) std::rethrow_exception(failure);
  for (const Tally& t : tallies) {
    st.nodes_by_polygon += t.polygon;
    st.nodes_by_nearest_border += t.nearest;
    st.nodes_by_fallback += t.fallback;
  }
  reporter.finish("countries");
}

}  // namespace corridor::osm::detail
