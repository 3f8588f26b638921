// The handlers: endpoint table, JSON in/out, error rendering, static files, access log. The
// HTTP transport (sockets, parsing, limits, deadlines) is detail/http_server; handlers run on its
// worker threads. The engine is shared read-only, and the only shared mutable state is the
// response cache and the log.
#include <fmt/core.h>
#include <sched.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>

#include "corridor/api/appraise.h"
#include "corridor/api/critical.h"
#include "corridor/core/text.h"
#include "corridor/serve/detail/access_log.h"
#include "corridor/serve/detail/gzip.h"
#include "corridor/serve/detail/http_server.h"
#include "corridor/serve/detail/response_cache.h"
#include "corridor/serve/detail/static_files.h"
#include "corridor/serve/serve.h"

#ifndef CORRIDOR_VERSION
#define CORRIDOR_VERSION "0"
#endif

namespace corridor::serve {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using detail::Request;
using detail::Response;

namespace {

constexpr size_t kCompressMinBytes = 1024;  // smaller bodies are sent as they are
constexpr int kMaxJsonDepth = 32;
constexpr int kMaxPlacesLimit = 50;
constexpr size_t kRawKeyMaxBytes = 2048;  // route bodies cached under their exact bytes too

// Never throws on invalid UTF-8 (user input is echoed in error messages).
std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

bool compressible(std::string_view content_type) {
  return content_type.rfind("text/", 0) == 0 || content_type.rfind("application/json", 0) == 0 ||
         content_type.rfind("application/geo+json", 0) == 0 ||
         content_type.rfind("image/svg+xml", 0) == 0;
}

// A response body with its gzip form, computed once and shared (cached API documents, files).
struct Payload {
  std::string identity;
  std::string gz;  // empty: not compressed (small or incompressible)
  std::string content_type;
};

// `compress`: also prepare the gzip form (for cached payloads, or a client that accepts it).
std::shared_ptr<const Payload> make_payload(std::string body, std::string content_type,
                                            bool compress = true) {
  auto p = std::make_shared<Payload>();
  if (compress && body.size() >= kCompressMinBytes && compressible(content_type)) {
    if (auto z = detail::gzip(body); z && z->size() < body.size()) p->gz = std::move(*z);
  }
  p->identity = std::move(body);
  p->content_type = std::move(content_type);
  return p;
}

// Sends `p`, gzipped if the client accepts it, without copying the cached bytes.
void send_payload(const Request& req, Response& res, int status,
                  const std::shared_ptr<const Payload>& p) {
  res.status = status;
  const std::string accept = req.get_header_value("Accept-Encoding");
  if (accept.empty() || p->identity.empty()) {
    res.set_content(p->identity, p->content_type.c_str());
    return;
  }
  const std::string* body = &p->identity;
  if (!p->gz.empty()) {
    res.set_header("Vary", "Accept-Encoding");
    if (detail::accepts_gzip(accept)) {
      body = &p->gz;
      res.set_header("Content-Encoding", "gzip");
    }
  }
  res.set_shared_content(p, *body, p->content_type);
}

void send_json(const Request& req, Response& res, int status, const Json& j) {
  const bool gzip_ok = detail::accepts_gzip(req.get_header_value("Accept-Encoding"));
  send_payload(req, res, status, make_payload(dump(j), "application/json", gzip_ok));
}

void send_error(const Request& req, Response& res, const Error& e) {
  send_json(req, res, info(e.code()).http_status, api::error_json(e));
}

// The answer-cache key of a request body: `what` and the canonical JSON (keys sorted, no white
// space); "" (not cached) when the body holds invalid UTF-8, which has no canonical form.
std::string cache_key(const std::string& what, const Json& j) {
  try {
    return what + " " + j.dump();
  } catch (const Json::exception&) {
    return {};
  }
}

// Removes nlohmann's "[json.exception.parse_error.101] " prefix from a message.
std::string json_message(const std::exception& e) {
  std::string_view m = e.what();
  if (m.rfind("[json.exception.", 0) == 0) {
    if (auto p = m.find("] "); p != std::string_view::npos) m.remove_prefix(p + 2);
  }
  return std::string(m);
}

// Nesting depth of a JSON text, ignoring brackets inside strings; linear and allocation-free.
int json_depth(std::string_view s) {
  int depth = 0, max_depth = 0;
  bool in_string = false, escaped = false;
  for (char c : s) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      max_depth = std::max(max_depth, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return max_depth;
}

Json parse_body(const std::string& body) {
  if (text::trim(body).empty()) {
    throw Error(Errc::usage, "request body is empty; expected a JSON object");
  }
  if (json_depth(body) > kMaxJsonDepth) {
    throw Error(Errc::usage,
                fmt::format("request body nests deeper than {} levels", kMaxJsonDepth));
  }
  Json j;
  try {
    j = Json::parse(body);
  } catch (const Json::exception& e) {
    throw Error(Errc::usage, "request body is not valid JSON: " + json_message(e));
  }
  if (!j.is_object()) throw Error(Errc::usage, "request body must be a JSON object");
  return j;
}

// Runs a request translation step; a nlohmann type error in it is the client's fault (400).
template <typename F>
auto from_json(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const Json::exception& e) {
    throw Error(Errc::usage, "bad request field: " + json_message(e));
  }
}

// Printable, bounded form of a request target for the log (no terminal escapes).
std::string loggable(std::string_view s) {
  std::string out;
  for (unsigned char c : s.substr(0, 200)) {
    if (c < 0x20 || c == 0x7f)
      out += fmt::format("\\x{:02x}", c);
    else
      out += static_cast<char>(c);
  }
  if (s.size() > 200) out += "...";
  return out;
}

std::string allow_header(std::string_view method) {
  return method == "GET" ? "GET, HEAD" : std::string(method);
}

}  // namespace

void ServeOptions::validate() const {
  if (port < 0 || port > 65535) {
    throw Error(Errc::usage, fmt::format("port must be 0..65535, got {}", port));
  }
  if (threads < 0 || threads > 1024) {
    throw Error(Errc::usage,
                fmt::format("threads must be 0..1024 (0 = automatic), got {}", threads));
  }
  if (io_threads < 0 || io_threads > 1024) {
    throw Error(Errc::usage,
                fmt::format("I/O threads must be 0..1024 (0 = automatic), got {}", io_threads));
  }
  if (bind.empty()) throw Error(Errc::usage, "bind address is empty");
  if (max_body_bytes == 0) throw Error(Errc::usage, "max body size must be positive");
  if (max_connections == 0 || max_connections_per_client == 0) {
    throw Error(Errc::usage, "connection limits must be positive");
  }
  if (max_header_bytes < 1024 || max_header_bytes > (size_t{1} << 20)) {
    throw Error(Errc::usage,
                fmt::format("max header bytes must be 1024..1048576, got {}", max_header_bytes));
  }
  if (max_headers == 0) throw Error(Errc::usage, "max headers must be positive");
  for (const auto& h : allow_hosts) {
    if (h.empty() || h.find_first_of(" /\\\r\n") != std::string::npos) {
      throw Error(Errc::usage, fmt::format("--allow-host '{}' is not a host name", h));
    }
  }
  if (!cors_origin.empty() &&
      (cors_origin.rfind("http://", 0) != 0 && cors_origin.rfind("https://", 0) != 0)) {
    throw Error(Errc::usage,
                fmt::format("--cors '{}' is not an origin (http://host[:port] or https://...)",
                            cors_origin));
  }
  if (timeout_s <= 0 || timeout_s > 3600) {
    throw Error(Errc::usage, fmt::format("timeout must be 1..3600 s, got {}", timeout_s));
  }
  if (limits.max_alternatives < 1) throw Error(Errc::usage, "max alternatives must be >= 1");
  if (!web_root.empty()) {
    std::error_code ec;
    if (!fs::is_directory(web_root, ec)) {
      throw Error(Errc::usage, fmt::format("web root '{}' is not a directory", web_root));
    }
  }
}

struct Server::Impl {
  using Handler = void (Impl::*)(const Request&, Response&, const std::string& body);
  struct Endpoint {
    const char* method;  // GET (also answers HEAD) or POST
    Handler handler;
  };

