// corridor assign: freight assignment on the dataset (--demand FILE -> api::assign), or static
// traffic assignment of a TNTP network (--tntp DIR -> assign::assign). Each flag is declared and
// bound once, by CLI11, to the request of its mode (the solver flags of both modes to the dataset
// request, copied into the TNTP options when given); a flag of the other mode exits 2 naming it.
#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "corridor/api/api.h"
#include "corridor/api/render.h"
#if CORRIDOR_HAVE_OSM
#include "corridor/api/net.h"
#endif
#include "corridor/core/error.h"
#include "corridor/core/reporter.h"
#include "corridor/export/tables.h"
#if CORRIDOR_HAVE_ASSIGN
#include "corridor/assign/assign.h"
#include "corridor/assign/output.h"
#include "corridor/assign/tntp.h"
#endif

namespace corridor::cli {

namespace {

#if CORRIDOR_HAVE_ASSIGN
// `corridor assign --tntp DIR ...`: the network and trips of a TNTP directory, the assignment
// options, and where to write what (docs/assignment.md).
struct TntpAssignRequest {
  std::string tntp;  // directory with *_net.tntp and *_trips.tntp, or the _net file
  assign::AssignOptions options;
  std::string out_dir;  // link_flows.csv, convergence.csv, gap.svg, summary.json unless set below
  std::string flows_csv, flows_geojson, log_csv, gap_svg, summary_json;  // "-" = stdout
  bool compare_best = false;  // also report the largest deviation from *_flow.tntp
  bool quiet = false;         // no per-iteration log
  void validate() const {
    if (tntp.empty()) throw Error(Errc::usage, "--tntp DIR is required");
    options.validate();
  }
};

// Forwards to another reporter unless quiet.
class QuietReporter final : public Reporter {
 public:
  QuietReporter(Reporter& inner, bool quiet) : inner_(inner), quiet_(quiet) {}
  void log(std::string_view m) override {
    if (!quiet_) inner_.log(m);
  }
  void progress(std::string_view t, uint64_t d, uint64_t n) override {
    if (!quiet_) inner_.progress(t, d, n);
  }
  void finish(std::string_view t) override { inner_.finish(t); }

