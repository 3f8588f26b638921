// The simulation model as read from a TOML file (load.h): elements in corridor order from end
// "a" to end "b", each naming the dataset node/link it stands for, and arrival flows per
// direction. Times in the file are minutes (or hours of day for opening hours); the kernel runs
// on integer milliseconds.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "corridor/core/error.h"
#include "corridor/sim/distribution.h"

namespace corridor::sim {

using Time = int64_t;  // milliseconds since the start of the run
inline constexpr Time kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute,
                      kDay = 24 * kHour;
inline Time minutes(double m) { return static_cast<Time>(m * 60000.0 + (m >= 0 ? 0.5 : -0.5)); }

enum class Dir : uint8_t { ab = 0, ba = 1 };  // ab: in file order of the elements
inline const char* dir_name(int d) { return d == 0 ? "ab" : "ba"; }

enum class UnitKind : uint8_t { train, truck, wagon };
const char* unit_name(UnitKind k);

struct ArrivalSpec {
  enum class Process { poisson, renewal, scheduled, batch };
  Process process = Process::poisson;
  double per_day = 0;                // poisson, batch: arrival events per day
  Distribution interarrival;         // renewal: time between arrivals (minutes)
  std::vector<double> times_of_day;  // scheduled: minutes after midnight
  double headway = 0;                // scheduled: regular headway (minutes) instead of times
  double offset = 0;                 // scheduled with headway: first departure (minutes)
  Distribution delay;                // scheduled: random delay added to each arrival
  int batch = 1;                     // units per arrival event (batch, and any process)
  UnitKind unit = UnitKind::train;
  int wagons = 1;          // wagons per unit (a train's length)
  std::string train_type;  // single track: key into TrackSpec::speeds

  double events_per_day() const;  // mean arrival events per day
  double units_per_day() const { return events_per_day() * batch; }
  // The same process with its rate multiplied by f (> 0). Throws std::invalid_argument for a
  // timetable given as a list of times (it cannot be scaled).
  ArrivalSpec scaled(double f) const;
};

struct FlowSpec {
  std::string id;
  int direction = 0;  // 0 = ab, 1 = ba
  ArrivalSpec arrivals;
  std::vector<int> route;  // element indices in travel order
};

struct TrackSpec {
  double length_km = 0;
  std::vector<double> loops_km;          // passing-loop positions, strictly inside (0, length)
  std::map<std::string, double> speeds;  // train type -> km/h
  double clearing = 0;                   // minutes a block stays closed after a train clears it
  double loop_stop = 0;                  // minutes every train stands in every loop
};

struct BorderSpec {
  int lanes[2] = {1, 1};
  Distribution service[2];
  double inspection_share = 0;            // share of units sent to a secondary inspection
  Distribution inspection;                // its extra lane time
  double open_hour = 0, close_hour = 24;  // open while open_hour <= hour of day < close_hour
  bool always_open() const { return open_hour == 0 && close_hour == 24; }
};

struct YardSpec {
  int tracks = 1;                // trains handled at once (servers, both directions)
  std::string method = "bogie";  // "bogie" (bogie exchange) or "transshipment"
  bool per_wagon = true;         // service sampled per wagon (summed) or once per train
  Distribution service;          // per wagon or per train
  Distribution setup;            // per train, added (shunting in and out)
};

struct FerrySpec {
  int vessels = 1;
  int capacity_wagons = 0, capacity_trucks = 0;  // a full deck of either; mixed loads pro rata
  Distribution crossing;
  Distribution turnaround;            // unloading + readying in port before loading starts
  bool scheduled = false;             // true: departures at times of day; false: sail when full
  std::vector<double> departures[2];  // scheduled: minutes after midnight from port a / b
  double max_wait = 0;  // sail-when-full: sail anyway after this many minutes (0 = never)
};

struct ElementSpec {
  enum class Kind { track, border, yard, ferry };
  Kind kind = Kind::border;
  std::string id, name;
  std::vector<std::string> nodes, links;               // dataset ids it stands for
  std::vector<SourceLocation> node_where, link_where;  // where each id is in the file
  TrackSpec track;
  BorderSpec border;
  YardSpec yard;
  FerrySpec ferry;
};
const char* kind_name(ElementSpec::Kind k);

struct Model {
  std::string name, file;
  uint64_t seed = 1;
  double days = 365, warmup_days = 7;
  int replications = 10;
  double wait_limit = 0;  // minutes: --capacity marks loads whose mean wait exceeds it
  std::vector<ElementSpec> elements;
  std::vector<FlowSpec> flows;
};

}  // namespace corridor::sim
