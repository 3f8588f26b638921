// POST /api/appraise (docs/http-api.md): the CLI's `corridor appraise` options as a JSON object,
// bounded for a server (draws <= kHttpMaxDraws, one thread), answered with api::to_json of the
// same AppraiseResult that `corridor appraise --json` prints.
#include <cmath>
#include <limits>
#include <string>

#include "corridor/api/appraise.h"
#include "corridor/core/error.h"

namespace corridor::api {

namespace {

using nlohmann::json;

const char* const kFields[] = {
    "base",        "scenario",       "from",       "to",    "discount", "opening",     "ramp_up",
    "carbon_path", "forecast_years", "after_last", "draws", "seed",     "sensitivity", "tornado"};

void check_fields(const json& j) {
  if (!j.is_object()) throw Error(Errc::usage, "request body must be a JSON object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool ok = false;
    for (const char* k : kFields) ok = ok || it.key() == k;
    if (!ok) {
      std::string known;
      for (const char* k : kFields) known += std::string(known.empty() ? "" : ", ") + k;
      throw Error(Errc::usage,
                  "unknown field '" + it.key().substr(0, 200) + "' (known: " + known + ")");
    }
  }
}

std::string str(const json& j, const char* k, const std::string& dflt) {
  if (!j.contains(k) || j[k].is_null()) return dflt;
  if (!j[k].is_string()) throw Error(Errc::usage, "'" + std::string(k) + "' must be a string");
  std::string s = j[k].get<std::string>();
  if (s.size() > 200) throw Error(Errc::usage, "'" + std::string(k) + "' is over 200 bytes");
  return s;
}

int64_t integer(const json& v, const std::string& k, int64_t lo, int64_t hi) {
  if (v.is_number_unsigned()) {
    const uint64_t u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(hi))
      throw Error(Errc::usage, "'" + k + "' must be an integer in " + std::to_string(lo) + ".." +
                                   std::to_string(hi) + ", found " + std::to_string(u));
    return static_cast<int64_t>(u);
  }
  if (!v.is_number_integer())
    throw Error(Errc::usage, "'" + k + "' must be an integer in " + std::to_string(lo) + ".." +
                                 std::to_string(hi));
  const int64_t x = v.get<int64_t>();
  if (x < lo || x > hi)
    throw Error(Errc::usage, "'" + k + "' must be an integer in " + std::to_string(lo) + ".." +
                                 std::to_string(hi) + ", found " + std::to_string(x));
  return x;
}

double number(const json& v, const std::string& k) {
  if (!v.is_number() || !std::isfinite(v.get<double>()))
    throw Error(Errc::usage, "'" + k + "' must be a number");
  return v.get<double>();
}

const json* field(const json& j, const char* k) {
  return j.contains(k) && !j[k].is_null() ? &j[k] : nullptr;
}

}  // namespace

AppraiseRequest appraise_request_from_json(const json& j) {
  check_fields(j);
  AppraiseRequest r;
  r.base = str(j, "base", "");
  r.scenario = str(j, "scenario", "");
  if (auto* v = field(j, "from")) r.from = static_cast<int>(integer(*v, "from", 1990, 2200));
  if (auto* v = field(j, "to")) r.to = static_cast<int>(integer(*v, "to", 1990, 2200));
  if (auto* v = field(j, "discount")) r.discount = number(*v, "discount");
  if (auto* v = field(j, "opening"))
    r.opening_year = static_cast<int>(integer(*v, "opening", 1990, 2200));
  if (auto* v = field(j, "ramp_up")) {
    if (!v->is_array() || v->size() > 50)
      throw Error(Errc::usage, "'ramp_up' must be an array of at most 50 shares");
    r.ramp_up.clear();
    for (const auto& x : *v) r.ramp_up.push_back(number(x, "ramp_up"));
  }
  r.carbon_path = str(j, "carbon_path", r.carbon_path);
  if (auto* v = field(j, "forecast_years")) {
    if (!v->is_array() || v->size() > 20)
      throw Error(Errc::usage, "'forecast_years' must be an array of at most 20 years");
    std::vector<int> ys;
    for (const auto& x : *v)
      ys.push_back(static_cast<int>(integer(x, "forecast_years", 1990, 2200)));
    r.forecast_years = ys;
  }
  r.after_last = str(j, "after_last", r.after_last);
  if (auto* v = field(j, "draws")) {
    const int64_t n = integer(*v, "draws", 0, std::numeric_limits<int64_t>::max());
    if (n > static_cast<int64_t>(kHttpMaxDraws))
      throw Error(Errc::limit_exceeded, "'draws' is over the server's limit of " +
                                            std::to_string(kHttpMaxDraws) + " (found " +
                                            std::to_string(n) +
                                            "); run `corridor appraise --draws N` for more");
    r.draws = static_cast<size_t>(n);
  }
  if (auto* v = field(j, "seed"))
    r.seed = static_cast<uint64_t>(integer(*v, "seed", 0, std::numeric_limits<int64_t>::max()));
  if (auto* v = field(j, "sensitivity")) {
    if (!v->is_boolean()) throw Error(Errc::usage, "'sensitivity' must be true or false");
    r.sensitivity = v->get<bool>();
  }
  if (auto* v = field(j, "tornado")) {
    if (!v->is_array() || v->size() > 6)
      throw Error(Errc::usage, "'tornado' must be an array of at most 6 variable names");
    for (const auto& x : *v) {
      if (!x.is_string()) throw Error(Errc::usage, "'tornado' must hold variable names");
      r.tornado.push_back(x.get<std::string>().substr(0, 200));
    }
  }
  r.threads = 1;  // one request, one core: the server runs requests in parallel
  r.validate();
  return r;
}

json appraise_http(const Engine& e, const json& body) {
  return to_json(appraise(e, appraise_request_from_json(body)));
}

}  // namespace corridor::api
