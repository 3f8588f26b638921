#include "corridor/route/router.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <queue>
#include <set>

#include "corridor/core/error.h"
#include "corridor/core/text.h"

namespace corridor::route {

using network::LinkIdx;
using network::Mode;
using network::NodeIdx;

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

// The avoid list as a set (sorted, unique), the form Weights keeps.
std::vector<std::string> avoid_set(const std::vector<std::string>& avoid) {
  std::vector<std::string> s = avoid;
  std::sort(s.begin(), s.end());
  s.erase(std::unique(s.begin(), s.end()), s.end());
  return s;
}
}  // namespace

bool visits_a_place_twice(const Path& p) {
  // The places in travel order: the origin, then the end of every link step. Transfers and gauge
  // changes stay at one place. Paths are short (tens of steps), so a quadratic scan is fine and
  // allocates nothing.
  const auto& st = p.steps;
  for (size_t i = 0; i < st.size(); ++i) {
    if (st[i].kind != StepKind::link) continue;
    const NodeIdx left = st[i].from;  // the place this link leaves
    for (size_t j = i; j < st.size(); ++j)
      if (st[j].kind == StepKind::link && st[j].to == left) return true;
  }
  return false;
}

bool Weights::matches(const Options& o) const {
  if (o.profile != profile || o.modes != modes || o.year != year) return false;
  // o.avoid as a set equals avoid (sorted, unique), without allocating.
  for (const auto& c : o.avoid)
    if (!std::binary_search(avoid.begin(), avoid.end(), c)) return false;
  for (const auto& c : avoid)
    if (std::find(o.avoid.begin(), o.avoid.end(), c) == o.avoid.end()) return false;
  return true;
}

// ---- Workspace ----------------------------------------------------------------------------------

Workspace::Workspace(const Router& r) {
  begin(r.num_states() * 2, r.network().links.size(), r.network().nodes.size());
}

size_t Workspace::capacity_bytes() const {
  return labels_.capacity() * sizeof(Label) +
         (link_ban_.capacity() + target_.capacity() + found_.capacity() + found_at_.capacity()) *
             sizeof(uint32_t) +
         arcs_.capacity() * sizeof(ArcIdx) + heap_.capacity_bytes();
}

void Workspace::begin(uint32_t labels, size_t links, size_t nodes) {
  heap_.clear();
  settled_ = 0;
  any_ban_ = false;
  if (labels_.size() < labels) {
    labels_.resize(labels, Label{kInf, 0, kInvalid, ArcIdx::invalid()});
    heap_.resize(labels);
  }
  if (link_ban_.size() < links) link_ban_.resize(links, 0);
  if (target_.size() < nodes) {
    target_.resize(nodes, 0);
    found_.resize(nodes, kInvalid);
    found_at_.resize(nodes, 0);
  }
  if (++round_ == 0) {  // every 2^32 queries: clear the stamps once
    for (auto& l : labels_) l.stamp = 0;
    std::fill(link_ban_.begin(), link_ban_.end(), 0);
    std::fill(target_.begin(), target_.end(), 0);
    std::fill(found_at_.begin(), found_at_.end(), 0);
    round_ = 1;
  }
}

// ---- Weight cache -------------------------------------------------------------------------------

struct Router::Cache {
  std::mutex mu;
  std::vector<std::shared_ptr<const Weights>> entries;  // least recently used first
};

Router::~Router() = default;

// ---- Construction -------------------------------------------------------------------------------

