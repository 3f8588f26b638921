// TNTP -> GMNS: converts a TNTP network (*_net.tntp, *_trips.tntp and, when present,
// *_node.tntp in a directory; or the _net.tntp file itself) into GMNS v0.96 CSV files:
// config.csv, node.csv, link.csv (GMNS fields plus the DTALite/Path4GMNS VDF_* columns) and
// demand.csv. See docs/assignment.md for the column mapping and units. The command line
// (`corridor import tntp DIR -o OUTDIR ...`) is bound to ImportTntpRequest in apps/corridor.
//
// All input is read and converted before anything is written. The four files are first written
// (each with files::write_atomic) under hidden staging names in the output directory and then
// renamed into place, so a failed write leaves no new file behind.
#pragma once
#include <string>

#include "corridor/core/reporter.h"

namespace corridor::assign {

struct ImportTntpRequest {
  std::string input;               // TNTP directory or *_net.tntp (required)
  std::string out_dir;             // output directory, created if missing (required)
  bool json = false;               // summary as one JSON line {"nodes","links","zones","od_pairs",
                                   // "total_demand","out_dir"} instead of a sentence
  std::string long_length = "mi";  // config.csv long_length; speed follows (mi -> mph,
                                   // km -> kph, else "U/h"). Values are copied, never converted.
  std::string currency;            // config.csv currency (TNTP does not say)
  std::string crs;                 // config.csv crs of the node coordinates (unknown if empty)
  void validate() const;           // throws Error(usage)
};

// Converts and writes the tables; returns the summary to print (ending in a newline). Notes on
// what TNTP does not state go to the reporter. Throws corridor::Error.
std::string import_tntp(const ImportTntpRequest& request, Reporter& reporter);

}  // namespace corridor::assign
