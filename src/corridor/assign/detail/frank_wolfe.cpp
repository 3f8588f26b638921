// Frank-Wolfe, conjugate FW and bi-conjugate FW (Mitradjieva & Lindberg 2013) with an exact line
// search: bisection on the directional derivative of the Beckmann objective.
//
// The state is the class-major vector X of all classes' arc flows (one class without classes).
// The line search finds the root of sum_k sum_a d_ak c_ak(V + tau D) (D_a = sum_k pcu_k d_ak),
// which is the Beckmann derivative when the classes have a potential; the conjugate directions
// weight with the diagonal of the cost Jacobian, tw_k pcu_k t'_a(V_a) (exact for one class), and
// every direction that is not a descent direction falls back to plain FW.
#include <algorithm>
#include <cmath>
#include <vector>

#include "corridor/assign/detail/solver.h"

namespace corridor::assign::detail {
namespace {

// Minimises the potential along X + tau (S - X), tau in [0, 1].
double line_search(const Net& net, const std::vector<double>& X, const std::vector<double>& S) {
  const uint32_t m = net.num_arcs(), K = net.num_classes();
  std::vector<double> D(m, 0.0), V0(m, 0.0);
  for (uint32_t c = 0; c < K; ++c) {
    const double pcu = net.classes[c].pcu;
    for (uint32_t a = 0; a < m; ++a) {
      const size_t i = static_cast<size_t>(c) * m + a;
      V0[a] += pcu * X[i];
      D[a] += pcu * (S[i] - X[i]);
    }
  }
  net.share(V0);  // share groups: t is evaluated at the group's volume
  net.share(D);
  auto slope = [&](double tau) {
    double g = 0;
    for (uint32_t a = 0; a < m; ++a) {
      const double t = net.time(a, V0[a] + tau * D[a]);
      for (uint32_t c = 0; c < K; ++c) {
        const size_t i = static_cast<size_t>(c) * m + a;
        const double d = S[i] - X[i];
        if (d != 0) g += d * (net.classes[c].tw * t + net.classes[c].lin[a]);
      }
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
  const uint32_t na = net.num_arcs(), K = net.num_classes();
  const size_t m = static_cast<size_t>(K) * na;
  const std::string& alg = sv.opt.algorithm;
  const int threads = sv.opt.threads;
  std::vector<double> c, y, s(m), s1, s2, h(m), bounds, V(na, 0.0);
  // Iteration 0: all-or-nothing at free flow.
  class_costs(net, V, c);
  all_or_nothing(net, c, threads, &x);
  double tau_prev = 1;
  int history = 0;  // how many previous directions s1 (and s2) are valid
  for (int iter = 0;; ++iter) {
    total_volume(net, x, V);
    class_costs(net, V, c);
    const double sptt = all_or_nothing(net, c, threads, &y, &bounds);
    if (!sv.record(iter, total_cost(net, x, c), beckmann_value(net, x, V), sptt)) break;
    // Direction target s.
    bool done = false;
    if (alg != "fw" && history >= 1) {
      for (uint32_t k = 0; k < K; ++k) {
        const double w = net.classes[k].tw * net.classes[k].pcu;
        for (uint32_t a = 0; a < na; ++a)
          h[static_cast<size_t>(k) * na + a] = w * net.derivative(a, V[a]);
      }
      if (alg == "bfw" && history >= 2 && tau_prev < 1 - 1e-12) {
        // dbar1 = s1 - x, dbar2 = tau s1 + (1 - tau) s2 - x.
        double n_mu = 0, d_mu = 0, n_nu = 0, d_nu = 0;
        for (size_t a = 0; a < m; ++a) {
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
          for (size_t a = 0; a < m; ++a) s[a] = b0 * y[a] + b1 * s1[a] + b2 * s2[a];
          done = true;
        }
      }
      if (!done) {  // conjugate FW
        double num = 0, den = 0;
        for (size_t a = 0; a < m; ++a) {
          const double d1 = s1[a] - x[a];
          num += d1 * h[a] * (y[a] - x[a]);
          den += d1 * h[a] * (y[a] - s1[a]);
        }
        double alpha = den != 0 ? num / den : 0;
        if (!std::isfinite(alpha)) alpha = 0;
        alpha = std::clamp(alpha, 0.0, 1 - 1e-6);
        for (size_t a = 0; a < m; ++a) s[a] = alpha * s1[a] + (1 - alpha) * y[a];
        done = true;
      }
      // Must be a descent direction, else fall back to plain FW.
      double slope = 0;
      for (size_t a = 0; a < m; ++a)
        if (s[a] != x[a]) slope += (s[a] - x[a]) * c[a];
      if (!(slope < 0)) done = false;
    }
    if (!done) s = y;
    const double tau = line_search(net, x, s);
    for (size_t a = 0; a < m; ++a) x[a] += tau * (s[a] - x[a]);
    if (alg != "fw") {
      s2.swap(s1);
      s1 = s;
      history = std::min(history + 1, 2);
      tau_prev = tau;
    }
  }
}

}  // namespace corridor::assign::detail