  std::shared_ptr<const api::Engine> engine;
  ServeOptions opt;
  Reporter& reporter;
  fs::path web_root;  // canonical; empty = no static files
  std::unordered_map<std::string, Endpoint> endpoints;

  detail::AccessLog access;       // declared before http: outlives the worker threads that log
  detail::ResponseCache answers;  // route, compare, table, places: bounded by opt.cache_bytes
  std::unique_ptr<detail::HttpServer> http;
  int port = 0;
  bool started = false;
  bool stopped = false;
  std::chrono::steady_clock::time_point started_at;

  std::mutex cache_mutex;
  std::map<std::string, std::shared_ptr<const Payload>> cache;  // bounded: valid scenarios, files
  std::map<std::string, fs::file_time_type> cache_mtime;

  Impl(std::shared_ptr<const api::Engine> e, ServeOptions o, Reporter& r)
      : engine(std::move(e)), opt(std::move(o)), reporter(r), access(r), answers(opt.cache_bytes) {
    CORRIDOR_ASSERT(engine != nullptr);
    opt.validate();
    if (!opt.web_root.empty()) web_root = fs::canonical(opt.web_root);
    endpoints = {
        {"/api/health", {"GET", &Impl::health}},   {"/api/places", {"GET", &Impl::places}},
        {"/api/network", {"GET", &Impl::network}}, {"/api/scenarios", {"GET", &Impl::scenarios}},
        {"/api/route", {"POST", &Impl::route}},    {"/api/compare", {"POST", &Impl::compare}},
        {"/api/table", {"POST", &Impl::table}},
    };
    endpoints.emplace("/api/critical", Endpoint{"POST", &Impl::critical});
    endpoints.emplace("/api/select-link", Endpoint{"POST", &Impl::select_link});
    endpoints.emplace("/api/appraise", Endpoint{"POST", &Impl::appraise});
  }

