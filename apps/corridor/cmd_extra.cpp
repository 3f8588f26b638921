// Subcommands backed by optional modules (serve, assign, import, build, info); each is wired in
// when its module is part of the build.
#include "commands.h"

namespace corridor::cli {

void add_extra_commands(CLI::App&, Action&) {}

}  // namespace corridor::cli
