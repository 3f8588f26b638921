// Subcommands backed by the assign, osm/ch and serve modules: assign, import, info, build, serve.
// (`route --net` and `table --net` dispatch to osm/ in cmd_route.cpp and cmd_dataset.cpp.)
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "commands.h"
#include "corridor/api/api.h"
#include "corridor/api/render.h"
#include "corridor/core/reporter.h"
#include "corridor/core/text.h"
#if CORRIDOR_HAVE_ASSIGN
#include "corridor/assign/cli.h"
#endif
#if CORRIDOR_HAVE_OSM
#include "corridor/osm/commands.h"
#endif
#if CORRIDOR_HAVE_SERVE
#include "corridor/serve/serve.h"
#endif

namespace corridor::cli {

namespace {

void add_assign(CLI::App& app, Action& run) {
  struct F {
    api::AssignRequest req;
    std::string data = api::default_data_dir(), out_dir, tntp, plot;
    bool json = false;
    std::vector<std::string> raw;
  };
  auto f = std::make_shared<F>();
  auto* c = app.add_subcommand(
      "assign",
      "Equilibrium freight assignment with capacities (--demand FILE on the dataset), or a TNTP "
      "network (--tntp DIR; see docs/assignment.md for its flags)");
  c->add_option("--demand", f->req.demand_file,
                "Demand CSV: origin,destination,volume,unit,corridor,source");
  c->add_option("--tntp", f->tntp, "TNTP directory (or *_net.tntp): assign that network instead");
  c->add_option("--data", f->data, "Dataset directory")->capture_default_str();
  c->add_option("--scenario", f->req.scenario, "Scenario")->capture_default_str();
  c->add_option("--base", f->req.base,
                "Also assign under this scenario and compare (e.g. baseline)");
  c->add_option("--profile", f->req.profile, "Cost profile")->capture_default_str();
  c->add_option("--algorithm", f->req.algorithm, "b (Algorithm B), fw, cfw, bfw")
      ->capture_default_str();
  c->add_option("--gap", f->req.gap, "Target relative gap")->capture_default_str();
  c->add_option("--max-iter", f->req.max_iter, "Iteration limit")->capture_default_str();
  c->add_option("--threads", f->req.threads, "Threads (0 = all); results do not depend on it");
  c->add_option("--out-dir", f->out_dir,
                "Write link_flows.csv, link_flows.geojson and assignment.json here");
  c->add_option("--plot", f->plot, "TNTP mode: write the gap-vs-time SVG here");
  c->add_flag("--json", f->json, "Print JSON");
  c->allow_extras();  // TNTP-only flags pass through to the assign module's parser
  c->callback([f, c, &run] {
    run = [f, c] {
      if (!f->tntp.empty()) {
#if CORRIDOR_HAVE_ASSIGN
        // Shortest round-trip text for numbers: std::to_string(1e-8) would print "0.000000".
        std::vector<std::string> args{"--tntp",      f->tntp,
                                      "--algorithm", f->req.algorithm,
                                      "--gap",       fmt::format("{}", f->req.gap),
                                      "--max-iter",  std::to_string(f->req.max_iter),
                                      "--threads",   std::to_string(f->req.threads)};
        if (!f->out_dir.empty()) args.insert(args.end(), {"--out-dir", f->out_dir});
        if (!f->plot.empty()) args.insert(args.end(), {"--gap-svg", f->plot});
        for (const auto& x : c->remaining()) args.push_back(x);
        // Per-iteration lines and a progress bar on a terminal; quiet when stderr is piped.
        StderrReporter rep(::isatty(2) == 1);
        return assign::run_assign_cli(args, rep, std::cout, std::cerr);
#else
        throw Error(Errc::usage, "this build has no assign module");
#endif
      }
      if (!c->remaining().empty())
        throw Error(Errc::usage,
                    "unknown option '" + c->remaining().front() + "' for assign --demand");
      auto engine = api::load_engine(f->data);
      auto result = api::assign(*engine, f->req);
      if (!f->out_dir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(f->out_dir, ec);
        if (ec) throw Error(Errc::io_error, "cannot create '" + f->out_dir + "': " + ec.message());
        emit(f->out_dir + "/link_flows.csv", api::render_assign_links_csv(result));
        emit(f->out_dir + "/assignment.json", result.dump(2) + "\n");
        emit(f->out_dir + "/link_flows.geojson",
             api::assign_links_geojson(*engine, result).dump() + "\n");
      }
      emit("-", f->json ? result.dump(2) + "\n" : api::render_assign_text(result));
      return 0;
    };
  });
}

void add_serve(CLI::App& app, Action& run) {
#if CORRIDOR_HAVE_SERVE
  auto o = std::make_shared<serve::ServeOptions>();
  o->web_root = std::string(CORRIDOR_SOURCE_DIR) + "/web";
  auto quiet = std::make_shared<bool>(false);
  auto* c = app.add_subcommand("serve", "JSON HTTP API and the offline web map");
  o->data_dir = api::default_data_dir();
  c->add_option("--data", o->data_dir, "Dataset directory")->capture_default_str();
  c->add_option("--port", o->port, "TCP port (0 = any free port)")->capture_default_str();
  c->add_option("--bind", o->bind, "Address to bind (loopback unless told otherwise)")
      ->capture_default_str();
  c->add_option("--threads", o->threads, "Worker threads (0 = automatic)");
  c->add_option("--web-root", o->web_root, "Static files of the web map")->capture_default_str();
  c->add_option("--max-body", o->max_body_bytes, "Largest request body in bytes (413 above)")
      ->capture_default_str();
  c->add_option("--max-queue", o->max_queue,
                "Requests allowed to wait for a worker; beyond that 503")
      ->capture_default_str();
  c->add_option("--max-connections", o->max_connections,
                "Open connections in total; beyond that 503 at once")
      ->capture_default_str();
  c->add_option("--max-connections-per-client", o->max_connections_per_client,
                "Open connections per client address; beyond that 503 at once")
      ->capture_default_str();
  c->add_option("--allow-host", o->allow_hosts,
                "Host name accepted in the Host header besides the bound address and localhost "
                "(repeatable)");
  c->add_option("--cors", o->cors_origin,
                "Origin allowed to call the API from a browser (e.g. https://maps.example.org)");
  c->add_option("--timeout", o->timeout_s,
                "Deadline for a whole request and for writing a response, seconds")
      ->capture_default_str();
  c->add_flag("--quiet", *quiet, "No access log");
  c->callback([o, quiet, &run] {
    run = [o, quiet] {
      o->access_log = !*quiet;
      // An installed binary may not have the source tree's web/: serve the API only then.
      if (!o->web_root.empty() && !std::filesystem::is_directory(o->web_root) &&
          o->web_root == std::string(CORRIDOR_SOURCE_DIR) + "/web")
        o->web_root.clear();
      o->validate();
      StderrReporter rep(true);
      return serve::run_server(*o, rep);
    };
  });
#else
  (void)app;
  (void)run;
#endif
}

void add_osm(CLI::App& app, Action& run) {
#if CORRIDOR_HAVE_OSM
  auto* imp =
      app.add_subcommand("import", "Build a network file (.cnet) from OpenStreetMap or DIMACS");
  imp->require_subcommand(1);
  {
    auto o = std::make_shared<osm::ImportOsmOptions>();
    auto* c = imp->add_subcommand(
        "osm", "OpenStreetMap .osm.pbf, .osm or .osm.gz -> .cnet (road, rail, ferry, borders)");
    c->add_option("file", o->input, "OSM file")->required();
    c->add_option("-o,--output", o->output, "Output .cnet (default: beside the input)");
    c->callback([o, &run] {
      run = [o] {
        StderrReporter rep(true);
        return osm::cmd_import_osm(*o, rep, std::cout);
      };
    });
  }
#if CORRIDOR_HAVE_ASSIGN
  {
    auto* c = imp->add_subcommand(
        "tntp", "TNTP assignment network -> GMNS CSV (node, link, demand, config)");
    c->prefix_command();  // the assign module parses DIR -o OUTDIR [--json] [--length-unit U] ...
    c->callback([c, &run] {
      run = [c] {
        StderrReporter rep(true);
        return assign::run_import_tntp_cli(c->remaining(), rep, std::cout, std::cerr);
      };
    });
  }
#endif
  {
    auto o = std::make_shared<osm::ImportDimacsOptions>();
    auto* c = imp->add_subcommand("dimacs", "DIMACS 9th challenge .gr[.gz] -> .cnet");
    c->add_option("file", o->input, "DIMACS file")->required();
    c->add_option("-o,--output", o->output, "Output .cnet");
    c->callback([o, &run] {
      run = [o] {
        StderrReporter rep(true);
        return osm::cmd_import_dimacs(*o, rep, std::cout);
      };
    });
  }
  {
    auto o = std::make_shared<osm::InfoOptions>();
    auto* c =
        app.add_subcommand("info", "Counts of a .cnet network by mode, border links, countries");
    c->add_option("net", o->net, ".cnet file")->required();
    c->add_flag("--json", o->json, "Print JSON");
    c->callback([o, &run] {
      run = [o] {
        StderrReporter rep(false);
        return osm::cmd_info(*o, rep, std::cout);
      };
    });
  }
  {
    auto o = std::make_shared<osm::BuildOptions>();
    auto* c =
        app.add_subcommand("build", "Build the contraction hierarchy (.cch) of a .cnet network");
    c->add_option("net", o->net, ".cnet file")->required();
    c->add_option("-o,--output", o->output, "Output .cch (default: beside the network)");
    c->add_option("--profile", o->profile, "Routing profile")->capture_default_str();
    c->callback([o, &run] {
      run = [o] {
        StderrReporter rep(true);
        return osm::cmd_build(*o, rep, std::cout);
      };
    });
  }
#else
  (void)app;
  (void)run;
#endif
}

}  // namespace

void add_extra_commands(CLI::App& app, Action& run) {
  add_assign(app, run);
  add_serve(app, run);
  add_osm(app, run);
}

}  // namespace corridor::cli
