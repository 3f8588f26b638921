// Helpers shared by the OSM import tests and bench/osm_bench.cpp: a fingerprint of everything an
// import produces, one import measured in a forked child (its own peak memory, not the test
// process's), and an OSM extract padded with nodes no way uses (libosmium writer).
#pragma once
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <osmium/builder/osm_object_builder.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/io/any_output.hpp>
#include <osmium/memory/buffer.hpp>
#include <osmium/osm/node.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "corridor/core/binfile.h"
#include "corridor/core/error.h"
#include "corridor/core/reporter.h"
#include "corridor/osm/flat_network.h"
#include "corridor/osm/import_osm.h"

namespace corridor::osm::probe {

template <typename T>
uint64_t hash_vec(const std::vector<T>& v, uint64_t h) {
  return binfile::hash_bytes(v.data(), v.size() * sizeof(T), h);
}

// Every array of the network and its names (not input_hash, which hashes the file's bytes).
inline uint64_t network_hash(const FlatNetwork& net) {
  uint64_t h = binfile::hash_bytes(net.name.data(), net.name.size(), 1);
  h = binfile::hash_bytes(net.source.data(), net.source.size(), h);
  for (const auto& c : net.countries) h = binfile::hash_bytes(c.data(), c.size() + 1, h);
  h = hash_vec(net.nodes, h);
  h = hash_vec(net.input_id, h);
  h = hash_vec(net.first_out, h);
  h = hash_vec(net.links, h);
  h = hash_vec(net.way_id, h);
  h = hash_vec(net.shape_first, h);
  return hash_vec(net.shape, h);
}

inline uint64_t status_kb(const char* key) {
  std::ifstream in("/proc/self/status");
  const size_t n = std::strlen(key);
  for (std::string line; std::getline(in, line);)
    if (line.compare(0, n, key) == 0) return std::stoull(line.substr(n));
  return 0;
}

inline double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

struct Run {
  bool ok = false;
  char error[240] = {};
  double wall_s = 0, cpu_s = 0;
  uint64_t rss_before = 0, peak_rss = 0;  // bytes: VmRSS at the start, VmHWM at the end
  uint64_t osm_nodes = 0, osm_ways = 0, kept_node_ids = 0, nodes = 0, links = 0, hash = 0;
  double mb_per_mnode() const { return osm_nodes ? peak_rss / 1e6 / (osm_nodes / 1e6) : 0; }
  // Peak above what the process held when the import started.
  double own_mb() const { return peak_rss > rss_before ? (peak_rss - rss_before) / 1e6 : 0; }
  double nodes_per_s() const { return wall_s > 0 ? osm_nodes / wall_s : 0; }
};

// Imports `path` in a forked child (fresh peak-memory counter: a child's VmHWM starts at its
// RSS at fork) and returns what it measured.
inline Run import_in_child(const std::string& path, const OsmImportConfig& cfg) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::close(fds[0]);
    Run r;
    try {
      r.rss_before = status_kb("VmRSS:") * 1024;
      const double c0 = cpu_seconds();
      const auto t0 = std::chrono::steady_clock::now();
      NullReporter rep;
      OsmImportStats st;
      const FlatNetwork net = import_osm(path, cfg, rep, &st);
      r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      r.cpu_s = cpu_seconds() - c0;
      r.peak_rss = status_kb("VmHWM:") * 1024;
      r.osm_nodes = st.osm_nodes;
      r.osm_ways = st.osm_ways;
      r.kept_node_ids = st.kept_node_ids;
      r.nodes = net.num_nodes();
      r.links = net.num_links();
      r.hash = network_hash(net);
      r.ok = check(net).empty();
      if (!r.ok) std::snprintf(r.error, sizeof r.error, "imported network fails check()");
    } catch (const std::exception& e) {
      std::snprintf(r.error, sizeof r.error, "%s", e.what());
    }
    const ssize_t w = ::write(fds[1], &r, sizeof r);
    ::_exit(w == ssize_t(sizeof r) ? 0 : 1);
  }
  ::close(fds[1]);
  Run r;
  size_t got = 0;
  while (got < sizeof r) {
    const ssize_t n = ::read(fds[0], reinterpret_cast<char*>(&r) + got, sizeof r - got);
    if (n <= 0) break;
    got += size_t(n);
  }
  ::close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (got != sizeof r) {
    r = Run{};
    std::snprintf(r.error, sizeof r.error, "child died (status %d)", status);
  }
  return r;
}

// Writes `in` to `out` (PBF) with `extra` untagged nodes that no way uses, ids above every node
// id of the file, spread over its bounding box: a bigger file with the same network. Objects
// stay sorted (nodes by id, then ways, then relations).
inline void write_padded(const std::string& in, const std::string& out, uint64_t extra) {
  osmium::io::Reader reader{in};
  osmium::io::Header header = reader.header();
  std::vector<osmium::memory::Buffer> nodes, rest;
  int64_t max_id = 0;
  int32_t min_x = INT32_MAX, max_x = INT32_MIN, min_y = INT32_MAX, max_y = INT32_MIN;
  while (osmium::memory::Buffer buf = reader.read()) {
    osmium::memory::Buffer copy{buf.committed(), osmium::memory::Buffer::auto_grow::yes};
    osmium::memory::Buffer other{buf.committed(), osmium::memory::Buffer::auto_grow::yes};
    for (const auto& item : buf) {
      if (item.type() == osmium::item_type::node) {
        const auto& n = static_cast<const osmium::Node&>(item);
        max_id = std::max<int64_t>(max_id, n.id());
        if (n.location().valid()) {
          min_x = std::min(min_x, n.location().x());
          max_x = std::max(max_x, n.location().x());
          min_y = std::min(min_y, n.location().y());
          max_y = std::max(max_y, n.location().y());
        }
        copy.add_item(item);
        copy.commit();
      } else {
        other.add_item(item);
        other.commit();
      }
    }
    nodes.push_back(std::move(copy));
    rest.push_back(std::move(other));
  }
  reader.close();
  if (min_x > max_x) min_x = max_x = min_y = max_y = 0;
  osmium::io::Writer writer{osmium::io::File(out, "pbf"), header, osmium::io::overwrite::allow};
  for (auto& b : nodes) writer(std::move(b));
  const uint64_t w = uint64_t(max_x - min_x) + 1, h = uint64_t(max_y - min_y) + 1;
  uint64_t k = 0;
  while (k < extra) {
    osmium::memory::Buffer buf{1 << 20, osmium::memory::Buffer::auto_grow::yes};
    for (int i = 0; i < 10000 && k < extra; ++i, ++k) {
      osmium::builder::NodeBuilder nb{buf};
      nb.set_id(max_id + 1 + int64_t(k))
          .set_version(1)
          .set_location(osmium::Location(int32_t(min_x + int64_t((k * 7919) % w)),
                                         int32_t(min_y + int64_t((k * 104729) % h))));
      nb.set_user("");
    }
    buf.commit();
    writer(std::move(buf));
  }
  for (auto& b : rest) writer(std::move(b));
  writer.close();
}

}  // namespace corridor::osm::probe
