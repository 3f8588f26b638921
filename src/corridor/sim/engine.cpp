#include "corridor/sim/engine.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <memory>
#include <queue>

#include "corridor/core/error.h"
#include "corridor/sim/rng.h"

namespace corridor::sim {

const char* unit_name(UnitKind k) {
  switch (k) {
    case UnitKind::train:
      return "train";
    case UnitKind::truck:
      return "truck";
    case UnitKind::wagon:
      return "wagon";
  }
  return "?";
}

const char* kind_name(ElementSpec::Kind k) {
  switch (k) {
    case ElementSpec::Kind::track:
      return "single_track";
    case ElementSpec::Kind::border:
      return "border_post";
    case ElementSpec::Kind::yard:
      return "gauge_yard";
    case ElementSpec::Kind::ferry:
      return "ferry";
  }
  return "?";
}

double ArrivalSpec::events_per_day() const {
  switch (process) {
    case Process::poisson:
    case Process::batch:
      return per_day;
    case Process::renewal: {
      const double m = interarrival.mean();
      return m > 0 ? 1440.0 / m : 0;
    }
    case Process::scheduled:
      return headway > 0 ? 1440.0 / headway : static_cast<double>(times_of_day.size());
  }
  return 0;
}

ArrivalSpec ArrivalSpec::scaled(double f) const {
  ArrivalSpec a = *this;
  switch (process) {
    case Process::poisson:
    case Process::batch:
      a.per_day *= f;
      break;
    case Process::renewal:
      a.interarrival = interarrival.scaled(1 / f);
      break;
    case Process::scheduled:
      if (headway <= 0)
        throw std::invalid_argument(
            "a timetable given as times of day cannot be scaled; give 'headway_min' instead");
      a.headway = headway / f;
      break;
  }
  return a;
}

namespace {

constexpr uint32_t kNone = 0xFFFFFFFFu;

struct Event {
  Time t;
  uint64_t seq;
  uint32_t target, code, arg;
};
struct Later {
  bool operator()(const Event& a, const Event& b) const {
    return a.t != b.t ? a.t > b.t : a.seq > b.seq;
  }
};

struct Unit {
  uint32_t flow = 0;
  uint8_t dir = 0;
  UnitKind kind = UnitKind::train;
  int wagons = 1;
  double speed_kmh = 0;        // single track
  Time created = 0, here = 0;  // arrival time in the system; time it started waiting here
  Time wait = 0;               // total waiting so far
  uint32_t step = 0;           // index into the flow's route
  int pos = 0;                 // element-private (block index on a track, vessel on a ferry)
};

// A piecewise-constant level (units waiting, servers busy) integrated over the measured window
// [from, to), with optional per-bucket averages.
struct Level {
  Time from = 0, to = 0, bucket = 0;
  double cur = 0, area = 0;
  Time last = 0;
  std::vector<double>* series = nullptr;
  void add(Time now, double delta) {
    advance(now);
    cur += delta;
  }
  void advance(Time now) {
    Time a = std::max(last, from), b = std::min(now, to);
    if (b > a && cur != 0) {
      area += cur * static_cast<double>(b - a);
      if (series) {
        while (a < b) {
          const size_t k = static_cast<size_t>((a - from) / bucket);
          const Time end = std::min(b, from + static_cast<Time>(k + 1) * bucket);
          if (k < series->size()) (*series)[k] += cur * static_cast<double>(end - a);
          a = end;
        }
      }
    }
    last = std::max(last, now);
  }
};

class World;

struct Element {
  World& w;
  uint32_t index;
  const ElementSpec& spec;
  ResourceRaw raw;
  Level queue, busy;
  Element(World& world, uint32_t i, const ElementSpec& s);
  virtual ~Element() = default;
  virtual void arrive(uint32_t u) = 0;
  virtual void handle(const Event& e) = 0;
  virtual double capacity_units() const = 0;  // servers for the utilisation denominator
  void record_wait(Unit& u, Time now);
  virtual void finish(Time end);
};

struct Source {
  const FlowSpec* flow;
  ArrivalSpec arr;
  Rng rng, delay_rng;
  double speed = 0;
  int64_t k = 0;  // next timetable index
};

class World {
 public:
  World(const Model& m, const RunSpec& s);
  void run();
  ReplicationResult result();