  void log(const std::string& line) { access.message(line); }

  // ---- endpoints --------------------------------------------------------------------------

  void health(const Request& req, Response& res, const std::string&) {
    auto info = cached("dataset_info", [&] { return api::to_json(api::dataset_info(*engine)); });
    Json j = {{"status", "ok"},
              {"service", "corridor"},
              {"version", CORRIDOR_VERSION},
              {"uptime_s", std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::steady_clock::now() - started_at)
                               .count()},
              {"dataset", Json::parse(info->identity)}};
    send_json(req, res, 200, j);
  }

  void places(const Request& req, Response& res, const std::string&) {
    if (!req.has_param("q")) throw Error(Errc::usage, "missing query parameter 'q'");
    size_t limit = 10;
    if (req.has_param("limit")) {
      const auto v = text::parse_int(req.get_param_value("limit"));
      if (!v || *v < 1 || *v > kMaxPlacesLimit) {
        throw Error(Errc::usage, fmt::format("query parameter 'limit' must be an integer 1..{}",
                                             kMaxPlacesLimit));
      }
      limit = static_cast<size_t>(*v);
    }
    const std::string q = req.get_param_value("q");
    send_answer(req, res, fmt::format("places {} {}", limit, q), "application/json",
                [&] { return dump(api::to_json(api::places(*engine, q, limit))); });
  }

  void network(const Request& req, Response& res, const std::string&) {
    const std::string scenario =
        req.has_param("scenario") ? req.get_param_value("scenario") : std::string();
    send_payload(req, res, 200,
                 cached(
                     "network:" + scenario, [&] { return api::network_geojson(*engine, scenario); },
                     "application/geo+json"));
  }

  void scenarios(const Request& req, Response& res, const std::string&) {
    send_payload(req, res, 200,
                 cached("scenarios", [&] { return api::to_json(api::scenarios(*engine)); }));
  }

