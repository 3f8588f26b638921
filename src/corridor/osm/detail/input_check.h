// Checks of OSM input that run before libosmium parses it (issue 15, found by fuzz_osm): input
// that libosmium 2.19 would read into silent garbage, or read with undefined behaviour, is
// refused here with a located error instead.
//   - OSM XML coordinates: libosmium's string_to_location_coordinate multiplies by 10 once per
//     exponent step in an int64 (lat="41E74" overflows and may wrap to an in-range, wrong
//     coordinate). Every coordinate attribute is parsed here by a twin of that function that
//     detects the overflow, and must be in range (latitude -90..90, longitude -180..180).
//   - PBF BlobHeaders: libosmium calls strncmp(nullptr, ...) on a BlobHeader without `type`
//     and then takes it for the expected type (a missing or truncated type passes its check),
//     treats a BlobHeader length of 0 as the end of the file (ignoring the rest) and a file
//     that ends inside a length as a clean end. Each BlobHeader is decoded here first.
//   - PBF data: libosmium computes `c * granularity + offset` and its delta sums (ids,
//     references, coordinates) in int64 without overflow checks and casts coordinates to
//     int32 (474.5 degrees becomes 45). Each OSMData blob is inflated and checked here first.
// Both stream: a file is read in pieces (XML in 1 MiB chunks through libosmium's
// decompressors, PBF one blob of at most 32 MiB at a time), so memory stays bounded whatever
// the file's size.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "corridor/osm/detail/import_phases.h"

namespace corridor::osm::detail {

// What parse_osm_coordinate found.
struct Coordinate {
  enum class Status { ok, bad_syntax, out_of_range, imprecise } status = Status::ok;
  int32_t value = 0;       // in 1e-7 degrees, libosmium's rounding (status ok)
  bool overflows = false;  // out_of_range because libosmium's int64 arithmetic would overflow
  std::string why;         // what is wrong (otherwise)
};

// Parses a coordinate string as libosmium 2.19's osmium::Location::set_lat/set_lon do (same
// grammar: optional '-', 1-10 digits, optional '.' and up to 27 decimals of which the first 8
// count, optional e/E, optional '-', 1-5 exponent digits, nothing after), returning the same
// value whenever libosmium's arithmetic does not overflow. out_of_range: the value does not fit
// libosmium's int32 of 1e-7 degrees (|value| > 214.7483647), overflow included. imprecise:
// a positive exponent with nonzero decimals after the 8th, which libosmium drops before it
// applies the exponent ("0.000000001e8" would read as 0, not 0.1).
Coordinate parse_osm_coordinate(std::string_view text);

// Refuses input libosmium would misread (see above), and any format but PBF and XML (plain,
// .gz or .bz2): libosmium would also read OPL and o5m from their file names, unchecked (OPL
// coordinates go through the same overflowing function). Throws corridor::Error(invalid_input)
// naming the file and the line:column (XML) or byte offset (PBF), what was found and what is
// allowed.
void check_osm_input(const OsmInput& in);

}  // namespace corridor::osm::detail