  Time now = 0, warm = 0, end = 0;
  const Model& model;
  const RunSpec& spec;
  std::vector<Unit> units;
  std::vector<uint32_t> free_units;
  std::vector<std::unique_ptr<Element>> elems;
  std::vector<Source> sources;
  std::vector<FlowRaw> flows;
  uint64_t events = 0;

  void at(Time t, uint32_t target, uint32_t code, uint32_t arg = 0) {
    CORRIDOR_ASSERT(t >= now);  // the kernel never schedules into the past
    q_.push({t, seq_++, target, code, arg});
  }
  Rng rng_for(const std::string& element, uint64_t purpose) const {
    return Rng(spec.seed, static_cast<uint64_t>(spec.replication), hash_id(element), purpose);
  }
  void forward(uint32_t u);

 private:
  void arrival(uint32_t f);
  void schedule_next(uint32_t f);
  std::priority_queue<Event, std::vector<Event>, Later> q_;
  uint64_t seq_ = 0;
  uint32_t source_base_ = 0;
};

Element::Element(World& world, uint32_t i, const ElementSpec& s) : w(world), index(i), spec(s) {
  const Time bucket = std::max<Time>(kMinute, minutes(w.spec.bucket_minutes));
  const size_t nb = static_cast<size_t>((w.end - w.warm + bucket - 1) / bucket);
  raw.queue_series.assign(nb, 0);
  for (Level* l : {&queue, &busy}) {
    l->from = w.warm;
    l->to = w.end;
    l->bucket = bucket;
  }
  queue.series = &raw.queue_series;
}

void Element::record_wait(Unit& u, Time now) {
  const Time waited = now - u.here;
  u.wait += waited;
  if (u.created >= w.warm && now < w.end)
    raw.waits[u.dir].push_back(static_cast<double>(waited) / kMinute);
}

void Element::finish(Time end) {
  queue.advance(end);
  busy.advance(end);
  const double span = static_cast<double>(end - w.warm);
  raw.mean_queue = span > 0 ? queue.area / span : 0;
  const Time bucket = queue.bucket;
  for (size_t k = 0; k < raw.queue_series.size(); ++k) {
    const Time b0 = w.warm + static_cast<Time>(k) * bucket;
    const double len = static_cast<double>(std::min(end, b0 + bucket) - b0);
    raw.queue_series[k] = len > 0 ? raw.queue_series[k] / len : 0;
  }
  if (spec.kind != ElementSpec::Kind::ferry) {
    const double cap = capacity_units() * span;
    raw.utilisation = cap > 0 ? busy.area / cap : 0;
  }
}

// ---- multi-server stations: border posts (a queue and lanes per direction) and gauge-change
// yards (one queue and tracks shared by both directions), FIFO.
class Stations final : public Element {
 public:
  Stations(World& world, uint32_t i, const ElementSpec& s) : Element(world, i, s) {
    yard_ = s.kind == ElementSpec::Kind::yard;
    for (int d = 0; d < 2; ++d) svc_[d] = w.rng_for(s.id, 1 + d);
    pick_ = w.rng_for(s.id, 3);
    insp_ = w.rng_for(s.id, 4);
    setup_ = w.rng_for(s.id, 5);
  }
  // Border posts: the lanes of the directions some flow uses (all if none).
  double capacity_units() const override {
    if (yard_) return spec.yard.tracks;
    bool used[2] = {false, false};
    for (const auto& f : w.model.flows)
      if (std::find(f.route.begin(), f.route.end(), static_cast<int>(index)) != f.route.end())
        used[f.direction] = true;
    if (!used[0] && !used[1]) used[0] = used[1] = true;
    return (used[0] ? spec.border.lanes[0] : 0) + (used[1] ? spec.border.lanes[1] : 0);
  }
  void arrive(uint32_t u) override {
    Unit& x = w.units[u];
    x.here = w.now;
    q_[channel(x.dir)].push_back(u);
    queue.add(w.now, 1);
    start(channel(x.dir));
  }
  void handle(const Event& e) override {
    if (e.code == kDone) {
      const int ch = channel(w.units[e.arg].dir);
      --busy_[ch];
      busy.add(w.now, -1);
      w.forward(e.arg);
      start(ch);
    } else if (e.code == kWake) {
      wake_pending_ = false;
      start(0);
      if (!yard_) start(1);
    }
  }

