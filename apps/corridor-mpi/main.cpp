// corridor-mpi: `corridor sweep` and `corridor critical` with the runs (or removals) distributed
// over MPI ranks. Every rank loads the dataset and builds the run list deterministically; runs go
// to ranks round-robin (--schedule static) or are handed out one at a time by rank 0
// (--schedule dynamic, for uneven runs); rank 0 gathers the figures by run index and writes once.
// The figures of a run depend only on its index, so the output is byte-identical to the serial
// `corridor` output for any rank count. Without mpirun it runs as a single rank.
#include <mpi.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "corridor/api/api.h"
#include "corridor/api/critical.h"
#include "corridor/api/sweep.h"
#include "corridor/core/error.h"
#include "corridor/core/files.h"

namespace {

using Payload = std::vector<double>;
constexpr int kTagWork = 1, kTagResult = 2, kTagStop = 3;

// Computes f(i) for i in [0, n) across the ranks; on rank 0 returns all n payloads (each of
// `width` doubles) in index order, elsewhere an empty vector.
std::vector<Payload> distribute(size_t n, int width, bool dynamic,
                                const std::function<Payload(size_t)>& f) {
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  std::vector<Payload> all;
  if (rank == 0) all.assign(n, Payload(width, 0.0));
  if (!dynamic || size == 1) {
    // Static round-robin: rank r computes i = r, r + P, ...; gathered to rank 0 in one Gatherv.
    std::vector<double> mine;
    for (size_t i = rank; i < n; i += size) {
      Payload p = f(i);
      mine.insert(mine.end(), p.begin(), p.end());
    }
    int count = static_cast<int>(mine.size());
    std::vector<int> counts(size), displs(size);
    MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::vector<double> buf;
    if (rank == 0) {
      int total = 0;
      for (int r = 0; r < size; ++r) {
        displs[r] = total;
        total += counts[r];
      }
      buf.resize(total);
    }
    MPI_Gatherv(mine.data(), count, MPI_DOUBLE, buf.data(), counts.data(), displs.data(),
                MPI_DOUBLE, 0, MPI_COMM_WORLD);
    if (rank == 0)
      for (int r = 0; r < size; ++r) {
        size_t k = 0;
        for (size_t i = r; i < n; i += size, ++k)
          std::copy(buf.begin() + displs[r] + k * width, buf.begin() + displs[r] + (k + 1) * width,
                    all[i].begin());
      }
    return all;
  }
  // Dynamic: rank 0 hands out one index at a time; a worker replies [index, payload...] and gets
  // the next index, or a stop message when none is left.
  if (rank == 0) {
    size_t next = 0;
    int active = 0;
    for (int r = 1; r < size; ++r) {
      if (next < n) {
        long long i = static_cast<long long>(next++);
        MPI_Send(&i, 1, MPI_LONG_LONG, r, kTagWork, MPI_COMM_WORLD);
        ++active;
      } else {
        long long stop = -1;
        MPI_Send(&stop, 1, MPI_LONG_LONG, r, kTagStop, MPI_COMM_WORLD);
      }
    }
    std::vector<double> msg(width + 1);
    while (active > 0) {
      MPI_Status st;
      MPI_Recv(msg.data(), width + 1, MPI_DOUBLE, MPI_ANY_SOURCE, kTagResult, MPI_COMM_WORLD, &st);
      std::copy(msg.begin() + 1, msg.end(), all[static_cast<size_t>(msg[0])].begin());
      if (next < n) {
        long long i = static_cast<long long>(next++);
        MPI_Send(&i, 1, MPI_LONG_LONG, st.MPI_SOURCE, kTagWork, MPI_COMM_WORLD);
      } else {
        long long stop = -1;
        MPI_Send(&stop, 1, MPI_LONG_LONG, st.MPI_SOURCE, kTagStop, MPI_COMM_WORLD);
        --active;
      }
    }
  } else {
    for (;;) {
      long long i = 0;
      MPI_Status st;
      MPI_Recv(&i, 1, MPI_LONG_LONG, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
      if (st.MPI_TAG == kTagStop) break;
      Payload p = f(static_cast<size_t>(i));
      p.insert(p.begin(), static_cast<double>(i));
      MPI_Send(p.data(), width + 1, MPI_DOUBLE, 0, kTagResult, MPI_COMM_WORLD);
    }
  }
  return all;
}

void emit(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-")
    std::fwrite(text.data(), 1, text.size(), stdout);
  else
    corridor::files::write_atomic(path, text);
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  using namespace corridor;
  CLI::App app{"corridor-mpi: sweeps and criticality distributed over MPI ranks"};
  app.require_subcommand(1);
  std::string data = api::default_data_dir(), output, schedule = "static", report;
  bool json = false, csv = false;
  api::SweepRequest sreq;
  api::CriticalRequest creq;
  auto* sw = app.add_subcommand("sweep", "corridor sweep over MPI ranks");
  sw->add_option("file", sreq.file, "SWEEP.toml")->required();
  sw->add_flag("--json", json, "Print JSON instead of CSV");
  auto* cr = app.add_subcommand("critical", "corridor critical over MPI ranks");
  cr->add_option("--scenario", creq.scenario, "Scenario");
  cr->add_option("--profile", creq.profile, "Cost profile");
  cr->add_option("--demand", creq.demand_file, "Demand file");
  cr->add_option("--metric", creq.metric, "cost | unserved | both | interaction");
  cr->add_option("--mode", creq.mode, "removal | capacity:F");
  cr->add_option("--assign", creq.assign, "aon | ue");
  cr->add_option("--links", creq.links, "Candidate filter");
  cr->add_option("--k", creq.k, "Links per removal: 1 or 2 (every pair of the candidates)");
  cr->add_option("--top", creq.top, "Print the N most critical");
  cr->add_option("--year", creq.year, "Links open by this year");
  cr->add_option("--report", report, "Also write the HTML report to FILE.html (rank 0)");
  auto* cj = cr->add_flag("--json", json, "Print JSON");
  cr->add_flag("--csv", csv, "Print CSV")->excludes(cj);
  for (auto* c : {sw, cr}) {
    c->add_option("--data", data, "Dataset directory");
    c->add_option("--schedule", schedule, "static (round-robin) | dynamic (rank-0 queue)")
        ->check(CLI::IsMember({"static", "dynamic"}));
    c->add_option("-o,--output", output, "Write to this file (atomically; rank 0)");
  }
  int code = 0;
  try {
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      code = rank == 0 ? app.exit(e) : e.get_exit_code();
      if (code != 0) code = 2;
      MPI_Finalize();
      return code;
    }
    const bool dynamic = schedule == "dynamic";
    auto engine = api::load_engine(data);
    std::string text;
    if (*sw) {
      sreq.validate();
      api::SweepResult r;
      r.spec = api::load_sweep(sreq.file);
      auto all = distribute(r.spec.runs.size(), 3, dynamic, [&](size_t i) {
        auto x = api::run_sweep_one(*engine, r.spec, i);
        return Payload{x.served_units, x.unserved_units, x.cost_usd};
      });
      if (rank == 0) {
        for (size_t i = 0; i < all.size(); ++i) {
          auto x = api::sweep_run_skeleton(*engine, r.spec, i);
          x.served_units = all[i][0];
          x.unserved_units = all[i][1];
          x.cost_usd = all[i][2];
          r.runs.push_back(std::move(x));
        }
        text = json ? api::to_json(r).dump(2) + "\n" : api::render_sweep_csv(r);
      }
    } else {
      auto result = api::critical(
          *engine, creq, [&](size_t n, const std::function<critical::Impact(size_t)>& f) {
            // Link indices travel as doubles (exact below 2^53); -1 = no second link.
            auto all = distribute(n, 9, dynamic, [&](size_t i) {
              auto im = f(i);
              return Payload{static_cast<double>(im.link.v),
                             im.delta_cost,
                             im.unserved,
                             im.connected ? 1.0 : 0.0,
                             im.base_volume,
                             static_cast<double>(im.ods_affected),
                             im.link2 ? static_cast<double>(im.link2->v) : -1.0,
                             im.base_volume2,
                             im.delta_emission};
            });
            std::vector<critical::Impact> out(n);
            if (rank == 0)
              for (size_t i = 0; i < n; ++i) {
                const auto& p = all[i];
                auto& im = out[i];
                im.link = network::LinkIdx(static_cast<uint32_t>(p[0]));
                im.delta_cost = p[1];
                im.unserved = p[2];
                im.connected = p[3] != 0;
                im.base_volume = p[4];
                im.ods_affected = static_cast<int>(p[5]);
                if (p[6] >= 0) im.link2 = network::LinkIdx(static_cast<uint32_t>(p[6]));
                im.base_volume2 = p[7];
                im.delta_emission = p[8];
              }
            else
              for (size_t i = 0; i < n; ++i) out[i].link = network::LinkIdx(0);  // never printed
            return out;
          });
      if (rank == 0 && !report.empty())
        files::write_atomic(report, api::render_critical_html(*engine, result));
      if (rank == 0)
        text = json  ? api::to_json(result).dump(2) + "\n"
               : csv ? api::render_critical_csv(result)
                     : api::render_critical_text(result);
    }
    if (rank == 0) emit(output, text);
  } catch (const Error& e) {
    if (rank == 0) std::fprintf(stderr, "error: %s\n", e.full_text().c_str());
    code = info(e.code()).exit_code;
  } catch (const std::exception& e) {
    if (rank == 0) std::fprintf(stderr, "internal error: %s\n", e.what());
    code = 70;
  }
  MPI_Finalize();
  return code;
}
