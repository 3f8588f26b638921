// bench/py_bench: the C++ side of the Python-vs-C++ comparison. Runs N api::route() calls over
// the dataset's pairs.csv pairs (in order, cycling; scenario as given) and prints
// "<seconds> <checksum>" where checksum = sum of the best routes' hours. py_bench.py runs the
// same loop through the Python module and checks the checksums agree.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "corridor/api/api.h"
#include "corridor/io/dataset.h"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s DATA_DIR N SCENARIO\n", argv[0]);
    return 2;
  }
  try {
    const std::string data = argv[1];
    const long n = std::atol(argv[2]);
    auto engine = corridor::api::load_engine(data);
    const auto pairs = corridor::io::load_pairs(data + "/pairs.csv");
    std::vector<corridor::api::RouteRequest> reqs;
    for (const auto& p : pairs) {
      corridor::api::RouteRequest q;
      q.from = p.from;
      q.to = p.to;
      q.scenario = argv[3];
      reqs.push_back(q);
    }
    double checksum = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (long i = 0; i < n; ++i) {
      const auto& q = reqs[static_cast<size_t>(i) % reqs.size()];
      q.validate();
      checksum += corridor::api::route(*engine, q).best().total.hours;
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%.6f %.6f\n", s, checksum);
    return 0;
  } catch (const corridor::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.full_text().c_str());
    return 1;
  }
}
