// Closed-form queueing results (the simulator's validation oracles) and the time-dependent
// M/G/c delay function used by the freight assignment for borders, yards and ferries.
// Notation: lambda arrivals per time unit, tau mean service time, c servers,
// rho = lambda * tau / c. All waits are mean waits in queue W_q, in the unit of tau.
#pragma once

namespace corridor::sim {

// Erlang C: probability that an arrival waits in M/M/c with offered load a = lambda * tau.
// Requires a < c; computed by the Erlang B recursion (stable for large c).
double erlang_c(int c, double a);
// M/M/c exact W_q = C(c, a) * tau / (c - a).
double mmc_wait(double lambda, double tau, int c);
// M/G/1 Pollaczek-Khinchine: W_q = lambda E[S^2] / (2 (1 - rho)).
double mg1_wait(double lambda, double mean, double variance);
// GI/G/c Allen-Cunneen: W_q(M/M/c) * (ca2 + cs2) / 2 (exact for M/M/c and for M/G/1).
double allen_cunneen_wait(double lambda, double tau, int c, double ca2, double cs2);
// G/G/1 Kingman (VUT): rho / (1 - rho) * (ca2 + cs2) / 2 * tau.
double kingman_wait(double rho, double tau, double ca2, double cs2);
// D/M/1 exact: W_q = sigma / (mu (1 - sigma)), sigma = exp(-(1 - sigma) / rho).
double dm1_wait(double rho, double tau);

// Time-dependent M/G/c waiting time for an assignment period (Kimber-Hollis / Akcelik
// coordinate transformation of the Allen-Cunneen steady state):
//   d(x) = 1/4 [ T (x - 1) - 2K + sqrt( (T (1 - x) + 2K)^2 + 8 x T K ) ]
// with x = lambda / (c mu) the degree of saturation (any x >= 0, also above 1), T the period
// and K = tau (ca2 + cs2) / 2 * C(c, c x) / (c x) (K at x = 1 above capacity). As T -> infinity
// and x < 1, d -> K x / (1 - x) = Allen-Cunneen; for x > 1, d -> T (x - 1) / 2, the mean wait of
// a deterministic queue that grows for the whole period from empty. Finite, continuous, and
// increasing in x; result in the unit of tau and T (hours in the assignment).
struct QueueDelay {
  int servers = 1;
  double service = 1;  // mean service time per customer and server (tau)
  double ca2 = 1;      // squared coefficient of variation of inter-arrival times
  double cs2 = 1;      // of service times
  double period = 24;  // T, in the unit of `service`
};
double queue_delay(const QueueDelay& q, double x);
// d'(x) (central difference on the closed form; >= 0).
double queue_delay_derivative(const QueueDelay& q, double x);
// integral_0^x d(s) ds (Simpson, 64 panels), for Beckmann objectives.
double queue_delay_integral(const QueueDelay& q, double x);

}  // namespace corridor::sim
