#include "corridor/route/router.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <queue>
#include <set>

#include "corridor/core/error.h"
#include "corridor/core/text.h"
#include "corridor/route/heap.h"

namespace corridor::route {

using network::LinkIdx;
using network::Mode;
using network::NodeIdx;

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
uint8_t bit(Mode m) { return static_cast<uint8_t>(1u << static_cast<int>(m)); }
}  // namespace

struct Router::Query {
  const network::Profile* profile = nullptr;
  std::vector<double> cost;  // per arc, kInf = not allowed
  std::vector<double> usd;   // per arc, money for this profile
  std::vector<char> state_ok;
  int max_borders = -1;
};

Router::Router(const network::Network& net) : net_(net) {
  // 1. States: every (mode, gauge) present at a node among its incident links.
  std::vector<std::set<std::pair<int, uint16_t>>> keys(net.nodes.size());
  for (const auto& l : net.links) {
    if (l.mode == Mode::rail) {
      for (uint16_t g : l.gauges) {
        keys[l.from].insert({static_cast<int>(l.mode), g});
        keys[l.to].insert({static_cast<int>(l.mode), g});
      }
    } else {
      keys[l.from].insert({static_cast<int>(l.mode), 0});
      keys[l.to].insert({static_cast<int>(l.mode), 0});
    }
  }
  first_state_.assign(net.nodes.size() + 1, 0);
  for (NodeIdx v = 0; v < net.nodes.size(); ++v) {
    first_state_[v] = static_cast<uint32_t>(states_.size());
    for (auto [m, g] : keys[v]) states_.push_back({v, static_cast<Mode>(m), g});
  }
  first_state_[net.nodes.size()] = static_cast<uint32_t>(states_.size());
  auto state_of = [&](NodeIdx v, Mode m, uint16_t g) -> uint32_t {
    for (uint32_t s = first_state_[v]; s < first_state_[v + 1]; ++s)
      if (states_[s].mode == m && states_[s].gauge == g) return s;
    CORRIDOR_ASSERT(false);
    return kInvalid;
  };
  // 2. Arcs.
  std::vector<uint32_t> tails, heads;
  auto add = [&](uint32_t t, uint32_t h, ArcInfo info) {
    tails.push_back(t);
    heads.push_back(h);
    arcs_.push_back(info);
  };
  for (LinkIdx i = 0; i < net.links.size(); ++i) {
    const auto& l = net.links[i];
    std::vector<uint16_t> gauges = l.mode == Mode::rail ? l.gauges : std::vector<uint16_t>{0};
    ArcInfo info{StepKind::link, i, net.crosses_border(l), l.length_km, l.hours(), l.fee_usd};
    for (uint16_t g : gauges) {
      add(state_of(l.from, l.mode, g), state_of(l.to, l.mode, g), info);
      if (!l.directed) add(state_of(l.to, l.mode, g), state_of(l.from, l.mode, g), info);
    }
  }
  for (NodeIdx v = 0; v < net.nodes.size(); ++v) {
    const auto& n = net.nodes[v];
    for (uint32_t a = first_state_[v]; a < first_state_[v + 1]; ++a) {
      for (uint32_t b = first_state_[v]; b < first_state_[v + 1]; ++b) {
        if (a == b) continue;
        const State& sa = states_[a];
        const State& sb = states_[b];
        if (sa.mode != sb.mode) {
          if (auto t = n.transfer(sa.mode, sb.mode))
            add(a, b, {StepKind::transfer, kInvalid, false, 0, t->first, t->second});
        } else if (n.gauge_change_hours) {  // same mode (rail), different gauge
          add(a, b,
              {StepKind::gauge_change, kInvalid, false, 0, *n.gauge_change_hours,
               n.gauge_change_usd});
        }
      }
    }
  }
  std::vector<uint32_t> input_of;
  graph_ = build_graph(static_cast<uint32_t>(states_.size()), tails, heads, &input_of);
  std::vector<ArcInfo> sorted(arcs_.size());
  for (uint32_t a = 0; a < input_of.size(); ++a) sorted[a] = arcs_[input_of[a]];
  arcs_ = std::move(sorted);
  arc_tail_ = arc_tails(graph_);
}

