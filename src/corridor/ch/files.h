// The .cch file of a contraction hierarchy, in the core/binfile container. A .cch is tied to the
// network it was built for by that network's fingerprint and names its metric (profile), so a
// stale file is rejected on load with corridor::Error(invalid_input) naming the file.
#pragma once
#include <cstdint>
#include <string>

#include "corridor/ch/ch.h"

namespace corridor::ch {

inline constexpr uint32_t kCchVersion = 1;

// Writes the hierarchy; input_hash is the fingerprint of the network it was built for and
// `profile` names the metric (e.g. "truck"), so a stale .cch is rejected on load.
void write_cch(const std::string& path, const ContractionHierarchy& ch, uint64_t input_hash,
               const std::string& profile);

struct LoadedCh {
  ContractionHierarchy ch;
  uint64_t input_hash = 0;
  std::string profile;
};
// Loads and check()s a .cch. If expected_input_hash != 0 and differs, throws (stale file).
LoadedCh read_cch(const std::string& path, uint64_t expected_input_hash = 0);

}  // namespace corridor::ch