  void route(const Request& req, Response& res, const std::string& body) {
    std::string format = req.has_param("format") ? req.get_param_value("format") : "json";
    if (format != "json" && format != "geojson") {
      throw Error(Errc::usage, "query parameter 'format' must be json or geojson");
    }
    // The exact body bytes first (no JSON parsing at all for a request seen before), then the
    // canonical JSON (same request, other key order or white space).
    std::string raw_key;
    if (body.size() <= kRawKeyMaxBytes && answers.max_bytes() > 0) {
      raw_key = "route " + format + " raw " + body;
      if (auto hit = answers.get(raw_key)) {
        send_payload(req, res, 200, std::static_pointer_cast<const Payload>(hit));
        return;
      }
    }
    const Json j = parse_body(body);
    const bool geojson = format == "geojson";
    send_answer(
        req, res, cache_key("route " + format, j),
        geojson ? "application/geo+json" : "application/json",
        [&] {
          const api::RouteRequest rq = from_json([&] { return api::route_request_from_json(j); });
          rq.validate(opt.limits);
          const api::RouteResult r = api::route(*engine, rq, opt.limits);
          return dump(geojson ? api::to_geojson(*engine, r) : api::to_json(r));
        },
        std::move(raw_key));
  }

  void compare(const Request& req, Response& res, const std::string& body) {
    const Json j = parse_body(body);
    send_answer(req, res, cache_key("compare", j), "application/json", [&] {
      const api::CompareRequest rq = from_json([&] { return api::compare_request_from_json(j); });
      rq.validate(opt.limits);
      return dump(api::to_json(api::compare(*engine, rq, opt.limits)));
    });
  }

  void table(const Request& req, Response& res, const std::string& body) {
    const Json j = parse_body(body);
    send_answer(req, res, cache_key("table", j), "application/json", [&] {
      const api::TableRequest rq = from_json([&] { return api::table_request_from_json(j); });
      rq.validate(opt.limits);
      return dump(api::to_json(api::table(*engine, rq, opt.limits)));
    });
  }

  // A 200 answer that depends only on the request and the (immutable) dataset: sent from the
  // answer cache when an identical request (same `key`: endpoint and canonical JSON of the body,
  // so key order and white space do not matter) was answered before; else rendered by `render`
  // (which validates and throws Error for a bad request: errors are never cached) and kept.
  template <typename F>
  void send_answer(const Request& req, Response& res, std::string key, const char* content_type,
                   F&& render, std::string alias = {}) {
    // `alias`: a second key for the same answer (the raw body bytes), stored beside `key`.
    auto remember = [&](const std::shared_ptr<const Payload>& p) {
      if (!alias.empty()) answers.put(std::move(alias), p, sizeof(Payload));
    };
    if (auto hit = key.empty() ? nullptr : answers.get(key)) {
      auto p = std::static_pointer_cast<const Payload>(hit);
      remember(p);
      send_payload(req, res, 200, p);
      return;
    }
    const bool keep = answers.max_bytes() > 0;
    auto p = make_payload(render(), content_type,
                          keep || detail::accepts_gzip(req.get_header_value("Accept-Encoding")));
    if (keep && !key.empty()) {
      const size_t bytes = sizeof(Payload) + p->identity.size() + p->gz.size();
      answers.put(std::move(key), p, bytes);
      remember(p);
    }
    send_payload(req, res, 200, p);
  }

  // w-crit: criticality and select-link (api/critical.h; fixed-demand fast path only).
  void critical(const Request& req, Response& res, const std::string& body) {
    send_json(req, res, 200,
              from_json([&] { return api::critical_http(*engine, parse_body(body)); }));
  }
  void select_link(const Request& req, Response& res, const std::string& body) {
    send_json(req, res, 200,
              from_json([&] { return api::select_link_http(*engine, parse_body(body)); }));
  }

  // w-appraise: economic appraisal (api/appraise.h; draws capped, one thread per request).
  void appraise(const Request& req, Response& res, const std::string& body) {
    send_json(req, res, 200,
              from_json([&] { return api::appraise_http(*engine, parse_body(body)); }));
  }

