// Subcommands backed by the osm/ch and serve modules: serve, import, info, build (assign is in
// cmd_assign.cpp; `route --net` and `table --net` dispatch to osm/ in cmd_route.cpp and
// cmd_dataset.cpp).
#include <iostream>

#include "commands.h"
#include "corridor/api/api.h"
#include "corridor/core/reporter.h"
#if CORRIDOR_HAVE_ASSIGN
#include "corridor/assign/import_tntp.h"
#endif
#if CORRIDOR_HAVE_OSM
#include "corridor/osm/commands.h"
#endif
#if CORRIDOR_HAVE_SERVE
#include "corridor/serve/serve.h"
#endif

namespace corridor::cli {

namespace {

void add_serve(CLI::App& app, Action& run) {
#if CORRIDOR_HAVE_SERVE
  auto o = std::make_shared<serve::ServeOptions>();
  // The web map shipped beside the binary (share/corridor/web) or in its source tree.
  o->web_root = api::find_shared_path("web");
  auto quiet = std::make_shared<bool>(false);
  auto cache_mb = std::make_shared<size_t>(o->cache_bytes >> 20);
  auto* c = app.add_subcommand("serve", "JSON HTTP API and the offline web map");
  o->data_dir = api::default_data_dir();
  c->add_option("--data", o->data_dir, "Dataset directory")->capture_default_str();
  c->add_option("--port", o->port, "TCP port (0 = any free port)")->capture_default_str();
  c->add_option("--bind", o->bind, "Address to bind (loopback unless told otherwise)")
      ->capture_default_str();
  c->add_option("--threads", o->threads, "Worker threads (0 = automatic)");
  c->add_option("--io-threads", o->io_threads, "I/O threads (0 = automatic: one per core)");
  c->add_option("--cache-mb", *cache_mb, "Memory for cached answers, MiB (0 = no cache)")
      ->capture_default_str();
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
  c->callback([o, quiet, cache_mb, &run] {
    run = [o, quiet, cache_mb] {
      o->access_log = !*quiet;
      if (*cache_mb > (size_t{1} << 20)) throw Error(Errc::usage, "--cache-mb must be 0..1048576");
      o->cache_bytes = *cache_mb << 20;
      // With no web map found (web_root empty) the server serves the API only.
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
    c->add_option("--threads", o->config.threads, "PBF decoding threads (default: all cores)");
    c->callback([o, &run] {
      run = [o] {
        StderrReporter rep(true);
        return osm::cmd_import_osm(*o, rep, std::cout);
      };
    });
  }
#if CORRIDOR_HAVE_ASSIGN
  {
    auto q = std::make_shared<assign::ImportTntpRequest>();
    auto* c = imp->add_subcommand(
        "tntp", "TNTP assignment network -> GMNS CSV (node, link, demand, config)");
    c->add_option("dir", q->input, "TNTP directory (or *_net.tntp)")->required();
    c->add_option("-o,--out-dir", q->out_dir, "Output directory (created if missing)")->required();
    c->add_flag("--json", q->json, "Print the summary as one JSON line");
    c->add_option("--length-unit", q->long_length,
                  "config.csv long_length; values are copied, never converted")
        ->capture_default_str();
    c->add_option("--currency", q->currency, "config.csv currency (TNTP does not say)");
    c->add_option("--crs", q->crs, "config.csv crs of the node coordinates");
    c->callback([q, &run] {
      run = [q] {
        StderrReporter rep(true);
        emit("-", assign::import_tntp(*q, rep));
        return 0;
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
  add_assign(app, run);  // cmd_assign.cpp
  add_serve(app, run);
  add_osm(app, run);
}

}  // namespace corridor::cli