Router::Router(const network::Network& net) : net_(net), cache_(std::make_unique<Cache>()) {
  // 1. States: every (mode, gauge) present at a node among its incident links.
  network::IndexedVector<NodeIdx, std::set<std::pair<int, uint16_t>>> keys(net.nodes.size());
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
  first_state_.assign(net.nodes.size() + 1, StateIdx(0));
  for (NodeIdx v : net.nodes.ids()) {
    first_state_[v] = states_.next_index();
    for (auto [m, g] : keys[v]) states_.push_back({v, static_cast<Mode>(m), g});
  }
  first_state_.back() = states_.next_index();
  auto state_of = [&](NodeIdx v, Mode m, uint16_t g) -> StateIdx {
    for (StateIdx s : states_of(v))
      if (states_[s].mode == m && states_[s].gauge == g) return s;
    CORRIDOR_ASSERT(false);
    return StateIdx::invalid();
  };
  // 2. Arcs (the CSR builder works on raw ids; ArcInfo is reordered to CSR order below).
  std::vector<uint32_t> tails, heads;
  std::vector<ArcInfo> infos;
  tails.reserve(4 * net.links.size());
  heads.reserve(4 * net.links.size());
  infos.reserve(4 * net.links.size());
  auto add = [&](StateIdx t, StateIdx h, const ArcInfo& info) {
    tails.push_back(t.v);
    heads.push_back(h.v);
    infos.push_back(info);
  };
  for (LinkIdx i : net.links.ids()) {
    const auto& l = net.links[i];
    std::vector<uint16_t> gauges = l.mode == Mode::rail ? l.gauges : std::vector<uint16_t>{0};
    ArcInfo info{StepKind::link, i, net.crosses_border(l), l.length_km, l.hours(), l.fee_usd};
    for (uint16_t g : gauges) {
      add(state_of(l.from, l.mode, g), state_of(l.to, l.mode, g), info);
      if (!l.directed) add(state_of(l.to, l.mode, g), state_of(l.from, l.mode, g), info);
    }
  }
  for (NodeIdx v : net.nodes.ids()) {
    const auto& n = net.nodes[v];
    for (StateIdx a : states_of(v)) {
      for (StateIdx b : states_of(v)) {
        if (a == b) continue;
        const State& sa = states_[a];
        const State& sb = states_[b];
        if (sa.mode != sb.mode) {
          if (auto t = n.transfer(sa.mode, sb.mode))
            add(a, b, {StepKind::transfer, LinkIdx::invalid(), false, 0, t->first, t->second});
        } else if (n.gauge_change_hours) {  // same mode (rail), different gauge
          add(a, b,
              {StepKind::gauge_change, LinkIdx::invalid(), false, 0, *n.gauge_change_hours,
               n.gauge_change_usd});
        }
      }
    }
  }
  std::vector<uint32_t> input_of;
  graph_ = build_graph(static_cast<uint32_t>(states_.size()), tails, heads, &input_of);
  arcs_.resize(infos.size());
  for (uint32_t a = 0; a < input_of.size(); ++a) arcs_[ArcIdx(a)] = infos[input_of[a]];
  arc_tail_.reserve(arcs_.size());
  for (uint32_t t : arc_tails(graph_)) arc_tail_.push_back(StateIdx(t));
  search_arcs_.reserve(arcs_.size());
  search_arcs_.reserve(arcs_.size());
  for (ArcIdx a : arcs_.ids()) {
    const ArcInfo& ai = arcs_[a];
    num_border_arcs_ += ai.border ? 1 : 0;
    search_arcs_.push_back({head(a).v, ai.link, ai.kind == StepKind::transfer, ai.border});
  }
}

const network::Profile& Router::profile(const std::string& name) const {
  auto it = net_.profiles.find(name);
  if (it != net_.profiles.end()) return it->second;
  std::vector<std::string> names;
  for (const auto& [n, p] : net_.profiles) names.push_back(n);
  throw Error(Errc::usage, name.empty() ? "no profile given" : "unknown profile '" + name + "'", {},
              names);
}

// ---- Weights ------------------------------------------------------------------------------------

Weights Router::compute_weights(const Options& o) const {
  Weights q;
  q.prof = &profile(o.profile);
  q.profile = o.profile;
  q.modes = o.modes;
  q.avoid = avoid_set(o.avoid);
  q.year = o.year;
  const auto& p = *q.prof;
  network::IndexedVector<NodeIdx, char> node_ok(net_.nodes.size(), 1);
  if (!q.avoid.empty())
    for (NodeIdx v : net_.nodes.ids())
      if (std::binary_search(q.avoid.begin(), q.avoid.end(), net_.nodes[v].country)) node_ok[v] = 0;
  q.state_ok.resize(states_.size());
  for (StateIdx s : states_.ids())
    q.state_ok[s] = node_ok[states_[s].node] && network::has_mode(o.modes, states_[s].mode);
  q.cost.assign(arcs_.size(), kInf);
  q.usd.assign(arcs_.size(), 0);
  for (ArcIdx a : arcs_.ids()) {
    const ArcInfo& ai = arcs_[a];
    double usd = ai.base_usd * p.money_per_teu;
    if (ai.kind == StepKind::link) {
      const auto& l = net_.links[ai.link];
      double per_km = l.tariff_usd_km ? *l.tariff_usd_km * p.money_per_teu
                                      : p.tariff_km(l.mode, net_.nodes[l.from].country);
      usd += per_km * l.length_km;
      if (!l.open_in(o.year)) continue;
    }
    q.usd[a] = usd;
    if (!q.state_ok[arc_tail_[a]] || !q.state_ok[head(a)]) continue;
    q.cost[a] = usd + p.value_of_time * ai.hours;
  }
  return q;
}

