// The HTTP transport's request parser and checks (Beast parser with the server's limits, target
// and query decoding, Host check), without sockets.
#include "corridor/serve/detail/http_server.h"
#include "fuzz_common.h"

using namespace corridor;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const serve::detail::HttpConfig config = [] {
    serve::detail::HttpConfig c;
    c.max_body_bytes = 4096;
    c.allow_hosts = {"corridor.lan"};
    return c;
  }();
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  serve::detail::Request req;
  const int status = serve::detail::parse_request_for_test(in, config, &req);
  if (status == 0) {
    // A request that passed must be well-formed: a path, a Host that is allowed (or HTTP/1.0).
    if (req.path.empty() && req.target != "*") std::abort();
    if (req.has_header("Host") &&
        !serve::detail::host_allowed(req.get_header_value("Host"), config.bind, config.allow_hosts))
      std::abort();
    if (req.body.size() > config.max_body_bytes) std::abort();
  } else if (status != -1 && (status < 400 || status > 431)) {
    std::abort();
  }
  serve::detail::host_allowed(in.substr(0, 300), "0.0.0.0", config.allow_hosts);
  return 0;
}
