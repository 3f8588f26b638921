// Phases 1-2 of the OSM import, streaming: three passes over the input, each decoding only one
// kind of object (libosmium skips the others' PBF groups):
//   1. relations: admin_level=2 boundaries and ferry routes (their member way ids);
//   2. ways: routable ways (record + node ids) and boundary member ways (node ids);
//   3. nodes: coordinates of just the node ids kept in pass 2 (a sorted id array searched from
//      the previous hit, so a sorted file costs O(1) per node), and the special nodes.
// Memory is bounded by the kept ways and their nodes (about 8 bytes per kept node reference plus
// 16 per distinct kept node while reading; docs/osm-and-ch.md), plus libosmium's bounded queues
// of decoded blocks; never by the number of nodes in the file. PBF blocks are decoded on a
// libosmium pool of `threads` threads while this thread consumes them.
#include <pthread.h>
#include <sys/prctl.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <osmium/io/any_input.hpp>
#include <osmium/io/detail/input_format.hpp>
#include <osmium/io/detail/queue_util.hpp>
#include <osmium/thread/pool.hpp>
#include <thread>
#include <unordered_set>

#include "corridor/core/error.h"
#include "corridor/geo/distance.h"
#include "corridor/osm/detail/import_phases.h"
#include "corridor/osm/detail/osm_handlers.h"

namespace corridor::osm::detail {
namespace {

// One libosmium pool per size, made on first use and kept for the process (a fuzzer or server
// imports many inputs without starting a pool each time). A forked child has none of the
// parent's threads, so it forgets the parent's pools (leaking them: their threads do not exist
// there) and makes its own.
std::mutex& pools_mutex() {
  static std::mutex m;
  return m;
}
std::map<unsigned, std::unique_ptr<osmium::thread::Pool>>& pools() {
  static std::map<unsigned, std::unique_ptr<osmium::thread::Pool>> p;
  return p;
}
void forget_pools_in_child() {
  for (auto& [n, pool] : pools()) (void)pool.release();
  pools().clear();
}

}  // namespace

osmium::thread::Pool& decode_pool(unsigned threads) {
  static const int registered = pthread_atfork(nullptr, nullptr, forget_pools_in_child);
  (void)registered;
  std::lock_guard<std::mutex> lock(pools_mutex());
  auto& p = pools()[threads];
  if (!p) p = std::make_unique<osmium::thread::Pool>(static_cast<int>(threads));
  return *p;
}

namespace {

// The passes over the input. A file is read again for each pass, decoding only `bits` (memory:
// one decoded block at a time, in libosmium's bounded queues). Bytes in memory (small inputs:
// fuzzing, tests) are decoded once, all objects kept, and each pass walks the kept blocks: one
// reader and one parse per input instead of three.
class PassReader {
 public:
  PassReader(const OsmInput& in, unsigned threads, Reporter& reporter)
      : in_(in), threads_(threads), reporter_(reporter) {
    if (!in_.path.empty()) return;
    const osmium::io::File file(in_.bytes.data(), in_.bytes.size(), in_.format);
    if (file.compression() == osmium::io::file_compression::none) {
      parse_here(file);
      return;
    }
    read(osmium::osm_entity_bits::nwr, "read",
         [&](osmium::memory::Buffer&& b) { kept_.push_back(std::move(b)); });
  }

  // Calls f(const osmium::memory::Buffer&) for each block of objects of `bits`.
  template <typename F>
  void pass(osmium::osm_entity_bits::type bits, const std::string& what, F&& f) {
    if (!in_.path.empty()) {
      read(bits, what, [&](osmium::memory::Buffer&& b) { f(b); });
      return;
    }
    for (const auto& b : kept_) f(b);
  }

 private:
  template <typename F>
  void read(osmium::osm_entity_bits::type bits, const std::string& what, F&& f) {
    const osmium::io::File file =
        in_.path.empty() ? osmium::io::File(in_.bytes.data(), in_.bytes.size(), in_.format)
                         : osmium::io::File(in_.path);
    osmium::io::Reader reader{file, bits, osmium::io::read_meta::no, decode_pool(threads_)};
    const uint64_t size = in_.path.empty() ? in_.bytes.size() : reader.file_size();
    const std::string label = what + " " + in_.name;
    while (osmium::memory::Buffer buffer = reader.read()) {
      f(std::move(buffer));
      reporter_.progress(label, reader.offset(), size);
    }
    reader.close();
    reporter_.finish(label);
  }