 private:
  static constexpr uint32_t kDone = 0, kWake = 1;
  int channel(int dir) const { return yard_ ? 0 : dir; }
  int servers(int ch) const { return yard_ ? spec.yard.tracks : spec.border.lanes[ch]; }
  bool open(Time t) const {
    if (yard_ || spec.border.always_open()) return true;
    const double h = static_cast<double>(t % kDay) / kHour;
    const double o = spec.border.open_hour, c = spec.border.close_hour;
    return o < c ? (h >= o && h < c) : (h >= o || h < c);
  }
  Time next_opening(Time t) const {
    const Time day0 = t - t % kDay;
    Time o = day0 + minutes(spec.border.open_hour * 60);
    if (o <= t) o += kDay;
    return o;
  }
  double service_minutes(const Unit& x) {
    if (yard_) {
      const YardSpec& y = spec.yard;
      double t = y.setup.sample(setup_);
      const int n = y.per_wagon ? std::max(1, x.wagons) : 1;
      for (int i = 0; i < n; ++i) t += y.service.sample(svc_[0]);
      return t;
    }
    const BorderSpec& b = spec.border;
    double t = b.service[x.dir].sample(svc_[x.dir]);
    if (b.inspection_share > 0 && pick_.uniform() < b.inspection_share)
      t += b.inspection.sample(insp_);
    return t;
  }
  void start(int ch) {
    if (!open(w.now)) {
      if (!wake_pending_ && !(q_[0].empty() && q_[1].empty())) {
        wake_pending_ = true;
        w.at(next_opening(w.now), index, kWake);
      }
      return;
    }
    while (busy_[ch] < servers(ch) && !q_[ch].empty()) {
      const uint32_t u = q_[ch].front();
      q_[ch].pop_front();
      queue.add(w.now, -1);
      Unit& x = w.units[u];
      record_wait(x, w.now);
      ++busy_[ch];
      busy.add(w.now, 1);
      w.at(w.now + std::max<Time>(0, minutes(service_minutes(x))), index, kDone, u);
    }
  }
  bool yard_ = false, wake_pending_ = false;
  std::deque<uint32_t> q_[2];
  int busy_[2] = {0, 0};
  Rng svc_[2], pick_, insp_, setup_;
};

// ---- single track with passing loops. Stations 0..n-1 (0 = end a, n-1 = end b; the ones in
// between are loops), block j between stations j and j+1. Each loop has one track per
// direction. Dispatching rule: a train may enter a block only when the block is free and the
// loop track for its direction at the far end is free (reserved on entry), so it can always
// reach the next loop: waiting chains only point forward in one direction and end at a
// terminal, hence no deadlock. When both directions can use a freed block, it goes to the
// direction opposite to its last user (alternation), otherwise to whichever train can go.
// Decisions are taken in a separate event at the same time, after every event already due then.
class Track final : public Element {
 public:
  Track(World& world, uint32_t i, const ElementSpec& s) : Element(world, i, s) {
    std::vector<double> at{0};
    for (double km : s.track.loops_km) at.push_back(km);
    at.push_back(s.track.length_km);
    nst_ = static_cast<int>(at.size());
    for (int j = 0; j + 1 < nst_; ++j) len_.push_back(at[j + 1] - at[j]);
    busy_blk_.assign(len_.size(), 0);
    last_dir_.assign(len_.size(), -1);
    slot_.assign(static_cast<size_t>(nst_) * 2, 0);
    ready_.assign(static_cast<size_t>(nst_) * 2, kNone);
  }
  double capacity_units() const override { return static_cast<double>(len_.size()); }
  void arrive(uint32_t u) override {
    Unit& x = w.units[u];
    x.here = w.now;
    end_q_[x.dir].push_back(u);
    ++waiting_;
    queue.add(w.now, 1);
    dispatch_later(x.dir == 0 ? 0 : nblk() - 1);
  }
  void handle(const Event& e) override {
    switch (e.code) {
      case kArrive:
        on_arrive(e.arg);
        break;
      case kFree:
        busy_blk_[e.arg] = 0;
        --moving_;
        busy.add(w.now, -1);
        dispatch_later(static_cast<int>(e.arg));
        break;
      case kReady:
        make_ready(e.arg);
        break;
      case kDispatch:
        dispatch(static_cast<int>(e.arg));
        break;
    }
  }

