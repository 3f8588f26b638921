// Uncertainty of an appraisal: distributions of multiplicative factors (declared in a TOML
// file), seeded draws evaluated in parallel, percentiles, tornado and switching values.
//
// Draw i of variable j uses the uniform u = splitmix64(seed, i, j) and the variable's inverse
// CDF, so every draw depends only on (seed, i): results are stored by draw index and summarised
// in index order, and the output is the same bytes at any thread count.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::appraise {

struct Distribution {
  enum class Kind { triangular, lognormal, empirical };
  Kind kind = Kind::triangular;
  double min = 1, mode = 1, max = 1;  // triangular
  double mu = 0, sigma = 0;           // lognormal: ln X ~ N(mu, sigma)
  std::vector<double> values;         // empirical: sorted sample, linear inverse CDF
  std::string source;
  // Inverse CDF at u in (0, 1).
  double quantile(double u) const;
  double mean() const;
};

// The variables the appraisal knows, each a factor on its central value (1 = as forecast):
// demand, capex, carbon (price), vot, border_dwell, tariff.
inline constexpr std::string_view kUncertainVariables[] = {"demand", "vot",   "border_dwell",
                                                           "tariff", "capex", "carbon"};

struct Uncertainty {
  std::vector<std::string> names;  // in file order
  std::vector<Distribution> dists;
  // Reads the TOML file: one table per variable with `distribution` = "triangular" (min, mode,
  // max) | "lognormal" (mu, sigma) | "empirical" (values = [...]) and a `source`. Errors are
  // Error(invalid_input) with file:line:column.
  static Uncertainty load(const std::string& path);
  static Uncertainty parse(std::string_view text, const std::string& name);
  const Distribution* find(std::string_view name) const;
};

// Factor of every variable of `u` (in u.names order) for draw i.
std::vector<double> draw_factors(const Uncertainty& u, uint64_t seed, uint64_t i);
// Uniform (0, 1) for (seed, draw, variable): splitmix64 of the three, top 53 bits.
double uniform01(uint64_t seed, uint64_t draw, uint64_t var);
// Standard normal inverse CDF (Acklam, relative error < 1.2e-9 after one Halley step).
double normal_quantile(double p);

struct DrawResult {
  double npv = 0, bcr = 0, headline = 0;  // headline: scenario tonnes/yr through the section
  std::optional<double> eirr;
};

// Evaluates fn(factors) for draws 0..n-1 on `threads` threads (0 = all), results by index.
std::vector<DrawResult> run_draws(const Uncertainty& u, uint64_t seed, size_t n, int threads,
                                  const std::function<DrawResult(const std::vector<double>&)>& fn);

struct Percentiles {
  double p10 = 0, p50 = 0, p90 = 0, mean = 0;
};
// Linear-interpolated quantile (type 7) of a sample.
double sample_quantile(std::vector<double> v, double q);
Percentiles percentiles(const std::vector<double>& v);

struct McSummary {
  size_t draws = 0;
  uint64_t seed = 0;
  Percentiles npv, bcr, headline;
  double npv_sd = 0, npv_se = 0;  // sample SD and standard error of the mean
  double p_npv_negative = 0;
  std::vector<double> npv_sample;  // by draw index (histogram)
};
McSummary summarise(const std::vector<DrawResult>& draws, uint64_t seed);

// Tornado: NPV with one variable at its P10 and at its P90, the others at 1.
struct TornadoBar {
  std::string variable;
  double low_factor = 1, high_factor = 1, npv_low = 0, npv_high = 0;
  std::optional<double> switching_factor;  // factor at which NPV = 0, within [0.01, 10]
};
// fn(name, factor) evaluates the NPV with one variable changed. Bars sorted by swing, largest
// first (ties by name).
std::vector<TornadoBar> tornado(const Uncertainty& u,
                                const std::function<double(const std::string&, double)>& npv_of,
                                double central_npv);

}  // namespace corridor::appraise