std::shared_ptr<const Weights> Router::weights(const Options& o) const {
  Cache& c = *cache_;
  {
    std::lock_guard lock(c.mu);
    for (size_t i = c.entries.size(); i-- > 0;) {
      if (!c.entries[i]->matches(o)) continue;
      // Most recently used goes last (a rotation: no allocation).
      std::rotate(c.entries.begin() + static_cast<ptrdiff_t>(i),
                  c.entries.begin() + static_cast<ptrdiff_t>(i) + 1, c.entries.end());
      return c.entries.back();
    }
  }
  // Computed outside the lock (other filters stay served); two threads missing on the same
  // filter compute it twice and the second keeps the first's entry.
  auto w = std::make_shared<const Weights>(compute_weights(o));
  std::lock_guard lock(c.mu);
  for (const auto& e : c.entries)
    if (e->matches(o)) return e;
  if (c.entries.size() >= kWeightCacheSize) c.entries.erase(c.entries.begin());
  c.entries.push_back(w);
  return w;
}

size_t Router::cached_weights() const {
  std::lock_guard lock(cache_->mu);
  return cache_->entries.size();
}

// ---- Paths --------------------------------------------------------------------------------------

void Router::finish_path(Path& p, const network::Profile& prof, NodeIdx origin) const {
  p.km = p.hours = p.usd = 0;
  p.borders = 0;
  p.countries.clear();
  p.countries.push_back(net_.nodes[origin].country);
  for (const auto& s : p.steps) {
    p.km += s.km;
    p.hours += s.hours;
    p.usd += s.usd;
    if (s.border) ++p.borders;
    const auto& c = net_.nodes[s.to].country;
    if (p.countries.back() != c) p.countries.push_back(c);
  }
  p.cost = p.usd + prof.value_of_time * p.hours;
}

Path Router::make_path(std::span<const ArcIdx> arcs, const Weights& w, NodeIdx origin) const {
  Path p;
  p.steps.reserve(arcs.size());
  for (ArcIdx a : arcs) p.steps.push_back(make_step(a, w));
  finish_path(p, *w.prof, origin);
  return p;
}

Step Router::make_step(ArcIdx a, const Weights& w) const {
  const ArcInfo& ai = arcs_[a];
  const State& t = states_[arc_tail_[a]];
  const State& h = states_[head(a)];
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
  s.usd = w.usd[a];
  s.border = ai.border;
  return s;
}

void Router::path_to(Workspace& ws, const Weights& w, uint32_t label, NodeIdx origin,
                     Path& out) const {
  ws.arcs_.clear();
  for (uint32_t x = label; ws.labels_[x].parc.valid(); x = ws.labels_[x].pred)
    ws.arcs_.push_back(ws.labels_[x].parc);
  std::reverse(ws.arcs_.begin(), ws.arcs_.end());
  out.steps.clear();
  for (ArcIdx a : ws.arcs_) out.steps.push_back(make_step(a, w));
  finish_path(out, *w.prof, origin);
}

// ---- Search -------------------------------------------------------------------------------------

uint32_t Router::layers(int max_borders) const {
  if (max_borders < 0) return 1;
  // A cheapest path never repeats an arc, so it crosses at most num_border_arcs_ borders: more
  // layers than that change nothing (and a huge --max-borders must not size the workspace).
  return std::min(static_cast<uint32_t>(max_borders), num_border_arcs_) + 1;
}

namespace {
// Labels are numbered (state << shift) | (borders << 1) | after_transfer, so that splitting a
// label is shifts and masks (no division) and one state's labels sit side by side.
uint32_t label_shift(uint32_t layers) {
  uint32_t shift = 1;
  while ((1u << shift) < 2 * layers) ++shift;
  return shift;
}
}  // namespace

