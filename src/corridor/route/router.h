// Multimodal freight routing on a network::Network.
//
// The routing graph has one vertex per (node, mode, gauge) state, so mode transfers and gauge
// changes are arcs with their own time and money. The generalized cost of an arc is
//   money x profile.money_per_teu (or the profile's tariff per km) + value_of_time x hours,
// and the cost of a path is the sum over its links, transfers, gauge changes and borders.
//
// Query state is split three ways:
//   - a Router is immutable after construction (the state graph) and may be shared by threads;
//   - the arc weights of a request filter (profile, modes, avoid, year) are computed once per
//     Router and kept in a small thread-safe cache (weights());
//   - a Workspace holds one search's labels, parents and heap positions. It is reset in
//     O(touched) with a generation counter, so a thread that keeps one Workspace answers any
//     number of queries without allocating. The overloads without a Workspace use one per thread
//     (thread_local), so they do not allocate search state per query either.
#pragma once
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "corridor/network/index.h"
#include "corridor/network/network.h"
#include "corridor/route/graph.h"
#include "corridor/route/heap.h"

namespace corridor::route {

struct StateTag;
struct ArcTag;
using StateIdx = network::Index<StateTag>;  // a (node, mode, gauge) vertex of the routing graph
using ArcIdx = network::Index<ArcTag>;      // an arc of the routing graph (CSR order)

struct Options {
  std::string profile;  // a profile of the network (required; the api fills the dataset default)
  network::ModeMask modes = network::kAllModes;  // allowed modes (network::mode_bit)
  std::vector<std::string> avoid;                // countries never entered
  int year = 2026;                               // links open by this year
  int max_borders = -1;                          // -1 = unlimited
  std::vector<network::LinkIdx> banned;          // links not to use (alternatives)
};

enum class StepKind : uint8_t { link, transfer, gauge_change };

struct Step {
  StepKind kind = StepKind::link;
  network::LinkIdx link = network::LinkIdx::invalid();  // for kind == link
  network::NodeIdx from{}, to{};
  network::Mode mode = network::Mode::road;       // link mode; for a transfer: the mode entered
  network::Mode from_mode = network::Mode::road;  // for a transfer: the mode left
  uint16_t gauge = 0;       // rail gauge used (after a gauge change: the new gauge)
  uint16_t from_gauge = 0;  // for a gauge change
  double km = 0, hours = 0, usd = 0;
  bool border = false;  // the link joins two countries
};

struct Path {
  std::vector<Step> steps;
  double km = 0, hours = 0, usd = 0, cost = 0;
  int borders = 0;
  std::vector<std::string> countries;  // in the order entered (consecutive repeats merged)
};

// True if the path enters a place (a node, whatever the mode or gauge) it has already left:
// e.g. Agarak -> Meghri by road, then Meghri -> Agarak by rail.
bool visits_a_place_twice(const Path& p);

// The arc weights of one request filter. Which filter: profile, modes, avoid (as a set), year.
// max_borders and banned links are not part of it: the search applies them.
struct Weights {
  std::string profile;
  uint8_t modes = 0;
  std::vector<std::string> avoid;  // sorted, unique
  int year = 0;
  const network::Profile* prof = nullptr;
  network::IndexedVector<ArcIdx, double> cost;  // generalized cost; infinity = not allowed
  network::IndexedVector<ArcIdx, double> usd;   // money for the profile (also where not allowed)
  network::IndexedVector<StateIdx, char> state_ok;

  // True if these are the weights of o's filter.
  bool matches(const Options& o) const;
};

class Router;

// One thread's search state; see the top of this file. Not thread-safe: one per thread.
class Workspace {
 public:
  Workspace() = default;
  explicit Workspace(const Router& r);

  // The bytes held (for tests and benchmarks: it must stop growing after the first queries).
  size_t capacity_bytes() const;
  // Labels settled by the last search (one_to_many runs one search for all its targets).
  uint32_t settled() const { return settled_; }

