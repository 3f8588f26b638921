#include <cstdio>
#include <filesystem>
#include <optional>

#include "commands.h"
#include "corridor/api/api.h"
#include "corridor/api/counts.h"
#include "corridor/api/render.h"
#include "corridor/core/text.h"
#include "corridor/io/dataset.h"
#include "corridor/scenario/scenario.h"
#if CORRIDOR_HAVE_OSM
#include <iostream>

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
      auto info = api::dataset_info(*engine);
      // Observed volumes next to the base-year assignment (data/caucasus/counts.csv); checked
      // before "ok" is printed, so a bad counts file fails the validation.
      std::optional<api::CountsCheck> counts;
      if (auto req = api::dataset_counts_request(*engine))
        counts = api::check_counts(*engine, *req);
      std::printf("%s: ok: %zu nodes, %zu links (%zu border links), %zu scenarios, %zu countries\n",
                  dir->c_str(), info["nodes"].get<size_t>(), info["links"].get<size_t>(),
                  info["border_links"].get<size_t>(), info["scenarios"].get<size_t>(),
                  info["countries"].size());
      if (counts) std::printf("\n%s", api::render_counts_text(*counts).c_str());
      return 0;
    };
  });
}

void add_dataset_commands(CLI::App& app, Action& run) {
  {
    struct F {
      std::string data = api::default_data_dir(), q;
      int limit = 10;
      bool json = false;
    };
    auto f = std::make_shared<F>();
    auto* c = app.add_subcommand("places", "Find places by name, alias or id");
    c->add_option("query", f->q, "Part of a name")->required();
    c->add_option("--data", f->data, "Dataset directory")->capture_default_str();
    c->add_option("--limit", f->limit, "At most this many")->capture_default_str();
    c->add_flag("--json", f->json, "Print JSON");
    c->callback([f, &run] {
      run = [f] {
        auto e = api::load_engine(f->data);
        auto p = api::places(*e, f->q, static_cast<size_t>(std::max(1, f->limit)));
        if (f->json) {
          std::printf("%s\n", p.dump(2).c_str());
        } else {
          for (const auto& x : p)
            std::printf("%-22s %-28s %s  %s\n", x["id"].get<std::string>().c_str(),
                        x["name"].get<std::string>().c_str(),
                        x["country"].get<std::string>().c_str(),
                        x["kind"].get<std::string>().c_str());
        }
        return 0;
      };
    });
  }
  {
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
        auto s = api::scenarios(*e);
        if (f->json) {
          std::printf("%s\n", s.dump(2).c_str());
        } else {
          for (const auto& x : s)
            std::printf("%-20s %d  %s\n", x["name"].get<std::string>().c_str(),
                        x["year"].get<int>(), x["description"].get<std::string>().c_str());
        }
        return 0;
      };
    });
  }
  {
    struct F {
      api::TableRequest req;
      std::string data = api::default_data_dir(), sources, targets, modes, avoid, output, net,
                  pairs;
      bool json = false;
    };
    auto f = std::make_shared<F>();
    auto* c = app.add_subcommand(
        "table",
        "Many-to-many costs (CSV from,to,cost,... or JSON) on the dataset or a .cnet network");
    c->add_option("--sources", f->sources, "Places, ',' or ';' separated");
    c->add_option("--net", f->net, "An imported network (.cnet) instead of the dataset");
    c->add_option("--pairs", f->pairs, "With --net: CSV of from,to pairs (node ids or lat,lon)");
    c->add_option("--targets", f->targets, "Places, comma-separated (default: the sources)");
    c->add_option("--data", f->data, "Dataset directory")->capture_default_str();
    c->add_option("--scenario", f->req.scenario, "Scenario")->capture_default_str();
    c->add_option("--profile", f->req.profile, "Profile")->capture_default_str();
    c->add_option("--modes", f->modes, "Allowed modes");
    c->add_option("--avoid", f->avoid, "Countries to avoid");
    c->add_flag("--json", f->json, "Print JSON");
    c->add_option("-o,--output", f->output, "Output file");
    c->callback([f, &run] {
      run = [f] {
        if (!f->net.empty()) {
#if CORRIDOR_HAVE_OSM
          osm::TableOptions o;
          o.net = f->net;
          o.pairs = f->pairs;
          o.sources = f->sources;
          o.targets = f->targets;
          if (f->req.profile != "teu") o.profile = f->req.profile;
          o.json = f->json;
          if (!f->output.empty()) o.output = f->output;
          StderrReporter rep(false);
          return osm::cmd_table(o, rep, std::cout);
#else
          throw Error(Errc::usage, "this build has no osm module (--net)");
#endif
        }
        auto places = [](const std::string& s) {
          return text::split(s, s.find(';') != std::string::npos ? ';' : ',');
        };
        f->req.sources = places(f->sources);
        f->req.targets = places(f->targets);
        f->req.modes = text::split(f->modes, ',');
        f->req.avoid = text::split(f->avoid, ',');
        auto e = api::load_engine(f->data);
        auto t = api::table(*e, f->req);
        emit(f->output, f->json ? t.dump(2) + "\n" : api::render_table_csv(t));
        return 0;
      };
    });
  }
}

}  // namespace corridor::cli
