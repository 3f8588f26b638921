// The answer cache (detail/response_cache): bounded by bytes with oldest-first eviction, huge
// entries refused, disabled at 0; and through the server: a cached answer is byte-identical to a
// freshly computed one whatever the key order or white space of the request, and errors are not
// cached.
#include "corridor/serve/detail/response_cache.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <string>

#include "corridor/serve/serve.h"

namespace corridor::serve {
namespace {

std::shared_ptr<const void> value(const std::string& s) {
  return std::make_shared<const std::string>(s);
}
std::string text(const std::shared_ptr<const void>& p) {
  return p ? *std::static_pointer_cast<const std::string>(p) : std::string("<none>");
}

TEST(ResponseCache, StoresAndFinds) {
  detail::ResponseCache c(1 << 20);
  EXPECT_EQ(c.get("a"), nullptr);
  c.put("a", value("A"), 1);
  c.put("b", value("B"), 1);
  EXPECT_EQ(text(c.get("a")), "A");
  EXPECT_EQ(text(c.get("b")), "B");
  c.put("a", value("other"), 5);  // first answer stays
  EXPECT_EQ(text(c.get("a")), "A");
  EXPECT_EQ(c.entries(), 2u);
  EXPECT_EQ(c.bytes(), 4u);  // keys + values
}

TEST(ResponseCache, BoundedByBytesOldestFirst) {
  // 8 shards of 1,600 bytes; entries of 100 + key bytes.
  detail::ResponseCache c(8 * 1600);
  for (int i = 0; i < 2000; ++i) c.put("key" + std::to_string(i), value(std::to_string(i)), 100);
  EXPECT_LE(c.bytes(), c.max_bytes());
  EXPECT_GT(c.entries(), 8u * 10);  // each shard still full-ish
  EXPECT_LE(c.entries(), 8u * 16);
  // The newest entries survive, the oldest went first.
  EXPECT_EQ(text(c.get("key1999")), "1999");
  EXPECT_EQ(c.get("key0"), nullptr);
}

TEST(ResponseCache, HugeEntriesAndDisabled) {
  detail::ResponseCache c(16 * 1024);
  c.put("big", value("x"), 1025);  // over a sixteenth of the bound
  EXPECT_EQ(c.get("big"), nullptr);
  c.put("ok", value("y"), 1000);
  EXPECT_EQ(text(c.get("ok")), "y");
  detail::ResponseCache off(0);
  off.put("k", value("v"), 1);
  EXPECT_EQ(off.get("k"), nullptr);
  EXPECT_EQ(off.entries(), 0u);
}

class NullRep final : public Reporter {
 public:
  void log(std::string_view) override {}
  void progress(std::string_view, uint64_t, uint64_t) override {}
  void finish(std::string_view) override {}
};

TEST(ServeAnswerCache, CachedAnswersEqualComputedOnes) {
  const std::string dir = api::default_data_dir();
  if (!std::filesystem::exists(dir + "/node.csv")) GTEST_SKIP() << "dataset not found at " << dir;
  auto engine = api::load_engine(dir);
  NullRep rep;
  ServeOptions cached, uncached;
  cached.port = uncached.port = 0;
  uncached.cache_bytes = 0;
  Server a(engine, cached, rep), b(engine, uncached, rep);
  a.start();
  b.start();
  httplib::Client ca("127.0.0.1", a.port()), cb("127.0.0.1", b.port());
  const std::string q1 = R"({"from":"Baku","to":"Kars","scenario":"tripp-kars"})";
  const std::string q2 = R"( { "scenario" : "tripp-kars", "to":"Kars" ,"from":"Baku"} )";
  auto fresh = cb.Post("/api/route", q1, "application/json");
  ASSERT_TRUE(fresh);
  ASSERT_EQ(fresh->status, 200) << fresh->body;
  for (const auto& q : {q1, q2, q1, q2}) {  // the first computes, the others hit the cache
    auto r = ca.Post("/api/route", q, "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, fresh->body) << q;
  }
  // geojson is a different answer to the same body, not the cached json.
  auto g = ca.Post("/api/route?format=geojson", q1, "application/json");
  auto gf = cb.Post("/api/route?format=geojson", q1, "application/json");
  ASSERT_TRUE(g && gf);
  EXPECT_EQ(g->body, gf->body);
  EXPECT_NE(g->body, fresh->body);
  // Gzipped answers from the cache inflate to the same bytes (httplib decompresses).
  ca.set_decompress(true);
  auto z =
      ca.Post("/api/route", httplib::Headers{{"Accept-Encoding", "gzip"}}, q1, "application/json");
  ASSERT_TRUE(z);
  EXPECT_EQ(z->body, fresh->body);
  // Errors are answered each time and never cached: the same bad request stays 404, and a good
  // one after it is unaffected.
  for (int i = 0; i < 2; ++i) {
    auto e = ca.Post("/api/route", R"({"from":"Bakuu","to":"Kars"})", "application/json");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->status, 404) << e->body;
  }
  auto places = ca.Get("/api/places?q=Bak&limit=3");
  auto places_fresh = cb.Get("/api/places?q=Bak&limit=3");
  ASSERT_TRUE(places && places_fresh);
  EXPECT_EQ(places->body, places_fresh->body);
  auto places_again = ca.Get("/api/places?q=Bak&limit=3");
  ASSERT_TRUE(places_again);
  EXPECT_EQ(places_again->body, places_fresh->body);
  auto places_more = ca.Get("/api/places?q=Bak&limit=4");  // the limit is part of the key
  auto places_more_fresh = cb.Get("/api/places?q=Bak&limit=4");
  ASSERT_TRUE(places_more && places_more_fresh);
  EXPECT_EQ(places_more->body, places_more_fresh->body);
  a.stop();
  b.stop();
}

}  // namespace
}  // namespace corridor::serve