 private:
  static constexpr uint32_t kArrive = 0, kFree = 1, kReady = 2, kDispatch = 3;
  int nblk() const { return static_cast<int>(len_.size()); }
  uint8_t& slot(int st, int d) { return slot_[static_cast<size_t>(st) * 2 + d]; }
  uint32_t& ready(int st, int d) { return ready_[static_cast<size_t>(st) * 2 + d]; }
  void dispatch_later(int j) {
    if (j >= 0 && j < nblk()) w.at(w.now, index, kDispatch, static_cast<uint32_t>(j));
  }
  // The train that would use block j in direction d, or kNone.
  uint32_t candidate(int j, int d) {
    if (d == 0) return j == 0 ? (end_q_[0].empty() ? kNone : end_q_[0].front()) : ready(j, 0);
    const int st = j + 1;
    return st == nst_ - 1 ? (end_q_[1].empty() ? kNone : end_q_[1].front()) : ready(st, 1);
  }
  bool can_enter(int j, int d) {
    if (d == 0) return j + 1 == nst_ - 1 || !slot(j + 1, 0);
    return j == 0 || !slot(j, 1);
  }
  void dispatch(int j) {
    if (!busy_blk_[j]) {
      const uint32_t ce = candidate(j, 0), cw = candidate(j, 1);
      const bool e = ce != kNone && can_enter(j, 0), wv = cw != kNone && can_enter(j, 1);
      int d = -1;
      if (e && wv)
        d = last_dir_[j] == 0 ? 1 : 0;
      else if (e)
        d = 0;
      else if (wv)
        d = 1;
      if (d >= 0) {
        start(j, d, d == 0 ? ce : cw);
        return;
      }
    }
    check_deadlock();
  }
  void start(int j, int d, uint32_t u) {
    Unit& x = w.units[u];
    const int from = d == 0 ? j : j + 1, to = d == 0 ? j + 1 : j;
    if (from == 0 || from == nst_ - 1) {
      end_q_[d].pop_front();
    } else {
      ready(from, d) = kNone;
      slot(from, d) = 0;
      // The loop track just freed may let a train behind in the same direction move up.
      dispatch_later(d == 0 ? from - 1 : from);
    }
    --waiting_;
    queue.add(w.now, -1);
    record_wait(x, w.now);
    if (to != 0 && to != nst_ - 1) slot(to, d) = 1;
    busy_blk_[j] = 1;
    ++moving_;
    busy.add(w.now, 1);
    last_dir_[j] = d;
    x.pos = j;
    const double hours = len_[j] / x.speed_kmh;
    w.at(w.now + static_cast<Time>(std::llround(hours * kHour)), index, kArrive, u);
  }
  void on_arrive(uint32_t u) {
    Unit& x = w.units[u];
    const int j = x.pos, d = x.dir;
    const int st = d == 0 ? j + 1 : j;
    const Time clear = minutes(spec.track.clearing);
    if (clear > 0) {
      w.at(w.now + clear, index, kFree, static_cast<uint32_t>(j));
    } else {
      busy_blk_[j] = 0;
      --moving_;
      busy.add(w.now, -1);
      dispatch_later(j);
    }
    if (st == 0 || st == nst_ - 1) {
      w.forward(u);
      return;
    }
    const Time stop = minutes(spec.track.loop_stop);
    if (stop > 0) {
      ++dwelling_;
      w.at(w.now + stop, index, kReady, u);
    } else {
      ready_now(u);
    }
  }
  void make_ready(uint32_t u) {
    --dwelling_;
    ready_now(u);
  }
  void ready_now(uint32_t u) {
    Unit& x = w.units[u];
    const int st = x.dir == 0 ? x.pos + 1 : x.pos;
    x.here = w.now;
    ready(st, x.dir) = u;
    ++waiting_;
    queue.add(w.now, 1);
    dispatch_later(x.dir == 0 ? st : st - 1);
  }
  // Nothing moving, nothing dwelling, trains waiting, and no block can be entered: a deadlock.
  void check_deadlock() {
    if (moving_ > 0 || dwelling_ > 0 || waiting_ == 0) return;
    for (int j = 0; j < nblk(); ++j)
      for (int d = 0; d < 2; ++d)
        if (candidate(j, d) != kNone && can_enter(j, d)) return;
    ++raw.deadlocks;
  }

