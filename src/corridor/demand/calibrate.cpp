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

// Inverse of a symmetric positive matrix's diagonal via solves; false when singular.
bool inverse_diagonal(const Matrix& a, std::vector<double>& diag) {
  const size_t n = a.size();
  diag.assign(n, 0);
  for (size_t k = 0; k < n; ++k) {
    std::vector<double> e(n, 0), col;
    e[k] = 1;
    if (!solve(a, e, col)) return false;
    diag[k] = col[k];
  }
  return true;
}

// The problem in the transformed parameters u (ln b for log-scale parameters).
struct Transformed {
  const std::vector<CalibrationParameter>& params;
  const std::vector<CalibrationCount>& counts;
  const CalibrationModel& model;
  int* evaluations;

  double to_u(size_t k, double b) const { return params[k].log_scale ? std::log(b) : b; }
  double to_b(size_t k, double u) const { return params[k].log_scale ? std::exp(u) : u; }
  double lower(size_t k) const { return to_u(k, params[k].lower); }
  double upper(size_t k) const { return to_u(k, params[k].upper); }
  std::vector<double> residuals(const std::vector<double>& u, std::vector<double>* volumes) const {
    ++*evaluations;
    std::vector<double> b(u.size());
    for (size_t k = 0; k < u.size(); ++k) b[k] = to_b(k, u[k]);
    std::vector<double> m = model(b);
    if (m.size() != counts.size())
      throw Error(Errc::internal, "calibration model returned the wrong size");
    std::vector<double> res(m.size());
    for (size_t c = 0; c < m.size(); ++c) res[c] = (m[c] - counts[c].observed) / counts[c].observed;
    if (volumes) *volumes = m;
    return res;
  }
  Matrix jacobian(const std::vector<double>& u, const std::vector<double>& r0) const {
    const size_t n = counts.size(), p = params.size();
    Matrix j(n, std::vector<double>(p));
    // Central differences (one-sided next to a bound): the forward difference's O(h) bias
    // would leave a spurious gradient at the minimum and defeat the gradient test.
    for (size_t k = 0; k < p; ++k) {
      const double h = params[k].step;
      const bool up = u[k] + h <= upper(k), down = u[k] - h >= lower(k);
      std::vector<double> y = u, z = u;
      if (up) y[k] += h;
      if (down) z[k] -= h;
      const auto r1 = up ? residuals(y, nullptr) : r0;
      const auto r2 = down ? residuals(z, nullptr) : r0;
      const double span = (up ? h : 0) + (down ? h : 0);
      for (size_t c = 0; c < n; ++c) j[c][k] = span > 0 ? (r1[c] - r2[c]) / span : 0;
    }
    return j;
  }
};

double ssr(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x * x;
  return s;
}

void check_parameters(const std::vector<CalibrationParameter>& params) {
  for (const auto& q : params)
    if (q.log_scale && !(q.lower > 0 && q.initial > 0))
      throw Error(Errc::internal, "calibration parameter '" + q.name +
                                      "' in log space needs positive initial value and bound");
}

