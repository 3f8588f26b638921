// The HTTP/1.1 transport: Boost.Asio sockets and Boost.Beast's request parser, built for hostile
// networks. A few I/O threads multiplex every connection with asynchronous reads and writes, so
// a slow or idle socket costs a file descriptor and a few kilobytes, never a thread. Cheap
// requests are answered on the I/O thread that parsed them; requests that may run long (tables,
// large bodies) go to a fixed pool of workers with a bounded queue. Limits (enforced before any
// handler):
// - a deadline on the whole request head and body (not per byte), an idle keep-alive timeout and
//   a write deadline; a connection past its deadline is closed;
// - header bytes (431) and header count (431), target length (414), body size (413, for a declared
//   Content-Length at once, before reading the body), Content-Encoding (415, before the body);
// - open connections in total and per client address: beyond them a new connection is answered
//   503 at once, without reading its request, and closed;
// - the worker queue: a pooled request that finds it full is answered 503.
// Pipelined requests are answered one after another, in order. An error response that says
// `Connection: close` is followed at once by a FIN (the rest of the input is then drained for at
// most a second so that the client reads the response instead of a reset).
// `Host` must name the bound address, localhost or an allowed name (DNS rebinding); with a CORS
// origin, that origin gets Access-Control-Allow-* headers and its preflights are answered.
// No Range support: every response is the full entity (200), whatever `Range` asks for.
#pragma once
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "corridor/serve/detail/http_message.h"

namespace corridor::serve::detail {

struct HttpConfig {
  std::string bind = "127.0.0.1";
  int port = 0;
  size_t io_threads = 2;   // run the I/O and the cheap handlers
  size_t workers = 2;      // run the handlers of pooled_paths
  size_t max_queue = 256;  // pooled requests waiting for a worker; beyond: 503
  // Paths whose handlers may run long (large tables): answered on the worker pool so that they
  // never hold an I/O thread. Every other request is answered on the I/O thread that read it.
  std::vector<std::string> pooled_paths;
  // Requests whose body is larger than this also go to the workers (their JSON takes long to
  // parse), whatever their path.
  size_t pool_body_bytes = 16 * 1024;
  size_t max_connections = 1024;
  size_t max_connections_per_client = 128;
  size_t max_header_bytes = 16 * 1024;  // request line + fields
  size_t max_headers = 100;
  size_t max_target_bytes = 8 * 1024;
  size_t max_body_bytes = size_t{1} << 20;
  std::chrono::milliseconds request_timeout{5000};  // first byte to end of body
  std::chrono::milliseconds idle_timeout{2000};     // keep-alive, between requests
  std::chrono::milliseconds write_timeout{5000};
  std::vector<std::string> allow_hosts;  // besides the bound address and localhost
  std::string cors_origin;               // empty: no CORS headers
};

struct HttpHooks {
  // Turns a request into a response; runs on a worker thread. Must not throw (a throw is
  // answered 500).
  std::function<void(const Request&, Response&)> handle;
  // Renders an error of the transport (status + catalogue code name + message) as a body.
  std::function<std::string(int status, const std::string& message)> error_body;
  // One access-log line per answered request (any thread). May be empty.
  std::function<void(const Request&, int status, size_t body_bytes, double ms)> access;
  // Server messages (internal errors). May be empty.
  std::function<void(const std::string&)> log;
};

class HttpServer {
 public:
  HttpServer(HttpConfig config, HttpHooks hooks);
  ~HttpServer();  // stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving; returns the bound port. Throws corridor::Error(io_error).
  int start();
  // Stops accepting, closes idle connections, lets in-flight requests finish (at most the write
  // timeout), joins every thread. Idempotent.
  void stop();

  struct State;

 private:
  std::unique_ptr<State> state_;
};

// True if `host` (a Host header value) names the bound address `bind`, "localhost" or one of
// `allowed`, with or without a port. Case-insensitive. Exposed for tests and the fuzzer.
bool host_allowed(std::string_view host, std::string_view bind,
                  const std::vector<std::string>& allowed);

// Parses one request head + body from `bytes` with the transport's parser settings and checks;
// returns the status the transport would answer before any handler (0 = the request would reach
// a handler, -1 = incomplete). Used by the fuzzer and the tests; no sockets involved.
int parse_request_for_test(std::string_view bytes, const HttpConfig& config, Request* out);

// Blocks SIGINT/SIGTERM (collected by run_server with sigwait) and SIGPIPE in the calling thread.
void block_server_thread_signals();

}  // namespace corridor::serve::detail
