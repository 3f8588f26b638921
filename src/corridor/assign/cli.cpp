#include "corridor/assign/cli.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "corridor/assign/assign.h"
#include "corridor/assign/output.h"
#include "corridor/assign/tntp.h"
#include "corridor/core/error.h"
#include "corridor/core/text.h"

namespace corridor::assign {
namespace {

[[noreturn]] void usage(const std::string& msg) { throw Error(Errc::usage, msg); }

double to_double(const std::string& flag, const std::string& v) {
  auto d = text::parse_double(v);
  if (!d) usage(fmt::format("{} needs a number, got '{}'", flag, v));
  return *d;
}
int to_int(const std::string& flag, const std::string& v) {
  auto i = text::parse_int(v);
  if (!i || *i < 0 || *i > 1'000'000'000)
    usage(fmt::format("{} needs a non-negative integer, got '{}'", flag, v));
  return static_cast<int>(*i);
}

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

}  // namespace

int run_assign_cli(const std::vector<std::string>& args, Reporter& reporter, std::ostream& out,
                   std::ostream& err) {
  try {
    AssignOptions opt;
    std::string tntp, out_dir, flows_csv, flows_geojson, log_csv, svg, summary;
    bool quiet = false, compare_best = false;
    for (size_t i = 0; i < args.size(); ++i) {
      const std::string& a = args[i];
      auto value = [&]() -> const std::string& {
        if (i + 1 >= args.size()) usage(fmt::format("{} needs a value", a));
        return args[++i];
      };
      if (a == "--tntp")
        tntp = value();
      else if (a == "--algorithm")
        opt.algorithm = value();
      else if (a == "--gap")
        opt.gap = to_double(a, value());
      else if (a == "--max-iter")
        opt.max_iter = to_int(a, value());
      else if (a == "--max-seconds")
        opt.max_seconds = to_double(a, value());
      else if (a == "--threads")
        opt.threads = to_int(a, value());
      else if (a == "--toll-factor")
        opt.toll_factor = to_double(a, value());
      else if (a == "--distance-factor")
        opt.distance_factor = to_double(a, value());
      else if (a == "--out-dir")
        out_dir = value();
      else if (a == "--flows-csv")
        flows_csv = value();
      else if (a == "--flows-geojson")
        flows_geojson = value();
      else if (a == "--log-csv")
        log_csv = value();
      else if (a == "--gap-svg")
        svg = value();
      else if (a == "--summary-json")
        summary = value();
      else if (a == "--compare-best")
        compare_best = true;
      else if (a == "-q" || a == "--quiet")
        quiet = true;
      else
        usage(fmt::format("unknown option '{}'", a));
    }
    if (tntp.empty()) usage("--tntp DIR is required");
    opt.validate();
    if (!out_dir.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(out_dir, ec);
      if (ec)
        throw Error(Errc::io_error, fmt::format("cannot create '{}': {}", out_dir, ec.message()));
      auto in_dir = [&](std::string& slot, const char* name) {
        if (slot.empty()) slot = (std::filesystem::path(out_dir) / name).string();
      };
      in_dir(flows_csv, "link_flows.csv");
      in_dir(log_csv, "convergence.csv");
      in_dir(svg, "gap.svg");
      in_dir(summary, "summary.json");
    }
    TntpNetwork net = read_tntp_network(tntp);
    for (const auto& w : net.warnings) reporter.log("warning: " + w);
    AssignProblem problem = to_problem(net, opt);
    QuietReporter rep(reporter, quiet);
    AssignResult r = assign(problem, opt, rep);
    if (!flows_csv.empty()) write_link_csv(flows_csv, problem, r);
    // GeoJSON needs WGS84 node coordinates. TNTP does not say which CRS *_node.tntp uses
    // (SiouxFalls: degrees; Berlin: planar numbers that happen to fall in the degree ranges), so
    // it is written only on request, and refused when coordinates are missing or out of range.
    if (!flows_geojson.empty())
      write_link_geojson(flows_geojson, problem, r, net.node_x, net.node_y);
    if (!log_csv.empty()) write_convergence_csv(log_csv, r.log);
    if (!svg.empty())
      write_gap_svg(svg, r.log, fmt::format("{}: relative gap ({})", net.name, opt.algorithm));
    if (!summary.empty()) write_summary_json(summary, r.summary);
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(summary_json(r.summary));
    j["network"] = net.name;
    if (compare_best) {
      std::string flow_file;
      std::error_code ec;
      if (std::filesystem::is_directory(tntp, ec)) flow_file = find_tntp_files(tntp).flow;
      if (flow_file.empty())
        usage("--compare-best needs a *_flow.tntp file in the --tntp directory");
      auto best = match_flows(net, read_tntp_flows(flow_file), flow_file);
      double dev = 0;
      size_t link = 0;
      for (size_t l = 0; l < best.size(); ++l)
        if (std::fabs(r.flow[l] - best[l]) > dev) dev = std::fabs(r.flow[l] - best[l]), link = l;
      j["best_known_beckmann"] = beckmann_objective(problem, best);
      j["max_flow_deviation"] = dev;
      j["max_flow_deviation_link"] = link + 1;
    }
    out << j.dump(2) << "\n";
    return 0;
  } catch (const Error& e) {
    err << "error: " << e.full_text() << "\n";
    return info(e.code()).exit_code;
  }
}

}  // namespace corridor::assign
