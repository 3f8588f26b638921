// Regression tests of issue 15: the server against clients that are slow, idle, flooding or
// crafted. Each test starts its own serve::Server (ephemeral port) over the bundled dataset and
// checks that ordinary requests from another client keep being answered. Times are asserted only
// as generous bounds (no time-outs, p99 well under a second); the measured p99 is printed.
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "corridor/serve/detail/http_server.h"
#include "corridor/serve/serve.h"
#include "unit/serve/raw_http.h"

namespace fs = std::filesystem;
using namespace corridor;
using namespace std::chrono_literals;
using serve::testing::raw_connect;
using serve::testing::raw_get;
using serve::testing::raw_read;
using serve::testing::raw_request;
using serve::testing::raw_send;
using Clock = std::chrono::steady_clock;

namespace {

class NullReporter final : public Reporter {
 public:
  void log(std::string_view) override {}
  void progress(std::string_view, uint64_t, uint64_t) override {}
  void finish(std::string_view) override {}
};

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Resident memory of this process (the in-process server included), bytes.
size_t rss_bytes() {
  std::ifstream in("/proc/self/statm");
  size_t pages = 0, resident = 0;
  in >> pages >> resident;
  return resident * static_cast<size_t>(::sysconf(_SC_PAGESIZE));
}

// Waits until the peer closes `fd` (read returns 0 or an error); the time it took in ms, or -1
// if it is still open after `limit_ms`.
double wait_closed(int fd, int limit_ms) {
  const auto t0 = Clock::now();
  char buf[4096];
  while (ms_since(t0) < limit_ms) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) > 0) {
      ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
      if (n <= 0) return ms_since(t0);
    }
  }
  return -1;
}

struct Probe {
  int answered = 0;
  int failed = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

// `n` ordinary requests, one connection each, from 127.0.0.1.
Probe probe(int port, int n) {
  Probe p;
  std::vector<double> t;
  for (int i = 0; i < n; ++i) {
    const auto t0 = Clock::now();
    auto r = raw_request(
        port, "GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    t.push_back(ms_since(t0));
    (r.status == 200 ? p.answered : p.failed)++;
  }
  std::sort(t.begin(), t.end());
  p.p99_ms = t[std::min(t.size() - 1, t.size() * 99 / 100)];
  p.max_ms = t.back();
  return p;
}

class Hostile : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string dir = api::default_data_dir();
    if (!fs::exists(dir + "/node.csv")) return;
    engine_ = api::load_engine(dir);
    web_ = fs::temp_directory_path() / ("corridor-hostile-" + std::to_string(::getpid()));
    fs::create_directories(web_);
    std::ofstream(web_ / "index.html") << std::string(8192, 'x');
  }
  static void TearDownTestSuite() {
    engine_.reset();
    if (!web_.empty()) fs::remove_all(web_);
  }
  void SetUp() override {
    if (!engine_) GTEST_SKIP() << "dataset not found at " << api::default_data_dir();
  }
  static serve::ServeOptions options() {
    serve::ServeOptions o;
    o.port = 0;
    o.access_log = false;
    o.web_root = web_.string();
    return o;
  }
  static inline std::shared_ptr<const api::Engine> engine_;
  static inline fs::path web_;
  NullReporter reporter_;
};

// Item 1: 300 sockets that send nothing (from other client addresses) do not block anyone.
TEST_F(Hostile, IdleSocketsDoNotStarveOtherClients) {
  serve::Server s(engine_, options(), reporter_);
  s.start();
  std::vector<int> idle;
  const char* from[] = {"127.0.0.2", "127.0.0.3", "127.0.0.4"};
  for (int i = 0; i < 300; ++i) {
    int fd = raw_connect(s.port(), 10, from[i % 3]);
    ASSERT_GE(fd, 0) << i;
    idle.push_back(fd);
  }
  std::this_thread::sleep_for(100ms);
  const Probe p = probe(s.port(), 200);
  std::printf("300 idle sockets: %d/200 answered, p99 %.2f ms, max %.2f ms\n", p.answered, p.p99_ms,
              p.max_ms);
  EXPECT_EQ(p.answered, 200);
  EXPECT_EQ(p.failed, 0);
  EXPECT_LT(p.p99_ms, 500.0);  // generous: the issue's goal is 50 ms (printed above)
  for (int fd : idle) ::close(fd);
}

