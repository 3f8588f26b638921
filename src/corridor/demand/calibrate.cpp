#include "corridor/demand/calibrate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "corridor/core/error.h"

namespace corridor::demand {

double geh(double m, double c) {
  return m + c > 0 ? std::sqrt(2 * (m - c) * (m - c) / (m + c)) : 0.0;
}

namespace {

using Matrix = std::vector<std::vector<double>>;

// Solves A x = b by Gaussian elimination with partial pivoting; false when singular.
bool solve(Matrix a, std::vector<double> b, std::vector<double>& x) {
  const size_t n = b.size();
  for (size_t c = 0; c < n; ++c) {
    size_t piv = c;
    for (size_t r = c + 1; r < n; ++r)
      if (std::fabs(a[r][c]) > std::fabs(a[piv][c])) piv = r;
    if (std::fabs(a[piv][c]) < 1e-300) return false;
    std::swap(a[c], a[piv]);
    std::swap(b[c], b[piv]);
    for (size_t r = c + 1; r < n; ++r) {
      const double f = a[r][c] / a[c][c];
      for (size_t k = c; k < n; ++k) a[r][k] -= f * a[c][k];
      b[r] -= f * b[c];
    }
  }
  x.assign(n, 0);
  for (size_t c = n; c-- > 0;) {
    double s = b[c];
    for (size_t k = c + 1; k < n; ++k) s -= a[c][k] * x[k];
    x[c] = s / a[c][c];
  }
  return true;
}

}  // namespace

CalibrationResult calibrate(const std::vector<CalibrationParameter>& params,
                            const std::vector<CalibrationCount>& counts,
                            const CalibrationModel& model, const CalibrationOptions& o) {
  const size_t p = params.size(), n = counts.size();
  if (p == 0) throw Error(Errc::usage, "calibration needs at least one parameter");
  for (const auto& c : counts)
    if (!(c.observed > 0))
      throw Error(Errc::invalid_input, "count '" + c.id + "' must be > 0 to calibrate against");
  if (n <= p)
    throw Error(Errc::invalid_input,
                fmt::format("{} counts cannot identify {} parameters with standard errors (need "
                            "more counts than parameters); fit fewer parameters",
                            n, p));
  CalibrationResult r;
  for (const auto& q : params) r.names.push_back(q.name), r.initial.push_back(q.initial);
  std::vector<double> b = r.initial;
  auto residuals = [&](const std::vector<double>& x, std::vector<double>* volumes) {
    ++r.evaluations;
    std::vector<double> m = model(x);
    if (m.size() != n) throw Error(Errc::internal, "calibration model returned the wrong size");
    std::vector<double> res(n);
    for (size_t c = 0; c < n; ++c) res[c] = (m[c] - counts[c].observed) / counts[c].observed;
    if (volumes) *volumes = m;
    return res;
  };
  auto ssr = [](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x * x;
    return s;
  };
  auto jacobian = [&](const std::vector<double>& x, const std::vector<double>& r0) {
    Matrix j(n, std::vector<double>(p));
    for (size_t k = 0; k < p; ++k) {
      std::vector<double> y = x;
      double h = params[k].step;
      if (y[k] + h > params[k].upper) h = -h;
      y[k] += h;
      auto r1 = residuals(y, nullptr);
      for (size_t c = 0; c < n; ++c) j[c][k] = (r1[c] - r0[c]) / h;
    }
    return j;
  };
  // Identification: every column must move some count, no two columns proportional.
  auto check_identified = [&](const Matrix& j) {
    std::vector<double> norm(p, 0);
    for (size_t k = 0; k < p; ++k) {
      for (size_t c = 0; c < n; ++c) norm[k] += j[c][k] * j[c][k];
      norm[k] = std::sqrt(norm[k]);
      if (norm[k] < 1e-9)
        throw Error(Errc::invalid_input,
                    "the counts cannot identify parameter '" + params[k].name +
                        "': changing it changes no counted volume (no count crosses the flows "
                        "it governs); leave it out");
    }
    for (size_t a = 0; a < p; ++a)
      for (size_t bb = a + 1; bb < p; ++bb) {
        double dot = 0;
        for (size_t c = 0; c < n; ++c) dot += j[c][a] * j[c][bb];
        if (std::fabs(dot / (norm[a] * norm[bb])) > o.collinear)
          throw Error(Errc::invalid_input,
                      "the counts cannot identify parameters '" + params[a].name + "' and '" +
                          params[bb].name +
                          "' separately: they move the counted volumes in the same proportions; "
                          "fit one of them");
      }
  };

  std::vector<double> res = residuals(b, nullptr);
  double s = ssr(res), lambda = 1e-3;
  Matrix j = jacobian(b, res);
  check_identified(j);
  for (r.iterations = 0; r.iterations < o.max_iter; ++r.iterations) {
    Matrix jtj(p, std::vector<double>(p, 0));
    std::vector<double> g(p, 0);
    for (size_t c = 0; c < n; ++c)
      for (size_t a = 0; a < p; ++a) {
        g[a] -= j[c][a] * res[c];
        for (size_t bb = 0; bb < p; ++bb) jtj[a][bb] += j[c][a] * j[c][bb];
      }
    bool improved = false;
    for (int tries = 0; tries < 12 && !improved; ++tries) {
      Matrix m = jtj;
      for (size_t a = 0; a < p; ++a) m[a][a] *= 1 + lambda;
      std::vector<double> d;
      if (!solve(m, g, d)) {
        lambda *= 10;
        continue;
      }
      std::vector<double> y = b;
      for (size_t a = 0; a < p; ++a)
        y[a] = std::clamp(y[a] + d[a], params[a].lower, params[a].upper);
      auto ry = residuals(y, nullptr);
      const double sy = ssr(ry);
      if (sy < s) {
        improved = true;
        const double drop = (s - sy) / std::max(s, 1e-300);
        b = y, res = ry, s = sy;
        lambda = std::max(lambda / 10, 1e-9);
        if (drop < o.tol || s < 1e-20) {
          r.converged = true;
        }
      } else {
        lambda *= 10;
      }
    }
    if (!improved) {
      r.converged = true;  // no step lowers the SSR: a (local) minimum
      break;
    }
    if (r.converged) break;
    j = jacobian(b, res);
  }
  // Standard errors at the solution, over the parameters not held at a bound (those get NaN:
  // the data push them to the bound, so the bound, not the counts, fixes their value).
  j = jacobian(b, res);
  std::vector<size_t> free;
  r.at_bound.assign(p, false);
  for (size_t k = 0; k < p; ++k) {
    r.at_bound[k] = b[k] <= params[k].lower || b[k] >= params[k].upper;
    if (!r.at_bound[k]) free.push_back(k);
  }
  const size_t f = free.size();
  Matrix jtj(f, std::vector<double>(f, 0));
  for (size_t c = 0; c < n; ++c)
    for (size_t a = 0; a < f; ++a)
      for (size_t bb = 0; bb < f; ++bb) jtj[a][bb] += j[c][free[a]] * j[c][free[bb]];
  const double sigma2 = s / static_cast<double>(n - p);
  r.std_errors.assign(p, std::numeric_limits<double>::quiet_NaN());
  for (size_t a = 0; a < f; ++a) {
    std::vector<double> e(f, 0), col;
    e[a] = 1;
    if (!solve(jtj, e, col))
      throw Error(Errc::invalid_input, "the counts cannot identify parameter '" +
                                           params[free[a]].name + "' (singular fit)");
    r.std_errors[free[a]] = std::sqrt(std::max(0.0, sigma2 * col[a]));
  }
  r.values = b;
  std::vector<double> vol;
  residuals(b, &vol);
  double mean = 0, sst = 0, sse = 0;
  for (const auto& c : counts) mean += c.observed / n;
  for (size_t c = 0; c < n; ++c) {
    FittedCount f{counts[c].id, counts[c].observed, vol[c], vol[c] / counts[c].observed,
                  geh(vol[c] / counts[c].geh_divisor, counts[c].observed / counts[c].geh_divisor)};
    r.counts.push_back(f);
    sse += (vol[c] - counts[c].observed) * (vol[c] - counts[c].observed);
    sst += (counts[c].observed - mean) * (counts[c].observed - mean);
  }
  r.rmse = std::sqrt(sse / n);
  r.r2 = sst > 0 ? 1 - sse / sst : 1;
  r.ssr_relative = s;
  return r;
}

}  // namespace corridor::demand