// Identification on a given Jacobian (u units).
Identification identify_on(const std::vector<CalibrationParameter>& params,
                           const std::vector<CalibrationCount>& counts, const Matrix& j,
                           const CalibrationOptions& o) {
  const size_t p = params.size(), n = counts.size();
  Identification id;
  id.problem.assign(p, "");
  id.predicted_se.assign(p, std::numeric_limits<double>::quiet_NaN());
  std::vector<double> norm(p, 0);
  for (size_t k = 0; k < p; ++k) {
    for (size_t c = 0; c < n; ++c) norm[k] += j[c][k] * j[c][k];
    norm[k] = std::sqrt(norm[k]);
    if (norm[k] < 1e-9)
      id.problem[k] =
          "the counts cannot identify parameter '" + params[k].name +
          "': changing it changes no counted volume (no count crosses the flows it governs)";
  }
  auto kept = [&] {
    std::vector<size_t> v;
    for (size_t k = 0; k < p; ++k)
      if (id.problem[k].empty()) v.push_back(k);
    return v;
  };
  for (size_t a = 0; a < p; ++a)
    for (size_t b = a + 1; b < p; ++b) {
      if (!id.problem[a].empty() || !id.problem[b].empty()) continue;
      double dot = 0;
      for (size_t c = 0; c < n; ++c) dot += j[c][a] * j[c][b];
      if (std::fabs(dot / (norm[a] * norm[b])) > o.collinear)
        id.problem[b] = "the counts cannot identify parameters '" + params[a].name + "' and '" +
                        params[b].name +
                        "' separately: they move the counted volumes in the same proportions";
    }
  for (;;) {
    const auto k = kept();
    if (k.empty()) break;
    if (n <= k.size()) {
      for (size_t x : k)
        id.problem[x] = fmt::format(
            "{} counts cannot identify {} parameters with standard errors (need more counts "
            "than parameters); '{}' is one of them",
            n, k.size(), params[x].name);
      break;
    }
    Matrix jtj(k.size(), std::vector<double>(k.size(), 0));
    for (size_t c = 0; c < n; ++c)
      for (size_t a = 0; a < k.size(); ++a)
        for (size_t b = 0; b < k.size(); ++b) jtj[a][b] += j[c][k[a]] * j[c][k[b]];
    std::vector<double> diag;
    size_t worst = 0;
    double worst_se = -1;
    if (!inverse_diagonal(jtj, diag)) {
      worst = k.size() - 1;
      worst_se = std::numeric_limits<double>::infinity();
    } else {
      for (size_t a = 0; a < k.size(); ++a) {
        const double se = o.count_error * std::sqrt(std::max(0.0, diag[a]));
        id.predicted_se[k[a]] = se;
        if (se > worst_se) worst_se = se, worst = a;
      }
    }
    if (worst_se <= o.max_se) break;
    const size_t w = k[worst];
    // The count it moves most, for the message.
    size_t best_c = 0;
    for (size_t c = 0; c < n; ++c)
      if (std::fabs(j[c][w]) > std::fabs(j[best_c][w])) best_c = c;
    const double move = 100 * std::fabs(j[best_c][w]) * 0.1;
    id.problem[w] = fmt::format(
        "the counts identify parameter '{}' too weakly: with counts uncertain by +-{:.0f} % its "
        "standard error would be {:.2g} {} (limit {:.2g}); a change of 0.1 {} moves no count by "
        "more than {:.2g} % (most: '{}'): few counted volumes depend on it",
        params[w].name, 100 * o.count_error, worst_se,
        params[w].log_scale ? "in ln units" : "units", o.max_se,
        params[w].log_scale ? "in ln units (10 %)" : "unit", move, counts[best_c].id);
    id.predicted_se[w] = std::numeric_limits<double>::quiet_NaN();
  }
  for (size_t k = 0; k < p; ++k)
    if (!id.problem[k].empty()) id.predicted_se[k] = std::numeric_limits<double>::quiet_NaN();
  return id;
}

}  // namespace

bool Identification::all_identified() const {
  for (const auto& s : problem)
    if (!s.empty()) return false;
  return true;
}

Identification identify(const std::vector<CalibrationParameter>& params,
                        const std::vector<CalibrationCount>& counts, const CalibrationModel& model,
                        const CalibrationOptions& o) {
  if (params.empty()) throw Error(Errc::usage, "calibration needs at least one parameter");
  check_parameters(params);
  int evaluations = 0;
  Transformed t{params, counts, model, &evaluations};
  std::vector<double> u;
  for (size_t k = 0; k < params.size(); ++k) u.push_back(t.to_u(k, params[k].initial));
  auto r0 = t.residuals(u, nullptr);
  return identify_on(params, counts, t.jacobian(u, r0), o);
}

