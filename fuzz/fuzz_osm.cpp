// OSM input through libosmium, the same import as `corridor import osm` (osm::import_osm_bytes:
// the streaming reader and every later phase): the first byte picks XML (.osm) or PBF (.osm.pbf),
// the rest is the file. In memory (no temporary file) and on one kept decoding thread, so an
// input costs its parse, not file and thread-pool set-up.
#include "corridor/osm/import_osm.h"
#include "fuzz_common.h"

using namespace corridor;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const bool pbf = data[0] % 2;
  osm::OsmImportConfig cfg;
  cfg.threads = 1;
  fuzz::QuietReporter rep;
  fuzz::expect_clean([&] {
    osm::import_osm_bytes(bytes, pbf ? "pbf" : "osm", pbf ? "f.osm.pbf" : "f.osm", cfg, rep);
  });
  return 0;
}
