// corridor sweep SWEEP.toml: api::sweep, as CSV (default) or JSON; --shard k/N computes one
// contiguous block of runs (shard outputs concatenate, in order, to the whole sweep's CSV).
#include "commands.h"
#include "corridor/api/api.h"
#include "corridor/api/sweep.h"

namespace corridor::cli {

namespace {
struct SweepFlags {
  api::SweepRequest req;
  std::string data = api::default_data_dir(), output, shard;
  bool json = false;
};
}  // namespace

void add_sweep(CLI::App& app, Action& run) {
  auto f = std::make_shared<SweepFlags>();
  auto* c = app.add_subcommand(
      "sweep", "Run a list, grid or random sample of scenario parameters (docs/criticality.md)");
  c->add_option("file", f->req.file, "SWEEP.toml")->required();
  c->add_option("--threads", f->req.threads, "Threads (default: all cores)");
  c->add_option("--shard", f->shard, "Compute only block k of N (k/N), for job arrays");
  c->add_option("--data", f->data, "Dataset directory")->capture_default_str();
  c->add_flag("--json", f->json, "Print JSON instead of CSV");
  c->add_option("-o,--output", f->output, "Write to this file (atomically) instead of stdout");
  c->callback([f, &run] {
    run = [f] {
      if (!f->shard.empty()) {
        f->req.set_shard(f->shard);
        if (f->json)
          throw Error(Errc::usage,
                      "--shard writes CSV blocks that concatenate; it cannot be used with --json");
      }
      f->req.validate();
      auto engine = api::load_engine(f->data);
      const auto result = api::sweep(*engine, f->req);
      emit(f->output,
           f->json ? api::to_json(result).dump(2) + "\n" : api::render_sweep_csv(result));
      return 0;
    };
  });
}

}  // namespace corridor::cli