  int nst_ = 0;
  std::vector<double> len_;
  std::vector<uint8_t> busy_blk_;
  std::vector<int> last_dir_;
  std::vector<uint8_t> slot_;
  std::vector<uint32_t> ready_;
  std::deque<uint32_t> end_q_[2];
  int64_t waiting_ = 0, moving_ = 0, dwelling_ = 0;
};

// ---- ferry route between port a (0) and port b (1). Deck space is shared: a wagon uses
// 1/capacity_wagons of a deck and a truck 1/capacity_trucks (integer units, exact). Vessels load
// one at a time per port, FIFO, never overtaking a unit that does not fit. Sail-when-full: a
// vessel leaves when the next waiting unit does not fit or the deck is full, or max_wait after
// it started loading (empty if need be, so vessels cannot all gather at one port).
// Scheduled: at each departure time the vessel in port (if any) loads what fits and sails.
class Ferry final : public Element {
 public:
  Ferry(World& world, uint32_t i, const ElementSpec& s) : Element(world, i, s) {
    const FerrySpec& f = s.ferry;
    const int64_t cw = f.capacity_wagons, ct = f.capacity_trucks;
    deck_ = cw > 0 && ct > 0 ? cw * ct : std::max(cw, ct);
    wagon_cost_ = cw > 0 ? (ct > 0 ? ct : 1) : 0;
    truck_cost_ = ct > 0 ? (cw > 0 ? cw : 1) : 0;
    cross_ = w.rng_for(s.id, 1);
    turn_ = w.rng_for(s.id, 2);
    vessels_.resize(static_cast<size_t>(f.vessels));
    // Vessels start alternately at a and b, ready at time 0.
    for (int v = 0; v < f.vessels; ++v) {
      vessels_[v].port = v % 2;
      w.at(0, index, kAvailable, static_cast<uint32_t>(v));
    }
    if (f.scheduled)
      for (int p = 0; p < 2; ++p)
        for (size_t k = 0; k < f.departures[p].size(); ++k)
          w.at(minutes(f.departures[p][k]), index, kDepart,
               static_cast<uint32_t>(p) << 16 | static_cast<uint32_t>(k));
  }
  double capacity_units() const override { return static_cast<double>(vessels_.size()); }
  void arrive(uint32_t u) override {
    Unit& x = w.units[u];
    x.here = w.now;
    q_[x.dir].push_back(u);
    queue.add(w.now, 1);
    if (!spec.ferry.scheduled) load(x.dir, false);
  }
  void handle(const Event& e) override {
    switch (e.code) {
      case kAvailable: {
        Vessel& v = vessels_[e.arg];
        in_port_[v.port].push_back(e.arg);
        if (in_port_[v.port].size() == 1) begin_loading(v.port);
        break;
      }
      case kDepart: {
        const int p = static_cast<int>(e.arg >> 16);
        w.at(w.now + kDay, index, kDepart, e.arg);  // same time tomorrow
        if (!in_port_[p].empty()) load(p, true);
        break;
      }
      case kMaxWait: {
        const int p = static_cast<int>(e.arg >> 24);
        const uint32_t session = e.arg & 0xFFFFFF;
        if (!in_port_[p].empty() && session_[p] == session) sail(p);
        break;
      }
      case kLand: {
        Vessel& v = vessels_[e.arg];
        for (uint32_t u : v.aboard) w.forward(u);
        v.aboard.clear();
        v.used = 0;
        busy.add(w.now, -1);
        const Time turn = std::max<Time>(0, minutes(spec.ferry.turnaround.sample(turn_)));
        w.at(w.now + turn, index, kAvailable, e.arg);
        break;
      }
    }
  }
  void finish(Time end) override {
    Element::finish(end);
    raw.utilisation = sailings_ > 0 ? load_sum_ / static_cast<double>(sailings_) : 0;
  }

