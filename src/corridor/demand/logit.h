// Random-utility choice models of the demand model (docs/demand.md): multinomial logit (MNL)
// probabilities and logsum, nested logit (one level of nests, e.g. mode then route), the
// incremental (pivot-point) logit and constant-elasticity demand on the composite (logsum) cost.
// All are numerically stable (utilities are shifted by their maximum before exp).
#pragma once
#include <vector>

namespace corridor::demand {

// P_i = exp(V_i) / sum_j exp(V_j). Empty input gives an empty vector.
std::vector<double> mnl(const std::vector<double>& v);
// ln sum_j exp(V_j) (-inf for an empty set).
double logsum(const std::vector<double>& v);

// Nested logit: alternative i belongs to nest nest[i] (0..N-1); nest n has the logsum parameter
// mu[n] in (0, 1] and the constant asc[n] (empty = all 0). With I_n = mu_n ln sum_{i in n}
// exp(V_i / mu_n): P(n) = exp(asc_n + I_n) / sum_m exp(asc_m + I_m), P(i | n) = exp(V_i / mu_n) /
// sum_{j in n} exp(V_j / mu_n), P(i) = P(n) P(i | n); logsum = ln sum_n exp(asc_n + I_n). Nests
// without alternatives get probability 0. At mu = 1 and asc = 0 it is the MNL.
struct NestedLogit {
  std::vector<double> prob;       // per alternative
  std::vector<double> nest_prob;  // per nest
  double logsum = 0;
};
NestedLogit nested_logit(const std::vector<double>& v, const std::vector<int>& nest,
                         const std::vector<double>& mu, const std::vector<double>& asc = {});

// Incremental (pivot-point) logit: P'_i = P_i exp(dV_i) / sum_j P_j exp(dV_j) from base shares P
// (summing to 1) and utility changes dV. Returns the base shares exactly when dV = 0.
std::vector<double> pivot_logit(const std::vector<double>& base_share,
                                const std::vector<double>& dv);

// Composite cost of a choice set in money per unit: -logsum / theta (theta: utility per USD).
inline double composite_cost(double logsum, double theta) { return -logsum / theta; }

// Constant-elasticity total demand: T1 = T0 (C1 / C0)^elasticity for composite costs C0, C1 > 0
// (elasticity <= 0). Its log-arc elasticity ln(T1/T0) / ln(C1/C0) is `elasticity` exactly.
double elastic_demand(double t0, double c0, double c1, double elasticity);
// ln(T1/T0) / ln(C1/C0): the arc elasticity a test compares with the configured one.
double arc_elasticity(double t0, double t1, double c0, double c1);

}  // namespace corridor::demand
