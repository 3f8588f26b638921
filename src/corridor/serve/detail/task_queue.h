// The connection task queue handed to cpp-httplib (Server::new_task_queue): a fixed pool of
// workers with a bounded backlog. When every worker is busy and `max_pending` connections already
// wait, a new connection goes to a separate shedding thread instead, whose requests the handlers
// answer 503 at once (BoundedTaskQueue::shedding() is true there). Tasks are never dropped:
// httplib closes the socket inside the task, so each one must run.
#pragma once
#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace corridor::serve::detail {

class BoundedTaskQueue final : public httplib::TaskQueue {
 public:
  BoundedTaskQueue(size_t workers, size_t max_pending);
  ~BoundedTaskQueue() override;

  void enqueue(std::function<void()> fn) override;
  // Runs every queued task, then joins all threads. Idempotent.
  void shutdown() override;

  // True on the shedding thread: the request being handled should get 503.
  static bool shedding();

 private:
  void work();
  void shed();

  const size_t workers_;
  const size_t max_pending_;
  std::mutex mutex_;
  std::condition_variable cond_;       // work for the pool, or shutdown
  std::condition_variable shed_cond_;  // work for the shedding thread, or shutdown
  std::deque<std::function<void()>> jobs_;
  std::deque<std::function<void()>> shed_jobs_;
  size_t busy_ = 0;  // workers running a job; the rest are free (or still starting)
  bool shutdown_ = false;
  std::vector<std::thread> threads_;
  std::thread shed_thread_;
};

// Blocks SIGPIPE (and SIGINT/SIGTERM, which run_server collects with sigwait) in the calling
// thread: cpp-httplib 0.11 writes to sockets without MSG_NOSIGNAL, so a client that hangs up
// mid-response would otherwise kill the process.
void block_server_thread_signals();

}  // namespace corridor::serve::detail
