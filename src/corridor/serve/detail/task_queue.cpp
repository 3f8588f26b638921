#include "corridor/serve/detail/task_queue.h"

#include <signal.h>

namespace corridor::serve::detail {

namespace {
thread_local bool t_shedding = false;
}

void block_server_thread_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGPIPE);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

BoundedTaskQueue::BoundedTaskQueue(size_t workers, size_t max_pending)
    : workers_(workers == 0 ? 1 : workers), max_pending_(max_pending) {
  threads_.reserve(workers_);
  for (size_t i = 0; i < workers_; ++i) threads_.emplace_back([this] { work(); });
  shed_thread_ = std::thread([this] { shed(); });
}

BoundedTaskQueue::~BoundedTaskQueue() { shutdown(); }

bool BoundedTaskQueue::shedding() { return t_shedding; }

void BoundedTaskQueue::enqueue(std::function<void()> fn) {
  {
    std::lock_guard lock(mutex_);
    if (jobs_.size() + busy_ < workers_ + max_pending_) {
      jobs_.push_back(std::move(fn));
      cond_.notify_one();
      return;
    }
    shed_jobs_.push_back(std::move(fn));
  }
  shed_cond_.notify_one();
}

void BoundedTaskQueue::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (shutdown_ && threads_.empty()) return;
    shutdown_ = true;
  }
  cond_.notify_all();
  shed_cond_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  if (shed_thread_.joinable()) shed_thread_.join();
  std::lock_guard lock(mutex_);
  threads_.clear();
}

void BoundedTaskQueue::work() {
  block_server_thread_signals();
  for (;;) {
    std::function<void()> fn;
    {
      std::unique_lock lock(mutex_);
      cond_.wait(lock, [&] { return !jobs_.empty() || shutdown_; });
      if (jobs_.empty()) return;  // shutdown and drained
      fn = std::move(jobs_.front());
      jobs_.pop_front();
      ++busy_;
    }
    fn();
    std::lock_guard lock(mutex_);
    --busy_;
  }
}

void BoundedTaskQueue::shed() {
  block_server_thread_signals();
  t_shedding = true;
  for (;;) {
    std::function<void()> fn;
    {
      std::unique_lock lock(mutex_);
      shed_cond_.wait(lock, [&] { return !shed_jobs_.empty() || shutdown_; });
      if (shed_jobs_.empty()) return;
      fn = std::move(shed_jobs_.front());
      shed_jobs_.pop_front();
    }
    fn();
  }
}

}  // namespace corridor::serve::detail
