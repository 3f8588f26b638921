#include "corridor/serve/detail/http_server.h"

#include <fmt/core.h>
#include <signal.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "corridor/core/error.h"

namespace corridor::serve::detail {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using Parser = http::request_parser<http::string_body>;

void block_server_thread_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

namespace {

constexpr size_t kReadChunk = 16 * 1024;
constexpr size_t kMaxShedding = 512;                   // 503-and-close sockets at once
constexpr size_t kDrainBytes = size_t{4} << 20;        // read and dropped after an error
constexpr std::chrono::milliseconds kDrainTime{1000};  // ... for at most this long
constexpr std::chrono::milliseconds kSweep{100};       // resolution of the deadlines

const char* reason(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Entity";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return status < 500 ? "Bad Request" : "Internal Server Error";
  }
}

bool known_method(std::string_view m) {
  for (const char* k : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    if (m == k) return true;
  return false;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Strips a ":port" and IPv6 brackets: "[::1]:8080" -> "::1", "localhost:80" -> "localhost".
std::string host_name(std::string_view host) {
  if (!host.empty() && host.front() == '[') {
    const size_t end = host.find(']');
    if (end == std::string_view::npos) return {};
    const std::string_view rest = host.substr(end + 1);
    if (!rest.empty() && rest.front() != ':') return {};
    return lower(host.substr(1, end - 1));
  }
  const size_t colon = host.find(':');
  if (colon != std::string_view::npos) {
    const std::string_view port = host.substr(colon + 1);
    if (port.find_first_not_of("0123456789") != std::string_view::npos) return {};
    host = host.substr(0, colon);
  }
  return lower(host);
}

struct TransportError {
  int status;
  std::string message;
};

// Maps a parser error to the answer: limits are 431/413, anything else is malformed (400).
TransportError parse_error(const boost::system::error_code& ec, const HttpConfig& cfg) {
  if (ec == http::error::header_limit || ec == http::error::buffer_overflow)
    return {431, fmt::format("request head exceeds {} bytes", cfg.max_header_bytes)};
  if (ec == http::error::body_limit)
    return {413, fmt::format("request body exceeds {} bytes", cfg.max_body_bytes)};
  if (ec == http::error::bad_content_length)
    return {400, "malformed HTTP request: bad Content-Length"};
  return {400, "malformed HTTP request"};
}

// Checks a complete request head; nullopt = fine, read the body and hand it on.
std::optional<TransportError> check_head(const Parser& parser, const HttpConfig& cfg) {
  const auto& m = parser.get();
  const std::string_view method(m.method_string().data(), m.method_string().size());
  if (!known_method(method)) return TransportError{400, "malformed HTTP request: unknown method"};
  const std::string_view target(m.target().data(), m.target().size());
  if (target.size() > cfg.max_target_bytes) return TransportError{414, "request URI too long"};
  if (target.empty() || (target.front() != '/' && !(target == "*" && method == "OPTIONS")))
    return TransportError{400, "malformed HTTP request: the target must be a path"};
  size_t count = 0;
  for (auto it = m.begin(); it != m.end(); ++it) ++count;
  if (count > cfg.max_headers)
    return TransportError{431, fmt::format("more than {} request headers", cfg.max_headers)};
  const auto host_it = m.find(http::field::host);
  if (host_it == m.end()) {
    if (m.version() >= 11) return TransportError{400, "missing Host header"};
  } else {
    const std::string_view host(host_it->value().data(), host_it->value().size());
    if (!host_allowed(host, cfg.bind, cfg.allow_hosts)) {
      std::string shown;
      for (unsigned char c : host.substr(0, 100)) shown += (c < 0x20 || c >= 0x7f) ? '?' : c;
      return TransportError{
          400, fmt::format("Host '{}' is not served here; use the bound address, localhost or "
                           "a name given with --allow-host",
                           shown)};
    }
  }
  const auto coding = m.find(http::field::content_encoding);
  if (coding != m.end()) {
    const std::string c = lower(std::string_view(coding->value().data(), coding->value().size()));
    if (!c.empty() && c != "identity") {
      std::string shown;
      for (unsigned char ch : c.substr(0, 100)) shown += (ch < 0x20 || ch >= 0x7f) ? '?' : ch;
      return TransportError{415, "unsupported Content-Encoding '" + shown + "'"};
    }
  }
  return std::nullopt;
}

void to_request(const Parser& parser, Request& req) {
  const auto& m = parser.get();
  req.method.assign(m.method_string().data(), m.method_string().size());
  req.target.assign(m.target().data(), m.target().size());
  if (!parse_target(req.target, req.path, req.params)) req.path = req.target;  // "*"
  req.headers.clear();
  for (const auto& f : m)
    req.headers.emplace_back(std::string(f.name_string().data(), f.name_string().size()),
                             std::string(f.value().data(), f.value().size()));
}

// A fixed pool of workers with a bounded queue of pending jobs.
class WorkerPool {
 public:
  WorkerPool(size_t workers, size_t max_pending) : max_pending_(max_pending) {
    for (size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { run(); });
  }
  ~WorkerPool() { shutdown(); }
  // False (and `job` not taken) when every worker is busy and max_pending jobs already wait.
  bool try_post(std::function<void()>& job) {
    {
      std::lock_guard lock(mutex_);
      if (shutdown_ || jobs_.size() >= max_pending_ + idle_) return false;
      jobs_.push_back(std::move(job));
    }
    cond_.notify_one();
    return true;
  }
  void shutdown() {
    {
      std::lock_guard lock(mutex_);
      if (shutdown_ && threads_.empty()) return;
      shutdown_ = true;
    }
    cond_.notify_all();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

 private:
  void run() {
    block_server_thread_signals();
    std::unique_lock lock(mutex_);
    for (;;) {
      ++idle_;
      cond_.wait(lock, [&] { return !jobs_.empty() || shutdown_; });
      --idle_;
      if (jobs_.empty()) return;  // shut down and drained
      auto job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      lock.lock();
    }
  }
  const size_t max_pending_;
  std::mutex mutex_;
  std::condition_variable cond_;
  std::deque<std::function<void()>> jobs_;
  size_t idle_ = 0;
  bool shutdown_ = false;
  std::vector<std::thread> threads_;
};

std::string error_head(int status, size_t length, std::string_view extra = {}) {
  return fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n"
      "X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n{}Connection: close\r\n\r\n",
      status, reason(status), length, extra);
}

}  // namespace

// A connection as the sweeper and stop() see it (Session below).
struct Expirable {
  virtual ~Expirable() = default;
  // Closes the connection if its deadline is past `now`.
  virtual void sweep(Clock::time_point now) = 0;
  // Closes the connection if it is waiting for a request; else after the response (stop()).
  virtual void close_idle() = 0;
};

// One I/O thread with its own io_context: a connection lives on one shard for its whole life, so
// its handlers need neither a lock nor a strand. Deadlines are plain time stamps that the shard's
// sweeper checks every kSweep, so a request costs no timer operation at all.
struct Shard {
  std::mutex mutex;  // guards sessions; declared before ioc (sessions destroyed with it use it)
  std::unordered_map<Expirable*, std::weak_ptr<Expirable>> sessions;
  asio::io_context ioc;
  asio::steady_timer sweeper{ioc};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::thread thread;
  bool stopping = false;  // only touched on the shard's thread

  std::vector<std::shared_ptr<Expirable>> live() {
    std::vector<std::shared_ptr<Expirable>> out;
    std::lock_guard lock(mutex);
    out.reserve(sessions.size());
    for (auto& [p, w] : sessions)
      if (auto sp = w.lock()) out.push_back(std::move(sp));
    return out;
  }
  void sweep_every(std::chrono::milliseconds period) {
    sweeper.expires_after(period);
    sweeper.async_wait([this, period](const boost::system::error_code& ec) {
      if (ec || stopping) return;
      const auto now = Clock::now();
      for (auto& sp : live()) sp->sweep(now);
      sweep_every(period);
    });
  }
};

struct HttpServer::State {
  HttpConfig cfg;
  HttpHooks hooks;
  std::shared_ptr<const std::string> shed_response;  // a complete 503 response

  // Declared before the shards: sessions destroyed with their pending handlers use them.
  std::mutex mutex;  // guards the members below
  size_t connections = 0;
  size_t shedding = 0;
  std::unordered_map<std::string, size_t> per_client;
  bool stopping = false;
  bool started = false;

  std::vector<std::unique_ptr<Shard>> shards;  // shard 0 also accepts
  size_t next_shard = 0;
  Shard* accepting = nullptr;  // the shard of the pending accept (one at a time)
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::steady_timer> accept_retry;
  std::unique_ptr<WorkerPool> pool;

  State(HttpConfig c, HttpHooks h) : cfg(std::move(c)), hooks(std::move(h)) {
    const std::string body = hooks.error_body(503, "server is overloaded; retry shortly");
    shed_response = std::make_shared<const std::string>(
        error_head(503, body.size(), "Retry-After: 1\r\n") + body);
    for (size_t i = 0; i < std::max<size_t>(1, cfg.io_threads); ++i)
      shards.push_back(std::make_unique<Shard>());
    acceptor.emplace(shards[0]->ioc);
    accept_retry.emplace(shards[0]->ioc);
  }
  ~State() {
    // Handlers still queued after stop() hold sessions that use the members above: destroy the
    // io_contexts (and so those handlers) first.
    acceptor.reset();
    accept_retry.reset();
    shards.clear();
  }
  void accept();
  void on_accept(const boost::system::error_code& ec, tcp::socket socket);
  // Releases an admitted connection of `remote`.
  void release(const std::string& remote) {
    std::lock_guard lock(mutex);
    --connections;
    if (auto it = per_client.find(remote); it != per_client.end()) {
      if (--it->second == 0) per_client.erase(it);
    }
  }
};

namespace {

// Writes a fixed response, sends FIN, drains the input for a bounded time, closes. For 503s of
// the acceptor and error responses after which the stream cannot be trusted.
class Closer : public std::enable_shared_from_this<Closer> {
 public:
  // `remote`: the connection was admitted (counted) for that client; released when closed.
  Closer(tcp::socket socket, HttpServer::State* state, bool shed, std::string remote = {})
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        state_(state),
        remote_(std::move(remote)),
        shed_(shed) {}
  ~Closer();
  asio::any_io_executor executor() { return timer_.get_executor(); }
  void run(std::shared_ptr<const std::string> bytes) {
    bytes_ = std::move(bytes);
    timer_.expires_after(kDrainTime);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) {
        boost::system::error_code ignored;
        self->socket_.close(ignored);
      }
    });
    asio::async_write(socket_, asio::buffer(*bytes_),
                      [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
                        boost::system::error_code ignored;
                        if (ec) {
                          self->socket_.close(ignored);
                          self->timer_.cancel();
                          return;
                        }
                        self->socket_.shutdown(tcp::socket::shutdown_send, ignored);
                        self->drain();
                      });
  }

