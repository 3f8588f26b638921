// Multimodal freight routing on a network::Network.
//
// The routing graph has one vertex per (node, mode, gauge) state, so mode transfers and gauge
// changes are arcs with their own time and money. The generalized cost of an arc is
//   money x profile.money_per_teu (or the profile's tariff per km) + value_of_time x hours,
// and the cost of a path is the sum over its links, transfers, gauge changes and borders.
//
// A Router is immutable after construction and may be shared between threads; each query
// allocates its own small workspace (the bundled network has a few hundred states).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "corridor/network/network.h"
#include "corridor/route/graph.h"

namespace corridor::route {

struct Options {
  std::string profile = "teu";
  uint8_t modes = 0b111;                 // bit (1 << Mode): allowed modes
  std::vector<std::string> avoid;        // countries never entered
  int year = 2026;                       // links open by this year
  int max_borders = -1;                  // -1 = unlimited
  std::vector<network::LinkIdx> banned;  // links not to use (alternatives)
};

enum class StepKind : uint8_t { link, transfer, gauge_change };

struct Step {
  StepKind kind = StepKind::link;
  network::LinkIdx link = kInvalid;  // for kind == link
  network::NodeIdx from = 0, to = 0;
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

class Router {
 public:
  explicit Router(const network::Network& net);

  const network::Network& network() const { return net_; }
  uint32_t num_states() const { return graph_.num_nodes(); }
  uint32_t num_arcs() const { return graph_.num_arcs(); }

  // The cheapest path by generalized cost; nullopt if none. Throws Error(usage) for an unknown
  // profile. Ties are broken deterministically (by arc order).
  std::optional<Path> shortest(network::NodeIdx from, network::NodeIdx to, const Options& o) const;

  // Up to k meaningfully different paths: each crosses a different set of border links (found by
  // banning the border links of earlier paths, cheapest first). The first is shortest().
  std::vector<Path> alternatives(network::NodeIdx from, network::NodeIdx to, const Options& o,
                                 int k) const;

  // The Pareto set over (hours, usd, borders), sorted by generalized cost. Throws
  // Error(limit_exceeded) if more than max_labels labels would be created.
  std::vector<Path> pareto(network::NodeIdx from, network::NodeIdx to, const Options& o,
                           size_t max_labels = 200000) const;

  // Generalized costs from one node to many (nullopt = unreachable), one search.
  std::vector<std::optional<Path>> one_to_many(network::NodeIdx from,
                                               const std::vector<network::NodeIdx>& to,
                                               const Options& o) const;

  // The profile of an options struct (Error(usage) with suggestions if unknown).
  const network::Profile& profile(const std::string& name) const;

  // The state graph under options, as flat arrays for other algorithms (assignment): per state its
  // node, per arc its ends, kind, link, hours, money for the profile and generalized cost
  // (infinity where the options forbid the arc). Arc order is the router's own, stable.
  struct Export {
    std::vector<network::NodeIdx> state_node;
    std::vector<uint32_t> tail, head;
    std::vector<StepKind> kind;
    std::vector<network::LinkIdx> link;  // kInvalid for transfers and gauge changes
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
  struct Query;  // per-call prepared weights

  Query prepare(const Options& o) const;
  Path make_path(const std::vector<uint32_t>& arcs) const;
  std::optional<Path> search(network::NodeIdx from, network::NodeIdx to, const Query& q) const;

  const network::Network& net_;
  std::vector<State> states_;
  std::vector<uint32_t> first_state_;  // states of node v: first_state_[v] .. first_state_[v+1]
  Graph graph_;
  std::vector<uint32_t> arc_tail_;
  std::vector<ArcInfo> arcs_;
};

}  // namespace corridor::route