 private:
  static constexpr uint32_t kAvailable = 0, kDepart = 1, kMaxWait = 2, kLand = 3;
  struct Vessel {
    int port = 0;
    int64_t used = 0;
    std::vector<uint32_t> aboard;
  };
  int64_t cost(const Unit& x) const {
    return x.kind == UnitKind::truck ? truck_cost_ : wagon_cost_ * std::max(1, x.wagons);
  }
  void begin_loading(int p) {
    if (spec.ferry.scheduled) return;
    session_[p] = (session_[p] + 1) & 0xFFFFFF;
    if (spec.ferry.max_wait > 0)
      w.at(w.now + minutes(spec.ferry.max_wait), index, kMaxWait,
           static_cast<uint32_t>(p) << 24 | session_[p]);
    load(p, false);
  }
  // Loads waiting units onto the vessel loading at port p; sails when full (or `sail_now`).
  void load(int p, bool sail_now) {
    if (in_port_[p].empty()) return;
    Vessel& v = vessels_[in_port_[p].front()];
    bool full = false;
    while (!q_[p].empty()) {
      const Unit& x = w.units[q_[p].front()];
      const int64_t c = cost(x);
      if (v.used + c > deck_) {
        full = true;
        break;
      }
      v.used += c;
      v.aboard.push_back(q_[p].front());
      q_[p].pop_front();
    }
    if (v.used >= deck_) full = true;
    if (full || sail_now) sail(p);
  }
  void sail(int p) {
    const uint32_t vi = in_port_[p].front();
    in_port_[p].pop_front();
    Vessel& v = vessels_[vi];
    for (uint32_t u : v.aboard) {
      queue.add(w.now, -1);
      record_wait(w.units[u], w.now);
    }
    if (w.now >= w.warm && w.now < w.end) {
      ++sailings_;
      load_sum_ += static_cast<double>(v.used) / static_cast<double>(deck_);
    }
    v.port = 1 - p;
    const Time t = std::max<Time>(0, minutes(spec.ferry.crossing.sample(cross_)));
    busy.add(w.now, 1);
    w.at(w.now + t, index, kLand, vi);
    if (!in_port_[p].empty()) begin_loading(p);
  }