 private:
  friend class Router;
  // Makes room for `labels` search labels, `links` links and `nodes` nodes (grows only) and
  // starts a new generation: every label, ban and target mark of the previous query is void.
  void begin(uint32_t labels, size_t links, size_t nodes);
  // One search label: (state, borders used, arrived by a transfer); see Router::run.
  struct Label {
    double dist;
    uint32_t stamp;  // == round_: the fields below belong to this query
    uint32_t pred;   // previous label
    ArcIdx parc;     // arc into this label
  };
  Label& touch(uint32_t x) {
    Label& l = labels_[x];
    if (l.stamp != round_) l = {kInf, round_, kInvalid, ArcIdx::invalid()};
    return l;
  }
  // The label's cost in this query (infinity if untouched).
  double dist(uint32_t x) const { return labels_[x].stamp == round_ ? labels_[x].dist : kInf; }
  bool banned(network::LinkIdx l) const { return link_ban_[l.v] == round_; }
  bool is_target(network::NodeIdx v) const { return target_[v.v] == round_; }

  static constexpr double kInf = std::numeric_limits<double>::infinity();
  std::vector<Label> labels_;
  std::vector<uint32_t> link_ban_;  // == round_: link banned in this query
  std::vector<uint32_t> target_;    // == round_: node is a target of this query
  std::vector<uint32_t> found_;     // per node: the first label settled there (if target_)
  std::vector<uint32_t> found_at_;  // == round_: found_ is set
  std::vector<ArcIdx> arcs_;        // path scratch
  MinIdHeap<double> heap_;
  uint32_t round_ = 0;
  uint32_t settled_ = 0;
  bool any_ban_ = false;
};

class Router {
 public:
  explicit Router(const network::Network& net);
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  const network::Network& network() const { return net_; }
  uint32_t num_states() const { return graph_.num_nodes(); }
  uint32_t num_arcs() const { return graph_.num_arcs(); }

  // The cheapest path by generalized cost; nullopt if none. Throws Error(usage) for an unknown
  // profile. Ties are broken deterministically (by arc order).
  std::optional<Path> shortest(network::NodeIdx from, network::NodeIdx to, const Options& o) const;
  std::optional<Path> shortest(Workspace& ws, network::NodeIdx from, network::NodeIdx to,
                               const Options& o) const;
  // The same into `out` (reusing its storage) with weights already looked up: `w` must be
  // weights(o). Returns false if there is no path. Allocates nothing once ws and out have grown.
  bool shortest(Workspace& ws, const Weights& w, network::NodeIdx from, network::NodeIdx to,
                const Options& o, Path& out) const;

  // Up to k meaningfully different paths, cheapest first: each crosses a different set of border
  // links (found by banning the border links of earlier paths), and none visits a place twice
  // (visits_a_place_twice(): a candidate that does is not listed; its loop's links are banned in
  // turn to find the ones that do not). The first is shortest() unless that one visits a place
  // twice.
  std::vector<Path> alternatives(network::NodeIdx from, network::NodeIdx to, const Options& o,
                                 int k) const;
  std::vector<Path> alternatives(Workspace& ws, network::NodeIdx from, network::NodeIdx to,
                                 const Options& o, int k) const;

  // The Pareto set over (hours, usd, borders), sorted by generalized cost. Throws
  // Error(limit_exceeded) if more than max_labels labels would be created.
  std::vector<Path> pareto(network::NodeIdx from, network::NodeIdx to, const Options& o,
                           size_t max_labels = 200000) const;

  // Paths from one node to many (nullopt = unreachable), one search: it stops once every target
  // is settled. Each answer equals shortest(from, target).
  std::vector<std::optional<Path>> one_to_many(network::NodeIdx from,
                                               const std::vector<network::NodeIdx>& to,
                                               const Options& o) const;
  std::vector<std::optional<Path>> one_to_many(Workspace& ws, network::NodeIdx from,
                                               const std::vector<network::NodeIdx>& to,
                                               const Options& o) const;