// Item 1: 50 slow-header sockets (a byte every 100 ms) do not block anyone, and each is closed
// at its request deadline although it keeps sending (a deadline on the whole head, not per byte).
TEST_F(Hostile, SlowHeaderSocketsDoNotStarveAndHitTheDeadline) {
  auto o = options();
  o.timeout_s = 2;
  serve::Server s(engine_, o, reporter_);
  s.start();
  std::vector<int> slow;
  for (int i = 0; i < 50; ++i) {
    int fd = raw_connect(s.port(), 10, i % 2 ? "127.0.0.2" : "127.0.0.3");
    ASSERT_GE(fd, 0);
    slow.push_back(fd);
  }
  std::atomic<bool> done{false};
  std::atomic<int> closed_by_server{0};
  const auto t0 = Clock::now();
  std::thread drip([&] {
    const std::string head = "GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ";
    std::vector<bool> open(slow.size(), true);
    for (size_t k = 0; !done && k < 100; ++k) {
      for (size_t i = 0; i < slow.size(); ++i) {
        if (!open[i]) continue;
        const char c = k < head.size() ? head[k] : 'a';
        if (::send(slow[i], &c, 1, MSG_NOSIGNAL) != 1) {
          open[i] = false;
          ++closed_by_server;
        }
      }
      std::this_thread::sleep_for(100ms);
    }
  });
  std::this_thread::sleep_for(300ms);
  const Probe p = probe(s.port(), 200);
  std::printf("50 slow-header sockets: %d/200 answered, p99 %.2f ms, max %.2f ms\n", p.answered,
              p.p99_ms, p.max_ms);
  EXPECT_EQ(p.answered, 200);
  EXPECT_LT(p.p99_ms, 500.0);
  // Every slow socket is closed by the server within the 2 s deadline (+ slack), mid-drip.
  for (int fd : slow) {
    const double left = 4000 - ms_since(t0);
    EXPECT_GE(wait_closed(fd, static_cast<int>(std::max(1.0, left))), 0) << "still open";
  }
  done = true;
  drip.join();
  EXPECT_LT(ms_since(t0), 6000);
  for (int fd : slow) ::close(fd);
}

// Item 1: past the connection limits a new connection gets 503 at once, without sending a byte.
TEST_F(Hostile, PerClientLimitAnswers503WithoutReading) {
  auto o = options();
  o.max_connections_per_client = 4;
  serve::Server s(engine_, o, reporter_);
  s.start();
  std::vector<int> mine;
  for (int i = 0; i < 4; ++i) mine.push_back(raw_connect(s.port(), 10, "127.0.0.2"));
  std::this_thread::sleep_for(100ms);
  int fifth = raw_connect(s.port(), 3, "127.0.0.2");
  ASSERT_GE(fifth, 0);
  const auto t0 = Clock::now();
  auto r = raw_read(fifth);  // nothing sent
  EXPECT_EQ(r.status, 503) << r.head;
  EXPECT_NE(r.body.find("\"overloaded\""), std::string::npos);
  EXPECT_LT(ms_since(t0), 1000);
  ::close(fifth);
  // Another address is still served.
  EXPECT_EQ(raw_get(s.port(), "/api/health").status, 200);
  for (int fd : mine) ::close(fd);
}

