// corridor simulate FILE: discrete-event simulation of a corridor bottleneck (sim module).
#include <filesystem>
#include <memory>
#include <optional>

#include "commands.h"
#include "corridor/core/error.h"
#include "corridor/core/files.h"
#include "corridor/export/sim_layers.h"
#include "corridor/io/dataset.h"
#include "corridor/sim/load.h"
#include "corridor/sim/render.h"
#include "corridor/sim/simulate.h"

namespace corridor::cli {

namespace {
struct SimulateFlags {
  std::string file, data, report, output, gpkg;
  double days = 0, warmup = -1;
  int replications = 0, threads = 0;
  uint64_t seed = 0;
  bool seed_set = false, json = false, capacity = false;
};

void write_out(const std::string& path, const std::string& text) {
  if (!path.empty() && path != "-") {
    const auto parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  files::write_atomic(path.empty() ? "-" : path, text);
}

// The dataset the file's ids refer to: --data, else the folder above the file's sim/ folder
// when it holds node.csv (data/caucasus/sim/x.toml -> data/caucasus).
std::string dataset_dir(const SimulateFlags& f) {
  if (!f.data.empty()) return f.data;
  const auto dir = std::filesystem::path(f.file).parent_path();
  if (dir.filename() == "sim" && std::filesystem::exists(dir.parent_path() / "node.csv"))
    return dir.parent_path().string();
  return "";
}
}  // namespace

void add_simulate(CLI::App& app, Action& run) {
  auto f = std::make_shared<SimulateFlags>();
  auto* c = app.add_subcommand(
      "simulate", "Discrete-event simulation of single track, border posts, yards and ferries");
  c->add_option("FILE", f->file, "Simulation file (TOML, see docs/simulation.md)")->required();
  c->add_option("--days", f->days, "Measured days per replication (default: the file's)");
  c->add_option("--warmup", f->warmup, "Warm-up days (default: the file's)");
  c->add_option("--replications", f->replications, "Replications (default: the file's)");
  c->add_option("--seed", f->seed, "Base seed (default: the file's)")
      ->each([f](const std::string&) { f->seed_set = true; });
  c->add_option("--threads", f->threads, "Threads (0 = all); results do not depend on it")
      ->capture_default_str();
  c->add_option("--data", f->data,
                "Dataset whose node/link ids the file names (default: the folder above sim/)");
  c->add_flag("--json", f->json, "Print JSON");
  c->add_option("--report", f->report, "Also write a self-contained HTML report with charts");
  c->add_flag("--capacity", f->capacity,
              "Also sweep the offered load: throughput and waiting vs load, and the wait limit");
  c->add_option("--gpkg", f->gpkg,
                "Also write a GeoPackage: sim_resources, sim_links (the dataset's geometry), "
                "sim_flows, sim_directions (and sim_capacity); see docs/simulation.md");
  c->add_option("-o,--output", f->output, "Write to this file instead of stdout");
  c->callback([f, &run] {
    run = [f] {
      if (f->days < 0) throw Error(Errc::usage, "--days must be > 0");
      if (f->threads < 0) throw Error(Errc::usage, "--threads must be >= 0");
      sim::Model model = sim::load_model(f->file);
      std::optional<network::Network> net;
      if (const std::string dir = dataset_dir(*f); !dir.empty()) {
        net = io::load_dataset(dir);
        sim::check_dataset_ids(
            model, [&](const std::string& id) { return net->find_node(id).has_value(); },
            [&](const std::string& id) { return net->find_link(id).has_value(); });
      }
      sim::SimOptions o;
      if (f->seed_set) o.seed = f->seed;
      if (f->days > 0) o.days = f->days;
      if (f->warmup >= 0) o.warmup_days = f->warmup;
      if (f->replications > 0) o.replications = f->replications;
      o.threads = f->threads;
      o.capacity = f->capacity;
      const sim::SimResult r = sim::simulate(model, o);
      write_out(f->output, f->json ? sim::render_json(r) : sim::render_text(r));
      if (!f->report.empty()) write_out(f->report, sim::render_html(r));
      if (!f->gpkg.empty())
        exporter::write_gpkg(f->gpkg, exporter::simulate_layers(model, r, net ? &*net : nullptr));
      return 0;
    };
  });
}

}  // namespace corridor::cli