const network::Profile& Router::profile(const std::string& name) const {
  auto it = net_.profiles.find(name);
  if (it != net_.profiles.end()) return it->second;
  std::vector<std::string> names;
  for (const auto& [n, p] : net_.profiles) names.push_back(n);
  throw Error(Errc::usage, "unknown profile '" + name + "'", {}, names);
}

Router::Query Router::prepare(const Options& o) const {
  Query q;
  q.profile = &profile(o.profile);
  q.max_borders = o.max_borders;
  const auto& p = *q.profile;
  std::vector<char> node_ok(net_.nodes.size(), 1);
  if (!o.avoid.empty())
    for (NodeIdx v = 0; v < net_.nodes.size(); ++v)
      for (const auto& c : o.avoid)
        if (net_.nodes[v].country == c) node_ok[v] = 0;
  q.state_ok.resize(states_.size());
  for (uint32_t s = 0; s < states_.size(); ++s)
    q.state_ok[s] = node_ok[states_[s].node] && (o.modes & bit(states_[s].mode));
  std::vector<char> banned(net_.links.size(), 0);
  for (LinkIdx l : o.banned)
    if (l < banned.size()) banned[l] = 1;
  q.cost.assign(arcs_.size(), kInf);
  q.usd.assign(arcs_.size(), 0);
  for (uint32_t a = 0; a < arcs_.size(); ++a) {
    const ArcInfo& ai = arcs_[a];
    double usd = ai.base_usd * p.money_per_teu;
    if (ai.kind == StepKind::link) {
      const auto& l = net_.links[ai.link];
      double per_km = l.tariff_usd_km ? *l.tariff_usd_km * p.money_per_teu
                                      : p.tariff_km(l.mode, net_.nodes[l.from].country);
      usd += per_km * l.length_km;
      if (!l.open_in(o.year) || banned[ai.link]) continue;
    }
    q.usd[a] = usd;
    if (!q.state_ok[arc_tail_[a]] || !q.state_ok[graph_.head[a]]) continue;
    q.cost[a] = usd + p.value_of_time * ai.hours;
  }
  return q;
}

Path Router::make_path(const std::vector<uint32_t>& arcs) const {
  Path p;
  for (uint32_t a : arcs) {
    const ArcInfo& ai = arcs_[a];
    const State& t = states_[arc_tail_[a]];
    const State& h = states_[graph_.head[a]];
    Step s;
    s.kind = ai.kind;
    s.link = ai.link;
    s.from = t.node;
    s.to = h.node;
    s.mode = h.mode;
    s.from_mode = t.mode;
    s.gauge = h.gauge;
    s.from_gauge = t.gauge;
    s.km = ai.km;
    s.hours = ai.hours;
    s.border = ai.border;
    p.steps.push_back(s);
  }
  return p;
}

namespace {
void finish_path(Path& p, const network::Network& net, const network::Profile& prof,
                 NodeIdx origin) {
  p.km = p.hours = p.usd = 0;
  p.borders = 0;
  p.countries = {net.nodes[origin].country};
  for (const auto& s : p.steps) {
    p.km += s.km;
    p.hours += s.hours;
    p.usd += s.usd;
    if (s.border) ++p.borders;
    const auto& c = net.nodes[s.to].country;
    if (p.countries.back() != c) p.countries.push_back(c);
  }
  p.cost = p.usd + prof.value_of_time * p.hours;
}
}  // namespace