 private:
  Reporter& inner_;
  bool quiet_;
};

int run_tntp(TntpAssignRequest q, Reporter& reporter) {
  q.validate();
  if (!q.out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(q.out_dir, ec);
    if (ec)
      throw Error(Errc::io_error, fmt::format("cannot create '{}': {}", q.out_dir, ec.message()));
    auto in_dir = [&](std::string& slot, const char* name) {
      if (slot.empty()) slot = (std::filesystem::path(q.out_dir) / name).string();
    };
    in_dir(q.flows_csv, "link_flows.csv");
    in_dir(q.log_csv, "convergence.csv");
    in_dir(q.gap_svg, "gap.svg");
    in_dir(q.summary_json, "summary.json");
  }
  assign::TntpNetwork net = assign::read_tntp_network(q.tntp);
  for (const auto& w : net.warnings) reporter.log("warning: " + w);
  assign::AssignProblem problem = assign::to_problem(net, q.options);
  QuietReporter rep(reporter, q.quiet);
  assign::AssignResult r = assign::assign(problem, q.options, rep);
  if (!q.flows_csv.empty()) assign::write_link_csv(q.flows_csv, problem, r);
  // GeoJSON needs WGS84 node coordinates. TNTP does not say which CRS *_node.tntp uses
  // (SiouxFalls: degrees; Berlin: planar numbers that happen to fall in the degree ranges), so
  // it is written only on request, and refused when coordinates are missing or out of range.
  if (!q.flows_geojson.empty())
    assign::write_link_geojson(q.flows_geojson, problem, r, net.node_x, net.node_y);
  if (!q.log_csv.empty()) assign::write_convergence_csv(q.log_csv, r.log);
  if (!q.gap_svg.empty())
    assign::write_gap_svg(q.gap_svg, r.log,
                          fmt::format("{}: relative gap ({})", net.name, q.options.algorithm));
  if (!q.summary_json.empty()) assign::write_summary_json(q.summary_json, r.summary);
  nlohmann::ordered_json j = assign::summary_object(r.summary);
  j["network"] = net.name;
  if (q.compare_best) {
    std::string flow_file;
    std::error_code ec;
    if (std::filesystem::is_directory(q.tntp, ec)) flow_file = assign::find_tntp_files(q.tntp).flow;
    if (flow_file.empty())
      throw Error(Errc::usage, "--compare-best needs a *_flow.tntp file in the --tntp directory");
    auto best = assign::match_flows(net, assign::read_tntp_flows(flow_file), flow_file);
    double dev = 0;
    size_t link = 0;
    for (size_t l = 0; l < best.size(); ++l)
      if (std::fabs(r.flow[l] - best[l]) > dev) dev = std::fabs(r.flow[l] - best[l]), link = l;
    j["best_known_beckmann"] = assign::beckmann_objective(problem, best);
    j["max_flow_deviation"] = dev;
    j["max_flow_deviation_link"] = link + 1;
  }
  emit("-", j.dump(2) + "\n");
  return 0;
}
#endif

struct AssignFlags {
  api::AssignRequest req;
#if CORRIDOR_HAVE_ASSIGN
  TntpAssignRequest tntp;
#endif
  std::string data = api::default_data_dir(), out_dir, gpkg, xlsx, net;
  bool json = false;
};

const std::initializer_list<const char*> kDatasetOnly = {
    "--demand", "--data", "--scenario", "--base", "--profile", "--year", "--gpkg", "--xlsx"};
const std::initializer_list<const char*> kTntpOnly = {
    "--max-seconds", "--toll-factor", "--distance-factor", "--flows-csv",    "--flows-geojson",
    "--log-csv",     "--plot",        "--summary-json",    "--compare-best", "--quiet"};

}  // namespace

void add_assign(CLI::App& app, Action& run) {
  auto f = std::make_shared<AssignFlags>();
  auto* c = app.add_subcommand(
      "assign",
      "Equilibrium freight assignment with capacities (--demand FILE on the dataset), or a TNTP "
      "network (--tntp DIR; see docs/assignment.md for its flags)");
  // Both modes: bound once, to the dataset request; a TNTP run takes the ones given (its own
  // defaults differ: --max-iter 10000).
  c->add_option("--algorithm", f->req.algorithm, "b (Algorithm B, default), fw, cfw, bfw");
  c->add_option("--gap", f->req.gap, "Target relative gap (default 1e-4)");
  c->add_option("--max-iter", f->req.max_iter,
                "Iteration limit (default 1000 with --demand, 10000 with --tntp)");
  c->add_option("--threads", f->req.threads, "Threads (0 = all); results do not depend on it");
  c->add_option("--out-dir", f->out_dir,
                "Write link_flows.csv, link_flows.geojson and assignment.json here (with --tntp: "
                "link_flows.csv, convergence.csv, gap.svg, summary.json)");
  c->add_flag("--json", f->json, "Print JSON (with --tntp the summary is JSON anyway)");
  // The dataset.
  c->add_option("--demand", f->req.demand_file,
                "Demand CSV: origin,destination,volume,unit,corridor,source");
  c->add_option("--data", f->data, "Dataset directory")->capture_default_str();
  c->add_option("--scenario", f->req.scenario, "Scenario (default: the dataset's)");
  c->add_option("--base", f->req.base,
                "Also assign under this scenario, at the scenario's year, and compare");
  c->add_option("--profile", f->req.profile, "Cost profile (default: the dataset's)");
  c->add_option("--year", f->req.year, "Links open by this year (default: the scenario's year)");
  c->add_option("--gpkg", f->gpkg, "Also write the link flows as a GeoPackage layer (link_flows)");
  c->add_option("--xlsx", f->xlsx, "Also write an Excel workbook (summary, sections, links)");
  // TNTP.
#if CORRIDOR_HAVE_ASSIGN
  auto& t = f->tntp;
  c->add_option("--tntp", t.tntp, "TNTP directory (or *_net.tntp): assign that network instead");
  c->add_option("--max-seconds", t.options.max_seconds, "With --tntp: time limit (0 = none)");
  c->add_option("--toll-factor", t.options.toll_factor,
                "With --tntp: generalized-cost weight of tolls (default: the file's)");
  c->add_option("--distance-factor", t.options.distance_factor,
                "With --tntp: generalized-cost weight of length (default: the file's)");
  c->add_option("--flows-csv", t.flows_csv, "With --tntp: link flows CSV here");
  c->add_option("--flows-geojson", t.flows_geojson,
                "With --tntp: link flows GeoJSON here (*_node.tntp must hold lon/lat)");
  c->add_option("--log-csv", t.log_csv, "With --tntp: convergence CSV here");
  c->add_option("--plot,--gap-svg", t.gap_svg, "With --tntp: the gap-vs-time SVG here");
  c->add_option("--summary-json", t.summary_json, "With --tntp: the summary JSON here");
  c->add_flag("--compare-best", t.compare_best,
              "With --tntp: also report the largest deviation from *_flow.tntp");
  c->add_flag("-q,--quiet", t.quiet, "With --tntp: no per-iteration log");
#endif
  c->add_option("--net", f->net,
                "With --demand: assign on an imported network (.cnet; uncapacitated, so "
                "all-or-nothing; --scenario/--base name overlay files)");
  c->callback([f, c, &run] {
    run = [f, c] {
      if (!f->net.empty()) {
#if CORRIDOR_HAVE_OSM
        reject_flags(*c,
                     {"--tntp", "--data", "--year", "--algorithm", "--gap", "--max-iter", "--gpkg",
                      "--xlsx"},
                     "an imported network (--net)");
        reject_flags(*c, kTntpOnly, "an imported network (--net); it is a --tntp option");
        const auto s = api::open_net(f->net, api::net_profile(f->req.profile, {}));
        const api::AssignResult result = api::net_assign(s, f->req);
        if (!f->out_dir.empty()) {
          std::error_code ec;
          std::filesystem::create_directories(f->out_dir, ec);
          if (ec)
            throw Error(Errc::io_error, "cannot create '" + f->out_dir + "': " + ec.message());
          emit(f->out_dir + "/link_flows.csv", api::render_assign_links_csv(result));
          emit(f->out_dir + "/assignment.json", api::to_json(result).dump(2) + "\n");
        }
        emit("-", f->json ? api::to_json(result).dump(2) + "\n" : api::render_assign_text(result));
        return 0;
#else
        throw Error(Errc::usage, "this build has no osm module (--net)");
#endif
      }
#if CORRIDOR_HAVE_ASSIGN
      if (!f->tntp.tntp.empty()) {
        reject_flags(*c, kDatasetOnly, "a TNTP network (--tntp)");
        f->tntp.out_dir = f->out_dir;
        auto& o = f->tntp.options;
        if (c->count("--algorithm")) o.algorithm = f->req.algorithm;
        if (c->count("--gap")) o.gap = f->req.gap;
        if (c->count("--max-iter")) o.max_iter = f->req.max_iter;
        if (c->count("--threads")) o.threads = f->req.threads;
        // Per-iteration lines and a progress bar on a terminal; quiet when stderr is piped.
        StderrReporter rep(::isatty(2) == 1);
        return run_tntp(f->tntp, rep);
      }
#endif
      reject_flags(*c, kTntpOnly, "the dataset (--demand); it is a --tntp option");
      f->req.validate();
      auto engine = api::load_engine(f->data);
      const api::AssignResult result = api::assign(*engine, f->req);
      if (!f->out_dir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(f->out_dir, ec);
        if (ec) throw Error(Errc::io_error, "cannot create '" + f->out_dir + "': " + ec.message());
        emit(f->out_dir + "/link_flows.csv", api::render_assign_links_csv(result));
        emit(f->out_dir + "/assignment.json", api::to_json(result).dump(2) + "\n");
        emit(f->out_dir + "/link_flows.geojson", api::to_geojson(*engine, result).dump() + "\n");
      }
      if (!f->gpkg.empty()) exporter::write_gpkg(f->gpkg, exporter::assign_layers(*engine, result));
      if (!f->xlsx.empty())
        exporter::write_xlsx(f->xlsx, exporter::assign_workbook(*engine, result));
      emit("-", f->json ? api::to_json(result).dump(2) + "\n" : api::render_assign_text(result));
      return 0;
    };
  });
}

}  // namespace corridor::cli
