// The body of `corridor assign --tntp DIR ...`, ready to be wired into apps/corridor.
//
//   --tntp PATH            directory with *_net.tntp and *_trips.tntp (or the _net file)
//   --algorithm b|fw|cfw|bfw   (default b)
//   --gap G                relative gap target (default 1e-4)
//   --max-iter N           (default 10000)      --max-seconds S   (default 0 = none)
//   --threads T            (default 0 = all)
//   --toll-factor F        --distance-factor F  (default: <TOLL FACTOR>/<DISTANCE FACTOR>, else 0)
//   --out-dir DIR          writes link_flows.csv, convergence.csv, gap.svg, summary.json
//   --flows-csv P  --log-csv P  --gap-svg P  --summary-json P   (individual paths; "-" = stdout)
//   --compare-best         also report the largest deviation from *_flow.tntp
//   -q / --quiet           no per-iteration log on the reporter
// Prints the JSON summary to `out`; errors go to `err`. Returns the process exit code
// (0, or the Errc exit code from core/error.h).
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "corridor/core/reporter.h"

namespace corridor::assign {

int run_assign_cli(const std::vector<std::string>& args, Reporter& reporter, std::ostream& out,
                   std::ostream& err);

}  // namespace corridor::assign
