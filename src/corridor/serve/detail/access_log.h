// The access log: one line per request, written through the Reporter by a background thread in
// batches (one Reporter::log call, i.e. one write to stderr, per batch instead of per request),
// so that logging neither serialises the workers on a lock around a syscall nor costs a syscall
// per request. Lines keep their order. If the sink stalls (stderr piped to a full pipe), at most
// kMaxPendingBytes are held and later lines are counted and dropped, never blocking requests.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "corridor/core/reporter.h"

namespace corridor::serve::detail {

class AccessLog {
 public:
  static constexpr size_t kMaxPendingBytes = size_t{4} << 20;

  explicit AccessLog(Reporter& reporter);
  ~AccessLog();  // flushes and joins
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  // Queues one line (without newline). Thread-safe, never blocks on the sink.
  void write(std::string_view line);
  // Writes pending lines, then `message`, now (for server messages and errors). Thread-safe.
  void message(std::string_view message);

 private:
  void run();
  void flush_locked(std::unique_lock<std::mutex>& lock);

  Reporter& reporter_;
  std::mutex mutex_;       // guards pending_, dropped_, stop_
  std::mutex sink_mutex_;  // serialises Reporter calls
  std::condition_variable cond_;
  std::string pending_;  // lines separated by '\n'
  size_t dropped_ = 0;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace corridor::serve::detail
