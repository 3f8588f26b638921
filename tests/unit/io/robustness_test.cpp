// Hostile input never crashes the loaders: random byte edits and truncations of a valid dataset
// either load or raise corridor::Error with located diagnostics (run under ASan/UBSan in CI).
#include <gtest/gtest.h>

#include <random>

#include "corridor/core/error.h"
#include "corridor/core/files.h"
#include "corridor/io/dataset.h"

using namespace corridor;

namespace {
std::string fixture(const char* f) {
  return files::read_all(std::string(CORRIDOR_SOURCE_DIR) + "/tests/fixtures/tiny/" + f);
}

std::string mutate(std::string s, std::mt19937& rng) {
  static const char kBytes[] = {',', '"', '\n', '\r',   ';', '-', '.',
                                'e', '9', '\0', '\xC3', '#', ' '};
  int edits = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < edits && !s.empty(); ++i) {
    size_t pos = rng() % s.size();
    switch (rng() % 4) {
      case 0:
        s[pos] = kBytes[rng() % sizeof kBytes];
        break;
      case 1:
        s.erase(pos, 1 + rng() % 8);
        break;
      case 2:
        s.insert(pos, 1, kBytes[rng() % sizeof kBytes]);
        break;
      default:
        s.resize(pos);
        break;  // truncation
    }
  }
  return s;
}
}  // namespace

TEST(Robustness, MutatedDatasetsLoadOrFailCleanly) {
  const io::DatasetText base{fixture("config.csv"), fixture("node.csv"), fixture("link.csv"),
                             fixture("params.csv"), "<memory>"};
  std::mt19937 rng(20261129);
  int loaded = 0, rejected = 0;
  for (int round = 0; round < 400; ++round) {
    io::DatasetText t = base;
    std::string* files[] = {&t.config, &t.nodes, &t.links, &t.params};
    std::string& target = *files[rng() % 4];
    target = mutate(target, rng);
    try {
      auto net = io::load_dataset_text(t);
      EXPECT_TRUE(network::check(net).empty());
      ++loaded;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Errc::invalid_dataset);
      EXPECT_FALSE(e.details().empty()) << e.what();
      EXPECT_LE(e.details().size(), io::kMaxProblems);
      ++rejected;
    }
  }
  EXPECT_GT(rejected, 100);  // the mutations do break things
  EXPECT_GT(loaded, 10);     // and some (comments, harmless bytes) do not
}
