// gzip for response bodies. cpp-httplib 0.11 compresses on its own with brotli at quality 11 when
// a browser accepts "br", which costs about a second for the 750 kB country outlines; we compress
// ourselves (zlib level 6, cached for static data) and hand httplib a fixed-length body it leaves
// alone.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace corridor::serve::detail {

// gzip-wrapped deflate of `data`; nullopt if zlib fails (the caller then sends it uncompressed).
std::optional<std::string> gzip(std::string_view data, int level = 6);

// True if an Accept-Encoding header value accepts gzip ("gzip", "gzip;q=0.8", "*"), honouring
// q=0 as a refusal.
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace corridor::serve::detail
