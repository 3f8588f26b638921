#include "corridor/sim/queueing.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace corridor::sim {

double erlang_c(int c, double a) {
  if (c < 1 || a < 0) return std::numeric_limits<double>::quiet_NaN();
  if (a == 0) return 0;
  if (a >= c) return 1;
  double b = 1;  // Erlang B, B(0, a) = 1
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  const double rho = a / c;
  return b / (1 - rho * (1 - b));
}

double mmc_wait(double lambda, double tau, int c) {
  const double a = lambda * tau;
  if (a >= c) return std::numeric_limits<double>::infinity();
  return erlang_c(c, a) * tau / (c - a);
}

double mg1_wait(double lambda, double mean, double variance) {
  const double rho = lambda * mean;
  if (rho >= 1) return std::numeric_limits<double>::infinity();
  return lambda * (variance + mean * mean) / (2 * (1 - rho));
}

double allen_cunneen_wait(double lambda, double tau, int c, double ca2, double cs2) {
  return mmc_wait(lambda, tau, c) * (ca2 + cs2) / 2;
}

double kingman_wait(double rho, double tau, double ca2, double cs2) {
  if (rho >= 1) return std::numeric_limits<double>::infinity();
  return rho / (1 - rho) * (ca2 + cs2) / 2 * tau;
}

double dm1_wait(double rho, double tau) {
  // Fixed point sigma = exp(-(1 - sigma) / rho) in (0, 1), by bisection on g(s) = s - exp(..).
  double lo = 0, hi = 1 - 1e-15;
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    (mid - std::exp(-(1 - mid) / rho) < 0 ? lo : hi) = mid;
  }
  const double sigma = (lo + hi) / 2;
  return sigma * tau / (1 - sigma);
}

namespace {
// Steady-state parameter K of W_q = K x / (1 - x) for the Allen-Cunneen M/G/c form.
double k_param(const QueueDelay& q, double x) {
  const int c = std::max(1, q.servers);
  const double s = q.service * (q.ca2 + q.cs2) / 2;
  if (c == 1) return s;
  const double xx = std::min(x, 1.0);
  if (xx <= 0) return 0;
  return s * erlang_c(c, c * xx) / (c * xx);
}
}  // namespace

double queue_delay(const QueueDelay& q, double x) {
  if (!(x > 0)) return 0;
  const double T = q.period;
  const double K = k_param(q, x);
  if (K <= 0) return x > 1 ? T * (x - 1) / 2 : 0;
  const double A = T * (1 - x) + 2 * K;
  // d = 1/4 [ -A + sqrt(A^2 + 8 x T K) ], written to avoid cancellation when A >> 0.
  const double disc = std::sqrt(A * A + 8 * x * T * K);
  if (A > 0) return 2 * x * T * K / (A + disc);
  return (disc - A) / 4;
}

double queue_delay_derivative(const QueueDelay& q, double x) {
  const double h = 1e-6 * std::max(1.0, std::abs(x));
  const double lo = std::max(0.0, x - h);
  return std::max(0.0, (queue_delay(q, x + h) - queue_delay(q, lo)) / (x + h - lo));
}

double queue_delay_integral(const QueueDelay& q, double x) {
  if (!(x > 0)) return 0;
  constexpr int n = 64;
  const double h = x / n;
  double s = queue_delay(q, 0) + queue_delay(q, x);
  for (int i = 1; i < n; ++i) s += (i % 2 ? 4 : 2) * queue_delay(q, i * h);
  return s * h / 3;
}

}  // namespace corridor::sim