 private:
  void drain() {
    socket_.async_read_some(asio::buffer(buf_), [self = shared_from_this()](
                                                    const boost::system::error_code& ec, size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > kDrainBytes) {
        boost::system::error_code ignored;
        self->socket_.close(ignored);
        self->timer_.cancel();
        return;
      }
      self->drain();
    });
  }
  tcp::socket socket_;
  asio::steady_timer timer_;
  HttpServer::State* state_;
  std::string remote_;  // non-empty: a connection of a session, released here
  std::shared_ptr<const std::string> bytes_;
  std::array<char, 8192> buf_{};
  size_t drained_ = 0;
  bool shed_;
};

class Session : public Expirable, public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::State* state, Shard* shard, std::string remote)
      : socket_(std::move(socket)),
        executor_(socket_.get_executor()),
        state_(state),
        shard_(shard),
        cfg_(state_->cfg),
        remote_(std::move(remote)),
        buffer_(cfg_.max_header_bytes + kReadChunk) {}
  ~Session() override;
  asio::any_io_executor executor() { return executor_; }

  void sweep(Clock::time_point now) override {
    if (now >= deadline_) close();  // past its deadline the socket goes, whatever it was doing
  }

  void start() { next_request(); }

  // From stop(): a connection waiting for (more of) a request is closed now; one whose request
  // is being answered closes after the response.
  void close_idle() override {
    stopping_ = true;
    if (!busy_) close();
  }

 private:
  // ---- reading -----------------------------------------------------------------------------
  void next_request() {
    if (stopping_) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(cfg_.max_header_bytes));
    parser_->body_limit(cfg_.max_body_bytes);
    head_checked_ = false;
    request_ = Request{};
    request_.remote_addr = remote_;
    if (buffer_.size() == 0) {
      started_ = false;
      arm(cfg_.idle_timeout);
      read();
    } else {  // a pipelined request is already here
      begin_request();
      parse();
    }
  }

  void begin_request() {
    started_ = true;
    t0_ = Clock::now();
    arm(cfg_.request_timeout);
  }

  void read() {
    const size_t room = buffer_.max_size() - buffer_.size();
    if (room == 0)
      return fail({431, fmt::format("request head exceeds {} bytes", cfg_.max_header_bytes)});
    socket_.async_read_some(buffer_.prepare(std::min(room, kReadChunk)),
                            [self = shared_from_this()](const boost::system::error_code& ec,
                                                        size_t n) { self->on_read(ec, n); });
  }

  void on_read(const boost::system::error_code& ec, size_t n) {
    if (ec) return close();  // EOF, reset, or closed by the deadline
    buffer_.commit(n);
    if (!started_) begin_request();
    parse();
  }

  void parse() {
    while (buffer_.size() > 0 && !parser_->is_done()) {
      boost::system::error_code ec;
      const size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec == http::error::need_more) break;
      if (ec) {
        // A declared Content-Length over the limit fails here, right after the head: 413 at
        // once, the body unread.
        return fail(parse_error(ec, cfg_));
      }
      if (parser_->is_header_done() && !head_checked_) {
        head_checked_ = true;
        if (auto err = check_head(*parser_, cfg_)) return fail(*err);
        if (iequals(parser_->get()[http::field::expect], "100-continue") && !parser_->is_done()) {
          return write_continue();
        }
      }
      if (used == 0) break;
    }
    if (parser_->is_done()) return dispatch();
    read();
  }

  void write_continue() {
    static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    asio::async_write(socket_, asio::buffer(kContinue),
                      [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
                        if (ec) return self->close();
                        self->parse();
                      });
  }

  // ---- answering ---------------------------------------------------------------------------
  void dispatch() {
    busy_ = true;
    deadline_ = Clock::time_point::max();  // our own work has no deadline
    to_request(*parser_, request_);
    request_.body = std::move(parser_->get().body());
    keep_alive_ = parser_->get().keep_alive();
    const bool head = request_.method == "HEAD";
    const std::string origin = request_.get_header_value("Origin");
    // CORS preflight from the allowed origin: answered here.
    if (!cfg_.cors_origin.empty() && request_.method == "OPTIONS" && origin == cfg_.cors_origin &&
        request_.has_header("Access-Control-Request-Method")) {
      auto res = std::make_shared<Response>();
      res->status = 204;
      res->set_header("Access-Control-Allow-Methods", "GET, HEAD, POST");
      res->set_header("Access-Control-Allow-Headers", "Content-Type");
      res->set_header("Access-Control-Max-Age", "600");
      return respond(std::move(res), false);
    }
    // Cheap requests are answered right here on the I/O thread: no hand-off to another thread
    // and back (each costs a wake-up, which on a busy machine means waiting for a core).
    // Requests that may take long (table, compare) go to the bounded worker pool, so that they
    // never hold an I/O thread.
    // So do requests with a large body (parsing a megabyte of JSON takes tens of ms).
    if (request_.body.size() <= cfg_.pool_body_bytes &&
        std::find(cfg_.pooled_paths.begin(), cfg_.pooled_paths.end(), request_.path) ==
            cfg_.pooled_paths.end()) {
      auto res = std::make_shared<Response>();
      run_handler(*res);
      return respond(std::move(res), head);
    }
    std::function<void()> job = [self = shared_from_this(), head] {
      auto res = std::make_shared<Response>();
      self->run_handler(*res);
      asio::post(self->executor(), [self, res = std::move(res), head]() mutable {
        self->respond(std::move(res), head);
      });
    };
    if (!state_->pool->try_post(job)) {
      return fail({503, "server is overloaded; retry shortly"}, "Retry-After: 1\r\n");
    }
  }

  void run_handler(Response& res) {
    try {
      state_->hooks.handle(request_, res);
    } catch (const std::exception& e) {
      if (state_->hooks.log) state_->hooks.log(std::string("internal error: ") + e.what());
      res = Response();
      res.status = 500;
      res.set_content(state_->hooks.error_body(500, "internal error; see the server log"),
                      "application/json");
    }
  }

  void respond(std::shared_ptr<Response> res, bool head) {
    const bool close_after =
        !keep_alive_ || stopping_ || iequals(res->get_header_value("Connection"), "close");
    const std::string_view body = res->content();
    std::string h = fmt::format("HTTP/1.1 {} {}\r\n", res->status, reason(res->status));
    if (res->status != 204) {
      if (!res->content_type().empty()) h += "Content-Type: " + res->content_type() + "\r\n";
      h += fmt::format("Content-Length: {}\r\n", body.size());
    }
    h += "X-Content-Type-Options: nosniff\r\n";
    for (const auto& [k, v] : res->headers) {
      if (iequals(k, "Connection") || iequals(k, "Content-Length")) continue;
      h += k + ": " + v + "\r\n";
    }
    if (!cfg_.cors_origin.empty() && request_.get_header_value("Origin") == cfg_.cors_origin) {
      h += "Access-Control-Allow-Origin: " + cfg_.cors_origin + "\r\nVary: Origin\r\n";
    }
    if (close_after) h += "Connection: close\r\n";
    h += "\r\n";
    if (state_->hooks.access) {
      state_->hooks.access(request_, res->status, body.size(),
                           std::chrono::duration<double, std::milli>(Clock::now() - t0_).count());
    }
    head_bytes_ = std::move(h);
    response_ = std::move(res);
    std::array<asio::const_buffer, 2> bufs{
        asio::buffer(head_bytes_),
        asio::buffer(head || response_->status == 204 ? std::string_view() : body)};
    arm(cfg_.write_timeout);
    asio::async_write(
        socket_, bufs,
        [self = shared_from_this(), close_after](const boost::system::error_code& ec, size_t) {
          self->busy_ = false;
          self->response_.reset();
          if (ec) return self->close();
          if (close_after) return self->finish();
          self->next_request();
        });
  }

  // An error of the transport: the JSON error, `Connection: close`, FIN, drain, close.
  void fail(const TransportError& err, std::string_view extra = {}) {
    deadline_ = Clock::time_point::max();
    busy_ = true;
    const std::string body = state_->hooks.error_body(err.status, err.message);
    auto bytes =
        std::make_shared<const std::string>(error_head(err.status, body.size(), extra) + body);
    if (state_->hooks.access) {
      if (parser_ && parser_->is_header_done()) to_request(*parser_, request_);
      state_->hooks.access(
          request_, err.status, body.size(),
          started_ ? std::chrono::duration<double, std::milli>(Clock::now() - t0_).count() : 0.0);
    }
    handed_off_ = true;
    std::make_shared<Closer>(std::move(socket_), state_, false, remote_)->run(std::move(bytes));
  }

  // After a response that said `Connection: close`: FIN at once, then drain and close.
  void finish() {
    deadline_ = Clock::time_point::max();
    handed_off_ = true;
    std::make_shared<Closer>(std::move(socket_), state_, false, remote_)
        ->run(std::make_shared<const std::string>());
  }

  void close() {
    deadline_ = Clock::time_point::max();
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  void arm(std::chrono::milliseconds d) { deadline_ = Clock::now() + d; }

  tcp::socket socket_;
  asio::any_io_executor executor_;
  HttpServer::State* state_;
  Shard* shard_;
  const HttpConfig& cfg_;
  std::string remote_;
  boost::beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  Request request_;
  std::shared_ptr<Response> response_;
  std::string head_bytes_;
  Clock::time_point t0_{};
  Clock::time_point deadline_ = Clock::time_point::max();
  bool started_ = false;
  bool head_checked_ = false;
  bool keep_alive_ = true;
  bool busy_ = false;
  bool stopping_ = false;
  bool handed_off_ = false;  // the connection's accounting moved to a Closer
};

