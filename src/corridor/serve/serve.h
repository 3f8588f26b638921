// `corridor serve`: the JSON HTTP API and the offline web map over one loaded dataset.
// HTTP only: requests are translated into api:: request structs (the same JSON parsing and
// validate() the CLI uses), answered by the api facade, and errors are rendered with
// api::error_json and the HTTP status of the error catalogue (core/error.h).
// Endpoints are documented in docs/http-api.md, the web map in docs/web.md.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "corridor/api/api.h"
#include "corridor/core/reporter.h"

namespace corridor::serve {

struct ServeOptions {
  std::string data_dir;            // dataset directory; empty = api::default_data_dir()
  std::string bind = "127.0.0.1";  // loopback unless asked otherwise
  int port = 8080;                 // 0 = any free port (Server::port() says which)
  // Workers for the requests that may run long (/api/table, /api/compare); 0 = automatic,
  // max(2, cores). Connections never hold a thread: the I/O threads (io_threads) multiplex them
  // all and answer the cheap requests (detail/http_server.h).
  int threads = 0;
  // I/O threads (they also answer route, places and the cached documents); 0 = automatic,
  // one per core the process may run on (sched_getaffinity, so `taskset -c 1` gives one). More
  // threads than cores only add context switches and unfairness between connections.
  int io_threads = 0;
  // Rendered answers of route, compare, table and places kept for identical requests (keyed by
  // the endpoint and the canonical JSON of the body, or the decoded query); the dataset does not
  // change while serving, so they never go stale. Bytes; 0 = no cache (every request computed).
  size_t cache_bytes = size_t{32} << 20;
  std::string web_root;                     // static files (the web map); empty = API only
  size_t max_body_bytes = size_t{1} << 20;  // larger request bodies get 413
  // Table/compare requests allowed to wait for a free worker; beyond that, 503.
  size_t max_queue = 256;
  // Open connections in total and per client address; beyond them a new connection is answered
  // 503 at once, without reading its request, and closed.
  size_t max_connections = 1024;
  size_t max_connections_per_client = 128;
  size_t max_header_bytes = 16 * 1024;  // request line + header fields; larger heads get 431
  size_t max_headers = 100;             // more header fields get 431
  // Deadline on a whole request (first byte to last byte of the body) and on writing a
  // response, seconds; an idle keep-alive connection is closed after min(timeout_s, 2) s.
  int timeout_s = 5;
  // Host names accepted besides the bound address and "localhost" (DNS rebinding defence).
  std::vector<std::string> allow_hosts;
  // An origin (e.g. "https://maps.example.org") allowed to call the API from a browser (CORS).
  std::string cors_origin;
  bool access_log = true;  // one line per request through Reporter::log
  api::Limits limits;      // per-request work limits (alternatives, table cells, pairs)
  // Throws Error(usage) naming the bad option.
  void validate() const;
};

// An HTTP server over a shared, immutable engine. start() binds and serves from background
// threads; stop() (or the destructor) stops accepting, lets in-flight requests finish and joins.
// Thread-safety: start/stop/port from one controlling thread; the engine is only read.
class Server {
 public:
  Server(std::shared_ptr<const api::Engine> engine, ServeOptions options, Reporter& reporter);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds options.bind:options.port (throws Error(io_error) if it cannot, e.g. the port is taken)
  // and starts serving. Connections are accepted as soon as start() returns.
  void start();
  // The bound port (useful with port 0); 0 before start().
  int port() const;
  // Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// What `corridor serve` runs: loads the dataset once, serves until SIGINT or SIGTERM, then shuts
// down cleanly and returns 0. Logs the listening address and one line per request to the
// reporter. Throws corridor::Error when the dataset cannot be loaded or the address not bound.
int run_server(const ServeOptions& options, Reporter& reporter);

}  // namespace corridor::serve