// Item 2: a flood of headers is cut off with 431 after max_header_bytes; memory stays bounded.
TEST_F(Hostile, HeaderFloodGets431AndMemoryStaysBounded) {
  serve::Server s(engine_, options(), reporter_);
  s.start();
  const size_t rss0 = rss_bytes();
  int fd = raw_connect(s.port(), 5);
  ASSERT_GE(fd, 0);
  serve::testing::RawResponse r;
  std::thread reader([&] { r = raw_read(fd); });
  const auto t0 = Clock::now();
  std::string chunk;
  chunk = "GET /api/health HTTP/1.1\r\nHost: localhost\r\n";
  size_t sent = 0, headers = 0;
  bool ok = raw_send(fd, chunk);
  chunk.clear();
  for (int i = 0; i < 1000; ++i)
    chunk +=
        "X-Flood-" + std::to_string(i) +
        ": "
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123\r\n";
  while (ok && headers < 1000000) {
    ok = raw_send(fd, chunk);
    if (ok) sent += chunk.size(), headers += 1000;
  }
  reader.join();
  ::close(fd);
  const size_t rss1 = rss_bytes();
  std::printf(
      "header flood: %zu headers (%zu MB) sent before the server cut it off; answer %d "
      "after %.0f ms; RSS %+.1f MB\n",
      headers, sent >> 20, r.status, ms_since(t0),
      (static_cast<double>(rss1) - static_cast<double>(rss0)) / (1 << 20));
  EXPECT_EQ(r.status, 431) << r.head;
  EXPECT_LT(headers, 1000000u);                // cut off long before the end
  EXPECT_LT(rss1, rss0 + (size_t{32} << 20));  // bound: 32 MB (was +250 MB)
  EXPECT_EQ(raw_get(s.port(), "/api/health").status, 200);
}

TEST_F(Hostile, TooManyHeaderFieldsGet431) {
  serve::Server s(engine_, options(), reporter_);
  s.start();
  std::string req = "GET /api/health HTTP/1.1\r\nHost: localhost\r\n";
  for (int i = 0; i < 101; ++i) req += "X-" + std::to_string(i) + ": 1\r\n";
  EXPECT_EQ(raw_request(s.port(), req + "\r\n").status, 431);
  req = "GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
  for (int i = 0; i < 90; ++i) req += "X-" + std::to_string(i) + ": 1\r\n";
  EXPECT_EQ(raw_request(s.port(), req + "\r\n").status, 200);
}

