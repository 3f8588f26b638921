// .cnet and .cch binary files. The first byte picks the format; before loading, the target
// rewrites the header's payload size and checksum to match the fuzzed payload, as an attacker
// can (the checksum is not cryptographic), so that the structural checks are what is tested.
#include <cstring>

#include "corridor/ch/files.h"
#include "corridor/core/binfile.h"
#include "corridor/osm/flat_network.h"
#include "fuzz_common.h"

using namespace corridor;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const bool cnet = data[0] % 2 == 0;
  std::string image(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (image.size() >= sizeof(binfile::FileHeader)) {
    binfile::FileHeader h;
    std::memcpy(&h, image.data(), sizeof h);
    h.payload_size = image.size() - sizeof h;
    h.payload_hash = binfile::hash_bytes(image.data() + sizeof h, h.payload_size);
    std::memcpy(image.data(), &h, sizeof h);
  }
  const auto path = fuzz::scratch() / (cnet ? "f.cnet" : "f.cch");
  fuzz::write_file(path, image);
  fuzz::expect_clean([&] {
    if (cnet)
      osm::read_cnet(path.string());
    else
      ch::read_cch(path.string());
  });
  return 0;
}
