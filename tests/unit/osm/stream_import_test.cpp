// The streaming OSM reader (osm/detail/read_osm.cpp) against the previous full-index reader
// (kept as OsmImportConfig::full_node_index): the same .cnet bytes on every shared extract, for
// any thread count and from memory; node order in the file does not matter; and peak memory
// does not grow with nodes no way uses (the full index's does).
#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "corridor/core/error.h"
#include "corridor/core/files.h"
#include "corridor/osm/flat_network.h"
#include "corridor/osm/import_osm.h"
#include "unit/osm/extracts.h"
#include "unit/osm/import_probe.h"

namespace corridor::osm {
namespace {

std::string cnet_bytes(const FlatNetwork& net, const std::string& path) {
  write_cnet(path, net);
  return files::read_all(path);
}

TEST(StreamingImport, SameCnetBytesAsTheFullIndexReaderOnEveryExtract) {
  TempDir tmp("corridor_osm_stream_");
  int compared = 0;
  for (const char* file : kExtracts) {
    if (!files::exists(data(file))) continue;
    SCOPED_TRACE(file);
    NullReporter rep;
    OsmImportConfig old_cfg;
    old_cfg.full_node_index = true;
    OsmImportStats st_new, st_old;
    const FlatNetwork fresh = import_osm(data(file), OsmImportConfig{}, rep, &st_new);
    const FlatNetwork old = import_osm(data(file), old_cfg, rep, &st_old);
    ASSERT_GT(fresh.num_links(), 0u);
    EXPECT_EQ(cnet_bytes(fresh, tmp.file("new.cnet")), cnet_bytes(old, tmp.file("old.cnet")));
    EXPECT_EQ(st_new.osm_nodes, st_old.osm_nodes);
    EXPECT_EQ(st_new.osm_ways, st_old.osm_ways);
    EXPECT_EQ(st_new.ways_road, st_old.ways_road);
    EXPECT_EQ(st_new.closed_rings, st_old.closed_rings);
    // Only nodes of routable and boundary ways keep coordinates: a small part of the file.
    EXPECT_GT(st_new.kept_node_ids, 0u);
    EXPECT_LT(st_new.kept_node_ids, st_new.osm_nodes);
    ++compared;
  }
  if (compared == 0) GTEST_SKIP() << "no OSM extract in " << data("");
}

TEST(StreamingImport, ThreadCountAndMemoryInputDoNotChangeTheResult) {
  REQUIRE_EXTRACT("monaco.osm.pbf");
  const std::string file = data("monaco.osm.pbf");
  NullReporter rep;
  OsmImportConfig one, two;
  one.threads = 1;
  two.threads = 2;
  OsmImportStats st1, st2;
  const FlatNetwork a = import_osm(file, one, rep, &st1);
  const FlatNetwork b = import_osm(file, two, rep, &st2);
  EXPECT_EQ(st1.threads, 1u);
  EXPECT_EQ(st2.threads, 2u);
  EXPECT_EQ(probe::network_hash(a), probe::network_hash(b));
  EXPECT_EQ(a.input_hash, b.input_hash);

  const std::string bytes = files::read_all(file);
  const FlatNetwork m = import_osm_bytes(bytes, "pbf", "monaco.osm.pbf", two, rep);
  EXPECT_EQ(probe::network_hash(m), probe::network_hash(a));
  EXPECT_EQ(m.input_hash, a.input_hash) << "same bytes, same fingerprint";

  const std::string krems = data("krems.osm.gz");
  if (files::exists(krems)) {
    const FlatNetwork kf = import_osm(krems, one, rep);
    const FlatNetwork km =
        import_osm_bytes(files::read_all(krems), "osm.gz", "krems.osm.gz", one, rep);
    EXPECT_EQ(probe::network_hash(kf), probe::network_hash(km));
  }
}

// A drawn XML file: a two-way primary road 1-2-3 and a rail line 3-4, nodes in the given order.
std::string drawn_osm(const std::string& nodes_xml, bool ways_first) {
  const std::string ways = R"(<way id="10"><nd ref="1"/><nd ref="2"/><nd ref="2"/><nd ref="3"/>)"
                           R"(<tag k="highway" v="primary"/></way>)"
                           R"(<way id="11"><nd ref="3"/><nd ref="-7"/><nd ref="4"/><nd ref="99"/>)"
                           R"(<tag k="railway" v="rail"/></way>)"
                           R"(<way id="12"><nd ref="5"/><tag k="highway" v="primary"/></way>)";
  return std::string(R"(<?xml version="1.0"?><osm version="0.6">)") +
         (ways_first ? ways + nodes_xml : nodes_xml + ways) + "</osm>";
}

TEST(StreamingImport, NodeOrderInTheFileDoesNotMatter) {
  const std::string n1 = R"(<node id="1" lat="47.10" lon="9.50"/>)",
                    n2 = R"(<node id="2" lat="47.11" lon="9.51"/>)",
                    n3 = R"(<node id="3" lat="47.12" lon="9.52"/>)",
                    n4 = R"(<node id="4" lat="47.13" lon="9.53"/>)",
                    n5 = R"(<node id="5" lat="47.14" lon="9.54"/>)",
                    neg = R"(<node id="-7" lat="47.125" lon="9.525"/>)";
  NullReporter rep;
  OsmImportStats st;
  char before[16] = {}, after[16] = {};
  prctl(PR_GET_NAME, before, 0, 0, 0);
  const FlatNetwork sorted = import_osm_bytes(drawn_osm(neg + n1 + n2 + n3 + n4 + n5, false), "osm",
                                              "d.osm", {}, rep, &st);
  // Road 1-2-3 split at nothing (2 is inner): one link each way; rail 3-4: one link each way
  // (negative ids have no location, node 99 is not in the file, way 12 has one point).
  prctl(PR_GET_NAME, after, 0, 0, 0);
  EXPECT_STREQ(after, before) << "libosmium's parser renames its thread; ours keeps its name";
  EXPECT_EQ(sorted.num_nodes(), 4u);
  EXPECT_EQ(sorted.num_links(), 4u);
  EXPECT_EQ(st.osm_nodes, 6u);
  EXPECT_EQ(st.osm_ways, 3u);
  EXPECT_EQ(st.kept_node_ids, 5u) << "1 2 3 4 99; not 5 (way 12 has one point), not -7";
  {
    TempDir tmp("corridor_osm_stream_");  // the same bytes from a file: the same network
    const std::string path = tmp.file("d.osm");
    files::write_atomic(path, drawn_osm(neg + n1 + n2 + n3 + n4 + n5, false));
    EXPECT_EQ(probe::network_hash(import_osm(path, {}, rep)), probe::network_hash(sorted));
  }
  for (const std::string& order :
       {n5 + n4 + n3 + n2 + n1 + neg, n3 + n1 + n5 + n2 + neg + n4, n2 + n4 + n1 + n3 + n5}) {
    for (bool ways_first : {false, true}) {
      const FlatNetwork other =
          import_osm_bytes(drawn_osm(order, ways_first), "osm", "d.osm", {}, rep);
      EXPECT_EQ(probe::network_hash(other), probe::network_hash(sorted)) << order;
    }
  }
}

TEST(StreamingImport, UnreadableInputIsAClearError) {
  NullReporter rep;
  try {
    import_osm_bytes("this is not PBF", "pbf", "broken.osm.pbf", {}, rep);
    FAIL() << "expected corridor::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_input);
    EXPECT_NE(std::string(e.what()).find("broken.osm.pbf"), std::string::npos) << e.what();
  }
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CORRIDOR_NO_RSS_TEST 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define CORRIDOR_NO_RSS_TEST 1
#endif
#endif

TEST(StreamingImport, PeakMemoryDoesNotGrowWithUnusedNodes) {
#ifdef CORRIDOR_NO_RSS_TEST
  GTEST_SKIP() << "sanitizer builds keep freed memory (quarantine): peak RSS means nothing here";
#else
  REQUIRE_EXTRACT("monaco.osm.pbf");
  const std::string file = data("monaco.osm.pbf");
  TempDir tmp("corridor_osm_stream_");
  constexpr uint64_t kExtra = 3'000'000;
  // The same file name (it is the network's name) in two folders.
  std::filesystem::create_directories(tmp.file("plain"));
  std::filesystem::create_directories(tmp.file("padded"));
  const std::string plain = tmp.file("plain/x.osm.pbf"), padded = tmp.file("padded/x.osm.pbf");
  probe::write_padded(file, plain, 0);
  probe::write_padded(file, padded, kExtra);
  OsmImportConfig fresh, old;
  old.full_node_index = true;
  const probe::Run a = probe::import_in_child(plain, fresh);
  const probe::Run b = probe::import_in_child(padded, fresh);
  const probe::Run c = probe::import_in_child(plain, old);
  const probe::Run d = probe::import_in_child(padded, old);
  for (const probe::Run* r : {&a, &b, &c, &d}) ASSERT_TRUE(r->ok) << r->error;
  EXPECT_EQ(b.osm_nodes, a.osm_nodes + kExtra);
  EXPECT_EQ(a.hash, b.hash) << "unused nodes change nothing";
  EXPECT_EQ(a.hash, c.hash);
  EXPECT_EQ(a.hash, d.hash);
  const double fresh_growth = b.own_mb() - a.own_mb(), old_growth = d.own_mb() - c.own_mb();
  std::printf(
      "peak above start, MB: streaming %.1f -> %.1f, full index %.1f -> %.1f (+%llu nodes)\n",
      a.own_mb(), b.own_mb(), c.own_mb(), d.own_mb(), (unsigned long long)kExtra);
  // The full index holds 16 bytes per node (48 MB here): the measurement sees it.
  EXPECT_GT(old_growth, 30.0);
  // The streaming reader keeps nothing per unused node (8 bytes each would be 24 MB): its peak
  // moves only with how full libosmium's bounded queues of decoded blocks get (up to ~20 blocks
  // of ~0.5 MB), not with the node count.
  EXPECT_LT(fresh_growth, 16.0);
#endif
}

}  // namespace
}  // namespace corridor::osm