Closer::~Closer() {
  if (shed_) {
    std::lock_guard lock(state_->mutex);
    --state_->shedding;
  }
  if (!remote_.empty()) state_->release(remote_);
}

Session::~Session() {
  if (!handed_off_) state_->release(remote_);
  std::lock_guard lock(shard_->mutex);
  shard_->sessions.erase(this);
}

}  // namespace

void HttpServer::State::accept() {
  accepting = shards[next_shard++ % shards.size()].get();
  acceptor->async_accept(accepting->ioc,
                         [this](const boost::system::error_code& ec, tcp::socket socket) {
                           on_accept(ec, std::move(socket));
                         });
}

void HttpServer::State::on_accept(const boost::system::error_code& ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor->is_open()) return;
  if (ec) {  // e.g. out of file descriptors: back off briefly instead of spinning
    accept_retry->expires_after(std::chrono::milliseconds(50));
    accept_retry->async_wait([this](const boost::system::error_code& e) {
      if (!e) accept();
    });
    return;
  }
  boost::system::error_code aec;
  const auto endpoint = socket.remote_endpoint(aec);
  std::string remote = aec ? std::string("?") : endpoint.address().to_string();
  socket.set_option(tcp::no_delay(true), aec);
  bool admit = false, shed_it = false;
  {
    std::lock_guard lock(mutex);
    size_t& mine = per_client[remote];
    if (!stopping && connections < cfg.max_connections && mine < cfg.max_connections_per_client) {
      ++connections;
      ++mine;
      admit = true;
    } else {
      if (mine == 0) per_client.erase(remote);
      if (shedding < kMaxShedding) {
        ++shedding;
        shed_it = true;
      }
    }
  }
  if (admit) {
    Shard* shard = accepting;
    auto s = std::make_shared<Session>(std::move(socket), this, shard, std::move(remote));
    {
      std::lock_guard lock(shard->mutex);
      shard->sessions[s.get()] = s;
    }
    asio::dispatch(s->executor(), [s] { s->start(); });
  } else if (shed_it) {
    auto c = std::make_shared<Closer>(std::move(socket), this, true);
    asio::dispatch(c->executor(), [c, this] { c->run(shed_response); });
  }  // else: the socket closes here (more than kMaxShedding 503s in flight)
  accept();
}

