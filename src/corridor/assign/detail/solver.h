// Shared state of one assign() run: the network, the options, the clock and the convergence log.
#pragma once
#include <chrono>
#include <string>
#include <vector>

#include "corridor/assign/assign.h"
#include "corridor/assign/detail/network.h"

namespace corridor::assign::detail {

class Solver {
 public:
  Solver(const Net& net, const AssignOptions& opt, Reporter& rep, const IterationCallback& cb)
      : net(net), opt(opt), rep_(rep), cb_(cb), start_(std::chrono::steady_clock::now()) {}

  const Net& net;
  const AssignOptions& opt;

  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  void costs(const std::vector<double>& x, std::vector<double>& c) const;
  // Logs the state x (per arc) with costs c and shortest-path total sptt as iteration `iter`.
  // Returns false when the run must stop (gap reached, iteration or time limit, callback).
  bool record(int iter, const std::vector<double>& x, const std::vector<double>& c, double sptt);

  const std::vector<LogRow>& log() const { return log_; }
  const std::string& stop_reason() const { return stop_reason_; }
  double last_sptt() const { return last_sptt_; }
  double last_gap() const { return log_.empty() ? 1e300 : log_.back().relative_gap; }
  double last_aec() const { return log_.empty() ? 1e300 : log_.back().aec; }

 private:
  Reporter& rep_;
  const IterationCallback& cb_;
  std::chrono::steady_clock::time_point start_;
  std::vector<LogRow> log_;
  std::string stop_reason_;
  double last_sptt_ = 0;
};

double beckmann(const Net& net, const std::vector<double>& x);

void run_frank_wolfe(Solver& s, std::vector<double>& x);  // fw, cfw, bfw by s.opt.algorithm
void run_algorithm_b(Solver& s, std::vector<double>& x);

}  // namespace corridor::assign::detail
