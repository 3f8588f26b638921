// OSM input through libosmium (`corridor import`): the first byte picks XML (.osm) or PBF
// (.osm.pbf), the rest is the file.
#include "corridor/osm/import_osm.h"
#include "fuzz_common.h"

using namespace corridor;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto path = fuzz::scratch() / (data[0] % 2 ? "f.osm.pbf" : "f.osm");
  fuzz::write_file(path, std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  fuzz::QuietReporter rep;
  fuzz::expect_clean([&] { osm::import_osm(path.string(), {}, rep); });
  return 0;
}