void Router::start(Workspace& ws, const Options& o) const {
  ws.begin(static_cast<uint32_t>(states_.size()) << label_shift(layers(o.max_borders)),
           net_.links.size(), net_.nodes.size());
  for (LinkIdx l : o.banned)
    if (net_.links.contains(l)) {
      ws.link_ban_[l.v] = ws.round_;
      ws.any_ban_ = true;
    }
}

// Dijkstra over labels (state, borders used, arrived by a transfer): borders are counted only when
// max_borders >= 0, and a transfer never follows a transfer (chaining ferry->rail->road at one
// node would dodge a forbidden or dearer ferry->road transfer). The first label settled at a target
// node is its answer (found_); the search ends when every target has one. With expand_targets the
// arcs out of a target's label are still relaxed (one_to_many: a target can lie on the way to
// another), so every answer is the one a search for that target alone finds.
void Router::run(Workspace& ws, const Weights& w, const Options& o, NodeIdx from,
                 uint32_t num_targets, bool expand_targets) const {
  const uint32_t L = layers(o.max_borders);
  const uint32_t shift = label_shift(L);
  const uint32_t low = (1u << shift) - 1;
  const bool count_borders = o.max_borders >= 0;
  for (StateIdx s : states_of(from)) {
    if (!w.state_ok[s]) continue;
    const uint32_t x = s.v << shift;
    ws.touch(x).dist = 0;
    ws.heap_.push_or_decrease(x, 0);
  }
  while (!ws.heap_.empty() && num_targets > 0) {
    const uint32_t x = ws.heap_.pop();
    ++ws.settled_;
    const StateIdx s(x >> shift);
    const uint32_t after_transfer = x & 1;
    const uint32_t b = (x & low) >> 1;
    const NodeIdx v = states_[s].node;
    if (ws.is_target(v) && ws.found_at_[v.v] != ws.round_) {
      ws.found_at_[v.v] = ws.round_;
      ws.found_[v.v] = x;
      if (--num_targets == 0 || !expand_targets) continue;
    }
    const double dx = ws.labels_[x].dist;
    // A label that arrived by a transfer is dominated by the label of the same state and border
    // count that did not, if that one is strictly cheaper: it can do everything this one can.
    if (after_transfer && ws.dist(x ^ 1u) < dx) continue;
    const double* cost = w.cost.data();
    for (uint32_t a = graph_.begin(s.v), e = graph_.end(s.v); a < e; ++a) {
      const double c = cost[a];
      if (c == kInf) continue;
      const SearchArc& sa = search_arcs_[ArcIdx(a)];
      if (sa.transfer && after_transfer) continue;
      if (ws.any_ban_ && sa.link.valid() && ws.banned(sa.link)) continue;
      const uint32_t nb = b + ((count_borders && sa.border) ? 1 : 0);
      if (nb >= L) continue;
      const uint32_t y = (sa.head << shift) | (nb << 1) | (sa.transfer ? 1u : 0u);
      const double nd = dx + c;
      if (sa.transfer && ws.dist(y ^ 1u) < nd) continue;
      Workspace::Label& ly = ws.touch(y);
      if (nd < ly.dist) {
        ly.dist = nd;
        ly.pred = x;
        ly.parc = ArcIdx(a);
        ws.heap_.push_or_decrease(y, nd);
      }
    }
  }
}

bool Router::shortest(Workspace& ws, const Weights& w, NodeIdx from, NodeIdx to, const Options& o,
                      Path& out) const {
  CORRIDOR_ASSERT(net_.nodes.contains(from) && net_.nodes.contains(to));
  if (from == to) {
    out.steps.clear();
    finish_path(out, *w.prof, from);
    return true;
  }
  start(ws, o);
  ws.target_[to.v] = ws.round_;
  run(ws, w, o, from, 1, false);
  if (ws.found_at_[to.v] != ws.round_) return false;
  path_to(ws, w, ws.found_[to.v], from, out);
  return true;
}

std::optional<Path> Router::shortest(Workspace& ws, NodeIdx from, NodeIdx to,
                                     const Options& o) const {
  auto w = weights(o);
  Path p;
  if (!shortest(ws, *w, from, to, o, p)) return std::nullopt;
  return p;
}

std::optional<Path> Router::shortest(NodeIdx from, NodeIdx to, const Options& o) const {
  return shortest(thread_workspace(), from, to, o);
}

