// Each subcommand registers its flags on the CLI11 app, bound directly to the fields of an api
// request struct, and sets `run` to the action: validate() -> api -> typed result -> renderer.
// Commands parse their flags once (here, with CLI11) and never accept a flag they cannot honour:
// such a flag exits 2 naming it (docs/cli.md).
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

namespace corridor::cli {

using Action = std::function<int()>;

void add_route(CLI::App& app, Action& run);
void add_compare(CLI::App& app, Action& run);
void add_validate(CLI::App& app, Action& run);
void add_dataset_commands(CLI::App& app, Action& run);  // places, scenarios, table
void add_assign(CLI::App& app, Action& run);            // assign --demand | --tntp
void add_extra_commands(CLI::App& app, Action& run);    // assign, serve, import, build, info
void add_simulate(CLI::App& app, Action& run);          // cmd_simulate.cpp (sim module)
void add_critical(CLI::App& app, Action& run);          // critical, select-link
void add_sweep(CLI::App& app, Action& run);             // sweep
void add_forecast(CLI::App& app, Action& run);          // forecast (demand model)
void add_calibrate(CLI::App& app, Action& run);         // calibrate (demand model)
void add_appraise(CLI::App& app, Action& run);          // appraise (issue 14)
void add_network(CLI::App& app, Action& run);  // network (GeoJSON / GMNS GeoPackage out and in)

// Writes text to a file atomically, or to stdout for "-" or "".
void emit(const std::string& path, const std::string& text);

// Throws Error(usage) naming the first of `flags` given on the command line of `c`, saying that
// it cannot be applied to `what` (e.g. "an imported network (--net)").
void reject_flags(const CLI::App& c, std::initializer_list<const char*> flags,
                  const std::string& what);

// A comma-separated list option bound to a vector field ("rail,road" -> {"rail", "road"}).
CLI::Option* add_list(CLI::App& c, const std::string& name, std::vector<std::string>& into,
                      const std::string& help);

}  // namespace corridor::cli