// Dijkstra over (state, borders used, arrived by a transfer): borders are counted only when
// max_borders >= 0, and a transfer never follows a transfer (chaining ferry->rail->road at one
// node would dodge a forbidden or dearer ferry->road transfer).
std::optional<Path> Router::search(NodeIdx from, NodeIdx to, const Query& q) const {
  const uint32_t S = static_cast<uint32_t>(states_.size());
  const uint32_t layers = q.max_borders < 0 ? 1 : static_cast<uint32_t>(q.max_borders) + 1;
  const uint32_t n = S * layers * 2;
  auto id = [&](uint32_t s, uint32_t b, uint32_t after_transfer) {
    return (b * 2 + after_transfer) * S + s;
  };
  std::vector<double> dist(n, kInf);
  std::vector<uint32_t> pred(n, kInvalid), pred_arc(n, kInvalid);
  MinIdHeap<double> heap(n);
  for (uint32_t s = first_state_[from]; s < first_state_[from + 1]; ++s) {
    if (!q.state_ok[s]) continue;
    dist[s] = 0;
    heap.push_or_decrease(s, 0);
  }
  uint32_t best = kInvalid;
  while (!heap.empty()) {
    const uint32_t x = heap.pop();
    const uint32_t s = x % S;
    const uint32_t after_transfer = (x / S) % 2;
    const uint32_t b = x / S / 2;
    if (states_[s].node == to) {
      best = x;
      break;
    }
    for (uint32_t a = graph_.begin(s); a < graph_.end(s); ++a) {
      const double w = q.cost[a];
      if (w == kInf) continue;
      const bool transfer = arcs_[a].kind == StepKind::transfer;
      if (transfer && after_transfer) continue;
      const uint32_t nb = b + ((q.max_borders >= 0 && arcs_[a].border) ? 1 : 0);
      if (nb >= layers) continue;
      const uint32_t y = id(graph_.head[a], nb, transfer ? 1 : 0);
      const double nd = dist[x] + w;
      if (nd < dist[y]) {
        dist[y] = nd;
        pred[y] = x;
        pred_arc[y] = a;
        heap.push_or_decrease(y, nd);
      }
    }
  }
  if (best == kInvalid) return std::nullopt;
  std::vector<uint32_t> arcs;
  for (uint32_t x = best; pred_arc[x] != kInvalid; x = pred[x]) arcs.push_back(pred_arc[x]);
  std::reverse(arcs.begin(), arcs.end());
  Path p = make_path(arcs);
  for (size_t i = 0; i < arcs.size(); ++i) p.steps[i].usd = q.usd[arcs[i]];
  finish_path(p, net_, *q.profile, from);
  return p;
}

std::optional<Path> Router::shortest(NodeIdx from, NodeIdx to, const Options& o) const {
  if (from == to) {
    Path p;
    finish_path(p, net_, profile(o.profile), from);
    return p;
  }
  return search(from, to, prepare(o));
}

std::vector<Path> Router::alternatives(NodeIdx from, NodeIdx to, const Options& o, int k) const {
  std::vector<Path> out;
  auto first = shortest(from, to, o);
  if (!first || k <= 0) return out;
  auto signature = [](const Path& p) {
    std::vector<LinkIdx> s;
    for (const auto& st : p.steps)
      if (st.border) s.push_back(st.link);
    std::sort(s.begin(), s.end());
    return s;
  };
  struct Cand {
    Path path;
    std::vector<LinkIdx> banned;
  };
  auto worse = [](const Cand& a, const Cand& b) { return a.path.cost > b.path.cost; };
  std::priority_queue<Cand, std::vector<Cand>, decltype(worse)> queue(worse);
  std::set<std::vector<LinkIdx>> seen_sigs, tried_bans;
  int searches = 0;
  const int kMaxSearches = 32 * k;
  auto expand = [&](const Cand& c) {
    for (LinkIdx l : signature(c.path)) {
      std::vector<LinkIdx> ban = c.banned;
      ban.push_back(l);
      std::sort(ban.begin(), ban.end());
      if (!tried_bans.insert(ban).second || searches >= kMaxSearches) continue;
      Options o2 = o;
      o2.banned.insert(o2.banned.end(), ban.begin(), ban.end());
      ++searches;
      if (auto p = shortest(from, to, o2)) queue.push({std::move(*p), ban});
    }
  };
  Cand c0{*first, {}};
  seen_sigs.insert(signature(c0.path));
  out.push_back(c0.path);
  expand(c0);
  while (static_cast<int>(out.size()) < k && !queue.empty()) {
    Cand c = queue.top();
    queue.pop();
    if (seen_sigs.insert(signature(c.path)).second) out.push_back(c.path);
    expand(c);
  }
  return out;
}

