// Shared state of one assign() run: the network, the options, the clock and the convergence log.
#pragma once
#include <chrono>
#include <memory>
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
  // Logs iteration `iter` with total cost tstt (sum_k sum_a x_ak c_ak), the Beckmann value and
  // the shortest-path total sptt. Returns false when the run must stop (gap reached, iteration
  // or time limit, callback).
  bool record(int iter, double tstt, double beckmann, double sptt);

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

// The solvers leave the final class flows in X (class-major, num_classes * num_arcs).
void run_frank_wolfe(Solver& s, std::vector<double>& X);  // fw, cfw, bfw by s.opt.algorithm
// With `from`, starts from its bushes (see assign::WarmStart); with `save`, stores the final state.
void run_algorithm_b(Solver& s, std::vector<double>& X, const WarmState* from = nullptr,
                     std::shared_ptr<const WarmState>* save = nullptr);
void run_algorithm_b_old(Solver& s, std::vector<double>& X);  // the pre-issue-17 Algorithm B

}  // namespace corridor::assign::detail
