// corridor: the command-line front end. Parses flags, calls corridor::api, prints, and maps
// errors to exit codes: 0 ok, 2 usage, 3 unknown place or no route, 4 invalid input data,
// 5 I/O error (see core/error.h).
#include <cstdio>
#include <exception>
#include <new>

#include "commands.h"
#include "corridor/core/error.h"

int main(int argc, char** argv) {
  CLI::App app{"corridor: multimodal freight-corridor engine (rail, road, ferry, borders)"};
  app.name("corridor");  // usage lines say "corridor", whatever the path of the binary
  app.require_subcommand(1);
  app.set_version_flag("--version", "corridor 0.1.0");
  corridor::cli::Action run;
  corridor::cli::add_route(app, run);
  corridor::cli::add_compare(app, run);
  corridor::cli::add_validate(app, run);
  corridor::cli::add_dataset_commands(app, run);
  corridor::cli::add_extra_commands(app, run);
  corridor::cli::add_simulate(app, run);
  corridor::cli::add_critical(app, run);
  corridor::cli::add_sweep(app, run);
  corridor::cli::add_forecast(app, run);
  corridor::cli::add_calibrate(app, run);
  corridor::cli::add_appraise(app, run);
  corridor::cli::add_network(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  try {
    return run ? run() : 2;
  } catch (const corridor::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.full_text().c_str());
    return corridor::info(e.code()).exit_code;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "error: out of memory: the input is too large for this machine\n");
    return corridor::info(corridor::Errc::io_error).exit_code;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "internal error: %s\n", e.what());
    return 70;
  }
}