std::vector<Path> Router::pareto(NodeIdx from, NodeIdx to, const Options& o,
                                 size_t max_labels) const {
  Query q = prepare(o);
  if (from == to) {
    Path p;
    finish_path(p, net_, *q.profile, from);
    return {p};
  }
  struct Label {
    double hours, usd, cost;
    int borders;
    uint32_t state, pred, arc;
    bool dead;
  };
  std::vector<Label> labels;
  std::vector<std::vector<uint32_t>> at(states_.size());
  using Item = std::pair<double, uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> heap;
  std::vector<uint32_t> targets;
  const double eps = 1e-9;
  auto dominates = [&](const Label& a, double h, double u, int b) {
    return a.hours <= h + eps && a.usd <= u + eps && a.borders <= b;
  };
  auto try_add = [&](uint32_t s, double h, double u, int b, uint32_t pred, uint32_t arc) {
    if (q.max_borders >= 0 && b > q.max_borders) return;
    for (uint32_t t : targets)
      if (dominates(labels[t], h, u, b)) return;
    // At a state, a label that arrived by a transfer (and so may not transfer again) cannot
    // dominate one that did not: "free to transfer" is a fourth criterion there.
    const bool restricted = arc != kInvalid && arcs_[arc].kind == StepKind::transfer;
    auto is_restricted = [&](const Label& l) {
      return l.arc != kInvalid && arcs_[l.arc].kind == StepKind::transfer;
    };
    for (uint32_t li : at[s])
      if (!labels[li].dead && dominates(labels[li], h, u, b) &&
          (!is_restricted(labels[li]) || restricted))
        return;
    for (uint32_t li : at[s]) {
      Label& l = labels[li];
      if (!l.dead && h <= l.hours + eps && u <= l.usd + eps && b <= l.borders &&
          (!restricted || is_restricted(l)))
        l.dead = true;
    }
    if (labels.size() >= max_labels)
      throw Error(Errc::limit_exceeded,
                  "Pareto search exceeded " + std::to_string(max_labels) +
                      " labels; narrow the query (modes, avoid, max borders)");
    double cost = u + q.profile->value_of_time * h;
    labels.push_back({h, u, cost, b, s, pred, arc, false});
    uint32_t id = static_cast<uint32_t>(labels.size() - 1);
    at[s].push_back(id);
    heap.push({cost, id});
  };
  for (uint32_t s = first_state_[from]; s < first_state_[from + 1]; ++s)
    if (q.state_ok[s]) try_add(s, 0, 0, 0, kInvalid, kInvalid);
  while (!heap.empty()) {
    auto [c, id] = heap.top();
    heap.pop();
    if (labels[id].dead) continue;
    const Label cur = labels[id];
    if (states_[cur.state].node == to) {
      // The destination's states (arriving by road, by rail of either gauge, ...) share one Pareto
      // set: a label is kept only if no target label found so far is as good in every criterion.
      bool dominated = false;
      for (uint32_t t : targets) dominated |= dominates(labels[t], cur.hours, cur.usd, cur.borders);
      if (!dominated) targets.push_back(id);
      continue;
    }
    const bool after_transfer = cur.arc != kInvalid && arcs_[cur.arc].kind == StepKind::transfer;
    for (uint32_t a = graph_.begin(cur.state); a < graph_.end(cur.state); ++a) {
      if (q.cost[a] == kInf) continue;
      if (after_transfer && arcs_[a].kind == StepKind::transfer) continue;
      try_add(graph_.head[a], cur.hours + arcs_[a].hours, cur.usd + q.usd[a],
              cur.borders + (arcs_[a].border ? 1 : 0), id, a);
    }
  }
  // Keep the target labels no other target label dominates (ties: the first found). Labels come
  // out in cost order, so a later one can only dominate an earlier one on borders at equal cost.
  std::vector<Path> out;
  for (size_t i = 0; i < targets.size(); ++i) {
    const Label& l = labels[targets[i]];
    bool dominated = false;
    for (size_t j = 0; j < targets.size() && !dominated; ++j) {
      if (j == i) continue;
      const Label& m = labels[targets[j]];
      bool as_good = dominates(m, l.hours, l.usd, l.borders);
      bool strictly = m.hours < l.hours - eps || m.usd < l.usd - eps || m.borders < l.borders;
      dominated = as_good && (strictly || j < i);
    }
    if (dominated) continue;
    std::vector<uint32_t> arcs;
    for (uint32_t x = targets[i]; labels[x].arc != kInvalid; x = labels[x].pred)
      arcs.push_back(labels[x].arc);
    std::reverse(arcs.begin(), arcs.end());
    Path p = make_path(arcs);
    for (size_t k = 0; k < arcs.size(); ++k) p.steps[k].usd = q.usd[arcs[k]];
    finish_path(p, net_, *q.profile, from);
    out.push_back(std::move(p));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Path& a, const Path& b) { return a.cost < b.cost; });
  return out;
}

