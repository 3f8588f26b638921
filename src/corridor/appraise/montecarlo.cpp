#include "corridor/appraise/montecarlo.h"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "corridor/core/error.h"
#include "corridor/core/files.h"

namespace corridor::appraise {

double Distribution::quantile(double u) const {
  switch (kind) {
    case Kind::triangular: {
      double w = max - min;
      if (w <= 0) return mode;
      double f = (mode - min) / w;
      return u < f ? min + std::sqrt(u * w * (mode - min))
                   : max - std::sqrt((1 - u) * w * (max - mode));
    }
    case Kind::lognormal:
      return std::exp(mu + sigma * normal_quantile(u));
    case Kind::empirical: {
      if (values.size() == 1) return values[0];
      double x = u * static_cast<double>(values.size() - 1);
      size_t i = std::min(static_cast<size_t>(x), values.size() - 2);
      return values[i] + (values[i + 1] - values[i]) * (x - static_cast<double>(i));
    }
  }
  return 1;
}

double Distribution::mean() const {
  switch (kind) {
    case Kind::triangular:
      return (min + mode + max) / 3;
    case Kind::lognormal:
      return std::exp(mu + sigma * sigma / 2);
    case Kind::empirical: {
      // Mean of the piecewise-linear inverse CDF: trapezoids between consecutive values.
      if (values.size() == 1) return values[0];
      double s = 0;
      for (size_t i = 0; i + 1 < values.size(); ++i) s += 0.5 * (values[i] + values[i + 1]);
      return s / static_cast<double>(values.size() - 1);
    }
  }
  return 1;
}

namespace {

[[noreturn]] void fail_at(const std::string& file, const toml::node& n, const std::string& msg) {
  const auto& s = n.source();
  throw Error(Errc::invalid_input, "invalid uncertainty file '" + file + "'",
              {{{file, static_cast<int>(s.begin.line), static_cast<int>(s.begin.column)}, msg}});
}

double number(const std::string& file, const toml::table& t, const toml::node& at,
              const char* key) {
  const toml::node* n = t.get(key);
  if (!n) fail_at(file, at, std::string("missing '") + key + "' (a number)");
  if (auto v = n->value<double>()) {
    if (!std::isfinite(*v)) fail_at(file, *n, std::string("'") + key + "' must be finite");
    return *v;
  }
  fail_at(file, *n, std::string("expected a number for '") + key + "'");
}

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

Uncertainty Uncertainty::parse(std::string_view text, const std::string& file) {
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    const auto& s = e.source();
    throw Error(Errc::invalid_input, "invalid uncertainty file '" + file + "'",
                {{{file, static_cast<int>(s.begin.line), static_cast<int>(s.begin.column)},
                  std::string(e.description())}});
  }
  Uncertainty u;
  // toml++ tables are unordered maps; order variables by their position in the file.
  std::vector<std::pair<std::pair<int, int>, std::string>> order;
  for (const auto& [k, v] : root)
    order.push_back(
        {{static_cast<int>(v.source().begin.line), static_cast<int>(v.source().begin.column)},
         std::string(k.str())});
  std::sort(order.begin(), order.end());
  for (const auto& [pos, name] : order) {
    const toml::node& node = *root.get(name);
    const toml::table* t = node.as_table();
    if (std::find(std::begin(kUncertainVariables), std::end(kUncertainVariables), name) ==
        std::end(kUncertainVariables))
      fail_at(file, node,
              "unknown variable '" + name +
                  "': expected demand, vot, border_dwell, tariff, capex or carbon");
    if (!t) fail_at(file, node, "expected a table [" + name + "]");
    Distribution d;
    const toml::node* kind = t->get("distribution");
    if (!kind || !kind->is_string()) fail_at(file, node, "missing distribution = \"...\"");
    const std::string k = *kind->value<std::string>();
    const toml::node* src = t->get("source");
    if (!src || !src->is_string() || src->value<std::string>()->empty())
      fail_at(file, node, "missing source = \"...\" (every distribution is cited)");
    d.source = *src->value<std::string>();
    static const std::set<std::string> kKeys = {"distribution", "source", "min",   "mode",
                                                "max",          "mu",     "sigma", "values"};
    for (const auto& [kk, vv] : *t)
      if (!kKeys.count(std::string(kk.str())))
        fail_at(file, vv, "unknown key '" + std::string(kk.str()) + "'");
    if (k == "triangular") {
      d.kind = Distribution::Kind::triangular;
      d.min = number(file, *t, node, "min");
      d.mode = number(file, *t, node, "mode");
      d.max = number(file, *t, node, "max");
      if (!(d.min <= d.mode && d.mode <= d.max && d.min >= 0))
        fail_at(file, node, "triangular needs 0 <= min <= mode <= max");
    } else if (k == "lognormal") {
      d.kind = Distribution::Kind::lognormal;
      d.mu = number(file, *t, node, "mu");
      d.sigma = number(file, *t, node, "sigma");
      if (!(d.sigma >= 0 && d.sigma < 5)) fail_at(file, node, "lognormal needs 0 <= sigma < 5");
    } else if (k == "empirical") {
      d.kind = Distribution::Kind::empirical;
      const toml::array* a = t->get_as<toml::array>("values");
      if (!a || a->empty()) fail_at(file, node, "empirical needs values = [ ... ] (non-empty)");
      for (const auto& e : *a) {
        auto v = e.value<double>();
        if (!v || !std::isfinite(*v) || *v < 0)
          fail_at(file, e, "expected a non-negative number in values");
        d.values.push_back(*v);
      }
      std::sort(d.values.begin(), d.values.end());
    } else {
      fail_at(file, *kind,
              "unknown distribution '" + k + "': expected triangular, lognormal or empirical");
    }
    u.names.push_back(name);
    u.dists.push_back(std::move(d));
  }
  return u;
}

Uncertainty Uncertainty::load(const std::string& path) {
  return parse(files::read_all(path), path);
}

const Distribution* Uncertainty::find(std::string_view name) const {
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return &dists[i];
  return nullptr;
}

double uniform01(uint64_t seed, uint64_t draw, uint64_t var) {
  uint64_t x = splitmix64(splitmix64(splitmix64(seed) ^ draw) ^ (var * 0xd1b54a32d192ed03ULL));
  return (static_cast<double>(x >> 11) + 0.5) * 0x1.0p-53;
}

double normal_quantile(double p) {
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  double x;
  if (p < 0.02425) {
    double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p > 1 - 0.02425) {
    double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else {
    double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  // One Halley step on erfc.
  double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  double u = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

std::vector<double> draw_factors(const Uncertainty& u, uint64_t seed, uint64_t i) {
  std::vector<double> f(u.dists.size());
  for (size_t j = 0; j < f.size(); ++j) f[j] = u.dists[j].quantile(uniform01(seed, i, j));
  return f;
}

std::vector<DrawResult> run_draws(const Uncertainty& u, uint64_t seed, size_t n, int threads,
                                  const std::function<DrawResult(const std::vector<double>&)>& fn) {
  std::vector<DrawResult> out(n);
  tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(size_t{0}, n, [&](size_t i) { out[i] = fn(draw_factors(u, seed, i)); });
  });
  return out;
}

double sample_quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  double x = q * static_cast<double>(v.size() - 1);
  size_t i = std::min(static_cast<size_t>(x), v.size() - 1);
  if (i + 1 >= v.size()) return v.back();
  return v[i] + (v[i + 1] - v[i]) * (x - static_cast<double>(i));
}

Percentiles percentiles(const std::vector<double>& v) {
  Percentiles p;
  p.p10 = sample_quantile(v, 0.1);
  p.p50 = sample_quantile(v, 0.5);
  p.p90 = sample_quantile(v, 0.9);
  double s = 0;
  for (double x : v) s += x;
  p.mean = v.empty() ? 0 : s / static_cast<double>(v.size());
  return p;
}

McSummary summarise(const std::vector<DrawResult>& draws, uint64_t seed) {
  McSummary m;
  m.draws = draws.size();
  m.seed = seed;
  std::vector<double> npv, bcr, head;
  size_t neg = 0;
  for (const auto& d : draws) {
    npv.push_back(d.npv);
    bcr.push_back(d.bcr);
    head.push_back(d.headline);
    if (d.npv < 0) ++neg;
  }
  m.npv = percentiles(npv);
  m.bcr = percentiles(bcr);
  m.headline = percentiles(head);
  double ss = 0;
  for (double x : npv) ss += (x - m.npv.mean) * (x - m.npv.mean);
  m.npv_sd = npv.size() > 1 ? std::sqrt(ss / static_cast<double>(npv.size() - 1)) : 0;
  m.npv_se = npv.empty() ? 0 : m.npv_sd / std::sqrt(static_cast<double>(npv.size()));
  m.p_npv_negative = draws.empty() ? 0 : static_cast<double>(neg) / draws.size();
  m.npv_sample = std::move(npv);
  return m;
}

std::vector<TornadoBar> tornado(const Uncertainty& u,
                                const std::function<double(const std::string&, double)>& npv_of,
                                double central_npv) {
  std::vector<TornadoBar> bars;
  for (size_t j = 0; j < u.names.size(); ++j) {
    TornadoBar b;
    b.variable = u.names[j];
    b.low_factor = u.dists[j].quantile(0.1);
    b.high_factor = u.dists[j].quantile(0.9);
    b.npv_low = npv_of(b.variable, b.low_factor);
    b.npv_high = npv_of(b.variable, b.high_factor);
    // Switching value: bisection on [0.01, 10] around the central factor 1.
    for (auto [lo, hi] : {std::pair{0.01, 1.0}, std::pair{1.0, 10.0}}) {
      double flo = lo == 1.0 ? central_npv : npv_of(b.variable, lo);
      double fhi = hi == 1.0 ? central_npv : npv_of(b.variable, hi);
      if (flo == 0 || (flo < 0) == (fhi < 0)) continue;
      // To 1e-5 of the factor (reported to 4 decimals): 20 halvings of [1, 10], not 40.
      for (int it = 0; it < 40 && hi - lo > 1e-5; ++it) {
        double mid = 0.5 * (lo + hi), fm = npv_of(b.variable, mid);
        if ((fm < 0) == (flo < 0)) {
          lo = mid;
          flo = fm;
        } else {
          hi = mid;
        }
      }
      b.switching_factor = 0.5 * (lo + hi);
      break;
    }
    bars.push_back(b);
  }
  std::stable_sort(bars.begin(), bars.end(), [](const TornadoBar& a, const TornadoBar& b) {
    double sa = std::abs(a.npv_high - a.npv_low), sb = std::abs(b.npv_high - b.npv_low);
    if (sa != sb) return sa > sb;
    return a.variable < b.variable;
  });
  return bars;
}

}  // namespace corridor::appraise
