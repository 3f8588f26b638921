#include "corridor/serve/detail/access_log.h"

#include <chrono>

#include "corridor/serve/detail/http_server.h"

namespace corridor::serve::detail {

namespace {
constexpr size_t kFlushBytes = 32 * 1024;
constexpr auto kFlushInterval = std::chrono::milliseconds(100);
}  // namespace

AccessLog::AccessLog(Reporter& reporter) : reporter_(reporter), thread_([this] { run(); }) {}

AccessLog::~AccessLog() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cond_.notify_one();
  thread_.join();
}

void AccessLog::write(std::string_view line) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (pending_.size() + line.size() + 1 > kMaxPendingBytes) {
      ++dropped_;
      return;
    }
    if (!pending_.empty()) pending_ += '\n';
    pending_.append(line);
    wake = pending_.size() >= kFlushBytes;
  }
  if (wake) cond_.notify_one();
}

void AccessLog::message(std::string_view message) {
  std::unique_lock lock(mutex_);
  flush_locked(lock);
  std::lock_guard sink(sink_mutex_);
  reporter_.log(message);
}

// Takes the pending batch out under `lock`, writes it without holding `lock`.
void AccessLog::flush_locked(std::unique_lock<std::mutex>& lock) {
  if (pending_.empty() && dropped_ == 0) return;
  std::string batch;
  batch.swap(pending_);
  const size_t dropped = dropped_;
  dropped_ = 0;
  lock.unlock();
  {
    std::lock_guard sink(sink_mutex_);
    if (!batch.empty()) reporter_.log(batch);
    if (dropped)
      reporter_.log(std::to_string(dropped) + " access-log lines dropped (log sink too slow)");
  }
  lock.lock();
}

void AccessLog::run() {
  block_server_thread_signals();
  std::unique_lock lock(mutex_);
  while (!stop_) {
    cond_.wait_for(lock, kFlushInterval, [&] { return stop_ || pending_.size() >= kFlushBytes; });
    flush_locked(lock);
  }
  flush_locked(lock);
}

}  // namespace corridor::serve::detail