  int64_t deck_ = 1, wagon_cost_ = 0, truck_cost_ = 0;
  std::vector<Vessel> vessels_;
  std::deque<uint32_t> q_[2], in_port_[2];
  uint32_t session_[2] = {0, 0};
  uint64_t sailings_ = 0;
  double load_sum_ = 0;
  Rng cross_, turn_;
};

World::World(const Model& m, const RunSpec& s) : model(m), spec(s) {
  warm = static_cast<Time>(std::llround(s.warmup_days * kDay));
  end = warm + static_cast<Time>(std::llround(s.days * kDay));
  for (uint32_t i = 0; i < m.elements.size(); ++i) {
    const ElementSpec& e = m.elements[i];
    if (e.kind == ElementSpec::Kind::track)
      elems.push_back(std::make_unique<Track>(*this, i, e));
    else if (e.kind == ElementSpec::Kind::ferry)
      elems.push_back(std::make_unique<Ferry>(*this, i, e));
    else
      elems.push_back(std::make_unique<Stations>(*this, i, e));
  }
  source_base_ = static_cast<uint32_t>(elems.size());
  flows.resize(m.flows.size());
  for (uint32_t f = 0; f < m.flows.size(); ++f) {
    const FlowSpec& fs = m.flows[f];
    const double scale = f < s.flow_scale.size() ? s.flow_scale[f] : 1.0;
    Source src{&fs,
               scale == 1.0 ? fs.arrivals : fs.arrivals.scaled(scale),
               rng_for("flow:" + fs.id, 1),
               rng_for("flow:" + fs.id, 2),
               0,
               0};
    std::sort(src.arr.times_of_day.begin(), src.arr.times_of_day.end());
    for (int e : fs.route)
      if (m.elements[e].kind == ElementSpec::Kind::track) {
        const auto& sp = m.elements[e].track.speeds;
        auto it = sp.find(fs.arrivals.train_type);
        src.speed = it != sp.end() ? it->second : sp.begin()->second;
      }
    sources.push_back(std::move(src));
  }
  for (uint32_t f = 0; f < sources.size(); ++f) schedule_next(f);
}

void World::schedule_next(uint32_t f) {
  Source& s = sources[f];
  const ArrivalSpec& a = s.arr;
  const uint32_t target = source_base_ + f;
  switch (a.process) {
    case ArrivalSpec::Process::poisson:
    case ArrivalSpec::Process::batch:
      if (a.per_day > 0) at(now + minutes(s.rng.exponential(1440.0 / a.per_day)), target, 0);
      break;
    case ArrivalSpec::Process::renewal:
      at(now + std::max<Time>(1, minutes(a.interarrival.sample(s.rng))), target, 0);
      break;
    case ArrivalSpec::Process::scheduled: {
      // Timetable slot k, plus a random delay; the next slot is scheduled when this one fires,
      // so delays may reorder trains but never stop the timetable.
      Time slot;
      if (a.headway > 0) {
        slot = minutes(a.offset + static_cast<double>(s.k) * a.headway);
      } else {
        if (a.times_of_day.empty()) return;
        const int64_t n = static_cast<int64_t>(a.times_of_day.size());
        slot = (s.k / n) * kDay + minutes(a.times_of_day[static_cast<size_t>(s.k % n)]);
      }
      ++s.k;
      const Time delay = std::max<Time>(0, minutes(a.delay.sample(s.delay_rng)));
      at(slot, target, 1, static_cast<uint32_t>(std::min<Time>(delay / kSecond, 0xFFFFFFFF)));
      break;
    }
  }
}

void World::arrival(uint32_t f) {
  const Source& s = sources[f];
  for (int b = 0; b < s.arr.batch; ++b) {
    uint32_t u;
    if (!free_units.empty()) {
      u = free_units.back();
      free_units.pop_back();
    } else {
      u = static_cast<uint32_t>(units.size());
      units.emplace_back();
    }
    Unit& x = units[u];
    x = Unit{};
    x.flow = f;
    x.dir = static_cast<uint8_t>(s.flow->direction);
    x.kind = s.arr.unit;
    x.wagons = s.arr.wagons;
    x.speed_kmh = s.speed;
    x.created = now;
    x.here = now;
    x.step = 0;
    elems[s.flow->route[0]]->arrive(u);
  }
}

void World::forward(uint32_t u) {
  Unit& x = units[u];
  const FlowSpec& fs = model.flows[x.flow];
  if (++x.step < fs.route.size()) {
    elems[fs.route[x.step]]->arrive(u);
    return;
  }
  FlowRaw& fr = flows[x.flow];
  if (now >= warm && now < end) fr.completed += 1;
  if (x.created >= warm && now < end) {
    fr.waits.push_back(static_cast<double>(x.wait) / kMinute);
    fr.system.push_back(static_cast<double>(now - x.created) / kMinute);
  }
  free_units.push_back(u);
}

void World::run() {
  while (!q_.empty()) {
    const Event e = q_.top();
    if (e.t >= end) break;
    q_.pop();
    now = e.t;
    ++events;
    if (e.target >= source_base_) {
      const uint32_t f = e.target - source_base_;
      if (e.code == 1 && e.arg > 0) {
        // A scheduled slot: the train itself arrives after its delay.
        at(now + static_cast<Time>(e.arg) * kSecond, e.target, 2);
        schedule_next(f);
        continue;
      }
      arrival(f);
      if (e.code != 2) schedule_next(f);
      continue;
    }
    elems[e.target]->handle(e);
  }
  now = end;
}

ReplicationResult World::result() {
  ReplicationResult r;
  for (auto& e : elems) {
    e->finish(end);
    e->raw.events = 0;
    for (int d = 0; d < 2; ++d) e->raw.wait_summary[d] = summarise(e->raw.waits[d]);
    r.resources.push_back(std::move(e->raw));
  }
  for (auto& f : flows) {
    f.wait_summary = summarise(f.waits);
    f.system_summary = summarise(f.system);
  }
  r.flows = std::move(flows);
  r.events = events;
  return r;
}

}  // namespace

ReplicationResult run_replication(const Model& model, const RunSpec& spec) {
  World w(model, spec);
  w.run();
  return w.result();
}

}  // namespace corridor::sim
