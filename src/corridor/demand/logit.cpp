#include "corridor/demand/logit.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "corridor/core/error.h"

namespace corridor::demand {

std::vector<double> mnl(const std::vector<double>& v) {
  std::vector<double> p(v.size(), 0.0);
  if (v.empty()) return p;
  const double m = *std::max_element(v.begin(), v.end());
  if (!std::isfinite(m)) return p;  // every alternative unavailable
  double s = 0;
  for (size_t i = 0; i < v.size(); ++i) s += p[i] = std::exp(v[i] - m);
  for (double& x : p) x /= s;
  return p;
}

double logsum(const std::vector<double>& v) {
  if (v.empty()) return -std::numeric_limits<double>::infinity();
  const double m = *std::max_element(v.begin(), v.end());
  if (!std::isfinite(m)) return m;
  double s = 0;
  for (double x : v) s += std::exp(x - m);
  return m + std::log(s);
}

NestedLogit nested_logit(const std::vector<double>& v, const std::vector<int>& nest,
                         const std::vector<double>& mu, const std::vector<double>& asc) {
  if (nest.size() != v.size())
    throw Error(Errc::internal, "nested_logit: one nest per alternative expected");
  const size_t n_nests = mu.size();
  for (size_t n = 0; n < n_nests; ++n)
    if (!(mu[n] > 0 && mu[n] <= 1))
      throw Error(Errc::invalid_input, "nested logit: nest scale must be in (0, 1]");
  if (!asc.empty() && asc.size() != n_nests)
    throw Error(Errc::internal, "nested_logit: one constant per nest expected");
  std::vector<std::vector<double>> scaled(n_nests);
  for (size_t i = 0; i < v.size(); ++i) {
    if (nest[i] < 0 || static_cast<size_t>(nest[i]) >= n_nests)
      throw Error(Errc::internal, "nested_logit: nest index out of range");
    scaled[nest[i]].push_back(v[i] / mu[nest[i]]);
  }
  std::vector<double> upper(n_nests, -std::numeric_limits<double>::infinity());
  for (size_t n = 0; n < n_nests; ++n)
    if (!scaled[n].empty()) upper[n] = (asc.empty() ? 0.0 : asc[n]) + mu[n] * logsum(scaled[n]);
  NestedLogit r;
  r.nest_prob = mnl(upper);
  r.logsum = logsum(upper);
  std::vector<double> inner_ls(n_nests);
  for (size_t n = 0; n < n_nests; ++n) inner_ls[n] = logsum(scaled[n]);
  r.prob.assign(v.size(), 0.0);
  for (size_t i = 0; i < v.size(); ++i) {
    const int n = nest[i];
    if (r.nest_prob[n] > 0 && std::isfinite(inner_ls[n]))
      r.prob[i] = r.nest_prob[n] * std::exp(v[i] / mu[n] - inner_ls[n]);
  }
  return r;
}

std::vector<double> pivot_logit(const std::vector<double>& base_share,
                                const std::vector<double>& dv) {
  if (base_share.size() != dv.size())
    throw Error(Errc::internal, "pivot_logit: one utility change per base share expected");
  std::vector<double> out(base_share.size(), 0.0);
  if (out.empty()) return out;
  // Shift by the largest change among alternatives with a share (exact when dV = 0: the weights
  // are then the shares themselves times 1).
  double m = -std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < dv.size(); ++i)
    if (base_share[i] > 0) m = std::max(m, dv[i]);
  if (!std::isfinite(m)) return out;
  double s = 0;
  for (size_t i = 0; i < dv.size(); ++i)
    if (base_share[i] > 0) s += out[i] = base_share[i] * std::exp(dv[i] - m);
  for (double& x : out) x /= s;
  return out;
}

double elastic_demand(double t0, double c0, double c1, double elasticity) {
  if (elasticity == 0 || !(c0 > 0) || !(c1 > 0)) return t0;
  return t0 * std::exp(elasticity * std::log(c1 / c0));
}

double arc_elasticity(double t0, double t1, double c0, double c1) {
  return std::log(t1 / t0) / std::log(c1 / c0);
}

}  // namespace corridor::demand