bool host_allowed(std::string_view host, std::string_view bind,
                  const std::vector<std::string>& allowed) {
  const std::string name = host_name(host);
  if (name.empty()) return false;
  if (name == "localhost" || name == lower(bind)) return true;
  for (const auto& a : allowed)
    if (name == host_name(a)) return true;
  // Bound to every address: any IP literal names one of ours (DNS rebinding needs a name).
  if (bind == "0.0.0.0" || bind == "::") {
    boost::system::error_code ec;
    asio::ip::make_address(name, ec);
    return !ec;
  }
  return false;
}

int parse_request_for_test(std::string_view bytes, const HttpConfig& cfg, Request* out) {
  Parser parser;
  parser.header_limit(static_cast<std::uint32_t>(cfg.max_header_bytes));
  parser.body_limit(cfg.max_body_bytes);
  bool checked = false;
  while (!parser.is_done()) {
    boost::system::error_code ec;
    const size_t used = parser.put(asio::buffer(bytes.data(), bytes.size()), ec);
    bytes.remove_prefix(used);
    if (ec == http::error::need_more) {
      if (used == 0) return -1;  // incomplete
      continue;
    }
    if (ec) return parse_error(ec, cfg).status;
    if (parser.is_header_done() && !checked) {
      checked = true;
      if (auto err = check_head(parser, cfg)) return err->status;
    }
    if (used == 0 && !parser.is_done()) return -1;
  }
  if (out) {
    to_request(parser, *out);
    out->body = parser.get().body();
  }
  return 0;
}

