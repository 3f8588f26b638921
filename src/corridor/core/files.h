// File helpers. Every output file is written atomically: to a temp file in the same directory,
// flushed, then renamed over the target, so a failure never leaves a half-written result.
#pragma once
#include <string>
#include <string_view>

namespace corridor::files {

// Throws corridor::Error(io_error) on failure. "-" writes to stdout. Only a regular file (or no
// file) at `path` is replaced: a symlink, directory, device, FIFO or socket there is an error.
// The temp file ("<path>.tmp.<pid>") is removed on failure and on SIGINT/SIGTERM (where the
// program kept their default action); such files left by dead processes (SIGKILL) are removed
// by the next write_atomic of the same path.
void write_atomic(const std::string& path, std::string_view content);

// Reads a whole file; throws corridor::Error(io_error) naming the path on failure.
std::string read_all(const std::string& path);

bool exists(const std::string& path);

}  // namespace corridor::files