  // Uncompressed bytes in memory: libosmium's parser run on this thread (what Reader runs on
  // its parser thread, minus the reader and parser threads: an input costs its parse, not two
  // thread starts). PBF blocks still go to the kept pool. Errors come out of the parser's
  // output queue as exceptions, as they do through Reader::read().
  void parse_here(const osmium::io::File& file) {
    namespace oid = osmium::io::detail;
    oid::future_string_queue_type input(0, "raw_input");  // unbounded: nothing waits here
    oid::future_buffer_queue_type output(0, "parser_results");
    oid::add_to_queue(input, std::string(in_.bytes));
    oid::add_end_of_data_to_queue(input);
    std::promise<osmium::io::Header> header;
    std::atomic<std::size_t> offset{0};
    oid::parser_arguments args{decode_pool(threads_),
                               -1,
                               input,
                               output,
                               header,
                               &offset,
                               osmium::osm_entity_bits::nwr,
                               osmium::io::read_meta::no,
                               osmium::io::buffers_type::any,
                               false};
    char name[16] = {};  // the parser names its thread ("_osmium_xml_in"): keep the caller's
    prctl(PR_GET_NAME, name, 0, 0, 0);
    oid::ParserFactory::instance().get_creator_function(file)(args)->parse();
    prctl(PR_SET_NAME, name, 0, 0, 0);
    oid::queue_wrapper<osmium::memory::Buffer> results(output);
    while (!results.has_reached_end_of_data()) {
      osmium::memory::Buffer b = results.pop();
      if (!b) break;  // end of data
      // A buffer that outgrew itself carries its earlier parts, most deeply nested first (the
      // order Reader::read() returns them in).
      while (b.has_nested_buffers()) kept_.push_back(std::move(*b.get_last_nested()));
      kept_.push_back(std::move(b));
    }
  }

  const OsmInput& in_;
  const unsigned threads_;
  Reporter& reporter_;
  std::vector<osmium::memory::Buffer> kept_;
};

// Pass 2: routable ways and boundary member ways with their node ids.
struct WayCollector {
  const OsmImportConfig& cfg;
  const std::unordered_set<int64_t>& ferry_members;
  const std::unordered_set<int64_t>& boundary_ids;
  std::vector<int64_t> refs;  // node ids of the routable ways, way by way
  std::vector<WayRec> ways;   // first/last: range in refs (replaced by points later)
  struct BoundaryWay {
    int64_t id;
    size_t first, last;  // range in brefs
  };
  std::vector<BoundaryWay> boundary;  // in file order
  std::vector<int64_t> brefs;
  std::map<std::string, uint64_t> addr_country;
  OsmImportStats stats;

  void way(const osmium::Way& w) {
    ++stats.osm_ways;
    count_addr_country(w.tags(), addr_country);
    if (boundary_ids.count(w.id())) {
      const size_t b = brefs.size();
      for (const auto& nr : w.nodes())
        if (nr.ref() >= 0) brefs.push_back(nr.ref());
      boundary.push_back({w.id(), b, brefs.size()});
    }
    WayRec r;
    if (!routable_way(w, cfg, ferry_members, r, stats)) return;
    const size_t first = refs.size();
    // Negative ids never have a location (as in libosmium's node location handler); repeated
    // ids in a row are one point whatever their location.
    for (const auto& nr : w.nodes())
      if (nr.ref() >= 0 && (refs.size() == first || refs.back() != nr.ref()))
        refs.push_back(nr.ref());
    if (refs.size() - first < 2) {
      refs.resize(first);
      return;
    }
    if (refs.size() > UINT32_MAX)
      throw Error(Errc::invalid_input, "more than 2^32 node references in routable ways");
    r.first = static_cast<uint32_t>(first);
    r.last = static_cast<uint32_t>(refs.size());
    ways.push_back(r);
  }
};

// Pass 3: coordinates of the kept node ids; special nodes.
struct NodeCollector {
  const std::vector<int64_t>& ids;     // sorted, distinct
  std::string file;                    // named in errors
  std::vector<osmium::Location> locs;  // per id (undefined until its node is read)
  size_t cursor = 0;                   // first index whose id >= the last id looked up
  std::unordered_map<int64_t, Special> specials;
  std::map<std::string, uint64_t> addr_country;
  uint64_t osm_nodes = 0;

  NodeCollector(const std::vector<int64_t>& sorted_ids, std::string file_name)
      : ids(sorted_ids), file(std::move(file_name)), locs(sorted_ids.size()) {}

  // Index of the first id >= `id`: gallops forward from the previous answer (nodes come sorted
  // by id in every extract), from the start when the file goes back.
  size_t lower(int64_t id) {
    const size_t n = ids.size();
    size_t lo = cursor > 0 && ids[cursor - 1] >= id ? 0 : cursor;
    size_t probe = lo, step = 1;
    while (probe < n && ids[probe] < id) {
      lo = probe + 1;
      probe += step;
      step *= 2;
    }
    const auto hi = ids.begin() + static_cast<std::ptrdiff_t>(std::min(probe, n));
    cursor = static_cast<size_t>(
        std::lower_bound(ids.begin() + static_cast<std::ptrdiff_t>(lo), hi, id) - ids.begin());
    return cursor;
  }

