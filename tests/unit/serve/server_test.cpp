// End-to-end tests of the HTTP API: an in-process serve::Server on an ephemeral port over the real
// bundled dataset (api::default_data_dir(), i.e. data/caucasus or $CORRIDOR_DATA), driven by a
// real HTTP client and, for requests no polite client would send, by raw sockets.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "corridor/serve/serve.h"
#include "unit/serve/raw_http.h"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace corridor;
using serve::testing::raw_connect;
using serve::testing::raw_get;
using serve::testing::raw_read;
using serve::testing::raw_request;
using serve::testing::raw_send;

namespace {

// Collects log lines (the server writes one per request from its worker threads).
class CaptureReporter final : public Reporter {
 public:
  void log(std::string_view m) override {
    std::lock_guard lock(mutex_);
    lines_.emplace_back(m);
  }
  void progress(std::string_view, uint64_t, uint64_t) override {}
  void finish(std::string_view) override {}
  std::vector<std::string> lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> lines_;
};

class ServeApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string dir = api::default_data_dir();
    if (!fs::exists(dir + "/node.csv")) return;  // tests skip with a message
    engine_ = api::load_engine(dir);

    // A web root with an index, a script, a symlink pointing out of the root, and a secret
    // next to the root that traversal attempts try to read.
    base_ = fs::temp_directory_path() / ("corridor-serve-test-" + std::to_string(::getpid()));
    fs::remove_all(base_);
    fs::create_directories(base_ / "web" / "sub");
    std::ofstream(base_ / "web" / "index.html") << "<!doctype html><title>corridor</title>";
    std::ofstream(base_ / "web" / "app.js") << "export const answer = 42;\n";
    std::ofstream(base_ / "web" / "sub" / "style.css") << "body{}";
    fs::create_directories(base_ / "web" / "node_modules" / "pkg");
    std::ofstream(base_ / "web" / "node_modules" / "pkg" / "index.js") << "tooling";
    std::ofstream(base_ / "web" / "package.json") << "{}";
    std::ofstream(base_ / "secret.txt") << "TOP-SECRET";
    fs::create_symlink(base_ / "secret.txt", base_ / "web" / "escape.txt");
    fs::create_directory_symlink(base_, base_ / "web" / "up");

    serve::ServeOptions opt;
    opt.port = 0;
    opt.threads = 4;
    opt.web_root = (base_ / "web").string();
    opt.max_body_bytes = 64 * 1024;
    server_ = std::make_unique<serve::Server>(engine_, opt, reporter_);
    server_->start();
  }
  static void TearDownTestSuite() {
    if (server_) server_->stop();
    server_.reset();
    engine_.reset();
    if (!base_.empty()) fs::remove_all(base_);
  }
  void SetUp() override {
    if (!engine_) GTEST_SKIP() << "dataset not found at " << api::default_data_dir();
  }

  static httplib::Client client() {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(30, 0);
    c.set_tcp_nodelay(true);
    return c;
  }
  static httplib::Result post(const std::string& path, const std::string& body) {
    return client().Post(path.c_str(), body, "application/json");
  }
  // Asserts an error response: status, JSON {"error":{"code","message","details"}}.
  static json expect_error(const httplib::Result& r, int status, const std::string& code) {
    EXPECT_TRUE(r) << "no response";
    if (!r) return {};
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
    json j = json::parse(r->body, nullptr, false);
    EXPECT_TRUE(j.is_object() && j.contains("error")) << r->body;
    if (!j.is_object() || !j.contains("error")) return {};
    EXPECT_EQ(j["error"]["code"], code) << r->body;
    EXPECT_TRUE(j["error"]["message"].is_string());
    EXPECT_TRUE(j["error"]["details"].is_array());
    return j["error"];
  }
  static void expect_still_serving() {
    auto r = client().Get("/api/health");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }

  static inline std::shared_ptr<const api::Engine> engine_;
  static inline CaptureReporter reporter_;
  static inline std::unique_ptr<serve::Server> server_;
  static inline fs::path base_;
};