Workspace& Router::thread_workspace() {
  thread_local Workspace ws;
  return ws;
}

std::vector<std::optional<Path>> Router::one_to_many(Workspace& ws, NodeIdx from,
                                                     const std::vector<NodeIdx>& to,
                                                     const Options& o) const {
  auto w = weights(o);
  start(ws, o);
  uint32_t targets = 0;
  for (NodeIdx t : to) {
    CORRIDOR_ASSERT(net_.nodes.contains(t));
    if (t != from && ws.target_[t.v] != ws.round_) {
      ws.target_[t.v] = ws.round_;
      ++targets;
    }
  }
  run(ws, *w, o, from, targets, true);
  std::vector<std::optional<Path>> out;
  out.reserve(to.size());
  for (NodeIdx t : to) {
    if (t == from) {
      Path p;
      finish_path(p, *w->prof, from);
      out.push_back(std::move(p));
    } else if (ws.found_at_[t.v] == ws.round_) {
      Path p;
      path_to(ws, *w, ws.found_[t.v], from, p);
      out.push_back(std::move(p));
    } else {
      out.push_back(std::nullopt);
    }
  }
  return out;
}

std::vector<std::optional<Path>> Router::one_to_many(NodeIdx from, const std::vector<NodeIdx>& to,
                                                     const Options& o) const {
  return one_to_many(thread_workspace(), from, to, o);
}

// ---- Alternatives -------------------------------------------------------------------------------