  void node(const osmium::Node& n) {
    ++osm_nodes;
    check_node_location(n, file);
    const int64_t id = n.id();
    if (id >= 0) {
      const size_t i = lower(id);
      if (i < ids.size() && ids[i] == id) locs[i] = n.location();
    }
    const auto& t = n.tags();
    if (t.empty() || !n.location().valid()) return;
    count_addr_country(t, addr_country);
    const FlatNodeKind k = special_kind(t);
    if (k == FlatNodeKind::plain) return;
    specials[id] = {k, n.location().y(), n.location().x()};
  }
};

std::vector<int64_t> sorted_distinct(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
  std::vector<int64_t> ids;
  ids.reserve(a.size() + b.size());
  ids.insert(ids.end(), a.begin(), a.end());
  ids.insert(ids.end(), b.begin(), b.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  ids.shrink_to_fit();
  return ids;
}

}  // namespace

double dist_m(const Pt& a, const Pt& b) {
  return geo::haversine_m(a.lat * 1e-7, a.lon * 1e-7, b.lat * 1e-7, b.lon * 1e-7);
}

OsmData read_osm(const OsmInput& in, const OsmImportConfig& cfg, Reporter& reporter) {
  const unsigned threads =
      cfg.threads ? cfg.threads : std::max(1u, std::thread::hardware_concurrency());
  OsmData d;
  try {
    PassReader passes(in, threads, reporter);
    RelationCollector rel;
    passes.pass(osmium::osm_entity_bits::relation, "relations",
                [&](const osmium::memory::Buffer& buf) {
                  for (const auto& r : buf.select<osmium::Relation>()) rel.relation(r);
                });
    const std::unordered_set<int64_t> boundary_ids = rel.boundary_ways();
    WayCollector wc{cfg, rel.ferry_member_ways, boundary_ids, {}, {}, {}, {}, {}, {}};
    passes.pass(osmium::osm_entity_bits::way, "ways", [&](const osmium::memory::Buffer& buf) {
      for (const auto& w : buf.select<osmium::Way>()) wc.way(w);
    });
    const std::vector<int64_t> ids = sorted_distinct(wc.refs, wc.brefs);
    NodeCollector nc(ids, in.path.empty() ? in.name : in.path);
    passes.pass(osmium::osm_entity_bits::node, "nodes", [&](const osmium::memory::Buffer& buf) {
      for (const auto& n : buf.select<osmium::Node>()) nc.node(n);
    });

    auto location = [&](int64_t id) {
      auto it = std::lower_bound(ids.begin(), ids.end(), id);
      return it != ids.end() && *it == id ? nc.locs[static_cast<size_t>(it - ids.begin())]
                                          : osmium::Location{};
    };
    // Points of the routable ways (nodes outside the extract left out, repeats merged), in the
    // order the ways came; ways with fewer than two points are dropped.
    d.pts.reserve(wc.refs.size());
    d.ways.reserve(wc.ways.size());
    for (WayRec r : wc.ways) {
      const uint32_t first = r.first, last = r.last;
      r.first = static_cast<uint32_t>(d.pts.size());
      for (uint32_t i = first; i < last; ++i) {
        const int64_t id = wc.refs[i];
        const osmium::Location loc = location(id);
        if (!loc.valid()) continue;  // node outside the extract
        if (d.pts.size() > r.first && d.pts.back().id == id) continue;
        d.pts.push_back({id, loc.y(), loc.x()});
      }
      r.last = static_cast<uint32_t>(d.pts.size());
      if (r.last - r.first < 2) {
        d.pts.resize(r.first);
        continue;
      }
      d.ways.push_back(r);
    }
    d.pts.shrink_to_fit();
    for (const auto& bw : wc.boundary) {
      const auto b = static_cast<uint32_t>(d.bpts.size());
      for (size_t i = bw.first; i < bw.last; ++i)
        if (const osmium::Location loc = location(wc.brefs[i]); loc.valid())
          d.bpts.push_back({wc.brefs[i], loc.y(), loc.x()});
      d.boundary[bw.id] = {b, static_cast<uint32_t>(d.bpts.size())};
    }
    d.countries = std::move(rel.countries);
    d.specials = std::move(nc.specials);
    d.addr_country = std::move(wc.addr_country);
    for (const auto& [code, count] : nc.addr_country) d.addr_country[code] += count;
    d.stats = wc.stats;
    d.stats.osm_nodes = nc.osm_nodes;
    d.stats.kept_refs = wc.refs.size() + wc.brefs.size();
    d.stats.kept_node_ids = ids.size();
    d.stats.threads = threads;
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    const std::string where = in.path.empty() ? in.name : in.path;
    throw Error(Errc::invalid_input, "'" + where + "': cannot read OSM data: " + e.what());
  }
  d.stats.boundary_relations = d.countries.size();
  return d;
}

}  // namespace corridor::osm::detail
