// corridor validate, places, scenarios, table (on the dataset, or on a .cnet with --net).
#include <cstdio>
#include <filesystem>
#include <optional>
#include <sstream>

#include "commands.h"
#include "corridor/api/api.h"
#include "corridor/api/counts.h"
#include "corridor/api/render.h"
#include "corridor/core/error.h"
#include "corridor/core/text.h"
#if CORRIDOR_HAVE_OSM
#include "corridor/core/reporter.h"
#include "corridor/osm/commands.h"
#endif

namespace corridor::cli {

void add_validate(CLI::App& app, Action& run) {
  auto dir = std::make_shared<std::string>(api::default_data_dir());
  auto* c =
      app.add_subcommand("validate", "Check a dataset and its scenarios; exit 4 on any problem");
  c->add_option("dir", *dir, "Dataset directory")->capture_default_str();
  c->callback([dir, &run] {
    run = [dir] {
      auto engine = api::load_engine(*dir);  // loads, checks invariants, applies every scenario
      const api::DatasetInfo info = api::dataset_info(*engine);
      // Observed volumes next to the base-year assignment (data/caucasus/counts.csv); checked
      // before "ok" is printed, so a bad counts file fails the validation.
      std::optional<api::CountsCheck> counts;
      if (auto req = api::dataset_counts_request(*engine))
        counts = api::check_counts(*engine, *req);
      std::printf("%s: ok: %zu nodes, %zu links (%zu border links), %zu scenarios, %zu countries\n",
                  dir->c_str(), info.nodes, info.links, info.border_links, info.scenarios,
                  info.countries.size());
      if (counts) std::printf("\n%s", api::render_counts_text(*counts).c_str());
      return 0;
    };
  });
}

namespace {

void add_places(CLI::App& app, Action& run) {
  struct F {
    std::string data = api::default_data_dir(), q;
    int limit = 10;
    bool json = false;
  };
  auto f = std::make_shared<F>();
  auto* c = app.add_subcommand("places", "Find places by name, alias or id");
  c->add_option("query", f->q, "Part of a name")->required();
  c->add_option("--data", f->data, "Dataset directory")->capture_default_str();
  c->add_option("--limit", f->limit, "At most this many (1..50)")->capture_default_str();
  c->add_flag("--json", f->json, "Print JSON");
  c->callback([f, &run] {
    run = [f] {
      if (f->limit < 1 || f->limit > 50)
        throw Error(Errc::usage, "--limit must be between 1 and 50");
      auto e = api::load_engine(f->data);
      const api::PlacesResult p = api::places(*e, f->q, static_cast<size_t>(f->limit));
      emit("-", f->json ? api::to_json(p).dump(2) + "\n" : api::render_places_text(p));
      return 0;
    };
  });
}

void add_scenarios(CLI::App& app, Action& run) {
  struct F {
    std::string data = api::default_data_dir();
    bool json = false;
  };
  auto f = std::make_shared<F>();
  auto* c = app.add_subcommand("scenarios", "List the dataset's scenarios");
  c->add_option("--data", f->data, "Dataset directory")->capture_default_str();
  c->add_flag("--json", f->json, "Print JSON");
  c->callback([f, &run] {
    run = [f] {
      auto e = api::load_engine(f->data);
      const api::ScenarioList s = api::scenarios(*e);
      emit("-", f->json ? api::to_json(s).dump(2) + "\n" : api::render_scenarios_text(s));
      return 0;
    };
  });
}

struct TableFlags {
  api::TableRequest req;
  std::string data = api::default_data_dir(), sources, targets, output, net, pairs;
  bool json = false;
};

#if CORRIDOR_HAVE_OSM
int table_on_net(const CLI::App& c, const TableFlags& f) {
  reject_flags(c, {"--data", "--scenario", "--modes", "--avoid", "--year"},
               "an imported network (--net)");
  osm::TableOptions o;
  o.net = f.net;
  o.pairs = f.pairs;
  o.sources = f.sources;
  o.targets = f.targets;
  if (!f.req.profile.empty()) o.profile = f.req.profile;
  o.json = f.json;
  StderrReporter rep(false);
  std::ostringstream out;
  int rc = osm::cmd_table(o, rep, out);
  emit(f.output, out.str());
  return rc;
}
#endif

void add_table(CLI::App& app, Action& run) {
  auto f = std::make_shared<TableFlags>();
  auto* c = app.add_subcommand(
      "table",
      "Many-to-many costs (CSV from,to,cost,... or JSON) on the dataset or a .cnet network");
  c->add_option("--sources", f->sources, "Places, ',' or ';' separated");
  c->add_option("--net", f->net, "An imported network (.cnet) instead of the dataset");
  c->add_option("--pairs", f->pairs, "With --net: CSV of from,to pairs (node ids or lat,lon)");
  c->add_option("--targets", f->targets, "Places, comma-separated (default: the sources)");
  c->add_option("--data", f->data, "Dataset directory")->capture_default_str();
  c->add_option("--scenario", f->req.scenario, "Scenario (default: the dataset's)");
  c->add_option("--profile", f->req.profile, "Profile (default: the dataset's; truck with --net)");
  add_list(*c, "--modes", f->req.modes, "Allowed modes");
  add_list(*c, "--avoid", f->req.avoid, "Countries to avoid");
  c->add_option("--year", f->req.year, "Links open by this year (default: the scenario's year)");
  c->add_flag("--json", f->json, "Print JSON");
  c->add_option("-o,--output", f->output, "Output file");
  c->callback([f, c, &run] {
    run = [f, c] {
      if (!f->net.empty()) {
#if CORRIDOR_HAVE_OSM
        return table_on_net(*c, *f);
#else
        throw Error(Errc::usage, "this build has no osm module (--net)");
#endif
      }
      reject_flags(*c, {"--pairs"}, "the dataset (it is a --net option; use --sources/--targets)");
      // The places lists are the only flags read here: ';' separates names that hold commas.
      auto places = [](const std::string& s) {
        return text::split(s, s.find(';') != std::string::npos ? ';' : ',');
      };
      f->req.sources = places(f->sources);
      f->req.targets = places(f->targets);
      f->req.validate();
      auto e = api::load_engine(f->data);
      const api::TableResult t = api::table(*e, f->req);
      emit(f->output, f->json ? api::to_json(t).dump(2) + "\n" : api::render_table_csv(t));
      return 0;
    };
  });
}

}  // namespace

void add_dataset_commands(CLI::App& app, Action& run) {
  add_places(app, run);
  add_scenarios(app, run);
  add_table(app, run);
}

}  // namespace corridor::cli