std::vector<Path> Router::alternatives(Workspace& ws, NodeIdx from, NodeIdx to, const Options& o,
                                       int k) const {
  std::vector<Path> out;
  if (k <= 0) return out;
  auto w = weights(o);
  Path first;
  if (!shortest(ws, *w, from, to, o, first)) return out;
  auto signature = [](const Path& p) {
    std::vector<LinkIdx> s;
    for (const auto& st : p.steps)
      if (st.border) s.push_back(st.link);
    std::sort(s.begin(), s.end());
    return s;
  };
  // The links to ban, one at a time, to find the next candidates from a path: its border links
  // (for a different border set) and, if it visits a place twice, the links of each loop (for a
  // path without it).
  auto ban_candidates = [&](const Path& p) {
    std::vector<LinkIdx> bans = signature(p);
    const auto& st = p.steps;
    for (size_t i = 0; i < st.size(); ++i) {
      if (st[i].kind != StepKind::link) continue;
      size_t back = st.size();
      for (size_t j = st.size(); j-- > i;)
        if (st[j].kind == StepKind::link && st[j].to == st[i].from) {
          back = j;
          break;
        }
      if (back == st.size()) continue;
      for (size_t j = i; j <= back; ++j)
        if (st[j].kind == StepKind::link) bans.push_back(st[j].link);
    }
    std::sort(bans.begin(), bans.end());
    bans.erase(std::unique(bans.begin(), bans.end()), bans.end());
    return bans;
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
  Options o2 = o;
  auto expand = [&](const Cand& c) {
    for (LinkIdx l : ban_candidates(c.path)) {
      std::vector<LinkIdx> ban = c.banned;
      ban.push_back(l);
      std::sort(ban.begin(), ban.end());
      if (searches >= kMaxSearches || !tried_bans.insert(ban).second) continue;
      o2.banned = o.banned;
      o2.banned.insert(o2.banned.end(), ban.begin(), ban.end());
      ++searches;
      Path p;
      if (shortest(ws, *w, from, to, o2, p)) queue.push({std::move(p), std::move(ban)});
    }
  };
  auto offer = [&](const Cand& c) {
    if (!visits_a_place_twice(c.path) && seen_sigs.insert(signature(c.path)).second)
      out.push_back(c.path);
    expand(c);
  };
  offer({std::move(first), {}});
  while (static_cast<int>(out.size()) < k && !queue.empty()) {
    Cand c = queue.top();
    queue.pop();
    offer(c);
  }
  return out;
}

std::vector<Path> Router::alternatives(NodeIdx from, NodeIdx to, const Options& o, int k) const {
  return alternatives(thread_workspace(), from, to, o, k);
}

// ---- Pareto -------------------------------------------------------------------------------------

std::vector<Path> Router::pareto(NodeIdx from, NodeIdx to, const Options& o,
                                 size_t max_labels) const {
  auto wp = weights(o);
  const Weights& q = *wp;
  if (from == to) {
    Path p;
    finish_path(p, *q.prof, from);
    return {p};
  }
  std::vector<char> banned(net_.links.size(), 0);
  for (LinkIdx l : o.banned)
    if (net_.links.contains(l)) banned[l.v] = 1;
  struct Label {
    double hours, usd, cost;
    int borders;
    StateIdx state;
    uint32_t pred;
    ArcIdx arc;
    bool dead;
  };
  std::vector<Label> labels;
  network::IndexedVector<StateIdx, std::vector<uint32_t>> at(states_.size());
  using Item = std::pair<double, uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> heap;
  std::vector<uint32_t> targets;
  const double eps = 1e-9;
  auto dominates = [&](const Label& a, double h, double u, int b) {
    return a.hours <= h + eps && a.usd <= u + eps && a.borders <= b;
  };
  auto try_add = [&](StateIdx s, double h, double u, int b, uint32_t pred, ArcIdx arc) {
    if (o.max_borders >= 0 && b > o.max_borders) return;
    for (uint32_t t : targets)
      if (dominates(labels[t], h, u, b)) return;
    // At a state, a label that arrived by a transfer (and so may not transfer again) cannot
    // dominate one that did not: "free to transfer" is a fourth criterion there.
    const bool restricted = arc.valid() && arcs_[arc].kind == StepKind::transfer;
    auto is_restricted = [&](const Label& l) {
      return l.arc.valid() && arcs_[l.arc].kind == StepKind::transfer;
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
    double cost = u + q.prof->value_of_time * h;
    labels.push_back({h, u, cost, b, s, pred, arc, false});
    uint32_t id = static_cast<uint32_t>(labels.size() - 1);
    at[s].push_back(id);
    heap.push({cost, id});
  };
  for (StateIdx s : states_of(from))
    if (q.state_ok[s]) try_add(s, 0, 0, 0, kInvalid, ArcIdx::invalid());
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
    const bool after_transfer = cur.arc.valid() && arcs_[cur.arc].kind == StepKind::transfer;
    for (ArcIdx a : out_arcs(cur.state)) {
      if (q.cost[a] == kInf) continue;
      const ArcInfo& ai = arcs_[a];
      if (after_transfer && ai.kind == StepKind::transfer) continue;
      if (ai.kind == StepKind::link && banned[ai.link.v]) continue;
      try_add(head(a), cur.hours + ai.hours, cur.usd + q.usd[a], cur.borders + (ai.border ? 1 : 0),
              id, a);
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
    std::vector<ArcIdx> arcs;
    for (uint32_t x = targets[i]; labels[x].arc.valid(); x = labels[x].pred)
      arcs.push_back(labels[x].arc);
    std::reverse(arcs.begin(), arcs.end());
    out.push_back(make_path(arcs, q, from));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Path& a, const Path& b) { return a.cost < b.cost; });
  return out;
}

// ---- Export and checks --------------------------------------------------------------------------

Router::Export Router::export_graph(const Options& o) const {
  auto w = weights(o);
  Export e;
  e.state_node.reserve(states_.size());
  for (const auto& s : states_) e.state_node.push_back(s.node);
  for (StateIdx t : arc_tail_) e.tail.push_back(t.v);
  e.head = graph_.head;
  for (const auto& ai : arcs_) {
    e.kind.push_back(ai.kind);
    e.link.push_back(ai.link);
    e.hours.push_back(ai.hours);
    e.border.push_back(ai.border);
  }
  e.usd = w->usd.vec();
  e.cost = w->cost.vec();
  // Banned links are off in the export too, as they are in every search.
  for (ArcIdx a : arcs_.ids())
    if (arcs_[a].kind == StepKind::link &&
        std::find(o.banned.begin(), o.banned.end(), arcs_[a].link) != o.banned.end())
      e.cost[a.v] = kInf;
  return e;
}

std::vector<std::string> Router::check() const {
  std::vector<std::string> bad;
  if (arcs_.size() != graph_.num_arcs())
    bad.push_back("arc attribute count differs from arc count");
  for (ArcIdx a : arcs_.ids()) {
    const State& t = states_[arc_tail_[a]];
    const State& h = states_[head(a)];
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