std::vector<std::optional<Path>> Router::one_to_many(NodeIdx from, const std::vector<NodeIdx>& to,
                                                     const Options& o) const {
  Query q = prepare(o);
  std::vector<std::optional<Path>> out;
  out.reserve(to.size());
  // The bundled network is small: one search per target is cheap and keeps max_borders exact.
  for (NodeIdx t : to) {
    if (t == from) {
      Path p;
      finish_path(p, net_, *q.profile, from);
      out.push_back(p);
    } else {
      out.push_back(search(from, t, q));
    }
  }
  return out;
}

Router::Export Router::export_graph(const Options& o) const {
  Query q = prepare(o);
  Export e;
  e.state_node.reserve(states_.size());
  for (const auto& s : states_) e.state_node.push_back(s.node);
  e.tail = arc_tail_;
  e.head = graph_.head;
  for (uint32_t a = 0; a < arcs_.size(); ++a) {
    e.kind.push_back(arcs_[a].kind);
    e.link.push_back(arcs_[a].link);
    e.hours.push_back(arcs_[a].hours);
    e.border.push_back(arcs_[a].border);
  }
  e.usd = std::move(q.usd);
  e.cost = std::move(q.cost);
  return e;
}

std::vector<std::string> Router::check() const {
  std::vector<std::string> bad;
  if (arcs_.size() != graph_.num_arcs())
    bad.push_back("arc attribute count differs from arc count");
  for (uint32_t a = 0; a < graph_.num_arcs(); ++a) {
    const State& t = states_[arc_tail_[a]];
    const State& h = states_[graph_.head[a]];
    const ArcInfo& ai = arcs_[a];
    if (!(ai.hours >= 0 && std::isfinite(ai.hours))) bad.push_back("arc with bad hours");
    switch (ai.kind) {
      case StepKind::link: {
        const auto& l = net_.links[ai.link];
        if (t.mode != l.mode || h.mode != l.mode || t.gauge != h.gauge)
          bad.push_back("link arc " + l.id + " changes mode or gauge");
        bool fwd = t.node == l.from && h.node == l.to;
        bool back = !l.directed && t.node == l.to && h.node == l.from;
        if (!fwd && !back) bad.push_back("link arc " + l.id + " does not match its link's ends");
        break;
      }
      case StepKind::transfer:
        if (t.node != h.node || t.mode == h.mode) bad.push_back("bad transfer arc");
        break;
      case StepKind::gauge_change:
        if (t.node != h.node || t.mode != Mode::rail || t.gauge == h.gauge)
          bad.push_back("bad gauge arc");
        break;
    }
  }
  return bad;
}

}  // namespace corridor::route