  // The profile of an options struct (Error(usage) with suggestions if unknown).
  const network::Profile& profile(const std::string& name) const;

  // The weights of o's filter, from the cache (computed on first use). Thread-safe. The cache
  // keeps the kWeightCacheSize most recently used filters; a returned pointer stays valid after
  // its entry is evicted.
  static constexpr size_t kWeightCacheSize = 32;
  std::shared_ptr<const Weights> weights(const Options& o) const;
  // The same weights computed afresh, bypassing the cache (tests and benchmarks compare the two).
  Weights compute_weights(const Options& o) const;
  size_t cached_weights() const;

  // The state graph under options, as flat arrays for other algorithms (assignment): per state its
  // node, per arc its ends, kind, link, hours, money for the profile and generalized cost
  // (infinity where the options forbid the arc). Arc order is the router's own, stable.
  struct Export {
    std::vector<network::NodeIdx> state_node;
    std::vector<uint32_t> tail, head;
    std::vector<StepKind> kind;
    std::vector<network::LinkIdx> link;  // invalid for transfers and gauge changes
    std::vector<double> hours, usd, cost;
    std::vector<char> border;
  };
  Export export_graph(const Options& o) const;

  // Checks the state graph's invariants (one message per violation; empty = ok).
  std::vector<std::string> check() const;

 private:
  struct State {
    network::NodeIdx node;
    network::Mode mode;
    uint16_t gauge;
  };
  struct ArcInfo {
    StepKind kind;
    network::LinkIdx link;  // link arcs
    bool border;
    double km, hours;
    double base_usd;  // per TEU money that scales with money_per_teu (fees, handling)
  };
  struct Cache;
  // What the search reads per arc, packed (the CSR head, the link for bans, two flags).
  struct SearchArc {
    uint32_t head;
    network::LinkIdx link;
    bool transfer, border;
  };

  // The number of border layers a search needs for max_borders (1 if unlimited).
  uint32_t layers(int max_borders) const;
  // The layered search from `from` until every node marked as a target in ws is settled.
  void run(Workspace& ws, const Weights& w, const Options& o, network::NodeIdx from,
           uint32_t num_targets, bool expand_targets) const;
  void start(Workspace& ws, const Options& o) const;
  void path_to(Workspace& ws, const Weights& w, uint32_t label, network::NodeIdx origin,
               Path& out) const;
  void finish_path(Path& p, const network::Profile& prof, network::NodeIdx origin) const;
  Path make_path(std::span<const ArcIdx> arcs, const Weights& w, network::NodeIdx origin) const;
  Step make_step(ArcIdx a, const Weights& w) const;  // one arc of a path, as reported
  static Workspace& thread_workspace();

  StateIdx head(ArcIdx a) const { return StateIdx(graph_.head[a.v]); }
  network::IndexRange<ArcIdx> out_arcs(StateIdx s) const {
    return {ArcIdx(graph_.begin(s.v)), ArcIdx(graph_.end(s.v))};
  }
  network::IndexRange<StateIdx> states_of(network::NodeIdx v) const {
    return {first_state_[v], first_state_[network::NodeIdx(v.v + 1)]};
  }

  const network::Network& net_;
  network::IndexedVector<StateIdx, State> states_;
  network::IndexedVector<network::NodeIdx, StateIdx> first_state_;  // size nodes + 1
  Graph graph_;
  network::IndexedVector<ArcIdx, StateIdx> arc_tail_;
  network::IndexedVector<ArcIdx, ArcInfo> arcs_;
  network::IndexedVector<ArcIdx, SearchArc> search_arcs_;
  uint32_t num_border_arcs_ = 0;
  std::unique_ptr<Cache> cache_;
};

}  // namespace corridor::route