HttpServer::HttpServer(HttpConfig config, HttpHooks hooks)
    : state_(std::make_unique<State>(std::move(config), std::move(hooks))) {}

HttpServer::~HttpServer() { stop(); }

int HttpServer::start() {
  State& s = *state_;
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(s.cfg.bind, ec);
  if (ec) {
    throw Error(Errc::io_error,
                fmt::format("cannot listen on {}:{} (not an IP address)", s.cfg.bind, s.cfg.port));
  }
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(s.cfg.port));
  s.acceptor->open(endpoint.protocol(), ec);
  if (!ec) s.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor->bind(endpoint, ec);
  if (!ec) s.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw Error(Errc::io_error,
                fmt::format("cannot listen on {}:{} (address in use or not available: {})",
                            s.cfg.bind, s.cfg.port, ec.message()));
  }
  const int port = s.acceptor->local_endpoint().port();
  s.pool = std::make_unique<WorkerPool>(s.cfg.workers, s.cfg.max_queue);
  for (auto& shard : s.shards) {
    shard->work.emplace(shard->ioc.get_executor());
    shard->sweep_every(kSweep);
  }
  asio::post(s.shards[0]->ioc, [st = state_.get()] { st->accept(); });
  for (auto& shard : s.shards) {
    shard->thread = std::thread([sh = shard.get(), st = state_.get()] {
      block_server_thread_signals();
      for (;;) {  // an exception in a completion handler (e.g. bad_alloc) must not end serving
        try {
          sh->ioc.run();
          return;
        } catch (const std::exception& e) {
          if (st->hooks.log) st->hooks.log(std::string("HTTP I/O thread: ") + e.what());
        }
      }
    });
  }
  s.started = true;
  return port;
}

void HttpServer::stop() {
  State& s = *state_;
  if (!s.started) return;
  s.started = false;
  {
    std::lock_guard lock(s.mutex);
    s.stopping = true;
  }
  asio::post(s.shards[0]->ioc, [st = state_.get()] {
    boost::system::error_code ignored;
    st->acceptor->close(ignored);
    st->accept_retry->cancel();
  });
  for (auto& shard : s.shards) {
    asio::post(shard->ioc, [sh = shard.get()] {
      sh->stopping = true;
      sh->sweeper.cancel();
      for (auto& sp : sh->live()) sp->close_idle();
    });
    shard->work.reset();
  }
  // In-flight responses get the write timeout; whatever is left after it is cut.
  const auto deadline = Clock::now() + s.cfg.write_timeout + std::chrono::milliseconds(500);
  for (auto& shard : s.shards) {
    while (!shard->ioc.stopped() && Clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  for (auto& shard : s.shards) {
    shard->ioc.stop();
    if (shard->thread.joinable()) shard->thread.join();
  }
  s.pool->shutdown();
}

}  // namespace corridor::serve::detail
