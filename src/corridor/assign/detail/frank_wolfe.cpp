// Frank-Wolfe, conjugate FW and bi-conjugate FW (Mitradjieva & Lindberg 2013) with an exact line
// search: bisection on the directional derivative of the Beckmann objective.
#include <algorithm>
#include <cmath>
#include <vector>

#include "corridor/assign/detail/solver.h"

namespace corridor::assign::detail {
namespace {

// Minimises Beckmann along x + tau (s - x), tau in [0, 1].
double line_search(const Net& net, const std::vector<double>& x, const std::vector<double>& s) {
  const uint32_t m = net.num_arcs();
  auto slope = [&](double tau) {
    double g = 0;
    for (uint32_t a = 0; a < m; ++a) {
      const double d = s[a] - x[a];
      if (d != 0) g += d * net.cost(a, x[a] + tau * d);
    }
    return g;
  };
  if (slope(1.0) <= 0) return 1.0;
  double lo = 0, hi = 1;
  for (int it = 0; it < 60 && hi - lo > 1e-15; ++it) {
    const double mid = 0.5 * (lo + hi);
    (slope(mid) < 0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace

void run_frank_wolfe(Solver& sv, std::vector<double>& x) {
  const Net& net = sv.net;
  const uint32_t m = net.num_arcs();
  const std::string& alg = sv.opt.algorithm;
  const int threads = sv.opt.threads;
  std::vector<double> c(m), y, s(m), s1, s2, h(m), bounds;
  // Iteration 0: all-or-nothing at free flow.
  for (uint32_t a = 0; a < m; ++a) c[a] = net.cost(a, 0.0);
  all_or_nothing(net, c, threads, &x);
  double tau_prev = 1;
  int history = 0;  // how many previous directions s1 (and s2) are valid
  for (int iter = 0;; ++iter) {
    sv.costs(x, c);
    const double sptt = all_or_nothing(net, c, threads, &y, &bounds);
    if (!sv.record(iter, x, c, sptt)) break;
    // Direction target s.
    bool done = false;
    if (alg != "fw" && history >= 1) {
      for (uint32_t a = 0; a < m; ++a) h[a] = net.derivative(a, x[a]);
      if (alg == "bfw" && history >= 2 && tau_prev < 1 - 1e-12) {
        // dbar1 = s1 - x, dbar2 = tau s1 + (1 - tau) s2 - x.
        double n_mu = 0, d_mu = 0, n_nu = 0, d_nu = 0;
        for (uint32_t a = 0; a < m; ++a) {
          const double yx = y[a] - x[a];
          const double d1 = s1[a] - x[a];
          const double d2 = tau_prev * s1[a] + (1 - tau_prev) * s2[a] - x[a];
          n_mu += d2 * h[a] * yx;
          d_mu += d2 * h[a] * (s2[a] - s1[a]);
          n_nu += d1 * h[a] * yx;
          d_nu += d1 * h[a] * d1;
        }
        double mu = d_mu != 0 ? -n_mu / d_mu : 0;
        double nu = d_nu != 0 ? -n_nu / d_nu + mu * tau_prev / (1 - tau_prev) : 0;
        mu = std::max(0.0, mu);
        nu = std::max(0.0, nu);
        if (std::isfinite(mu) && std::isfinite(nu)) {
          const double b0 = 1 / (1 + mu + nu), b1 = nu * b0, b2 = mu * b0;
          for (uint32_t a = 0; a < m; ++a) s[a] = b0 * y[a] + b1 * s1[a] + b2 * s2[a];
          done = true;
        }
      }
      if (!done) {  // conjugate FW
        double num = 0, den = 0;
        for (uint32_t a = 0; a < m; ++a) {
          const double d1 = s1[a] - x[a];
          num += d1 * h[a] * (y[a] - x[a]);
          den += d1 * h[a] * (y[a] - s1[a]);
        }
        double alpha = den != 0 ? num / den : 0;
        if (!std::isfinite(alpha)) alpha = 0;
        alpha = std::clamp(alpha, 0.0, 1 - 1e-6);
        for (uint32_t a = 0; a < m; ++a) s[a] = alpha * s1[a] + (1 - alpha) * y[a];
        done = true;
      }
      // Must be a descent direction, else fall back to plain FW.
      double slope = 0;
      for (uint32_t a = 0; a < m; ++a) slope += (s[a] - x[a]) * c[a];
      if (!(slope < 0)) done = false;
    }
    if (!done) s = y;
    const double tau = line_search(net, x, s);
    for (uint32_t a = 0; a < m; ++a) x[a] += tau * (s[a] - x[a]);
    if (alg != "fw") {
      s2.swap(s1);
      s1 = s;
      history = std::min(history + 1, 2);
      tau_prev = tau;
    }
  }
}

}  // namespace corridor::assign::detail
