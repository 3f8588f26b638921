// Service-time, delay and inter-arrival distributions, in minutes. Sampling uses sim::Rng only,
// so a seed gives the same numbers on every platform.
#pragma once
#include <string>
#include <vector>

#include "corridor/sim/rng.h"

namespace corridor::sim {

struct Distribution {
  enum class Kind { deterministic, exponential, uniform, lognormal, empirical };
  Kind kind = Kind::deterministic;
  double a = 0, b = 0;         // deterministic: a; exponential: mean a; uniform: [a, b];
                               // lognormal: mean a, standard deviation b
  std::vector<double> values;  // empirical: observed values, each drawn with equal probability

  static Distribution fixed(double v) { return {Kind::deterministic, v, 0, {}}; }
  static Distribution exp(double mean) { return {Kind::exponential, mean, 0, {}}; }
  static Distribution uni(double lo, double hi) { return {Kind::uniform, lo, hi, {}}; }
  static Distribution lognorm(double mean, double sd) { return {Kind::lognormal, mean, sd, {}}; }
  static Distribution empirical(std::vector<double> v) {
    return {Kind::empirical, 0, 0, std::move(v)};
  }

  double sample(Rng& rng) const;
  double mean() const;
  double variance() const;
  // Squared coefficient of variation Var/mean^2 (0 when the mean is 0).
  double cv2() const;
  // Empty when valid, else what is wrong ("uniform: max < min").
  std::string check() const;
  std::string describe() const;  // "exponential(mean 6 min)"
  // The same shape with its mean multiplied by f (for load sweeps on inter-arrival times).
  Distribution scaled(double f) const;
};

const char* kind_name(Distribution::Kind k);

}  // namespace corridor::sim