// Item 5: every request of one write is answered, in order.
TEST_F(Hostile, PipelinedRequestsAreAllAnsweredInOrder) {
  serve::Server s(engine_, options(), reporter_);
  s.start();
  int fd = raw_connect(s.port());
  ASSERT_GE(fd, 0);
  const std::string body = R"({"from":"Baku","to":"Kars"})";
  ASSERT_TRUE(
      raw_send(fd,
               "GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n"
               "POST /api/route HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
               "Content-Length: " +
                   std::to_string(body.size()) + "\r\n\r\n" + body +
                   "GET /api/nope HTTP/1.1\r\nHost: localhost\r\n\r\n"
                   "GET /api/scenarios HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
  // The last request says Connection: close: read everything, then split by Content-Length
  // (raw_read would drop bytes of the next response it happened to receive).
  std::string all;
  char buf[65536];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
    all.append(buf, static_cast<size_t>(n));
  ::close(fd);
  auto next = [&all] {
    serve::testing::RawResponse r;
    const size_t sep = all.find("\r\n\r\n");
    if (all.rfind("HTTP/1.1 ", 0) != 0 || sep == std::string::npos) return r;
    r.head = all.substr(0, sep);
    r.status = std::stoi(all.substr(9, 3));
    const size_t cl = r.head.find("Content-Length: ");
    const size_t len = cl == std::string::npos ? 0 : std::stoul(r.head.substr(cl + 16));
    r.body = all.substr(sep + 4, len);
    all.erase(0, sep + 4 + len);
    return r;
  };
  auto a = next(), b = next(), c = next(), d = next();
  EXPECT_TRUE(all.empty()) << "bytes after the last response";
  EXPECT_EQ(a.status, 200);
  EXPECT_NE(a.body.find("\"status\":\"ok\""), std::string::npos);
  EXPECT_EQ(b.status, 200);
  EXPECT_NE(b.body.find("TR-KARS"), std::string::npos);
  EXPECT_EQ(c.status, 404);
  EXPECT_EQ(d.status, 200);
  EXPECT_NE(d.body.find("baseline"), std::string::npos);
}

// Item 10: an error with `Connection: close` closes at once; a too-large Content-Length is
// answered at once (not after the read timeout); the idle keep-alive timeout closes idle sockets.
TEST_F(Hostile, ErrorsCloseAtOnceAndBadLengthsAreAnsweredAtOnce) {
  auto o = options();
  o.timeout_s = 5;
  o.max_body_bytes = 1000;
  serve::Server s(engine_, o, reporter_);
  s.start();
  int fd = raw_connect(s.port());
  auto t0 = Clock::now();
  ASSERT_TRUE(raw_send(fd, "garbage\r\n\r\n"));
  auto r = raw_read(fd);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.head.find("Connection: close"), std::string::npos);
  EXPECT_GE(wait_closed(fd, 1000), 0);
  EXPECT_LT(ms_since(t0), 1000);
  ::close(fd);

  for (const char* length : {"999999999", "99999999999999999999999", "-1", "12abc"}) {
    fd = raw_connect(s.port());
    t0 = Clock::now();
    ASSERT_TRUE(raw_send(fd, std::string("POST /api/route HTTP/1.1\r\nHost: localhost\r\n"
                                         "Content-Type: application/json\r\nContent-Length: ") +
                                 length + "\r\n\r\n{"));
    r = raw_read(fd);
    EXPECT_EQ(r.status, std::string(length) == "999999999" ? 413 : 400) << length;
    EXPECT_GE(wait_closed(fd, 1000), 0) << length;
    EXPECT_LT(ms_since(t0), 1000) << length;
    ::close(fd);
  }
}

TEST_F(Hostile, IdleKeepAliveConnectionsAreClosed) {
  auto o = options();
  o.timeout_s = 1;  // idle keep-alive timeout: min(timeout, 2 s)
  serve::Server s(engine_, o, reporter_);
  s.start();
  int fd = raw_connect(s.port());
  ASSERT_TRUE(raw_send(fd, "GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n"));
  EXPECT_EQ(raw_read(fd).status, 200);
  const double closed = wait_closed(fd, 3000);
  EXPECT_GE(closed, 500);
  EXPECT_LT(closed, 2500);
  ::close(fd);
}

// Item 4: no Range support: 2,700 ranges get the entity once, 200.
TEST_F(Hostile, RangeIsIgnored) {
  serve::Server s(engine_, options(), reporter_);
  s.start();
  std::string ranges = "bytes=0-8191";
  for (int i = 0; i < 2700; ++i) ranges += ",0-8191";
  auto r = raw_request(s.port(), "GET /index.html HTTP/1.1\r\nHost: localhost\r\nRange: " +
                                     ranges.substr(0, 15000) + "\r\nConnection: close\r\n\r\n");
  // The header may exceed the head limit (431) or be ignored (200); never a 206.
  EXPECT_TRUE(r.status == 200 || r.status == 431) << r.status;
  if (r.status == 200) {
    EXPECT_EQ(r.body.size(), 8192u);
  }
  r = raw_request(s.port(),
                  "GET /index.html HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-1,0-1,0-1\r\n"
                  "Connection: close\r\n\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.size(), 8192u);
  r = raw_request(s.port(),
                  "GET /api/health HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-1\r\n"
                  "Connection: close\r\n\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.head.find("Content-Range"), std::string::npos);
}

// Item 6: Host must name the bound address, localhost or an allowed name.
TEST_F(Hostile, HostHeaderIsChecked) {
  auto o = options();
  o.allow_hosts = {"corridor.lan"};
  serve::Server s(engine_, o, reporter_);
  s.start();
  auto get = [&](const std::string& host_line) {
    return raw_request(s.port(),
                       "GET /api/health HTTP/1.1\r\n" + host_line + "Connection: close\r\n\r\n");
  };
  const std::string port = std::to_string(s.port());
  EXPECT_EQ(get("Host: localhost\r\n").status, 200);
  EXPECT_EQ(get("Host: LOCALHOST:" + port + "\r\n").status, 200);
  EXPECT_EQ(get("Host: 127.0.0.1:" + port + "\r\n").status, 200);
  EXPECT_EQ(get("Host: 127.0.0.1\r\n").status, 200);
  EXPECT_EQ(get("Host: corridor.lan:" + port + "\r\n").status, 200);
  auto bad = get("Host: attacker.example:" + port + "\r\n");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("attacker.example"), std::string::npos);
  EXPECT_EQ(get("Host: localhost.attacker.example\r\n").status, 400);
  EXPECT_EQ(get("Host: localhost:80x\r\n").status, 400);
  EXPECT_EQ(get("").status, 400);  // HTTP/1.1 without Host
  EXPECT_EQ(raw_request(s.port(), "GET /api/health HTTP/1.0\r\n\r\n").status, 200);

  using serve::detail::host_allowed;
  EXPECT_TRUE(host_allowed("[::1]:8080", "::1", {}));
  EXPECT_FALSE(host_allowed("[::1", "::1", {}));
  EXPECT_TRUE(host_allowed("192.168.1.5:8080", "0.0.0.0", {}));
  EXPECT_FALSE(host_allowed("evil.example", "0.0.0.0", {}));
  EXPECT_FALSE(host_allowed("", "127.0.0.1", {}));
}

TEST_F(Hostile, CorsOriginGetsHeadersAndPreflights) {
  auto o = options();
  o.cors_origin = "https://maps.example.org";
  serve::Server s(engine_, o, reporter_);
  s.start();
  auto r = raw_request(s.port(),
                       "OPTIONS /api/route HTTP/1.1\r\nHost: localhost\r\nOrigin: "
                       "https://maps.example.org\r\nAccess-Control-Request-Method: POST\r\n"
                       "Access-Control-Request-Headers: content-type\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.status, 204);
  EXPECT_NE(r.head.find("Access-Control-Allow-Origin: https://maps.example.org"),
            std::string::npos);
  EXPECT_NE(r.head.find("Access-Control-Allow-Methods"), std::string::npos);
  r = raw_request(s.port(),
                  "GET /api/health HTTP/1.1\r\nHost: localhost\r\nOrigin: "
                  "https://maps.example.org\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.head.find("Access-Control-Allow-Origin: https://maps.example.org"),
            std::string::npos);
  r = raw_request(s.port(),
                  "GET /api/health HTTP/1.1\r\nHost: localhost\r\nOrigin: "
                  "https://evil.example\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.head.find("Access-Control-Allow-Origin"), std::string::npos);
  // Without --cors no origin gets CORS headers.
  serve::Server plain(engine_, options(), reporter_);
  plain.start();
  r = raw_request(plain.port(),
                  "GET /api/health HTTP/1.1\r\nHost: localhost\r\nOrigin: "
                  "https://maps.example.org\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.head.find("Access-Control-Allow-Origin"), std::string::npos);
}

// Item 3: a 1 MB place name is refused at once (before any lookup or suggestion).
TEST_F(Hostile, HugeNamesAreRefusedQuickly) {
  serve::Server s(engine_, options(), reporter_);
  s.start();
  for (const char* field : {"from", "scenario"}) {
    std::string body = std::string(R"({"from":"Baku","to":"Kars",")") + field + R"(":")" +
                       std::string(1000000, 'q') + "\"}";
    if (std::string(field) == "from")
      body = R"({"to":"Kars","from":")" + std::string(1000000, 'q') + "\"}";
    const auto t0 = Clock::now();
    auto r = raw_request(s.port(),
                         "POST /api/route HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                         "application/json\r\nConnection: close\r\nContent-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n" + body);
    EXPECT_GE(r.status, 400) << field;
    EXPECT_LT(r.status, 500) << field;
    EXPECT_LT(ms_since(t0), 2000) << field;  // was 17.7 s of a worker
  }
}

// Fairness: a connection that always has pipelined requests waiting (answered from the cache,
// so each is cheap and the next is always ready) must not starve another client on the same
// single I/O thread: each answer goes back to the event loop before the next request is read.
TEST_F(Hostile, APipeliningConnectionDoesNotStarveOthers) {
  auto o = options();
  o.io_threads = 1;  // both clients on one thread: the worst case
  serve::Server s(engine_, o, reporter_);
  s.start();
  const std::string body = R"({"from":"Baku","to":"Kars"})";
  const std::string one =
      "POST /api/route HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
      "application/json\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  std::string batch;
  for (int i = 0; i < 200; ++i) batch += one;
  int greedy = raw_connect(s.port(), 10, "127.0.0.2");
  ASSERT_GE(greedy, 0);
  std::atomic<bool> stop{false};
  std::atomic<size_t> received{0};
  std::thread reader([&] {
    char buf[65536];
    while (!stop) {
      pollfd p{greedy, POLLIN, 0};
      if (::poll(&p, 1, 50) > 0) {
        const ssize_t n = ::recv(greedy, buf, sizeof buf, 0);
        if (n <= 0) break;
        received += static_cast<size_t>(n);
      }
    }
  });
  std::thread writer([&] {
    while (!stop && raw_send(greedy, batch)) {
    }
  });
  std::this_thread::sleep_for(200ms);  // the greedy connection is in full flow
  const size_t before = received;
  const Probe p = probe(s.port(), 100);
  std::printf("probes beside a pipelining connection: %d/100 answered, p99 %.2f ms, max %.2f ms\n",
              p.answered, p.p99_ms, p.max_ms);
  const size_t during = received - before;
  stop = true;
  ::shutdown(greedy, SHUT_RDWR);
  writer.join();
  reader.join();
  ::close(greedy);
  EXPECT_GT(during, 0u) << "the greedy connection was not being served";
  EXPECT_EQ(p.answered, 100);
  EXPECT_EQ(p.failed, 0);
  EXPECT_LT(p.p99_ms, 500.0);  // generous; printed above
}

// The parser as the fuzzer sees it.
TEST(HttpParser, StatusesBeforeAnyHandler) {
  serve::detail::HttpConfig c;
  c.max_body_bytes = 100;
  serve::detail::Request req;
  using serve::detail::parse_request_for_test;
  EXPECT_EQ(
      parse_request_for_test("GET /a%20b?q=x+y&z HTTP/1.1\r\nHost: localhost\r\n\r\n", c, &req), 0);
  EXPECT_EQ(req.path, "/a b");
  EXPECT_EQ(req.get_param_value("q"), "x y");
  EXPECT_TRUE(req.has_param("z"));
  EXPECT_EQ(parse_request_for_test("GET / HTTP/1.1\r\nHost: localhost\r\n", c, nullptr), -1);
  EXPECT_EQ(parse_request_for_test("GET / HTTP/1.1\r\nHost: x.example\r\n\r\n", c, nullptr), 400);
  EXPECT_EQ(parse_request_for_test(
                "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 101\r\n\r\n", c, nullptr),
            413);
  EXPECT_EQ(parse_request_for_test("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Encoding: "
                                   "gzip\r\nContent-Length: 1\r\n\r\n",
                                   c, nullptr),
            415);
  EXPECT_EQ(
      parse_request_for_test(
          "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: localhost\r\n\r\n", c, nullptr),
      414);
  EXPECT_EQ(parse_request_for_test(
                "GET / HTTP/1.1\r\nHost: localhost\r\nX: " + std::string(20000, 'a') + "\r\n\r\n",
                c, nullptr),
            431);
  EXPECT_EQ(parse_request_for_test("BREW / HTTP/1.1\r\nHost: localhost\r\n\r\n", c, nullptr), 400);
  EXPECT_EQ(parse_request_for_test("GET http://x/ HTTP/1.1\r\nHost: localhost\r\n\r\n", c, nullptr),
            400);
}

}  // namespace

namespace {

// Item 10: numbers beyond int64, NUL in names, fields beyond docs/http-api.md.
TEST_F(Hostile, RequestFieldsAreReportedFaithfully) {
  serve::Server s(engine_, options(), reporter_);
  s.start();
  auto post = [&](const std::string& body) {
    return raw_request(s.port(),
                       "POST /api/route HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                       "application/json\r\nConnection: close\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\n\r\n" + body);
  };
  auto r = post(R"({"from":"Baku","to":"Kars","year":18446744073709551615})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("18446744073709551615"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("-1"), std::string::npos) << r.body;
  r = post(R"({"from":"Bad\u0000Name","to":"Kars"})");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("Name"), std::string::npos) << r.body;  // not cut at the NUL
  EXPECT_EQ(post(R"({"from":"Baku","to":"Kars","modes":"rail,road"})").status, 400);
  r = raw_request(s.port(),
                  "POST /api/compare HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                  "application/json\r\nConnection: close\r\nContent-Length: 55\r\n\r\n"
                  R"({"pairs":[{"from":"Baku","to":"Kars","via":"Tbilisi"}]})");
  EXPECT_EQ(r.status, 400) << r.body;
}

}  // namespace
