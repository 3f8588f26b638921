#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "corridor/core/reporter.h"

namespace corridor::assign {

// The body of `corridor import tntp DIR -o OUTDIR ...`: converts a TNTP network (*_net.tntp,
// *_trips.tntp and, when present, *_node.tntp in DIR; DIR may also be the _net.tntp file) into
// GMNS v0.96 CSV files: config.csv, node.csv, link.csv (GMNS fields plus the DTALite/Path4GMNS
// VDF_* columns) and demand.csv. See docs/assignment.md for the column mapping and units.
//
//   -o, --out-dir DIR      output directory (created if missing; required)
//   --json                 print the summary as one JSON line:
//                          {"nodes","links","zones","od_pairs","total_demand","out_dir"}
//   --length-unit U        config.csv long_length (default "mi"); speed follows (mi -> mph,
//                          km -> kph, else "U/h"). Values are copied, never converted.
//   --currency C           config.csv currency (default empty: TNTP does not say)
//   --crs S                config.csv crs of the node coordinates (default empty: unknown)
// All input is read and converted before anything is written. The four files are first written
// (each with files::write_atomic) under hidden staging names in the output directory and then
// renamed into place, so a failed write leaves no new file behind. Errors go to `err`; returns
// the exit code (0, or the Errc exit code from core/error.h).
int run_import_tntp_cli(const std::vector<std::string>& args, Reporter& reporter, std::ostream& out,
                        std::ostream& err);

}  // namespace corridor::assign
