// Scenario TOML through the real directory loader (load_scenarios over a directory holding the
// input as one scenario next to the bundled baseline), then every loaded scenario is applied.
#include "corridor/io/dataset.h"
#include "corridor/scenario/scenario.h"
#include "fuzz_common.h"

using namespace corridor;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const network::Network net = io::load_dataset(fuzz::source_dir() + "/data/caucasus");
  static const auto dir = [] {
    auto d = fuzz::scratch() / "scenarios";
    std::filesystem::create_directories(d);
    fuzz::write_file(d / "baseline.toml", "name = \"baseline\"\ndescription = \"today\"\n");
    return d;
  }();
  fuzz::write_file(dir / "fuzzed.toml",
                   std::string_view(reinterpret_cast<const char*>(data), size));
  fuzz::expect_clean([&] {
    const scenario::ScenarioSet set = scenario::load_scenarios(dir.string(), net);
    for (const auto& [name, s] : set) scenario::apply(net, set, name);
  });
  return 0;
}
