// Dataset CSV loader: the first byte picks which file of the tiny fixture (node.csv, link.csv,
// params.csv, config.csv) the rest replaces; the others stay valid so that the fuzzer reaches the
// cross-file checks (link ends, profiles, border pairs). Seeds include the bundled dataset's files.
#include "corridor/core/files.h"
#include "corridor/io/dataset.h"
#include "fuzz_common.h"

using namespace corridor;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const io::DatasetText base = [] {
    // The tiny fixture (the bundled dataset is ~40x slower per execution under ASan).
    const std::string dir = fuzz::source_dir() + "/tests/fixtures/tiny";
    io::DatasetText t;
    t.config = files::read_all(dir + "/config.csv");
    t.nodes = files::read_all(dir + "/node.csv");
    t.links = files::read_all(dir + "/link.csv");
    t.params = files::read_all(dir + "/params.csv");
    return t;
  }();
  if (size == 0) return 0;
  io::DatasetText t = base;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      t.nodes = text;
      break;
    case 1:
      t.links = text;
      break;
    case 2:
      t.params = text;
      break;
    default:
      t.config = text;
      break;
  }
  fuzz::expect_clean([&] { io::load_dataset_text(t); });
  return 0;
}
