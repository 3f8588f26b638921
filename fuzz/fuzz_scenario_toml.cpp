// Scenario TOML through the directory loader's validation: the input is one scenario file next
// to a baseline, as load_scenarios sees a scenarios/ directory holding both (it reads every
// *.toml, sorted, then runs load_scenarios_text over the texts, which is what is called here:
// the same parsing and cross-file checks without a file write and a directory scan per input).
// Then every scenario the input defines is applied to the bundled network (loaded once).
#include "corridor/io/dataset.h"
#include "corridor/scenario/scenario.h"
#include "fuzz_common.h"

using namespace corridor;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const network::Network net = io::load_dataset(fuzz::source_dir() + "/data/caucasus");
  static const std::string baseline = "description = \"the network as it is today\"\n";
  const std::vector<scenario::ScenarioFile> files = {
      {"scenarios/baseline.toml", baseline},
      {"scenarios/fuzzed.toml", std::string(reinterpret_cast<const char*>(data), size)}};
  fuzz::expect_clean([&] {
    const scenario::ScenarioSet set = scenario::load_scenarios_text(files, net, "scenarios");
    // The fixed baseline applies to the unchanged network: only what the input defines is
    // applied (with its base chain).
    for (const auto& [name, s] : set)
      if (s.file != files[0].file) scenario::apply(net, set, name);
  });
  return 0;
}
