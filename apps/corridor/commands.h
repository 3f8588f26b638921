// Each subcommand registers its flags on the CLI11 app and sets `run` to the action. Commands
// only translate flags into api requests and print results (docs/cli.md).
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace corridor::cli {

using Action = std::function<int()>;

void add_route(CLI::App& app, Action& run);
void add_compare(CLI::App& app, Action& run);
void add_validate(CLI::App& app, Action& run);
void add_dataset_commands(CLI::App& app, Action& run);  // places, scenarios, table
void add_extra_commands(CLI::App& app, Action& run);    // serve, assign, import, build, info
void add_simulate(CLI::App& app, Action& run);          // cmd_simulate.cpp (sim module)

// Writes text to a file atomically, or to stdout for "-" or "".
void emit(const std::string& path, const std::string& text);

}  // namespace corridor::cli
