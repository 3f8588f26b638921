// Issue 15, item 8: a .cch whose (non-cryptographic) checksum is valid but whose arc offsets
// point past the arc arrays must be refused by a structural check, never read out of bounds.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "corridor/ch/ch.h"
#include "corridor/ch/files.h"
#include "corridor/core/error.h"

namespace corridor::ch {
namespace {

// Three nodes, ranks = ids, one input arc 0 -> 1 in both search graphs.
ContractionHierarchy tiny() {
  ContractionHierarchy ch;
  ch.num_input_arcs = 1;
  ch.rank = {0, 1, 2};
  ch.order = {0, 1, 2};
  for (SearchGraph* g : {&ch.up, &ch.down}) {
    g->first_out = {0, 1, 1, 1};
    g->arcs = {ChArc{1, 5}};
    g->via = {kInputArcBit | 0u};
  }
  return ch;
}

TEST(ChFile, CraftedOffsetsWithAValidChecksumAreRefused) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("corridor_cch_crafted_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "x.cch").string();
  write_cch(path, tiny(), 7, "p");
  EXPECT_EQ(read_cch(path, 7).ch.up.arcs.size(), 1u);  // the honest file loads

  struct Craft {
    const char* what;
    std::vector<uint32_t> first_out;
  };
  for (const Craft& c :
       {Craft{"offset past the arcs, then back", {0, 1000000, 1, 1}},
        Craft{"decreasing", {0, 1, 0, 1}}, Craft{"not starting at 0", {1, 1, 1, 1}},
        Craft{"too short", {0, 1}}, Craft{"ends before the arcs", {0, 0, 0, 0}}}) {
    for (bool up : {true, false}) {
      ContractionHierarchy bad = tiny();
      (up ? bad.up : bad.down).first_out = c.first_out;
      write_cch(path, bad, 7, "p");  // the writer computes a valid checksum
      try {
        read_cch(path, 7);
        ADD_FAILURE() << "accepted: " << c.what;
      } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::invalid_input) << c.what;
      }
    }
  }
  // Arc heads and via indices out of range are refused by check() (bounded by the offsets).
  ContractionHierarchy bad = tiny();
  bad.up.arcs[0].head = 4000000000u;
  write_cch(path, bad, 7, "p");
  EXPECT_THROW(read_cch(path, 7), Error);
  bad = tiny();
  bad.down.via[0] = kInputArcBit | 99u;
  write_cch(path, bad, 7, "p");
  EXPECT_THROW(read_cch(path, 7), Error);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace corridor::ch