// ---- happy paths ------------------------------------------------------------------------------

TEST_F(ServeApi, Health) {
  auto r = client().Get("/api/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  json j = json::parse(r->body);
  EXPECT_EQ(j["status"], "ok");
  EXPECT_GT(j["dataset"]["nodes"].get<int>(), 0);
  EXPECT_GT(j["dataset"]["links"].get<int>(), 0);
}

TEST_F(ServeApi, Places) {
  auto r = client().Get("/api/places?q=Nakh");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  ASSERT_TRUE(j.is_array());
  ASSERT_FALSE(j.empty());
  EXPECT_EQ(j[0]["id"], "AZ-NAKHCHIVAN");
  for (const char* k : {"id", "name", "country", "kind", "lat", "lon"})
    EXPECT_TRUE(j[0].contains(k)) << k;

  r = client().Get("/api/places?q=Bak%C4%B1&limit=3");  // "Bakı", percent-encoded UTF-8
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  j = json::parse(r->body);
  ASSERT_FALSE(j.empty());
  EXPECT_EQ(j[0]["id"], "AZ-BAKU");
  EXPECT_LE(j.size(), 3u);
}

TEST_F(ServeApi, NetworkGeoJson) {
  for (const std::string scenario : {"", "baseline", "tripp"}) {
    auto r = client().Get(scenario.empty() ? "/api/network" : "/api/network?scenario=" + scenario);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/geo+json");
    json j = json::parse(r->body);
    EXPECT_EQ(j["type"], "FeatureCollection");
    EXPECT_GT(j["features"].size(), 10u);
    EXPECT_EQ(j["properties"]["scenario"], scenario.empty() ? "baseline" : scenario);
  }
}

TEST_F(ServeApi, NetworkIsGzippedForClientsThatAcceptIt) {
  httplib::Client c("127.0.0.1", server_->port());
  c.set_decompress(false);
  auto r = c.Get("/api/network", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Encoding"), "gzip");
  ASSERT_GE(r->body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(r->body[0]), 0x1f);
  // A client that decompresses gets the same document as one that does not ask for gzip.
  auto plain = client().Get("/api/network");
  auto unzipped = client().Get("/api/network", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(plain && unzipped);
  EXPECT_EQ(plain->body, unzipped->body);
}

TEST_F(ServeApi, Scenarios) {
  auto r = client().Get("/api/scenarios");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  json j = json::parse(r->body);
  ASSERT_TRUE(j.is_array());
  std::set<std::string> names;
  for (const auto& s : j) names.insert(s["name"].get<std::string>());
  EXPECT_TRUE(names.count("baseline"));
  EXPECT_TRUE(names.count("tripp"));
}

TEST_F(ServeApi, RouteEqualsTheFacade) {
  auto r = post("/api/route", R"({"from":"Baku","to":"Nakhchivan"})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  EXPECT_EQ(j["from"]["id"], "AZ-BAKU");
  EXPECT_EQ(j["to"]["id"], "AZ-NAKHCHIVAN");
  EXPECT_EQ(j["scenario"], "baseline");
  EXPECT_GT(j["total"]["km"].get<double>(), 0);
  EXPECT_FALSE(j["legs"].empty());
  // The HTTP answer is exactly what the facade (and so `corridor route --json`) returns.
  api::RouteRequest rq;
  rq.from = "Baku";
  rq.to = "Nakhchivan";
  EXPECT_EQ(j, api::to_json(api::route(*engine_, rq)));
}

TEST_F(ServeApi, RouteWithAllFields) {
  auto r = post("/api/route", R"({"from":"AZ-BAKU","to":"AZ-NAKHCHIVAN","scenario":"tripp",
      "profile":"teu","modes":[],"avoid":[],"year":2030,"alternatives":2})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  EXPECT_EQ(j["scenario"], "tripp");
  EXPECT_TRUE(j["routes"].is_array());
  EXPECT_GE(j["routes"].size(), 1u);
}

TEST_F(ServeApi, TrippShortensBakuNakhchivan) {
  auto base = post("/api/route", R"({"from":"Baku","to":"Nakhchivan"})");
  auto tripp = post("/api/route", R"({"from":"Baku","to":"Nakhchivan","scenario":"tripp"})");
  ASSERT_TRUE(base && tripp);
  ASSERT_EQ(base->status, 200);
  ASSERT_EQ(tripp->status, 200) << tripp->body;
  EXPECT_LT(json::parse(tripp->body)["total"]["hours"].get<double>(),
            json::parse(base->body)["total"]["hours"].get<double>());
}

TEST_F(ServeApi, RouteGeoJson) {
  auto r =
      post("/api/route?format=geojson", R"({"from":"Baku","to":"Nakhchivan","scenario":"tripp"})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/geo+json");
  json j = json::parse(r->body);
  EXPECT_EQ(j["type"], "FeatureCollection");
  EXPECT_FALSE(j["features"].empty());
  EXPECT_TRUE(j["properties"].contains("total"));
  expect_error(post("/api/route?format=xml", R"({"from":"Baku","to":"Nakhchivan"})"), 400,
               "bad_request");
}

TEST_F(ServeApi, Compare) {
  auto r = post("/api/compare",
                R"({"base":"baseline","scenario":"tripp","pairs":[["Baku","Nakhchivan"]]})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  ASSERT_EQ(j["pairs"].size(), 1u);
  EXPECT_LT(j["pairs"][0]["delta"]["hours"].get<double>(), 0);
  // Without pairs: the dataset's pairs.csv.
  r = post("/api/compare", "{}");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_FALSE(json::parse(r->body)["pairs"].empty());
}

TEST_F(ServeApi, Table) {
  auto r = post("/api/table", R"({"sources":["Baku","Nakhchivan"],"targets":["Kars"]})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  ASSERT_EQ(j["cost"].size(), 2u);
  ASSERT_EQ(j["cost"][0].size(), 1u);
  EXPECT_TRUE(j["hours"][0][0].is_number());
}

TEST_F(ServeApi, HeadAndOptionsAndLogging) {
  auto r = client().Head("/api/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  // The access log is written in batches by a background thread, within about 100 ms.
  bool logged = false;
  for (int i = 0; i < 100 && !logged; ++i) {
    for (const auto& l : reporter_.lines())
      logged |= l.find("\"HEAD /api/health\" 200") != std::string::npos;
    if (!logged) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(logged);
}

// ---- bad input: the right 4xx, JSON, and the server keeps serving ----------------------------

TEST_F(ServeApi, MalformedJson) {
  for (const char* body : {"{", "{\"from\":", "not json", "{\"from\":\"Baku\",}", "\xff\xfe"}) {
    auto e = expect_error(post("/api/route", body), 400, "bad_request");
    EXPECT_NE(e.value("message", "").find("JSON"), std::string::npos) << body;
  }
  expect_error(post("/api/route", ""), 400, "bad_request");
  expect_error(post("/api/route", "[1,2]"), 400, "bad_request");
  expect_error(post("/api/route", "\"Baku\""), 400, "bad_request");
  expect_error(post("/api/route", std::string(100, '[') + std::string(100, ']')), 400,
               "bad_request");
  expect_error(post("/api/compare", "{"), 400, "bad_request");
  expect_error(post("/api/table", "nope"), 400, "bad_request");
  expect_still_serving();
}

TEST_F(ServeApi, BodiesMustBeIdentityEncodedJson) {
  const std::string body = R"({"from":"Baku","to":"Nakhchivan"})";
  // A foreign page can POST text/plain or a form to a local server without a CORS preflight.
  expect_error(client().Post("/api/route", body, "text/plain"), 415, "unsupported_media_type");
  expect_error(client().Post("/api/compare", "{}", "application/x-www-form-urlencoded"), 415,
               "unsupported_media_type");
  expect_error(client().Post("/api/route", body, "application/jsonp"), 415,
               "unsupported_media_type");
  for (const char* coding : {"br", "deflate"}) {
    httplib::Headers h = {{"Content-Encoding", coding}};
    expect_error(client().Post("/api/route", h, body, "application/json"), 415,
                 "unsupported_media_type");
  }
  httplib::Headers gz = {{"Content-Encoding", "foo"}};
  expect_error(client().Post("/api/route", gz, body, "application/json"), 415,
               "unsupported_media_type");
  auto ok = client().Post("/api/route", body, "application/json; charset=utf-8");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  expect_still_serving();
}

TEST_F(ServeApi, WrongTypesAndFields) {
  auto e = expect_error(post("/api/route", R"({"from":5,"to":"Baku"})"), 400, "bad_request");
  EXPECT_NE(e["message"].get<std::string>().find("from"), std::string::npos);
  expect_error(post("/api/route", R"({"to":"Baku"})"), 400, "bad_request");
  expect_error(post("/api/route", R"({"from":"Baku","to":"Kars","alternatives":"2"})"), 400,
               "bad_request");
  expect_error(post("/api/route", R"({"from":"Baku","to":"Kars","alternatives":1.5})"), 400,
               "bad_request");
  expect_error(post("/api/route", R"({"from":"Baku","to":"Kars","modes":[1]})"), 400,
               "bad_request");
  expect_error(post("/api/route", R"({"from":"Baku","to":"Kars","modes":["hovercraft"]})"), 400,
               "bad_request");
  expect_error(post("/api/route", R"({"from":"Baku","to":"Kars","avoid":["XX"]})"), 400,
               "bad_request");
  expect_error(post("/api/route", R"({"from":"Baku","to":"Kars","year":1e99})"), 400,
               "bad_request");
  e = expect_error(post("/api/route", R"({"from":"Baku","to":"Kars","form":"x"})"), 400,
                   "bad_request");
  EXPECT_NE(e["message"].get<std::string>().find("form"), std::string::npos);
  expect_error(post("/api/route", R"({"from":"Baku","to":"Kars","scenario":"nope"})"), 400,
               "bad_request");
  expect_error(post("/api/route", R"({"from":"Baku","to":"Kars","profile":"nope"})"), 400,
               "bad_request");
  expect_error(post("/api/compare", R"({"pairs":"Baku"})"), 400, "bad_request");
  expect_error(post("/api/table", R"({"sources":[]})"), 400, "bad_request");
  expect_error(client().Get("/api/places"), 400, "bad_request");
  expect_error(client().Get("/api/places?q=Baku&limit=abc"), 400, "bad_request");
  expect_error(client().Get("/api/places?q=Baku&limit=100000"), 400, "bad_request");
  expect_error(client().Get("/api/network?scenario=nope"), 400, "bad_request");
  expect_still_serving();
}

TEST_F(ServeApi, UnknownPlaceIs404) {
  auto e =
      expect_error(post("/api/route", R"({"from":"Atlantis","to":"Baku"})"), 404, "unknown_place");
  EXPECT_NE(e["message"].get<std::string>().find("Atlantis"), std::string::npos);
  expect_error(post("/api/route", R"({"from":"Nakhchivn","to":"Baku"})"), 404, "unknown_place");
  expect_error(post("/api/table", R"({"sources":["Baku","Atlantis"]})"), 404, "unknown_place");
  expect_error(post("/api/compare", R"({"pairs":[["Atlantis","Baku"]]})"), 404, "unknown_place");
  // Invalid UTF-8 in a place name is echoed safely, never a 500.
  auto r = post("/api/route", "{\"from\":\"Bak\xff\",\"to\":\"Baku\"}");
  ASSERT_TRUE(r);
  EXPECT_GE(r->status, 400);
  EXPECT_LT(r->status, 500);
  expect_still_serving();
}

TEST_F(ServeApi, NoRouteIs422) {
  expect_error(post("/api/route", R"({"from":"Baku","to":"Nakhchivan","modes":["ferry"]})"), 422,
               "no_route");
}

TEST_F(ServeApi, WorkLimits) {
  expect_error(post("/api/route", R"({"from":"Baku","to":"Kars","alternatives":1000})"), 400,
               "bad_request");
  json big = {{"sources", json::array()}};
  for (int i = 0; i < 101; ++i) big["sources"].push_back("Baku");
  expect_error(post("/api/table", big.dump()), 400, "limit_exceeded");
  json pairs = {{"pairs", json::array()}};
  for (int i = 0; i < 201; ++i) pairs["pairs"].push_back({"Baku", "Kars"});
  expect_error(post("/api/compare", pairs.dump()), 400, "limit_exceeded");
}

TEST_F(ServeApi, OversizedBodyIs413) {
  const std::string huge = R"({"from":")" + std::string(100 * 1024, 'a') + R"(","to":"Baku"})";
  expect_error(post("/api/route", huge), 413, "payload_too_large");
  // Chunked bodies have no declared length; they are cut off at the limit too.
  httplib::Client c("127.0.0.1", server_->port());
  auto r = c.Post(
      "/api/route",
      [&](size_t offset, httplib::DataSink& sink) {
        if (offset < huge.size())
          sink.write(huge.data() + offset, std::min<size_t>(8192, huge.size() - offset));
        if (offset + 8192 >= huge.size()) sink.done();
        return true;
      },
      "application/json");
  expect_error(r, 413, "payload_too_large");
  // Expect: 100-continue with a declared length over the limit is refused before the body.
  auto raw = raw_request(
      server_->port(),
      "POST /api/route HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Content-Length: 999999999\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(raw.status, 413) << raw.head;
  EXPECT_NE(raw.body.find("payload_too_large"), std::string::npos);
  expect_still_serving();
}

TEST_F(ServeApi, MethodsAndUnknownEndpoints) {
  auto r = client().Get("/api/route");
  expect_error(r, 405, "method_not_allowed");
  EXPECT_EQ(r->get_header_value("Allow"), "POST");
  r = post("/api/health", "{}");
  expect_error(r, 405, "method_not_allowed");
  EXPECT_EQ(r->get_header_value("Allow"), "GET, HEAD");
  expect_error(client().Delete("/api/route"), 405, "method_not_allowed");
  expect_error(client().Put("/api/table", "{}", "application/json"), 405, "method_not_allowed");
  expect_error(post("/index.html", "{}"), 405, "method_not_allowed");
  expect_error(client().Get("/api/nope"), 404, "not_found");
  expect_error(client().Get("/api"), 404, "not_found");
  expect_error(post("/api/route/extra", "{}"), 404, "not_found");
  auto raw = raw_request(server_->port(),
                         "BREW /api/route HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_GE(raw.status, 400);
  EXPECT_LT(raw.status, 500);
  raw = raw_request(server_->port(), "garbage\r\n\r\n");
  EXPECT_EQ(raw.status, 400);
  expect_still_serving();
}

TEST_F(ServeApi, StaticFilesWithMimeTypes) {
  auto r = client().Get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(r->body.find("<title>corridor</title>"), std::string::npos);
  r = client().Get("/app.js");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  r = client().Get("/sub/style.css");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/css; charset=utf-8");
  // The web folder's build tooling is not part of the site.
  expect_error(client().Get("/node_modules/pkg/index.js"), 404, "not_found");
  expect_error(client().Get("/package.json"), 404, "not_found");
  expect_error(client().Get("/missing.js"), 404, "not_found");
}

TEST_F(ServeApi, NoPathTraversal) {
  const int port = server_->port();
  for (const char* target : {"/../secret.txt",
                             "/sub/../../secret.txt",
                             "/%2e%2e/secret.txt",
                             "/%2e%2e%2fsecret.txt",
                             "/%2E%2E%2Fsecret.txt",
                             "/sub/%2e%2e%2f%2e%2e%2fsecret.txt",
                             "/..%2fsecret.txt",
                             "/..%5csecret.txt",
                             "/%2e%2e%5csecret.txt",
                             "/..\\secret.txt",
                             "//secret.txt",
                             "/%252e%252e%252fsecret.txt",
                             "/escape.txt",
                             "/up/secret.txt",
                             "/up/%2e%2e/secret.txt",
                             "/%00",
                             "/app.js%00.png",
                             "/.%2e/secret.txt",
                             "/../../../../../../etc/passwd",
                             "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd"}) {
    auto r = raw_get(port, target);
    EXPECT_GE(r.status, 400) << target;
    EXPECT_LT(r.status, 500) << target;
    EXPECT_EQ(r.body.find("TOP-SECRET"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << target;
    EXPECT_NE(r.body.find("\"error\""), std::string::npos) << target << ": " << r.body;
  }
  expect_still_serving();
}

TEST_F(ServeApi, ConcurrentRoutesAgree) {
  const std::string expected =
      post("/api/route", R"({"from":"Baku","to":"Nakhchivan","scenario":"tripp"})")->body;
  std::atomic<int> ok{0}, bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      auto c = client();
      for (int i = 0; i < 40; ++i) {
        auto r = c.Post("/api/route", R"({"from":"Baku","to":"Nakhchivan","scenario":"tripp"})",
                        "application/json");
        (r && r->status == 200 && r->body == expected ? ok : bad)++;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 320);
  EXPECT_EQ(bad, 0);
}

// ---- server lifecycle and overload --------------------------------------------------------

TEST_F(ServeApi, PortInUseIsAnError) {
  serve::ServeOptions opt;
  opt.port = server_->port();
  serve::Server second(engine_, opt, reporter_);
  try {
    second.start();
    FAIL() << "a second server bound the same port";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::io_error);
  }
}

TEST_F(ServeApi, BadOptionsAreUsageErrors) {
  serve::ServeOptions opt;
  opt.port = 70000;
  EXPECT_THROW(serve::Server(engine_, opt, reporter_), Error);
  opt = {};
  opt.web_root = "/nonexistent/web";
  EXPECT_THROW(serve::Server(engine_, opt, reporter_), Error);
}

TEST_F(ServeApi, OverloadIs503AndRecovers) {
  serve::ServeOptions opt;
  opt.port = 0;
  opt.max_connections = 1;  // (was: 1 worker, 0 queue; connections no longer hold workers)
  opt.timeout_s = 3;
  serve::Server small(engine_, opt, reporter_);
  small.start();
  const int port = small.port();
  // Occupy the only connection slot with a request whose headers never finish.
  int hog = raw_connect(port);
  ASSERT_GE(hog, 0);
  ASSERT_TRUE(raw_send(hog, "GET /api/health HTTP/1.1\r\nHost: localhost\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto r = raw_get(port, "/api/health");
  EXPECT_EQ(r.status, 503) << r.head;
  EXPECT_NE(r.body.find("\"overloaded\""), std::string::npos) << r.body;
  EXPECT_NE(r.head.find("Retry-After"), std::string::npos);
  // Finishing the hog's request frees the worker; the server serves again.
  ASSERT_TRUE(raw_send(hog, "Connection: close\r\n\r\n"));
  auto hog_response = raw_read(hog);
  ::close(hog);
  EXPECT_EQ(hog_response.status, 200);
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    status = raw_get(port, "/api/health").status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(status, 200);
  small.stop();
}

TEST_F(ServeApi, StopIsCleanAndIdempotent) {
  serve::ServeOptions opt;
  opt.port = 0;
  serve::Server s(engine_, opt, reporter_);
  s.start();
  const int port = s.port();
  EXPECT_EQ(raw_get(port, "/api/health").status, 200);
  s.stop();
  s.stop();
  EXPECT_LT(raw_connect(port, 1), 0);  // nothing listens any more
}

TEST_F(ServeApi, ServesTheBundledWebMap) {
  const fs::path web = fs::path(CORRIDOR_SOURCE_DIR) / "web";
  if (!fs::exists(web / "index.html")) GTEST_SKIP() << "no web/index.html";
  serve::ServeOptions opt;
  opt.port = 0;
  opt.web_root = web.string();
  serve::Server s(engine_, opt, reporter_);
  s.start();
  httplib::Client c("127.0.0.1", s.port());
  auto r = c.Get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("<html"), std::string::npos);
  r = c.Get("/app.js");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
}

}  // namespace