  // A response computed once per key (only successful ones are stored, so the key set is bounded
  // by the dataset's scenarios). Concurrent first requests may both compute; one result wins.
  template <typename F>
  std::shared_ptr<const Payload> cached(const std::string& key, F&& compute,
                                        const char* content_type = "application/json") {
    {
      std::lock_guard lock(cache_mutex);
      if (auto it = cache.find(key); it != cache.end()) return it->second;
    }
    auto p = make_payload(dump(compute()), content_type);
    std::lock_guard lock(cache_mutex);
    return cache.emplace(key, std::move(p)).first->second;
  }

  // ---- static files ------------------------------------------------------------------------

  void static_file(const Request& req, Response& res) {
    const auto file = web_root.empty() ? std::nullopt : detail::resolve_static(web_root, req.path);
    if (!file) throw Error(Errc::not_found, "not found: " + loggable(req.path));
    std::error_code ec;
    const auto mtime = fs::last_write_time(*file, ec);
    const std::string key = "file:" + file->string();
    std::shared_ptr<const Payload> p;
    {
      std::lock_guard lock(cache_mutex);
      if (auto it = cache.find(key); it != cache.end() && !ec && cache_mtime[key] == mtime) {
        p = it->second;
      }
    }
    if (!p) {
      std::ifstream in(*file, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      if (!in) throw Error(Errc::not_found, "not found: " + loggable(req.path));
      p = make_payload(std::move(ss).str(), std::string(detail::mime_type(*file)));
      if (!ec) {
        std::lock_guard lock(cache_mutex);
        cache[key] = p;
        cache_mtime[key] = mtime;
      }
    }
    res.set_header("Cache-Control", "no-cache");
    send_payload(req, res, 200, p);
  }

  // ---- dispatch ----------------------------------------------------------------------------

  void dispatch(const Request& req, Response& res, const std::string& body) {
    try {
      const bool is_get = req.method == "GET" || req.method == "HEAD";
      if (req.path == "/api" || req.path.rfind("/api/", 0) == 0) {
        const auto it = endpoints.find(req.path);
        res.set_header("Cache-Control", "no-store");  // errors included
        if (it == endpoints.end()) {
          throw Error(Errc::not_found, "no such endpoint: " + loggable(req.path));
        }
        const Endpoint& ep = it->second;
        if (std::string_view(ep.method) == "GET" ? !is_get : req.method != ep.method) {
          res.set_header("Allow", allow_header(ep.method));
          throw Error(Errc::method_not_allowed,
                      fmt::format("{} does not accept {}; use {}", req.path, loggable(req.method),
                                  ep.method));
        }
        (this->*ep.handler)(req, res, body);
        return;
      }
      if (!is_get) {
        res.set_header("Allow", "GET, HEAD");
        throw Error(Errc::method_not_allowed,
                    fmt::format("static files accept GET and HEAD, not {}", loggable(req.method)));
      }
      static_file(req, res);
    } catch (const Error& e) {
      send_error(req, res, e);
    } catch (const std::bad_alloc&) {
      send_error(req, res, Error(Errc::overloaded, "out of memory for this request"));
    } catch (const std::exception& e) {
      log(fmt::format("internal error on {} {}: {}", req.method, loggable(req.target), e.what()));
      send_error(req, res, Error(Errc::internal, "internal error; see the server log"));
    }
  }

  // The transport read the body within max_body_bytes and refused other Content-Encodings;
  // here the body must be JSON.
  void handle(const Request& req, Response& res) {
    if (req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS") {
      dispatch(req, res, std::string());
      return;
    }
    const std::string type = text::to_lower_ascii(req.get_header_value("Content-Type"));
    if (type.rfind("multipart/form-data", 0) == 0) {
      res.set_header("Connection", "close");
      send_error(req, res, Error(Errc::usage, "multipart bodies are not accepted; send JSON"));
      return;
    }
    // JSON only: a text/plain or form POST is what a foreign web page can send to a local
    // server without a CORS preflight, so it is refused.
    if (!req.body.empty()) {
      if (type.rfind("application/json", 0) != 0 ||
          (type.size() > 16 && type[16] != ';' && type[16] != ' ')) {
        send_error(req, res,
                   Error(Errc::unsupported_media_type,
                         "request bodies must be JSON (Content-Type: application/json), found '" +
                             loggable(type) + "'"));
        return;
      }
    }
    dispatch(req, res, req.body);
  }

  // The JSON body of an error the transport answers itself (malformed request, limits, 503).
  static std::string error_body(int status, const std::string& message) {
    Errc code = Errc::usage;
    switch (status) {
      case 413:
        code = Errc::payload_too_large;
        break;
      case 415:
        code = Errc::unsupported_media_type;
        break;
      case 503:
        code = Errc::overloaded;
        break;
      case 500:
        code = Errc::internal;
        break;
      default:
        break;  // 400, 414, 431: a bad request
    }
    return dump(api::error_json(Error(code, message)));
  }

  detail::HttpConfig http_config() const {
    detail::HttpConfig c;
    c.bind = opt.bind;
    c.port = opt.port;
    // Cores this process may run on (taskset/cgroups), not all the machine's.
    size_t hw = std::max(1u, std::thread::hardware_concurrency());
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    if (sched_getaffinity(0, sizeof cpus, &cpus) == 0 && CPU_COUNT(&cpus) > 0) {
      hw = static_cast<size_t>(CPU_COUNT(&cpus));
    }
    c.workers = opt.threads > 0 ? static_cast<size_t>(opt.threads) : std::max<size_t>(2, hw);
    c.io_threads = opt.io_threads > 0 ? static_cast<size_t>(opt.io_threads) : hw;
    c.pooled_paths = {"/api/table", "/api/compare"};  // up to 10,000 cells / 200 pairs
    c.pooled_paths.push_back("/api/appraise");        // up to 1,000 Monte Carlo draws
    c.max_queue = opt.max_queue;
    c.max_connections = opt.max_connections;
    c.max_connections_per_client = opt.max_connections_per_client;
    c.max_header_bytes = opt.max_header_bytes;
    c.max_headers = opt.max_headers;
    c.max_body_bytes = opt.max_body_bytes;
    c.request_timeout = std::chrono::seconds(opt.timeout_s);
    c.write_timeout = std::chrono::seconds(opt.timeout_s);
    // Idle keep-alive connections cost a descriptor each; browsers simply reconnect.
    c.idle_timeout = std::chrono::seconds(std::min(opt.timeout_s, 2));
    c.allow_hosts = opt.allow_hosts;
    c.cors_origin = opt.cors_origin;
    return c;
  }

  detail::HttpHooks http_hooks() {
    detail::HttpHooks h;
    h.handle = [this](const Request& req, Response& res) { handle(req, res); };
    h.error_body = &Impl::error_body;
    h.log = [this](const std::string& m) { log(m); };
    if (opt.access_log) {
      h.access = [this](const Request& req, int status, size_t bytes, double ms) {
        access.write(fmt::format("{} \"{} {}\" {} {}B {:.2f}ms", req.remote_addr,
                                 loggable(req.method), loggable(req.target), status, bytes, ms));
      };
    }
    return h;
  }
};

Server::Server(std::shared_ptr<const api::Engine> engine, ServeOptions options, Reporter& reporter)
    : impl_(std::make_unique<Impl>(std::move(engine), std::move(options), reporter)) {}

Server::~Server() { stop(); }

void Server::start() {
  Impl& s = *impl_;
  if (s.started) return;
  s.http = std::make_unique<detail::HttpServer>(s.http_config(), s.http_hooks());
  s.port = s.http->start();
  s.started = true;
  s.started_at = std::chrono::steady_clock::now();
}

int Server::port() const { return impl_->port; }

void Server::stop() {
  Impl& s = *impl_;
  if (!s.started || s.stopped) return;
  s.stopped = true;
  s.http->stop();
}

}  // namespace corridor::serve