CalibrationResult calibrate(const std::vector<CalibrationParameter>& params,
                            const std::vector<CalibrationCount>& counts,
                            const CalibrationModel& model, const CalibrationOptions& o) {
  const size_t p = params.size(), n = counts.size();
  if (p == 0) throw Error(Errc::usage, "calibration needs at least one parameter");
  check_parameters(params);
  for (const auto& c : counts)
    if (!(c.observed > 0))
      throw Error(Errc::invalid_input, "count '" + c.id + "' must be > 0 to calibrate against");
  if (n <= p)
    throw Error(Errc::invalid_input,
                fmt::format("{} counts cannot identify {} parameters with standard errors (need "
                            "more counts than parameters); fit fewer parameters",
                            n, p));
  CalibrationResult r;
  Transformed t{params, counts, model, &r.evaluations};
  for (const auto& q : params) r.names.push_back(q.name), r.initial.push_back(q.initial);
  std::vector<double> u;
  for (size_t k = 0; k < p; ++k) u.push_back(t.to_u(k, params[k].initial));

  std::vector<double> res = t.residuals(u, nullptr);
  double s = ssr(res), lambda = 1e-3;
  Matrix j = t.jacobian(u, res);
  {
    Identification id = identify_on(params, counts, j, o);
    for (const auto& why : id.problem)
      if (!why.empty()) throw Error(Errc::invalid_input, why + "; leave it out");
  }
  // Gradient orthogonality over the parameters free to move: at a bound, a gradient pushing
  // further out does not count.
  auto gradient_test = [&](const Matrix& jm, const std::vector<double>& rv,
                           const std::vector<double>& uv) {
    const double rn = std::sqrt(ssr(rv));
    if (rn <= 0) return 0.0;
    double worst = 0;
    for (size_t k = 0; k < p; ++k) {
      double g = 0, nk = 0;
      for (size_t c = 0; c < n; ++c) g += jm[c][k] * rv[c], nk += jm[c][k] * jm[c][k];
      // Descent direction of SSR/2 is -g: blocked by the lower bound when -g < 0, upper when > 0.
      if (uv[k] <= t.lower(k) && g > 0) continue;
      if (uv[k] >= t.upper(k) && g < 0) continue;
      if (nk > 0) worst = std::max(worst, std::fabs(g) / (std::sqrt(nk) * rn));
    }
    return worst;
  };
  r.stop_reason = "max_iter";
  for (r.iterations = 0; r.iterations < o.max_iter; ++r.iterations) {
    if (s < 1e-24) {
      r.converged = true;
      r.stop_reason = "converged";
      break;
    }
    Matrix jtj(p, std::vector<double>(p, 0));
    std::vector<double> g(p, 0);
    for (size_t c = 0; c < n; ++c)
      for (size_t a = 0; a < p; ++a) {
        g[a] -= j[c][a] * res[c];
        for (size_t bb = 0; bb < p; ++bb) jtj[a][bb] += j[c][a] * j[c][bb];
      }
    bool improved = false;
    for (int tries = 0; tries < 16 && !improved; ++tries) {
      Matrix m = jtj;
      for (size_t a = 0; a < p; ++a) m[a][a] *= 1 + lambda;
      std::vector<double> d;
      if (!solve(m, g, d)) {
        lambda *= 10;
        continue;
      }
      std::vector<double> y = u;
      for (size_t a = 0; a < p; ++a) y[a] = std::clamp(y[a] + d[a], t.lower(a), t.upper(a));
      auto ry = t.residuals(y, nullptr);
      const double sy = ssr(ry);
      if (sy < s) {
        improved = true;
        r.last_drop = (s - sy) / std::max(s, 1e-300);
        u = y, res = ry, s = sy;
        lambda = std::max(lambda / 10, 1e-12);
      } else {
        lambda *= 10;
      }
    }
    if (!improved) {
      r.stop_reason = "no improving step";
      break;
    }
    j = t.jacobian(u, res);
    r.gradient = gradient_test(j, res, u);
    if (r.last_drop <= o.tol && r.gradient <= o.gtol) {
      r.converged = true;
      r.stop_reason = "converged";
      ++r.iterations;
      break;
    }
  }
  // No improving step at all: a minimum only if the gradient test holds there.
  if (r.stop_reason == "no improving step") {
    r.gradient = gradient_test(j, res, u);
    r.converged = r.gradient <= o.gtol;
  }
  // Standard errors at the solution, over the parameters not held at a bound (those get NaN:
  // the data push them to the bound, so the bound, not the counts, fixes their value).
  j = t.jacobian(u, res);
  std::vector<size_t> free;
  r.at_bound.assign(p, false);
  for (size_t k = 0; k < p; ++k) {
    r.at_bound[k] = u[k] <= t.lower(k) || u[k] >= t.upper(k);
    if (!r.at_bound[k]) free.push_back(k);
  }
  const size_t f = free.size();
  Matrix jtj(f, std::vector<double>(f, 0));
  for (size_t c = 0; c < n; ++c)
    for (size_t a = 0; a < f; ++a)
      for (size_t bb = 0; bb < f; ++bb) jtj[a][bb] += j[c][free[a]] * j[c][free[bb]];
  const double sigma2 = s / static_cast<double>(n - p);
  r.std_errors.assign(p, std::numeric_limits<double>::quiet_NaN());
  std::vector<double> diag;
  if (f > 0 && !inverse_diagonal(jtj, diag))
    throw Error(Errc::invalid_input, "the counts cannot identify parameter '" +
                                         params[free.back()].name + "' (singular fit)");
  r.values.resize(p);
  for (size_t k = 0; k < p; ++k) r.values[k] = t.to_b(k, u[k]);
  for (size_t a = 0; a < f; ++a) {
    const size_t k = free[a];
    const double se_u = std::sqrt(std::max(0.0, sigma2 * diag[a]));
    r.std_errors[k] = params[k].log_scale ? r.values[k] * se_u : se_u;  // delta method
  }
  std::vector<double> vol;
  t.residuals(u, &vol);
  double mean = 0, sst = 0, sse = 0;
  for (const auto& c : counts) mean += c.observed / n;
  for (size_t c = 0; c < n; ++c) {
    FittedCount fc{counts[c].id, counts[c].observed, vol[c], vol[c] / counts[c].observed,
                   geh(vol[c] / counts[c].geh_divisor, counts[c].observed / counts[c].geh_divisor)};
    r.counts.push_back(fc);
    sse += (vol[c] - counts[c].observed) * (vol[c] - counts[c].observed);
    sst += (counts[c].observed - mean) * (counts[c].observed - mean);
  }
  r.rmse = std::sqrt(sse / n);
  r.r2 = sst > 0 ? 1 - sse / sst : 1;
  r.ssr_relative = s;
  return r;
}

}  // namespace corridor::demand
