// POST /api/appraise through an in-process server (w-appraise; docs/http-api.md): the answer is
// api::to_json of the same request the CLI runs, and the server's work bound is a 4xx JSON error.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>

#include "corridor/api/appraise.h"
#include "corridor/serve/serve.h"

using nlohmann::json;
using namespace corridor;

namespace {

class QuietReporter final : public Reporter {
 public:
  void log(std::string_view) override {}
  void progress(std::string_view, uint64_t, uint64_t) override {}
  void finish(std::string_view) override {}
};

TEST(ServeAppraise, AnswersTheApiJsonAndBoundsTheDraws) {
  const std::string dir = api::default_data_dir();
  if (!std::filesystem::exists(dir + "/appraisal/capex.csv"))
    GTEST_SKIP() << "dataset with appraisal inputs not found at " << dir;
  auto engine = api::load_engine(dir);
  QuietReporter rep;
  serve::ServeOptions opt;
  opt.port = 0;
  opt.threads = 2;
  opt.timeout_s = 60;
  serve::Server server(engine, opt, rep);
  server.start();
  httplib::Client c("127.0.0.1", server.port());
  c.set_read_timeout(120, 0);

  const std::string body =
      R"({"scenario":"tripp","forecast_years":[],"sensitivity":false,"draws":4,"seed":3})";
  auto r = c.Post("/api/appraise", body, "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json got = json::parse(r->body);
  // The same typed result, rendered by api::to_json, as the CLI's --json.
  api::AppraiseRequest req;
  req.scenario = "tripp";
  req.forecast_years = std::vector<int>{};
  req.sensitivity = false;
  req.draws = 4;
  req.seed = 3;
  req.threads = 1;
  EXPECT_EQ(got, api::to_json(api::appraise(*engine, req)));
  EXPECT_EQ(got["monte_carlo"]["draws"], 4);
  EXPECT_NEAR(got["npv_usd"].get<double>(),
              got["pv_benefits_usd"].get<double>() - got["pv_costs_usd"].get<double>(), 2.0);

  // Over the server's draw limit: 400 limit_exceeded, nothing computed.
  r = c.Post("/api/appraise", R"({"scenario":"tripp","draws":1001})", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  json e = json::parse(r->body);
  EXPECT_EQ(e["error"]["code"], "limit_exceeded") << r->body;
  // Bad fields are 400 bad_request with a message naming them.
  for (const char* bad :
       {R"({"scenario":"tripp","drawz":1})", R"({"draws":"many"})", R"({"discount":3})",
        R"({"forecast_years":[1800]})", R"({"tornado":["weather"]})", R"({"draws":-1})"}) {
    r = c.Post("/api/appraise", bad, "application/json");
    ASSERT_TRUE(r) << bad;
    EXPECT_EQ(r->status, 400) << bad << " -> " << r->body;
    EXPECT_EQ(json::parse(r->body)["error"]["code"], "bad_request") << bad;
  }
  r = c.Get("/api/appraise");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  server.stop();
}

}  // namespace
