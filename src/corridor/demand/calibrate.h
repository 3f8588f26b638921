// Parameter estimation against observed volumes (`corridor calibrate`, docs/demand.md):
// nonlinear least squares on relative volume residuals r_c = (M_c(b) - C_c) / C_c by
// Levenberg-Marquardt with a forward-difference Jacobian. Reports the fitted values with
// standard errors (sigma^2 (J'J)^-1, sigma^2 = SSR / (n - p)), the fitted volume, GEH and ratio per
// count, RMSE and R^2. Refuses (Error(invalid_input), naming the parameter) when the counts cannot
// identify a parameter: fewer counts than parameters, a parameter that changes no count, or two
// parameters whose effects on the counts are (nearly) proportional.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace corridor::demand {

struct CalibrationParameter {
  std::string name;
  double initial = 0;
  double step = 0.05;  // forward-difference step
  double lower = -1e9, upper = 1e9;
};

struct CalibrationCount {
  std::string id;
  double observed = 0;     // > 0
  double geh_divisor = 1;  // GEH is computed on volume / geh_divisor (e.g. daily 20-t loads)
};

// Model volumes per count for given parameter values.
using CalibrationModel = std::function<std::vector<double>(const std::vector<double>&)>;

struct CalibrationOptions {
  int max_iter = 30;
  double tol = 1e-8;          // stop when the relative SSR decrease is below tol
  double collinear = 0.9999;  // |cosine| between two Jacobian columns that counts as collinear
};

struct FittedCount {
  std::string id;
  double observed = 0, model = 0, ratio = 0, geh = 0;
};

struct CalibrationResult {
  std::vector<std::string> names;
  std::vector<double> initial, values, std_errors;  // std_error NaN: held at a bound
  std::vector<bool> at_bound;
  std::vector<FittedCount> counts;
  double rmse = 0;  // of volumes, in the counts' unit
  double r2 = 0;    // 1 - SSR / SST on volumes
  double ssr_relative = 0;
  int iterations = 0;
  bool converged = false;
  int evaluations = 0;
};

double geh(double model, double observed);

CalibrationResult calibrate(const std::vector<CalibrationParameter>& params,
                            const std::vector<CalibrationCount>& counts,
                            const CalibrationModel& model, const CalibrationOptions& o = {});

}  // namespace corridor::demand
