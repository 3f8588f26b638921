#include "corridor/sim/distribution.h"

#include <fmt/format.h>

#include <cmath>

namespace corridor::sim {

const char* kind_name(Distribution::Kind k) {
  switch (k) {
    case Distribution::Kind::deterministic:
      return "deterministic";
    case Distribution::Kind::exponential:
      return "exponential";
    case Distribution::Kind::uniform:
      return "uniform";
    case Distribution::Kind::lognormal:
      return "lognormal";
    case Distribution::Kind::empirical:
      return "empirical";
  }
  return "?";
}

double Distribution::sample(Rng& rng) const {
  switch (kind) {
    case Kind::deterministic:
      return a;
    case Kind::exponential:
      return rng.exponential(a);
    case Kind::uniform:
      return a + (b - a) * rng.uniform();
    case Kind::lognormal: {
      if (a <= 0) return 0;
      const double s2 = std::log1p((b * b) / (a * a));
      const double mu = std::log(a) - s2 / 2;
      return std::exp(mu + std::sqrt(s2) * rng.normal());
    }
    case Kind::empirical:
      return values.empty() ? 0 : values[rng.below(values.size())];
  }
  return 0;
}

double Distribution::mean() const {
  switch (kind) {
    case Kind::deterministic:
    case Kind::exponential:
    case Kind::lognormal:
      return a;
    case Kind::uniform:
      return (a + b) / 2;
    case Kind::empirical: {
      double s = 0;
      for (double v : values) s += v;
      return values.empty() ? 0 : s / static_cast<double>(values.size());
    }
  }
  return 0;
}

double Distribution::variance() const {
  switch (kind) {
    case Kind::deterministic:
      return 0;
    case Kind::exponential:
      return a * a;
    case Kind::lognormal:
      return b * b;
    case Kind::uniform:
      return (b - a) * (b - a) / 12;
    case Kind::empirical: {
      const double m = mean();
      double s = 0;
      for (double v : values) s += (v - m) * (v - m);
      return values.empty() ? 0 : s / static_cast<double>(values.size());
    }
  }
  return 0;
}

double Distribution::cv2() const {
  const double m = mean();
  return m > 0 ? variance() / (m * m) : 0;
}

std::string Distribution::check() const {
  auto finite_nonneg = [](double v) { return std::isfinite(v) && v >= 0; };
  switch (kind) {
    case Kind::deterministic:
      return finite_nonneg(a) ? "" : "deterministic: the value must be a number >= 0";
    case Kind::exponential:
      return finite_nonneg(a) && a > 0 ? "" : "exponential: the mean must be > 0";
    case Kind::uniform:
      if (!finite_nonneg(a) || !finite_nonneg(b)) return "uniform: min and max must be >= 0";
      return b >= a ? "" : "uniform: max must be >= min";
    case Kind::lognormal:
      return finite_nonneg(a) && a > 0 && finite_nonneg(b)
                 ? ""
                 : "lognormal: the mean must be > 0 and the sd >= 0";
    case Kind::empirical:
      if (values.empty()) return "empirical: the list of values is empty";
      for (double v : values)
        if (!finite_nonneg(v)) return "empirical: every value must be a number >= 0";
      return "";
  }
  return "unknown distribution";
}

std::string Distribution::describe() const {
  switch (kind) {
    case Kind::deterministic:
      return fmt::format("deterministic({:g} min)", a);
    case Kind::exponential:
      return fmt::format("exponential(mean {:g} min)", a);
    case Kind::uniform:
      return fmt::format("uniform({:g}..{:g} min)", a, b);
    case Kind::lognormal:
      return fmt::format("lognormal(mean {:g}, sd {:g} min)", a, b);
    case Kind::empirical:
      return fmt::format("empirical({} values, mean {:g} min)", values.size(), mean());
  }
  return "?";
}

Distribution Distribution::scaled(double f) const {
  Distribution d = *this;
  d.a *= f;
  d.b *= f;
  for (double& v : d.values) v *= f;
  return d;
}

}  // namespace corridor::sim
