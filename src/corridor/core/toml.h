// Diagnostics on TOML input (toml++), shared by every TOML loader (scenario overlays, imported
// network overlays, simulation files): where a node is, and what was found there.
#pragma once
#include <toml++/toml.h>

#include <string>

#include "corridor/core/error.h"

namespace corridor::tomlx {

// The node's place in `file` (line and column where toml++ knows them).
SourceLocation location(const toml::node& n, const std::string& file);

// What the node is, for "expected X, found Y" messages: `the string "abc"`, `the integer 3`,
// `the number 2.5`, `true`, `an array`, `a table`, `a date/time`.
std::string found(const toml::node& n);

}  // namespace corridor::tomlx
