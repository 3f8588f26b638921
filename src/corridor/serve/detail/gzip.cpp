#include "corridor/serve/detail/gzip.h"

#include <zlib.h>

#include "corridor/core/text.h"

namespace corridor::serve::detail {

std::optional<std::string> gzip(std::string_view data, int level) {
  z_stream zs{};
  // windowBits 15 + 16 selects the gzip wrapper.
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  const size_t produced = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  out.resize(produced);
  return out;
}

bool accepts_gzip(std::string_view accept_encoding) {
  for (const std::string& item : text::split(accept_encoding, ',')) {
    const auto parts = text::split(item, ';');
    if (parts.empty()) continue;
    const std::string coding = text::to_lower_ascii(parts[0]);
    if (coding != "gzip" && coding != "x-gzip" && coding != "*") continue;
    bool refused = false;
    for (size_t i = 1; i < parts.size(); ++i) {
      const std::string p = text::to_lower_ascii(parts[i]);
      if (p.rfind("q=", 0) == 0) {
        const auto q = text::parse_double(text::trim(std::string_view(p).substr(2)));
        refused = q && *q <= 0.0;
      }
    }
    if (!refused) return true;
  }
  return false;
}

}  // namespace corridor::serve::detail
