// Parameter estimation against observed volumes (`corridor calibrate`, docs/demand.md):
// nonlinear least squares on relative volume residuals r_c = (M_c(b) - C_c) / C_c by
// Levenberg-Marquardt (Marquardt's diagonal scaling, lambda divided by 10 after an accepted step
// and multiplied by 10 after a rejected one) with a central-difference Jacobian. Positive
// parameters may be estimated in log space (log_scale: u = ln b), which makes a scale's steps
// relative and keeps it positive. Converged when BOTH the relative decrease of the SSR in an
// accepted step is <= tol AND the (bound-projected) gradient is orthogonal to the residuals:
// max_k |J_k' r| / (|J_k| |r|) <= gtol (MINPACK's gtol test). Reports the fitted values with
// standard errors (sigma^2 (J'J)^-1, sigma^2 = SSR / (n - p); for a log-space parameter
// SE(b) = b SE(u), the delta method), the fitted volume, GEH and ratio per count, RMSE and R^2.
//
// Identification (identify(), also run first by calibrate()): at the initial values, a
// parameter is refused when changing it changes no count, when two parameters move the counts in
// (nearly) the same proportions, or when, with counts uncertain by +-count_error (relative), its
// predicted standard error would exceed max_se (in u units: a log-space scale known only to
// within a factor e^max_se ~ 7.4, a constant to within max_se utility units). calibrate() throws
// Error(invalid_input) naming the parameter and why; identify() returns the reasons so a caller
// can leave such parameters out.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace corridor::demand {

struct CalibrationParameter {
  std::string name;
  double initial = 0;
  double step = 0.05;  // finite-difference step
  double lower = -1e9, upper = 1e9;
  // Estimate u = ln(value) (value, lower > 0); `step` is then in ln units (0.05 = 5 %).
  bool log_scale = false;
};

struct CalibrationCount {
  std::string id;
  double observed = 0;     // > 0
  double geh_divisor = 1;  // GEH is computed on volume / geh_divisor (e.g. daily 20-t loads)
};

// Model volumes per count for given parameter values.
using CalibrationModel = std::function<std::vector<double>(const std::vector<double>&)>;

struct CalibrationOptions {
  int max_iter = 100;
  double tol = 1e-6;          // relative SSR decrease of an accepted step, and ...
  double gtol = 1e-3;         // ... gradient orthogonality (see above): both for convergence
  double collinear = 0.9999;  // |cosine| between two Jacobian columns that counts as collinear
  double count_error = 0.10;  // relative uncertainty of the counts for identification
  double max_se = 2.0;        // largest predicted standard error (u units) to accept up front
  // Largest standard error (u units) at the fit for a parameter of a default set to be kept
  // (api::calibrate; a factor e for a log-space scale).
  double fit_max_se = 1.0;
};

// Identification at the initial values (see above): per parameter, "" when the counts identify it,
// else why not. Parameters are dropped one at a time (no effect, then collinear, then the largest
// predicted standard error) and the rest re-checked without them.
struct Identification {
  std::vector<std::string> problem;  // per parameter
  std::vector<double>
      predicted_se;  // per parameter, u units, with the final kept set (NaN: dropped)
  bool all_identified() const;
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
  std::string stop_reason;  // "converged", "max_iter" or "no improving step"
  double gradient = 0;      // the final max_k |J_k' r| / (|J_k| |r|) (0 when r = 0)
  double last_drop = 0;     // the relative SSR decrease of the last accepted step
  int evaluations = 0;
};

double geh(double model, double observed);

Identification identify(const std::vector<CalibrationParameter>& params,
                        const std::vector<CalibrationCount>& counts, const CalibrationModel& model,
                        const CalibrationOptions& o = {});

CalibrationResult calibrate(const std::vector<CalibrationParameter>& params,
                            const std::vector<CalibrationCount>& counts,
                            const CalibrationModel& model, const CalibrationOptions& o = {});

}  // namespace corridor::demand
